"""The public, read-only part of the open API: the catalogue, offices, availability, the
public calendar and events, in every language the site speaks (`?lang=`).

Each operation reads through the same modules as the site (catalogue.listing for search,
facets and pages; visits.availability; schedule.calendar with the public audience's
privacy labels), so the API can never say something the site would not.
"""

import datetime
from typing import Annotated, Literal

from django.conf import settings
from django.db.models import Case, When
from django.http import Http404
from django.utils import translation
from django.utils.translation import gettext as _
from ninja import Field, Path, Query, Router, Schema

from api import schemas
from catalogue.listing import BestPracticeListing
from catalogue.models import BestPracticeIndexPage, BestPracticePage, FocusAreaPage, SubAreaPage
from catalogue.models.areas import sub_area_filter_values
from core.converters import MAX_ID
from core.i18n import in_active_language, in_default_language, localized_pages
from core.mail import absolute_url
from core.pages import public
from offices.models import OfficePage
from schedule.calendar import build_days
from schedule.models import EventPage
from schedule.params import FIRST_YEAR, LAST_YEAR
from visits.availability import office_availability

router = Router(tags=["public"])

Language = Literal["en", "sv", "zh-hans"]
# A range of days asked at once: as much as the calendar's longest view.
MAX_DAYS = 62


class Refused(Exception):
    """Bad input: a 400 with what was wrong (api.api turns it into a Problem)."""

    def __init__(self, detail, messages=()):
        super().__init__(detail)
        self.detail, self.messages = detail, list(messages)


# Ids are 64-bit: a larger number names nothing (and SQLite cannot even compare it).
RecordId = Annotated[int, Path(ge=1, le=MAX_ID)]
# Days the calendar covers; beyond them a date is a mistake, and date arithmetic would overflow.
Day = Annotated[datetime.date, Field(ge=datetime.date(FIRST_YEAR, 1, 1), le=datetime.date(LAST_YEAR, 12, 31))]


class LanguageQuery(Schema):
    lang: Language = "en"


class RangeQuery(LanguageQuery):
    start: Day
    end: Day


class PageQuery(LanguageQuery):
    page: int = Field(1, ge=1, le=100_000)


def speaking(lang: str):
    """Answer in `lang` (strings, page versions, labels)."""
    return translation.override(lang)


def _hhmm(time) -> str | None:
    return f"{time:%H:%M}" if time else None


def _url(page) -> str:
    return absolute_url(page.url) if page.url else ""


def _check_range(start: datetime.date, end: datetime.date) -> None:
    if end < start:
        raise Refused(_("The end comes before the start."))
    if (end - start).days >= MAX_DAYS:
        raise Refused(_("Ask for at most %(n)d days at a time.") % {"n": MAX_DAYS})


@router.get(
    "/focus-areas",
    response={200: list[schemas.FocusArea], 400: schemas.Problem},
    summary="Focus areas and their sub-areas",
)
def focus_areas(request, query: Query[LanguageQuery]):
    with speaking(query.lang):
        areas = list(in_active_language(FocusAreaPage.objects.live()).order_by("path"))
        subs = list(in_active_language(SubAreaPage.objects.live()).order_by("path"))
        filter_values = sub_area_filter_values()
        return [
            {
                "id": area.pk,
                "slug": area.slug,
                "title": area.title,
                "introduction": area.introduction,
                "colour": area.colour,
                "url": _url(area),
                "sub_areas": [
                    {
                        "id": sub.pk,
                        "slug": sub.slug,
                        "title": sub.title,
                        "url": _url(sub),
                        "filter_value": filter_values.get(sub.translation_key),
                    }
                    for sub in subs
                    if sub.path.startswith(area.path) and sub.depth == area.depth + 1
                ],
            }
            for area in areas
        ]


def _practice_summary(practice) -> dict:
    region = practice.county.region
    return {
        "id": practice.pk,
        "title": practice.title,
        "summary": practice.summary,
        "url": _url(practice),
        "municipality": practice.municipality,
        "county": practice.county.name,
        "region": region.slug if region else None,
        "sub_areas": [sub.slug for sub in practice.sub_areas.all()],
        "visitable_on_site": practice.visitable_on_site,
        "visitable_digitally": practice.visitable_digitally,
        "languages": list(practice.languages),
        "latitude": float(practice.latitude),
        "longitude": float(practice.longitude),
        "featured": practice.featured,
    }


@router.get(
    "/best-practices",
    response={200: schemas.PracticePage, 400: schemas.Problem, 404: schemas.Problem},
    summary="Best practices: search, filters with counts, pages of 20",
    description=(
        "The same search and facets as the listing on the site: `q` searches (every word, word "
        "starts and other forms), `focus_area`, `sub_area` and `county` (region slugs) may repeat "
        "(values of one filter are OR-ed, filters AND-ed), `on_site=1` and `digital=1` narrow to "
        "what can be visited so. Each facet option counts what the result would hold with it."
    ),
)
def best_practices(request, query: Query[PageQuery]):
    with speaking(query.lang):
        index = in_active_language(BestPracticeIndexPage.objects.live()).first()
        if index is None:
            raise Http404
        listing = BestPracticeListing.from_request(request, index)
        if listing.bad_input:
            raise Refused(_("Some filter values are unknown."), listing.messages)
        return {
            "total": listing.total,
            "page": listing.page.number,
            "pages": listing.page.paginator.num_pages,
            "query": listing.query,
            "facets": [
                {
                    "param": facet.param,
                    "label": str(facet.label),
                    "options": [
                        {"value": o.value, "label": str(o.label), "count": o.count, "selected": o.selected}
                        for o in facet.rendered
                    ],
                }
                for facet in listing.facets
            ],
            "items": [_practice_summary(practice) for practice in listing.page.object_list],
        }


