"""Deployment settings from the environment: strict parsing, secure production defaults, and
`manage.py check --deploy` silent under the documented production environment."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from ecoreport.env import (
    cache_from_url,
    env_nonnegative_int,
    env_origins,
    env_proxy_ssl_header,
    environment_without_settings,
)

ROOT = Path(__file__).resolve().parents[2]
ENV_EXAMPLE = ROOT / "deploy" / "ecoreport.env.example"
DUMP = """
import json, django
django.setup()
from django.conf import settings as s
db = s.DATABASES["default"]
print(json.dumps({
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_PROXY_SSL_HEADER": s.SECURE_PROXY_SSL_HEADER,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "CSRF_COOKIE_SECURE": s.CSRF_COOKIE_SECURE,
    "CSRF_TRUSTED_ORIGINS": s.CSRF_TRUSTED_ORIGINS,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": s.SECURE_HSTS_INCLUDE_SUBDOMAINS,
    "SECURE_HSTS_PRELOAD": s.SECURE_HSTS_PRELOAD,
    "CONN_MAX_AGE": db["CONN_MAX_AGE"],
    "CONN_HEALTH_CHECKS": db["CONN_HEALTH_CHECKS"],
    "CACHE": s.CACHES["default"],
    "STATICFILES": s.STORAGES["staticfiles"]["BACKEND"],
}))
"""


def _clean_env(**values: str) -> dict[str, str]:
    env = environment_without_settings()
    env.update(DJANGO_SETTINGS_MODULE="ecoreport.settings", **values)
    return env


def _production_env() -> dict[str, str]:
    """deploy/ecoreport.env.example, with the secret key an administrator is told to generate."""
    values = {}
    for line in ENV_EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, value = line.partition("=")
            values[name.strip()] = value.strip()
    assert values.get("ECOREPORT_PRODUCTION") == "true"
    assert values.get("SECRET_KEY") == "", "the example must not ship a usable secret key"
    values["SECRET_KEY"] = secrets.token_urlsafe(50)
    return _clean_env(**values)


def _settings(env: dict[str, str]) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", DUMP], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_check_deploy_reports_nothing_under_the_documented_production_environment():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=_production_env(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert output.strip() == "System check identified no issues (0 silenced).", output


def test_check_deploy_does_warn_without_production(tmp_path):
    """The deploy checks are live: the development defaults do not pass them."""
    env = _clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


def test_production_defaults_are_the_secure_ones():
    env = _clean_env(
        ECOREPORT_PRODUCTION="true", SECRET_KEY=secrets.token_urlsafe(50), REDIS_URL="redis://cache:6379/2"
    )
    values = _settings(env)
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True and values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True and values["SECURE_HSTS_PRELOAD"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] is None  # only behind a proxy that sets it: never by default
    assert (values["CONN_MAX_AGE"], values["CONN_HEALTH_CHECKS"]) == (60, True)
    assert values["CACHE"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert values["CACHE"]["LOCATION"] == "redis://cache:6379/2"
    assert values["STATICFILES"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"


def test_production_defaults_give_way_to_explicit_values():
    env = _clean_env(
        ECOREPORT_PRODUCTION="true",
        SECRET_KEY=secrets.token_urlsafe(50),
        SECURE_SSL_REDIRECT="false",
        SECURE_HSTS_SECONDS="3600",
        SECURE_HSTS_PRELOAD="no",
        SECURE_PROXY_SSL_HEADER="HTTP_X_FORWARDED_PROTO,https",
        CSRF_TRUSTED_ORIGINS="https://eco.example.gov.cn,https://eco.example.gov.cn:8443",
        CONN_MAX_AGE="0",
    )
    values = _settings(env)
    assert values["SECURE_SSL_REDIRECT"] is False
    assert (values["SECURE_HSTS_SECONDS"], values["SECURE_HSTS_PRELOAD"]) == (3600, False)
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://eco.example.gov.cn", "https://eco.example.gov.cn:8443"]
    assert values["CONN_MAX_AGE"] == 0


def test_development_defaults_stay_plain_http_local_memory_and_unhashed_static_files(tmp_path):
    values = _settings(_clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}"))
    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SESSION_COOKIE_SECURE"] is False and values["CSRF_COOKIE_SECURE"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["CACHE"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["STATICFILES"] == "django.contrib.staticfiles.storage.StaticFilesStorage"
    assert (values["CONN_MAX_AGE"], values["CONN_HEALTH_CHECKS"]) == (0, True)


def test_a_bad_hsts_value_stops_the_settings_naming_the_variable():
    env = _clean_env(SECURE_HSTS_SECONDS="one year")
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: SECURE_HSTS_SECONDS='one year' is not an integer" in result.stderr


def test_whitenoise_comes_right_after_the_security_middleware():
    position = settings.MIDDLEWARE.index("django.middleware.security.SecurityMiddleware")
    assert settings.MIDDLEWARE[position + 1] == "whitenoise.middleware.WhiteNoiseMiddleware"


def test_the_test_settings_need_no_collectstatic():
    assert settings.STORAGES["staticfiles"]["BACKEND"] == "django.contrib.staticfiles.storage.StaticFilesStorage"


# The parsers on their own.


def test_a_proxy_ssl_header_is_read_as_header_and_value(monkeypatch):
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", " HTTP_X_FORWARDED_PROTO , https ")
    assert env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER") == ("HTTP_X_FORWARDED_PROTO", "https")


@pytest.mark.parametrize("raw", [None, "", "  "])
def test_an_unset_proxy_ssl_header_is_none(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("SECURE_PROXY_SSL_HEADER", raising=False)
    else:
        monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", raw)
    assert env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER") is None


@pytest.mark.parametrize(
    "raw", ["X-Forwarded-Proto,https", "HTTP_X_FORWARDED_PROTO", "HTTP_X_FORWARDED_PROTO,", "HTTP_A,https,http"]
)
def test_a_malformed_proxy_ssl_header_names_the_variable(monkeypatch, raw):
    monkeypatch.setenv("SECURE_PROXY_SSL_HEADER", raw)
    with pytest.raises(ImproperlyConfigured, match=r"^SECURE_PROXY_SSL_HEADER=.*HTTP_X_FORWARDED_PROTO,https"):
        env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")


@pytest.mark.parametrize(
    "raw", ["eco.example.gov.cn", "https://eco.example.gov.cn/", "ftp://eco.example.gov.cn", "https://h:99999"]
)
def test_a_trusted_origin_must_be_scheme_host_and_port_only(monkeypatch, raw):
    monkeypatch.setenv("CSRF_TRUSTED_ORIGINS", f"https://ok.example,{raw}")
    with pytest.raises(ImproperlyConfigured, match=r"^CSRF_TRUSTED_ORIGINS: "):
        env_origins("CSRF_TRUSTED_ORIGINS", default=[])


def test_trusted_origins_default_when_unset(monkeypatch):
    monkeypatch.delenv("CSRF_TRUSTED_ORIGINS", raising=False)
    assert env_origins("CSRF_TRUSTED_ORIGINS", default=[]) == []


def test_a_negative_count_of_seconds_is_refused(monkeypatch):
    monkeypatch.setenv("CONN_MAX_AGE", "-1")
    with pytest.raises(ImproperlyConfigured, match=r"^CONN_MAX_AGE='-1' is negative"):
        env_nonnegative_int("CONN_MAX_AGE", default=0)


@pytest.mark.parametrize("raw", [None, ""])
def test_without_redis_url_the_cache_is_local_memory(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("REDIS_URL", raising=False)
    else:
        monkeypatch.setenv("REDIS_URL", raw)
    assert cache_from_url("REDIS_URL")["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.parametrize(
    "raw",
    ["redis://127.0.0.1:6379/0", "redis://:s%40cret@cache.internal:6380", "rediss://cache/3", "unix:///run/r.sock"],
)
def test_a_redis_url_gives_djangos_redis_cache(monkeypatch, raw):
    monkeypatch.setenv("REDIS_URL", raw)
    config = cache_from_url("REDIS_URL")
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert config["LOCATION"] == raw
    assert config["OPTIONS"]["socket_timeout"] > 0


@pytest.mark.parametrize(
    ("raw", "complaint"),
    [
        ("memcached://127.0.0.1:11211", "unsupported scheme 'memcached'"),
        ("127.0.0.1:6379", "unsupported scheme"),
        ("redis://127.0.0.1:port/0", "invalid port"),
        ("redis:///0", "names no host"),
        ("redis://127.0.0.1:6379/cache", "database number"),
        ("redis://a:6379/0,redis://b:6379/0", "one URL"),
    ],
)
def test_a_bad_redis_url_names_the_variable(monkeypatch, raw, complaint):
    monkeypatch.setenv("REDIS_URL", raw)
    with pytest.raises(ImproperlyConfigured, match=r"^REDIS_URL=") as caught:
        cache_from_url("REDIS_URL")
    assert complaint in str(caught.value)
