"""Django settings for gongkai.

Configuration comes from the environment, so the same code runs the demo on
SQLite and production on PostgreSQL:

* ``DATABASE_URL`` — default ``sqlite:///<repo>/var/gongkai.sqlite3``;
* ``GONGKAI_SECRET_KEY`` — required when ``GONGKAI_DEBUG`` is off;
* ``GONGKAI_DEBUG`` — ``1`` (default) for development;
* ``GONGKAI_ALLOWED_HOSTS`` — comma-separated;
* ``GONGKAI_EMAIL_BACKEND`` — default: Django's console backend;
* ``GONGKAI_TASK_BACKEND`` — ``database`` (default; run ``manage.py db_worker``)
  or ``immediate``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
import django

BASE_DIR = Path(__file__).resolve().parent.parent  # the gongkai package
PROJECT_DIR = BASE_DIR.parent
VAR_DIR = Path(os.environ.get("GONGKAI_VAR_DIR", PROJECT_DIR / "var"))

DEBUG = os.environ.get("GONGKAI_DEBUG", "1") == "1"
SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY") or (
    "dev-only-insecure-key-gongkai" if DEBUG else None
)
if not SECRET_KEY:
    raise RuntimeError("生产环境必须设置 GONGKAI_SECRET_KEY")
ALLOWED_HOSTS = os.environ.get("GONGKAI_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")

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
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
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
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{VAR_DIR / 'gongkai.sqlite3'}",
        conn_max_age=int(os.environ.get("GONGKAI_CONN_MAX_AGE", "0")),
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
STATIC_ROOT = VAR_DIR / "static"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("GONGKAI_MEDIA_ROOT", VAR_DIR / "media"))
# Released records and their originals: never served as media, only through views that check who asks.
GONGKAI_PRIVATE_ROOT = Path(os.environ.get("GONGKAI_PRIVATE_ROOT", VAR_DIR / "private"))
# Links in e-mails to applicants (the status page) are made from this address.
GONGKAI_SITE_URL = os.environ.get("GONGKAI_SITE_URL", "http://127.0.0.1:8000").rstrip("/")

_EMAIL_BACKEND = os.environ.get(
    "GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
if django.VERSION >= (6, 1):  # Django 6.1 replaced EMAIL_BACKEND by MAILERS
    MAILERS = {"default": {"BACKEND": _EMAIL_BACKEND}}
else:
    EMAIL_BACKEND = _EMAIL_BACKEND
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")

# Supervision: reports uploaded for audit are stored here (never under a
# public URL), read in the background with a per-file time limit, within caps
# on the number and size of files per upload (ZIP entries included).
GONGKAI_AUDIT_DIR = Path(os.environ.get("GONGKAI_AUDIT_DIR", VAR_DIR / "audit"))
GONGKAI_AUDIT_MAX_FILES = int(os.environ.get("GONGKAI_AUDIT_MAX_FILES", "1000"))
GONGKAI_AUDIT_MAX_FILE_MB = int(os.environ.get("GONGKAI_AUDIT_MAX_FILE_MB", "50"))
GONGKAI_AUDIT_MAX_TOTAL_MB = int(os.environ.get("GONGKAI_AUDIT_MAX_TOTAL_MB", "500"))
GONGKAI_AUDIT_TIMEOUT = float(os.environ.get("GONGKAI_AUDIT_TIMEOUT", "60"))

# Background work (reading uploaded reports, sending e-mail) goes through
# Django's tasks framework. ``database`` (default) queues tasks in the
# database for ``manage.py db_worker``; ``immediate`` runs them inside the
# request (only for development without a worker).
GONGKAI_TASK_BACKEND = os.environ.get("GONGKAI_TASK_BACKEND", "database")
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

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("GONGKAI_LOG_LEVEL", "WARNING")},
}
