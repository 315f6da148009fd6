"""Public views of visit plans and visit requests. Each parses, checks, calls one service, renders."""

import functools

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.i18n import interface_language
from core.page_cache import rendering_shared, shared_page
from insights.turned_away import record_refused_choices
from visits import limits, plans, services
from visits.availability import SlotUnavailable
from visits.forms import BookingForm, ChangeDaysForm
from visits.models import VisitPlan, VisitRequest
from visits.routing import suggest_office


def _safe_next(request, fallback="/"):
    # Only a path on this site: a bare word ("null") was taken for a view name and crashed.
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target.startswith("/") else fallback


# --- My Visit Plan -------------------------------------------------------------------


@require_POST
def star(request):
    page = plans.starrable_page(request.POST.get("page"))
    if page is None:
        raise Http404(_("There is nothing to star here."))
    plan, starred = plans.toggle_star(request.visit_plan or None, page)
    count = plan.items.count()
    if starred:
        announcement = ngettext(
            "Added to your visit plan (%(n)d item)", "Added to your visit plan (%(n)d items)", count
        ) % {"n": count}
    else:
        announcement = ngettext(
            "Removed from your visit plan (%(n)d item)", "Removed from your visit plan (%(n)d items)", count
        ) % {"n": count}
    if request.headers.get("HX-Request"):
        response = render(
            request,
            "visits/includes/star_response.html",
            {
                "page": page,
                "starred": starred,
                "plan_count": count,
                "announcement": announcement,
                "next": _safe_next(request),
            },
        )
    else:
        # Without JavaScript the page reloads; the message says what the live region would have.
        messages.success(request, announcement)
        response = HttpResponseRedirect(_safe_next(request, page.url))
    return plans.remember_plan(response, plan)


@never_cache
@require_GET
def plan_detail(request):
    plan = request.visit_plan or None
    return render_plan(request, plan, is_own=True)


@never_cache
@require_GET
def plan_shared(request, token):
    plan = get_object_or_404(VisitPlan, token=token)
    own = request.visit_plan
    return render_plan(request, plan, is_own=bool(own) and own.pk == plan.pk)


def render_plan(request, plan, is_own, tour_form=None, status=200):
    """The plan page; the study-tour planner (tours app) renders into it, with its form when
    that form came back with errors."""
    groups = plans.plan_entries(plan)
    points = [item.specific for _office, items in groups for item in items if hasattr(item.specific, "latitude")]
    return TemplateResponse(
        request,
        "visits/plan.html",
        {
            "plan": plan,
            "groups": groups,
            "is_own": is_own,
            "item_count": sum(len(items) for _o, items in groups),
            "map_points": [page.map_point(request) for page in points],
            "tour_form": tour_form,
        },
        status=status,
        headers={"X-Robots-Tag": "noindex"},
    )


@require_POST
def plan_adopt(request, token):
    plan = get_object_or_404(VisitPlan, token=token)
    messages.success(request, _("This plan is now the one on this device."))
    return plans.remember_plan(redirect("visits:plan"), plan)


@require_POST
def plan_item(request, item_id):
    plan = request.visit_plan
    if not plan:
        raise Http404(_("You have no visit plan on this device."))
    if request.POST.get("action") == "remove":
        found = plans.remove_item(plan, item_id)
        message = _("Removed from your plan.")
    else:
        found = plans.set_note(plan, item_id, request.POST.get("note", ""))
        message = _("Note saved.")
    if not found:
        raise Http404(_("That item is not in your plan."))
    messages.success(request, message)
    return redirect("visits:plan")


# --- Booking ---------------------------------------------------------------------------


def _plan_pages(request):
    plan = request.visit_plan
    if not plan:
        return []
    return [item.specific for _office, items in plans.plan_entries(plan) for item in items]