@router.get(
    "/best-practices/{practice_id}",
    response={200: schemas.PracticeDetail, 400: schemas.Problem, 404: schemas.Problem},
    summary="One best practice, in the language asked for",
)
def best_practice(request, practice_id: RecordId, query: Query[LanguageQuery]):
    with speaking(query.lang):
        found = public(BestPracticePage.objects.live()).filter(pk=practice_id).values("translation_key").first()
        if found is None:
            raise Http404
        # Any language's id finds the practice; it answers in the language asked for, or in
        # the default language where it has no version in that one.
        versions = public(BestPracticePage.objects.live()).filter(translation_key=found["translation_key"])
        practice = (
            versions.filter(locale__language_code__in=[query.lang, settings.LANGUAGE_CODE])
            .select_related("county__region", "locale")
            .prefetch_related("sub_areas")
            .order_by(Case(When(locale__language_code=query.lang, then=0), default=1))
            .first()
        )
        if practice is None:
            raise Http404
        office = practice.office
        return {
            **_practice_summary(practice),
            "duration_minutes": practice.duration_minutes,
            "largest_group": practice.largest_group,
            "groups_at_once": practice.groups_at_once,
            "visiting_weekdays": sorted(practice.visiting_weekdays),
            "visiting_from": _hhmm(practice.visiting_from),
            "visiting_until": _hhmm(practice.visiting_until),
            "accessibility": practice.accessibility,
            "host_organisation": practice.host_organisation,
            "office": office.slug if office else None,
        }


def _offices():
    return in_default_language(OfficePage.objects.live()).select_related("region").prefetch_related("visit_slots")


@router.get(
    "/offices",
    response={200: list[schemas.Office], 400: schemas.Problem},
    summary="The offices that receive delegations",
)
def offices(request, query: Query[LanguageQuery]):
    with speaking(query.lang):
        found = list(_offices().order_by("kind", "title"))
        versions = {page.translation_key: page for page in localized_pages(found)}
        return [
            {
                "slug": office.slug,
                "title": versions.get(office.translation_key, office).title,
                "kind": office.kind,
                "region": office.region.slug if office.region else None,
                "city": office.city,
                "street_address": office.street_address,
                "postal_code": office.postal_code,
                "latitude": float(office.latitude),
                "longitude": float(office.longitude),
                "opening_weekdays": sorted(office.opening_weekdays),
                "groups_per_slot": office.groups_per_slot,
                "persons_per_slot": office.persons_per_slot,
                "largest_group": office.largest_group,
                "url": _url(versions.get(office.translation_key, office)),
                "slots": [
                    {
                        "id": slot.pk,
                        "label": slot.display_label,
                        "start": _hhmm(slot.start_time),
                        "end": _hhmm(slot.end_time),
                    }
                    for slot in office.visit_slots.all()
                ],
            }
            for office in found
        ]


class AvailabilityQuery(RangeQuery):
    group_size: int = Field(1, ge=1, le=500)


@router.get(
    "/offices/{slug}/availability",
    response={200: list[schemas.DayAvailability], 400: schemas.Problem, 404: schemas.Problem},
    summary="Free, partly booked, full and closed days of an office, with each slot's seats",
    description=f"At most {MAX_DAYS} days at a time. `group_size` says which slots a group of that size fits.",
)
def availability(request, slug: str, query: Query[AvailabilityQuery]):
    with speaking(query.lang):
        office = _offices().filter(slug=slug).first()
        if office is None:
            raise Http404
        _check_range(query.start, query.end)
        days = office_availability(office, query.start, query.end, query.group_size)
        return [
            {
                "date": day.date,
                "status": day.status,
                "reason": str(day.reason),
                "slots": [
                    {
                        "slot": state.slot.pk,
                        "groups_left": state.groups_left,
                        "persons_left": state.persons_left,
                        "largest_bookable": state.largest_bookable,
                        "fits": state.fits,
                        "reason": str(state.reason),
                    }
                    for state in day.slots
                ],
            }
            for day in days
        ]


class CalendarQuery(RangeQuery):
    office: str = ""


@router.get(
    "/calendar",
    response={200: list[schemas.CalendarEntry], 400: schemas.Problem, 404: schemas.Problem},
    summary="The public calendar: visits, requested days, closures, holidays, events and open tours",
    description=(
        "Labelled as on the site's public calendar: a delegation by its organisation only when it "
        f"agreed, otherwise by its country, size and topic; never a person. At most {MAX_DAYS} days."
    ),
)
def calendar(request, query: Query[CalendarQuery]):
    with speaking(query.lang):
        _check_range(query.start, query.end)
        office = None
        if query.office:
            office = _offices().filter(slug=query.office).first()
            if office is None:
                raise Http404
        days = build_days(query.start, query.end, office=office)
        return [
            {
                "date": day.date,
                "kind": entry.kind,
                "label": str(entry.label),
                "office": entry.office.slug if entry.office else None,
                "start": entry.start,
                "end": entry.end,
                "url": absolute_url(entry.url) if entry.url else "",
            }
            for day in days.values()
            for entry in day.entries
        ]


@router.get(
    "/events",
    response={200: list[schemas.Event], 400: schemas.Problem},
    summary="Events abroad and in Sweden, from today on",
)
def events(request, query: Query[LanguageQuery]):
    from django.utils import timezone

    with speaking(query.lang):
        found = in_active_language(EventPage.objects.live()).filter(end_date__gte=timezone.localdate())
        return [
            {
                "id": event.pk,
                "title": event.title,
                "city": event.city,
                "country": event.country.code,
                "start_date": event.start_date,
                "end_date": event.end_date,
                "url": _url(event),
            }
            for event in found.order_by("start_date", "pk")
        ]
