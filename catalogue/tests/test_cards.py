"""Practice cards kept as HTML for every page that shows them (catalogue_tags.practice_cards)."""

import re
from decimal import Decimal
from unittest import mock

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from wagtail.images import get_image_model

from catalogue.cards import card_facts
from catalogue.models import BestPracticePage
from catalogue.tests.factories import (
    create_best_practice,
    create_focus_area,
    create_image,
    create_sub_area,
    translate_page,
)
from offices.models import StaffRole
from offices.tests.factories import create_region
from visits.tests.personas import create_staff

pytestmark = pytest.mark.django_db

LISTING = "/best-practices/"
NEXT = re.compile(r'name="next" value="([^"]*)"')


@pytest.fixture
def practices():
    sub_area = create_sub_area(title="Heat", slug="heat")
    return [create_best_practice(sub_areas=[sub_area], title=f"Heat plant {n}") for n in range(4)]


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def test_a_new_address_reuses_the_cards_already_rendered_and_loads_no_practice(client, practices):
    first, _count = queries(client, LISTING)
    assert first["X-Page-Cache"] == "miss"

    second, _count = queries(client, f"{LISTING}?page=1")  # another address: rendered again

    assert second["X-Page-Cache"] == "miss"
    html = second.content.decode()
    assert all(f"Heat plant {n}" in html for n in range(4))
    with CaptureQueriesContext(connection) as captured:
        client.get(f"{LISTING}?view=list")
    loaded = [q["sql"] for q in captured if 'FROM "catalogue_bestpracticepage"' in q["sql"] and "IN (" in q["sql"]]
    assert loaded == []  # the cards came as HTML: no practice, image or sub-area was loaded


def test_a_card_changes_with_its_practice(client, practices):
    client.get(LISTING)
    practice = practices[0]
    practice.title = "Heat plant renamed"
    practice.save_revision().publish()

    html = client.get(f"{LISTING}?page=1").content.decode()

    assert "Heat plant renamed" in html and "Heat plant 0<" not in html


def test_each_star_button_returns_to_the_address_it_was_shown_on(client, practices):
    client.get(LISTING)  # the cards are kept from here

    html = client.get(f"{LISTING}?sub_area=heat&q=plant").content.decode()

    assert set(NEXT.findall(html)) == {"/best-practices/?sub_area=heat&amp;q=plant"}
    assert "<!--pc:" not in html


def test_staff_see_their_own_stars_not_a_kept_card(client, practices):
    client.get(LISTING)
    staff = create_staff("coordinator", StaffRole.Role.COORDINATOR)
    client.force_login(staff)

    response = client.get(f"{LISTING}?page=1")

    assert "X-Page-Cache" not in response
    assert set(NEXT.findall(response.content.decode())) == {"/best-practices/?page=1"}


def distances(html: str) -> dict[str, str]:
    """{title: "N km away"} of the related cards."""
    return dict(re.findall(r'<a href="[^"]+">([^<]+)</a></h3>\s*<p class="card-meta">[^<]*· (\d+ km away)', html))


def test_the_same_card_shows_its_own_distance_on_each_page(client, practices):
    sub_area = practices[0].sub_areas.first()
    near = create_best_practice(sub_areas=[sub_area], title="Near", latitude=Decimal("59.4"))
    far = create_best_practice(sub_areas=[sub_area], title="Far", latitude=Decimal("60.3"))

    from_near = distances(client.get(near.url).content.decode())
    from_far = distances(client.get(far.url).content.decode())

    assert from_near["Heat plant 0"] == "11 km away" and from_near["Far"] == "100 km away"
    assert from_far["Heat plant 0"] == "111 km away" and from_far["Near"] == "100 km away"


def test_a_related_card_kept_for_one_detail_page_serves_the_next_one(client, practices):
    sub_area = practices[0].sub_areas.first()
    near = create_best_practice(sub_areas=[sub_area], title="Near", latitude=Decimal("59.4"))
    far = create_best_practice(sub_areas=[sub_area], title="Far", latitude=Decimal("60.3"))
    client.get(near.url)  # keeps the cards of the four heat plants and Far

    with CaptureQueriesContext(connection) as captured:
        html = client.get(far.url).content.decode()

    loads = [q["sql"] for q in captured if '"catalogue_bestpracticepage"."hero_image_id"' in q["sql"]]
    loaded = {int(pk) for sql in loads for pk in re.findall(r"\b(\d+)\b", sql.split(" IN (")[-1])}
    assert near.pk in loaded and not loaded & {practice.pk for practice in practices}
    assert distances(html)["Heat plant 0"] == "111 km away"


