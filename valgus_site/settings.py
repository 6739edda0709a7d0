"""Settings for valgus.

Production differs from development only by environment variables (see README, "Deploying").
"""

from __future__ import annotations

import ipaddress
import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}.") from exc


DEBUG = env_bool("DJANGO_DEBUG", True)

_DEV_SECRET = "dev-only-insecure-secret-key-change-me-in-production-0123456789"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG=0.")
    SECRET_KEY = _DEV_SECRET

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]" if DEBUG else "")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",
    "ninja",
    "axes",
    "auditlog",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "two_factor",
    "django_tasks",
    "django_tasks_db",
    # Our apps, lowest layer first: each imports only from the ones listed before it.
    "accounts",
    "assessments",
    "programs",
    "care",
    "privacy",
    "demo",
    "illustrations",
    "valgus_site",  # the site itself: the web app manifest, the service worker, the icons
]

MIDDLEWARE = [
    # First: forwarded headers are dropped unless a configured proxy sent the request.
    "accounts.client_address.TrustedProxyMiddleware",
    "valgus_site.middleware.RequestLogMiddleware",
    "valgus_site.middleware.ApiErrorsAsJsonMiddleware",
    "valgus_site.middleware.RefuseNulBytesMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # Physiotherapists and admins get nowhere without a verified second factor.
    "accounts.two_factor.TwoFactorRequiredMiddleware",
    # A client without a recorded consent to keep health data is asked for it first.
    "accounts.consent.ConsentRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "valgus_site.middleware.AuditlogClientAddressMiddleware",
    "valgus_site.middleware.NoStoreHealthDataMiddleware",
    # Must stay last: it turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "valgus_site.urls"

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
                "care.context_processors.unread_messages",
            ],
            # ``{% url %}`` with the address of a name without arguments kept per process.
            "builtins": ["valgus_site.template_urls"],
        },
    },
]

WSGI_APPLICATION = "valgus_site.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DJANGO_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # Django's backend with the per-request health check done without a round trip
    # (valgus_site/postgresql/base.py).
    DATABASES["default"]["ENGINE"] = "valgus_site.postgresql"
    # PostgreSQL's planner assumes a spinning disk by default (a random page read costing four
    # sequential ones), and would then rather scan a 100,000-row table than look up a
    # caseload's 1,000 clients by index. On SSD or cached storage a random read costs about the
    # same: 1.1 is PostgreSQL's own advice for SSD. DJANGO_PG_RANDOM_PAGE_COST changes it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = (
        f"-c random_page_cost={os.environ.get('DJANGO_PG_RANDOM_PAGE_COST', '1.1')}"
    )
    # Statements run through a server-binding cursor (``connection.prepared_cursor()``, used
    # where planning costs more than running, like the rows digest of a client's pages) are
    # prepared on their connection after this many runs; Django's other queries bind on the
    # client and are never prepared. Django turns preparing off by default for poolers that
    # cannot keep prepared statements (PgBouncer in transaction mode before 1.21): set
    # DJANGO_PG_PREPARE_THRESHOLD=off behind one.
    DATABASES["default"]["OPTIONS"]["prepare_threshold"] = (
        None
        if os.environ.get("DJANGO_PG_PREPARE_THRESHOLD", "").strip().lower() == "off"
        else env_int("DJANGO_PG_PREPARE_THRESHOLD", 5)
    )
elif DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # A write takes SQLite's write lock when its transaction begins and waits up to 20 s for it,
    # so two requests writing at once (the development server's threads, the daily job) queue
    # instead of one failing with "database is locked" when its read turns into a write.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": 20}
    )
# Optional psycopg connection pool (PostgreSQL only). A pool replaces persistent connections,
# so CONN_MAX_AGE must be 0 when it is on.
if env_bool("DJANGO_DB_POOL", False) and DATABASES["default"]["ENGINE"].endswith("postgresql"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env_int("DJANGO_DB_POOL_MIN", 2),
        "max_size": env_int("DJANGO_DB_POOL_MAX", 10),
        "timeout": 10,
    }

