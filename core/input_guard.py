"""Input no form or link of the site produces is refused before any view or database sees it.

- A NUL character in the address, the query or a form: PostgreSQL cannot store or compare
  text holding one, so each lookup with it was a 500. Nothing a person types contains one.
- A cookie holding one is dropped and expired instead: refusing it would lock that browser
  out of every page until the cookie expired.
- A body larger than MAX_REQUEST_BYTES, before it is read: Django streams uploaded files to
  disk without a limit, and only then would a form refuse them.
- Files sent to an address whose form takes none (views marked `@accepts_files` take them;
  the staff admin takes images and documents) are skipped unread: the form's other fields
  still arrive, and nothing is written to disk.
"""

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import OperationalError
from django.utils.translation import gettext as _

from core.views import RefusedInput, refusal

STAFF_PREFIXES = ("/admin/", "/django-admin/")


def _as_json(request) -> bool:
    """Whether the address is the open API's, which answers in JSON (settings.API_PATH_PREFIX)."""
    return request.path_info.startswith(settings.API_PATH_PREFIX)


def accepts_files(view):
    """Mark a view whose form takes uploaded files."""
    view.accepts_files = True
    return view


def _has_nul(values) -> bool:
    return any("\x00" in value for value in values)


class SkipFiles(FileUploadHandler):
    """An upload handler that takes no file: each one is read past and dropped."""

    def new_file(self, *args, **kwargs):
        raise SkipFile

    def receive_data_chunk(self, raw_data, start):
        return None

    def file_complete(self, file_size):
        return None


class InputGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        too_large = self._too_large(request)
        if too_large:
            return too_large
        if "\x00" in request.path_info or _has_nul(request.GET.keys()) or _has_nul(request.GET.values()):
            return refusal(
                _("The address holds a character that no link on this site contains."), as_json=_as_json(request)
            )
        dropped = [name for name, value in request.COOKIES.items() if "\x00" in name or "\x00" in value]
        for name in dropped:
            del request.COOKIES[name]
        response = self.get_response(request)
        for name in dropped:
            if "\x00" not in name:
                response.delete_cookie(name)
        return response

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method != "POST":
            return None
        if request.content_type == "multipart/form-data" and not self._takes_files(request, view_func):
            request.upload_handlers = [SkipFiles()]
        if request.content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
            # Parsing here, as the CSRF check next does anyway; a charset other than UTF-8
            # makes Django raise BadRequest, a 400.
            fields = request.POST
            if _has_nul(fields.keys()) or any(_has_nul(fields.getlist(key)) for key in fields):
                return refusal(
                    _("The form holds a character that cannot be typed. Remove it and send again."),
                    as_json=_as_json(request),
                )
        return None

    @staticmethod
    def _too_large(request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise RefusedInput(_("The request's length is not a number.")) from None
        if length > settings.MAX_REQUEST_BYTES:
            megabytes = settings.MAX_REQUEST_BYTES // (1024 * 1024)
            message = _("The request is too large: at most %(n)d MB may be sent at once.") % {"n": megabytes}
            return refusal(message, 413, as_json=_as_json(request))
        return None

    @staticmethod
    def _takes_files(request, view_func):
        if getattr(view_func, "accepts_files", False):
            return True
        # The admin takes images and documents, from signed-in staff only.
        return request.path_info.startswith(STAFF_PREFIXES) and request.user.is_authenticated


class BusyDatabaseMiddleware:
    """SQLite lets one writer in at a time, and a writer that waited its whole timeout gets
    "database is locked". Its transaction rolled back, so nothing was saved: say that, with
    a 503 and Retry-After, rather than a 500."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, OperationalError) and "database is locked" in str(exception):
            response = refusal(
                _("The site is busy and nothing was saved. Please send it again in a moment."),
                status=503,
                title=_("Busy"),
                as_json=_as_json(request),
            )
            response["Retry-After"] = "5"
            return response
        return None
