"""The staff workspace in the Wagtail admin: the request inbox, the request page and its actions.

Every view asks offices.permissions; another office's request is a 404 for office staff.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from catalogue.models import BestPracticePage, CompanyPage, ExpertPage
from offices.permissions import Action, can, require, scope_requests
from visits import staff_services
from visits.capacity import SlotUnavailable
from visits.matchmaking import suggestions
from visits.models import VisitRequest
from visits.services import ALLOWED_TRANSITIONS, TransitionRefused
from visits.staff_forms import (
    CompleteForm,
    InboxFilterForm,
    NoteForm,
    QuestionForm,
    ReasonForm,
    ReassignForm,
    VisitDayFormSet,
)

PAGE_SIZE = 25
REASSIGNABLE = {VisitRequest.Status.SUBMITTED, VisitRequest.Status.IN_REVIEW, VisitRequest.Status.NEEDS_INFO}


def _request_for(user, pk, action=Action.VIEW):
    require(user, action)  # the role first: an editor is refused, not told "not found"
    visit_request = get_object_or_404(scope_requests(user, VisitRequest.objects.select_related("office")), pk=pk)
    require(user, action, visit_request.office)
    return visit_request


@require_GET
def inbox(request):
    require(request.user, Action.VIEW)
    form = InboxFilterForm(request.GET or None)
    requests = scope_requests(request.user, VisitRequest.objects.select_related("office"))
    status = 200
    if form.is_bound and not form.is_valid():
        status = 400
        filtered = requests.none()
    else:
        filtered = form.filter(requests) if form.is_bound else requests.order_by("-created_at", "-pk")
    new_per_office = (
        requests.filter(status=VisitRequest.Status.SUBMITTED)
        .values("office__title")
        .annotate(n=Count("pk"))
        .order_by("office__title")
    )
    page = Paginator(filtered, PAGE_SIZE).get_page(request.GET.get("page"))
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


@require_GET
def detail(request, pk):
    visit_request = _request_for(request.user, pk)
    handle = can(request.user, Action.HANDLE, visit_request.office)
    allowed = ALLOWED_TRANSITIONS[visit_request.status]
    context = {
        "visit_request": visit_request,
        "header_title": visit_request.reference or _("Request"),
        "show_contact": can(request.user, Action.VIEW_CONTACT, visit_request.office),
        "handle": handle,
        "allowed": {status.value for status in allowed},
        "can_erase": can(request.user, Action.EXPORT_ERASE),
        "can_reassign": visit_request.status in REASSIGNABLE,
        "requested_slots": visit_request.requested_slots.select_related("slot"),
        "visits": visit_request.visits.select_related("office", "slot").prefetch_related(
            "hosts", "sites", "companies", "experts"
        ),
        "history": visit_request.status_changes.select_related("actor"),
        "notes": visit_request.notes.select_related("author") if handle else [],
        "interests": visit_request.interests.all(),
        "plan_items": visit_request.plan_items.all(),
        "suggestions": suggestions(visit_request) if handle else {},
        "note_form": NoteForm(),
        "question_form": QuestionForm(),
        "reason_form": ReasonForm(),
        "reassign_form": ReassignForm(visit_request=visit_request),
    }
    if handle and visit_request.status == VisitRequest.Status.CONFIRMED:
        context["complete_form"] = CompleteForm(visit_request=visit_request)
    return TemplateResponse(request, "visits/staff/detail.html", context)


def _act(request, pk, run, form_class=None, success=""):
    """Parse the form, check the right, call one service, and come back to the request."""
    visit_request = _request_for(request.user, pk, Action.HANDLE)
    form = form_class(request.POST) if form_class else None
    if form is not None and not form.is_valid():
        messages.error(
            request,
            _("Please fill in the form: %(errors)s")
            % {
                "errors": "; ".join(
                    f"{form.fields[name].label}: {' '.join(errors)}" if name in form.fields else " ".join(errors)
                    for name, errors in form.errors.items()
                )
            },
        )
        return redirect("visits_staff:detail", pk=pk)
    try:
        run(visit_request, form.cleaned_data if form else {})
    except (TransitionRefused, SlotUnavailable) as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("visits_staff:detail", pk=pk)


@require_POST
def start_review(request, pk):
    return _act(request, pk, lambda r, d: staff_services.start_review(r, request.user), success=_("Review started."))


@require_POST
def ask_information(request, pk):
    return _act(
        request,
        pk,
        lambda r, d: staff_services.ask_for_information(r, request.user, d["question"]),
        QuestionForm,
        _("The question was sent to the requester."),
    )


@require_POST
def decline(request, pk):
    return _act(
        request,
        pk,
        lambda r, d: staff_services.decline_request(r, request.user, d["reason"]),
        ReasonForm,
        _("The request is declined and its days are free."),
    )


@require_POST
def cancel(request, pk):
    return _act(
        request,
        pk,
        lambda r, d: staff_services.cancel_by_staff(r, request.user, d["reason"]),
        ReasonForm,
        _("The visit is cancelled."),
    )


@require_POST
def add_note(request, pk):
    return _act(
        request, pk, lambda r, d: staff_services.add_note(r, request.user, d["text"]), NoteForm, _("Note saved.")
    )


@require_POST
def reassign(request, pk):
    visit_request = _request_for(request.user, pk, Action.HANDLE)
    form = ReassignForm(request.POST, visit_request=visit_request)
    if not form.is_valid():
        messages.error(request, _("Choose the office to hand the request to."))
        return redirect("visits_staff:detail", pk=pk)
    try:
        staff_services.reassign_request(
            visit_request, request.user, form.cleaned_data["office"], form.cleaned_data["reason"]
        )
    except TransitionRefused as error:
        messages.error(request, str(error))
        return redirect("visits_staff:detail", pk=pk)
    messages.success(request, _("Handed over to %(office)s.") % {"office": form.cleaned_data["office"].title})
    # After handing over, office staff may no longer see the request.
    if can(request.user, Action.VIEW, form.cleaned_data["office"]):
        return redirect("visits_staff:detail", pk=pk)
    return redirect("visits_staff:inbox")


@require_POST
def complete(request, pk):
    visit_request = _request_for(request.user, pk, Action.HANDLE)
    form = CompleteForm(request.POST, visit_request=visit_request)
    if not form.is_valid():
        messages.error(request, _("Check the participant numbers."))
        return redirect("visits_staff:detail", pk=pk)
    try:
        staff_services.complete_request(visit_request, request.user, form.participants(), form.cleaned_data["topics"])
    except TransitionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The visit is recorded as completed."))
    return redirect("visits_staff:detail", pk=pk)


@require_http_methods(["GET", "POST"])
def schedule(request, pk):
    visit_request = _request_for(request.user, pk, Action.HANDLE)
    if visit_request.status not in (VisitRequest.Status.SUBMITTED, VisitRequest.Status.IN_REVIEW):
        messages.error(request, _("Only a request in review can be confirmed."))
        return redirect("visits_staff:detail", pk=pk)
    initial = [
        {"date": requested.date, "slot": requested.slot, **_starred_by_kind(visit_request)}
        for requested in visit_request.requested_slots.select_related("slot")[:1]
    ]
    formset = VisitDayFormSet(request.POST or None, initial=initial, prefix="day")
    status = 200
    if request.method == "POST":
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
        {"visit_request": visit_request, "formset": formset, "header_title": _("Confirm and schedule")},
        status=status,
    )


def _starred_by_kind(visit_request):
    """The plan's starred pages split into the day form's sites, companies and experts."""
    starred = visit_request.plan_items.values("pk")
    return {
        "sites": list(BestPracticePage.objects.filter(pk__in=starred).values_list("pk", flat=True)),
        "companies": list(CompanyPage.objects.filter(pk__in=starred).values_list("pk", flat=True)),
        "experts": list(ExpertPage.objects.filter(pk__in=starred).values_list("pk", flat=True)),
    }


@require_GET
def export(request, pk):
    visit_request = _request_for(request.user, pk, Action.EXPORT_ERASE)
    response = HttpResponse(
        staff_services.export_personal_data(visit_request, request.user), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{visit_request.reference}.json"'
    return response


@require_POST
def erase(request, pk):
    visit_request = _request_for(request.user, pk, Action.EXPORT_ERASE)
    if request.POST.get("confirm") != visit_request.reference:
        messages.error(request, _("Type the reference to confirm the erasure."))
        return redirect("visits_staff:detail", pk=pk)
    staff_services.erase_personal_data(visit_request, request.user)
    messages.success(request, _("Contact data erased; the anonymous statistics are kept."))
    return redirect("visits_staff:detail", pk=pk)
