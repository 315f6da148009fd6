"""iCalendar (RFC 5545) feeds: every visit, one office's visits, events, and the staff feed.

Public feeds carry what the public calendar shows and nothing more (visits labelled as
there, and closures); the staff feed, behind a per-user secret, carries the full details.
UIDs are stable per visit, closure or event; SEQUENCE grows with every change of a visit,
and cancelled visits stay in the feed as CANCELLED so subscribed calendars remove them.

**Window.** The visits feeds (all offices, one office, staff) cover the days from
`PAST_DAYS` before today to the end of the month `FUTURE_MONTHS` after this one
(`window()`): a feed's size no longer grows with the years of history. Subscribed
calendars show what a feed holds now, so older visits leave them; the calendar pages
still show every day. The events feed starts on the same day and has no end (events are
few and announced early).

**Validators.** `FeedVersion` digests everything a feed shows, computed by the database
without building the feed, in two queries (one for the events feed): for the visits in
the window their number, the sum of their SEQUENCE and the sums of the change times (to
the millisecond) of the visits and of their requests (a sum moves whatever clock wrote
the change, where a maximum would miss a change stamped earlier by a lagging clock); the
closures in the window, read whole (they have no change time, and there are few); the
live offices and focus areas and their publication times (office names, slot times and
topic titles are in the text); the window, the language and `FORMAT`. It relies on what
visits/services.py does: every write of a visit or request goes through `save()`, which
stamps `updated_at`; pages change by being published.

The digest is the feed's weak ETag (If-None-Match gets a 304 with no feed built) and the
key of the rendered body in the Django cache: a changed feed has a new key and is built
afresh, an unchanged one is served from the cache, and only the latest body of each feed
and language is kept. The staff feed is never stored in the cache (it carries contact
data); it answers 304 only. There is no Last-Modified: a visit leaving the window, a
deleted visit or closure, an unpublished page change a feed without moving any time
forward.

Visit and closure events are written directly (`_line`, `_text`) rather than through
`icalendar` components, which cost about a millisecond each; tests parse the result with
`icalendar`.
"""

import datetime
import hashlib
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
from django.core.cache import cache
from django.db import connections
from django.db.models import BigIntegerField, Count, Func, Max, Q, Sum, Value
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalogue.models import FocusAreaPage
from core.dates import add_months, slot_bounds
from core.i18n import in_active_language, in_default_language
from offices.models import Closure, OfficePage, VisitSlot
from schedule.calendar import focus_titles_by_path, public_visit_label, topics_by_request
from visits.models import Visit

PAST_DAYS = 90  # visits feeds start this many days before today…
FUTURE_MONTHS = 18  # …and end with the month this many months after the current one
CACHE_SECONDS = 24 * 60 * 60  # the window moves every day, so no body is useful for longer
# Part of every validator: raise it when the text of a feed changes, so bodies cached by
# the previous code are not served under the same ETag.
FORMAT = 2
PRODID = "-//Smart City Sweden//Showcase//EN"
TZID = "Europe/Stockholm"
ZONE = ZoneInfo(TZID)


def window(today=None) -> tuple[datetime.date, datetime.date]:
    """(first day, last day) that the visits feeds cover."""
    today = today or timezone.localdate()
    return today - datetime.timedelta(days=PAST_DAYS), add_months(today, FUTURE_MONTHS + 1) - datetime.timedelta(days=1)


# --- validators ----------------------------------------------------------------------------


class Millis(Func):
    """A timestamp as whole milliseconds since 1970, to be summed (SQLite and PostgreSQL)."""

    output_field = BigIntegerField()

    def as_sqlite(self, compiler, connection, **extra):
        template = "CAST(ROUND((julianday(%(expressions)s) - 2440587.5) * 86400000) AS INTEGER)"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_postgresql(self, compiler, connection, **extra):
        template = "CAST(ROUND(EXTRACT(EPOCH FROM %(expressions)s) * 1000) AS BIGINT)"
        return self.as_sql(compiler, connection, template=template, **extra)


