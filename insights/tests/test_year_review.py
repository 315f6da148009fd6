import datetime

import pytest
from django.test import Client

from catalogue.tests.factories import create_home
from insights.tests.test_statistics import fixture_data  # noqa: F401 - shared fixture
from news.models import NewsIndexPage, NewsPage
from offices.models import StaffRole
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db


def test_the_public_year_in_review_groups_small_counts(client, fixture_data):  # noqa: F811
    html = client.get("/year-in-review/2019/").content.decode()
    assert "3 delegations and 35 visitors from 2 countries." in html
    assert "Other countries" in html  # China (2) and India (1) are both below three
    assert "China" not in html and "India" not in html
    assert "Org 1" not in html  # no delegation names
    assert "Other topics" in html and "Other offices" in html  # all below three in this small fixture
    assert "<svg" in html and "Delegations by country" in html


def test_unfinished_and_ancient_years_are_404(client):
    this_year = datetime.date.today().year
    assert client.get(f"/year-in-review/{this_year}/").status_code == 404
    assert client.get("/year-in-review/1999/").status_code == 404


def test_editors_turn_the_year_into_a_draft_news_post(fixture_data):  # noqa: F811
    index = NewsIndexPage(title="News", slug="news")
    create_home().add_child(instance=index)
    editor = Client()
    editor.force_login(create_staff("editor", StaffRole.Role.EDITOR))
    response = editor.post("/admin/statistics/year-in-review/2019/draft/")
    post = NewsPage.objects.get(locale__language_code="en")
    assert response.status_code == 302 and response["Location"] == f"/admin/pages/{post.pk}/edit/"
    assert not post.live and post.title == "The year 2019 in review"
    assert "3 delegations and 35 visitors from 2 countries." in post.body
    assert "Pre-study" not in post.body  # the fixture's follow-up is not published
    # Like a page made in the editor, it exists in every language, in English until translated.
    assert sorted(NewsPage.objects.filter(alias_of=post).values_list("locale__language_code", flat=True)) == [
        "sv",
        "zh-hans",
    ]
    # Who else may make it, and who may not: test_draft_news.py.
