"""Public views of the study-tour planner. Each parses, checks, calls one service, renders.

The planner lives on the plan page (`{% tour_planner %}`); these views take its forms and
send the visitor back there (or, for htmx, answer the planner's new HTML at once).
"""

import datetime

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.i18n import interface_language
from core.pdf import render_pdf
from offices.models import VisitSlot
from tours import exports, services
from tours.forms import TourBookingForm, TourSettingsForm
from tours.templatetags.tours_tags import planner_context
from visits import limits, plans
from visits.availability import SlotUnavailable
from visits.models import VisitRequest


def _back_to_plan(request, plan, form=None, status=200):
    """htmx gets the planner's new HTML; a plain form post goes back to the plan page."""
    if request.headers.get("HX-Request"):
        response = TemplateResponse(
            request, "tours/includes/planner.html", planner_context(request, plan, form), status=status
        )
    else:
        response = redirect(reverse("visits:plan") + "#tour")
    return plans.remember_plan(response, plan) if plan else response


@require_POST
def tour_settings(request):
    plan = request.visit_plan or None
    tour = getattr(plan, "tour", None) if plan else None
    form = TourSettingsForm(request.POST, instance=tour)
    if not form.is_valid():
        if request.headers.get("HX-Request"):
            return _back_to_plan(request, plan, form, status=400)
        # Without JavaScript the plan page shows the form again with its errors and the error summary.
        from visits.views import render_plan

        return render_plan(request, plan, is_own=True, tour_form=form, status=400)
    values = {name: form.cleaned_data[name] for name in form.Meta.fields}
    plan = services.save_settings(plan, values)
    messages.success(request, _("Your study tour is planned again with these details."))
    return _back_to_plan(request, plan)


@require_POST
def tour_clear(request):
    plan = request.visit_plan
    if not plan:
        raise Http404(_("You have no visit plan on this device."))
    services.clear_tour(plan)
    messages.success(request, _("The study tour is cleared; your starred items stay in the plan."))
    return _back_to_plan(request, plan)


def _parse_day(value):
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


@require_POST
def tour_stop(request, page_id):
    """Move a stop to a day, lock it where it is, or let the planner choose again."""
    plan = request.visit_plan
    if not plan:
        raise Http404(_("You have no visit plan on this device."))
    item = plan.items.filter(page_id=page_id).first()
    if item is None:
        raise Http404(_("That best practice is not in your plan."))
    tour = getattr(plan, "tour", None)
    action = request.POST.get("action", "")
    if action == "unlock":
        services.unpin_stop(plan, item.page)
        messages.success(request, _("The planner chooses this stop's day again."))
        return _back_to_plan(request, plan)
    day = _parse_day(request.POST.get("date"))
    if tour is None or day is None or not tour.arrival_date <= day <= tour.departure_date:
        return _refuse(request, plan, _("Choose a day of your stay."))
    if action == "move":
        services.pin_stop(plan, item.page, day)
        messages.success(request, _("Moved. The itinerary is checked again with this stop on that day."))
    elif action == "lock":
        try:
            slot = VisitSlot.objects.get(pk=int(request.POST.get("slot", "")))
        except (ValueError, OverflowError, VisitSlot.DoesNotExist):
            return _refuse(request, plan, _("That visit slot does not exist."))
        services.pin_stop(plan, item.page, day, slot)
        messages.success(request, _("Locked: this stop stays on this day and slot."))
    else:
        return _refuse(request, plan, _("Choose what to do with the stop."))
    return _back_to_plan(request, plan)


def _refuse(request, plan, message):
    messages.error(request, message)
    response = _back_to_plan(request, plan, status=400)
    if not request.headers.get("HX-Request"):
        response.status_code = 302  # the plan page shows the message
    return response


def _own_itinerary(request):
    plan = request.visit_plan or None
    tour, itinerary = services.itinerary_for(plan)
    if itinerary is None:
        raise Http404(_("Plan a study tour first: enter your arrival and departure on the plan page."))
    return tour, itinerary


@never_cache
@require_GET
def itinerary_pdf(request):
    _tour, itinerary = _own_itinerary(request)
    content = render_pdf("tours/pdf/itinerary.html", exports.itinerary_document(itinerary, request))
    return _download(content, "application/pdf", "study-tour.pdf")


@never_cache
@require_GET
def itinerary_ics(request):
    _tour, itinerary = _own_itinerary(request)
    return _download(exports.itinerary_calendar(itinerary), "text/calendar; charset=utf-8", "study-tour.ics")


def _download(content, content_type, filename):
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def tour_book(request):
    plan = request.visit_plan or None
    _tour, itinerary = services.itinerary_for(plan)
    if itinerary is None:
        messages.error(request, _("Plan a study tour first: enter your arrival and departure."))
        return redirect(reverse("visits:plan") + "#tour")
    if request.method == "GET":
        form = TourBookingForm(initial={"itinerary": itinerary.fingerprint()})
        return _render_book(request, form, itinerary)
    form = TourBookingForm(request.POST)
    if limits.too_many_attempts(request):
        form.add_error(None, limits.TOO_MANY)
        return _render_book(request, form, itinerary, status=429)
    if not form.is_valid():
        return _render_book(request, form, itinerary, status=400)
    allowance = limits.accepted_submissions(request)
    if not allowance.take():
        form.add_error(None, limits.TOO_MANY)
        return _render_book(request, form, itinerary, status=429)
    try:
        visit_request = services.submit_tour(
            plan,
            requester=form.requester_fields(),
            interests=form.cleaned_data["interests"],
            language=interface_language(request.LANGUAGE_CODE),
            seen=form.cleaned_data["itinerary"],
        )
    except (services.ItineraryChanged, SlotUnavailable) as error:
        allowance.give_back()
        _tour, itinerary = services.itinerary_for(plan)
        data = request.POST.copy()
        data["itinerary"] = itinerary.fingerprint() if itinerary else ""
        form = TourBookingForm(data)
        form.is_valid()
        form.add_error(None, str(error))
        return _render_book(request, form, itinerary, status=409)
    return redirect("visits:sent", token=visit_request.status_token)


def _render_book(request, form, itinerary, status=200):
    return TemplateResponse(
        request,
        "tours/book.html",
        {"form": form, "itinerary": itinerary},
        status=status,
        headers={"X-Robots-Tag": "noindex"},
    )


# --- The programme of a submitted request, from its status page -------------------------


def _request_by_token(token):
    return get_object_or_404(VisitRequest.objects.select_related("office"), status_token=token)


@never_cache
@require_GET
def programme_pdf(request, token):
    visit_request = _request_by_token(token)
    document = exports.programme_document(visit_request)
    content = render_pdf("tours/pdf/itinerary.html", document)
    return _download(content, "application/pdf", f"programme-{visit_request.reference}.pdf")


@never_cache
@require_GET
def programme_ics(request, token):
    visit_request = _request_by_token(token)
    content = exports.programme_calendar(visit_request)
    return _download(content, "text/calendar; charset=utf-8", f"programme-{visit_request.reference}.ics")
