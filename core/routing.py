"""The Site and home page Wagtail needs before it routes a request, kept between requests."""

from django.http.request import split_domain_port
from wagtail.models import Site
from wagtail.views import serve as wagtail_serve

from core.page_cache import remember


class KeptSiteMiddleware:
    """Before Wagtail serves a page it looks up the request's Site and loads the site's home
    page as its own type: two queries on every page, for rows that change only when an
    editor edits them. Both are kept with the page cache's shared parts (retired by any
    write) and handed to Wagtail where it looks for them (`request._wagtail_site`).
    Only for Wagtail's own view: a page served from the page cache never gets this far."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if view_func is wagtail_serve and not hasattr(request, "_wagtail_site"):
            request._wagtail_site = kept_site(request)


def kept_site(request) -> Site | None:
    """The Site Wagtail would find for `request`, its root page loaded as its own type."""
    hostname, port = split_domain_port(request._get_raw_host())[0], request.get_port()

    def find():
        site = Site._find_for_request(request)
        if site is None:
            return False  # kept as well: None would mean "not kept"
        site.root_page = site.root_page.specific
        return site

    return remember(f"wagtail-site:{hostname}:{port}", find) or None
