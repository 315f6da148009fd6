"""Open public tours: recurring days, sign-up with a name and an e-mail through the ledger,
places left in the calendar, an ICS file with the confirmation, cancelling frees the place."""

import datetime
import threading

import icalendar
import pytest
from django.core import mail
from django.db import connections
from django.utils import timezone

from offices.models import Closure, StaffRole
from schedule import public_tours
from schedule.models import PublicTour, TourPlace, TourSignup
from visits.tests.factories import create_bookable_office
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db
D = datetime.date
THURSDAY = 3


@pytest.fixture
def office():
    return create_bookable_office(title="Smart City Sweden North", slug="north", city="Umeå")


def create_tour(office, **overrides):
    fields = {
        "office": office,
        "title": "Open house: smart city tour",
        "weekday": THURSDAY,
        "week": PublicTour.Week.FIRST,
        "start_time": datetime.time(14),
        "places": 20,
        "starts_on": D(2026, 1, 1),
        **overrides,
    }
    return PublicTour.objects.create(**fields)


def next_tour_day(tour):
    today = timezone.localdate()
    return public_tours.tour_days(tour, today + datetime.timedelta(days=2), today + datetime.timedelta(days=400))[0]


def sign_up_form(**overrides):
    return {"name": "Erik Svensson", "email": "erik@example.org", "consent_processing": "on", **overrides}


def test_every_first_thursday_without_holidays_closures_or_days_outside_the_tour(office):
    tour = create_tour(office, ends_on=D(2027, 6, 30))
    Closure.objects.create(office=office, start_date=D(2027, 2, 1), end_date=D(2027, 2, 10), public_note="Moving")
    days = public_tours.tour_days(tour, D(2026, 12, 1), D(2027, 8, 31))
    # 4 February: closed; 6 May: Ascension Day; after June the tour has ended.
    assert days == [D(2026, 12, 3), D(2027, 1, 7), D(2027, 3, 4), D(2027, 4, 1), D(2027, 6, 3)]
    last = create_tour(office, week=PublicTour.Week.LAST, weekday=1)
    assert public_tours.tour_days(last, D(2027, 3, 1), D(2027, 4, 30)) == [D(2027, 3, 30), D(2027, 4, 27)]
    weekly = create_tour(office, week=PublicTour.Week.EVERY, weekday=4)
    assert public_tours.tour_days(weekly, D(2026, 12, 21), D(2027, 1, 10)) == [D(2027, 1, 8)]  # Christmas, New Year


def test_a_person_signs_up_and_gets_the_tour_in_a_calendar_file(client, office, django_capture_on_commit_callbacks):
    tour = create_tour(office, places=2)
    day = next_tour_day(tour)
    url = f"/public-tours/{tour.pk}/{day.isoformat()}/"
    page = client.get(url)
    assert page.status_code == 200 and "2 of 2" in page.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, sign_up_form())
    signup = TourSignup.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/public-tours/sign-up/{signup.token}/"
    assert TourPlace.objects.filter(signup=signup).count() == 1
    (message,) = mail.outbox
    assert message.to == ["erik@example.org"] and f"/public-tours/sign-up/{signup.token}/" in message.body
    (_name, content, mimetype) = message.attachments[0]
    assert mimetype == "text/calendar"
    event = icalendar.Calendar.from_ical(content).walk("VEVENT")[0]
    assert event["summary"] == "Open house: smart city tour"
    assert event.decoded("dtstart") == timezone.make_aware(datetime.datetime.combine(day, datetime.time(14)))
    assert "1 of 2" in client.get(url).content.decode()

    again = client.post(url, sign_up_form(email="ERIK@example.org"))
    assert again.status_code == 409 and "already signed up" in again.content.decode()


def test_a_full_tour_refuses_and_a_cancelled_place_is_free_again(client, office):
    tour = create_tour(office, places=1)
    day = next_tour_day(tour)
    url = f"/public-tours/{tour.pk}/{day.isoformat()}/"
    client.post(url, sign_up_form())
    full = client.post(url, sign_up_form(name="Anna", email="anna@example.org"))
    assert full.status_code == 409 and "This tour is full" in full.content.decode()
    assert TourSignup.objects.count() == 1  # the refused sign-up left nothing behind

    signup = TourSignup.objects.get()
    response = client.post(f"/public-tours/sign-up/{signup.token}/cancel/", follow=True)
    assert "Your place is cancelled" in response.content.decode()
    assert not TourPlace.objects.exists()
    assert client.post(url, sign_up_form(name="Anna", email="anna@example.org")).status_code == 302
    repeat = client.post(f"/public-tours/sign-up/{signup.token}/cancel/", follow=True)
    assert "already cancelled" in repeat.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/public-tours/999999/2027-01-07/",
        "/public-tours/{pk}/not-a-date/",
        "/public-tours/{pk}/2027-01-08/",  # not a tour day
        "/public-tours/{pk}/99999-01-07/",
        "/public-tours/sign-up/not-a-token/",
    ],
)
def test_unknown_tours_days_and_tokens_are_not_found(client, office, path):
    tour = create_tour(office)
    assert client.get(path.format(pk=tour.pk)).status_code == 404


