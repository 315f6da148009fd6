"""sitemap.xml: one file up to PageSitemap.limit addresses, a sitemap index of parts beyond,
with every translation's alternates wherever a part ends, in a fixed number of queries."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.timezone import localtime

from catalogue.tests.factories import create_focus_area, create_home, translate_page
from core.sitemaps import PageSitemap

pytestmark = pytest.mark.django_db
LOC = re.compile(r"<loc>([^<]+)</loc>")


def locations(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/xml"
    return LOC.findall(response.content.decode())


def urls_by_location(xml: str) -> dict[str, set[tuple[str, str]]]:
    """{location: {(hreflang, href)}} of a sitemap part."""
    entries = {}
    for block in re.findall(r"<url>(.*?)</url>", xml, flags=re.S):
        (location,) = LOC.findall(block)
        entries[location] = set(re.findall(r'hreflang="([^"]+)" href="([^"]+)"', block))
    return entries


@pytest.fixture
def site():
    home = create_home()
    for n in range(5):
        create_focus_area(title=f"Area {n}", slug=f"area-{n}")
    return home


def test_below_the_limit_sitemap_xml_is_the_sitemap_itself(client, site):
    response = client.get("/sitemap.xml")
    assert "<urlset" in response.content.decode()
    listed = locations(response)
    assert "http://localhost/" in listed and "http://localhost/area-4/" in listed
    assert locations(client.get("/sitemap-pages.xml")) == listed
    assert client.get("/sitemap-pages.xml?p=2").status_code == 404
    assert client.get("/sitemap-news.xml").status_code == 404


def test_beyond_the_limit_sitemap_xml_is_an_index_of_parts(client, site, monkeypatch, uncached_pages):
    everything = set(locations(client.get("/sitemap.xml")))
    assert len(everything) == 6
    monkeypatch.setattr(PageSitemap, "limit", 4)
    site.save_revision().publish()
    site.refresh_from_db()
    index = client.get("/sitemap.xml")
    assert "<sitemapindex" in index.content.decode()
    parts = locations(index)
    assert parts == ["http://localhost/sitemap-pages.xml", "http://localhost/sitemap-pages.xml?p=2"]
    assert index.content.decode().count(f"<lastmod>{localtime(site.last_published_at).isoformat()}</lastmod>") == 2
    listed = [locations(client.get(part.removeprefix("http://localhost"))) for part in parts]
    assert [len(part) for part in listed] == [4, 2]
    assert set(listed[0]) | set(listed[1]) == everything
    assert client.get("/sitemap-pages.xml?p=3").status_code == 404
    assert client.get("/sitemap-pages.xml?p=x").status_code == 404


def test_alternates_are_complete_on_every_part(client, site, monkeypatch, uncached_pages):
    translate_page(site, "sv", title="Välkommen")
    focus = create_focus_area(title="Energy", slug="energy")
    translate_page(focus, "sv", title="Energi")
    translate_page(focus, "zh-hans", title="能源")
    single = urls_by_location(client.get("/sitemap.xml").content.decode())
    assert single["http://localhost/sv/energy/"] == {
        ("en", "http://localhost/energy/"),
        ("sv", "http://localhost/sv/energy/"),
        ("zh-hans", "http://localhost/zh-hans/energy/"),
        ("x-default", "http://localhost/energy/"),
    }
    monkeypatch.setattr(PageSitemap, "limit", 1)  # every group of translations is cut apart
    parts = locations(client.get("/sitemap.xml"))
    assert len(parts) == len(single)
    split = {}
    for part in parts:
        split.update(urls_by_location(client.get(part.removeprefix("http://localhost")).content.decode()))
    assert split == single


def test_query_counts_do_not_grow_with_the_pages(client, site, monkeypatch, uncached_pages):
    monkeypatch.setattr(PageSitemap, "limit", 2)

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    urls = ["/sitemap.xml", "/sitemap-pages.xml", "/sitemap-pages.xml?p=2"]
    for url in urls:
        queries(url)  # the site's root paths are cached after the first request
    few = [queries(url) for url in urls]
    for n in range(5, 15):
        create_focus_area(title=f"Area {n}", slug=f"area-{n}")
    assert len(locations(client.get("/sitemap.xml"))) == 8
    assert [queries(url) for url in urls] == few
    assert few == [4, 5, 5], few


def test_restricted_pages_are_left_out_and_without_any_restriction_none_is_read(client, site, settings):
    """Wagtail's `.public()` reads every view restriction at each build; sites rarely have
    any, and whether any exist is kept with the shared parts (core.pages.public)."""
    from wagtail.models import Page, PageViewRestriction

    settings.PAGE_CACHE_SECONDS = 0  # every request builds the sitemap; shared parts are kept
    client.get("/sitemap.xml")
    with CaptureQueriesContext(connection) as captured:
        assert "http://localhost/area-1/" in locations(client.get("/sitemap.xml"))
    assert not [q for q in captured.captured_queries if "wagtailcore_pageviewrestriction" in q["sql"]]

    PageViewRestriction.objects.create(page=Page.objects.get(slug="area-1"), restriction_type="password", password="x")
    listed = locations(client.get("/sitemap.xml"))
    assert "http://localhost/area-1/" not in listed and "http://localhost/area-2/" in listed


def test_the_sitemap_is_built_once_and_changes_with_a_publish(client, site, settings):
    settings.PAGE_CACHE_SECONDS = 600
    first = client.get("/sitemap.xml")
    assert first["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/sitemap.xml")
    assert second["X-Page-Cache"] == "hit" and len(queries) == 0
    assert second.content == first.content and second["Content-Type"] == "application/xml"

    create_focus_area(title="Area new", slug="area-new")

    third = client.get("/sitemap.xml")
    assert third["X-Page-Cache"] == "miss"
    assert "http://localhost/area-new/" in locations(third)
