"""Settings for the peace-talks tracker.

One file, driven by environment variables (see `.env.example`). The defaults are
safe for production: DEBUG is off unless asked for, and then SECRET_KEY must be set.
`make run` turns DEBUG on for local development.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import csp.constants as csp
import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    lowered = value.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be a boolean (1/0, true/false), not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be an integer, not {value!r}") from None


def env_rate(name: str, default: str) -> str:
    """A throttle rate such as 120/minute (per second, minute, hour or day)."""
    value = os.environ.get(name) or default
    if not re.fullmatch(r"[1-9][0-9]*/(second|minute|hour|day)", value):
        raise ImproperlyConfigured(f"{name} must look like 120/minute, not {value!r}")
    return value


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

# Without a key, commands that sign nothing (migrate, makemigrations, check) still
# run; the web server refuses to start (tracker/wsgi.py, asgi.py), and Django
# refuses any signing, so production cannot run on a missing or default key.
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY and DEBUG:
    SECRET_KEY = "django-insecure-local-development-only"
MISSING_SECRET_KEY = "Set SECRET_KEY (or DEBUG=1 for local development)."

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    # modeltranslation must come before the admin to patch its forms.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "simple_history",
    "import_export",  # bulk import and export in the admin (rounds/desk/imports.py)
    "axes",
    "csp",
    "corsheaders",  # read-only CORS for readers' clients (rounds/cors.py)
    "django.contrib.sitemaps",
    "rounds",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy and Permissions-Policy headers on every response.
    "csp.middleware.CSPMiddleware",
    "django_permissions_policy.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # CORS for anonymous reads only (rounds/cors.py); outside the throttle,
    # so that a 429 is readable (Retry-After) by other sites' clients too.
    "rounds.cors.ReaderCorsMiddleware",
    # Reader pages and feeds: READER_RATE per client, before any other work.
    "rounds.throttling.ReaderThrottleMiddleware",
    # A NUL in the path, query or form is a 400 before anything reads it.
    "rounds.inputs.RefuseNul",
    # ETag from the response body, and 304 to a matching If-None-Match.
    "django.middleware.http.ConditionalGetMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The API and admin keep Accept-Language (reader pages use /ar/).
    "rounds.middleware.NegotiatedLanguageOutsideReaderPages",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Lets the history record who made each change (for the API too: DRF sets
    # the token's user on the same request before the view saves anything).
    "simple_history.middleware.HistoryRequestMiddleware",
    # Login protection (django-axes); last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

# django-axes first: it refuses a locked-out client before checking a password.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "tracker.urls"

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

WSGI_APPLICATION = "tracker.wsgi.application"

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        # A connection broken by a database restart is noticed and replaced.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # An unreachable server fails the request (503, rounds/outages.py) rather than
    # hanging it: libpq's floor is 2 seconds; a refused connection fails at once.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 2)
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# One process: local memory. Several (gunicorn workers, app servers): REDIS_URL, so
# that throttle counts and cached timelines are shared. A Redis outage only makes
# the site slower (rounds/cache.py); its calls time out in a fraction of a second.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "rounds.cache.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "tracker"),
            "OPTIONS": {"socket_connect_timeout": 0.25, "socket_timeout": 0.5},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Internationalisation: English is the source language, Arabic the translation.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("ar", _("Arabic"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)
TIME_ZONE = os.environ.get("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# The REST API (rounds/api/). Anonymous callers read published records only and
# are throttled; editors write through token or session authentication.
REST_FRAMEWORK = {
    "EXCEPTION_HANDLER": "rounds.api.views.exception_handler",
    # Token first, so that an anonymous write gets 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"
    ],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
        "rounds.api.renderers.CSVRenderer",
    ],
    # Write bodies are JSON only: one typed body per operation in the schema, so a
    # generated client never falls back to forms that cannot nest rows. JSON too
    # deep or with a NUL is a 400 (rounds/inputs.py).
    "DEFAULT_PARSER_CLASSES": ["rounds.inputs.StrictJSONParser"],
    "DEFAULT_CONTENT_NEGOTIATION_CLASS": "rounds.api.renderers.FormatNegotiation",
    "DEFAULT_FILTER_BACKENDS": [
        "rounds.api.filters.StrictFilterBackend",
        "rounds.api.filters.TextSearchFilter",
        "rounds.api.filters.StrictOrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rounds.api.pagination.PagePagination",
    # Per client (TRUSTED_PROXY_COUNT), counted in the shared cache (rounds/throttling.py).
    "DEFAULT_THROTTLE_CLASSES": ["rounds.throttling.AnonThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": env_rate("API_ANON_RATE", "120/minute")},
    "DEFAULT_SCHEMA_CLASS": "rounds.api.schema.TrackerAutoSchema",
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

# How long a POST's Idempotency-Key is remembered (seconds): a retry within this
# time gets the first response instead of creating a second record.
IDEMPOTENCY_KEY_TTL = env_int("IDEMPOTENCY_KEY_TTL", 24 * 60 * 60)

SPECTACULAR_SETTINGS = {
    "TITLE": "Peace talks tracker API",
    "DESCRIPTION": (
        "Read the tracker's sourced record of peace negotiations: processes, rounds, "
        "people, parties, agenda items, UN resolutions, events, documents and sources. "
        "Anonymous callers see published records only. Every list takes `page` and "
        "`page_size` (at most 200), `search`, `ordering`, `lang` (en or ar) and "
        "`format` (json or csv); unknown parameters are refused with 400."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Requests and responses differ (e.g. envoys are ids in, objects out).
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from local static files (drf-spectacular-sidecar), not a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    # No request to validator.swagger.io (a third-party origin) from the docs.
    "SWAGGER_UI_SETTINGS": {"deepLinking": True, "validatorUrl": None},
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

# Production hardening: on unless DEBUG is on; each can be overridden.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", not DEBUG)
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
X_FRAME_OPTIONS = "DENY"  # embeds (/embed/...) are exempt: any site may frame them

# Content-Security-Policy (django-csp): scripts, styles, images, fonts and
# connections from this site only; no inline script anywhere (reader pages, embeds,
# admin and API docs have none: the Swagger UI start-up script is a file of its
# own), no third-party origin, no plugins, forms posting only here. Style
# attributes stay allowed: the admin's third-party templates (history, export) set
# a few, and an attribute cannot run script. Images may be data: URIs (the admin's
# and Swagger UI's icons). A view that needs an inline script or style gives it
# nonce="{{ request.csp_nonce }}". Framing is left to X-Frame-Options (embeds).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF, csp.NONCE],
        "style-src-attr": [csp.UNSAFE_INLINE],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "manifest-src": [csp.SELF],  # the web app manifest (rounds/views/sharing.py)
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
    }
}

# Permissions-Policy (django-permissions-policy): nothing here uses the camera,
# microphone, location, sensors, payments or USB, so no page (nor anything it
# frames) may ask for them.
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
    )
}

# CORS (django-cors-headers, narrowed by rounds.cors.ReaderCorsMiddleware): anonymous
# GET/HEAD/OPTIONS on the read-only addresses below answer "*" to any origin; no
# credentials, never for writes or requests carrying a session or token.
CORS_ALLOW_ALL_ORIGINS = True
CORS_ALLOW_CREDENTIALS = False
CORS_URLS_REGEX = (
    r"^/(?:api/v1/(?!docs/)"
    r"|oembed/$"
    r"|(?:ar/)?processes/[-\w]+/(?:feed/|corrections/feed/|rounds\.ics$))"
)
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_HEADERS = ("accept", "accept-language", "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = ("content-language", "etag", "last-modified", "retry-after")
CORS_PREFLIGHT_MAX_AGE = 86400

# The share images' font (rounds/share_image.py): DejaVu Sans has Arabic glyphs.
SHARE_IMAGE_FONT_DIR = os.environ.get("SHARE_IMAGE_FONT_DIR", "/usr/share/fonts/truetype/dejavu")

# Uploaded import files wait for confirmation in the database, where every app
# server finds them (rounds/desk/import_store.py), not in one server's temp folder.
IMPORT_EXPORT_TMP_STORAGE_CLASS = "rounds.desk.import_store.DatabaseStorage"

# Domain in Atom entry ids and calendar UIDs; they must never change once published.
FEED_ID_DOMAIN = os.environ.get("FEED_ID_DOMAIN", "")

# Who the client is (rounds/auth.py), for the throttles and the login lockout:
# behind TRUSTED_PROXY_COUNT reverse proxies, the address the outermost one saw
# (X-Forwarded-For read from the right). 0: the peer's address. LOGIN_PROXY_COUNT
# is its former name.
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", env_int("LOGIN_PROXY_COUNT", 0))

# Reader pages and feeds, per client. 600 a minute lets a newsroom of a few hundred
# people behind one proxy read through a breaking story (README "Production").
READER_RATE = env_rate("READER_RATE", "600/minute")

# Admin login protection (django-axes): failed logins are counted per account
# (username) and per client (IP address, see rounds.auth.client_ip); after
# LOGIN_FAILURE_LIMIT of either, that account or that client is refused for
# LOGIN_LOCKOUT_MINUTES with a 429 page saying what to do (rounds/lockout.py).
# A successful login clears only that editor's own failures from that client
# (rounds.lockout.clear_own_failures), so a login by someone else never resets a
# count. An administrator unlocks early in the admin ("Access attempts") or with
# `manage.py axes_reset_username NAME` / `axes_reset_ip ADDRESS`.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = False
AXES_LOCKOUT_CALLABLE = "rounds.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "rounds.auth.client_ip"
AXES_VERBOSE = False  # lockouts are still logged as warnings; no banner per command

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}
