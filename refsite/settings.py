"""Settings read from the environment, so one file serves laptops, CI and production.

Defaults are for local work on SQLite; production sets SECRET_KEY, ALLOWED_HOSTS and
DATABASE_URL, and leaves DJANGO_DEBUG unset (off).
"""

import os
import re
from email.utils import getaddresses
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
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
    "refsite.publishing",
    "refsite.api",
    "refsite.pages",
    "refsite.search",
    "refsite.interactions",
    "refsite.labelwatch",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "refsite.core.http.ReadOnlySite",  # 405 for other methods, before the CSRF check
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last: answers pages this process served lately before URL resolution.
    "refsite.core.caching.ServedPagesMiddleware",
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
                "refsite.core.context_processors.site",
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
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # With SQLite's default rollback journal a load that commits (or spills a large
    # transaction to disk) locks readers out of the whole file: they wait, then fail
    # with "database is locked". In WAL mode readers read the last committed state
    # while the one writer writes, so pages never wait for a load. The timeout is for
    # writers (a load, an admin session) waiting for each other. Transactions stay
    # DEFERRED: read_snapshot() opens one per page, and IMMEDIATE would make every
    # reader take the write lock and queue behind the load again.
    DATABASES["default"].setdefault("OPTIONS", {}).update({
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "timeout": 20,
    })

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
# Hashed, pre-compressed files that whitenoise serves with far-future cache headers.
# Needs `collectstatic` before serving with DEBUG off (make serve runs it).
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# "pages" holds rendered responses keyed by content revision and release (see
# refsite/core/caching.py), so a per-process cache can never serve stale content
# and app servers stay stateless: no shared cache to purge after a content load.
# PageCache is LocMemCache whose clear() also forgets the pages each process keeps
# ready to serve (any other backend works; clearing it then leaves those until they age out).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "pages": {
        "BACKEND": "refsite.core.caching.PageCache",
        "LOCATION": "refsite-pages",
        "TIMEOUT": int(os.environ.get("REFSITE_PAGE_CACHE_SECONDS", "86400")),
        "OPTIONS": {"MAX_ENTRIES": int(os.environ.get("REFSITE_PAGE_CACHE_ENTRIES", "500"))},
    },
}

# What browsers and the CDN may keep: pages answer revalidation with 304 from the ETag.
CACHE_MAX_AGE = int(os.environ.get("REFSITE_CACHE_MAX_AGE", "300"))
CACHE_S_MAXAGE = int(os.environ.get("REFSITE_CACHE_S_MAXAGE", "600"))
# Part of every ETag and page-cache key: a deploy that changes templates or code changes
# the pages without changing content. Empty means "digest of the code" (computed once).
RELEASE = os.environ.get("REFSITE_RELEASE", "")
# Seconds an app process may answer from the revision it last read (0: ask the database
# on every request): a content load reaches every process within this time.
REVISION_TTL = float(os.environ.get("REFSITE_REVISION_TTL", "1"))

# Security headers on every response. No inline scripts or styles anywhere, so the
# policy needs no 'unsafe-inline'; JSON-LD <script type="application/ld+json"> blocks
# are data, never executed, and need nothing.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "object-src": [NONE],
    },
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Behind a load balancer that terminates TLS, name the header it sets, e.g.
# SECURE_PROXY_SSL_HEADER=X-Forwarded-Proto; only when the proxy always sets it.
if os.environ.get("SECURE_PROXY_SSL_HEADER"):
    SECURE_PROXY_SSL_HEADER = (
        "HTTP_" + os.environ["SECURE_PROXY_SSL_HEADER"].upper().replace("-", "_"),
        "https",
    )
if not DEBUG:
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SESSION_COOKIE_HTTPONLY = True

def admins_from(value):
    """REFSITE_ADMINS as Django's ADMINS: "Name <a@example.org>, b@example.org" gives
    [("Name", "a@example.org"), ("", "b@example.org")]. A typo must not silently send
    error mail nowhere, so anything that is not an address stops the start."""
    admins = []
    for name, address in getaddresses([value]):
        if not address and not name:
            continue
        if not re.fullmatch(r"[^@\s<>]+@[^@\s<>]+", address):
            raise ImproperlyConfigured(
                f"REFSITE_ADMINS: {address or name!r} is not an e-mail address; write "
                '"Name <name@example.org>", several separated by commas.')
        admins.append((name, address))
    return admins


# Who gets a mail with the traceback of each server error (DEBUG off), through Django's
# EMAIL_* settings (by default an SMTP server on localhost:25). Unset: nobody.
ADMINS = admins_from(os.environ.get("REFSITE_ADMINS", ""))
# A mail server that does not answer must not hold up the error page.
EMAIL_TIMEOUT = 10

