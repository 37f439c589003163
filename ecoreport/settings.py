"""Settings for ecoreport, read from the environment (see README)."""

from __future__ import annotations

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from ecoreport.env import (
    cache_from_url,
    database_from_url,
    env_bool,
    env_email_backend,
    env_int,
    env_list,
    env_networks,
    env_nonnegative_int,
    env_origin,
    env_origins,
    env_proxy_ssl_header,
)

BASE_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("DEBUG", default=False)
# Production refuses DEBUG and a made-up secret key, and makes the secure settings below the defaults.
ECOREPORT_PRODUCTION = env_bool("ECOREPORT_PRODUCTION", default=False)
_DEV_SECRET = "dev-only-insecure-secret-key-change-me"
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG and ECOREPORT_PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY is not set: production needs a real secret key.")
    SECRET_KEY = _DEV_SECRET
if ECOREPORT_PRODUCTION:
    if DEBUG:
        raise ImproperlyConfigured("DEBUG must be false when ECOREPORT_PRODUCTION is set.")
    if SECRET_KEY == _DEV_SECRET or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured("SECRET_KEY must be a real secret of at least 32 characters in production.")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])

INSTALLED_APPS = [
    "ecoreport.apps.AdminOnDemandConfig",  # django.contrib.admin, discovered by the URLconf (see apps.py)
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "import_export",
    # Lowest layer first: each app imports only from those above it here (pyproject.toml, importlinter).
    "ecoreport",  # only the migration history of the models that moved to the apps below
    "ecoreport.accounts",
    "ecoreport.audit",
    "indicators",
    "tasks",
    "ecoreport.figures",
    "ecoreport.importing",
    "ecoreport.reports",
    "ecoreport.dashboard",
    "ecoreport.demo",
    "ecoreport.bench",
    "ecoreport.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",  # right after security, as WhiteNoise asks
    "ecoreport.middleware.refuse_nul_characters",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "ecoreport.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "ecoreport.wsgi.application"

DATABASES = {"default": database_from_url("DATABASE_URL", str(BASE_DIR / "db.sqlite3"))}
# Seconds a connection is kept for the next request (0: close after each); checked before reuse, so
# a restarted database costs a reconnect rather than a failed request.
DATABASES["default"]["CONN_MAX_AGE"] = env_nonnegative_int(
    "CONN_MAX_AGE", default=60 if ECOREPORT_PRODUCTION else DATABASES["default"].get("CONN_MAX_AGE", 0)
)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文")]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"] if (BASE_DIR / "static").is_dir() else []
# WhiteNoise serves static files. Production serves what `collectstatic` (scripts/serve.sh) wrote to
# STATIC_ROOT, compressed and with hashed names; elsewhere the files come straight from the source
# folders, so tests and the development server need no collectstatic.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if ECOREPORT_PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
WHITENOISE_USE_FINDERS = not ECOREPORT_PRODUCTION
WHITENOISE_AUTOREFRESH = not ECOREPORT_PRODUCTION

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

# HTTPS, secure by default in production. TLS ends at nginx (deploy/nginx.conf), which says so in
# X-Forwarded-Proto: SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https, only behind such a proxy.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", default=ECOREPORT_PRODUCTION)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]  # probes ask gunicorn directly, over plain HTTP
SECURE_PROXY_SSL_HEADER = env_proxy_ssl_header("SECURE_PROXY_SSL_HEADER")
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", default=ECOREPORT_PRODUCTION)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", default=ECOREPORT_PRODUCTION)
SECURE_HSTS_SECONDS = env_nonnegative_int("SECURE_HSTS_SECONDS", default=31_536_000 if ECOREPORT_PRODUCTION else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=ECOREPORT_PRODUCTION)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", default=ECOREPORT_PRODUCTION)
CSRF_TRUSTED_ORIGINS = env_origins("CSRF_TRUSTED_ORIGINS", default=[])
# The reverse proxies in front of gunicorn (addresses or networks, e.g. 127.0.0.1 for nginx on the same
# machine). A request from one of them is counted by the login lock under the client address the proxy
# wrote into X-Forwarded-For (ecoreport.accounts.throttle.client_ip); empty, X-Forwarded-For is ignored.
TRUSTED_PROXIES = env_networks("TRUSTED_PROXIES")

# Uploads: a spreadsheet larger than this is refused with a message (see indicators import).
ECOREPORT_MAX_UPLOAD_BYTES = env_int("ECOREPORT_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
DATA_UPLOAD_MAX_MEMORY_SIZE = ECOREPORT_MAX_UPLOAD_BYTES + 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440

# Login-failure counts live here (the login throttle): several gunicorn workers must share them, so
# production sets REDIS_URL; without it each process has its own local-memory cache.
CACHES = {"default": cache_from_url("REDIS_URL")}

# Licensed official fonts (仿宋_GB2312, 方正小标宋简体, 楷体_GB2312, 黑体) for the report PDF, when they
# are not installed system-wide: font files in this folder (ignored by git); see ecoreport.reports.fonts.
ECOREPORT_FONTS_DIR = Path(os.environ.get("ECOREPORT_FONTS_DIR") or BASE_DIR / "fonts")

IMPORT_EXPORT_SKIP_ADMIN_LOG = False

# E-mail (the to-do reminders of `manage.py send_reminders`): printed to the console unless
# EMAIL_BACKEND=smtp; then sent through EMAIL_HOST:EMAIL_PORT, with STARTTLS when EMAIL_USE_TLS.
EMAIL_BACKEND = env_email_backend("EMAIL_BACKEND", default="console")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = 30
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "ecoreport@localhost")
# The site's address for links in e-mails, e.g. https://eco.example.gov.cn; unset, mails give paths.
SITE_URL = env_origin("SITE_URL")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