# Rate-limit counters must be shared by every worker and server: in Redis when REDIS_URL is set,
# otherwise in a database table (`manage.py createcachetable`, run by `make migrate` and
# `make serve-prod`). The default cache holds nothing that must be shared.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    _redis = {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "OPTIONS": {"CLIENT_CLASS": "django_redis.client.DefaultClient"},
    }
    CACHES = {
        "default": {**_redis, "KEY_PREFIX": "valgus"},
        "rate_limits": {**_redis, "KEY_PREFIX": "valgus-rate"},
        "charts": {**_redis, "KEY_PREFIX": "valgus-charts"},
        "fragments": {**_redis, "KEY_PREFIX": "valgus-fragments"},
        "pages": {**_redis, "KEY_PREFIX": "valgus-pages"},
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
        # Drawn progress charts (programs/charts.py), about 10 kB each, in files every worker of
        # the machine shares: a chart drawn by one worker is read by the others. Keys are digests
        # of what a chart shows, so any folder shared by anything is safe.
        "charts": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get(
                "VALGUS_CHART_CACHE_DIR", str(Path(tempfile.gettempdir()) / "valgus-charts")
            ),
            "OPTIONS": {"MAX_ENTRIES": 20000, "CULL_FREQUENCY": 4},
        },
        # Kept page parts (programs/fragments.py: a client's Today and Progress, a client review),
        # one file per page and person, compressed, in a folder only this user can read (Django
        # creates it 0700 and each file 0600): every worker of the machine serves what another
        # rendered, and deleting an account or ending a link removes it for all of them.
        "pages": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get(
                "VALGUS_PAGE_CACHE_DIR", str(Path(tempfile.gettempdir()) / "valgus-pages")
            ),
            "OPTIONS": {"MAX_ENTRIES": 10000, "CULL_FREQUENCY": 4},
        },
        # Rendered caseload rows (care/fragments.py), a few kB each under a digest of what they
        # show, in each worker's memory: read far more often than they change.
        "fragments": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "fragments",
            "OPTIONS": {"MAX_ENTRIES": 5000, "CULL_FREQUENCY": 4},
        },
        "rate_limits": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "valgus_rate_limits",
        },
    }

# Sessions live in the database (Django's default) so that any app server can serve any request.
SESSION_ENGINE = "django.contrib.sessions.backends.db"
# Idle timeout: every request pushes the expiry forward, so 30 quiet minutes log a person out.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_IDLE_SECONDS", 30 * 60)
SESSION_SAVE_EVERY_REQUEST = True
# A self-assessment answered without an account stays resumable in that browser this long.
VALGUS_ANONYMOUS_DRAFT_SECONDS = env_int("VALGUS_ANONYMOUS_DRAFT_DAYS", 7) * 24 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

AUTH_USER_MODEL = "accounts.User"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # Must be first: refuses any login attempt while the username + IP pair is locked out.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "login"
# Two-factor login (accounts/two_factor.py): a code from an authenticator app, 6 digits, 30 s.
TWO_FACTOR_LOGIN_TIMEOUT = 600  # seconds between the password and the code
OTP_TOTP_ISSUER = "valgus"
# The admin never shows anyone's authenticator secret or its QR code: an admin could otherwise
# copy a physiotherapist's second factor.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "landing"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(os.environ.get("DJANGO_STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "valgus_site.static_storage.StaticFilesStorage"
        )
    },
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

EMAIL_BACKEND = os.environ.get(
    "DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "valgus <no-reply@localhost>")
# For the file-based email backend (django.core.mail.backends.filebased.EmailBackend).
EMAIL_FILE_PATH = os.environ.get("DJANGO_EMAIL_FILE_PATH", str(BASE_DIR / "sent-emails"))

# Where links in emails and calendar feeds point (no request is available in a cron job).
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")

# Every line carries the client's address as the one rule gives it (accounts/client_address.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"client_address": {"()": "accounts.client_address.ClientAddressLogFilter"}},
    "formatters": {
        "plain": {
            "format": "%(asctime)s %(levelname)s %(name)s [%(client_address)s] %(message)s",
        }
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["client_address"],
            "formatter": "plain",
        }
    },
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}