def _totals(queryset, **aggregates):
    """`queryset` reduced to the one row of `aggregates` over all its rows (an empty
    queryset gives one row too). Grouping by a constant leaves GROUP BY out altogether."""
    return queryset.order_by().annotate(all_rows=Value(1)).values("all_rows").annotate(**aggregates).values(*aggregates)


def _one_row(*querysets) -> tuple:
    """The single rows of several `_totals` querysets, side by side, in one query."""
    parts, params = [], []
    for number, queryset in enumerate(querysets):
        sql, part_params = queryset.query.sql_with_params()
        parts.append(f"({sql}) part{number}")
        params.extend(part_params)
    with connections[querysets[0].db].cursor() as cursor:
        # Only SQL that Django compiled is joined here; every value travels in `params`.
        cursor.execute("SELECT * FROM " + " CROSS JOIN ".join(parts), params)  # noqa: S608
        return cursor.fetchone()


def _visit_totals(visits):
    return _totals(
        visits,
        visits=Count("pk"),
        sequences=Sum("sequence"),
        visit_changes=Sum(Millis("updated_at")),
        request_changes=Sum(Millis("request__updated_at")),
    )


def _page_totals(model):
    """Live pages of `model` in every language and their publication times."""
    return _totals(
        model.objects.all(), live=Count("pk", filter=Q(live=True)), published=Sum(Millis("last_published_at"))
    )


def _closures(start, end, office_ids=None):
    closures = Closure.objects.filter(start_date__lte=end, end_date__gte=start)
    if office_ids is not None:
        closures = closures.filter(Q(office__in=office_ids) | Q(office__isnull=True))
    return closures


@dataclass(frozen=True)
class FeedVersion:
    feed: str  # which feed, in which language: one body of it is kept in the cache
    digest: str  # of everything it shows

    @classmethod
    def of(cls, feed, *parts):
        feed = f"{feed}:{translation.get_language()}"
        text = repr((FORMAT, feed, *parts))
        return cls(feed, hashlib.sha256(text.encode()).hexdigest()[:32])

    @property
    def etag(self) -> str:
        return f'W/"{self.digest}"'

    @property
    def cache_key(self) -> str:
        return f"schedule:feed:{self.digest}"


def _default_offices():
    return in_default_language(OfficePage.objects.live())


def public_visits_version(start, end, office_slug=None) -> tuple[int | None, FeedVersion]:
    """(the office's id, the version) of the all-visits feed or of one office's; two queries.

    The id is None for an office that is not (or no longer) published: a 404."""
    visits = Visit.objects.filter(date__range=(start, end))
    office_ids = None
    if office_slug is not None:
        office_ids = _default_offices().filter(slug=office_slug).values("pk")
        visits = visits.filter(office__in=office_ids)
    parts = [_visit_totals(visits), _page_totals(OfficePage), _page_totals(FocusAreaPage)]
    if office_ids is not None:
        parts.append(_totals(office_ids, office=Max("pk")))
    row = _one_row(*parts)
    office_pk = row[-1] if office_ids is not None else None
    closures = list(
        _closures(start, end, office_ids).values_list("pk", "office", "start_date", "end_date", "public_note")
    )
    return office_pk, FeedVersion.of(f"visits:{office_pk or 'all'}", start, end, row, closures)


def staff_visits_version(user, start, end) -> FeedVersion:
    """The version of `user`'s staff feed; two queries, plus none if the role is loaded."""
    from offices.permissions import Action, can, office_of, role_of, scope

    visits = scope(user, Visit.objects.filter(date__range=(start, end)))
    row = _one_row(_visit_totals(visits), _page_totals(OfficePage), _page_totals(FocusAreaPage))
    closures = list(_closures(start, end).values_list("pk", "office", "start_date", "end_date", "public_note"))
    office = office_of(user)
    who = (user.pk, role_of(user), office.pk if office else None, can(user, Action.VIEW_CONTACT))
    return FeedVersion.of(f"staff:{user.pk}", who, start, end, row, closures)


def _events(start):
    from schedule.models import EventPage

    return in_active_language(EventPage.objects.live()).filter(end_date__gte=start)


