"""The accessibility statement, privacy notice, contact page and human sitemap, in every language."""

import pytest

from catalogue.tests.factories import create_focus_area, create_home, create_listing_page
from offices.tests.factories import create_office, create_region

pytestmark = pytest.mark.django_db

PAGES = ["/accessibility/", "/privacy/", "/contact/", "/sitemap/"]
PREFIXES = ["", "/sv", "/zh-hans"]


@pytest.fixture
def site():
    home = create_home()
    create_focus_area(title="Energy", slug="energy")
    create_listing_page()
    create_office(home, region=create_region(), title="Smart City Sweden North", slug="north")
    return home


@pytest.mark.parametrize("prefix", PREFIXES)
@pytest.mark.parametrize("page", PAGES)
def test_each_page_renders_in_each_language_and_is_linked_in_the_footer(client, site, prefix, page):
    response = client.get(prefix + page)
    assert response.status_code == 200
    html = response.content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{prefix}{page}"' in footer


@pytest.mark.parametrize("page", PAGES)
def test_the_pages_only_answer_reading(client, site, page):
    assert client.post(page).status_code == 405


def test_the_accessibility_statement_follows_the_national_model(client, site, settings):
    settings.ACCESSIBILITY_STATEMENT_REVIEWED = "2026-11-27"
    html = client.get("/sv/accessibility/").content.decode()
    for heading in (
        "Hur tillgänglig är webbplatsen?",
        "Rapportera brister i webbplatsens tillgänglighet",
        "Tillsyn",
        "Innehåll som inte är tillgängligt",
        "Hur vi testat webbplatsen",
    ):
        assert heading in html
    assert "digg.se" in html and "27 november 2026" in html
    assert settings.ACCESSIBILITY_CONTACT_EMAIL in html
    chinese = client.get("/zh-hans/accessibility/").content.decode()
    assert "2026年11月27日" in chinese


def test_the_privacy_notice_states_the_retention_setting(client, site, settings):
    settings.REQUEST_RETENTION_DAYS = 730
    html = client.get("/privacy/").content.decode()
    assert "730 days after the visit" in html
    assert "imy.se" in html and settings.PRIVACY_CONTACT_EMAIL in html


def test_the_contact_page_lists_the_offices(client, site):
    html = client.get("/contact/").content.decode()
    assert ("Smart City Sweden North" in html and "visits.north@" in html) or "@" in html


def test_the_sitemap_page_lists_sections_and_the_visit_pages(client, site):
    html = client.get("/sitemap/").content.decode()
    assert 'href="/energy/"' in html and 'href="/best-practices/"' in html
    assert 'href="/book/"' in html and 'href="/accessibility/"' in html
    assert 'href="/sitemap.xml"' in html
