"""Settings for the test suite: PostgreSQL only, since search and constraints are tested on it."""
from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

if not DATABASE_URL:  # noqa: F405
    raise ImproperlyConfigured("The tests run on a throwaway PostgreSQL: set DATABASE_URL (make test does).")

SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}  # noqa: F405
# Serve static files straight from the finders (the live server for browser tests has no collectstatic).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
# Generous enough that no test is throttled; tests/api/test_api.py lowers it to see the 429.
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "100000/minute"}}  # noqa: F405
# Facet counts are cached for minutes in production; each test counts afresh (tests/claims/test_facets_cache.py
# turns that cache on to test it).
CACHES = {**CACHES, "counts": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}  # noqa: F405
