import datetime
import json

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
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


def test_the_calendar_keeps_its_events_until_an_event_changes(client, index):
    # The month's events are kept with the shared parts: a page of the calendar at a new
    # address does not read them again, and an edit (or a new event) shows at once.
    event = create_event(index, 20, title="Nordic Edge Expo", slug="edge", city="Stavanger")
    week = {"date": event.start_date.isoformat(), "view": "week"}
    assert "Nordic Edge Expo, Stavanger" in client.get("/calendar/", week).content.decode()
    with CaptureQueriesContext(connection) as captured:
        client.get("/calendar/", {**week, "new": "address"})
    assert not [q for q in captured if '"schedule_eventpage"' in q["sql"]]

    event.title = "Nordic Edge Expo 2027"
    event.save_revision().publish()
    create_event(index, 21, title="Urban Future", slug="future", city="Oslo")
    html = client.get("/calendar/", {**week, "new": "address"}).content.decode()
    assert "Nordic Edge Expo 2027, Stavanger" in html and "Urban Future, Oslo" in html


def test_an_event_cannot_end_before_it_starts(index):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        create_event(index, 10, slug="bad", end_date=timezone.localdate())


def json_ld_of(html):
    return json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])


def test_event_page_shows_where_to_meet_us_and_the_organiser(client, index):
    event = create_event(
        index,
        30,
        slug="full",
        venue="Fira Gran Via",
        link="https://expo.example/",
        stand="Hall 2, stand C41",
        organiser="Expo Organisers Ltd",
        organiser_email="info@expo.example",
        organiser_url="https://expo.example/contact/",
    )
    html = client.get(event.url).content.decode()
    assert f'<time datetime="{event.start_date.isoformat()}">' in html
    assert f'<time datetime="{event.end_date.isoformat()}">' in html
    assert "Fira Gran Via" in html
    assert '<a href="https://expo.example/"' in html
    assert "Hall 2, stand C41" in html
    assert "Expo Organisers Ltd" in html
    assert '<a href="mailto:info@expo.example">info@expo.example</a>' in html
    assert '<a href="https://expo.example/contact/"' in html

    data = json_ld_of(html)
    assert data["url"] == "https://expo.example/"
    assert data["mainEntityOfPage"] == event.get_full_url()
    assert data["location"]["name"] == "Fira Gran Via"
    assert data["location"]["containsPlace"] == {"@type": "Place", "name": "Hall 2, stand C41"}
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Expo Organisers Ltd",
        "email": "info@expo.example",
        "url": "https://expo.example/contact/",
    }


def test_event_without_the_optional_details_still_renders(client, index):
    event = create_event(index, 30, slug="bare")
    response = client.get(event.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Where to meet us" not in html
    assert "Organiser" not in html
    data = json_ld_of(html)
    assert data["url"] == event.get_full_url()
    assert data["location"]["name"] == "Barcelona"
    assert "containsPlace" not in data["location"]
    assert "organizer" not in data


def test_an_organiser_contact_needs_the_organiser_name(index):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as raised:
        create_event(index, 10, slug="anonymous", organiser_email="info@expo.example")
    assert "organiser" in raised.value.message_dict
