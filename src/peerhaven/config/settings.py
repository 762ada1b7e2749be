"""Every setting of Peerhaven, read from the environment.

With nothing set, Peerhaven runs on the embedded default: SQLite under
PEERHAVEN_DATA_DIR, an in-memory channel layer and a local-memory cache.
DATABASE_URL and REDIS_URL switch it to PostgreSQL and Redis; nothing else changes.
"""

from __future__ import annotations

from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured

from peerhaven.config.env import env_bool, env_int, env_list, env_secret, env_str

SRC_DIR = Path(__file__).resolve().parent.parent

DEBUG = env_bool("PEERHAVEN_DEBUG", default=False)
SECRET_KEY = env_secret("PEERHAVEN_SECRET_KEY", debug=DEBUG)
ALLOWED_HOSTS = env_list(
    "PEERHAVEN_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env_list("PEERHAVEN_CSRF_TRUSTED_ORIGINS", [])

# Where the embedded default keeps its SQLite file, collected static files and secret.
DATA_DIR = Path(env_str("PEERHAVEN_DATA_DIR", str(Path.cwd() / "data"))).resolve()

if not env_str("DATABASE_URL"):
    # The embedded default keeps its database here; create it so a first run just works.
    DATA_DIR.mkdir(parents=True, exist_ok=True)

DATABASE_URL = env_str("DATABASE_URL")
REDIS_URL = env_str("REDIS_URL")
EMBEDDED = not DATABASE_URL

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "channels",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "peerhaven.core",
    "peerhaven.accounts",
    "peerhaven.resources",
    "peerhaven.guidelines",
    "peerhaven.groups",
    "peerhaven.conversations",
    "peerhaven.nudges",
    "peerhaven.safety",
    "peerhaven.moderation",
    "peerhaven.meetings",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "peerhaven.core.logging.RequestLogMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Inside CSP and the others: a page it cannot load the member for still gets them.
    "peerhaven.accounts.middleware.MemberTimeZoneMiddleware",
    # Sign-in redirects that lead back to the page (not to a POST-only address).
    "peerhaven.accounts.middleware.SignInRedirectMiddleware",
    "peerhaven.accounts.middleware.TwoFactorRequiredMiddleware",
    "peerhaven.core.errors.DomainErrorMiddleware",
    # Turns a blocked django-ratelimit view into RATELIMIT_VIEW's 429 page.
    "django_ratelimit.middleware.RatelimitMiddleware",
    # Axes must come last so it sees the outcome of every sign-in attempt.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "peerhaven.config.urls"
ASGI_APPLICATION = "peerhaven.config.asgi.application"
# Threads per server process that run HTTP requests (config/http.py). Each holds at most
# one database connection, so keep it at or under PEERHAVEN_DB_POOL_SIZE.
PEERHAVEN_HTTP_THREADS = env_int("PEERHAVEN_HTTP_THREADS", default=8, minimum=1)
# permessage-deflate for WebSocket frames. Off: chat frames are a few hundred bytes, and
# compressing each delivery cost about a quarter of the chat's server CPU (decision 0008).
PEERHAVEN_WS_COMPRESSION = env_bool("PEERHAVEN_WS_COMPRESSION", default=False)
WSGI_APPLICATION = None

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "peerhaven.core.context_processors.site",
                "peerhaven.safety.context_processors.safety_nav",
                "peerhaven.moderation.context_processors.notices_nav",
            ],
        },
    },
]
# Django's form templates, the common ones written in Python (core/form_renderer.py).
FORM_RENDERER = "peerhaven.core.form_renderer.FormRenderer"

# --- Data -------------------------------------------------------------------
if DATABASE_URL:
    # No persistent connections: connections belong to a thread, and consumers and tasks
    # run on threads that come and go, so kept ones pile up until PostgreSQL refuses new
    # clients (docs/performance.md).
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=0)}
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Instead, a pool per server process: a new PostgreSQL connection costs ~10 ms.
    # Keep workers x pool size under the server's max_connections; 0 turns it off.
    DB_POOL_SIZE = env_int("PEERHAVEN_DB_POOL_SIZE", default=8, minimum=0)
    if DB_POOL_SIZE and "postgresql" in DATABASES["default"]["ENGINE"]:
        DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
            "min_size": 1,
            "max_size": DB_POOL_SIZE,
            "timeout": 10,
        }
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(DATA_DIR / "peerhaven.sqlite3"),
            # WAL lets the web server and the task worker read while the other writes.
            "OPTIONS": {
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHE_KEY_PREFIX = env_str("PEERHAVEN_CACHE_PREFIX", "peerhaven")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "peerhaven.core.cache.SharedPoolRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
    # Pub/sub never drops an event when a worker is busy (the core layer does once its inbox
    # fills) and costs less per message (docs/performance.md, "Chat"). The pool is explicit:
    # the defaults exhaust it under load.
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.pubsub.RedisPubSubChannelLayer",
            "CONFIG": {
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "max_connections": 64,
                        "socket_connect_timeout": 5,
                        "socket_keepalive": True,
                        "health_check_interval": 30,
                        "retry_on_timeout": True,
                    }
                ],
                "prefix": CACHE_KEY_PREFIX + ":asgi",
            },
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        "QUEUES": ["default"],
    }
}
# The embedded default runs the task worker beside the web server in `peerhaven serve`.
RUN_WORKER_IN_SERVE = env_bool("PEERHAVEN_RUN_WORKER_IN_SERVE", default=EMBEDDED)

