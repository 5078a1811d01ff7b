"""Settings for the test suite: the real settings, plus fast hashing and storage.

DATABASE_URL still chooses the database, so CI runs the same suite on SQLite and
PostgreSQL."""

import os

os.environ.setdefault("SECRET_KEY", "tests-only-not-secret")

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
SECURE_SSL_REDIRECT = False
# No collectstatic before tests: let WhiteNoise look files up as they are asked for.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# Parallel runs against one PostgreSQL server (several work trees, CI) each need
# their own test database: TEST_DB_NAME names it.
if os.environ.get("TEST_DB_NAME"):
    DATABASES["default"]["TEST"] = {"NAME": os.environ["TEST_DB_NAME"]}  # noqa: F405
# Tests never touch a Redis named in the environment (they clear the cache);
# tests/test_cache.py and the operations tests bring their own.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
