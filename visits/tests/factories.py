"""create_visit_request(**overrides): a submitted request through the real service."""

import datetime
import itertools

from django.utils import timezone

from catalogue.tests.factories import create_home
from offices.tests.factories import create_office, create_region
from visits import services

_sequence = itertools.count(1)


def next_open_day(office, after=None):
    """The first weekday after `after` (default: today) that the office opens and is no holiday."""
    from visits.availability import closed_reason, closures_between

    day = (after or timezone.localdate()) + datetime.timedelta(days=1)
    closures = closures_between(office, day, day + datetime.timedelta(days=120))
    while closed_reason(office, day, closures):
        day += datetime.timedelta(days=1)
    return day


def booking_form(office, day, slot, **overrides):
    """What the public booking form posts for one day and slot at `office`."""
    return {
        "organisation": "City of Pune",
        "organisation_kind": "municipality",
        "country": "IN",
        "contact_name": "Asha Rao",
        "email": "asha@example.org",
        "phone": "+91 98765 43210",
        "group_size": "5",
        "languages": ["en"],
        "format": "on_site",
        "office": office.slug,
        "month": day.strftime("%Y-%m"),
        "slots": [f"{day:%Y-%m-%d}|{slot.pk}"],
        "consent_processing": "on",
        "action": "send",
        **overrides,
    }


def create_bookable_office(**overrides):
    defaults = {"groups_per_slot": 2, "persons_per_slot": 40, "largest_group": 30}
    return create_office(create_home(), region=create_region(), **{**defaults, **overrides})


def create_visit_request(office=None, choices=None, offices=(), **overrides):
    """A submitted request at `office`; `offices` are the others whose slots `choices` take (a tour)."""
    n = next(_sequence)
    office = office or create_bookable_office()
    if choices is None:
        choices = [(next_open_day(office), office.visit_slots.first())]
    fields = {
        "organisation": f"City of Example {n}",
        "organisation_kind": "municipality",
        "country": "CN",
        "contact_name": f"Li Wei {n}",
        "email": f"li.wei{n}@example.org",
        "phone": "+8613800138000",
        "group_size": 10,
        "languages": ["en"],
        "format": "on_site",
        "office": office,
        "message": "",
        "consent_public_name": False,
        **overrides,
    }
    return services.submit_request(fields=fields, choices=choices, offices=offices)


def create_visit(office=None, day=None, slot=None, **overrides):
    """A confirmed visit (through submit, review and confirm) at `office` on `day`."""
    from visits.models import VisitRequest

    office = office or create_bookable_office()
    day = day or next_open_day(office)
    slot = slot or office.visit_slots.first()
    visit_request = create_visit_request(office, [(day, slot)], **overrides)
    services.transition(visit_request, VisitRequest.Status.IN_REVIEW)
    (visit,) = services.confirm_request(visit_request, [(office, day, slot)])
    return visit
