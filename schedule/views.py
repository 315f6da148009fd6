"""The public calendar and the iCalendar feeds."""

import datetime

from django.http import Http404, HttpResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET

from catalogue.models import FocusAreaPage
from core.dates import add_months
from core.i18n import in_default_language, with_localized_title
from core.page_cache import kept_frame, remember, shared_page
from offices.models import OfficePage
from offices.permissions import Action, can
from schedule import feeds
from schedule.calendar import build_days, month_weeks, offices_by_pk, week_start
from schedule.models import CalendarFeedToken
from schedule.params import CalendarParams
from visits.availability import DayStatus, first_bookable_day, office_availability

AGENDA_DAYS = 31
DAYS_HOLE = mark_safe("<!--schedule:days-->")  # where the public calendar's days go in its kept frame
# Visits and requests listed per day before a day is summarised ("41 visits").
PER_DAY_LIMIT = {"month": 4, "week": 10, "agenda": 10, "day": None}


def calendar_context(request, params: CalendarParams, *, staff: bool, path: str) -> dict:
    """Everything the month, week and agenda templates need; shared by public and staff views."""
    day = params.date
    if params.view == "month":
        start, end, weeks = month_weeks(day.year, day.month)
        previous, following = add_months(day, -1), add_months(day, 1)
    elif params.view == "day":
        start = end = day
        weeks = []
        previous, following = day - datetime.timedelta(days=1), day + datetime.timedelta(days=1)
    elif params.view == "week":
        start = week_start(day)
        end = start + datetime.timedelta(days=6)
        weeks = [[start + datetime.timedelta(days=i) for i in range(7)]]
        previous, following = start - datetime.timedelta(days=7), start + datetime.timedelta(days=7)
    else:
        start, end = day, day + datetime.timedelta(days=AGENDA_DAYS - 1)
        weeks = []
        previous, following = start - datetime.timedelta(days=AGENDA_DAYS), end + datetime.timedelta(days=1)

    offices = offices_by_pk()
    days = build_days(
        start,
        end,
        office=params.office,
        focus_area=params.focus_area,
        staff=staff,
        viewer=request.user if staff else None,
        per_day_limit=PER_DAY_LIMIT[params.view],
        day_url=lambda date: params.url(path, view="day", date=date.isoformat()),
        offices=offices,
    )
    for calendar_day in days.values():
        calendar_day.in_range = params.view != "month" or calendar_day.date.month == day.month
    if params.office is not None:
        _add_availability(days, params, start, end)

    return {
        "params": params,
        "days": days,
        "weeks": [[days[d] for d in week] for week in weeks],
        "agenda": [days[d] for d in sorted(days) if days[d].entries or days[d].booking_links or params.view == "day"],
        "start": start,
        "end": end,
        "previous_url": params.url(path, date=previous.isoformat()),
        "next_url": params.url(path, date=following.isoformat()),
        "today_url": params.url(path, date=timezone.localdate().isoformat()),
        "view_urls": {view: params.url(path, view=view) for view in ("month", "week", "day", "agenda")},
        "offices": [office for office in offices.values() if office.live],
        "focus_areas": remember("calendar-focus-area-choices", _focus_area_choices),
        "staff": staff,
        "today": timezone.localdate(),
    }


def _focus_area_choices() -> list:
    """The focus areas to filter by: the same above every calendar, so kept with the shared
    parts (retired by any content change)."""
    return list(with_localized_title(in_default_language(FocusAreaPage.objects.live()).order_by("path")))


def _add_availability(days, params, start, end):
    """Free, partly booked, full or closed per day, with links to book a free slot."""
    first = max(start, first_bookable_day())
    if first > end:
        return
    book = reverse("visits:book")
    for availability in office_availability(params.office, first, end, params.group_size):
        calendar_day = days[availability.date]
        calendar_day.availability = availability
        if availability.status != DayStatus.CLOSED:
            for state in availability.bookable_slots:
                query = f"office={params.office.slug}&date={availability.date:%Y-%m-%d}&slot={state.slot.pk}"
                if params.group_size > 1:
                    query += f"&group_size={params.group_size}"
                calendar_day.booking_links.append((state.slot, f"{book}?{query}"))


@shared_page  # retired by every booking, status change and closure (core/page_cache.py)
@require_GET
def calendar(request):
    params = CalendarParams.parse(request.GET)
    context = calendar_context(request, params, staff=False, path=request.path)
    context["feeds"] = feeds.public_feed_links(request, params.office)
    if params.errors:  # not stored as a page either: nothing kept for a mistyped address
        return TemplateResponse(request, "schedule/calendar.html", context, status=400)
    # What a booking changes is the days; the page around them (the layout, the filters,
    # the navigation, the legend: half the time of a month) changes only with content.
    frame = kept_frame(
        request,
        "calendar",
        lambda: render_to_string("schedule/calendar.html", {**context, "days_hole": DAYS_HOLE}, request),
    )
    if frame is None or DAYS_HOLE not in frame:  # not kept, or kept by a release without the marker
        return TemplateResponse(request, "schedule/calendar.html", context)
    days = render_to_string("schedule/includes/calendar_days.html", context, request)
    return HttpResponse(frame.replace(DAYS_HOLE, days, 1))


def _ics(request, version, build, filename, cache_control="max-age=300"):
    """The feed, or 304 Not Modified when the client's If-None-Match holds `version`'s ETag.

    `build()` returns the feed's text; it runs only when the client lacks this version
    (and, for public feeds, when the cache lacks it too: see schedule/feeds.py)."""
    headers = {"ETag": version.etag, "Cache-Control": cache_control}
    not_modified = get_conditional_response(request, etag=version.etag)
    if not_modified is not None:
        for name, value in headers.items():
            not_modified[name] = value
        return not_modified
    response = HttpResponse(build(), content_type="text/calendar; charset=utf-8", headers=headers)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _public_visits(request, slug, filename):
    start, end = feeds.window()
    office_pk, version = feeds.public_visits_version(start, end, office_slug=slug)
    if slug is not None and office_pk is None:
        raise Http404

    def build():
        office = None if slug is None else OfficePage.objects.get(pk=office_pk)
        return feeds.public_visits_feed(office, start, end)

    return _ics(request, version, lambda: feeds.cached_body(version, build), filename)


@require_GET
def feed_all(request):
    return _public_visits(request, None, "smart-city-sweden-visits.ics")


@require_GET
def feed_office(request, slug):
    return _public_visits(request, slug, f"{slug}-visits.ics")


@require_GET
def feed_events(request):
    start, _end = feeds.window()
    version = feeds.events_version(start)
    return _ics(
        request,
        version,
        lambda: feeds.cached_body(version, lambda: feeds.events_feed(start)),
        "smart-city-sweden-events.ics",
    )


@require_GET
def feed_staff(request, token):
    feed_token = CalendarFeedToken.objects.select_related("user__staff_role__office").filter(token=token).first()
    if feed_token is None or not can(feed_token.user, Action.VIEW):
        raise Http404
    user = feed_token.user
    start, end = feeds.window()
    version = feeds.staff_visits_version(user, start, end)
    # Contact data: never in the shared cache, and only in the subscriber's own cache.
    return _ics(
        request,
        version,
        lambda: feeds.staff_visits_feed(user, start, end),
        "staff-visits.ics",
        cache_control="private, max-age=60",
    )
