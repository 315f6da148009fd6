"""The staff workspace in the Wagtail admin: the request inbox, the request page and its actions.

Every view asks offices.permissions; another office's request is a 404 for office staff, a
missing right is a 403. An action answers 400 (the request page with the form's errors) for a
bad form and 409 when the request's state refuses it; in both cases nothing is saved.
"""

import functools

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.http import HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalogue.models import BestPracticePage, CompanyPage, ExpertPage
from offices.models import TriageRules
from offices.permissions import Action, can, require, scope
from visits import delegation, delegation_views, services, staff_services, triage
from visits.availability import SlotUnavailable
from visits.delegation_forms import VisaLetterForm
from visits.matchmaking import suggestions
from visits.models import HostInvitation, RequestedSlot, Visit, VisitRequest
from visits.services import StaffAction, TransitionRefused
from visits.staff_access import request_for
from visits.staff_forms import (
    CompleteForm,
    EraseForm,
    InboxFilterForm,
    NoteForm,
    QuestionForm,
    ReasonForm,
    ReassignForm,
    VisitDayFormSet,
)

PAGE_SIZE = 25

# The form of each action on the request page. Each form gets its own ids ("decline_reason",
# "hand_over_reason"…): several forms with the same fields share one page.
ACTION_FORMS = {
    StaffAction.ASK: QuestionForm,
    StaffAction.DECLINE: ReasonForm,
    StaffAction.HAND_OVER: ReassignForm,
    StaffAction.CANCEL: ReasonForm,
    StaffAction.COMPLETE: CompleteForm,
    StaffAction.NOTE: NoteForm,
    StaffAction.ERASE: EraseForm,
}

# The schedule form's "Add" buttons: POST name → the day form's field.
ADD_FIELDS = {"add_site": "sites", "add_company": "companies", "add_expert": "experts"}
SUGGESTION_ADD = {"sites": "add_site", "companies": "add_company", "experts": "add_expert"}


