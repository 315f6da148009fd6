"""Ready-made study tours: what editors may compose, what visitors see, adopting a tour."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils.form_data import inline_formset, nested_form_data, querydict_from_html, rich_text

from catalogue.tests.factories import create_best_practice, create_focus_area, create_home, translate_page
from offices.tests.factories import create_office, create_region
from tours.pages import StudyTourIndexPage, StudyTourPage, StudyTourStop
from tours.solver import MAX_STOPS
from visits.models import VisitPlan, VisitPlanItem
from visits.plans import PLAN_COOKIE

pytestmark = pytest.mark.django_db

# Pinned ceiling for a tour page: it does not grow with the number of stops.
TOUR_PAGE_QUERIES = 16


def create_tour_index():
    home = create_home()
    existing = StudyTourIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    index = StudyTourIndexPage(title="Study tours", slug="study-tours", introduction="Ready-made tours.")
    home.add_child(instance=index)
    return index


def create_tour(practices, days=2, slug="waste-to-energy", live=True, **overrides):
    """A tour with one stop per practice, spread over its days in order."""
    tour = StudyTourPage(
        title=overrides.pop("title", "Waste to energy in two days"),
        slug=slug,
        summary="Biogas, heat and recycling.",
        days=days,
        live=live,
        **overrides,
    )
    tour.stops = [
        StudyTourStop(practice=practice, day=min(days, 1 + n * days // len(practices)), note=f"Stop {n}")
        for n, practice in enumerate(practices)
    ]
    create_tour_index().add_child(instance=tour)
    return tour


@pytest.fixture
def region():
    region = create_region(counties=("Stockholm",), name="East", slug="east")
    create_office(create_home(), region=region, title="Smart City Sweden East", slug="east")
    return region


@pytest.fixture
def practices(region):
    return [
        create_best_practice(title=f"Biogas site {n}", latitude=Decimal("59.3") + n, longitude=Decimal("18.0"))
        for n in range(3)
    ]


# --- What editors may compose ----------------------------------------------------------


def unsaved_tour(stops, days=2):
    tour = StudyTourPage(title="A tour", slug="a-tour", summary="Summary.", days=days)
    tour.stops = stops
    create_tour_index()  # a parent exists, as in the editor
    return tour


def messages_of(error: ValidationError) -> str:
    return " ".join(error.messages)


def test_a_tour_needs_a_stop():
    with pytest.raises(ValidationError) as caught:
        unsaved_tour([]).clean()
    assert "at least one best practice" in messages_of(caught.value)


def test_a_stop_cannot_come_after_the_last_day(practices):
    tour = unsaved_tour([StudyTourStop(practice=practices[0], day=1), StudyTourStop(practice=practices[1], day=3)])
    with pytest.raises(ValidationError) as caught:
        tour.clean()
    assert "days" in caught.value.message_dict
    assert "lasts 2 days" in messages_of(caught.value)


def test_a_tour_has_no_more_stops_than_the_planner_plans(region):
    many = [create_best_practice() for _n in range(MAX_STOPS + 1)]
    tour = unsaved_tour([StudyTourStop(practice=practice, day=1) for practice in many])
    with pytest.raises(ValidationError) as caught:
        tour.clean()
    assert f"up to {MAX_STOPS} best practices" in messages_of(caught.value)
    tour.stops = tour.stops.all()[:MAX_STOPS]
    tour.clean()  # twelve are fine


def test_the_same_practice_cannot_be_chosen_twice(practices):
    tour = unsaved_tour([StudyTourStop(practice=practices[0], day=1), StudyTourStop(practice=practices[0], day=2)])
    with pytest.raises(ValidationError) as caught:
        tour.clean()
    assert "chosen twice" in messages_of(caught.value)


def test_a_practice_chosen_in_two_languages_is_chosen_twice_and_stops_point_at_english(practices):
    swedish = translate_page(practices[0], "sv", title="Biogasanläggning")
    tour = unsaved_tour([StudyTourStop(practice=swedish, day=1), StudyTourStop(practice=practices[1], day=1)])
    tour.clean()
    assert [stop.practice_id for stop in tour.stops.all()] == [practices[0].pk, practices[1].pk]
    tour.stops.add(StudyTourStop(practice=practices[0], day=2))
    with pytest.raises(ValidationError):
        tour.clean()


def test_the_day_and_length_are_one_to_seven(practices):
    tour = unsaved_tour([StudyTourStop(practice=practices[0], day=1)], days=8)
    with pytest.raises(ValidationError) as caught:
        tour.full_clean()
    assert "days" in caught.value.message_dict


def tour_form_data(stops, days=2, **fields):
    return nested_form_data(
        {
            "title": "Mobility in three days",
            "slug": "mobility",
            "summary": "Trams and bikes.",
            "days": str(days),
            "body": rich_text("<p>Why this tour.</p>"),
            "stops": inline_formset(stops, min=1, max=MAX_STOPS),
            "action-publish": "publish",
            **fields,
        }
    )


def test_an_editor_publishes_a_tour_with_its_stops(admin_client, practices):
    index = create_tour_index()
    data = tour_form_data(
        [
            {"practice": practices[0].pk, "day": "1", "note": "Morning"},
            {"practice": practices[1].pk, "day": "2", "note": ""},
        ]
    )
    response = admin_client.post(f"/admin/pages/add/tours/studytourpage/{index.pk}/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    tour = StudyTourPage.objects.get(slug="mobility", locale__language_code="en")
    assert StudyTourPage.objects.filter(alias_of=tour).count() == 2  # one alias per language, at once
    assert tour.live
    assert [(stop.practice_id, stop.day, stop.note) for stop in tour.stops.all()] == [
        (practices[0].pk, 1, "Morning"),
        (practices[1].pk, 2, ""),
    ]


def test_the_editor_refuses_what_clean_refuses_and_keeps_the_form(admin_client, practices):
    index = create_tour_index()
    twice = tour_form_data(
        [{"practice": practices[0].pk, "day": "1", "note": ""}, {"practice": practices[0].pk, "day": "2", "note": ""}]
    )
    response = admin_client.post(f"/admin/pages/add/tours/studytourpage/{index.pk}/", twice)
    assert response.status_code == 200
    assert "chosen twice" in response.content.decode()
    too_late = tour_form_data([{"practice": practices[0].pk, "day": "3", "note": ""}])
    response = admin_client.post(f"/admin/pages/add/tours/studytourpage/{index.pk}/", too_late)
    assert response.status_code == 200
    assert "lasts 2 days" in response.content.decode()
    assert not StudyTourPage.objects.exists()


def test_an_editor_can_delete_a_stop_and_the_tour_is_judged_without_it(admin_client, practices):
    tour = create_tour(practices[:2])
    stops = list(tour.stops.all())
    data = tour_form_data(
        [
            {"id": stops[0].pk, "practice": practices[0].pk, "day": "1", "note": ""},
            {"id": stops[1].pk, "practice": practices[0].pk, "day": "2", "note": "", "DELETE": "1"},
        ],
        slug=tour.slug,
    )
    data["stops-INITIAL_FORMS"] = "2"
    response = admin_client.post(f"/admin/pages/{tour.pk}/edit/", data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert [stop.practice_id for stop in StudyTourPage.objects.get(pk=tour.pk).stops.all()] == [practices[0].pk]


def test_an_editor_previews_a_new_tour_with_its_unsaved_stops(admin_client, practices):
    index = create_tour_index()
    preview_url = reverse("wagtailadmin_pages:preview_on_add", args=["tours", "studytourpage", index.pk])
    data = tour_form_data([{"practice": practices[2].pk, "day": "2", "note": "Not saved yet"}])
    assert admin_client.post(preview_url, data).json() == {"is_valid": True, "is_available": True}
    html = admin_client.get(preview_url).content.decode()
    assert "<h1>Mobility in three days</h1>" in html
    assert "Biogas site 2" in html and "Not saved yet" in html
    assert "/adopt/" not in html  # nothing to adopt before the first save


def test_an_editor_previews_a_changed_tour(admin_client, practices):
    tour = create_tour(practices[:1])
    edit_url = reverse("wagtailadmin_pages:edit", args=[tour.pk])
    data = querydict_from_html(admin_client.get(edit_url).content.decode(), form_id="page-edit-form")
    data["stops-0-note"] = "Changed in the editor"
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[tour.pk])
    assert admin_client.post(preview_url, data).json() == {"is_valid": True, "is_available": True}
    assert "Changed in the editor" in admin_client.get(preview_url).content.decode()


# --- What visitors see -------------------------------------------------------------------


def test_the_home_page_links_the_study_tours(client, practices):
    assert "/study-tours/" not in client.get("/").content.decode()
    create_tour(practices)
    assert 'href="/study-tours/"' in client.get("/").content.decode()


def test_the_index_lists_live_tours_only(client, practices):
    create_tour(practices, title="Waste to energy in two days")
    create_tour(practices[:1], slug="draft", title="A draft tour", live=False)
    html = client.get("/study-tours/").content.decode()
    assert "Waste to energy in two days" in html
    assert "3 best practices" in html
    assert "A draft tour" not in html


def test_the_index_counts_live_practices_and_shows_focus_areas(client, practices):
    energy = create_focus_area(title="Energy")
    tour = create_tour(practices)
    tour.focus_areas = [energy]
    tour.save()
    practices[2].unpublish()
    html = client.get("/study-tours/").content.decode()
    assert "2 best practices" in html
    assert "Energy" in html


def test_the_tour_page_shows_its_stops_day_by_day(client, practices):
    tour = create_tour(practices)
    response = client.get(tour.url)
    assert response.status_code == 200
    html = response.content.decode()
    assert '<h2 id="days-heading">Day by day</h2>' in html
    assert html.index("Day 1") < html.index("Biogas site 0") < html.index("Day 2") < html.index("Biogas site 2")
    assert "Smart City Sweden East" in html  # the office that arranges the visits
    assert "Stop 1" in html  # the editor's note
    assert f'action="{reverse("tours:adopt", args=[tour.pk])}"' in html
    assert 'name="csrfmiddlewaretoken"' in html
    assert '<svg class="map-svg"' in html and "Day 1: Biogas site 0" in html  # the map and its list


def test_an_unpublished_practice_leaves_the_tour(client, practices):
    tour = create_tour(practices)
    practices[1].unpublish()
    html = client.get(tour.url).content.decode()
    assert "Biogas site 1" not in html
    assert "Biogas site 0" in html


def test_the_tour_page_is_served_in_swedish_as_an_alias(client, practices):
    tour = create_tour(practices)
    translate_page(practices[0], "sv", title="Biogasanläggning i Stockholm")
    call_command("sync_locale_trees", stdout=open("/dev/null", "w"))  # noqa: SIM115
    swedish = StudyTourPage.objects.get(locale__language_code="sv", translation_key=tour.translation_key)
    assert swedish.alias_of_id == tour.pk
    assert swedish.stops.count() == 3
    response = client.get("/sv/study-tours/waste-to-energy/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Biogasanläggning i Stockholm" in html  # the practice in the visitor's language
    assert "Dag 1" in html or "Day 1" in html
    assert f'action="/sv/study-tours/{swedish.pk}/adopt/"' in html
    index = client.get("/sv/study-tours/").content.decode()
    assert 'href="/sv/study-tours/waste-to-energy/"' in index


def test_a_translated_tour_keeps_the_practices_and_days_and_translates_the_notes(client, practices):
    tour = create_tour(practices)
    create_tour_index()
    translate_page(create_home(), "sv", alias=True)
    translate_page(create_tour_index(), "sv", alias=True)
    swedish = translate_page(tour, "sv", title="Från avfall till energi")
    stops = list(swedish.stops.all())
    stops[0].note = "Första stoppet"
    swedish.stops = stops
    swedish.save_revision().publish()
    swedish = StudyTourPage.objects.get(pk=swedish.pk)
    assert [(s.practice_id, s.day) for s in swedish.stops.all()] == [(s.practice_id, s.day) for s in tour.stops.all()]
    assert {s.locale.language_code for s in swedish.stops.all()} == {"sv"}
    html = client.get(swedish.url).content.decode()
    assert "Från avfall till energi" in html and "Första stoppet" in html


def test_the_tour_page_runs_a_fixed_number_of_queries(client, region, django_assert_max_num_queries, uncached_pages):
    few = create_tour([create_best_practice() for _n in range(2)], slug="few")
    many = create_tour([create_best_practice() for _n in range(MAX_STOPS)], slug="many", days=7)
    for tour in (few, many):
        client.get(tour.url)  # warm the caches a first visit fills (site root paths, content types)
        with django_assert_max_num_queries(TOUR_PAGE_QUERIES):
            assert client.get(tour.url).status_code == 200


# --- Adopting a tour ---------------------------------------------------------------------


def test_adopting_stars_the_practices_and_creates_the_plan(client, practices):
    tour = create_tour(practices)
    response = client.post(reverse("tours:adopt", args=[tour.pk]))
    assert response.status_code == 302
    assert response["Location"] == reverse("visits:plan") + "#tour"
    plan = VisitPlan.objects.get()
    assert response.cookies[PLAN_COOKIE].value == plan.token
    assert set(plan.items.values_list("page_id", flat=True)) == {practice.pk for practice in practices}
    page = client.get(response["Location"]).content.decode()
    assert "“Waste to energy in two days” is in your plan: 3 best practices added." in page


def test_adopting_twice_adds_nothing_twice(client, practices):
    tour = create_tour(practices)
    other = create_best_practice(title="Already starred")
    client.post(reverse("visits:star"), {"page": other.pk})
    client.post(reverse("tours:adopt", args=[tour.pk]))
    response = client.post(reverse("tours:adopt", args=[tour.pk]), follow=True)
    assert VisitPlan.objects.count() == 1
    assert VisitPlanItem.objects.count() == 4
    assert "were there already" in response.content.decode()


def test_adopting_a_swedish_tour_stars_the_english_practices(client, practices):
    tour = create_tour(practices)
    call_command("sync_locale_trees", stdout=open("/dev/null", "w"))  # noqa: SIM115
    swedish = StudyTourPage.objects.get(locale__language_code="sv", translation_key=tour.translation_key)
    response = client.post(f"/sv/study-tours/{swedish.pk}/adopt/")
    assert response["Location"] == "/sv/plan/#tour"
    assert set(VisitPlanItem.objects.values_list("page_id", flat=True)) == {practice.pk for practice in practices}


def test_adopting_leaves_out_unpublished_practices(client, practices):
    tour = create_tour(practices)
    practices[0].unpublish()
    client.post(reverse("tours:adopt", args=[tour.pk]))
    assert set(VisitPlanItem.objects.values_list("page_id", flat=True)) == {practices[1].pk, practices[2].pk}


def test_adopting_needs_a_post(client, practices):
    tour = create_tour(practices)
    assert client.get(reverse("tours:adopt", args=[tour.pk])).status_code == 405
    assert not VisitPlan.objects.exists()


def test_adopting_an_unknown_or_unpublished_tour_is_a_404(client, practices):
    draft = create_tour(practices, live=False)
    not_a_tour = Page.objects.get(pk=practices[0].pk)
    for page_id in (draft.pk, not_a_tour.pk, 999_999, 2**70):
        assert client.post(f"/study-tours/{page_id}/adopt/").status_code == 404
    assert client.post("/study-tours/abc/adopt/").status_code == 404
    assert not VisitPlan.objects.exists()
