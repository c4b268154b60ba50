"""Settings read from the environment, so one file serves laptops, CI and production.

Defaults are for local work on SQLite; production sets SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL, and leaves DJANGO_DEBUG unset (off).
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.core.management.utils import get_random_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    # Serving without a stable key would break sessions across workers, so the WSGI
    # entry point insists on one unless DEBUG is on. Management commands (content
    # checks, loads) sign nothing lasting and get a throwaway key instead.
    if not DEBUG and env_bool("REFSITE_SERVING"):
        raise ImproperlyConfigured(
            "SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(set DJANGO_DEBUG=1 for local development)."
        )
    SECRET_KEY = get_random_secret_key()

ALLOWED_HOSTS = [
    h.strip()
    for h in os.environ.get("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",")
    if h.strip()
]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "refsite.monographs",
    "refsite.api",
    "refsite.pages",
    "refsite.search",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "refsite.urls"

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
                "refsite.monographs.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "refsite.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
    )
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"

# Content: where editors' Markdown lives, and how large one file may be.
CONTENT_ROOT = Path(os.environ.get("REFSITE_CONTENT_ROOT", BASE_DIR / "content"))
CONTENT_MAX_FILE_BYTES = 256 * 1024

SITE_NAME = "refsite"
ISSUE_TRACKER_NEW_URL = os.environ.get(
    "REFSITE_ISSUE_TRACKER_NEW_URL", "https://github.com/refsite/refsite/issues/new"
)

# Wording a drug reference must not use (check_content CLAIM001, a warning). Whole words
# or phrases, case-insensitive; "risk free" also matches "risk-free".
REFSITE_PROMOTIONAL_PHRASES = [
    "cure", "cures", "cured", "miracle", "miraculous", "wonder drug",
    "no side effects", "without side effects", "free of side effects", "side-effect free",
    "completely safe", "perfectly safe", "totally safe", "absolutely safe", "100% safe",
    "safe for everyone", "without any restrictions", "no restrictions", "100%",
    "guaranteed", "guarantees", "risk-free", "no risk", "not addictive", "non-addictive",
    "never addictive", "nothing to worry about", "not critical", "instant relief",
    "works for everyone",
]
