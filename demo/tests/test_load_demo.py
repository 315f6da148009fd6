import pytest
from django.core.management import call_command
from django.db.models import Count
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from catalogue.models import BestPracticePage, CompanyPage, ExpertPage, FocusAreaPage, HomePage, SubAreaPage
from offices.models import County, OfficePage, Region

pytestmark = pytest.mark.django_db


def catalogue_counts():
    return {
        "pages": Page.objects.count(),
        "images": get_image_model().objects.count(),
        "regions": Region.objects.count(),
        "practices": BestPracticePage.objects.count(),
    }


def test_load_demo_builds_the_whole_catalogue_and_is_idempotent(client):
    call_command("load_demo", verbosity=0)

    assert Site.objects.get(is_default_site=True).root_page.specific.__class__ is HomePage
    assert FocusAreaPage.objects.live().count() == 5
    assert SubAreaPage.objects.live().count() == 35
    assert OfficePage.objects.live().count() == 7
    assert Region.objects.count() == 6
    assert not County.objects.filter(region=None).exists()  # all 21 counties covered
    assert BestPracticePage.objects.live().count() >= 70
    assert CompanyPage.objects.live().count() >= 25
    assert ExpertPage.objects.live().count() >= 15
    assert not SubAreaPage.objects.annotate(n=Count("best_practices")).filter(n=0).exists()
    assert not Region.objects.annotate(n=Count("counties__best_practices")).filter(n=0).exists()
    assert not BestPracticePage.objects.filter(hero_image=None).exists()
    assert all(office.visit_slots.count() == 2 for office in OfficePage.objects.all())

    before = catalogue_counts()
    call_command("load_demo", verbosity=0)
    assert catalogue_counts() == before
    call_command("load_demo", "--if-empty", verbosity=0)
    assert catalogue_counts() == before

    # The search index includes related sub-area titles after loading.
    response = client.get("/best-practices/", {"q": "biogas"})
    assert response.status_code == 200
    assert "Linköping biogas plant" in response.content.decode()
