"""The WSGI application for app servers behind a reverse proxy (deploy/gunicorn.conf.py).

The same application as showcase/wsgi.py, with the production settings by default. The
client's address, which rate limits and the login throttle count, comes from nginx's
X-Forwarded-For / X-Real-IP only when the request comes from a proxy listed in
TRUSTED_PROXIES (core/ratelimit.py, `client_ip`); app servers must only be reachable from
the proxies.
"""

import os

# The production settings unless told otherwise (showcase/wsgi.py alone would pick dev).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings.production")

from showcase.wsgi import application

__all__ = ["application"]
