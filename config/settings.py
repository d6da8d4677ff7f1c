"""Settings, read from the environment (see .env.example) with safe defaults for local runs."""

from datetime import timedelta
from pathlib import Path

import environ
from corsheaders.defaults import default_headers as cors_default_headers
from kombu import Exchange, Queue

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Local runs get a throwaway key; a production deployment must set its own (check --deploy says so).
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="insecure-local-only-key-change-me-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "corsheaders",
    "axes",
    "kg",
    "curation",
    "ingest",
    "api",
    "webui",
    "config.apps.SiteConfig",
]

MIDDLEWARE = [
    # An /api/ request line over API_MAX_REQUEST_LINE: 414 in the API's error shape, before anything else.
    "api.middleware.RequestLineLimitMiddleware",
    # RateLimit-* headers and a list page's Link header on /api/ answers.
    "api.middleware.ResponseHeadersMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "config.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "webui.middleware.GraphUnavailableMiddleware",
    # Last, as django-axes asks: turns a locked-out login into its lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Django admin templates this site changes (its base_site: the finished-jobs badge).
        "DIRS": [BASE_DIR / "config" / "overrides"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}")}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    # The web server, the worker and the tests' worker thread share the file: wait for locks, don't fail.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": f"{DATABASES['default']['NAME']}.test"}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login rate limit (django-axes): a username tried from one client address fails LOGIN_FAILURE_LIMIT
