"""Routing: index pages whose children are all of one type find a child in one query, and
what Wagtail reads before routing is kept with the shared parts, never outliving a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction, Site

from catalogue.tests.factories import (
    create_best_practice,
    create_focus_area,
    create_listing_page,
    create_sub_area,
    translate_page,
)
from offices.tests.factories import create_office, create_region

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_pages")]


def page_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured if 'FROM "wagtailcore_page"' in q["sql"] or "JOIN" in q["sql"]]


def test_a_practice_is_found_with_its_county_and_region_in_one_query(client):
    practice = create_best_practice(title="Heat from the sea", county="Västerbotten")
    response, _queries = page_queries(client, practice.url)
    assert response.status_code == 200
    assert "Heat from the sea" in response.content.decode()

    with CaptureQueriesContext(connection) as captured:
        client.get(practice.url)
    assert not any('FROM "offices_county"' in q["sql"] for q in captured)  # joined in when routed
    assert not any('FROM "offices_region"' in q["sql"] for q in captured)


@pytest.mark.parametrize("path", ["no-such-practice/", "no-such-practice/deeper/"])
def test_an_unknown_child_is_still_not_found(client, path):
    create_best_practice()
    assert client.get(create_listing_page().url + path).status_code == 404


def test_a_draft_child_is_not_served(client):
    practice = create_best_practice(title="Not yet")
    url = practice.url
    assert client.get(url).status_code == 200
    practice.unpublish()
    assert client.get(url).status_code == 404


def test_an_office_is_routed_to_with_its_region(client):
    home = create_listing_page().get_parent()
    office = create_office(home, region=create_region(name="North", slug="north", counties=("Västerbotten",)))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(office.url)
    assert response.status_code == 200
    assert not any('FROM "offices_region"' in q["sql"] and "LIMIT 21" in q["sql"] for q in captured)


# With shared parts kept (as served: a new address, or a page not yet in the page cache),
# Wagtail's Site, the home page, which type each section is and whether any page is
# restricted come from the cache; each must still follow every change at once.


@pytest.fixture
def shared_parts_kept(settings):
    settings.PAGE_CACHE_DATA_SECONDS = 3600


def all_queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, [q["sql"] for q in captured]


def test_kept_parts_spare_the_site_home_section_and_restriction_queries(client, settings):
    practice = create_best_practice(title="Heat from the sea")
    client.get(practice.url)
    _response, cold = all_queries(client, practice.url)

    settings.PAGE_CACHE_DATA_SECONDS = 3600
    client.get(practice.url)
    response, kept = all_queries(client, practice.url)
    assert response.status_code == 200
    assert not any('FROM "wagtailcore_site"' in sql for sql in kept)
    assert not any('FROM "wagtailcore_pageviewrestriction"' in sql for sql in kept)
    assert not any('FROM "wagtailcore_locale"' in sql for sql in kept)
    assert len(kept) <= len(cold) - 4, (len(kept), len(cold))


def test_a_restriction_added_after_a_page_was_served_applies_at_once(client, shared_parts_kept):
    practice = create_best_practice(title="Heat from the sea")
    assert client.get(practice.url).status_code == 200
    PageViewRestriction.objects.create(page=create_listing_page(), restriction_type=PageViewRestriction.LOGIN)
    response = client.get(practice.url)
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_section_renamed_or_unpublished_is_routed_as_it_is_now(client, shared_parts_kept):
    focus_area = create_focus_area(title="Energy", slug="energy")
    assert client.get("/energy/").status_code == 200
    focus_area.slug = "power"
    focus_area.save_revision().publish()
    assert client.get("/energy/").status_code == 404
    assert client.get("/power/").status_code == 200
    focus_area.unpublish()
    assert client.get("/power/").status_code == 404


def test_a_site_moved_to_another_address_no_longer_serves_this_one(client, shared_parts_kept):
    practice = create_best_practice()
    assert client.get(practice.url).status_code == 200
    Site.objects.update(hostname="elsewhere.example", is_default_site=False)
    for site in Site.objects.all():
        site.save()  # as the admin saves it, sending the signals that retire kept parts
    assert client.get("/best-practices/").status_code == 404


def test_each_language_is_routed_from_its_own_home_page(client, shared_parts_kept):
    focus_area = create_focus_area(title="Energy", slug="energy")
    translate_page(focus_area.get_parent().specific, "sv", title="Välkommen")
    translate_page(focus_area, "sv", title="Energi")
    for _round in range(2):  # the second time from what was kept
        assert "<h1>Energy</h1>" in client.get("/energy/").content.decode()
        assert "<h1>Energi</h1>" in client.get("/sv/energy/").content.decode()


def breadcrumb(html):
    start = html.index('<nav class="breadcrumbs')
    return html[start : html.index("</nav>", start)]


def test_breadcrumbs_lead_from_home_through_each_page_above_without_reading_the_ancestors(client):
    focus_area = create_focus_area(title="Energy", slug="energy")
    sub_area = create_sub_area(focus_area, title="Heat", slug="heat")
    practice = create_best_practice([sub_area], title="Heat from the sea")

    with CaptureQueriesContext(connection) as captured:
        html = client.get(practice.url).content.decode()
    trail = breadcrumb(html)
    assert trail.index(">Home</a>") < trail.index(">Best practices</a>") < trail.index("Heat from the sea")
    assert 'href="/best-practices/"' in trail and 'href="/"' in trail
    assert not any('"path" IN' in q["sql"] for q in captured)  # Wagtail's get_ancestors

    trail = breadcrumb(client.get(sub_area.url).content.decode())
    assert trail.index(">Home</a>") < trail.index('<a href="/energy/">Energy</a>') < trail.index(">Heat</li>")

    translate_page(focus_area.get_parent().specific, "sv", title="Välkommen")
    translate_page(focus_area, "sv", title="Energi")
    swedish = translate_page(sub_area, "sv", title="Värme")
    trail = breadcrumb(client.get(swedish.url).content.decode())
    assert trail.index(">Start</a>") < trail.index(">Energi</a>") < trail.index(">Värme</li>")


def test_a_section_retitled_shows_in_the_pages_below_at_once(client, shared_parts_kept):
    practice = create_best_practice(title="Heat from the sea")
    assert ">Best practices</a>" in breadcrumb(client.get(practice.url).content.decode())
    listing = create_listing_page()
    listing.title = "Examples"
    listing.save_revision().publish()
    trail = breadcrumb(client.get(practice.url).content.decode())
    assert ">Examples</a>" in trail and "Best practices" not in trail


def test_a_practice_names_its_regions_office_as_it_is_now(client, shared_parts_kept):
    region = create_region(name="North", slug="north", counties=("Västerbotten",))
    office = create_office(create_listing_page().get_parent(), region=region, title="Umeå office")
    practice = create_best_practice(title="Heat from the sea", county="Västerbotten")

    assert "Umeå office" in client.get(practice.url).content.decode()
    office.title = "North office"
    office.save_revision().publish()
    assert "North office" in client.get(practice.url).content.decode()
    office.region = create_region(name="South", slug="south", counties=("Skåne",))
    office.save_revision().publish()
    html = client.get(practice.url).content.decode()
    assert "Visits arranged by" not in html and "North office" not in html
