"""Who may turn a finished year into a draft news post, and where they find the button."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.test import Client

from catalogue.tests.factories import create_home
from news.models import NewsIndexPage, NewsPage
from offices.models import StaffRole
from visits.tests.factories import create_bookable_office
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db

DRAFT_URL = "/admin/statistics/year-in-review/2019/draft/"
Role = StaffRole.Role


@pytest.fixture
def news_index():
    index = NewsIndexPage(title="News", slug="news")
    create_home().add_child(instance=index)
    return index


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER, Role.EDITOR])
def test_coordinators_managers_and_editors_make_the_draft(news_index, role):
    user = create_staff(f"user-{role}", role)
    response = logged_in(user).post(DRAFT_URL)
    post = NewsPage.objects.get(locale__language_code="en")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{post.pk}/edit/"
    assert not post.live
    assert post.owner == user
    assert post.get_parent().pk == news_index.pk


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.EDITOR, Role.MANAGER])
def test_the_maker_of_the_draft_can_open_it_in_the_editor(news_index, role):
    # Their role's group holds the Wagtail page rights; the draft opens for its maker.
    client = logged_in(create_staff(f"user-{role}", role))
    location = client.post(DRAFT_URL)["Location"]
    assert location == f"/admin/pages/{NewsPage.objects.get(locale__language_code='en').pk}/edit/"
    assert client.get(location).status_code == 200


def test_strangers_anonymous_and_office_staff_are_refused(news_index):
    office = create_bookable_office(title="North", slug="north")
    stranger = get_user_model().objects.create_user("stranger", "stranger@example.org", "pw", is_staff=True)
    stranger.user_permissions.add(Permission.objects.get(codename="access_admin"))
    assert Client().post(DRAFT_URL)["Location"].startswith("/admin/login/")
    assert logged_in(stranger).post(DRAFT_URL)["Location"] == "/admin/"
    assert logged_in(create_staff("office", Role.OFFICE_STAFF, office)).post(DRAFT_URL)["Location"] == "/admin/"
    assert not NewsPage.objects.exists()


def test_making_a_draft_needs_a_post(news_index):
    response = logged_in(create_staff("editor", Role.EDITOR)).get(DRAFT_URL)
    assert response.status_code == 405
    assert not NewsPage.objects.exists()


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.MANAGER])
def test_the_statistics_page_of_a_finished_year_holds_the_button(news_index, role):
    html = logged_in(create_staff(f"user-{role}", role)).get("/admin/statistics/", {"year": "2019"}).content.decode()
    assert f'action="{DRAFT_URL}"' in html
    assert "2019 at a glance" in html


def test_editors_reach_the_year_in_review_part_without_the_figures(news_index):
    client = logged_in(create_staff("editor", Role.EDITOR))
    response = client.get("/admin/statistics/", {"year": "2019"})
    assert response.status_code == 200
    html = response.content.decode()
    assert f'action="{DRAFT_URL}"' in html
    assert 'href="/year-in-review/2019/"' in html
    assert "at a glance" not in html
    assert "Delegations per month" not in html
    assert client.get("/admin/statistics/countries.csv", {"year": "2019"})["Location"] == "/admin/"


def test_two_drafts_of_the_same_year_at_once_get_their_own_addresses(news_index):
    client = logged_in(create_staff("editor", Role.EDITOR))
    assert client.post(DRAFT_URL).status_code == 302
    assert client.post(DRAFT_URL).status_code == 302  # the same second: no slug clash, no 500
    slugs = list(NewsPage.objects.values_list("slug", flat=True))
    assert len(set(slugs)) == 2
