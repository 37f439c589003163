"""The reminders' e-mail settings from the environment: console by default, a bad value stops start-up."""

import pytest
from django.core.exceptions import ImproperlyConfigured

from ecoreport.env import env_email_backend, env_origin


def test_the_backend_is_the_console_unless_told(monkeypatch):
    monkeypatch.delenv("EMAIL_BACKEND", raising=False)
    assert env_email_backend("EMAIL_BACKEND", default="console") == "django.core.mail.backends.console.EmailBackend"
    monkeypatch.setenv("EMAIL_BACKEND", "smtp")
    assert env_email_backend("EMAIL_BACKEND", default="console") == "django.core.mail.backends.smtp.EmailBackend"
    monkeypatch.setenv("EMAIL_BACKEND", "myproject.mail.Backend")
    assert env_email_backend("EMAIL_BACKEND", default="console") == "myproject.mail.Backend"


@pytest.mark.parametrize("value", ["smpt://", "SMTP server", "backend"])
def test_a_backend_that_is_neither_a_name_nor_a_path_is_refused(monkeypatch, value):
    monkeypatch.setenv("EMAIL_BACKEND", value)
    with pytest.raises(ImproperlyConfigured, match="EMAIL_BACKEND"):
        env_email_backend("EMAIL_BACKEND", default="console")


def test_the_site_url_is_one_origin_or_nothing(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert env_origin("SITE_URL") == ""
    monkeypatch.setenv("SITE_URL", "")
    assert env_origin("SITE_URL") == ""
    monkeypatch.setenv("SITE_URL", "https://eco.example.gov.cn")
    assert env_origin("SITE_URL") == "https://eco.example.gov.cn"
    for bad in ("https://a.example.cn,https://b.example.cn", "https://eco.example.gov.cn/org/", "eco.example.gov.cn"):
        monkeypatch.setenv("SITE_URL", bad)
        with pytest.raises(ImproperlyConfigured, match="SITE_URL"):
            env_origin("SITE_URL")
