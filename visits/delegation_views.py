"""The delegation page, for the requester (through the private status link) and for staff (the
same page in the admin, see staff_views). Each view parses, checks, calls one service, renders.

A bad table or file answers 400 with every problem listed; a closed record (edit window over,
request finished, data erased) 403 with the sentence saying why; someone else acting on the
request meanwhile 409. Nothing is saved in any of these cases.
"""

import dataclasses

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.dates import weekday_date
from core.input_guard import accepts_files
from visits import delegation
from visits.delegation_forms import NeedsForm, ParticipantUploadForm, error_links, participant_formset
from visits.models import VisitRequest
from visits.services import TransitionRefused

# Status tokens are 43 characters; anything much longer, or with a NUL byte, is no token.
MAX_TOKEN_LENGTH = 64


@dataclasses.dataclass(frozen=True)
class Editor:
    """Who edits the record (a staff user, or None for the requester) and where its page lives."""

    actor: object
    template: str
    page_url: str
    upload_url: str
    done_url: str
    context: dict = dataclasses.field(default_factory=dict)
    headers: dict = dataclasses.field(default_factory=dict)


def edit(request, visit_request, editor, *, upload=False):
    """GET: the page. POST: save the table and the needs or, with `upload`, replace the list
    with the participants of a file."""
    record = delegation.delegation_of(visit_request)
    refusal = delegation.edit_refused(visit_request, by_staff=editor.actor is not None)
    posted = request.method == "POST"
    if refusal:
        return _render(request, editor, record, refusal=refusal, status=403 if posted else 200)
    table_data = request.POST if posted and not upload else None
    forms = {
        "formset": participant_formset(visit_request, record.participants, table_data),
        "needs_form": NeedsForm(table_data, instance=record.needs),
        "upload_form": ParticipantUploadForm(
            request.POST if upload else None, request.FILES if upload else None, visit_request=visit_request
        ),
    }
    if not posted:
        return _render(request, editor, record, **forms)
    try:
        if upload:
            if not forms["upload_form"].is_valid():
                return _render(request, editor, record, status=400, **forms)
            delegation.import_participants(visit_request, forms["upload_form"].rows, actor=editor.actor)
            done = _("The list now holds the participants of the file.")
        else:
            valid = [forms["formset"].is_valid(), forms["needs_form"].is_valid()]
            if not all(valid):
                return _render(request, editor, record, status=400, **forms)
            delegation.save_delegation(
                visit_request, forms["formset"].rows(), forms["needs_form"].cleaned_data, actor=editor.actor
            )
            done = _("The delegation is saved.")
    except delegation.DelegationClosed as error:
        return _render(request, editor, record, refusal=str(error), status=403)
    except delegation.DelegationInvalid as error:
        if upload:
            forms["upload_form"].add_error("file", error.problems)
        else:
            forms["formset"]._non_form_errors = forms["formset"].error_class(error.problems)
        return _render(request, editor, record, status=400, **forms)
    except TransitionRefused as error:  # someone else changed the request meanwhile
        messages.error(request, str(error))
        return _render(request, editor, delegation.delegation_of(visit_request), status=409, **forms)
    messages.success(request, f"{done} {delegation.delegation_of(visit_request).named_sentence()}")
    return redirect(editor.done_url)


def _render(request, editor, record, *, refusal=None, status=200, formset=None, needs_form=None, upload_form=None):
    last_day = delegation.last_edit_day(record.visit_request) if editor.actor is None and not refusal else None
    context = {
        "visit_request": record.visit_request,
        "delegation": record,
        "refusal": refusal,
        "formset": formset,
        "needs_form": needs_form,
        "upload_form": upload_form,
        "errors": error_links(upload_form, formset, needs_form),
        "last_edit_day": weekday_date(last_day) if last_day else "",
        "page_url": editor.page_url,
        "upload_url": editor.upload_url,
        **editor.context,
    }
    return TemplateResponse(request, editor.template, context, status=status, headers=editor.headers or None)


# --- The requester's pages ------------------------------------------------------------------


def _request_by_token(token):
    if len(token) > MAX_TOKEN_LENGTH:
        raise Http404
    return get_object_or_404(VisitRequest.objects.select_related("office"), status_token=token)


def _requester(visit_request):
    token = visit_request.status_token
    page_url = reverse("visits:delegation", args=[token])
    return Editor(
        actor=None,
        template="visits/delegation/edit.html",
        page_url=page_url,
        upload_url=reverse("visits:delegation_upload", args=[token]),
        done_url=page_url,
        headers={"X-Robots-Tag": "noindex"},
    )


@never_cache
@require_http_methods(["GET", "POST"])
def request_delegation(request, token):
    visit_request = _request_by_token(token)
    return edit(request, visit_request, _requester(visit_request))


@accepts_files
@never_cache
@require_POST
def request_delegation_upload(request, token):
    visit_request = _request_by_token(token)
    return edit(request, visit_request, _requester(visit_request), upload=True)
