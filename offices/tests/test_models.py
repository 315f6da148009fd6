import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from catalogue.tests.factories import create_home
from offices.models import County, OfficePage, VisitSlot
from offices.tests.factories import create_office, create_region

pytestmark = pytest.mark.django_db


def test_the_data_migration_creates_swedens_21_counties():
    assert County.objects.count() == 21
    assert County.objects.get(code="AC").name == "Västerbotten"
    assert County.objects.get(code="M").name == "Skåne"


def test_a_new_office_gets_the_default_morning_and_afternoon_slots():
    office = create_office(create_home(), region=create_region())
    slots = [(slot.label, slot.start_time, slot.end_time) for slot in office.visit_slots.all()]
    assert slots == [
        ("Morning", datetime.time(9), datetime.time(12)),
        ("Afternoon", datetime.time(13), datetime.time(16)),
    ]


def test_a_regional_office_needs_a_region_and_the_head_office_has_none():
    home = create_home()
    with pytest.raises(ValidationError) as error:
        create_office(home, region=None, kind=OfficePage.Kind.REGIONAL)
    assert "region" in error.value.message_dict
    with pytest.raises(ValidationError):
        create_office(home, region=create_region(), kind=OfficePage.Kind.HEAD)


def test_the_database_refuses_a_regional_office_without_region():
    office = create_office(create_home(), region=create_region())
    with pytest.raises(IntegrityError):
        OfficePage.objects.filter(pk=office.pk).update(region=None)


def test_largest_group_cannot_exceed_the_rooms():
    with pytest.raises(ValidationError) as error:
        create_office(create_home(), region=create_region(), largest_group=50, persons_per_slot=40)
    assert "largest_group" in error.value.message_dict


def test_opening_weekdays_refuse_unknown_days():
    with pytest.raises(ValidationError) as error:
        create_office(create_home(), region=create_region(), opening_weekdays=[0, 7])
    assert "opening_weekdays" in error.value.message_dict


def test_a_slot_must_end_after_it_starts():
    slot = VisitSlot(label="Bad", start_time=datetime.time(12), end_time=datetime.time(9))
    with pytest.raises(ValidationError):
        slot.clean()


def test_each_county_belongs_to_at_most_one_region():
    east = create_region(counties=("Stockholm",))
    west = create_region(counties=("Stockholm",))  # moving a county moves it, it is never in two
    assert County.objects.get(name="Stockholm").region == west
    assert not east.counties.exists()


def test_office_weekday_names_are_in_week_order():
    office = create_office(create_home(), region=create_region(), opening_weekdays=[4, 0, 2])
    assert [str(name) for name in office.opening_weekday_names()] == ["Monday", "Wednesday", "Friday"]
