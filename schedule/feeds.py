"""iCalendar (RFC 5545) feeds built with the `icalendar` package.

Public feeds carry what the public calendar shows and nothing more; the staff feed,
behind a per-user secret, carries the full details. UIDs are stable per visit or event;
SEQUENCE grows with every change, and cancelled visits stay in the feed as CANCELLED so
subscribed calendars remove them.
"""

import datetime

import icalendar
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.dates import slot_bounds
from core.i18n import in_active_language
from schedule.calendar import focus_titles_by_path, public_visit_label, topic_of, visits_between

PAST_DAYS, FUTURE_DAYS = 365, 2 * 365
PRODID = "-//Smart City Sweden//Showcase//EN"


def _calendar(name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Stockholm")
    return calendar


def _window():
    today = timezone.localdate()
    return today - datetime.timedelta(days=PAST_DAYS), today + datetime.timedelta(days=FUTURE_DAYS)


def _visit_event(visit, summary, description=""):
    start, end = slot_bounds(visit.date, visit.slot)
    event = icalendar.Event()
    event.add("uid", visit.ical_uid)
    event.add("dtstamp", visit.updated_at)
    event.add("last-modified", visit.updated_at)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary)
    event.add("location", f"{visit.office.title}, {visit.office.city}")
    event.add("sequence", visit.sequence)
    event.add("status", "CANCELLED" if visit.status == visit.Status.CANCELLED else "CONFIRMED")
    event.add("transp", "OPAQUE")
    if description:
        event.add("description", description)
    return event


def public_visits_feed(office=None):
    start, end = _window()
    name = _("Visits at %(office)s") % {"office": office.title} if office else _("Visits at Smart City Sweden")
    calendar = _calendar(name)
    focus_titles = focus_titles_by_path()
    for visit in visits_between(start, end, office=office, include_cancelled=True):
        calendar.add_component(_visit_event(visit, public_visit_label(visit, focus_titles)))
    calendar.add_missing_timezones()
    return calendar


def staff_visits_feed(user):
    """Visits the user may see (offices.permissions.scope), contact data only for those allowed it."""
    from offices.permissions import Action, can, scope

    start, end = _window()
    calendar = _calendar(_("Smart City Sweden visits (staff)"))
    focus_titles = focus_titles_by_path()
    show_contact = can(user, Action.VIEW_CONTACT)
    for visit in scope(user, visits_between(start, end, include_cancelled=True)):
        visit_request = visit.request
        summary = f"{visit_request.reference} {visit_request.organisation} ({visit_request.country.name})"
        lines = [
            _("Participants: %(n)d") % {"n": visit.participants},
            _("Topics: %(topics)s") % {"topics": topic_of(visit_request, focus_titles) or "—"},
        ]
        if show_contact:
            lines.append(
                _("Contact: %(name)s, %(email)s, %(phone)s")
                % {"name": visit_request.contact_name, "email": visit_request.email, "phone": visit_request.phone}
            )
        description = "\n".join(lines)
        calendar.add_component(_visit_event(visit, summary, description))
    calendar.add_missing_timezones()
    return calendar


def events_feed():
    from schedule.models import EventPage

    calendar = _calendar(_("Smart City Sweden at international events"))
    start, _end = _window()
    for page in in_active_language(EventPage.objects.live()).filter(end_date__gte=start).order_by("start_date"):
        event = icalendar.Event()
        event.add("uid", page.ical_uid)
        event.add("dtstamp", page.last_published_at or timezone.now())
        event.add("dtstart", page.start_date)
        event.add("dtend", page.end_date + datetime.timedelta(days=1))  # DTEND of all-day events is exclusive
        event.add("summary", page.title)
        event.add("location", f"{page.venue + ', ' if page.venue else ''}{page.city}, {page.country.name}")
        # Revision ids only grow, so they serve as a SEQUENCE that rises with every published change.
        event.add("sequence", page.live_revision_id or 0)
        if page.introduction:
            event.add("description", page.introduction)
        if page.link:
            event.add("url", page.link)
        calendar.add_component(event)
    return calendar


def public_feed_links(request, office=None):
    """(label, https URL, webcal URL) for the feeds offered on the calendar page."""
    links = [(_("All visits"), reverse("schedule:feed_all")), (_("Events"), reverse("schedule:feed_events"))]
    if office is not None:
        links.insert(
            1,
            (_("Visits at %(office)s") % {"office": office.title}, reverse("schedule:feed_office", args=[office.slug])),
        )
    result = []
    for label, path in links:
        url = request.build_absolute_uri(path)
        result.append((label, url, "webcal://" + url.split("://", 1)[1]))
    return result
