"""Production: refuses to start without a real secret key and explicit hosts.

Every outside service is chosen by the environment (deploy/README.md shows a setup for
several machines): DATABASE_URL (PostgreSQL), REDIS_URL (the caches, sessions and rate
limits that all app servers share), TASKS_BACKEND (the database queue for `db_worker`),
EMAIL_HOST (SMTP). Without them it runs on one machine as `make serve` does.
"""

import zlib
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from showcase.env import env_bool, env_int, env_list, env_str

from .base import *  # noqa: F403

DEBUG = False


def weak_secret_key(key: str) -> bool:
    """Too short, too few different characters, or a pattern: compressed, a random key of 50
    or more characters keeps at least 40 bytes; "abcde" * 11 keeps 16."""
    if len(key) < 50 or len(set(key)) < 10 or "insecure" in key:
        return True
    repeats = any(key == (key[:period] * len(key))[: len(key)] for period in range(1, len(key) // 2 + 1))
    return repeats or len(zlib.compress(key.encode(), 9)) < 40


SECRET_KEY = env_str("SECRET_KEY")
if weak_secret_key(SECRET_KEY):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters, not a word or a pattern "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names this site serves.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Where collectstatic puts the files a web server in front serves (nginx: /static/).
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(STATIC_ROOT)))  # noqa: F405
STORAGES["staticfiles"]["BACKEND"] = "whitenoise.storage.CompressedManifestStaticFilesStorage"  # noqa: F405

# Behind a TLS-terminating proxy these should be on; `make serve` on loopback turns them off.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
# HSTS: browsers that once reached the site over HTTPS use nothing else for a year (sent on
# HTTPS responses only). SECURE_HSTS_PRELOAD=true asks to be in the browsers' preload list:
# set it once every subdomain serves HTTPS, since leaving that list takes months.
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600, minimum=0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

if env_str("EMAIL_HOST"):
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_HOST = env_str("EMAIL_HOST")
    EMAIL_PORT = env_int("EMAIL_PORT", 587, minimum=1)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
elif env_str("EMAIL_FILE_PATH"):
    # EMAIL_BACKEND=django.core.mail.backends.filebased.EmailBackend writes each message here.
    EMAIL_FILE_PATH = env_str("EMAIL_FILE_PATH")

if env_str("REDIS_URL"):
    REDIS_CACHE = {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
    CACHES = {alias: {**REDIS_CACHE, "KEY_PREFIX": alias} for alias in ("default", "shared")}
    # Sessions are read from Redis (no query per signed-in request, on any app server) and
    # written through to the database, so a Redis restart or an eviction under memory
    # pressure (maxmemory-policy volatile-lru) signs nobody out. Session writes are rare.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    SESSION_CACHE_ALIAS = "shared"
