"""The Site and home page Wagtail needs before it routes a request, kept between requests."""

from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from core.page_cache import remember


class KeptSiteMiddleware:
    """Before Wagtail serves a page it looks up the request's Site, the active Locale and
    the site's home page in that language as its own type: three queries on every page (four
    in Swedish or Chinese), for rows that change only when an editor edits them. They are
    kept with the page cache's shared parts (retired by any write), and the route starts
    from the kept home page; both are handed to Wagtail where it looks for them
    (`request._wagtail_site`, `request._wagtail_route_for_request`, as its
    `Page.route_for_request` documents). Only for Wagtail's own view: a page served from
    the page cache never gets this far."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is not wagtail_serve or hasattr(request, "_wagtail_site"):
            return
        site = request._wagtail_site = kept_site(request)
        if site is None:
            return  # Wagtail answers 404 itself
        path = view_args[0] if view_args else view_kwargs.get("path", "")
        try:
            # As Wagtail's own route_for_request, from the home page it would have loaded.
            request._wagtail_route_for_request = site.root_page.route(
                request, [part for part in path.split("/") if part]
            )
        except Http404:
            request._wagtail_route_for_request = None


def kept_site(request) -> Site | None:
    """The Site Wagtail would find for `request`, its root page as Wagtail routes from it:
    in the active language (kept per language), as its own type."""
    hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()

    def find():
        site = Site._find_for_request(request)
        if site is None:
            return False  # kept as well: None would mean "not kept"
        site.root_page = site.root_page.localized.specific
        return site

    return remember(f"wagtail-site:{hostname}:{port}", find) or None
