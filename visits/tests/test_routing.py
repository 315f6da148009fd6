import pytest

from catalogue.tests.factories import create_best_practice, create_company, create_home
from offices.tests.factories import create_office, create_region, get_county
from visits.routing import suggest_office

pytestmark = pytest.mark.django_db


@pytest.fixture
def offices():
    home = create_home()
    head = create_office(home, region=None, kind="head", title="Head office")
    north = create_office(home, region=create_region(counties=("Västerbotten",)), title="North")
    south = create_office(home, region=create_region(counties=("Skåne",)), title="South")
    return {"head": head, "north": north, "south": south}


def practices(county, n):
    return [create_best_practice(county=get_county(county)) for _i in range(n)]


def test_the_region_with_most_starred_practices_wins(offices):
    office, reason = suggest_office(practices("Västerbotten", 2) + practices("Skåne", 1), "on_site")
    assert office == offices["north"]
    assert reason.startswith("2 of the best practices")


def test_a_tie_goes_to_the_head_office(offices):
    office, reason = suggest_office(practices("Västerbotten", 1) + practices("Skåne", 1), "on_site")
    assert office == offices["head"] and "several regions" in reason


def test_digital_visits_go_to_the_head_office(offices):
    office, reason = suggest_office(practices("Västerbotten", 3), "digital")
    assert office == offices["head"] and "Digital" in reason


def test_a_plan_without_best_practices_goes_to_the_head_office(offices):
    office, _reason = suggest_office([create_company()], "on_site")
    assert office == offices["head"]
    assert suggest_office([], "on_site")[0] == offices["head"]