# --- Accounts ---------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "peerhaven.accounts.backends.AccountBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # The one longest password (accounts/passwords.py), for paths without a form of ours.
    {"NAME": "peerhaven.accounts.passwords.MaximumLengthValidator"},
]
LOGIN_URL = "sign-in"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 3
# How long the e-mailed link to finish joining works.
SIGN_UP_LINK_MAX_AGE = 60 * 60 * 24

# Sign-in throttling: lock a (account, address) pair after repeated failures.
AXES_FAILURE_LIMIT = env_int("PEERHAVEN_SIGNIN_FAILURE_LIMIT", default=5, minimum=1)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "peerhaven.accounts.auth_views.signin_locked_out"
AXES_VERBOSE = False
AXES_IPWARE_PROXY_COUNT = env_int("PEERHAVEN_PROXY_COUNT", default=0)

OTP_TOTP_ISSUER = env_str("PEERHAVEN_SITE_NAME", "Peerhaven")

# Rate limits (django-ratelimit), per client address.
RATELIMIT_ENABLE = env_bool("PEERHAVEN_RATELIMIT_ENABLE", default=True)
RATELIMIT_VIEW = "peerhaven.core.errors.rate_limited"
RATE_SIGNUP = env_str("PEERHAVEN_RATE_SIGNUP", "10/h")
# Sign-up and password-reset e-mails to one address (each), whoever asks: nobody can flood
# someone's inbox through the forms.
RATE_EMAIL_PER_ADDRESS = env_str("PEERHAVEN_RATE_EMAIL_PER_ADDRESS", "3/h")
RATE_SIGNIN = env_str("PEERHAVEN_RATE_SIGNIN", "30/h")
RATE_PASSWORD_RESET = env_str("PEERHAVEN_RATE_PASSWORD_RESET", "5/h")
RATE_TWO_FACTOR = env_str("PEERHAVEN_RATE_TWO_FACTOR", "10/10m")
# Tries at the current password to change the password or the e-mail address, per
# account, web and API together.
RATE_PASSWORD_CHECK = env_str("PEERHAVEN_RATE_PASSWORD_CHECK", "10/h")