def staff_view(view):
    """A missing right answers 403 here, rather than Wagtail's redirect to the dashboard."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied:
            return TemplateResponse(request, "visits/staff/denied.html", {"header_title": _("Not allowed")}, status=403)

    return wrapped


def _request_for(user, pk, action=Action.VIEW):
    # The office's triage rules come along (the request page shows its checks).
    return request_for(user, pk, action, VisitRequest.objects.select_related("office__triage_rules"))


@require_GET
@staff_view
def inbox(request):
    require(request.user, Action.VIEW)
    form = InboxFilterForm(request.GET or None)
    requests = scope(request.user, VisitRequest.objects.select_related("office__triage_rules"))
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        filtered = requests.none()
    else:
        filtered = form.filter(requests) if form.is_bound else requests.order_by("-created_at", "-pk")
    # The days column: requested days, or the visit days once there are any; no query per row.
    filtered = filtered.prefetch_related(
        Prefetch("requested_slots", queryset=RequestedSlot.objects.select_related("slot")),
        Prefetch("visits", queryset=Visit.objects.select_related("slot", "office")),
    )
    new_per_office = (
        requests.filter(status=VisitRequest.Status.SUBMITTED)
        .values("office__title")
        .annotate(n=Count("pk"))
        .order_by("office__title")
    )
    page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
    _mark_findings(page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    return TemplateResponse(
        request,
        "visits/staff/inbox.html",
        {
            "form": form,
            "page": page,
            "new_per_office": new_per_office,
            "query": query.urlencode(),
            "show_contact": can(request.user, Action.VIEW_CONTACT),
            "header_title": _("Visit requests"),
        },
        status=status,
    )


def _mark_findings(rows):
    """Give each row awaiting a decision the labels of its triage findings (`check_labels`);
    a fixed number of queries for the whole page."""
    awaiting = [row for row in rows if row.status in services.EDITABLE_BY_REQUESTER]
    found = triage.findings_for_many(awaiting)
    for row in rows:
        row.check_labels = list(dict.fromkeys(finding.label for finding in found.get(row.pk, [])))


def _action_form(action, visit_request, data=None):
    return ACTION_FORMS[action](data, visit_request=visit_request, auto_id=f"{action}_%s")


def _detail_response(request, visit_request, bound_form=None, action=None, status=200, extra_context=None):
    """The request page; after a refused action, with that action's form as submitted."""
    actions = services.possible_actions(visit_request, request.user)
    handle = can(request.user, Action.HANDLE, visit_request.office)
    forms = {name: _action_form(name, visit_request) for name in ACTION_FORMS if name in actions}
    if action in forms:  # the submitted form, with its errors (only where the action is offered)
        forms[action] = bound_form
    visits = visit_request.visits.select_related("office", "slot").prefetch_related(
        "hosts",
        "sites",
        "companies",
        "experts",
        Prefetch("host_invitations", queryset=HostInvitation.objects.select_related("site")),
    )
    # Read once, for the page and for the checks.
    requested_slots = list(visit_request.requested_slots.select_related("slot"))
    interests, plan_items = list(visit_request.interests.all()), list(visit_request.plan_items.all())
    context = {
        "visit_request": visit_request,
        "header_title": visit_request.reference or _("Request"),
        "show_contact": can(request.user, Action.VIEW_CONTACT, visit_request.office),
        "handle": handle,
        "actions": actions,
        "forms": forms,
        "open_form": action,
        "requested_slots": requested_slots,
        "visits": visits,
        "history": visit_request.status_changes.select_related("actor"),
        "notes": visit_request.notes.select_related("author") if handle else [],
        "interests": interests,
        "plan_items": plan_items,
        "findings": triage.findings_for(
            visit_request,
            days=[requested.date for requested in requested_slots],
            interests=[sub_area.pk for sub_area in interests],
            plan_items=[page.pk for page in plan_items],
        ),
        "checked": triage.describe_rules(TriageRules.for_office(visit_request.office)),
        "suggestions": _suggestions(visit_request) if handle else [],
        "can_export": StaffAction.EXPORT in actions,
        "can_erase": StaffAction.ERASE in actions,
        **_delegation_context(request.user, visit_request, handle),
        **(extra_context or {}),
    }
    return TemplateResponse(request, "visits/staff/detail.html", context, status=status)


def _delegation_context(user, visit_request, handle):
    """The delegation section: names and needs for those who see contact data, only the count
    for the others (managers); editing and the visa letter for those who handle the request."""
    if not can(user, Action.VIEW_CONTACT, visit_request.office):
        named = visit_request.participants.count()
        return {"delegation_named": delegation.named_sentence(named, visit_request.group_size)}
    record = delegation.delegation_of(visit_request)
    letter_refusal = delegation.visa_letter_refused(visit_request) if handle else None
    return {
        "delegation": record,
        "can_edit_delegation": handle and delegation.edit_refused(visit_request, by_staff=True) is None,
        "visa_letter_refusal": letter_refusal,
        "visa_form": VisaLetterForm(participants=record.participants) if handle and not letter_refusal else None,
    }


@require_GET
@staff_view
def detail(request, pk):
    return _detail_response(request, _request_for(request.user, pk))


def _act(request, pk, action, run, success, right=Action.HANDLE, then=None):
    """Check the right, parse the action's form, call one service, and come back to the request
    (or where `then(data)` says).

    A bad form answers 400 and a refusal of the request's state 409, both with the request
    page showing why; nothing is saved then.
    """
    visit_request = _request_for(request.user, pk, right)
    form = _action_form(action, visit_request, request.POST) if action in ACTION_FORMS else None
    if form is not None and not form.is_valid():
        messages.error(request, _("Nothing was changed: please correct the form."))
        return _detail_response(request, visit_request, form, action, status=400)
    data = form.cleaned_data if form else {}
    try:
        run(visit_request, data)
    except (TransitionRefused, SlotUnavailable) as error:
        messages.error(request, str(error))
        fresh = _request_for(request.user, pk)
        return _detail_response(request, fresh, status=409)
    messages.success(request, success if isinstance(success, str) else success(data))
    return (then and then(data)) or redirect("visits_staff:detail", pk=pk)


