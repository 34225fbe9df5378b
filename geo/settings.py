"""GEO settings: one module, everything that differs between machines comes
from the environment (or a local .env file), with safe laptop defaults."""

import re
from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")

DEV_SECRET_KEY = "django-insecure-geo-development-key-never-use-in-production"

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default=DEV_SECRET_KEY)
# Tests declare themselves (tests/environment.py) rather than being guessed.
TESTING = env.bool("GEO_TESTING", default=False)
# Off DEBUG a key must be a real one: not the development key, not a
# placeholder such as .env.example's, at least 50 characters (as Django's
# deploy check asks).
_WEAK_SECRET_KEY = (
    SECRET_KEY == DEV_SECRET_KEY
    or len(SECRET_KEY) < 50
    or len(set(SECRET_KEY)) < 5
    or "change-me" in SECRET_KEY
)
if _WEAK_SECRET_KEY and not DEBUG and not TESTING:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY is not set to a real secret: the development key, placeholders and "
        "keys under 50 characters are refused while DJANGO_DEBUG is off. Make one with: "
        "python -c 'import secrets; print(secrets.token_urlsafe(50))'"
    )

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
# The canonical origin: canonical URLs, hreflang, feeds and share links use it,
# never the Host header of the request.
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[SITE_URL])
# How many reverse proxies in front of us append to X-Forwarded-For; 0 means
# trust only REMOTE_ADDR (so a forged header cannot dodge rate limits).
TRUSTED_PROXIES = env.int("DJANGO_TRUSTED_PROXIES", default=0)

INSTALLED_APPS = [
    "modeltranslation",  # before the admin, so translated fields get tabs
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "nested_admin",  # entity tables and their rows on the article form
    "taggit",
    "simple_history",
    "django_tasks_db",
    "axes",
    "geo",
    "articles",
    "faq",
    "takedowns",
    "search",
]

MIDDLEWARE = [
    # First: its log line times every request, cache hits and refusals included.
    "geo.request_log.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Anonymous cache hits end here, before sessions, CSRF, auth and locale.
    "geo.early_cache.EarlyPageCacheMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "geo.middleware.PermissionsPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",  # last: it answers a locked-out login
]

ROOT_URLCONF = "geo.urls"
WSGI_APPLICATION = "geo.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "geo.context_processors.site",
            ],
        },
    },
]

# Seconds a web request's SQL statement may run (0: no limit). manage.py
# commands (migrate, imports, the task worker) default to no limit.
DATABASE_STATEMENT_TIMEOUT = env.float("DATABASE_STATEMENT_TIMEOUT", default=2.0)
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several gunicorn processes share the file: WAL lets readers go on while
    # one writes, and BEGIN IMMEDIATE takes the write lock at the start of a
    # transaction, so two writers queue (up to "timeout" seconds) instead of
    # one failing with "database is locked" halfway.
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
else:
    # Keep connections for a minute (checked before reuse, so they come back by
    # themselves after an outage). A database that does not answer costs a
    # request about 2 s and a static 503 (geo/faults.py), not a hung worker:
    # connecting gives up after DATABASE_CONNECT_TIMEOUT, the server stops a
    # statement after DATABASE_STATEMENT_TIMEOUT, and the geo.postgresql
    # backend stops waiting for a server that is frozen.
    DATABASES["default"]["ENGINE"] = "geo.postgresql"
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    _db_options = DATABASES["default"].setdefault("OPTIONS", {})
    _db_options["connect_timeout"] = env.int("DATABASE_CONNECT_TIMEOUT", default=2)
    if DATABASE_STATEMENT_TIMEOUT:
        _db_options["options"] = (
            f"{_db_options.get('options', '')} "
            f"-c statement_timeout={int(DATABASE_STATEMENT_TIMEOUT * 1000)}"
        ).strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            # Redis down or hung: pages are served uncached, not as errors.
            "BACKEND": "geo.cache_backends.ResilientRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
            "KEY_PREFIX": env("CACHE_KEY_PREFIX", default="geo"),
        }
    }
