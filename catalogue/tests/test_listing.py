import re

import pytest

from catalogue.tests.factories import (
    create_best_practice,
    create_company,
    create_directory_page,
    create_focus_area,
    create_sub_area,
)
from offices.tests.factories import create_region, get_county

pytestmark = pytest.mark.django_db

URL = "/best-practices/"


@pytest.fixture
def catalogue():
    """Five best practices over two focus areas, three sub-areas and two regions."""
    south = create_region(name="South", slug="south", counties=("Skåne",))
    north = create_region(name="North", slug="north", counties=("Västerbotten",))
    energy = create_focus_area(title="Energy", slug="energy")
    mobility = create_focus_area(title="Mobility", slug="mobility")
    heat = create_sub_area(energy, title="District heating", slug="district-heating")
    fuels = create_sub_area(mobility, title="Biogas fuels", slug="biogas-fuels")
    buses = create_sub_area(mobility, title="Public transport", slug="public-transport")
    pages = {
        "malmo_biogas": create_best_practice(
            [fuels, buses], county="Skåne", title="Malmö biogas buses", summary="Buses running on biogas."
        ),
        "malmo_heat": create_best_practice(
            [heat], county="Skåne", title="Malmö heat pumps", visitable_on_site=False, visitable_digitally=True
        ),
        "umea_heat": create_best_practice(
            [heat], county="Västerbotten", title="Umeå district heating", visitable_digitally=True
        ),
        "umea_biogas": create_best_practice([fuels], county="Västerbotten", title="Umeå biogas plant"),
        "umea_bus": create_best_practice([buses], county="Västerbotten", title="Umeå electric buses"),
    }
    create_directory_page()
    return {"pages": pages, "south": south, "north": north}


def titles(response):
    return set(re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode()))


def facet_count(response, param, value):
    html = response.content.decode()
    match = re.search(
        rf'name="{param}" value="{re.escape(value)}"[^>]*>[^<]*<span class="count">\((\d+)\)</span>', html
    )
    assert match, f"no facet option {param}={value}"
    return int(match.group(1))


def test_listing_shows_everything_without_filters(client, catalogue):
    response = client.get(URL)
    assert response.status_code == 200
    assert len(titles(response)) == 5
    assert "5 best practices" in response.content.decode()


def test_search_finds_words_in_title_and_summary(client, catalogue):
    response = client.get(URL, {"q": "biogas"})
    assert titles(response) == {"Malmö biogas buses", "Umeå biogas plant"}


def test_search_combines_with_region_and_sub_area_facets(client, catalogue):
    response = client.get(URL, {"q": "biogas", "region": "north"})
    assert titles(response) == {"Umeå biogas plant"}
    response = client.get(URL, {"region": "south", "sub_area": "public-transport"})
    assert titles(response) == {"Malmö biogas buses"}


def test_values_of_one_facet_are_ored_and_facets_are_anded(client, catalogue):
    response = client.get(URL, {"sub_area": ["district-heating", "public-transport"], "region": "north"})
    assert titles(response) == {"Umeå district heating", "Umeå electric buses"}


def test_focus_area_facet_matches_any_of_its_sub_areas(client, catalogue):
    response = client.get(URL, {"focus_area": "mobility"})
    assert titles(response) == {"Malmö biogas buses", "Umeå biogas plant", "Umeå electric buses"}


def test_facet_counts_exclude_their_own_filter(client, catalogue):
    response = client.get(URL, {"region": "north"})
    # Region counts ignore the region filter: choosing South would add two.
    assert facet_count(response, "region", "south") == 2
    assert facet_count(response, "region", "north") == 3
    # Other facets count within the North.
    assert facet_count(response, "sub_area", "district-heating") == 1
    assert facet_count(response, "focus_area", "mobility") == 2
    assert facet_count(response, "focus_area", "energy") == 1
    assert facet_count(response, "digital", "1") == 1
    assert facet_count(response, "on_site", "1") == 3


def test_multi_sub_area_practice_is_counted_once_per_focus_area(client, catalogue):
    response = client.get(URL)
    assert facet_count(response, "focus_area", "mobility") == 3
    assert facet_count(response, "sub_area", "biogas-fuels") == 2