@require_POST
@staff_view
def start_review(request, pk):
    return _act(
        request,
        pk,
        StaffAction.START_REVIEW,
        lambda r, d: staff_services.start_review(r, request.user),
        _("Review started."),
    )


@require_POST
@staff_view
def ask_information(request, pk):
    return _act(
        request,
        pk,
        StaffAction.ASK,
        lambda r, d: staff_services.ask_for_information(r, request.user, d["question"]),
        _("The question was sent to the requester."),
    )


@require_POST
@staff_view
def decline(request, pk):
    return _act(
        request,
        pk,
        StaffAction.DECLINE,
        lambda r, d: staff_services.decline_request(r, request.user, d["reason"]),
        _("The request is declined and its days are free."),
    )


@require_POST
@staff_view
def cancel(request, pk):
    return _act(
        request,
        pk,
        StaffAction.CANCEL,
        lambda r, d: staff_services.cancel_by_staff(r, request.user, d["reason"]),
        _("The visit is cancelled."),
    )


@require_POST
@staff_view
def add_note(request, pk):
    return _act(
        request,
        pk,
        StaffAction.NOTE,
        lambda r, d: staff_services.add_note(r, request.user, d["text"]),
        _("Note saved."),
    )


@require_POST
@staff_view
def reassign(request, pk):
    def away(data):
        # After handing over, office staff may no longer see the request.
        return None if can(request.user, Action.VIEW, data["office"]) else redirect("visits_staff:inbox")

    return _act(
        request,
        pk,
        StaffAction.HAND_OVER,
        lambda r, d: staff_services.reassign_request(r, request.user, d["office"], d["reason"]),
        lambda d: _("Handed over to %(office)s.") % {"office": d["office"].title},
        then=away,
    )


@require_POST
@staff_view
def complete(request, pk):
    return _act(
        request,
        pk,
        StaffAction.COMPLETE,
        lambda r, d: staff_services.complete_request(r, request.user, _participants(d), d["topics"]),
        _("The visit is recorded as completed."),
    )


def _participants(data):
    """{visit pk: participants} from the completion form's participants_<pk> fields."""
    prefix = "participants_"
    return {int(name.removeprefix(prefix)): value for name, value in data.items() if name.startswith(prefix)}


@require_POST
@staff_view
def erase(request, pk):
    return _act(
        request,
        pk,
        StaffAction.ERASE,
        lambda r, d: staff_services.erase_personal_data(r, request.user),
        _("Contact data erased; the anonymous statistics are kept."),
        right=Action.EXPORT_ERASE,
    )