# --- Security -------------------------------------------------------------------------------
# Production (DJANGO_DEBUG=0) is secure by default; each switch can be overridden by environment
# for a local production-like run (for example DJANGO_SECURE_SSL_REDIRECT=0 on plain http).
SECURE_ON = not DEBUG
# The proxies in front of the app (nginx, a load balancer): addresses or networks, none by default.
# Forwarded headers (client address, https) are believed only on requests that come straight
# from one of them; from anyone else they are dropped (accounts/client_address.py). gunicorn's
# forwarded_allow_ips is set from the same variable (gunicorn.conf.py).
VALGUS_TRUSTED_PROXIES = env_list("VALGUS_TRUSTED_PROXIES")
try:
    [ipaddress.ip_network(entry, strict=False) for entry in VALGUS_TRUSTED_PROXIES]
except ValueError as exc:
    raise ImproperlyConfigured(f"VALGUS_TRUSTED_PROXIES: {exc}") from exc
if VALGUS_TRUSTED_PROXIES:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", SECURE_ON)
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", SECURE_ON)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 365 * 24 * 3600 if SECURE_ON else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
# Preloading is a commitment for the whole domain that takes months to undo, so it is an explicit
# choice (DJANGO_HSTS_PRELOAD=1), not a deploy-check nag.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (django-csp 4): no inline or third-party scripts or styles anywhere.
# The SVG charts are cleaned of inline styles on the server (programs/charts.py); a browser test
# fails on any refusal. See README, "Deploying".
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# --- Abuse: login lockout (django-axes) and API rate limit (django-ninja) ---------------------
AXES_FAILURE_LIMIT = env_int("VALGUS_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("VALGUS_LOGIN_COOLOFF_MINUTES", 15))
# Lock the username only from the address that is guessing, so a stranger cannot lock a person
# out of their own account from elsewhere.
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
# Someone trying a few passwords on many accounts ("spraying") is paused per address after this
# many failures across usernames (accounts/login_guard.py).
VALGUS_LOGIN_ADDRESS_FAILURE_LIMIT = env_int("VALGUS_LOGIN_ADDRESS_FAILURE_LIMIT", 20)
AXES_HANDLER = "accounts.login_guard.LoginGuardHandler"
AXES_LOCKOUT_CALLABLE = "accounts.login_guard.lockout_response"
AXES_RESET_ON_SUCCESS = True
AXES_CLIENT_IP_CALLABLE = "accounts.client_address.client_address"
AXES_VERBOSE = False

# Requests per client address to the public evaluation API, e.g. "60/min" or "1000/hour".
VALGUS_API_RATE = os.environ.get("VALGUS_API_RATE", "60/min")
# How many processes (gunicorn workers of every server) may serve the API at once. Each leases
# hits of the shared counters in blocks of at most rate / (10 x this), so the hits leased and not
# yet served can make the limit at most 10% stricter (accounts/rate_counters.py). With the
# default, rates under 200 a window are counted request by request.
VALGUS_API_RATE_PROCESSES = env_int("VALGUS_API_RATE_PROCESSES", 10)

# --- The daily job's tasks (django-tasks) ---------------------------------------------------
# ``manage.py run_daily`` enqueues one task per batch of this many programs. "immediate" (the
# default) runs them at once inside the command, so cron alone is enough; "database" stores them
# for ``manage.py db_worker``, which any number of machines may run side by side.
VALGUS_DAILY_BATCH_SIZE = env_int("VALGUS_DAILY_BATCH_SIZE", 500)
_TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
_task_backend = os.environ.get("VALGUS_TASK_BACKEND", "immediate").strip() or "immediate"
if _task_backend not in _TASK_BACKENDS:
    raise ImproperlyConfigured(
        f"VALGUS_TASK_BACKEND must be one of {', '.join(_TASK_BACKENDS)}, not {_task_backend!r}."
    )
TASKS = {"default": {"BACKEND": _TASK_BACKENDS[_task_backend]}}

# --- Audit trail (django-auditlog) ----------------------------------------------------------
# Changes to these models are recorded with who made them; message and note texts are left out
# so the audit trail never becomes a second copy of health data.
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    "care.CareLink",
    "programs.Program",
    "programs.ProgramExercise",
    "programs.Flag",
    {"model": "programs.Message", "exclude_fields": ["body"]},
    {"model": "care.ClinicalNote", "exclude_fields": ["body"]},
)
AUDITLOG_STORE_JSON_CHANGES = True
AUDITLOG_DISABLE_REMOTE_ADDR = False
