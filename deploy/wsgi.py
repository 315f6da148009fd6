"""The WSGI application for app servers behind a reverse proxy (deploy/gunicorn.conf.py).

The booking rate limit counts per client address (`core.ratelimit.client_ip`, which reads
REMOTE_ADDR). Behind nginx every request comes from nginx's address, so all visitors would
share one limit. gunicorn cannot take the client address from a header, so this wrapper
does: when a request comes from a trusted proxy (FORWARDED_ALLOW_IPS, the list gunicorn
itself uses for X-Forwarded-Proto; default 127.0.0.1,::1) and carries X-Real-IP, that is
the client. nginx sets X-Real-IP to the address it was connected from, replacing anything
a client sent, and app servers must only be reachable from the proxies.
"""

import contextlib
import ipaddress
import os

# The production settings unless told otherwise (showcase/wsgi.py alone would pick dev).
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings.production")

from showcase.wsgi import application as django_application


def trusted_networks(text: str) -> list:
    return [ipaddress.ip_network(item.strip(), strict=False) for item in text.split(",") if item.strip()]


class RealClientAddress:
    def __init__(self, app, trusted: str):
        self.app = app
        self.trust_all = trusted.strip() == "*"
        self.trusted = [] if self.trust_all else trusted_networks(trusted)

    def is_trusted(self, address: str) -> bool:
        if self.trust_all:
            return True
        try:
            ip = ipaddress.ip_address(address)
        except ValueError:
            return True  # a Unix socket has no address; gunicorn trusts those too
        return any(ip in network for network in self.trusted)

    def __call__(self, environ, start_response):
        real = environ.get("HTTP_X_REAL_IP", "").strip()
        if real and self.is_trusted(environ.get("REMOTE_ADDR", "")):
            with contextlib.suppress(ValueError):  # not an address: keep the proxy's
                environ["REMOTE_ADDR"] = str(ipaddress.ip_address(real))
        return self.app(environ, start_response)


application = RealClientAddress(django_application, os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1"))