else:
    # The embedded default: a cache table in the database, so every process
    # shares one content generation, one page cache and one set of rate-limit
    # counters (a per-process memory cache would serve stale pages and count
    # each process's requests apart).
    CACHES = {
        "default": {
            "BACKEND": "geo.cache_backends.DatabaseCache",
            "LOCATION": "geo_cache",
            "OPTIONS": {"MAX_ENTRIES": 20000},
        }
    }
# Anonymous reader pages are cached this long (seconds); edits purge sooner.
PAGE_CACHE_SECONDS = env.int("PAGE_CACHE_SECONDS", default=600)
# On Redis each process also keeps the pages it served lately in memory (up to
# this many bytes of bodies), answered without a round trip (geo/recent_pages.py).
RECENT_PAGES_BYTES = env.int("RECENT_PAGES_MB", default=16) * 1024 * 1024
# What browsers and CDNs may keep: short, since browsers are not told of edits
# (a CDN is purged when CDN_PURGE_URL is set).
BROWSER_CACHE_SECONDS = env.int("BROWSER_CACHE_SECONDS", default=60)
# A CDN may serve a page this much past max-age while it fetches a fresh one,
# and this long while we answer errors (RFC 5861).
STALE_WHILE_REVALIDATE_SECONDS = env.int("STALE_WHILE_REVALIDATE_SECONDS", default=30)
STALE_IF_ERROR_SECONDS = env.int("STALE_IF_ERROR_SECONDS", default=86400)


# CDN purge (geo/cdn.py): off until CDN_PURGE_URL is set; the token, if any,
# goes in an ``Authorization: Bearer`` header.
CDN_PURGE_URL = env("CDN_PURGE_URL", default="")
CDN_PURGE_TOKEN = env("CDN_PURGE_TOKEN", default="")

# Background work (mail, search-engine pings, CDN purges) is queued in the
# database and run by the worker: ``python manage.py db_worker``.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Instant indexing (geo/indexing.py): every change is pushed to IndexNow and
# Baidu by the task worker. Each service is off until its key or token is set.
INDEXNOW_KEY = env("INDEXNOW_KEY", default="")
INDEXNOW_ENDPOINT = env("INDEXNOW_ENDPOINT", default="https://api.indexnow.org/indexnow")
BAIDU_PUSH_TOKEN = env("BAIDU_PUSH_TOKEN", default="")
BAIDU_PUSH_ENDPOINT = env("BAIDU_PUSH_ENDPOINT", default="http://data.zz.baidu.com/urls")
# The key is also the name of the file that proves we own the host (/<key>.txt).
if INDEXNOW_KEY and not re.fullmatch(r"[A-Za-z0-9-]{8,128}", INDEXNOW_KEY):
    raise ImproperlyConfigured(
        "INDEXNOW_KEY must be 8 to 128 characters: letters, digits and '-' (IndexNow's rule)."
    )


def _mailer(url: str) -> dict:
    """A MAILERS entry from an EMAIL_URL (smtp+tls://user:pass@host:587, consolemail://…)."""
    config = environ.Env.email_url_config(url)
    backend = config["EMAIL_BACKEND"]
    options = {}
    if backend.endswith("smtp.EmailBackend"):
        options = {
            "host": config.get("EMAIL_HOST"),
            "port": config.get("EMAIL_PORT"),
            "username": config.get("EMAIL_HOST_USER"),
            "password": config.get("EMAIL_HOST_PASSWORD"),
            "use_tls": config.get("EMAIL_USE_TLS", False),
            "use_ssl": config.get("EMAIL_USE_SSL", False),
            "timeout": env.int("EMAIL_TIMEOUT", default=10),
        }
    elif "EMAIL_FILE_PATH" in config:
        options = {"file_path": config["EMAIL_FILE_PATH"]}
    return {
        "BACKEND": backend,
        "OPTIONS": {k: v for k, v in options.items() if v not in (None, "")},
    }