def _personal_unless_shared(view):
    """Never cached by the browser, unless rendered for the shared page cache (a visitor
    without a plan): what one visitor typed or planned must not be shown again to anyone.
    A visitor with a plan cookie gets the headers in any case, which the page cache also
    refuses to store, should it ever render such a visitor's form for everyone."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if not rendering_shared(request) or plans.PLAN_COOKIE in request.COOKIES:
            add_never_cache_headers(response)
        return response

    return wrapper


# Everyone without a visit plan shares one rendering of each address (a page cache hit
# instead of 40 ms of form): the calendar's "book this slot" links land here.
@shared_page(personal_with_cookie=plans.PLAN_COOKIE)
@_personal_unless_shared
@require_http_methods(["GET", "POST"])
def book(request):
    plan_pages = _plan_pages(request)
    visit_format = request.POST.get("format") or request.GET.get("format") or "on_site"
    suggested = suggest_office(plan_pages, visit_format)
    if request.method == "POST" and request.POST.get("action") != "refresh":
        return _submit(request, plan_pages, suggested)
    data = request.POST if request.method == "POST" else None
    form = BookingForm(
        data=None, initial=_initial(request, data, plan_pages), plan_pages=plan_pages, suggested=suggested
    )
    return _render_booking(request, form)


def _initial(request, posted, plan_pages):
    if posted is not None:  # "show days" without JavaScript: keep everything typed so far
        initial = {
            key: posted.getlist(key) if key in ("languages", "interests", "slots") else posted.get(key)
            for key in posted
        }
        return initial
    initial = {
        "interests": sorted({sub.pk for page in plan_pages for sub in page.sub_areas.all()}),
        "languages": ["en"],
        "format": "on_site",
    }
    for key in ("office", "group_size", "format"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    day = request.GET.get("date", "")
    if len(day) == 10:
        initial["month"] = day[:7]
        if request.GET.get("slot"):
            initial["slots"] = [f"{day}|{request.GET['slot']}"]
    return initial


def _render_booking(request, form, status=200):
    return TemplateResponse(request, "visits/book.html", {"form": form}, status=status)


def _submit(request, plan_pages, suggested):
    form = BookingForm(data=request.POST, plan_pages=plan_pages, suggested=suggested)
    if limits.too_many_attempts(request):
        form.add_error(None, limits.TOO_MANY)
        return _render_booking(request, form, status=429)
    if not form.is_valid():
        return _render_booking(request, form, status=400)
    allowance = limits.accepted_submissions(request)
    if not allowance.take():
        form.add_error(None, limits.TOO_MANY)
        return _render_booking(request, form, status=429)
    try:
        visit_request = services.submit_request(
            fields={**form.request_fields(), "language": interface_language(request.LANGUAGE_CODE)},
            choices=form.cleaned_data["slots"],
            interests=form.cleaned_data["interests"],
            plan_items=plan_pages,
        )
    except SlotUnavailable as error:  # taken between the form's check and the save
        allowance.give_back()
        record_refused_choices(form.picker_office, [(error.day, error.slot)], form.cleaned_data["group_size"])
        form.add_error("slots", str(error))
        form.setup_days(form.picker_office, form.picker_month, form.cleaned_data["group_size"])
        return _render_booking(request, form, status=409)
    return redirect("visits:sent", token=visit_request.status_token)


@require_GET
def booking_days(request):
    """The day picker alone, for htmx to refresh when office, size or month change."""
    plan_pages = _plan_pages(request)
    suggested = suggest_office(plan_pages, request.GET.get("format", "on_site"))
    initial = {**request.GET.dict(), "slots": request.GET.getlist("slots")}
    form = BookingForm(data=None, initial=initial, plan_pages=plan_pages, suggested=suggested)
    return TemplateResponse(request, "visits/includes/day_picker.html", {"form": form})


# --- After submitting --------------------------------------------------------------------


def _request_by_token(token):
    return get_object_or_404(VisitRequest.objects.select_related("office"), status_token=token)


@never_cache
@require_GET
def booking_sent(request, token):
    visit_request = _request_by_token(token)
    return TemplateResponse(
        request, "visits/sent.html", {"visit_request": visit_request}, headers={"X-Robots-Tag": "noindex"}
    )


# What the requester sees of the history: status changes and their own edits, never staff notes.
REQUESTER_HISTORY_ACTIONS = ("status", "change_days", "change_plan")


def _plan_choices(request, visit_request):
    """The pages the requester can keep in or add to the request: its own, plus their visit plan's."""
    chosen = list(visit_request.plan_items.live().specific())
    chosen_ids = {page.pk for page in chosen}
    extra = [page for page in _plan_pages(request) if page.pk not in chosen_ids and page.live]
    return chosen, extra


