"""Settings shared by every environment. Values that differ come from the environment."""
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

BASE_DIR = Path(__file__).resolve().parent.parent.parent

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
ALLOWED_HOSTS = [h for h in os.environ.get("DJANGO_ALLOWED_HOSTS", "").split(",") if h]

INSTALLED_APPS = [
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    # Third party
    "django_filters",
    "django_countries",
    "rest_framework",
    "drf_spectacular",
    "csp",
    "corsheaders",
    "axes",
    "simple_history",
    # Local: claims depends on sources, never the reverse.
    "tracker",
    "sources",
    "claims",
]

MIDDLEWARE = [
    # First, so that every query of a request (sessions, users) follows its rule; unused without a replica.
    "tracker.db_router.ReadReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # Records the signed-in editor as the author of each change (tracker/history.py).
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "tracker.headers.SecurityHeadersMiddleware",
    "csp.middleware.CSPMiddleware",
    "tracker.outage.DatabaseUnavailableMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

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

# PostgreSQL everywhere: search, ranking and constraints are the product. Without DATABASE_URL,
# the project's own cluster that `make run` keeps in .postgres/ (scripts/with-local-postgres.sh).
LOCAL_DATABASE_URL = f"postgres://postgres@127.0.0.1:{os.environ.get('DB_PORT', '54329')}/counterclaim"
DATABASE_URL = os.environ.get("DATABASE_URL", "")
DATABASES = {
    "default": {
        **dj_database_url.parse(
            DATABASE_URL or LOCAL_DATABASE_URL,
            conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
            conn_health_checks=True,  # a connection kept across requests is checked first: survives a restart
        ),
        "ATOMIC_REQUESTS": True,
        # JIT compilation costs tens of milliseconds on the short queries a page makes and never pays back.
        "OPTIONS": {"options": "-c jit=off"},
    }
}
# A persistent connection is checked before each request reuses it (conn_health_checks above), so a database
# restart costs no request: without it, the first request of every worker after a restart fails.
# A read replica (PostgreSQL streaming replication, docs/scaling.md): with DATABASE_REPLICA_URL set, requests
# read from it and write to the primary; a client that has just written reads from the primary for
# DATABASE_REPLICA_PIN_SECONDS (tracker/db_router.py). Unset, there is one database and nothing changes.
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
DATABASE_REPLICA_PIN_SECONDS = int(os.environ.get("DATABASE_REPLICA_PIN_SECONDS", "10"))
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = {
        **dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"],
                                conn_health_checks=True),
        "OPTIONS": DATABASES["default"]["OPTIONS"],
    }
    DATABASE_ROUTERS = ["tracker.db_router.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Per-process memory caches: "default" for throttling, "counts" for counts that may be a few minutes stale (the
# claim list's facets, claims/facets.py; the home page's totals).
# Several servers behind a load balancer should share one cache instead (docs/scaling.md).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
    "counts": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "counts",
               "OPTIONS": {"MAX_ENTRIES": 2000}},
}

# Logins (the admin's) go through django-axes: after AXES_FAILURE_LIMIT wrong passwords for one username
# from one address, that pair is locked out for AXES_COOLOFF_TIME hours, even with the right password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # no banner at every start; failures are still logged with the username and address
AXES_LOCKOUT_TEMPLATE = "lockout.html"
AXES_CLIENT_IP_CALLABLE = "tracker.headers.client_ip"
# How many reverse proxies in front of the app append to X-Forwarded-For (README, Production); 0: none,
# the client is REMOTE_ADDR. Login lockouts and API throttling both count by this address.
PROXY_COUNT = int(os.environ.get("DJANGO_PROXY_COUNT", "0"))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))  # where collectstatic writes
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Security headers on every response. Scripts only from our own origin: no inline JS.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Nothing is allowed unless named: each kind of resource the pages use is listed, from our own origin only.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [NONE],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "manifest-src": [SELF],
        "object-src": [NONE],
        "frame-src": [NONE],
        "worker-src": [NONE],
        "base-uri": [NONE],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# Other sites may not embed our pages' resources (tracker.headers); the API stays open to them through CORS.
CROSS_ORIGIN_RESOURCE_POLICY = "same-origin"

# Open data: the read-only API and each claim's ClaimReview are open to any origin. No credentials are
# ever involved (the API has no login), so the wildcard is safe.
CORS_URLS_REGEX = r"^/(api/.*|claims/[^/]+/claimreview\.json)$"
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_PREFLIGHT_MAX_AGE = 86400

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "UNAUTHENTICATED_USER": None,
    # The API is public and read-only: no authentication at all, so an Authorization header is never
    # checked (no password oracle, no PBKDF2 per request), and anonymous use is throttled per address.
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("DJANGO_API_RATE", "120/minute")},
    # Behind a reverse proxy, the client's address is taken from X-Forwarded-For (README, Production).
    "NUM_PROXIES": PROXY_COUNT or None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Counterclaim API",
    "DESCRIPTION": "Official claims, the evidence that answers them, and who said what, when.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "claims.api_docs.document_error_responses",  # the 400/404/429 the API really answers
    ],
    # One name per choice set, wherever it is used.
    "ENUM_NAME_OVERRIDES": {
        "ActorKindEnum": "sources.models.ActorKind",
        "SourceKindEnum": "sources.models.SourceKind",
        "EvidenceKindEnum": "claims.models.EvidenceKind",
        "LanguageEnum": "tracker.languages.Language",
        "VerdictEnum": "claims.models.Verdict",
    },
}

# Where the site lives, for absolute URLs written outside a request (export_claimreview).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Who we are when we review a claim: the actor (created by a data migration, found by `slug`) that is the
# reviewer of our own reviews, and the `author` (`@type`, `name`) of every ClaimReview of ours we publish.
REVIEWER = {"@type": "Organization", "name": "Counterclaim", "slug": "counterclaim"}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"one_line": {"format": "%(levelname)s %(name)s: %(message)s"}},
    "filters": {"no_traceback": {"()": "tracker.outage.DropTraceback"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "one_line": {"class": "logging.StreamHandler", "formatter": "one_line", "filters": ["no_traceback"]},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {
        # A request with a bad Host header is a scanner, not a bug: one line each, no traceback.
        "django.security.DisallowedHost": {"handlers": ["one_line"], "level": "ERROR", "propagate": False},
    },
}

# Django 6 behaviour now: a URL typed without a scheme is taken as https.
FORMS_URLFIELD_ASSUME_HTTPS = True
