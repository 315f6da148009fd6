import pytest

from catalogue.tests.factories import create_best_practice, create_focus_area, create_home, create_sub_area
from offices.tests.factories import create_office, create_region


@pytest.fixture
def demo_catalogue(transactional_db):
    """A small catalogue: two regions, two focus areas, four sub-areas, seven best practices."""
    home = create_home()
    south = create_region(name="South", slug="south", counties=("Skåne",))
    north = create_region(name="North", slug="north", counties=("Västerbotten",))
    create_office(
        home,
        region=south,
        title="Smart City Sweden South",
        slug="south",
        city="Malmö",
        latitude="55.605",
        longitude="13.0038",
    )
    create_office(
        home,
        region=north,
        title="Smart City Sweden North",
        slug="north",
        city="Umeå",
        latitude="63.8258",
        longitude="20.263",
    )
    mobility = create_focus_area(title="Mobility", slug="mobility", introduction="Moving people and goods.")
    energy = create_focus_area(title="Energy", slug="energy", introduction="Heat and power.")
    fuels = create_sub_area(mobility, title="Biogas & renewable fuels", slug="biogas-renewable-fuels")
    buses = create_sub_area(mobility, title="Public transport", slug="public-transport")
    heat = create_sub_area(energy, title="District heating", slug="district-heating")
    create_sub_area(energy, title="Smart grids", slug="smart-grids")
    malmo, umea = (
        {"county": "Skåne", "latitude": "55.6", "longitude": "13.0"},
        {
            "county": "Västerbotten",
            "latitude": "63.82",
            "longitude": "20.26",
        },
    )
    create_best_practice([fuels, buses], title="Biogas buses in Malmö", summary="Biogas from food waste.", **malmo)
    create_best_practice([fuels], title="Biogas upgrading in Umeå", summary="Upgraded biogas.", featured=True, **umea)
    create_best_practice([buses], title="Electric buses in Umeå", summary="Quiet electric buses.", **umea)
    create_best_practice([heat], title="District heating in Umeå", summary="Heat from waste.", **umea)
    create_best_practice([heat], title="Heat pumps in Malmö", summary="Sea water heat pumps.", **malmo)
    create_best_practice([fuels], title="Biogas farm near Lund", summary="A farm making biogas.", **malmo)
    create_best_practice([buses], title="Tram in Lund", summary="A new tram line.", **malmo)
    return home
