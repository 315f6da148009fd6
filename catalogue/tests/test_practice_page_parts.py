"""A practice page keeps what it shows of other records with the shared parts: a page at a
new address (a page-cache miss) reads almost nothing, and every change shows at once."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.tests.factories import (
    create_best_practice,
    create_company,
    create_expert,
    create_sub_area,
    translate_page,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    from catalogue.tests.factories import create_focus_area

    sub_area = create_sub_area(create_focus_area(title="Energy", slug="energy"), title="Heating", slug="heating")
    practice = create_best_practice([sub_area], title="District heat", latitude=Decimal("59.3"))
    create_best_practice([sub_area], title="Waste heat", latitude=Decimal("59.4"))
    create_company(best_practices=[practice], title="Pipe maker", city="Borås")
    create_expert(best_practices=[practice], title="Heat expert", role="Engineer")
    return practice


def test_at_a_new_address_a_practice_page_reads_only_the_page_itself(client, practice):
    client.get(practice.url)  # keeps the shared parts, as a running server has them

    with CaptureQueriesContext(connection) as captured:
        html = client.get(practice.url + "?utm_source=newsletter").content.decode()

    # Routing the page (one query). Its sub-areas, pictures, related practices, companies,
    # experts and language versions are kept; the related cards too.
    assert len(captured) == 1, [q["sql"][:120] for q in captured]
    assert "Heating" in html and "Waste heat" in html and "Pipe maker" in html and "Heat expert" in html


def test_a_company_linking_the_practice_shows_at_once(client, practice):
    client.get(practice.url)
    create_company(best_practices=[practice], title="Valve maker")

    assert "Valve maker" in client.get(practice.url + "?again=1").content.decode()


def test_an_unpublished_expert_and_sub_area_go_at_once(client, practice):
    client.get(practice.url)
    practice.experts.first().unpublish()
    practice.sub_areas.first().unpublish()

    html = client.get(practice.url + "?again=1").content.decode()
    assert "Heat expert" not in html and 'href="/energy/heating/"' not in html


def test_a_new_related_practice_shows_at_once(client, practice):
    client.get(practice.url)
    create_best_practice(list(practice.sub_areas.all()), title="Heat pump park", latitude=Decimal("59.31"))

    assert "Heat pump park" in client.get(practice.url + "?again=1").content.decode()


def test_a_new_translation_is_linked_at_once(client, practice):
    client.get(practice.url)
    swedish = translate_page(practice, "sv", title="Fjärrvärme")

    html = client.get(practice.url + "?again=1").content.decode()
    assert f'hreflang="sv" href="http://127.0.0.1:8000{swedish.url}?again=1"' in html.replace("&amp;", "&")
