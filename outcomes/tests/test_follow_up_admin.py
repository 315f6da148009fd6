"""The follow-up admin: history for each office's own follow-ups, and a form scoped to the user's office."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from offices.models import StaffRole
from outcomes.models import FollowUp
from outcomes.wagtail_hooks import FollowUpViewSet
from visits.tests.factories import create_bookable_office, create_visit_request
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db

VIEWSET = FollowUpViewSet("follow_ups")


@pytest.fixture
def offices():
    return create_bookable_office(title="North", slug="north"), create_bookable_office(title="South", slug="south")


def create_follow_up(office, **overrides):
    fields = {
        "title": f"Pre-study for {office.title}",
        "kind": "pre_study",
        "office": office,
        "country": "IN",
        "start_date": datetime.date(2019, 10, 1),
        **overrides,
    }
    return FollowUp.objects.create(**fields)


def client_for(user):
    client = Client()
    client.force_login(user)
    return client


def history_url(follow_up):
    return reverse(VIEWSET.get_url_name("history"), args=[follow_up.pk])


def form_data(office, requests=(), **overrides):
    return {
        "title": "Follow-up visit to Pune",
        "kind": "visit_abroad",
        "status": "planned",
        "office": office.pk,
        "country": "IN",
        "requests": [visit_request.pk for visit_request in requests],
        "start_date": "2026-03-01",
        "end_date": "",
        "description": "",
        "partners": "",
        "value_sek": "",
        "story": "",
        **overrides,
    }


def test_a_coordinator_opens_the_history_of_any_follow_up(offices):
    follow_up = create_follow_up(offices[1])
    response = client_for(create_staff("coordinator", StaffRole.Role.COORDINATOR)).get(history_url(follow_up))
    assert response.status_code == 200
    assert "Pre-study for South" in response.content.decode()


def test_office_staff_open_the_history_of_their_offices_follow_ups_only(offices):
    north, south = offices
    client = client_for(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, north))
    assert client.get(history_url(create_follow_up(north))).status_code == 200
    assert client.get(history_url(create_follow_up(south))).status_code == 404


@pytest.mark.parametrize("view", ["usage", "copy"])
def test_another_offices_follow_up_is_a_404_in_every_object_view(offices, view):
    north, south = offices
    client = client_for(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, north))
    url = reverse(VIEWSET.get_url_name(view), args=[create_follow_up(south).pk])
    assert client.get(url).status_code == 404


def test_office_staff_are_offered_only_their_offices_requests_and_office(offices):
    north, south = offices
    mine, theirs = create_visit_request(north), create_visit_request(south)
    response = client_for(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, north)).get(
        reverse(VIEWSET.get_url_name("add"))
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["requests"].queryset) == [mine]
    assert list(form.fields["office"].queryset) == [north]
    html = response.content.decode()
    assert mine.reference in html
    assert theirs.reference not in html


def test_office_staff_cannot_file_a_follow_up_under_another_offices_request(offices):
    north, south = offices
    theirs = create_visit_request(south)
    client = client_for(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, north))
    response = client.post(reverse(VIEWSET.get_url_name("add")), form_data(north, [theirs]))
    assert response.status_code == 200  # the form again, with its error
    assert list(response.context["form"].errors) == ["requests"]
    assert not FollowUp.objects.exists()


def test_office_staff_cannot_file_a_follow_up_under_another_office(offices):
    north, south = offices
    client = client_for(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, north))
    response = client.post(reverse(VIEWSET.get_url_name("add")), form_data(south))
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["office"]
    assert not FollowUp.objects.exists()


def test_office_staff_file_a_follow_up_under_their_own_request(offices):
    north, _south = offices
    mine = create_visit_request(north)
    client = client_for(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, north))
    response = client.post(reverse(VIEWSET.get_url_name("add")), form_data(north, [mine]))
    assert response.status_code == 302
    follow_up = FollowUp.objects.get()
    assert (follow_up.office, list(follow_up.requests.all())) == (north, [mine])


def test_editing_keeps_links_to_requests_the_office_cannot_see(offices):
    north, south = offices
    mine, moved = create_visit_request(north), create_visit_request(south)
    follow_up = create_follow_up(north)
    follow_up.requests.add(mine, moved)
    client = client_for(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, north))
    url = reverse(VIEWSET.get_url_name("edit"), args=[follow_up.pk])
    assert moved.reference not in client.get(url).content.decode()
    response = client.post(url, form_data(north, [], title="Renamed"))
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.title == "Renamed"
    assert list(follow_up.requests.all()) == [moved]


def test_a_coordinator_is_offered_every_offices_requests_and_offices(offices):
    north, south = offices
    requests = [create_visit_request(north), create_visit_request(south)]
    client = client_for(create_staff("coordinator", StaffRole.Role.COORDINATOR))
    form = client.get(reverse(VIEWSET.get_url_name("add"))).context["form"]
    assert set(form.fields["requests"].queryset) == set(requests)
    assert set(form.fields["office"].queryset) == {north, south}
    response = client.post(reverse(VIEWSET.get_url_name("add")), form_data(south, requests))
    assert response.status_code == 302
    assert set(FollowUp.objects.get().requests.all()) == set(requests)