def events_version(start) -> FeedVersion:
    """One query: the events from `start` on and their publication times (aliases follow their source)."""
    row = _one_row(
        _totals(
            _events(start),
            events=Count("pk"),
            published=Sum(Millis("last_published_at")),
            revisions=Sum("live_revision_id"),
            sources=Sum(Millis("alias_of__last_published_at")),
        )
    )
    return FeedVersion.of("events", start, row)


def cached_body(version: FeedVersion, build) -> bytes:
    """The feed's text from the cache, or `build()` stored there under its version.

    Storing a new version drops the one stored before it (megabytes each, and never asked
    for again), so the cache holds about one body per feed and language."""
    body = cache.get(version.cache_key)
    if body is None:
        body = build()
        latest = f"schedule:feed-latest:{version.feed}"
        previous = cache.get(latest)
        cache.set_many({version.cache_key: body, latest: version.cache_key}, CACHE_SECONDS)
        if previous and previous != version.cache_key:
            cache.delete(previous)
    return body


# --- writing -------------------------------------------------------------------------------


def _text(value) -> str:
    """An RFC 5545 TEXT value: backslash, semicolon, comma and line breaks escaped."""
    value = str(value).replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
    return value.replace("\r\n", "\\n").replace("\r", "\\n").replace("\n", "\\n")


def _line(line: str) -> bytes:
    """A content line folded after 75 octets, never inside a UTF-8 character (RFC 5545 3.1)."""
    data = line.encode()
    if len(data) <= 75:
        return data + b"\r\n"
    parts, begin, room = [], 0, 75
    while begin < len(data):
        end = min(begin + room, len(data))
        while end < len(data) and data[end] & 0xC0 == 0x80:  # a continuation byte: step back
            end -= 1
        parts.append(data[begin:end])
        begin, room = end, 74  # folded lines start with a space
    return b"\r\n ".join(parts) + b"\r\n"


def _utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def _local(moment: datetime.datetime) -> str:
    return f"TZID={TZID}:{moment.astimezone(ZONE):%Y%m%dT%H%M%S}"


def _visit_lines(visit, office, slot, summary, description="") -> list[bytes]:
    start, end = slot_bounds(visit.date, slot)
    lines = [
        "BEGIN:VEVENT",
        f"UID:{visit.ical_uid}",
        f"DTSTAMP:{_utc(visit.updated_at)}",
        f"LAST-MODIFIED:{_utc(visit.updated_at)}",
        f"DTSTART;{_local(start)}",
        f"DTEND;{_local(end)}",
        f"SUMMARY:{_text(summary)}",
        f"LOCATION:{_text(f'{office[0]}, {office[1]}')}",
        f"SEQUENCE:{visit.sequence}",
        f"STATUS:{'CANCELLED' if visit.status == Visit.Status.CANCELLED else 'CONFIRMED'}",
        "TRANSP:OPAQUE",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_text(description)}")
    lines.append("END:VEVENT")
    return [_line(line) for line in lines]


def _closure_lines(closure, offices, stamp) -> list[bytes]:
    """A closure as an all-day event that leaves the time free, worded as on the calendar page."""
    where = offices[closure.office_id][0] if closure.office_id else _("All offices")
    lines = [
        "BEGIN:VEVENT",
        f"UID:closure-{closure.pk}@showcase.smartcitysweden",
        f"DTSTAMP:{stamp}",
        f"DTSTART;VALUE=DATE:{closure.start_date:%Y%m%d}",
        f"DTEND;VALUE=DATE:{closure.end_date + datetime.timedelta(days=1):%Y%m%d}",  # exclusive
        f"SUMMARY:{_text(f'{where}: {closure.public_note}')}",
        "TRANSP:TRANSPARENT",
        "END:VEVENT",
    ]
    return [_line(line) for line in lines]


def _calendar(name):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", TZID)
    return calendar


