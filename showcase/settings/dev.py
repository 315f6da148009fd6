from showcase.env import env_list

from .base import *  # noqa: F403

DEBUG = True
# Only for local development: a fixed key is harmless because dev never faces the internet.
SECRET_KEY = "dev-only-insecure-key-never-use-in-production"  # noqa: S105
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
STATIC_ROOT = None
WHITENOISE_USE_FINDERS = True
