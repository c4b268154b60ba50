"""Test settings: production settings with the few differences tests need.

Tests run with DEBUG off, like production, but over plain HTTP and without
`collectstatic`; everything else (headers, caches, storage layout) is the real thing.
"""

from .settings import *  # noqa: F403

SECURE_SSL_REDIRECT = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                "LOCATION": "test-default"},
    "pages": {"BACKEND": "refsite.core.caching.PageCache", "LOCATION": "test-pages"},
}
# No test reaches DailyMed: one that forgets to start its local server is refused at once.
DAILYMED_URL = "http://127.0.0.1:9/dailymed/services/v2"