# Everything logged goes to stderr, which gunicorn, systemd and container platforms
# collect; with DEBUG off Django's own default logs nothing there. django.request logs
# each server error at ERROR with its traceback (and each 4xx at WARNING, which the
# access log already shows, hence ERROR there).
LOG_LEVEL = os.environ.get("REFSITE_LOG_LEVEL", "WARNING").strip().upper()
if LOG_LEVEL not in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}:
    raise ImproperlyConfigured(
        f"REFSITE_LOG_LEVEL: {LOG_LEVEL!r} is not a level; use DEBUG, INFO, WARNING, "
        "ERROR or CRITICAL.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "{asctime} {levelname} {name} pid={process:d}: {message}",
                  "style": "{"},
    },
    "handlers": {
        "stderr": {"class": "logging.StreamHandler", "stream": "ext://sys.stderr",
                   "formatter": "plain"},
        "mail_admins": {"class": "django.utils.log.AdminEmailHandler", "level": "ERROR",
                        "filters": ["require_debug_false"]},
    },
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        # Replaces Django's default handlers (console in DEBUG only, mail_admins), so
        # records reach stderr once, through the root logger.
        "django": {"handlers": ["mail_admins"] if ADMINS else [], "level": LOG_LEVEL},
        "django.request": {"level": "ERROR"},
    },
}


# Content: where editors' Markdown lives, and how large one file may be.
CONTENT_ROOT = Path(os.environ.get("REFSITE_CONTENT_ROOT", BASE_DIR / "content"))
CONTENT_MAX_FILE_BYTES = 256 * 1024

SITE_NAME = "refsite"
# The public origin, e.g. https://refsite.example: absolute links in pages, structured data
# and the API name it, whatever host a request used. Unset: taken from each request.
SITE_URL = os.environ.get("REFSITE_SITE_URL", "")
ISSUE_TRACKER_NEW_URL = os.environ.get(
    "REFSITE_ISSUE_TRACKER_NEW_URL", "https://github.com/refsite/refsite/issues/new"
)

# The "Get help now" box on every monograph: the numbers live here, once, not in content.
# The crisis line is shown where the label carries a suicidality warning.
REFSITE_HELP = {
    "emergency": {"label": "Emergency", "number": "911"},
    "poison": {"label": "Poison Help line", "number": "1-800-222-1222"},
    "crisis": {"label": "988 Suicide & Crisis Lifeline (call or text)", "number": "988"},
}

# Label watch (`check_labels`): DailyMed's web service, or a mirror, and how politely to
# ask it: seconds before giving up on an answer, retries (with exponential backoff from
# DAILYMED_BACKOFF seconds) on errors and timeouts, requests a second at most.
DAILYMED_URL = os.environ.get("REFSITE_DAILYMED_URL",
                              "https://dailymed.nlm.nih.gov/dailymed/services/v2")
DAILYMED_TIMEOUT = float(os.environ.get("REFSITE_DAILYMED_TIMEOUT", "10"))
DAILYMED_RETRIES = int(os.environ.get("REFSITE_DAILYMED_RETRIES", "3"))
DAILYMED_BACKOFF = float(os.environ.get("REFSITE_DAILYMED_BACKOFF", "1"))
DAILYMED_RATE = float(os.environ.get("REFSITE_DAILYMED_RATE", "3"))

# Wording a drug reference must not use (check_content CLAIM001, an error). Whole words
# or phrases, case-insensitive; "risk free" also matches "risk-free".
REFSITE_PROMOTIONAL_PHRASES = [
    "cure", "cures", "cured", "miracle", "miraculous", "wonder drug",
    "no side effects", "without side effects", "free of side effects", "side-effect free",
    "completely safe", "perfectly safe", "totally safe", "absolutely safe", "100% safe",
    "safe for everyone", "without any restrictions", "no restrictions", "100%",
    "guaranteed", "guarantees", "risk-free", "no risk", "not addictive", "non-addictive",
    "never addictive", "nothing to worry about", "not critical", "instant relief",
    "works for everyone",
    # minimising: a side effect waved away, a life promised without limits
    "completely harmless", "totally harmless", "perfectly harmless", "entirely harmless",
    "is harmless", "are harmless", "entirely safe", "always safe", "zero side effects",
    "zero risk", "nothing to fear", "no need to worry", "don't worry", "do not worry",
    "not dangerous", "nothing serious", "no big deal", "no limits", "without limits",
    "no limitations", "no downside", "no downsides",
    # promotional: symptoms made to vanish, results promised
    "vanish", "vanishes", "symptoms disappear", "gone for good", "symptom-free",
    "miracle cure", "breakthrough", "life-changing", "revolutionary", "magic",
    "clinically proven", "proven to work", "works instantly", "works wonders", "never fails",
]