def _document(name, start, end, events: list[bytes]) -> bytes:
    """VCALENDAR with its VTIMEZONE (the rules from a year before to a year after the window)."""
    calendar = _calendar(name)
    calendar.add_component(
        icalendar.Timezone.from_tzinfo(
            ZONE,
            tzid=TZID,
            first_date=start - datetime.timedelta(days=366),
            last_date=end + datetime.timedelta(days=366),
        )
    )
    head, end_tag = calendar.to_ical().rsplit(b"END:VCALENDAR", 1)
    return b"".join([head, *events, b"END:VCALENDAR", end_tag])


def _feed_visits(start, end, *fields):
    """Visits in the window with only the columns a feed reads: no office pages or slots
    (`_places` has them), no phone numbers unless asked for."""
    return (
        Visit.objects.filter(date__range=(start, end))
        .select_related("request")
        .only(
            "date",
            "status",
            "sequence",
            "participants",
            "updated_at",
            "office_id",
            "slot_id",
            "request__organisation",
            "request__consent_public_name",
            "request__country",
            *fields,
        )
        .order_by("date", "slot__start_time", "pk")
    )


def _places():
    """({office id: (title, city)}, {slot id: slot}): every office and slot once, not once per visit."""
    offices = {pk: (title, city) for pk, title, city in OfficePage.objects.values_list("pk", "title", "city")}
    return offices, {slot.pk: slot for slot in VisitSlot.objects.only("start_time", "end_time")}


def _closure_events(start, end, office, offices) -> list[bytes]:
    closures = _closures(start, end, None if office is None else [office.pk]).order_by("start_date", "pk")
    stamp = _utc(timezone.now())
    return [line for closure in closures for line in _closure_lines(closure, offices, stamp)]


def _topics(visits, focus_titles) -> dict[int, str]:
    return topics_by_request(visits.order_by().values("request_id"), focus_titles)


def public_visits_feed(office=None, start=None, end=None) -> bytes:
    """Visits (labelled as on the public calendar) and closures in the window: no person, no contact."""
    if start is None:
        start, end = window()
    name = _("Visits at %(office)s") % {"office": office.title} if office else _("Visits at Smart City Sweden")
    (offices, slots), focus_titles = _places(), focus_titles_by_path()
    visits = _feed_visits(start, end)
    if office is not None:
        visits = visits.filter(office=office)
    topics = _topics(visits, focus_titles)
    events = _closure_events(start, end, office, offices)
    for visit in visits:
        label = public_visit_label(visit.request.public_label(), visit.participants, topics.get(visit.request_id, ""))
        events += _visit_lines(visit, offices[visit.office_id], slots[visit.slot_id], label)
    return _document(name, start, end, events)


def staff_visits_feed(user, start=None, end=None) -> bytes:
    """Visits the user may see (offices.permissions.scope), contact data only for those allowed it."""
    from offices.permissions import Action, can, scope

    if start is None:
        start, end = window()
    (offices, slots), focus_titles = _places(), focus_titles_by_path()
    show_contact = can(user, Action.VIEW_CONTACT)
    contact_fields = ("request__contact_name", "request__email", "request__phone") if show_contact else ()
    visits = scope(user, _feed_visits(start, end, "request__reference", *contact_fields))
    topics = _topics(visits, focus_titles)
    events = _closure_events(start, end, None, offices)
    for visit in visits:
        visit_request = visit.request
        summary = f"{visit_request.reference} {visit_request.organisation} ({visit_request.country.name})"
        lines = [
            _("Participants: %(n)d") % {"n": visit.participants},
            _("Topics: %(topics)s") % {"topics": topics.get(visit.request_id) or "—"},
        ]
        if show_contact:
            lines.append(
                _("Contact: %(name)s, %(email)s, %(phone)s")
                % {"name": visit_request.contact_name, "email": visit_request.email, "phone": visit_request.phone}
            )
        events += _visit_lines(visit, offices[visit.office_id], slots[visit.slot_id], summary, "\n".join(lines))
    return _document(_("Smart City Sweden visits (staff)"), start, end, events)


def events_feed(start=None) -> bytes:
    if start is None:
        start, _end = window()
    calendar = _calendar(_("Smart City Sweden at international events"))
    for page in _events(start).order_by("start_date", "pk"):
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
    return calendar.to_ical()


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
