"""Accept-Language picks the language of a visitor's first request; after that the URL decides."""

from django.conf import settings
from django.http import HttpResponseRedirect
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language_from_path, get_language_from_request

from core.languages_switch import language_version_url


class FirstVisitLanguageMiddleware:
    """On a first visit (no language cookie) to an English address, a browser that prefers
    Swedish or Chinese is sent to the same page in that language, once. Every response
    then carries the cookie, so later visits are never redirected: a visitor who chooses
    English through the switch stays in English, and links shared with others open in
    the language they name."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        first_visit = settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        if first_visit and _is_page_view(request) and not get_language_from_path(request.path_info):
            preferred = get_language_from_request(request)
            if preferred != settings.LANGUAGE_CODE:
                target = language_version_url(request, preferred)
                if target and target != request.get_full_path():
                    response = HttpResponseRedirect(target)
                    self._remember(response, preferred)
                    return response
        response = self.get_response(request)
        if first_visit:
            patch_vary_headers(response, ("Accept-Language",))
            resolved = request.resolver_match is not None or getattr(request, "served_from_page_cache", False)
            if resolved and _is_html(response):
                self._remember(response, get_language_from_path(request.path_info) or settings.LANGUAGE_CODE)
        return response

    @staticmethod
    def _remember(response, language):
        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
            httponly=True,
        )
        patch_vary_headers(response, ("Accept-Language", "Cookie"))


def _is_page_view(request):
    # A person's browser opening a page; calendar apps, feed readers and crawlers asking
    # for files say nothing about HTML and get what the address names.
    return request.method in ("GET", "HEAD") and "text/html" in request.headers.get("Accept", "")


def _is_html(response):
    # Feeds and files are fetched by calendar apps and crawlers, not people choosing a language.
    return response.get("Content-Type", "").startswith("text/html")