MAILERS = {"default": _mailer(env("EMAIL_URL", default="consolemail://"))}
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="GEO <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Admin login: after AXES_FAILURE_LIMIT wrong passwords from one client address
# (geo/client_ip.py's rule) that address is refused for AXES_COOLOFF_MINUTES,
# before any password is hashed, so a guesser cannot keep the workers busy
# with PBKDF2 either. Counted in the database: every process sees the same
# count, with or without the cache. By address rather than by user name, so
# that nobody can lock an editor out by guessing at their name.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)  # off only to measure without it
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = ["ip_address"]
AXES_CLIENT_IP_CALLABLE = "geo.client_ip.client_ip"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "geo.login_lockout.locked_out"
AXES_VERBOSE = True  # one warning line per failure and per lockout

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env("DJANGO_TIME_ZONE", default="Asia/Shanghai")
USE_I18N = True
USE_TZ = True

MODELTRANSLATION_DEFAULT_LANGUAGE = "zh-hans"
MODELTRANSLATION_LANGUAGES = ("zh-hans", "en")
# A missing English text falls back to the Chinese one (and the page says so);
# a missing Chinese text falls back to English.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("zh-hans",), "zh-hans": ("en",)}
MODELTRANSLATION_AUTO_POPULATE = False
JQUERY_UI_URL = "vendor/jquery-ui/jquery-ui.min.js"

TAGGIT_CASE_INSENSITIVE = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Serve uploaded media from Django itself (fine for one box or behind a CDN);
# set to false when a web server or object store serves MEDIA_URL.
SERVE_MEDIA = env.bool("SERVE_MEDIA", default=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Tests and DEBUG serve static files straight from the source folders.
WHITENOISE_USE_FINDERS = WHITENOISE_AUTOREFRESH = DEBUG or TESTING

# Security headers; HTTPS-only settings follow SITE_URL's scheme.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
_HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = _HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if TRUSTED_PROXIES else None
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_HSTS_PRELOAD", default=False)
# Behind a TLS-terminating proxy, set it there; here for a site served directly.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# Load balancers probe over plain HTTP.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# Browser features no page of ours uses (geo.middleware.PermissionsPolicyMiddleware).
PERMISSIONS_POLICY = (
    "accelerometer=(), browsing-topics=(), camera=(), geolocation=(), gyroscope=(), "
    "magnetometer=(), microphone=(), payment=(), usb=()"
)
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "style-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# "json" (production): one JSON object a line on stdout (geo/log_format.py);
# "text" for a terminal.
LOG_FORMAT = env("LOG_FORMAT", default="text" if DEBUG or TESTING else "json")
if LOG_FORMAT not in ("json", "text"):
    raise ImproperlyConfigured("LOG_FORMAT must be json or text.")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "geo.log_format.JsonFormatter"},
        "text": {"format": "%(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": LOG_FORMAT,
        }
    },
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # A request with a Host we do not serve is a bot's probe: one line, no traceback.
    "filters": {"one_line": {"()": "geo.log_filters.OneLine"}},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "django.security.DisallowedHost": {"level": "WARNING", "filters": ["one_line"]},
    },
}

# Takedown requests: per-client limits (django-ratelimit syntax) and when an
# undecided request counts as overdue in the Legal queue.
TAKEDOWN_SUBMIT_RATE = env("TAKEDOWN_SUBMIT_RATE", default="5/h")
TAKEDOWN_STATUS_RATE = env("TAKEDOWN_STATUS_RATE", default="20/h")
# Searches per client address (cached pages are not counted).
SEARCH_RATE = env("SEARCH_RATE", default="60/m")
TAKEDOWN_OVERDUE_DAYS = env.int("TAKEDOWN_OVERDUE_DAYS", default=7)
RATELIMIT_USE_CACHE = "default"
# The counters live in the cache. When it is down the limits fail OPEN: the
# takedown form is a legal channel that must not refuse notices because our
# cache is away (each notice is stored in the database, CSRF and the honeypot
# still apply), and the admin login's lockout (django-axes) counts in the
# database, so it holds without the cache.
RATELIMIT_FAIL_OPEN = True

# Feeds carry each article's full body (rendered HTML) besides its summary.
FEED_FULL_CONTENT = env.bool("FEED_FULL_CONTENT", default=False)

# BLUF: what an answer engine can quote in one go.
SUMMARY_MAX_LENGTH = 300
# An FAQ answer longer than this is too long to quote (a readiness warning).
FAQ_ANSWER_QUOTABLE_LENGTH = 300
META_DESCRIPTION_LENGTH = 160
