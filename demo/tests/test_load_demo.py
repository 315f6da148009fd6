import pytest
from django.core.management import call_command
from django.db.models import Count
from wagtail.images import get_image_model
from wagtail.models import Page, Site

from catalogue.models import (
    BestPracticePage,
    CompanyPage,
    ExpertPage,
    FocusAreaPage,
    HomePage,
    SiteHost,
    SubAreaPage,
)
from demo.translations import missing_strings, pages_to_translate
from offices.models import County, OfficePage, Region
from schedule.models import PublicTour

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
    english = {"locale__language_code": "en"}
    assert FocusAreaPage.objects.live().filter(**english).count() == 5
    assert SubAreaPage.objects.live().filter(**english).count() == 35
    assert OfficePage.objects.live().filter(**english).count() == 7
    assert Region.objects.count() == 6
    assert not County.objects.filter(region=None).exists()  # all 21 counties covered
    assert BestPracticePage.objects.live().count() >= 70
    assert CompanyPage.objects.live().count() >= 25
    assert ExpertPage.objects.live().count() >= 15
    assert not SubAreaPage.objects.filter(**english).annotate(n=Count("best_practices")).filter(n=0).exists()
    assert not Region.objects.annotate(n=Count("counties__best_practices")).filter(n=0).exists()
    assert not BestPracticePage.objects.filter(hero_image=None).exists()
    assert all(office.visit_slots.count() == 2 for office in OfficePage.objects.filter(**english))
    assert PublicTour.objects.filter(is_published=True).count() == 2
    assert SiteHost.objects.count() == 6
    assert BestPracticePage.objects.filter(**english, visiting_from__isnull=False).count() == 6

    before = catalogue_counts()
    call_command("load_demo", verbosity=0)
    assert catalogue_counts() == before
    call_command("load_demo", "--if-empty", verbosity=0)
    assert catalogue_counts() == before

    # The search index includes related sub-area titles after loading.
    response = client.get("/best-practices/", {"q": "biogas"})
    assert response.status_code == 200
    assert "Linköping biogas plant" in response.content.decode()


def test_demo_ships_complete_swedish_and_chinese_translations(client):
    call_command("load_demo", verbosity=0)
    featured = BestPracticePage.objects.filter(locale__language_code="en", featured=True).count()
    assert featured >= 6
    for language in ("sv", "zh-hans"):
        translated = Page.objects.live().filter(locale__language_code=language, alias_of__isnull=True)
        assert translated.type(HomePage).count() == 1
        assert translated.type(FocusAreaPage).count() == 5
        assert translated.type(SubAreaPage).count() == 35
        assert translated.type(OfficePage).count() == 7
        assert BestPracticePage.objects.filter(pk__in=translated.values("pk"), featured=True).count() == featured
        # Every other page exists as an alias, shown in English until someone translates it.
        pages = Page.objects.filter(depth__gt=1)  # the root belongs to no language
        english = set(pages.filter(locale__language_code="en").values_list("translation_key", flat=True))
        assert set(pages.filter(locale__language_code=language).values_list("translation_key", flat=True)) == english
        # Every text of those pages has a translation in the demo data (numbers and slugs aside).
        assert {page.title: missing_strings(page, language) for page in pages_to_translate()} == {
            page.title: [] for page in pages_to_translate()
        }

    swedish = client.get("/sv/energy-climate-environment/")
    assert swedish.status_code == 200
    assert "Energi, klimat" in swedish.content.decode()
    chinese = client.get("/zh-hans/offices/")
    assert "Smart City Sweden 北部办公室" in chinese.content.decode()