@never_cache
@require_GET
def request_status(request, token):
    visit_request = _request_by_token(token)
    editable = visit_request.status in services.EDITABLE_BY_REQUESTER
    chosen, extra = _plan_choices(request, visit_request) if editable else (visit_request.plan_items.all(), [])
    return TemplateResponse(
        request,
        "visits/status.html",
        {
            "visit_request": visit_request,
            "editable": editable,
            "chosen_items": chosen,
            "extra_items": extra,
            "requested_slots": visit_request.requested_slots.select_related("slot"),
            "history": visit_request.status_changes.filter(action__in=REQUESTER_HISTORY_ACTIONS),
            "held": visit_request.holds.exists(),
            "question": visit_request.status_changes.filter(to_status=VisitRequest.Status.NEEDS_INFO).last()
            if visit_request.status == VisitRequest.Status.NEEDS_INFO
            else None,
            "visits": visit_request.visits.exclude(status="cancelled").select_related("office", "slot"),
        },
        headers={"X-Robots-Tag": "noindex"},
    )


@never_cache
@require_POST
def request_withdraw(request, token):
    """Withdrawing asks once more; only the confirmed form (confirm=yes) withdraws."""
    visit_request = _request_by_token(token)
    reason = request.POST.get("reason", "")[:1000]
    if request.POST.get("confirm") != "yes":
        if visit_request.status not in services.EDITABLE_BY_REQUESTER:
            messages.error(request, _("This request can no longer be withdrawn."))
            return redirect("visits:status", token=token)
        return TemplateResponse(
            request,
            "visits/withdraw_confirm.html",
            {"visit_request": visit_request, "reason": reason, "held_days": visit_request.requested_slots.count()},
            headers={"X-Robots-Tag": "noindex"},
        )
    try:
        services.withdraw_request(visit_request, reason=reason)
    except services.TransitionRefused as error:
        messages.error(request, str(error))
        return redirect("visits:status", token=token)
    messages.success(request, _("Your request is withdrawn and its days are free again."))
    return redirect("visits:status", token=token)


@require_POST
def request_plan_items(request, token):
    """Keep, drop or add starred practices, companies and experts while the request is open."""
    visit_request = _request_by_token(token)
    chosen, extra = _plan_choices(request, visit_request)
    allowed = {str(page.pk): page for page in [*chosen, *extra]}
    wanted = request.POST.getlist("items")
    unknown = [value for value in wanted if value not in allowed]
    if unknown:
        messages.error(request, _("Choose only items listed on this page."))
        return redirect("visits:status", token=token)
    try:
        services.update_plan_items(visit_request, [allowed[value] for value in dict.fromkeys(wanted)])
    except services.TransitionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The practices, companies and experts for your visit are updated."))
    return redirect("visits:status", token=token)


@require_POST
def request_answer(request, token):
    """The requester answers the office's question; the request goes back to review."""
    visit_request = _request_by_token(token)
    answer = request.POST.get("answer", "").strip()[:4000]
    if not answer:
        messages.error(request, _("Write your answer before sending it."))
        return redirect("visits:status", token=token)
    try:
        services.answer_request(visit_request, answer)
    except services.TransitionRefused as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Thank you; the office has your answer."))
    return redirect("visits:status", token=token)


@require_POST
def request_new_link(request, token):
    visit_request = _request_by_token(token)
    new_token = services.renew_status_link(visit_request)
    messages.success(request, _("This is your new private link; the old one no longer works. We e-mailed it to you."))
    return redirect("visits:status", token=new_token)


@never_cache
@require_http_methods(["GET", "POST"])
def request_change_days(request, token):
    visit_request = _request_by_token(token)
    if visit_request.status not in services.EDITABLE_BY_REQUESTER:
        messages.error(request, _("The days of this request can no longer be changed."))
        return redirect("visits:status", token=token)
    submitting = request.method == "POST" and request.POST.get("action") != "refresh"
    refreshing = request.method == "POST" and not submitting
    form = ChangeDaysForm(
        data=request.POST if submitting else None,
        initial={"month": request.POST.get("month", ""), "slots": request.POST.getlist("slots")} if refreshing else {},
        visit_request=visit_request,
    )
    if submitting and form.is_valid():
        try:
            services.change_requested_days(visit_request, form.cleaned_data["slots"])
        except (SlotUnavailable, services.TransitionRefused) as error:
            form.add_error("slots", str(error))
        else:
            messages.success(request, _("Your new days are requested."))
            return redirect("visits:status", token=token)
    return TemplateResponse(
        request,
        "visits/change_days.html",
        {"form": form, "visit_request": visit_request},
        headers={"X-Robots-Tag": "noindex"},
    )