# times, then that pair is locked out for LOGIN_COOLOFF_MINUTES (a 429 page saying so; tries
# meanwhile do not lengthen it); a good login clears the count. `manage.py axes_reset` lifts every lockout
# (axes_reset_username, axes_reset_ip for one). Other users and other addresses are unaffected.
AUTHENTICATION_BACKENDS = [
    "config.auth.LoginRateLimitBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = timedelta(minutes=env.float("LOGIN_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A failed try during a lockout does not restart the wait: otherwise anyone who knows a username could
# keep it locked out from that address for good with one try every LOGIN_COOLOFF_MINUTES.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "admin/lockout.html"
AXES_VERBOSE = False  # no banner on every start: management commands keep their output to themselves
# The client address is the socket's (REMOTE_ADDR), never a header a client can forge; with proxies in
# front that append to X-Forwarded-For, the one the API's throttle trusts (REST_FRAMEWORK NUM_PROXIES).
# Not axes' ipware settings: ipware's proxy count takes a forged left-most address when the header is
# longer than expected.
AXES_CLIENT_IP_CALLABLE = "config.auth.client_address"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("zh-hans", "简体中文"), ("de", "Deutsch")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# The graph.
NEO4J_URI = env.str("NEO4J_URI", default="bolt://127.0.0.1:7687")
NEO4J_USER = env.str("NEO4J_USER", default="neo4j")
NEO4J_PASSWORD = env.str("NEO4J_PASSWORD", default="neo4j-local-dev")
NEO4J_DATABASE = env.str("NEO4J_DATABASE", default="neo4j")
# How long the app waits on the graph before answering 503 (kg/repository/driver.py): opening a
# connection; getting one from the pool (a hung server holds connections: this bounds the wait;
# default twice the connection timeout); retrying a failed transaction (default the connection
# timeout); and how long a pooled connection may sit idle before it is checked with a round trip.
NEO4J_CONNECTION_TIMEOUT = env.float("NEO4J_CONNECTION_TIMEOUT", default=5.0)
NEO4J_CONNECTION_ACQUISITION_TIMEOUT = env.float("NEO4J_CONNECTION_ACQUISITION_TIMEOUT", default=None)
NEO4J_MAX_TRANSACTION_RETRY_TIME = env.float("NEO4J_MAX_TRANSACTION_RETRY_TIME", default=None)
NEO4J_LIVENESS_CHECK_TIMEOUT = env.float("NEO4J_LIVENESS_CHECK_TIMEOUT", default=2.0)

# Celery: a Redis broker (scripts/broker.sh locally, the redis service in compose).
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="redis://127.0.0.1:6379/0")
CELERY_RESULT_BACKEND = None
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A new pool process warms the pipeline's matchers before it reports up (ingest/tasks.py); Celery's
# 4 s default killed every replacement for a lost process on a busy machine, so the worker stalled.
CELERY_WORKER_PROC_ALIVE_TIMEOUT = env.float("CELERY_WORKER_PROC_ALIVE_TIMEOUT", default=120.0)
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
# Task time limits (issue 16): at the soft limit the job fails saying it took too long (its load is
# one transaction and rolls back whole); at the hard limit the pool process is killed. The broker's
# visibility timeout must stay above the hard limit or a long job runs twice (ingest.E001 checks).
# Celery sends the limits in each task message, so the process that submits (web) decides them:
# give web and worker the same values.
# 30 minutes: extraction's budget (bench/adversarial.py, 5,000 chars/s for the worst shape) reads a
# document at INGEST_MAX_BYTES in about 17 minutes, so every document the size limit lets in can load.
INGEST_SOFT_TIME_LIMIT = env.int("INGEST_SOFT_TIME_LIMIT", default=1800)
INGEST_HARD_TIME_LIMIT = env.int("INGEST_HARD_TIME_LIMIT", default=INGEST_SOFT_TIME_LIMIT + 60)
# A started job whose worker died unacked goes back to the queue after this long. Keep it above the
# longest job and the longest retry countdown (the task backs off up to 120 s), or jobs run twice.
_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=3600)
BROKER_TIMEOUT_SECONDS = env.float("CELERY_BROKER_TIMEOUT_SECONDS", default=1.0)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY_TIMEOUT,
    # How often workers sweep for such jobs: kombu's defaults (about every 100 s) for the default
    # hour, proportionally sooner for a short timeout.
    "unacked_restore_interval": min(max(_VISIBILITY_TIMEOUT // 20, 1), 10),
    "unacked_restore_throttle": min(max(_VISIBILITY_TIMEOUT // 200, 1), 10),
    # A broker that is down or frozen (alive, not answering: SIGSTOPped, a full network buffer) must
    # fail a send within about a second, never hold a request until gunicorn kills the worker: the
    # submission is saved first and stays "waiting for broker" until the periodic requeue sends it.
    # redis-py waits this long to connect and for each answer (the worker's BRPOP is read only once
    # its socket is readable, so it is not cut short), and kombu gives up connecting after
    # `max_retries` quick retries instead of retrying forever.
    "socket_connect_timeout": BROKER_TIMEOUT_SECONDS,
    "socket_timeout": BROKER_TIMEOUT_SECONDS,
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "interval_max": 0.2,
}
CELERY_BROKER_CONNECTION_TIMEOUT = BROKER_TIMEOUT_SECONDS
# Sends that ask for retries (Celery's default for apply_async) retry a bounded number of times.
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 1, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.2}

# Ingest.
INGEST_MAX_BYTES = env.int("INGEST_MAX_BYTES", default=5 * 1024 * 1024)
# Claims (quoted sentences) kept per fact from one document: a fact stated a thousand times by one
# text is stated once per distinct sentence anyway; the cap bounds what one document can add.
INGEST_MAX_CLAIMS_PER_FACT_PER_DOCUMENT = env.int("INGEST_MAX_CLAIMS_PER_FACT_PER_DOCUMENT", default=20)
# Submissions over INGEST_BIG_BYTES go to their own queue, so a big document never holds up small
# ones on a worker that consumes only INGEST_QUEUE (scripts/run.sh and docker-compose.yml start one
# beside the worker for both). A worker started without -Q consumes both queues.
INGEST_BIG_BYTES = env.int("INGEST_BIG_BYTES", default=256 * 1024)
INGEST_QUEUE = env.str("INGEST_QUEUE", default="ingest")
INGEST_BIG_QUEUE = env.str("INGEST_BIG_QUEUE", default="ingest-big")
CELERY_TASK_DEFAULT_QUEUE = INGEST_QUEUE
# Each queue its own exchange and routing key: left unset, Celery binds both to the default queue's
# key, and a job sent to one queue would land in both.
CELERY_TASK_QUEUES = tuple(Queue(name, Exchange(name), routing_key=name) for name in (INGEST_QUEUE, INGEST_BIG_QUEUE))
INGEST_AUTO_ACCEPT_CONFIDENCE = env.float("INGEST_AUTO_ACCEPT_CONFIDENCE", default=0.9)
# Pages show unreviewed facts at or above this confidence, marked "unreviewed"; the rest only when
# the page's "include unreviewed" switch is on (the API reads ?unreviewed= itself).
PAGES_MIN_CONFIDENCE = env.float("PAGES_MIN_CONFIDENCE", default=0.7)
# Every worker looks for stranded jobs at start-up and then this often (ingest/recovery.py): those
# saved while the broker was down, those whose message the broker lost (sent over
# INGEST_RESEND_AFTER_SECONDS ago and no longer in it), and those running past
# INGEST_JOB_DEAD_AFTER_SECONDS (keep it above the task's hard time limit), which fail saying why.
INGEST_RECOVER_INTERVAL_SECONDS = env.float("INGEST_RECOVER_INTERVAL_SECONDS", default=60.0)
INGEST_RESEND_AFTER_SECONDS = env.int("INGEST_RESEND_AFTER_SECONDS", default=120)
INGEST_JOB_DEAD_AFTER_SECONDS = env.int("INGEST_JOB_DEAD_AFTER_SECONDS", default=_VISIBILITY_TIMEOUT)
# After this long in the queue the submissions list says no worker has picked the job up yet.
INGEST_QUEUED_NOTICE_SECONDS = env.int("INGEST_QUEUED_NOTICE_SECONDS", default=20)
# A submission's webhook (POSTed when its job ends): each attempt's timeout, how many attempts, and
# the wait before the next (times the attempt's number). Sent beside the job, never holding it up.
INGEST_WEBHOOK_TIMEOUT_SECONDS = env.float("INGEST_WEBHOOK_TIMEOUT_SECONDS", default=5.0)
INGEST_WEBHOOK_ATTEMPTS = env.int("INGEST_WEBHOOK_ATTEMPTS", default=3)
INGEST_WEBHOOK_BACKOFF_SECONDS = env.float("INGEST_WEBHOOK_BACKOFF_SECONDS", default=2.0)
FIXTURE_ARTICLES_DIR = BASE_DIR / "fixtures" / "articles"

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "api.schema.ApiSchema",
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "EXCEPTION_HANDLER": "api.errors.exception_handler",
    # Bodies over API_MAX_BODY_BYTES are a 413 before they are read; absurdly nested JSON is a 400.
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "api.parsers.LimitedMultiPartParser",
    ],
    # Rates are read per request; a blank rate turns that throttle off.
    "DEFAULT_THROTTLE_CLASSES": ["api.throttling.AnonThrottle", "api.throttling.UserThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_ANON_RATE", default="120/minute"),
        "user": env.str("API_USER_RATE", default="1200/minute"),
    },
    # Who a client is, for the anonymous rate: the socket's address (REMOTE_ADDR) unless this many
    # proxies in front of the app append to X-Forwarded-For; then the address the nearest one saw.
    # DRF's own default (None) trusts the whole header, which any client may send.
    "NUM_PROXIES": env.int("API_NUM_PROXIES", default=0),
}
# Throttle counts live in the cache: point CACHE_URL at a Redis (redis://host:6379/1) shared by every
# web process, or each process counts on its own.
CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://")}
# Request bodies: a submitted document may be INGEST_MAX_BYTES of UTF-8, which JSON escaping can
# double; anything larger is refused with 413 before it is read.
API_MAX_BODY_BYTES = 2 * INGEST_MAX_BYTES + 64 * 1024
# The longest API request line ("GET /api/v1/...?... HTTP/1.1") answered; longer is a JSON 414.
# gunicorn.conf.py lets lines up to 8190 bytes reach the app, so it is the app that says so.
API_MAX_REQUEST_LINE = env.int("API_MAX_REQUEST_LINE", default=4094)
DATA_UPLOAD_MAX_MEMORY_SIZE = API_MAX_BODY_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = INGEST_MAX_BYTES
SPECTACULAR_SETTINGS = {
    "TITLE": "Model lineage knowledge graph API",
    "DESCRIPTION": "Models, organizations, techniques, papers and datasets, with evidence.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI and ReDoc assets come from the drf-spectacular-sidecar wheel: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # File uploads show as binary in request bodies; responses keep their own components.
    "COMPONENT_SPLIT_REQUEST": True,
    # Two fields are called `kind` (a lineage edge's, an evidence item's): each enum keeps its own name.
    "ENUM_NAME_OVERRIDES": {"LineageKindEnum": "kg.vocabulary.LINEAGE_KIND_CHOICES"},
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.docs.add_response_headers",
        "api.fields.document_control_characters",
    ],
}
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_ALLOWED_ORIGIN_REGEXES = env.list("CORS_ALLOWED_ORIGIN_REGEXES", default=[])
CORS_URLS_REGEX = r"^/api/.*$"
# Browsers may send conditional requests and read the caching, paging and retry headers.
CORS_ALLOW_HEADERS = (*cors_default_headers, "if-none-match", "if-modified-since")
CORS_EXPOSE_HEADERS = [
    "ETag",
    "Last-Modified",
    "Location",
    "Retry-After",
    "Link",
    "RateLimit-Limit",
    "RateLimit-Remaining",
    "RateLimit-Reset",
    "RateLimit-Policy",
]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"neo4j": {"level": "WARNING"}, "neo4j.notifications": {"level": "ERROR"}},
}