def test_a_kept_card_never_shows_its_distance_hole(client, practices):
    sub_area = practices[0].sub_areas.first()
    near = create_best_practice(sub_areas=[sub_area], title="Near", latitude=Decimal("59.4"))
    client.get(near.url)

    html = client.get(near.url + "?again=1").content.decode()
    assert "11 km away" in html
    assert "<!--distance-->" not in html


def test_the_detail_page_says_when_the_site_receives_visitors(client):
    import datetime

    practice = create_best_practice(
        title="Early site", visiting_weekdays=[1, 3], visiting_from=datetime.time(8), visiting_until=datetime.time(11)
    )
    html = client.get(practice.url).content.decode()
    assert "<dt>Receives visitors</dt><dd>Tuesday, Thursday, 08:00–11:00</dd>" in html


@pytest.mark.parametrize(
    ("start", "end", "message"),
    [((9, 0), None, "Give both times, or neither."), ((11, 0), (9, 0), "The site must close after it opens.")],
)
def test_a_sites_visiting_hours_must_make_sense(start, end, message):
    import datetime

    from django.core.exceptions import ValidationError

    practice = create_best_practice(title="Hours")
    practice.visiting_from = datetime.time(*start)
    practice.visiting_until = datetime.time(*end) if end else None
    with pytest.raises(ValidationError, match=message):
        practice.clean()


@pytest.mark.parametrize("path", ["/", "/energy/", "/energy/heat/"])
def test_home_focus_area_and_sub_area_load_no_practice_whose_card_is_kept(client, path):
    from catalogue.tests.factories import create_focus_area

    sub_area = create_sub_area(create_focus_area(title="Energy", slug="energy"), title="Heat", slug="heat")
    for n in range(3):
        create_best_practice(sub_areas=[sub_area], title=f"Heat plant {n}", featured=True)
    client.get(path)  # keeps the cards

    with CaptureQueriesContext(connection) as captured:
        html = client.get(f"{path}?again=1").content.decode()

    assert all(f"Heat plant {n}" in html for n in range(3))
    assert not [q for q in captured if '"catalogue_bestpracticepage"."hero_image_id"' in q["sql"]]


def test_a_focus_area_keeps_its_sub_areas_counts_until_content_changes(client):
    """Counting every sub-area's practices reads each of their links (55 ms at 10,000
    practices): kept with the shared parts, and counted again after a publish."""
    from catalogue.tests.factories import create_focus_area

    sub_area = create_sub_area(create_focus_area(title="Energy", slug="energy"), title="Heat", slug="heat")
    create_best_practice(sub_areas=[sub_area], title="Heat plant 1")
    client.get("/energy/")  # keeps them

    with CaptureQueriesContext(connection) as captured:
        html = client.get("/energy/?again=1").content.decode()

    assert re.search(r"Heat</a> <span class=\"count\">1 best practice<", html)
    read = [q["sql"] for q in captured]
    assert not [sql for sql in read if "COUNT(DISTINCT" in sql]
    assert not [sql for sql in read if 'FROM "catalogue_bestpracticeindexpage"' in sql]  # the listing, kept too

    create_best_practice(sub_areas=[sub_area], title="Heat plant 2")
    assert re.search(
        r"Heat</a> <span class=\"count\">2 best practices<", client.get("/energy/?later=1").content.decode()
    )


CARD_IMAGE_TAG = '{% card_image practice.hero_image "fill-480x270" alt="" class="card-image" loading="lazy" %}'
WAGTAIL_IMAGE_TAG = '{% image practice.hero_image fill-480x270 alt="" class="card-image" loading="lazy" %}'


def render(tag, practice):
    return Template("{% load catalogue_tags wagtailimages_tags %}" + tag).render(Context({"practice": practice}))


def test_a_card_image_is_the_image_wagtail_renders_and_is_not_cached_again():
    """Found among the prefetched renditions, a card's rendition is not written back to
    Wagtail's rendition cache (a pickle per card) as `{% image %}` writes it."""
    practice = create_best_practice(title="Pictured", hero_image=create_image())
    expected = render(WAGTAIL_IMAGE_TAG, practice)  # makes the rendition
    loaded = BestPracticePage.objects.filter(pk=practice.pk).for_cards().get()
    store = get_image_model().get_rendition_model().cache_backend  # Wagtail's rendition cache

    with mock.patch.object(store, "set", wraps=store.set) as written, CaptureQueriesContext(connection) as captured:
        html = render(CARD_IMAGE_TAG, loaded)

    assert html == expected and 'src="' in html and 'class="card-image"' in html
    assert written.call_count == 0
    assert len(captured) == 0


