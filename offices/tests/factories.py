"""Factory functions: create_x(**overrides) returns a saved object with sensible defaults."""

import itertools
from decimal import Decimal

from wagtail.models import Page

from offices.models import County, OfficeIndexPage, OfficePage, Region

_sequence = itertools.count(1)

COUNTY_CODES = {"Stockholm": "AB", "Skåne": "M", "Västerbotten": "AC", "Östergötland": "E", "Västra Götaland": "O"}


def get_county(name="Stockholm", region=None):
    # Transactional tests flush the data migration's counties; recreate on demand.
    county, _created = County.objects.get_or_create(name=name, defaults={"code": COUNTY_CODES.get(name, name[:2])})
    if region is not None and county.region_id != region.pk:
        county.region = region
        county.save(update_fields=["region"])
    return county


def create_region(counties=("Stockholm",), **overrides):
    n = next(_sequence)
    fields = {"name": f"Region {n}", "slug": f"region-{n}", **overrides}
    region = Region.objects.create(**fields)
    for name in counties:
        get_county(name, region)
    return region


def create_office_index(parent: Page, **overrides):
    existing = OfficeIndexPage.objects.child_of(parent).first()
    if existing:
        return existing
    page = OfficeIndexPage(title="Offices", slug="offices", **overrides)
    parent.add_child(instance=page)
    return page


def create_office(parent: Page, region=None, **overrides):
    n = next(_sequence)
    index = create_office_index(parent)
    fields = {
        "title": f"Office {n}",
        "slug": f"office-{n}",
        "kind": OfficePage.Kind.REGIONAL if region else OfficePage.Kind.HEAD,
        "region": region,
        "street_address": "Storgatan 1",
        "postal_code": "111 11",
        "city": "Stockholm",
        "latitude": Decimal("59.3293"),
        "longitude": Decimal("18.0686"),
        "request_email": f"office{n}@example.org",
        "opening_weekdays": [0, 1, 2, 3, 4],
        **overrides,
    }
    office = OfficePage(**fields)
    index.add_child(instance=office)
    return office
