from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET


class RefusedInput(BadRequest):
    """Input the site refuses, with a message for the person who sent it."""


def refusal(message: str, status: int = 400, title: str = "", as_json: bool = False) -> HttpResponse:
    # Rendered without the request: the address or a cookie may be what was wrong.
    if as_json:  # the open API's addresses answer in its own format (a Problem)
        return JsonResponse({"detail": str(message), "messages": []}, status=status)
    title = title or (_("Too large") if status == 413 else _("This request cannot be handled"))
    body = render_to_string("refused.html", {"title": title, "message": message})
    return HttpResponse(body, status=status)


def login_locked(request, original_response=None, credentials=None):
    """django-axes' lockout answer (AXES_LOCKOUT_CALLABLE) on the admin's sign-in form."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    message = ngettext(
        "Too many failed sign-ins: signing in with this user name or from this address is paused for "
        "%(minutes)d minute. Try again after that, or ask an administrator of your office to set a new password.",
        "Too many failed sign-ins: signing in with this user name or from this address is paused for "
        "%(minutes)d minutes. Try again after that, or ask an administrator of your office to set a new password.",
        minutes,
    ) % {"minutes": minutes}
    return refusal(message, status=429, title=_("Sign-in paused"))


def bad_request(request, exception):
    """handler400: our own refusals say why; others (a disallowed host…) say nothing back."""
    if isinstance(exception, RefusedInput):
        return refusal(str(exception))
    return refusal(_("The request could not be understood. Check the address, or go back and send the form again."))


@require_GET
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /django-admin/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")


@require_GET
@cache_control(max_age=86400, public=True)
def favicon(request):
    # Browsers ask for /favicon.ico on their own; send them to the static icon
    # (a temporary redirect: the static URL is hashed in production and changes with the file).
    return HttpResponseRedirect(static("favicon.ico"))


def serve_media(request, path, document_root):
    """Uploaded files where no web server is in front (`make serve`)."""
    from django.views.static import serve

    try:
        return serve(request, path, document_root=document_root)
    except (OSError, ValueError):
        # A name too long for the file system, or one holding a character it refuses.
        raise Http404(_("There is no such file.")) from None
