"""Settings read from the environment fail loudly, naming the variable, on a bad value."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from ecoreport.env import database_from_url, env_bool, env_int, env_list

ROOT = Path(__file__).resolve().parents[2]  # the project root


def test_a_bad_debug_value_raises_naming_debug(monkeypatch):
    monkeypatch.setenv("DEBUG", "maybe")
    with pytest.raises(ImproperlyConfigured, match=r"^DEBUG='maybe' is not a boolean"):
        env_bool("DEBUG", default=False)


@pytest.mark.parametrize(("raw", "expected"), [("1", True), ("TRUE", True), (" on ", True), ("no", False), ("", False)])
def test_debug_accepts_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("DEBUG", raw)
    assert env_bool("DEBUG", default=not expected) is expected


def test_an_unset_boolean_takes_its_default(monkeypatch):
    monkeypatch.delenv("DEBUG", raising=False)
    assert env_bool("DEBUG", default=True) is True


def test_the_settings_module_refuses_to_load_with_a_bad_debug(tmp_path):
    env = {**os.environ, "DEBUG": "maybe", "DJANGO_SETTINGS_MODULE": "ecoreport.settings"}
    env.pop("DATABASE_URL", None)
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: DEBUG='maybe'" in result.stderr


def test_a_database_url_with_an_unknown_scheme_names_database_url(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "mysql://root@localhost/ecoreport")
    with pytest.raises(ImproperlyConfigured, match=r"^DATABASE_URL='mysql://.*unsupported scheme 'mysql'"):
        database_from_url("DATABASE_URL", "/tmp/default.sqlite3")


def test_a_postgres_url_is_parsed_into_django_settings(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://eco:s%40cret@db.example:6543/ecoreport_prod?sslmode=require")
    config = database_from_url("DATABASE_URL", "/tmp/default.sqlite3")
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["NAME"], config["USER"], config["PASSWORD"]) == ("ecoreport_prod", "eco", "s@cret")
    assert (config["HOST"], config["PORT"]) == ("db.example", "6543")
    assert config["OPTIONS"] == {"sslmode": "require"}


def test_a_postgres_url_without_a_database_name_is_refused(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "postgres://eco@db.example:5432/")
    with pytest.raises(ImproperlyConfigured, match=r"^DATABASE_URL=.*names no database"):
        database_from_url("DATABASE_URL", "/tmp/default.sqlite3")


@pytest.mark.parametrize("raw", [None, ""])
def test_without_database_url_the_default_is_the_sqlite_file(monkeypatch, raw):
    if raw is None:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    else:
        monkeypatch.setenv("DATABASE_URL", raw)
    config = database_from_url("DATABASE_URL", "/srv/ecoreport/db.sqlite3")
    assert config == {"ENGINE": "django.db.backends.sqlite3", "NAME": "/srv/ecoreport/db.sqlite3"}


def test_a_sqlite_url_with_four_slashes_is_an_absolute_path(monkeypatch):
    monkeypatch.setenv("DATABASE_URL", "sqlite:////var/lib/ecoreport/db.sqlite3")
    config = database_from_url("DATABASE_URL", "/tmp/default.sqlite3")
    assert config == {"ENGINE": "django.db.backends.sqlite3", "NAME": "/var/lib/ecoreport/db.sqlite3"}


def test_bad_integers_and_host_lists_name_their_variable(monkeypatch):
    monkeypatch.setenv("ECOREPORT_MAX_UPLOAD_BYTES", "10MB")
    with pytest.raises(ImproperlyConfigured, match=r"^ECOREPORT_MAX_UPLOAD_BYTES='10MB' is not an integer"):
        env_int("ECOREPORT_MAX_UPLOAD_BYTES", default=1)
    monkeypatch.setenv("ALLOWED_HOSTS", "example.org,,")
    with pytest.raises(ImproperlyConfigured, match=r"^ALLOWED_HOSTS=.*empty entry"):
        env_list("ALLOWED_HOSTS", default=[])


def test_every_variable_the_settings_read_is_dropped_for_child_processes():
    # Tests and the bench start servers with environment_without_settings(); a variable the settings
    # read but the set forgets would leak from the caller's shell into those servers.
    import re
    from pathlib import Path

    from ecoreport.env import SETTINGS_VARIABLES

    source = (Path(__file__).resolve().parents[2] / "ecoreport" / "settings.py").read_text()
    read = set(re.findall(r'(?:environ\.get|env_\w+|database_from_url|cache_from_url)\(\s*"([A-Z][A-Z0-9_]+)"', source))
    assert {"DATABASE_URL", "SECRET_KEY", "REDIS_URL", "SECURE_HSTS_SECONDS"} <= read
    assert read - SETTINGS_VARIABLES == set()
