"""Django settings for gongkai — the one place that reads the environment.

Every ``GONGKAI_*`` setting is declared here, read from the environment here
and nowhere else (code reads ``settings.GONGKAI_…``); README "配置" lists
them with their defaults. The same code runs the development server on
SQLite and production on PostgreSQL:

* ``GONGKAI_ENV`` — ``production`` (default: ``manage.py``, WSGI, gunicorn) or
  ``development`` (``make run`` / ``make test`` ask for it; ``DJANGO_DEBUG=1``
  or ``GONGKAI_DEBUG=1`` mean the same). Production needs
  ``GONGKAI_SECRET_KEY`` and turns on secure cookies, HSTS and the HTTPS
  redirect (each switchable, for a site served on plain HTTP in an intranet);
* ``DATABASE_URL`` — default ``sqlite:///<repo>/var/gongkai.sqlite3``;
* ``GONGKAI_CACHE_URL`` — ``db`` (default: Django's DatabaseCache, shared by
  every process) or ``redis://…``; ``locmem`` only for a single process.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django

BASE_DIR = Path(__file__).resolve().parent.parent  # the gongkai package
PROJECT_DIR = BASE_DIR.parent


def _env(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def _env_bool(name: str, default: bool) -> bool:
    value = _env(name).lower()
    if not value:
        return default
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off"):
        return False
    raise RuntimeError(f"环境变量 {name} 应为 1 或 0，而不是 {value!r}")


def _env_int(name: str, default: int, lo: int = 0, hi: int = 10**9) -> int:
    value = _env(name)
    if not value:
        return default
    try:
        n = int(value)
    except ValueError:
        raise RuntimeError(f"环境变量 {name} 应为整数，而不是 {value!r}") from None
    if not lo <= n <= hi:
        raise RuntimeError(f"环境变量 {name} 应在 {lo} 到 {hi} 之间，而不是 {n}")
    return n


def _env_list(name: str, default: str = "") -> list[str]:
    return [x.strip() for x in _env(name, default).split(",") if x.strip()]


VAR_DIR = Path(_env("GONGKAI_VAR_DIR") or PROJECT_DIR / "var")

# ------------------------------------------------------------ mode
GONGKAI_ENV = _env("GONGKAI_ENV", "production").lower()
if GONGKAI_ENV not in ("production", "development"):
    raise RuntimeError(f"GONGKAI_ENV 只能是 production 或 development，而不是 {GONGKAI_ENV!r}")
if _env_bool("DJANGO_DEBUG", False) or _env_bool("GONGKAI_DEBUG", False):
    GONGKAI_ENV = "development"
PRODUCTION = GONGKAI_ENV == "production"
DEBUG = not PRODUCTION

# Production needs GONGKAI_SECRET_KEY: the WSGI application refuses to start
# without it (gongkai/site/wsgi.py) and Django refuses any use of the empty
# key; commands that need no key (migrate, compilemessages, …) still run.
SECRET_KEY = _env("GONGKAI_SECRET_KEY") or ("" if PRODUCTION else "dev-only-insecure-key-gongkai")
MISSING_SECRET_KEY = (
    "生产环境必须设置 GONGKAI_SECRET_KEY（例如 python3 -c 'import secrets; print(secrets.token_urlsafe(50))'）；"
    "开发时请设 GONGKAI_ENV=development 或用 make run"
)
ALLOWED_HOSTS = _env_list("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost" + ("" if PRODUCTION else ",testserver"))
CSRF_TRUSTED_ORIGINS = _env_list("GONGKAI_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "gongkai.agencies",
    "gongkai.applications",
    "gongkai.disclosure",
    "gongkai.appeals",
    "gongkai.reports",
    "gongkai.supervision",
    "gongkai.portal",
    "gongkai.api",
    "gongkai.site",  # check_worker and other site-wide commands
    "django_tasks_db",
    "ninja",  # /api/docs from the app's own static files, no CDN
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "gongkai.site.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "gongkai.site.middleware.ChineseByDefaultMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "gongkai.site.middleware.BadInputMiddleware",
]

ROOT_URLCONF = "gongkai.site.urls"
WSGI_APPLICATION = "gongkai.site.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "gongkai.site.middleware.csp_nonce",
                "gongkai.agencies.context_processors.staff_admin",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        _env("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}",
        conn_max_age=_env_int("GONGKAI_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # WAL and a busy timeout let the portal take concurrent submissions.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;",
         "transaction_mode": "IMMEDIATE"}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "/staff/"
LOGOUT_REDIRECT_URL = "/"

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(_env("GONGKAI_STATIC_ROOT") or VAR_DIR / "static")
# Uploads (applicants' attachments) are private: there is no MEDIA_URL route
# in any mode; they are served only by the permission-checked views.
MEDIA_ROOT = Path(_env("GONGKAI_MEDIA_ROOT") or VAR_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": ("whitenoise.storage.CompressedManifestStaticFilesStorage" if PRODUCTION
                                else "django.contrib.staticfiles.storage.StaticFilesStorage")},
}
if PRODUCTION:  # static files from STATIC_ROOT (collectstatic), compressed and cached; runserver serves them in development
    MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
# Source maps are for developers' tools only: not worth compressing at deploy time.
WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ("jpg", "jpeg", "png", "gif", "webp", "zip", "gz", "tgz", "bz2", "tbz", "xz", "br",
                                       "woff", "woff2", "map")
# Released records and their originals: never served as media, only through views that check who asks.
GONGKAI_PRIVATE_ROOT = Path(_env("GONGKAI_PRIVATE_ROOT") or VAR_DIR / "private")
# Links in e-mails to applicants (the status page) are made from this address.
GONGKAI_SITE_URL = _env("GONGKAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# ------------------------------------------------------------ cache (rate limits, shared by all processes)
GONGKAI_CACHE_URL = _env("GONGKAI_CACHE_URL", "db" if PRODUCTION else "locmem")
if GONGKAI_CACHE_URL == "db":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "gongkai_cache"}}
elif GONGKAI_CACHE_URL.startswith(("redis://", "rediss://", "unix://")):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": GONGKAI_CACHE_URL}}
elif GONGKAI_CACHE_URL == "locmem":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    raise RuntimeError(f"GONGKAI_CACHE_URL 只能是 db、locmem 或 redis://…，而不是 {GONGKAI_CACHE_URL!r}")

# ------------------------------------------------------------ limits of the platform
GONGKAI_MAX_UPLOAD_MB = _env_int("GONGKAI_MAX_UPLOAD_MB", 10, 1, 200)
GONGKAI_MAX_ATTACHMENTS = 5
# Request bodies are refused before parsing above these (Django's own caps).
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024  # non-file form fields and JSON bodies
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_NUMBER_FIELDS = 400
DATA_UPLOAD_MAX_NUMBER_FILES = GONGKAI_MAX_ATTACHMENTS + 5
GONGKAI_MAX_REQUEST_MB = GONGKAI_MAX_UPLOAD_MB * GONGKAI_MAX_ATTACHMENTS + 2
GONGKAI_LOCKOUT_FAILURES = _env_int("GONGKAI_LOCKOUT_FAILURES", 5, 1, 1000)
GONGKAI_LOCKOUT_MINUTES = _env_int("GONGKAI_LOCKOUT_MINUTES", 15, 1, 60 * 24 * 30)
GONGKAI_SUBMIT_RATE = _env_int("GONGKAI_SUBMIT_RATE", 10)  # per client IP per minute; 0 = off
GONGKAI_LOGIN_RATE = _env_int("GONGKAI_LOGIN_RATE", 20)  # login and password-reset posts per IP per minute
# Reverse proxies in front of the app (nginx = 1). The client address is the
# N-th entry from the right of X-Forwarded-For; 0 = use the socket address.
GONGKAI_TRUST_X_FORWARDED_FOR = _env_bool("GONGKAI_TRUST_X_FORWARDED_FOR", False)  # old name: 1 proxy
GONGKAI_TRUSTED_PROXIES = _env_int("GONGKAI_TRUSTED_PROXIES", 1 if GONGKAI_TRUST_X_FORWARDED_FOR else 0, 0, 10)
if GONGKAI_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The statutory clock (gongkai/clock reads the same variables when run without Django).
GONGKAI_CALENDAR_DIR = Path(_env("GONGKAI_CALENDAR_DIR") or VAR_DIR / "calendar")
GONGKAI_SUPPLEMENT_DAYS = _env_int("GONGKAI_SUPPLEMENT_DAYS", 15, 1, 365)
GONGKAI_FEE_WAIT_EXCLUDED = _env_bool("GONGKAI_FEE_WAIT_EXCLUDED", True)

# ------------------------------------------------------------ e-mail (reminders, password reset)
GONGKAI_EMAIL_HOST = _env("GONGKAI_EMAIL_HOST")
_EMAIL_BACKEND = _env(
    "GONGKAI_EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend" if GONGKAI_EMAIL_HOST else "django.core.mail.backends.console.EmailBackend",
)
_SMTP = {
    "host": GONGKAI_EMAIL_HOST or "localhost",
    "port": _env_int("GONGKAI_EMAIL_PORT", 25, 1, 65535),
    "username": _env("GONGKAI_EMAIL_USER"),
    "password": _env("GONGKAI_EMAIL_PASSWORD"),
    "use_tls": _env_bool("GONGKAI_EMAIL_TLS", False),
    "use_ssl": _env_bool("GONGKAI_EMAIL_SSL", False),
    "timeout": 30,
}
if _SMTP["use_tls"] and _SMTP["use_ssl"]:
    raise RuntimeError("GONGKAI_EMAIL_TLS 和 GONGKAI_EMAIL_SSL 只能开启一个")
if django.VERSION >= (6, 1):  # Django 6.1 replaced EMAIL_BACKEND and EMAIL_* by MAILERS
    MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND,
                           "OPTIONS": _SMTP if _EMAIL_BACKEND.endswith("smtp.EmailBackend") else {}}}
else:
    EMAIL_BACKEND = _EMAIL_BACKEND
    EMAIL_HOST, EMAIL_PORT, EMAIL_TIMEOUT = _SMTP["host"], _SMTP["port"], _SMTP["timeout"]
    EMAIL_HOST_USER, EMAIL_HOST_PASSWORD = _SMTP["username"], _SMTP["password"]
    EMAIL_USE_TLS, EMAIL_USE_SSL = _SMTP["use_tls"], _SMTP["use_ssl"]
DEFAULT_FROM_EMAIL = _env("GONGKAI_FROM_EMAIL", "gongkai@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Supervision: reports uploaded for audit are stored here (never under a
# public URL), read in the background with a per-file time limit, within caps
# on the number and size of files per upload (ZIP entries included).
GONGKAI_AUDIT_DIR = Path(_env("GONGKAI_AUDIT_DIR") or VAR_DIR / "audit")
GONGKAI_AUDIT_MAX_FILES = _env_int("GONGKAI_AUDIT_MAX_FILES", 1000, 1)
GONGKAI_AUDIT_MAX_FILE_MB = _env_int("GONGKAI_AUDIT_MAX_FILE_MB", 50, 1)
GONGKAI_AUDIT_MAX_TOTAL_MB = _env_int("GONGKAI_AUDIT_MAX_TOTAL_MB", 500, 1)
GONGKAI_AUDIT_TIMEOUT = float(_env("GONGKAI_AUDIT_TIMEOUT", "60"))

# Background work (reading uploaded reports, sending e-mail) goes through
# Django's tasks framework. ``database`` (default) queues tasks in the
# database for ``manage.py db_worker``; ``immediate`` runs them inside the
# request (only for development without a worker).
GONGKAI_TASK_BACKEND = _env("GONGKAI_TASK_BACKEND", "database")
_TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "immediate": ("django.tasks.backends.immediate.ImmediateBackend" if django.VERSION >= (6, 0)
                  else "django_tasks.backends.immediate.ImmediateBackend"),
}
if GONGKAI_TASK_BACKEND not in _TASK_BACKENDS:
    raise RuntimeError(f"GONGKAI_TASK_BACKEND 只能是 {'、'.join(_TASK_BACKENDS)}")
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[GONGKAI_TASK_BACKEND]}}
if django.VERSION < (6, 0):
    INSTALLED_APPS.append("django_tasks")

# ------------------------------------------------------------ transport security
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
GONGKAI_SECURE_COOKIES = _env_bool("GONGKAI_SECURE_COOKIES", PRODUCTION)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = GONGKAI_SECURE_COOKIES
GONGKAI_SSL_REDIRECT = _env_bool("GONGKAI_SSL_REDIRECT", PRODUCTION)
SECURE_SSL_REDIRECT = GONGKAI_SSL_REDIRECT
GONGKAI_HSTS_SECONDS = _env_int("GONGKAI_HSTS_SECONDS", 31_536_000 if PRODUCTION else 0)
SECURE_HSTS_SECONDS = GONGKAI_HSTS_SECONDS
SECURE_HSTS_INCLUDE_SUBDOMAINS = _env_bool("GONGKAI_HSTS_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = _env_bool("GONGKAI_HSTS_PRELOAD", False)
# Preloading into browsers is a separate, hard-to-undo decision of the site's
# owner; ``check --deploy`` is not to nag about it.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
# Content-Security-Policy (gongkai.site.middleware): scripts only from this
# site or with the per-response nonce; nothing framed; no plug-ins.
GONGKAI_CSP = _env(
    "GONGKAI_CSP",
    "default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": _env("GONGKAI_LOG_LEVEL", "WARNING")},
}