def test_format_facets_filter(client, catalogue):
    assert titles(client.get(URL, {"digital": "1"})) == {"Malmö heat pumps", "Umeå district heating"}
    assert "Malmö heat pumps" not in titles(client.get(URL, {"on_site": "1"}))


def test_filters_are_in_the_url_and_links_toggle_them(client, catalogue):
    html = client.get(URL, {"q": "biogas", "region": "north"}).content.decode()
    assert 'href="/best-practices/?q=biogas"' in html  # remove the region filter, keep the search
    assert 'href="/best-practices/?region=north"' in html  # remove the search, keep the region


def test_pagination_keeps_filters_and_refuses_pages_out_of_range(client, catalogue):
    for n in range(20):
        create_best_practice(title=f"Extra {n:02d}", county="Skåne")
    first = client.get(URL, {"region": "south"})
    assert "Page 1 of 2" in first.content.decode()
    assert 'href="/best-practices/?region=south&amp;page=2"' in first.content.decode()
    second = client.get(URL, {"region": "south", "page": "2"})
    assert len(titles(second)) == 22 - 12
    for page in ["3", "0", "-1", "abc", "9" * 30]:
        assert client.get(URL, {"region": "south", "page": page}).status_code == 404, page


def test_unknown_filter_values_are_ignored_with_a_message(client, catalogue):
    response = client.get(URL, {"region": ["nowhere", "north"], "sub_area": "x" * 500, "focus_area": "<b>"})
    assert response.status_code == 400  # bad input says so, but the page still helps
    html = response.content.decode()
    assert "Unknown region and office “nowhere” was ignored." in html
    assert "Unknown focus area “&lt;b&gt;” was ignored." in html
    assert titles(response) == {"Umeå district heating", "Umeå biogas plant", "Umeå electric buses"}


def test_long_search_is_shortened_with_a_message(client, catalogue):
    html = client.get(URL, {"q": "biogas " * 100}).content.decode()
    assert "The search text was shortened to 200 characters." in html


def test_map_view_shows_every_match_as_a_point_and_a_list(client, catalogue):
    for n in range(15):
        create_best_practice(title=f"Extra {n:02d}", county="Skåne", latitude="55.6", longitude="13.0")
    html = client.get(URL, {"view": "map", "region": "south"}).content.decode()
    assert html.count("<circle") == 17  # all matches, not only the first page
    map_list = html.split('class="map-list"')[1].split("</details>")[0]
    assert map_list.count("<li><a href=") == 17