@require_GET
@staff_view
def export(request, pk):
    visit_request = _request_for(request.user, pk, Action.EXPORT_ERASE)
    response = HttpResponse(
        staff_services.export_personal_data(visit_request, request.user), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{visit_request.reference}.json"'
    return response


@require_http_methods(["GET", "POST"])
@staff_view
def schedule(request, pk):
    visit_request = _request_for(request.user, pk, Action.HANDLE)
    if StaffAction.SCHEDULE not in services.possible_actions(visit_request, request.user):
        messages.error(request, _("Only a request in review can be confirmed."))
        return _detail_response(request, visit_request, status=409)
    data = request.POST.copy() if request.method == "POST" else None
    adding = _added_item(request.GET if data is None else data)
    initial = [
        {"date": requested.date, "slot": requested.slot, **_starred_by_kind(visit_request)}
        for requested in visit_request.requested_slots.select_related("slot")[:1]
    ]
    if data is None and adding:  # a link from the request page: the proposed day with the item ticked
        initial = initial or [{}]
        field, pk_added = adding
        if pk_added not in initial[0].get(field, []):
            initial[0][field] = [*initial[0].get(field, []), pk_added]
    formset = VisitDayFormSet(data, initial=initial, prefix="day", form_kwargs={"visit_request": visit_request})
    status = 200
    add_to = _day_index(data, len(formset.forms)) if data is not None else 0
    if data is not None and adding:
        # "Add" on a suggestion: tick it in the chosen day and show the form again; nothing is saved.
        field, pk_added = adding
        formset.forms[add_to].add(field, pk_added)
    elif data is not None:
        status = 400
        if formset.is_valid():
            days = [form.day() for form in formset if form.cleaned_data]
            try:
                staff_services.schedule_request(visit_request, request.user, days)
            except (TransitionRefused, SlotUnavailable) as error:
                formset._non_form_errors = formset.error_class([str(error)])
                status = 409
            else:
                messages.success(
                    request, _("Confirmed; the programme and calendar file are on their way to the requester.")
                )
                return redirect("visits_staff:detail", pk=pk)
    return TemplateResponse(
        request,
        "visits/staff/schedule.html",
        {
            "visit_request": visit_request,
            "formset": formset,
            "show_errors": not adding,
            "add_to": add_to + 1,
            "suggestions": _suggestions(visit_request),
            "header_title": _("Confirm and schedule"),
        },
        status=status,
    )


def _suggestions(visit_request):
    """[(kind, name of its "Add" parameter, suggestions)] for the request page and the schedule form."""
    return [(kind, SUGGESTION_ADD[kind], items) for kind, items in suggestions(visit_request).items()]


def _added_item(data):
    """("sites", 12) for add_site=12 (likewise add_company, add_expert), else None."""
    for name, field in ADD_FIELDS.items():
        value = data.get(name, "")
        if value.isdigit():
            return field, int(value)
    return None


def _day_index(data, total):
    """Which day the "Add" buttons fill: the form's "add to day" choice (1-based), else the first."""
    value = data.get("add_to", "")
    return int(value) - 1 if value.isdigit() and 1 <= int(value) <= total else 0


def _starred_by_kind(visit_request):
    """The plan's starred pages split into the day form's sites, companies and experts."""
    starred = visit_request.plan_items.values("pk")
    return {
        "sites": list(BestPracticePage.objects.filter(pk__in=starred).values_list("pk", flat=True)),
        "companies": list(CompanyPage.objects.filter(pk__in=starred).values_list("pk", flat=True)),
        "experts": list(ExpertPage.objects.filter(pk__in=starred).values_list("pk", flat=True)),
    }


# --- The delegation record and the visa invitation letter --------------------------------


def _edit_delegation(request, pk, upload=False):
    """The requester's delegation page, in the admin: the same forms and services, `actor` the user."""
    visit_request = _request_for(request.user, pk, Action.HANDLE)
    editor = delegation_views.Editor(
        actor=request.user,
        template="visits/delegation/staff_edit.html",
        page_url=reverse("visits_staff:delegation", args=[visit_request.pk]),
        upload_url=reverse("visits_staff:delegation_upload", args=[visit_request.pk]),
        done_url=reverse("visits_staff:detail", args=[visit_request.pk]),
        context={"header_title": _("Delegation")},
    )
    return delegation_views.edit(request, visit_request, editor, upload=upload)


@require_http_methods(["GET", "POST"])
@staff_view
def delegation_edit(request, pk):
    return _edit_delegation(request, pk)


@require_POST
@staff_view
def delegation_upload(request, pk):
    return _edit_delegation(request, pk, upload=True)


@require_POST
@staff_view
def visa_letter(request, pk):
    """The invitation letter as a PDF download, for the whole group or one participant."""
    visit_request = _request_for(request.user, pk, Action.HANDLE)
    refusal = delegation.visa_letter_refused(visit_request)
    if refusal:
        messages.error(request, refusal)
        return _detail_response(request, visit_request, status=409)
    form = VisaLetterForm(request.POST, participants=visit_request.participants.all())
    if not form.is_valid():
        messages.error(request, _("Nothing was written: please choose who the letter is for."))
        return _detail_response(request, visit_request, status=400, extra_context={"visa_form": form})
    try:
        pdf = delegation.write_visa_letter(visit_request, actor=request.user, participant=form.participant())
    except TransitionRefused as error:
        messages.error(request, str(error))
        return _detail_response(request, _request_for(request.user, pk), status=409)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{delegation.letter_filename(visit_request)}"'
    return response
