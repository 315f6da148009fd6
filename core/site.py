"""The site's public address: one setting, PUBLIC_BASE_URL, for e-mails, feeds and Wagtail.

Wagtail builds full page URLs (sitemap, canonical links, JSON-LD) from its default
Site record; `sync_default_site` copies the address there (`manage.py sync_site_address`).
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def public_base_url() -> str:
    """The address the site is served at, without a trailing slash."""
    return settings.PUBLIC_BASE_URL.rstrip("/")


def absolute_url(path: str) -> str:
    """`path` (/visit/…) at the public address; an absolute URL is returned unchanged."""
    if urlsplit(path).scheme:
        return path
    return public_base_url() + "/" + path.lstrip("/")


def site_host_and_port() -> tuple[str, int]:
    """(hostname, port) for Wagtail's Site; refuses what its root_url cannot express."""
    parts = urlsplit(public_base_url())
    port = parts.port or {"http": 80, "https": 443}[parts.scheme]
    # Wagtail derives the scheme from the port: 443 is https, anything else http.
    if (parts.scheme == "https") != (port == 443):
        raise ImproperlyConfigured(
            f"PUBLIC_BASE_URL {settings.PUBLIC_BASE_URL!r}: Wagtail serves https only on port 443 "
            f"and http on any other port, so {parts.scheme} on port {port} cannot be represented."
        )
    return parts.hostname, port


def sync_default_site():
    """Give Wagtail's default Site the public address; returns the Site, or None if there is none."""
    from wagtail.models import Site

    hostname, port = site_host_and_port()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return None
    if (site.hostname, site.port) != (hostname, port):
        if Site.objects.filter(hostname=hostname, port=port).exists():
            raise ImproperlyConfigured(
                f"PUBLIC_BASE_URL {settings.PUBLIC_BASE_URL!r}: another Wagtail site already has this address."
            )
        site.hostname, site.port = hostname, port
        site.save(update_fields=["hostname", "port"])
    return site