def test_a_past_day_and_an_unpublished_tour_take_no_sign_up(client, office):
    tour = create_tour(office)
    past = public_tours.tour_days(tour, D(2026, 1, 1), D(2026, 11, 30))[-1]
    response = client.post(f"/public-tours/{tour.pk}/{past.isoformat()}/", sign_up_form())
    assert response.status_code == 409 and "closed" in response.content.decode()
    far = public_tours.tour_days(tour, D(2029, 1, 1), D(2029, 3, 1))[0]
    response = client.post(f"/public-tours/{tour.pk}/{far.isoformat()}/", sign_up_form())
    assert response.status_code == 409 and "has not opened yet" in response.content.decode()
    day = next_tour_day(tour)
    tour.is_published = False
    tour.save()
    assert client.get(f"/public-tours/{tour.pk}/{day.isoformat()}/").status_code == 404
    assert client.put(f"/public-tours/{tour.pk}/{day.isoformat()}/").status_code in (404, 405)
    assert not TourSignup.objects.exists()


def test_the_calendar_shows_each_tour_day_with_the_places_left(client, office):
    tour = create_tour(office, places=20)
    day = next_tour_day(tour)
    TourSignup.objects.create(tour=tour, date=day, name="A", email="a@example.org")
    public_tours.hold_place(TourSignup.objects.get())
    html = client.get(f"/calendar/?date={day.replace(day=1).isoformat()}").content.decode()
    assert "Open house: smart city tour: 19 of 20 places left" in html
    assert f'href="/public-tours/{tour.pk}/{day.isoformat()}/"' in html
    assert "a@example.org" not in html and ">A<" not in html  # nobody's name or address


def test_the_calendar_follows_a_change_to_a_tour_and_a_sign_up_at_once_though_tours_are_kept(client, settings, office):
    """The published tours are kept with the shared parts: a change to a tour retires them,
    and the places taken (activity) are read for every calendar built."""
    settings.PAGE_CACHE_DATA_SECONDS = 3600
    tour = create_tour(office, places=20)
    day = next_tour_day(tour)
    month = f"/calendar/?date={day.replace(day=1).isoformat()}"
    assert "Open house: smart city tour: 20 of 20 places left" in client.get(month).content.decode()

    public_tours.sign_up(tour, day, name="A", email="a@example.org", language="en")
    assert "Open house: smart city tour: 19 of 20 places left" in client.get(month).content.decode()
    tour.title = "Open house: harbour walk"
    tour.save()
    assert "Open house: harbour walk: 19 of 20 places left" in client.get(month).content.decode()
    tour.is_published = False
    tour.save()
    assert "Open house" not in client.get(month).content.decode()
    create_tour(office, title="Winter walk")
    assert "Winter walk: 20 of 20 places left" in client.get(month).content.decode()


@pytest.mark.django_db(transaction=True)
def test_two_people_taking_the_last_place_at_the_same_moment_exactly_one_gets_it(office):
    tour = create_tour(office, places=1)
    day = next_tour_day(tour)
    start = threading.Barrier(2)
    outcomes = [None, None]

    def sign_up(n):
        try:
            start.wait()
            public_tours.sign_up(tour, day, name=f"Person {n}", email=f"p{n}@example.org", language="en")
            outcomes[n] = "signed up"
        except public_tours.SignupRefused:
            outcomes[n] = "refused"
        except Exception as error:
            outcomes[n] = repr(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign_up, args=(n,)) for n in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes) == ["refused", "signed up"], outcomes
    assert TourPlace.objects.count() == 1 and TourSignup.objects.count() == 1


def test_office_staff_keep_their_own_tours_and_see_their_sign_ups(client, office):
    other = create_bookable_office(slug="south")
    own, foreign = create_tour(office, title="North tour"), create_tour(other, title="South tour")
    TourSignup.objects.create(tour=own, date=next_tour_day(own), name="Erik", email="erik@example.org")
    client.force_login(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, office))
    listing = client.get("/admin/public_tours/").content.decode()
    assert "North tour" in listing and "South tour" not in listing
    assert client.get(f"/admin/public_tours/edit/{own.pk}/").status_code == 200
    assert client.get(f"/admin/public_tours/edit/{foreign.pk}/").status_code == 404
    assert client.get(f"/admin/public_tours/usage/{foreign.pk}/").status_code == 404
    assert "erik@example.org" in client.get("/admin/tour_signups/").content.decode()

    client.force_login(create_staff("manager", StaffRole.Role.MANAGER))
    assert client.get("/admin/public_tours/").status_code == 200
    assert client.get("/admin/tour_signups/").status_code == 302  # no contact data for managers
    assert client.get(f"/admin/public_tours/edit/{own.pk}/").status_code == 302
    client.logout()
    assert client.get("/admin/public_tours/")["Location"].startswith("/admin/login/")
