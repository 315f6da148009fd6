import datetime
import json

import icalendar
import pytest
from django.utils import timezone

from catalogue.tests.factories import create_focus_area, create_home
from schedule.models import EventIndexPage, EventPage

pytestmark = pytest.mark.django_db


def create_event(index, days_from_today, **overrides):
    start = timezone.localdate() + datetime.timedelta(days=days_from_today)
    fields = {
        "title": "Smart City Expo World Congress",
        "slug": f"expo-{days_from_today}".replace("-", "m"),
        "city": "Barcelona",
        "country": "ES",
        "start_date": start,
        "end_date": start + datetime.timedelta(days=2),
        "introduction": "The Swedish pavilion.",
        **overrides,
    }
    page = EventPage(**fields)
    index.add_child(instance=page)
    return page


@pytest.fixture
def index():
    page = EventIndexPage(title="Events", slug="events")
    create_home().add_child(instance=page)
    return page


def test_events_list_upcoming_and_past(client, index):
    create_event(index, 30, title="Nordic Edge Expo", slug="edge")
    create_event(index, -300, title="Expo last year", slug="old")
    html = client.get("/events/").content.decode()
    upcoming, past = html.split('id="past-heading"')
    assert "Nordic Edge Expo" in upcoming and "Expo last year" in past


def test_event_page_carries_schema_org_json_ld(client, index):
    area = create_focus_area(title="Mobility", slug="mobility")
    event = create_event(index, 30, title="Expo <2027>", slug="expo", link="https://expo.example/", focus_areas=[area])
    html = client.get(event.url).content.decode()
    payload = html.split('<script type="application/ld+json">')[1].split("</script>")[0]
    assert "<2027>" not in payload  # escaped inside the script element
    data = json.loads(payload)
    assert data["@type"] == "Event" and data["name"] == "Expo <2027>"
    assert data["location"]["address"]["addressCountry"] == "ES"
    assert data["startDate"] == event.start_date.isoformat()
    assert "Mobility" in html


def test_events_appear_in_the_calendar_and_the_events_feed(client, index):
    event = create_event(index, 20, title="Nordic Edge Expo", slug="edge", city="Stavanger", country="NO")
    html = client.get("/calendar/", {"date": event.start_date.isoformat(), "view": "week"}).content.decode()
    assert "Nordic Edge Expo, Stavanger" in html
    calendar = icalendar.Calendar.from_ical(client.get("/calendar/feeds/events.ics").content)
    (vevent,) = calendar.walk("VEVENT")
    assert vevent["UID"] == f"event-{event.pk}@showcase.smartcitysweden"
    assert vevent["DTSTART"].dt == event.start_date
    assert vevent["DTEND"].dt == event.end_date + datetime.timedelta(days=1)


def test_an_event_cannot_end_before_it_starts(index):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        create_event(index, 10, slug="bad", end_date=timezone.localdate())
