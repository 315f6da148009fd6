"""sync_locale_trees: every page gets an alias in each synchronised language, in a few queries
when there is nothing to do."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import PageIndex

from catalogue.models import BestPracticePage
from catalogue.tests.factories import create_best_practice, translate_page
from core.management.commands.sync_locale_trees import page_index

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def synchronised_languages():
    default, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code != settings.LANGUAGE_CODE:
            locale, _created = Locale.objects.get_or_create(language_code=code)
            LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": default})


def sync() -> str:
    out = io.StringIO()
    call_command("sync_locale_trees", stdout=out)
    return out.getvalue()


def entries(index):
    return sorted(
        (
            e.content_type.pk,
            e.translation_key,
            e.source_locale.pk,
            e.parent_translation_key,
            sorted(e.locales),
            sorted(e.aliased_locales),
        )
        for e in index
    )


def test_each_page_gets_an_alias_once(settings):
    practices = [create_best_practice(title=f"Heat {n}") for n in range(3)]
    translate_page(practices[0], "sv", title="Värme 0")

    first = sync()

    for practice in practices:
        swedish = BestPracticePage.objects.get(translation_key=practice.translation_key, locale__language_code="sv")
        assert swedish.title == ("Värme 0" if practice == practices[0] else practice.title)
        assert (swedish.alias_of_id is None) == (practice == practices[0])
    assert "sv: in step with en" in first and "(0 new aliases)" not in first.splitlines()[0]
    assert sync().count("(0 new aliases)") == len(settings.WAGTAIL_CONTENT_LANGUAGES) - 1


def test_the_index_holds_what_wagtail_localize_builds(settings):
    practices = [create_best_practice(title=f"Heat {n}") for n in range(3)]
    translate_page(practices[1], "sv", title="Värme 1")
    sync()
    create_best_practice(title="Not yet aliased")

    assert entries(page_index()) == entries(PageIndex.from_database())
    ours = [e.translation_key for e in page_index().sort_by_tree_position()]
    assert ours == [e.translation_key for e in PageIndex.from_database().sort_by_tree_position()]


def test_nothing_to_do_costs_the_same_few_queries_however_many_pages():
    def queries_of_a_second_run():
        sync()
        with CaptureQueriesContext(connection) as captured:
            sync()
        return len(captured)

    create_best_practice()
    few = queries_of_a_second_run()
    for n in range(10):
        create_best_practice(title=f"More {n}")
    assert queries_of_a_second_run() == few <= 6
    assert Page.objects.filter(locale__language_code="sv", alias_of__isnull=False).count() >= 11
