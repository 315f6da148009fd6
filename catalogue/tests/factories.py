"""Factory functions for catalogue pages: create_x(**overrides) returns a live page."""

import io
import itertools
from decimal import Decimal

from django.conf import settings
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site

from catalogue.models import (
    BestPracticeIndexPage,
    BestPracticePage,
    CompanyPage,
    DirectoryIndexPage,
    ExpertPage,
    FocusAreaPage,
    HomePage,
    SubAreaPage,
)
from offices.tests.factories import get_county

_sequence = itertools.count(1)


def create_image(n=None, **overrides):
    """A small PNG in the image library (in MEDIA_ROOT, which the tests keep apart)."""
    n = next(_sequence) if n is None else n
    if not Collection.objects.exists():  # flushed by a transactional test: images need the root
        Collection.add_root(name="Root")
    buffer = io.BytesIO()
    PILImage.new("RGB", (64, 36), (n * 20 % 255, 80, 120)).save(buffer, "PNG")
    image = get_image_model()(title=f"Picture {n}", **overrides)
    image.file = ImageFile(buffer, name=f"picture-{n}.png")
    image.save()
    return image


def create_home(**overrides):
    """The site's home page; replaces Wagtail's welcome page on first use."""
    home = HomePage.objects.filter(locale__language_code=settings.LANGUAGE_CODE).first()
    if home:
        return home
    # Transactional tests flush what Wagtail's migrations created; put it back.
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        Locale.objects.get_or_create(language_code=get_supported_content_language_variant(code))
    if not Collection.objects.exists():
        Collection.add_root(name="Root")
    root = Page.get_first_root_node() or Page.add_root(title="Root", slug="root")
    for child in root.get_children():
        child.delete()
    root.refresh_from_db()
    home = HomePage(title="Smart City Sweden", slug="home", introduction="Study visits in Sweden.", **overrides)
    root.add_child(instance=home)
    Site.objects.update_or_create(
        is_default_site=True, defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Test"}
    )
    return home


def create_focus_area(**overrides):
    n = next(_sequence)
    fields = {"title": f"Focus area {n}", "slug": f"focus-area-{n}", "introduction": "About this area.", **overrides}
    page = FocusAreaPage(**fields)
    create_home().add_child(instance=page)
    return page


def create_sub_area(focus_area=None, **overrides):
    n = next(_sequence)
    focus_area = focus_area or create_focus_area()
    fields = {"title": f"Sub-area {n}", "slug": f"sub-area-{n}", "introduction": "About this sub-area.", **overrides}
    page = SubAreaPage(**fields)
    focus_area.add_child(instance=page)
    return page


def create_listing_page():
    home = create_home()
    existing = BestPracticeIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    page = BestPracticeIndexPage(title="Best practices", slug="best-practices")
    home.add_child(instance=page)
    return page


def create_best_practice(sub_areas=(), county="Stockholm", **overrides):
    n = next(_sequence)
    fields = {
        "title": f"Best practice {n}",
        "slug": f"best-practice-{n}",
        "summary": f"Summary of best practice {n}.",
        "municipality": "Stockholm",
        "county": get_county(county) if isinstance(county, str) else county,
        "latitude": Decimal("59.3"),
        "longitude": Decimal("18.0"),
        "languages": ["en", "sv"],
        **overrides,
    }
    page = BestPracticePage(**fields)
    page.sub_areas = list(sub_areas) or [create_sub_area()]
    create_listing_page().add_child(instance=page)
    return page


def create_directory_page():
    home = create_home()
    existing = DirectoryIndexPage.objects.child_of(home).first()
    if existing:
        return existing
    page = DirectoryIndexPage(title="Companies & experts", slug="companies-and-experts")
    home.add_child(instance=page)
    return page


def create_company(sub_areas=(), best_practices=(), **overrides):
    n = next(_sequence)
    fields = {"title": f"Company {n}", "slug": f"company-{n}", "description": "Makes things.", **overrides}
    page = CompanyPage(**fields)
    page.sub_areas = list(sub_areas)
    page.best_practices = list(best_practices)
    create_directory_page().add_child(instance=page)
    return page


def create_expert(sub_areas=(), best_practices=(), **overrides):
    n = next(_sequence)
    fields = {
        "title": f"Expert {n}",
        "slug": f"expert-{n}",
        "role": "Engineer",
        "email": f"expert{n}@private.example",
        "phone": "+46701740650",
        **overrides,
    }
    page = ExpertPage(**fields)
    page.sub_areas = list(sub_areas)
    page.best_practices = list(best_practices)
    create_directory_page().add_child(instance=page)
    return page


def translate_page(page, language, *, alias=False, **fields):
    """`page` in `language` (a Locale the migrations create), live: a translation with
    `fields` changed, or with `alias` an alias that shows the source's text."""
    locale = Locale.objects.get(language_code=language)
    version = page.copy_for_translation(locale, copy_parents=True, alias=alias)
    if not alias:
        for name, value in fields.items():
            setattr(version, name, value)
        version.save_revision().publish()
        version.refresh_from_db()
    return version.specific
