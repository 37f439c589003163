"""Strict readers for settings that come from the environment.

A bad value must stop the process at start-up with the variable's name in the message,
never fall back silently to a default that hides a typo.
"""

from __future__ import annotations

import ipaddress
import os
import re
from urllib.parse import parse_qsl, unquote, urlsplit

from django.core.exceptions import ImproperlyConfigured

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None:
        return default
    value = raw.strip().lower()
    if value in _TRUE:
        return True
    if value in _FALSE:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r} is not a boolean: use one of true/false, 1/0, yes/no, on/off.")


def env_list(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None:
        return default
    items = [item.strip() for item in raw.split(",")]
    if not all(items):
        raise ImproperlyConfigured(f"{name}={raw!r} has an empty entry: give a comma-separated list of host names.")
    return items


def env_int(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None:
        return default
    try:
        return int(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={raw!r} is not an integer.") from None


def database_from_url(name: str, default_sqlite_path: str) -> dict:
    """Read a DATABASE_URL (postgres://user:pass@host:port/db or sqlite:///path)."""
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": default_sqlite_path}
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme in {"postgres", "postgresql", "pgsql"}:
        db_name = unquote(parts.path.lstrip("/"))
        if not db_name:
            raise ImproperlyConfigured(f"{name}={raw!r} names no database: use postgres://user@host:5432/dbname.")
        try:
            port = parts.port
        except ValueError:
            raise ImproperlyConfigured(f"{name}={raw!r} has an invalid port.") from None
        config = {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": db_name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(port or ""),
            "CONN_MAX_AGE": 60,
        }
        options = dict(parse_qsl(parts.query))
        if options:
            config["OPTIONS"] = options
        return config
    if scheme == "sqlite":
        path = unquote(parts.path)
        # sqlite:////abs/file.sqlite3 is absolute, sqlite:///file.sqlite3 is relative.
        path = path[1:] if path.startswith("//") else path.lstrip("/")
        if not path or path == "/":
            raise ImproperlyConfigured(f"{name}={raw!r} names no file: use sqlite:////absolute/path.sqlite3.")
        return {"ENGINE": "django.db.backends.sqlite3", "NAME": path}
    raise ImproperlyConfigured(f"{name}={raw!r}: unsupported scheme {scheme!r}; use postgres:// or sqlite:///.")


def env_nonnegative_int(name: str, default: int) -> int:
    value = env_int(name, default)
    if value < 0:
        raise ImproperlyConfigured(f"{name}={os.environ.get(name)!r} is negative: give 0 or more.")
    return value


def env_proxy_ssl_header(name: str) -> tuple[str, str] | None:
    """Read ``HTTP_X_FORWARDED_PROTO,https`` into Django's SECURE_PROXY_SSL_HEADER tuple; unset is None."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return None
    parts = [part.strip() for part in raw.split(",")]
    if len(parts) != 2 or not re.fullmatch(r"HTTP_[A-Z0-9_]+", parts[0]) or not parts[1]:
        raise ImproperlyConfigured(
            f"{name}={raw!r} is not HEADER,VALUE with the header as Django names it: use HTTP_X_FORWARDED_PROTO,https."
        )
    return parts[0], parts[1]


def env_networks(name: str) -> list[str]:
    """A comma-separated list of IP addresses or networks (10.0.0.5, 10.0.0.0/24, ::1), normalised
    (10.0.0.5/32); unset or empty is an empty list."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return []
    networks = []
    for item in env_list(name, default=[]):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ImproperlyConfigured(
                f"{name}: {item!r} is not an IP address or network: use e.g. 127.0.0.1 or 10.0.0.0/24."
            ) from None
    return networks


def env_origins(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated list of origins (scheme://host[:port], no path), e.g. for CSRF_TRUSTED_ORIGINS."""
    origins = env_list(name, default)
    for origin in origins:
        parts = urlsplit(origin)
        try:
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            raise ImproperlyConfigured(f"{name}: {origin!r} has an invalid port.") from None
        if parts.scheme not in {"http", "https"} or not parts.netloc or parts.path or parts.query or parts.fragment:
            raise ImproperlyConfigured(
                f"{name}: {origin!r} is not an origin: use scheme://host[:port], e.g. https://eco.example.gov.cn."
            )
    return origins


def env_origin(name: str) -> str:
    """One origin (scheme://host[:port]) such as the site's address in e-mails; "" when unset or empty."""
    if not os.environ.get(name, "").strip():
        return ""
    origins = env_origins(name, default=[])
    if len(origins) > 1:
        raise ImproperlyConfigured(f"{name}: give one origin, not a list.")
    return origins[0] if origins else ""


def env_email_backend(name: str, default: str) -> str:
    """Django's e-mail backend: ``smtp``, ``console`` (print) or ``locmem`` (tests), or a dotted path."""
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        raw = default
    value = raw.strip()
    if value in {"smtp", "console", "locmem", "dummy"}:
        return f"django.core.mail.backends.{value}.EmailBackend"
    if not re.fullmatch(r"[A-Za-z_][\w.]*\.[A-Za-z_]\w*", value):
        raise ImproperlyConfigured(f"{name}={raw!r}: use smtp, console or a dotted path to an e-mail backend class.")
    return value


def cache_from_url(name: str) -> dict:
    """The default cache: Redis at the URL in ``name`` (redis://, rediss://, unix://), else local memory.

    Local memory is per process: with several gunicorn workers each would keep its own login-failure
    counts, so production sets REDIS_URL.
    """
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ecoreport"}
    raw = raw.strip()
    if "," in raw or ";" in raw:
        raise ImproperlyConfigured(f"{name}={raw!r}: give one URL, not a list of servers.")
    parts = urlsplit(raw)
    scheme = parts.scheme.lower()
    if scheme in {"redis", "rediss"}:
        try:
            parts.port  # noqa: B018 - raises ValueError on a bad port
        except ValueError:
            raise ImproperlyConfigured(f"{name}={raw!r} has an invalid port.") from None
        if not parts.hostname:
            raise ImproperlyConfigured(f"{name}={raw!r} names no host: use redis://127.0.0.1:6379/0.")
        if not re.fullmatch(r"/?|/\d+", parts.path):
            raise ImproperlyConfigured(
                f"{name}={raw!r}: the path must be a database number, as in redis://host:6379/0."
            )
    elif scheme == "unix":
        if not parts.path.startswith("/"):
            raise ImproperlyConfigured(f"{name}={raw!r} names no socket: use unix:///run/redis/redis.sock?db=0.")
    else:
        raise ImproperlyConfigured(
            f"{name}={raw!r}: unsupported scheme {scheme!r}; use redis://, rediss:// or unix://."
        )
    return {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": raw,
        "KEY_PREFIX": "ecoreport",
        # A Redis that does not answer makes a request fail within seconds instead of hanging a worker.
        "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
    }


# Every variable the settings module (or gunicorn, which the deploy files start) reads. A process
# that a test or the bench starts drops them all, so it sees only what it is given.
SETTINGS_VARIABLES = frozenset(
    {
        "DEBUG",
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "ECOREPORT_PRODUCTION",
        "ECOREPORT_MAX_UPLOAD_BYTES",
        "ECOREPORT_FONTS_DIR",
        "DATABASE_URL",
        "REDIS_URL",
        "CONN_MAX_AGE",
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "CSRF_TRUSTED_ORIGINS",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "TRUSTED_PROXIES",
        "EMAIL_BACKEND",
        "EMAIL_HOST",
        "EMAIL_PORT",
        "EMAIL_HOST_USER",
        "EMAIL_HOST_PASSWORD",
        "EMAIL_USE_TLS",
        "DEFAULT_FROM_EMAIL",
        "SITE_URL",
        "LOG_LEVEL",
        "GUNICORN_CMD_ARGS",
        "WEB_CONCURRENCY",
    }
)


def environment_without_settings() -> dict[str, str]:
    """This process's environment minus every variable in ``SETTINGS_VARIABLES``."""
    return {key: value for key, value in os.environ.items() if key not in SETTINGS_VARIABLES}
