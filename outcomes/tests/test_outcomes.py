import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from catalogue.tests.factories import create_home
from offices.models import StaffRole
from outcomes.models import FollowUp, SuccessStoryIndexPage
from visits.tests.factories import create_bookable_office, create_visit_request
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    return create_bookable_office(title="North", slug="north"), create_bookable_office(title="South", slug="south")


def create_follow_up(office, **overrides):
    fields = {
        "title": "Pre-study on air purification",
        "kind": "pre_study",
        "office": office,
        "country": "IN",
        "start_date": datetime.date(2019, 10, 1),
        **overrides,
    }
    return FollowUp.objects.create(**fields)


def test_published_stories_are_listed_publicly_without_personal_data(client, offices):
    index = SuccessStoryIndexPage(title="From visit to action", slug="success-stories")
    create_home().add_child(instance=index)
    source = create_visit_request(offices[0], contact_name="Asha Rao", email="asha@example.org")
    story = create_follow_up(offices[0], published=True, story="An Indian city studied air filters.")
    story.requests.add(source)
    create_follow_up(offices[0], title="Secret draft", published=False)
    html = client.get("/success-stories/").content.decode()
    assert "Pre-study on air purification" in html and "An Indian city studied air filters." in html
    assert "Secret draft" not in html and "Asha Rao" not in html and "asha@example.org" not in html
    assert f"After a study visit in {source.created_at:%Y}" in html


def test_a_published_story_needs_public_text(offices):
    with pytest.raises(ValidationError):
        FollowUp(
            title="x", kind="project", office=offices[0], country="SE", start_date=datetime.date.today(), published=True
        ).full_clean()


def test_office_staff_see_only_their_offices_follow_ups(offices):
    north, south = offices
    mine = create_follow_up(north, title="North follow-up")
    theirs = create_follow_up(south, title="South follow-up")
    client = Client()
    client.force_login(create_staff("north_staff", StaffRole.Role.OFFICE_STAFF, north))
    listing = client.get("/admin/follow_ups/").content.decode()
    assert "North follow-up" in listing and "South follow-up" not in listing
    assert client.get(f"/admin/follow_ups/edit/{mine.pk}/").status_code == 200
    assert client.get(f"/admin/follow_ups/edit/{theirs.pk}/").status_code == 404
    editor = Client()
    editor.force_login(create_staff("editor", StaffRole.Role.EDITOR))
    response = editor.get("/admin/follow_ups/")
    assert (response.status_code, response.url) == (302, "/admin/")  # Wagtail's "permission denied"
