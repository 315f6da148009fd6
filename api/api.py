"""The open API at /api/v1/: django-ninja, an OpenAPI 3.1 document and interactive docs
served from this site's own static files (never a CDN).

Policies, the same for every operation:
- Bad input is a 400 with a Problem (`detail`, `messages`), never ninja's 422 or a 500.
- Public collections send an ETag from their content and answer If-None-Match with 304.
- Anyone may read the public operations from any web page: `Access-Control-Allow-Origin: *`
  without credentials. The staff operations send no CORS headers, so browsers keep other
  sites out.
- Each client address may make API_REQUESTS_PER_MINUTE requests a minute (429 beyond).
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.middleware.http import ConditionalGetMiddleware
from django.utils.translation import gettext as _
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError
from ninja.throttling import AnonRateThrottle

from api import public, staff
from core.ratelimit import client_ip


class PerClientAddress(AnonRateThrottle):
    """API_REQUESTS_PER_MINUTE per client address, the address as the rest of the site sees
    it (core.ratelimit: X-Forwarded-For only from TRUSTED_PROXIES; ninja's own reading
    believes any client's header, so a changing header would escape the limit)."""

    def __init__(self):
        super().__init__(f"{settings.API_REQUESTS_PER_MINUTE}/m")

    def allow_request(self, request):
        self.num_requests = settings.API_REQUESTS_PER_MINUTE  # read afresh: operators and tests change it
        return super().allow_request(request)

    def get_ident(self, request):
        return client_ip(request)


api = NinjaAPI(
    title="Smart City Sweden Showcase API",
    version="1",
    description=(
        "Best practices, offices, free days, the public calendar and events of Smart City Sweden, "
        "in English (`lang=en`), Swedish (`sv`) and Simplified Chinese (`zh-hans`). Read-only and "
        "open to any site; rate-limited per client address."
    ),
    urls_namespace="api-v1",
    throttle=[PerClientAddress()],
)
api.add_router("/", public.router)
api.add_router("/staff/", staff.router)


def _problem(request, status, detail, messages=()):
    return api.create_response(request, {"detail": str(detail), "messages": [str(m) for m in messages]}, status=status)


@api.exception_handler(public.Refused)
def refused(request, error):
    return _problem(request, 400, error.detail, error.messages)


@api.exception_handler(ValidationError)
def invalid(request, error):
    messages = [f"{'.'.join(str(part) for part in e.get('loc', ())[1:])}: {e.get('msg', '')}" for e in error.errors]
    return _problem(request, 400, _("Some parameters are not valid."), messages)


@api.exception_handler(Http404)
def not_found(request, error):
    return _problem(request, 404, _("Not found."))


@api.exception_handler(PermissionDenied)
def forbidden(request, error):
    return _problem(request, 403, _("Your account may not do this."))


@api.exception_handler(HttpError)
def http_error(request, error):
    return _problem(request, error.status_code, error.message)


_conditional = ConditionalGetMiddleware(lambda request: None)


class PublicResponses:
    """ETag and 304 for every public GET (Django's ConditionalGetMiddleware), and CORS; every
    staff call written to the audit log."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.path.startswith("/api/v1/staff/"):
            _log_call(request, response)
        elif request.path.startswith("/api/v1/"):
            response["Access-Control-Allow-Origin"] = "*"
            if request.method in ("GET", "HEAD") and response.status_code == 200:
                response = _conditional.process_response(request, response)
        return response


def _log_call(request, response) -> None:
    from api.models import ApiCall

    token = getattr(request, "auth", None)
    user = getattr(request, "user", None)
    ApiCall.objects.create(
        token=token if getattr(token, "pk", None) else None,
        user=user if user is not None and user.is_authenticated else None,
        method=request.method[:8],
        path=request.get_full_path()[:300],
        status=response.status_code,
    )