def test_a_card_image_not_rendered_before_is_made():
    image = create_image()
    practice = BestPracticePage.objects.filter(pk=create_best_practice(hero_image=image).pk).for_cards().get()

    html = render(CARD_IMAGE_TAG, practice)

    rendition = image.renditions.get(filter_spec="fill-480x270")
    assert f'src="{rendition.url}"' in html and f'width="{rendition.width}"' in html


def test_a_card_without_image_has_no_img():
    practice = create_best_practice(title="Unpictured")
    assert render(CARD_IMAGE_TAG, practice) == ""


def card_of(html, title_html):
    """The <article> of the card whose title link reads `title_html`."""
    for article in re.findall(r'<article class="card">.*?</article>', html, re.S):
        if f">{title_html}</a></h3>" in article:
            return article
    raise AssertionError(f"no card titled {title_html}")


def test_a_card_shows_its_practice_as_its_page_gives_it(client):
    create_region(name="Norrland", slug="norrland", counties=("Västerbotten",))
    focus = create_focus_area(title="Energy", slug="energy")
    heat = create_sub_area(focus, title="Heat & cold", slug="heat")  # first in the tree
    water = create_sub_area(focus, title="Water", slug="water")
    practice = create_best_practice(
        [water, heat],
        county="Västerbotten",
        title="Heat <b>plant</b>",
        slug="värmeverk-ö",
        municipality="Umeå",
        summary="Waste heat & a <script>",
        visitable_on_site=True,
        visitable_digitally=False,
        hero_image=create_image(),
    )
    expected_image = render(WAGTAIL_IMAGE_TAG, practice)

    card = card_of(client.get(LISTING).content.decode(), "Heat &lt;b&gt;plant&lt;/b&gt;")

    assert f'<a href="{practice.url}">' in card and "v%C3%A4rmeverk-%C3%B6/" in practice.url
    assert expected_image in card
    assert '<p class="card-meta">Umeå · Norrland</p>' in card
    assert "<p>Waste heat &amp; a &lt;script&gt;</p>" in card
    assert '<ul class="tags" aria-label="Sub-areas"><li>Heat &amp; cold</li><li>Water</li></ul>' in card
    assert '<p class="badges"><span class="badge">On site</span></p>' in card
    assert f'name="page" value="{practice.pk}"' in card and "<script>" not in card


def test_a_card_names_its_sub_areas_in_the_visitors_language(client):
    heat = create_sub_area(title="Heat", slug="heat")
    practice = create_best_practice([heat], title="District heating")
    translate_page(heat, "sv", title="Värme")
    swedish = translate_page(practice, "sv", title="Fjärrvärme")

    card = card_of(client.get("/sv/best-practices/").content.decode(), "Fjärrvärme")

    assert "<li>Värme</li>" in card and f'<a href="{swedish.url}">' in card and swedish.url.startswith("/sv/")


def test_cards_not_kept_cost_two_queries_once_sub_areas_and_pictures_are(rf):
    """A card's columns and its sub-areas' links: one query each for the lot. Loaded as pages
    with their pictures, renditions and sub-areas it was four, and 0.4 ms a card."""
    images = [create_image() for _n in range(3)]
    sub_areas = [create_sub_area(), create_sub_area()]
    practices = [create_best_practice(sub_areas, hero_image=images[n % 3]) for n in range(12)]
    request = rf.get("/")
    card_facts([p.pk for p in practices[:3]], request)  # keeps the sub-areas' titles and the pictures

    with CaptureQueriesContext(connection) as captured:
        facts = card_facts([p.pk for p in practices], request)

    assert len(captured) == 2
    assert [facts[p.pk].title for p in practices] == [p.title for p in practices]
    assert all(facts[p.pk].image and len(facts[p.pk].sub_areas) == 2 for p in practices)


def test_a_card_of_a_practice_deleted_meanwhile_is_left_out(client, practices):
    gone = practices[0]
    gone.delete()

    html = client.get(LISTING).content.decode()

    assert "Heat plant 0<" not in html and "Heat plant 1<" in html


def test_a_card_links_where_its_page_does_after_its_slug_changed_without_a_save(rf):
    """The address (url_path) decides a page's URL, as {% pageurl %} reads it; a bulk update of
    the slug alone does not move the page."""
    practice = create_best_practice(title="Renamed in bulk", slug="first-name")
    BestPracticePage.objects.filter(pk=practice.pk).update(slug="second-name-and-longer")
    request = rf.get("/")

    assert (
        card_facts([practice.pk], request)[practice.pk].url
        == practice.get_url(request)
        == ("/best-practices/first-name/")
    )