def test_the_map_is_kept_for_the_same_search_and_filters_until_content_changes(client, catalogue):
    """Reading 2,000 points took 25 ms at 10,000 practices and writing them 16: another
    address with the same search and filters (a page number, a new visitor's first request)
    reads none and draws none."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    create_best_practice(title="Malmö <b>harbour</b> & port", county="Skåne", latitude="55.6", longitude="13.0")
    first = client.get(URL, {"view": "map", "region": "south"}).content.decode()
    assert "<title>Malmö &lt;b&gt;harbour&lt;/b&gt; &amp; port</title>" in first  # escaped on the map
    assert ">Malmö &lt;b&gt;harbour&lt;/b&gt; &amp; port</a></li>" in first  # and in the list

    with CaptureQueriesContext(connection) as captured:
        again = client.get(URL, {"view": "map", "region": "south", "page": "1"}).content.decode()

    assert again.count("<circle") == first.count("<circle") == 3
    assert not [q["sql"] for q in captured if '"catalogue_bestpracticepage"."latitude"' in q["sql"]]
    shown_again = client.get(URL, {"view": "map", "region": "south", "utm_source": "x"})
    assert _map_of(shown_again.content.decode()) == _map_of(first)
    assert "includes/sweden_map.html" not in [template.name for template in shown_again.templates]
    create_best_practice(title="Lund labs", county="Skåne", latitude="55.7", longitude="13.2")
    later = client.get(URL, {"view": "map", "region": "south"})
    assert later.content.decode().count("<circle") == 4
    assert "includes/sweden_map.html" in [template.name for template in later.templates]


def test_a_map_of_many_places_links_to_them_as_a_list_with_its_search_and_filters_alone(client, catalogue, monkeypatch):
    """Beyond MAP_LIST_LIMIT points the list under the map is a link to the list view (2,000
    links were a third of the page at 10,000 practices). The map is kept for every address
    of the same search and filters, so the link carries those and nothing else."""
    monkeypatch.setattr("core.templatetags.core_tags.MAP_LIST_LIMIT", 2)
    for n in range(3):
        create_best_practice(title=f"Harbour {n}", county="Skåne", latitude="55.6", longitude="13.0")

    html = client.get(URL, {"view": "map", "region": "south", "q": "harbour", "utm_source": "mail"}).content.decode()

    assert html.count("<circle") == 3 and '<details class="map-list"' not in html
    assert '<a href="/best-practices/?q=harbour&amp;region=south">Show the results as a list</a>' in html
    assert "The link after the map shows the same results as a list." in html
    again = client.get(URL, {"view": "map", "q": "harbour", "region": "south", "ref": "x"}).content.decode()
    assert _map_of(again) == _map_of(html) and "utm_source" not in _map_of(again)
    monkeypatch.setattr("core.templatetags.core_tags.MAP_LIST_LIMIT", 10)
    create_best_practice(title="Harbour 3", county="Skåne", latitude="55.6", longitude="13.0")
    fewer_than_the_limit = client.get(URL, {"view": "map", "region": "south"}).content.decode()
    assert '<details class="map-list"' in fewer_than_the_limit and ">Harbour 3</a></li>" in fewer_than_the_limit


def _map_of(html):
    return html[html.index('<figure class="map">') : html.index("</figure>")]


def test_the_pages_a_filter_lets_through_are_kept_until_content_changes(client, catalogue):
    """Picking them out of every key of the listing took a third of a filtered listing's time
    at 10,000 practices: another address with the same filters picks nothing."""
    from unittest import mock

    from catalogue.facets import FacetIndex

    with mock.patch.object(FacetIndex, "only_selected", autospec=True, side_effect=FacetIndex.only_selected) as picked:
        first = titles(client.get(URL, {"region": "south"}))
        again = titles(client.get(URL, {"region": "south", "view": "list"}))
        assert picked.call_count == 1 and first == again and first

        create_best_practice(title="Lund labs", county="Skåne")
        later = titles(client.get(URL, {"region": "south", "page": "1"}))
    assert picked.call_count == 2 and later == first | {"Lund labs"}


def test_unknown_view_falls_back_to_the_list(client, catalogue):
    response = client.get(URL, {"view": "<x>"})
    assert response.status_code == 200
    assert len(titles(response)) == 5


def test_directory_filters_companies_by_region_and_sub_area(client, catalogue):
    heat = catalogue["pages"]["umea_heat"].sub_areas.first()
    create_company([heat], title="Värme AB", county=get_county("Västerbotten"))
    create_company([], title="Skåne Data AB", county=get_county("Skåne"))
    html = client.get("/companies-and-experts/", {"region": "north"}).content.decode()
    assert "Värme AB" in html and "Skåne Data AB" not in html
    html = client.get("/companies-and-experts/", {"sub_area": "district-heating"}).content.decode()
    assert "Värme AB" in html and "Skåne Data AB" not in html
    response = client.get("/companies-and-experts/", {"kind": "<bad>", "page": "5"})
    assert response.status_code == 404
    response = client.get("/companies-and-experts/", {"kind": "<bad>"})
    assert response.status_code == 400
    assert "Unknown kind “&lt;bad&gt;”; showing companies." in response.content.decode()


@pytest.mark.parametrize("url", [URL, "/companies-and-experts/"])
def test_filters_fold_into_one_toggle_after_a_link_to_the_results(client, catalogue, url):
    html = client.get(url).content.decode()
    assert "/static/catalogue/listing.css" in html
    skip_link = html.index('<a class="skip-to-results" href="#results-heading">Skip to results</a>')
    panel_start = html.index('<details class="facets-panel">')
    assert skip_link < panel_start < html.index('<h2 id="results-heading" tabindex="-1"')
    panel = html[panel_start : html.index("</details>", panel_start)]
    assert "<summary>Filters</summary>" in panel
    assert panel.count('<fieldset class="facet">') == (5 if url == URL else 3)
    assert '<button type="submit">Apply filters</button>' in panel


def test_the_filter_toggle_counts_the_active_filters(client, catalogue):
    html = client.get(URL, {"region": "north", "sub_area": "district-heating"}).content.decode()
    assert "<summary>Filters (2 active)</summary>" in html


def test_the_filter_form_keeps_the_search_and_the_view(client, catalogue):
    html = client.get(URL, {"q": "biogas", "view": "map"}).content.decode()
    facets = html.split('class="facets"')[1].split("</form>")[0]
    assert '<input type="hidden" name="q" value="biogas">' in facets
    assert '<input type="hidden" name="view" value="map">' in facets
    html = client.get("/companies-and-experts/", {"kind": "experts"}).content.decode()
    facets = html.split('class="facets"')[1].split("</form>")[0]
    assert '<input type="hidden" name="kind" value="experts">' in facets


FACET_OPTIONS = {
    "focus_area": ["energy", "mobility"],
    "sub_area": ["district-heating", "biogas-fuels", "public-transport"],
    "region": ["south", "north"],
    "on_site": ["1"],
    "digital": ["1"],
}


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "biogas"}, {"region": "north"}, {"q": "buses", "focus_area": "mobility"}, {"digital": "1"}],
    ids=["everything", "search", "region ticked", "search and focus area", "flag ticked"],
)
def test_each_count_is_what_ticking_that_value_alone_in_its_facet_shows(client, catalogue, params):
    # The counts come from the kept facet index, the results from the database's filters:
    # they must agree for every value, whatever else is searched or ticked.
    response = client.get(URL, params)
    for param, values in FACET_OPTIONS.items():
        for value in values:
            shown = titles(client.get(URL, {**params, param: value}))
            assert facet_count(response, param, value) == len(shown), (params, param, value)


def test_counts_follow_a_new_practice_at_once(client, catalogue):
    assert facet_count(client.get(URL, {"q": "biogas"}), "region", "north") == 1
    create_best_practice([create_sub_area()], county="Västerbotten", title="Skellefteå biogas")
    response = client.get(URL, {"q": "biogas"})
    assert facet_count(response, "region", "north") == 2
    assert facet_count(client.get(URL), "region", "north") == 4


def test_directory_counts_agree_with_the_results(client, catalogue):
    heat, buses = (
        catalogue["pages"]["umea_heat"].sub_areas.all()[0],
        catalogue["pages"]["umea_bus"].sub_areas.all()[0],
    )
    create_company([heat], county=get_county("Västerbotten"), title="Heat Co")
    create_company([heat, buses], county=get_county("Skåne"), title="Mixed Co")
    url = "/companies-and-experts/"
    response = client.get(url, {"region": "south"})
    assert facet_count(response, "sub_area", "district-heating") == 1
    assert facet_count(response, "region", "north") == 1
    assert facet_count(response, "focus_area", "mobility") == 1


def shown_titles_in_order(response):
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_results_keep_the_listings_order_across_pages_with_and_without_values_ticked(client, catalogue):
    from catalogue.models import BestPracticePage

    for n in range(14):
        create_best_practice(county="Västerbotten" if n % 2 else "Skåne", title=f"Site {n:02}", featured=n % 5 == 0)

    for params, pages in (({}, BestPracticePage.objects.all()), ({"region": "north"}, None)):
        expected = pages if pages is not None else BestPracticePage.objects.filter(county__region__slug="north")
        expected = [page.title for page in expected.live().order_by("-featured", "title")]
        shown = []
        for number in (1, 2):
            shown += shown_titles_in_order(client.get(URL, {**params, "page": number}))
        assert shown == expected, params


def test_a_combination_nobody_asked_for_costs_no_query_once_the_listing_was_shown(client, catalogue):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(URL)  # keeps the listing's order, facet index and every card

    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"region": "north", "focus_area": "mobility", "on_site": "1"})

    assert shown_titles_in_order(response) == ["Umeå biogas plant", "Umeå electric buses"]
    assert "2 best practices" in response.content.decode()
    assert len(captured) == 0, [q["sql"][:100] for q in captured]


def test_a_page_restricted_after_the_listing_was_shown_leaves_it_and_its_counts_at_once(client, catalogue):
    from wagtail.models import PageViewRestriction

    client.get(URL)  # keeps the order, facet index and whether any page is restricted
    PageViewRestriction.objects.create(page=catalogue["pages"]["umea_bus"], restriction_type=PageViewRestriction.LOGIN)

    response = client.get(URL, {"region": "north"})
    assert titles(response) == {"Umeå district heating", "Umeå biogas plant"}
    assert facet_count(response, "sub_area", "public-transport") == 0
    assert "Umeå electric buses" not in client.get(URL, {"q": "buses"}).content.decode()


def test_sub_areas_sharing_a_slug_under_two_focus_areas_are_told_apart(client, catalogue):
    """Wagtail keeps slugs unique only among siblings; the filter names one sub-area each."""
    from catalogue.models import FocusAreaPage

    energy, mobility = (FocusAreaPage.objects.get(slug=slug) for slug in ("energy", "mobility"))
    energy_planning = create_sub_area(energy, title="Energy planning", slug="planning")
    mobility_planning = create_sub_area(mobility, title="Mobility planning", slug="planning")
    create_best_practice([energy_planning], title="Energy plan of Lund")
    create_best_practice([mobility_planning], title="Mobility plan of Umeå")

    response = client.get(URL)
    assert facet_count(response, "sub_area", "energy/planning") == 1
    assert facet_count(response, "sub_area", "mobility/planning") == 1
    assert facet_count(response, "sub_area", "district-heating") == 2  # a slug used once stays as it is
    assert titles(client.get(URL, {"sub_area": "mobility/planning"})) == {"Mobility plan of Umeå"}
    assert titles(client.get(URL, {"sub_area": "energy/planning"})) == {"Energy plan of Lund"}
    # The slug both shared was the first one's value until the second came: it shows both.
    assert titles(client.get(URL, {"sub_area": "planning"})) == {"Energy plan of Lund", "Mobility plan of Umeå"}
    # A focus area taken offline still names its sub-areas' values.
    energy.unpublish()
    assert facet_count(client.get(URL), "sub_area", "energy/planning") == 1

    html = client.get(mobility_planning.url).content.decode()
    link = re.search(r'href="(/best-practices/\?sub_area=[^"]+)"', html).group(1)
    assert link == "/best-practices/?sub_area=mobility%2Fplanning"  # as the filter's own links write it
    assert titles(client.get(link)) == {"Mobility plan of Umeå"}


def test_an_address_made_while_two_focus_areas_shared_a_slug_still_works_after(client, catalogue):
    from catalogue.models import FocusAreaPage

    energy, mobility = (FocusAreaPage.objects.get(slug=slug) for slug in ("energy", "mobility"))
    energy_planning = create_sub_area(energy, title="Energy planning", slug="planning")
    mobility_planning = create_sub_area(mobility, title="Mobility planning", slug="planning")
    create_best_practice([energy_planning], title="Energy plan of Lund")
    assert facet_count(client.get(URL), "sub_area", "energy/planning") == 1  # shared, so qualified

    mobility_planning.delete()  # the clash is gone: the value is the bare slug again

    response = client.get(URL, {"sub_area": "energy/planning"})
    assert response.status_code == 200
    assert titles(response) == {"Energy plan of Lund"}
    assert facet_count(response, "sub_area", "planning") == 1
    html = response.content.decode()
    assert "Unknown sub-area" not in html
    # The options' links, the one removing it included, use the value it stands for.
    assert "energy%2Fplanning&amp;sub_area=" not in html
    assert client.get(URL, {"sub_area": "mobility/planning"}).status_code == 400  # never a value here


def test_a_translated_sub_area_page_links_to_its_filter(client, catalogue):
    from catalogue.models import BestPracticeIndexPage, SubAreaPage
    from catalogue.tests.factories import translate_page

    listing = BestPracticeIndexPage.objects.get(locale__language_code="en")
    translate_page(listing, "sv", title="Goda exempel", slug="goda-exempel")
    buses = SubAreaPage.objects.get(slug="public-transport")
    swedish = translate_page(buses, "sv", title="Kollektivtrafik", slug="kollektivtrafik")
    translate_page(catalogue["pages"]["umea_bus"], "sv", title="Elbussar i Umeå")
    response = client.get(swedish.url)
    html = response.content.decode()
    assert response.status_code == 200, (swedish.url, response.status_code)
    links = re.findall(r'href="([^"]*\?sub_area=[^"]*)"', html)
    assert links
    link = links[0]
    assert link == "/sv/goda-exempel/?sub_area=public-transport"
    assert titles(client.get(link)) == {"Elbussar i Umeå"}
