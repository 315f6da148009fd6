"""What the open API answers: one schema per resource, shared by the operations and the
OpenAPI document."""

import datetime
from typing import Annotated

from ninja import Field, Schema

# A time of day in Sweden ("09:00"): JSON Schema's "time" format demands an offset, and a
# slot's offset depends on the date (summer time).
LocalTime = Annotated[str, Field(pattern=r"^[0-2][0-9]:[0-5][0-9]$", description="Swedish local time, HH:MM")]


class Problem(Schema):
    """A refused request: what was wrong, in the language asked for."""

    detail: str
    messages: list[str] = []


class SubArea(Schema):
    id: int
    slug: str
    title: str
    url: str
    filter_value: str | None = Field(
        None,
        description="The value of `sub_area` that filters by this sub-area (its default-language slug, "
        "with its focus area's where two focus areas share it); null while not published in the "
        "default language.",
    )


class FocusArea(Schema):
    id: int
    slug: str
    title: str
    introduction: str
    colour: str
    url: str
    sub_areas: list[SubArea]


class FacetOption(Schema):
    value: str
    label: str
    count: int
    selected: bool


class Facet(Schema):
    param: str
    label: str
    options: list[FacetOption]


class PracticeSummary(Schema):
    id: int
    title: str
    summary: str
    url: str
    municipality: str
    county: str
    region: str | None
    sub_areas: list[str]
    visitable_on_site: bool
    visitable_digitally: bool
    languages: list[str]
    latitude: float
    longitude: float
    featured: bool


class PracticeDetail(PracticeSummary):
    duration_minutes: int | None
    largest_group: int | None
    groups_at_once: int
    visiting_weekdays: list[int]
    visiting_from: LocalTime | None
    visiting_until: LocalTime | None
    accessibility: str
    host_organisation: str
    office: str | None


class PracticePage(Schema):
    total: int
    page: int
    pages: int
    query: str
    facets: list[Facet]
    items: list[PracticeSummary]


class Slot(Schema):
    id: int
    label: str
    start: LocalTime
    end: LocalTime


class Office(Schema):
    slug: str
    title: str
    kind: str
    region: str | None
    city: str
    street_address: str
    postal_code: str
    latitude: float
    longitude: float
    opening_weekdays: list[int]
    groups_per_slot: int
    persons_per_slot: int
    largest_group: int
    url: str
    slots: list[Slot]


class SlotAvailability(Schema):
    slot: int
    groups_left: int
    persons_left: int
    largest_bookable: int
    fits: bool
    reason: str


class DayAvailability(Schema):
    date: datetime.date
    status: str
    reason: str
    slots: list[SlotAvailability]


class CalendarEntry(Schema):
    date: datetime.date
    kind: str
    label: str
    office: str | None
    start: datetime.datetime | None
    end: datetime.datetime | None
    url: str


class Event(Schema):
    id: int
    title: str
    city: str
    country: str
    start_date: datetime.date
    end_date: datetime.date
    url: str
