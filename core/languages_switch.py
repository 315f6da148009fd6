"""The page a visitor is on, in another language: for the language switch, the hreflang
links in the head and the first-visit redirect.

Wagtail pages link to their own version in that language (a translation, or the alias
that shows the English text until one exists); every other view keeps its address and
swaps the language prefix. Query strings are kept, since filters name default-language
records and mean the same in every language.
"""

from django.conf import settings
from django.http import Http404
from django.urls import NoReverseMatch, Resolver404, resolve, reverse
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from wagtail.models import Page, Site

from core.page_cache import remember


def language_home_url(language: str) -> str:
    with translation.override(language):
        return reverse("wagtail_serve", args=[""])


def _safe_local(url: str, language: str) -> str:
    # A crafted path such as "//evil.example/" must never become a link to another host.
    if url.startswith("/") and url_has_allowed_host_and_scheme(url, allowed_hosts=None):
        return url
    return language_home_url(language)


def page_versions(page) -> dict[str, Page]:
    """{language code: live version of `page`} for every language it exists in, one query.

    As plain pages (all a link needs): loaded as their own type, every version's body and
    facts were read and parsed for nothing, a tenth of a practice page's time. Kept with
    the shared parts (retired by any content change): every page's header asks for them."""

    def versions():
        found = Page.objects.filter(translation_key=page.translation_key).live().select_related("locale")
        return {version.locale.language_code: version for version in found}

    return remember(f"page-versions:{page.translation_key}", versions)


def page_version_url(request, page, language: str, versions=None) -> str:
    versions = page_versions(page) if versions is None else versions
    version = versions.get(language)
    if version is None:
        return language_home_url(language)
    url = version.get_url(request) or language_home_url(language)
    query = request.META.get("QUERY_STRING", "")
    return _safe_local(f"{url}?{query}" if query else url, language)


def _current_match(request):
    """The URL match of the address asked for, or None: the one Django resolved for this
    request when it has (every template), else resolved now (the first-visit redirect
    runs before Django resolves)."""
    match = getattr(request, "resolver_match", None)
    if match is not None:
        return match
    try:
        return resolve(request.path_info)
    except Resolver404:
        return None


def _routed_page(request, match):
    """The Wagtail page an English address shows, or None."""
    if match.url_name != "wagtail_serve":
        return None
    site = Site.find_for_request(request)
    if site is None:
        return None
    path = match.kwargs.get("path", match.args[0] if match.args else "")
    components = [part for part in path.split("/") if part]
    try:
        page, _args, _kwargs = site.root_page.specific.route(request, components)
    except Http404:
        return None
    return page


def language_version_url(request, language: str) -> str | None:
    """Address of the current page in `language`, or None if there is none."""
    if language not in dict(settings.LANGUAGES):
        return None
    match = _current_match(request)
    if match is None:
        return None
    page = _routed_page(request, match)
    if page is not None:
        versions = page_versions(page)
        return page_version_url(request, page, language, versions) if language in versions else None
    return _safe_local(_translated_address(request, match, language), language)


def _translated_address(request, match, language: str) -> str:
    """The address asked for, query string kept, with its language prefix for `language`: as
    Django's translate_url does, from the match in hand rather than resolving again."""
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    with translation.override(language):
        try:
            path = reverse(name, args=match.args, kwargs=match.kwargs)
        except NoReverseMatch:
            return request.get_full_path()
    query = request.META.get("QUERY_STRING", "")
    return f"{path}?{query}" if query else path
