"""Security headers on every response: the Content-Security-Policy (django-csp, configured in
settings) and a Permissions-Policy."""

from csp.constants import UNSAFE_INLINE
from csp.middleware import CSPMiddleware
from django.conf import settings

from core.input_guard import STAFF_PREFIXES


class SiteCSPMiddleware(CSPMiddleware):
    """The policy of settings.CONTENT_SECURITY_POLICY everywhere; in the staff admin, inline
    scripts and styles as well, because Wagtail's editor writes some of its set-up inline
    (a strict policy there broke the page editor). Visitors' pages stay strict."""

    def get_policy_parts(self, request, response, report_only=False):
        parts = super().get_policy_parts(request, response, report_only)
        if request.path_info.startswith(STAFF_PREFIXES):
            # blob: for the previews of images chosen for upload.
            admin = {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE], "img-src": ["blob:"]}
            parts.update = {**(parts.update or {}), **admin}
        return parts


class PermissionsPolicyMiddleware:
    """No page of the site uses a camera, microphone, location, payment or the like: say so,
    so that nothing embedded or injected can ask for them."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
