"""Settings shared by every environment; dev, test and production refine them."""

import datetime
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.utils.translation import gettext_lazy as _

from showcase.env import env_bool, env_int, env_list, env_str, env_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent

INSTALLED_APPS = [
    "core",
    "api",
    "offices",
    "catalogue",
    "schedule",
    "visits",
    "tours",
    "outcomes",
    "insights",
    "news",
    "about",
    "demo",
    "wagtail_localize",
    "wagtail_localize.locales",
    "django_countries",
    "django_tasks",
    "django_tasks_db",
    "phonenumber_field",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail.api.v3",  # its API tokens: made in the admin, stored hashed, revocable (api/staff.py)
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "ninja",
    "axes",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security.SiteCSPMiddleware",
    "core.security.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before sessions and the visit plan: a cookie holding a NUL byte is dropped unread.
    "core.input_guard.InputGuardMiddleware",
    "core.input_guard.BusyDatabaseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "core.middleware.FirstVisitLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    # The open API's ETags and CORS headers, on its public responses only (api/api.py).
    "api.api.PublicResponses",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "visits.plans.VisitPlanMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "axes.middleware.AxesMiddleware",
    # Hands Wagtail its Site and home page, kept, when it serves a page (core/routing.py).
    "core.routing.KeptSiteMiddleware",
    # Last, so that a cached page skips only the view (core/page_cache.py).
    "core.page_cache.PageCacheMiddleware",
]

ROOT_URLCONF = "showcase.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PROJECT_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "visits.context_processors.visit_plan",
                # After Django's csrf processor: leaves a hole for the token in shared pages.
                "core.page_cache.context_processor",
            ],
        },
    },
]

WSGI_APPLICATION = "showcase.wsgi.application"

