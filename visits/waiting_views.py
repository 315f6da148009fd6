"""Public views of the waiting lists: join a full slot, see one's place, accept an offer."""

import datetime

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.i18n import in_default_language, interface_language
from offices.models import OfficePage
from visits import limits, waiting_list
from visits.models import WaitingListEntry
from visits.waiting_forms import WaitingListForm

NOINDEX = {"X-Robots-Tag": "noindex"}


def _waited_slot(params):
    """(office, day, slot) named by ?office=<slug>&slot=<YYYY-MM-DD>|<slot id>, or 404."""
    office = in_default_language(OfficePage.objects.live()).filter(slug=params.get("office", "")[:100]).first()
    day_text, _sep, slot_id = params.get("slot", "").partition("|")
    try:
        day = datetime.date.fromisoformat(day_text)
        slot = office.visit_slots.filter(pk=int(slot_id)).first() if office else None
    except (ValueError, OverflowError):
        slot = None
    if slot is None:
        raise Http404(_("There is no such slot to wait for. Choose a day in the booking form."))
    return office, day, slot


def _group_size(raw) -> int:
    try:
        return max(1, min(int(raw), 500))
    except (TypeError, ValueError):
        return 1


@never_cache
@require_http_methods(["GET", "POST"])
def join(request):
    office, day, slot = _waited_slot(request.POST if request.method == "POST" else request.GET)
    form = WaitingListForm(request.POST or None, initial={"group_size": _group_size(request.GET.get("group_size"))})
    status = 200
    if request.method == "POST":
        status = 400
        if limits.too_many_attempts(request):
            form.add_error(None, limits.TOO_MANY)
        elif form.is_valid():
            fields = {**form.entry_fields(), "language": interface_language(request.LANGUAGE_CODE)}
            try:
                entry = waiting_list.join(office=office, day=day, slot=slot, fields=fields)
            except waiting_list.WaitingListRefused as refusal:
                form.add_error(None, str(refusal))
                status = 409
            else:
                messages.success(
                    request, _("You are on the waiting list. We have sent you an e-mail with this page's link.")
                )
                return redirect("visits:waiting_entry", token=entry.token)
    group_size = form.cleaned_data.get("group_size") if form.is_bound and hasattr(form, "cleaned_data") else None
    refusal = waiting_list.refusal_to_join(office, day, slot, group_size or form.initial["group_size"])
    return TemplateResponse(
        request,
        "visits/waiting_list_join.html",
        {"form": form, "office": office, "day": day, "slot": slot, "refusal": refusal},
        status=status,
        headers=NOINDEX,
    )


@never_cache
@require_http_methods(["GET"])
def entry(request, token):
    found = get_object_or_404(WaitingListEntry.objects.select_related("office", "slot", "request"), token=token)
    return TemplateResponse(
        request,
        "visits/waiting_list_entry.html",
        {"entry": found, "position": waiting_list.position_of(found)},
        headers=NOINDEX,
    )


@require_POST
def accept(request, token):
    found = get_object_or_404(WaitingListEntry, token=token)
    try:
        visit_request = waiting_list.accept(found)
    except waiting_list.WaitingListRefused as refusal:
        messages.error(request, str(refusal))
        return redirect("visits:waiting_entry", token=token)
    messages.success(request, _("Your visit request %(reference)s is sent.") % {"reference": visit_request.reference})
    return redirect("visits:status", token=visit_request.status_token)


@require_POST
def leave(request, token):
    found = get_object_or_404(WaitingListEntry, token=token)
    try:
        waiting_list.leave(found)
    except waiting_list.WaitingListRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, _("You have left the waiting list."))
    return redirect("visits:waiting_entry", token=token)