# --- Security -----------------------------------------------------------------
# Behind TLS in production; the embedded demo on 127.0.0.1 sets PEERHAVEN_HTTPS=false.
HTTPS = env_bool("PEERHAVEN_HTTPS", default=not DEBUG)
SECURE_SSL_REDIRECT = HTTPS
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
CSRF_FAILURE_VIEW = "peerhaven.core.errors.csrf_failure"  # a page built on base.html
SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
# Preloading binds the domain and every subdomain to HTTPS in browsers for good, so it is
# each operator's own decision (PEERHAVEN_HSTS_PRELOAD=true, then submit at hstspreload.org).
SECURE_HSTS_PRELOAD = env_bool("PEERHAVEN_HSTS_PRELOAD", default=False)
if env_bool("PEERHAVEN_BEHIND_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 24 * 14
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Sizes: no request body over 1 MiB, no form with hundreds of fields.
DATA_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 200
FILE_UPLOAD_MAX_MEMORY_SIZE = 1024 * 1024

# --- E-mail -----------------------------------------------------------------
EMAIL_HOST = env_str("PEERHAVEN_EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("PEERHAVEN_EMAIL_PORT", default=587)
    EMAIL_HOST_USER = env_str("PEERHAVEN_EMAIL_USER")
    EMAIL_HOST_PASSWORD = env_str("PEERHAVEN_EMAIL_PASSWORD")
    EMAIL_USE_TLS = env_bool("PEERHAVEN_EMAIL_USE_TLS", default=True)
else:
    # Embedded default: messages (password resets) are printed to the console.
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = env_str("PEERHAVEN_DEFAULT_FROM_EMAIL", "Peerhaven <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Internationalization ---------------------------------------------------
LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English")]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static files -----------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [SRC_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}

# --- API ----------------------------------------------------------------------
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "peerhaven.core.api.VerifiedSessionAuthentication",
        # A token, refused while the owner's role requires two-factor and it isn't set up.
        "peerhaven.accounts.api_auth.TwoFactorTokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["peerhaven.core.api.BoundedJSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["peerhaven.core.api.WriteRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"writes": env_str("PEERHAVEN_RATE_API_WRITES", "120/min")},
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "peerhaven.core.errors.api_exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Peerhaven API",
    "DESCRIPTION": "The Peerhaven REST API. Every endpoint needs a signed-in session or a token.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    # Deep links put a link inside each operation's toggle button: nested controls and
    # 19px targets, which fail WCAG 2.2 AA for keyboard, screen reader and touch users.
    "SWAGGER_UI_SETTINGS": {"deepLinking": False},
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "GroupRoleEnum": "peerhaven.groups.models.Membership.Role",
        "RuleSetChangeEnum": "peerhaven.guidelines.models.RuleSetVersion.Change",
        "ConversationKindEnum": "peerhaven.conversations.models.Conversation.Kind",
        "ReactionKindEnum": "peerhaven.conversations.models.Reaction.Kind",
        "AlertKindEnum": "peerhaven.safety.models.Alert.Kind",
        "AlertStatusEnum": "peerhaven.safety.models.Alert.Status",
        "AlertOutcomeEnum": "peerhaven.safety.models.Alert.Outcome",
        "DutyWindowKindEnum": "peerhaven.safety.models.DutyWindow.Kind",
        "CaseStatusEnum": "peerhaven.moderation.models.Case.Status",
        "CaseQueueStatusEnum": "peerhaven.moderation.api.QUEUE_STATUS_CHOICES",
        "CaseTargetEnum": "peerhaven.moderation.models.Case.Target",
        "CaseSeverityEnum": "peerhaven.moderation.models.Case.Severity",
        "ModerationActionKindEnum": "peerhaven.moderation.models.Action.Kind",
        "AppealStatusEnum": "peerhaven.moderation.models.Appeal.Status",
        "NoticeKindEnum": "peerhaven.moderation.models.Notice.Kind",
        "MessageModerationEnum": "peerhaven.conversations.models.Moderation",
    },
}

# --- Conversations ----------------------------------------------------------
PEERHAVEN_MESSAGE_MAX_CHARS = env_int("PEERHAVEN_MESSAGE_MAX_CHARS", default=5000, minimum=100)
# Messages one person may send per window (seconds), over all threads and rooms together.
PEERHAVEN_MESSAGE_RATE = (
    env_int("PEERHAVEN_MESSAGE_RATE_LIMIT", default=30, minimum=1),
    env_int("PEERHAVEN_MESSAGE_RATE_WINDOW", default=60, minimum=1),
)
# Open chat sockets per person (tabs and devices together).
PEERHAVEN_CHAT_MAX_CONNECTIONS = env_int("PEERHAVEN_CHAT_MAX_CONNECTIONS", default=10, minimum=1)
# The chat benchmark's unauthenticated ceiling socket (bench/chat/run.py); never in production.
PEERHAVEN_BENCH_ENDPOINTS = env_bool("PEERHAVEN_BENCH_ENDPOINTS", default=False)

# --- Safety net -------------------------------------------------------------
# Seconds an alert waits for "I'm on it" before it goes to the next responder.
PEERHAVEN_ALERT_ESCALATE_AFTER = env_int("PEERHAVEN_ALERT_ESCALATE_AFTER", default=300, minimum=5)
# The address people use to reach this instance, for links in e-mails.
PEERHAVEN_SITE_URL = env_str("PEERHAVEN_SITE_URL", "http://127.0.0.1:8000")

# /metrics (Prometheus) answers only a request carrying this token as a bearer token; unset,
# there is no /metrics at all (404). Counts only, never anything about a person.
METRICS_TOKEN = env_str("PEERHAVEN_METRICS_TOKEN")
if METRICS_TOKEN and len(METRICS_TOKEN) < 16:
    raise ImproperlyConfigured("PEERHAVEN_METRICS_TOKEN must be at least 16 characters long.")

# --- Meetings -----------------------------------------------------------------
# How far ahead occurrences are worked out (and so searchable, bookable and in feeds).
PEERHAVEN_MEETING_HORIZON_DAYS = env_int("PEERHAVEN_MEETING_HORIZON_DAYS", default=62, minimum=14)
# A listing its facilitator has not confirmed for this long is marked possibly out of date.
PEERHAVEN_MEETING_CONFIRM_DAYS = env_int("PEERHAVEN_MEETING_CONFIRM_DAYS", default=90, minimum=1)
# Minutes before each meeting that the people going are reminded.
PEERHAVEN_MEETING_REMINDER_MINUTES = env_int(
    "PEERHAVEN_MEETING_REMINDER_MINUTES", default=24 * 60, minimum=5
)
# Days who came is kept by name before only the count remains.
PEERHAVEN_ATTENDANCE_RETENTION_DAYS = env_int(
    "PEERHAVEN_ATTENDANCE_RETENTION_DAYS", default=90, minimum=1
)

# --- Logging ------------------------------------------------------------------
LOG_LEVEL = env_str("PEERHAVEN_LOG_LEVEL", "INFO").upper()
LOG_FORMAT = env_str("PEERHAVEN_LOG_FORMAT", "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        },
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT}},
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.server": {"level": "WARNING"},
        "uvicorn.access": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}

SILENCED_SYSTEM_CHECKS: list[str] = []
if not REDIS_URL:
    # One process in the embedded default, so a local-memory rate-limit store is correct.
    SILENCED_SYSTEM_CHECKS += ["django_ratelimit.E003", "django_ratelimit.W001"]
if not SECURE_HSTS_PRELOAD:
    SILENCED_SYSTEM_CHECKS += ["security.W021"]  # an operator's choice, see above
WHITENOISE_USE_FINDERS = DEBUG