# SQLite is the embedded default; DATABASE_URL (postgres://…) selects PostgreSQL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60, minimum=0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Take the write lock when a transaction starts, and wait for it instead of failing:
    # concurrent bookings then queue up rather than raising "database is locked".
    DATABASES["default"].setdefault("OPTIONS", {}).update({"transaction_mode": "IMMEDIATE", "timeout": 20})
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env_bool("DATABASE_PREPARED_STATEMENTS", True):
    # Parameters sent apart from the statement, and a statement run twice on a connection is
    # prepared (psycopg), so PostgreSQL parses and plans it once: a booking cost the server a
    # third less CPU (3.7 -> 2.5 ms) and its client a tenth less. Turn it off behind a pooler
    # that cannot keep prepared statements (PgBouncer before 1.21 in transaction mode).
    DATABASES["default"].setdefault("OPTIONS", {}).update({"server_side_binding": True, "prepare_threshold": 2})
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# django-axes first: it refuses a sign-in while its user name or address is locked out, then
# Django's model backend signs in. AxesBackend (not the standalone one) can also load a
# user, so a session that names it still works (the standalone one failed such sessions).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesBackend",
    "django.contrib.auth.backends.ModelBackend",
    "api.backends.StaffApiTokens",  # staff keep their own API tokens (no sign-in through it)
]
# After LOGIN_FAILURE_LIMIT failed sign-ins in a row, with one user name or from one address,
# signing in is paused for LOGIN_LOCKOUT_MINUTES. Attempts are kept in the database, so
# every app server counts them together; the address is the one rate limits use.
AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
# A successful sign-in does not wipe the failures: it would clear those from its address
# against every user name, so anyone with an account could guess another's password forever.
AXES_RESET_ON_SUCCESS = False
AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_address"
AXES_LOCKOUT_CALLABLE = "core.views.login_locked"
AXES_VERBOSE = False

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
# English is served at "/", the others under their prefix ("/sv/", "/zh-hans/"); see README.
LANGUAGES = [("en", _("English")), ("sv", _("Swedish")), ("zh-hans", _("Simplified Chinese"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["showcase.formats"]
TIME_ZONE = "Europe/Stockholm"
USE_I18N = True
USE_TZ = True

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [PROJECT_DIR / "static"]
STATIC_ROOT = BASE_DIR / "var" / "static"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media")))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# "default" holds cached pages and fragments (local memory in each process on one machine);
# "shared" is what every process and app server must agree on: the page cache's generation
# (and, later, rate limits). On one machine that is the database; with REDIS_URL, Redis.
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "OPTIONS": {"MAX_ENTRIES": 2000}},
    # Django's default of 300 entries would cull rate-limit counters and the page cache's
    # generation once that many clients had been counted; expired rows go first anyway.
    "shared": {
        # Django's database cache with a one-statement `set` (core/cache.py).
        "BACKEND": "core.cache.SharedDatabaseCache",
        "LOCATION": "shared_cache",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    },
}

# Public pages are stored for anonymous visitors and shared between them (core/page_cache.py).
# 0 turns the page cache off. Other processes notice a change within the check interval.
PAGE_CACHE_SECONDS = env_int("PAGE_CACHE_SECONDS", 600, minimum=0)
# Parts many pages share (header links, filter options, facet counts, cards), kept apart from
# whole pages and retired by content changes (not by PAGE_CACHE_ACTIVITY_MODELS); 0 turns them off.
PAGE_CACHE_DATA_SECONDS = env_int("PAGE_CACHE_DATA_SECONDS", 3600, minimum=0)
PAGE_CACHE_SHARED_CHECK_SECONDS = env_int("PAGE_CACHE_SHARED_CHECK_SECONDS", 1, minimum=0)
# Refuse a kept part built from activity (core.page_cache._computed): on in the tests.
PAGE_CACHE_CHECK_KEPT_PARTS = False
PAGE_CACHE_ALIAS = "default"
PAGE_CACHE_SHARED_ALIAS = "shared"
# Writes to these change what calendars, availability and the pages show, never the parts
# kept with `remember` (cards, facet indexes, routing, links): they retire only the stored
# pages whose rendering read one of their tables (core.page_cache._ActivityReads), so a
# booking does not make the catalogue, its cards and facet indexes be built again.
# A public tour is content, not activity: the calendar keeps the published tours
# (schedule.public_tours.published_tours); the places taken on them are activity.
PAGE_CACHE_ACTIVITY_MODELS = [
    "api.ApiCall",
    "api.WebhookDelivery",
    "api.WebhookSubscription",
    "insights.TurnedAwayAttempt",
    "offices.Closure",
    "offices.StaffRole",
    "offices.TriageRules",
    "offices.VisitSlot",
    "outcomes.FollowUp",
    "schedule.TourPlace",
    "schedule.TourSignup",
    "tours.ItineraryStop",
    "visits.DelegationNeeds",
    "visits.HostInvitation",
    "visits.Participant",
    "visits.ReferenceCounter",
    "visits.RequestedSlot",
    "visits.SiteHold",
    "visits.SlotHold",
    "visits.StatusChange",
    "visits.Visit",
    "visits.VisitRequest",
    "visits.WaitingListChange",
    "visits.WaitingListEntry",
]
# Writes to these never change what a public page shows, so they leave the page cache alone:
# a visitor's own plan and tour, sessions, logs, task results and staff-only records.
PAGE_CACHE_IGNORED_MODELS = [
    "admin.LogEntry",
    "auth.User",
    "django_tasks_database.DBTaskResult",
    "news.Subscriber",
    "schedule.CalendarFeedToken",
    "sessions.Session",
    "tours.TourPin",
    "tours.TourSettings",
    "visits.RequestNote",
    "visits.VisitPlan",
    "visits.VisitPlanItem",
    "wagtailcore.ModelLogEntry",
    "wagtailcore.PageLogEntry",
    # Written while pages render (an image's first rendition) or after a publish that
    # already retired the pages: retiring them again would empty the cache on every view.
    "wagtailcore.ReferenceIndex",
    "wagtailimages.Rendition",
]

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
# The largest request body, refused unread (core/input_guard.py); match the proxy's
# client_max_body_size (deploy/nginx). Staff upload images and documents up to this size.
MAX_REQUEST_BYTES = env_int("MAX_REQUEST_BYTES", 20 * 1024 * 1024, minimum=1024 * 1024)

EMAIL_BACKEND = env_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Smart City Sweden <visits@smartcitysweden.example>")

# Background tasks (reminders, search indexing): run at once on one machine; set
# TASKS_BACKEND=django_tasks_db.DatabaseBackend and run `manage.py db_worker` to queue them.
TASKS = {"default": {"BACKEND": env_str("TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend")}}

# The public "Accessibility" and "Privacy" pages: when the statement was last reviewed,
# and whom visitors write to about their data and about accessibility problems.
ACCESSIBILITY_STATEMENT_REVIEWED = env_str("ACCESSIBILITY_STATEMENT_REVIEWED", "2026-11-27")
PRIVACY_CONTACT_EMAIL = env_str("PRIVACY_CONTACT_EMAIL", "privacy@smartcitysweden.example")
ACCESSIBILITY_CONTACT_EMAIL = env_str("ACCESSIBILITY_CONTACT_EMAIL", "accessibility@smartcitysweden.example")

# Contact data of finished requests is erased after this many days (anonymise_expired_requests).
REQUEST_RETENTION_DAYS = env_int("REQUEST_RETENTION_DAYS", 3 * 365, minimum=30)

# Booking requests accepted per client address and hour, and a higher ceiling on attempts
# (invalid forms included), so that correcting a mistake costs nothing (visits/limits.py).
BOOKING_SUBMISSIONS_PER_HOUR = env_int("BOOKING_SUBMISSIONS_PER_HOUR", 10, minimum=1)
BOOKING_ATTEMPTS_PER_HOUR = env_int("BOOKING_ATTEMPTS_PER_HOUR", 60, minimum=1)
# The open API's addresses: refusals there (core.input_guard) answer in its JSON format.
API_PATH_PREFIX = "/api/"
# Webhooks to addresses on private or loopback networks are refused unless this is on (api.webhooks).
WEBHOOKS_ALLOW_PRIVATE_NETWORKS = env_bool("WEBHOOKS_ALLOW_PRIVATE_NETWORKS", False)
# Requests a minute each client address may make to the open API (api.api).
API_REQUESTS_PER_MINUTE = env_int("API_REQUESTS_PER_MINUTE", 120, minimum=1)
# A waiting-list offer holds the freed seats this long for the delegation to accept (visits.waiting_list).
WAITING_LIST_OFFER_HOURS = env_int("WAITING_LIST_OFFER_HOURS", 48, minimum=1)
# Rate limits count in the cache every app server shares (core/ratelimit.py).
RATE_LIMIT_CACHE_ALIAS = "shared"
# The proxies in front (addresses or networks, e.g. "127.0.0.1,10.0.0.0/8"): only from them
# are X-Forwarded-For and X-Real-IP believed about the client's address. Empty: no proxy.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES")

# The requester may change the delegation (participants and needs) until this many days
# before the first visit day; staff who handle the request may change it later.
DELEGATION_EDIT_DAYS_BEFORE = env_int("DELEGATION_EDIT_DAYS_BEFORE", 3, minimum=0)

# The site's one public address: links in e-mails and feeds, Wagtail's admin, and (through
# `manage.py sync_site_address`) Wagtail's default Site, hence the sitemap, canonical links,
# Open Graph and JSON-LD. `make run` and `make serve` set it from HOST and PORT.
PUBLIC_BASE_URL = env_url("PUBLIC_BASE_URL", "http://127.0.0.1:8000")
SECURE_REFERRER_POLICY = "same-origin"  # private links must not leak to other hosts

WAGTAIL_SITE_NAME = "Smart City Sweden"
# No avatars fetched from another host: staff see their initials (and any uploaded avatar).
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILADMIN_BASE_URL = PUBLIC_BASE_URL
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "txt", "xlsx"]
WAGTAILIMAGES_EXTENSIONS = ["gif", "jpg", "jpeg", "png", "webp"]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES

