import pytest
from django.utils.html import escape

from catalogue.tests.factories import (
    create_best_practice,
    create_company,
    create_expert,
    create_focus_area,
    create_home,
    create_sub_area,
)
from offices.tests.factories import create_office, create_region

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue():
    region = create_region(name="North", slug="north", counties=("Västerbotten",))
    home = create_home()
    office = create_office(home, region=region, title="Smart City Sweden North", city="Umeå")
    focus = create_focus_area(title="Mobility", slug="mobility", colour="#1d5fa8")
    sub = create_sub_area(focus, title="Public transport", slug="public-transport")
    practice = create_best_practice(
        [sub],
        county="Västerbotten",
        title="Electric buses in Umeå",
        slug="umea-buses",
        summary="Quiet electric buses.",
        municipality="Umeå",
        latitude="63.8258",
        longitude="20.2630",
        featured=True,
        key_facts=[("fact", {"label": "Buses", "value": "40", "unit": "", "source": "City"})],
        milestones=[("milestone", {"date": "2018-06-01", "text": "First route electrified"})],
    )
    return {"home": home, "office": office, "focus": focus, "sub": sub, "practice": practice, "region": region}


def test_home_shows_focus_areas_featured_practices_and_office_map(client, catalogue):
    response = client.get("/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Mobility" in html
    assert "Electric buses in Umeå" in html
    assert "<svg" in html and "Smart City Sweden North" in html  # map and its list alternative
    assert '<meta name="description"' in html and 'property="og:title"' in html


def test_focus_area_page_lists_sub_areas_with_counts_and_facts(client, catalogue):
    catalogue["focus"].key_facts = [("fact", {"label": "Share", "value": "90", "unit": "%", "source": "Agency"})]
    catalogue["focus"].save()
    html = client.get("/mobility/").content.decode()
    assert "Public transport" in html
    assert "1 best practice" in html
    assert "Share" in html and "Agency" in html
    assert "?focus_area=mobility" in html


def test_sub_area_page_lists_its_best_practices_and_milestones(client, catalogue):
    response = client.get("/mobility/public-transport/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Electric buses in Umeå" in html
    assert "?sub_area=public-transport" in html


def test_best_practice_detail_shows_visit_information_facts_milestones_and_office(client, catalogue):
    html = client.get("/best-practices/umea-buses/").content.decode()
    assert "Quiet electric buses." in html
    assert "First route electrified" in html and "2018" in html
    assert "Buses" in html
    assert "Smart City Sweden North" in html  # the office responsible for the region
    assert "English, Swedish" in html
    assert "63.8258" in html


def test_related_best_practices_share_a_sub_area_and_come_nearest_first(catalogue):
    sub = catalogue["sub"]
    far = create_best_practice([sub], title="Far away", latitude="55.6050", longitude="13.0038")
    near = create_best_practice([sub], title="Near by", latitude="63.80", longitude="20.20")
    unrelated = create_best_practice(title="Other topic", latitude="63.82", longitude="20.26")
    related = catalogue["practice"].related_practices()
    assert [page.pk for page in related] == [near.pk, far.pk]
    assert unrelated.pk not in [page.pk for page in related]
    assert related[0].distance_km < related[1].distance_km


def test_related_best_practices_are_the_nearest_by_great_circle_in_a_bounded_number_of_queries(catalogue):
    from random import Random

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from core.geo import haversine_km

    rng = Random(3)
    sub, practice = catalogue["sub"], catalogue["practice"]
    for n in range(40):  # from Malmö to Kiruna, a few close to Umeå
        lat, lon = (rng.uniform(55.3, 68.0), rng.uniform(11.5, 23.5)) if n % 4 else (63.8 + rng.uniform(-1, 1), 20.3)
        create_best_practice([sub], title=f"Site {n}", latitude=f"{lat:.4f}", longitude=f"{lon:.4f}")
    everyone = list(type(practice).objects.live().exclude(pk=practice.pk))
    expected = sorted(
        everyone, key=lambda p: haversine_km(practice.latitude, practice.longitude, p.latitude, p.longitude)
    )

    with CaptureQueriesContext(connection) as queries:
        related = list(practice.related_practices(limit=6))  # keys, then the cards loaded
    assert [page.pk for page in related] == [page.pk for page in expected[:6]]
    assert len(queries) <= 6  # candidates in the box, the cards and their prefetches; never one per page


def test_expert_contact_details_are_never_rendered_publicly(client, catalogue):
    expert = create_expert(
        [catalogue["sub"]],
        [catalogue["practice"]],
        title="Ingrid Lund",
        email="ingrid.secret@private.example",
        phone="+46701740699",
    )
    for url in [
        "/companies-and-experts/?kind=experts",
        expert.url,
        catalogue["practice"].url,
        "/mobility/public-transport/",
    ]:
        html = client.get(url).content.decode()
        assert "Ingrid Lund" in html, url
        assert "ingrid.secret" not in html, url
        assert "1740699" not in html and "174 06 99" not in html, url


def test_expert_contact_details_are_not_searchable(client, catalogue):
    create_expert(title="Ingrid Lund", email="ingrid.secret@private.example")
    html = client.get("/companies-and-experts/?kind=experts&q=ingrid.secret").content.decode()
    assert "0 experts" in html


def test_company_page_lists_its_best_practices_and_experts(client, catalogue):
    company = create_company([catalogue["sub"]], [catalogue["practice"]], title="Nordbuss AB")
    create_expert(title="Erik Holm", company=company)
    html = client.get(company.url).content.decode()
    assert "Electric buses in Umeå" in html and "Erik Holm" in html and "Public transport" in html


def test_office_page_lists_the_regions_best_practices(client, catalogue):
    other = create_best_practice(title="In Stockholm", county="Stockholm")
    html = client.get(catalogue["office"].url).content.decode()
    assert "Electric buses in Umeå" in html
    assert other.title not in html
    assert "Västerbotten" in html
    assert "09:00" in html and "13:00" in html  # the default slots


def test_office_index_lists_offices_on_a_map(client, catalogue):
    html = client.get("/offices/").content.decode()
    assert "Smart City Sweden North" in html and "<svg" in html


def test_page_text_is_escaped(client, catalogue):
    create_best_practice(title="<script>alert(1)</script>", summary="<b>bold</b>")
    html = client.get("/best-practices/").content.decode()
    assert "<script>alert(1)</script>" not in html
    assert escape("<script>alert(1)</script>") in html
    assert "<b>bold</b>" not in html


def test_sitemap_lists_pages_and_robots_points_to_it(client, catalogue):
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/best-practices/umea-buses/" in sitemap and "/mobility/public-transport/" in sitemap
    robots = client.get("/robots.txt")
    assert robots["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in robots.content.decode()
    assert "Disallow: /admin/" in robots.content.decode()


def test_pages_have_title_description_and_open_graph(client, catalogue):
    html = client.get("/best-practices/umea-buses/").content.decode()
    assert "<title>Electric buses in Umeå · " in html
    assert '<meta name="description" content="Quiet electric buses.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<link rel="canonical" href="http://localhost/best-practices/umea-buses/">' in html


def test_no_page_loads_anything_from_another_host(client, catalogue):
    for url in ["/", "/best-practices/", "/best-practices/?view=map", "/best-practices/umea-buses/", "/offices/"]:
        html = client.get(url).content.decode()
        for attribute in ('src="http', "src='http", 'href="//', '<link rel="stylesheet" href="http'):
            assert attribute not in html, (url, attribute)


def test_unknown_page_is_a_404(client, catalogue):
    assert client.get("/best-practices/no-such-place/").status_code == 404