if not DEBUG:
    SESSION_COOKIE_SECURE = env.bool("DJANGO_SECURE_COOKIES", default=False)
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

# HTTPS and headers for production; the local defaults suit plain-HTTP runs on loopback.
# `DJANGO_DEBUG=false ... manage.py check --deploy` lists what is still missing (config/security.py).
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=False)
# Health checks (docker-compose.yml, a load balancer's probe) ask over plain HTTP from inside: a redirect
# to HTTPS would fail them, and the worker waits for web to be healthy. /healthz carries no secrets.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=False)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
# Behind a TLS-terminating proxy: "HTTP_X_FORWARDED_PROTO,https" (only if the proxy sets that header).
_PROXY_SSL_HEADER = env.list("DJANGO_SECURE_PROXY_SSL_HEADER", default=[])
SECURE_PROXY_SSL_HEADER = tuple(_PROXY_SSL_HEADER) if len(_PROXY_SSL_HEADER) == 2 else None
SESSION_COOKIE_HTTPONLY = True
# Error pages (DEBUG) and error mails hide passwords, including those inside URLs (config/reporting.py).
DEFAULT_EXCEPTION_REPORTER_FILTER = "config.reporting.SecretsFilter"
X_FRAME_OPTIONS = "DENY"

# Content-Security-Policy (config/security.py): no inline scripts anywhere, nothing from elsewhere.
CSP_REPORT_ONLY = env.bool("CSP_REPORT_ONLY", default=False)
CSP_DIRECTIVES = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Extra sources by path prefix, for third-party parts that need them (never inline scripts): the
# admin's and the browsable API's templates carry <style> blocks, ReDoc injects styles and runs its
# search in a worker made from a blob.
CSP_PATH_EXTRAS: dict[str, dict[str, str]] = {
    "/admin/": {"style-src": "'unsafe-inline'"},
    "/api/": {"style-src": "'unsafe-inline'", "worker-src": "'self' blob:"},
}