# Maps draw an offline SVG of Sweden. A tile server is opt-in: set MAP_TILE_URL (for
# example your own tile cache) to also offer a slippy map; empty means no third party.
MAP_TILE_URL = env_str("MAP_TILE_URL", "")

# Content-Security-Policy (django-csp): everything from this site only, no inline scripts
# and no eval (htmx is configured to need neither, see base.html). Inline style attributes
# stay allowed: focus areas carry their colour in one, and an attribute cannot run script.
# The staff admin also allows inline scripts and styles (core/security.py says why).
# CSP_REPORT_ONLY=true sends the same policy as Content-Security-Policy-Report-Only, to try
# a change; CSP_REPORT_URI collects the browsers' reports.
_MAP_TILE_ORIGIN = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL)) if MAP_TILE_URL else None
_CSP_DIRECTIVES = {
    "default-src": [SELF],
    "script-src": [SELF],
    "style-src": [SELF],
    "style-src-attr": [UNSAFE_INLINE],
    "img-src": [SELF, "data:", *([_MAP_TILE_ORIGIN] if _MAP_TILE_ORIGIN else [])],
    "font-src": [SELF],
    "connect-src": [SELF],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}
if env_str("CSP_REPORT_URI"):
    _CSP_DIRECTIVES["report-uri"] = [env_str("CSP_REPORT_URI")]
POLICY_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)  # (no CSP_ prefix: django-csp reads those as its old settings)
if POLICY_REPORT_ONLY:
    CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": _CSP_DIRECTIVES}
    CONTENT_SECURITY_POLICY = None
else:
    CONTENT_SECURITY_POLICY = {"DIRECTIVES": _CSP_DIRECTIVES}

PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), display-capture=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), midi=(), payment=(), usb=(), interest-cohort=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
