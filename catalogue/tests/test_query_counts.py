"""Pages run a bounded number of queries, however many best practices there are."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.tests.factories import (
    create_best_practice,
    create_company,
    create_expert,
    create_focus_area,
    create_image,
    create_sub_area,
)
from offices.tests.factories import create_office, create_region

# Rendering is measured: no page comes from the page cache (its hits are pinned in core/tests/test_page_cache.py).
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("uncached_pages")]

# Pinned ceilings: a change that adds queries per page shows up here first.
# Every page pays 2 for languages: Wagtail finds the home page in the active language,
# and the language switch and hreflang links read the page's versions. Focus areas and
# sub-areas pay 1 more for the default-language page their practices point at. Cards are
# chosen on keys first and then loaded (BestPracticeQuerySet.cards): one query more, much
# less work for the database at 10,000 practices. A card's own columns and its sub-areas' links
# are one query each; the sub-areas' titles and the pictures are kept with the shared parts,
# so with nothing kept (as here) three more (catalogue/cards.py). Whether any page is restricted is one
# query (core.pages.ViewRestrictionsOnlyWhereAny); with shared parts kept, none (core/tests/test_routing.py).
# Breadcrumbs cost none: they walk up the parents routing loaded (core_tags.breadcrumb_trail).
MAX_QUERIES = {
    "/": 15,  # + the latest news
    # + the listing's keys, read once for the facet counts; the facet index reads the link table
    # once for focus areas and sub-areas, and the pages' own columns once for region and visit formats
    "/best-practices/": 20,
    # + the matches ranked in one query, narrowed to the listing once, the facets narrowing them
    # in another, then the page shown; with nothing kept (as here), 2 for the listing's language
    # and whether its search index entries all carry their language marker (catalogue.search)
    "/best-practices/?q=bio&region=north&sub_area=sub-a&on_site=1": 17,
    # Nothing ticked: the matches are the results, so neither counted nor narrowed again;
    # with nothing kept (as here) the listing's keys are read for the ranking and the facet
    # index, and the results (none above) are shown as cards.
    "/best-practices/?q=bio": 22,
    "/best-practices/?view=map": 16,
    "/energy/": 17,
    "/energy/sub-a/": 19,
    "/offices/": 9,
    "/companies-and-experts/": 16,
    "/companies-and-experts/?kind=experts&region=north": 15,
}


def add_practices(count, sub_areas, images, start):
    for n in range(start, start + count):
        create_best_practice(
            [sub_areas[n % 2]],
            county="Västerbotten" if n % 2 else "Stockholm",
            title=f"Biogas site {n}",
            featured=n % 5 == 0,
            hero_image=images[n % len(images)],
        )


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries)


def test_query_counts_do_not_grow_with_the_number_of_best_practices(client):
    region = create_region(name="North", slug="north", counties=("Västerbotten",))
    focus = create_focus_area(title="Energy", slug="energy")
    sub_areas = [create_sub_area(focus, title="Sub A", slug="sub-a"), create_sub_area(focus, title="Sub B")]
    office = create_office(focus.get_parent(), region=region, slug="north-office")
    images = [create_image(n) for n in range(6)]
    add_practices(10, sub_areas, images, start=0)
    for n in range(3):
        create_company(sub_areas, title=f"Company {n}")
        create_expert(sub_areas, title=f"Expert {n}")
    detail = "/best-practices/best-practice-" + str(create_best_practice(sub_areas).slug.rsplit("-", 1)[1]) + "/"
    urls = [*MAX_QUERIES, detail, office.url]

    for url in urls:  # warm caches (renditions, site root paths) so both runs compare like with like
        client.get(url)
    small = {url: count_queries(client, url) for url in urls}

    add_practices(190, sub_areas, images, start=10)
    for n in range(3, 40):
        create_company(sub_areas, title=f"Company {n}")
        create_expert(sub_areas, title=f"Expert {n}")
    for url in urls:
        client.get(url)
    large = {url: count_queries(client, url) for url in urls}

    assert large == small
    for url, ceiling in MAX_QUERIES.items():
        assert small[url] <= ceiling, small
    # The detail page: related practices read the shared sub-areas' keys (two plain queries),
    # then the nearest candidates (one, two when the box around the practice holds too few)
    # and their cards (catalogue/cards.py). A practice or an office is routed to as its own type,
    # with its county, region and picture, in one query (core.pages.OneChildTypeRouting).
    assert small[detail] <= 21 and small[office.url] <= 18, small
