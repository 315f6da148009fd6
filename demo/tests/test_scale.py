from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils.html import escape
from wagtail.models import Page, ReferenceIndex

from catalogue.models import BestPracticePage
from catalogue.models.base import language_marker
from core.maps import MapPoint
from visits.models import Visit

pytestmark = pytest.mark.django_db

LANGUAGES = {"en": "", "sv": "/sv", "zh-hans": "/zh-hans"}


def listing(client, language, **params):
    response = client.get(f"{LANGUAGES[language]}/best-practices/", params)
    assert response.status_code == 200
    return response


def scale(**options):
    out = StringIO()
    call_command("scale_demo", stdout=out, stderr=StringIO(), **options)
    return out.getvalue()


def test_scale_demo_adds_pages_in_every_language_search_entries_and_visits(client):
    call_command("load_demo", verbosity=0)
    english = BestPracticePage.objects.filter(locale__language_code="en")
    practices, visits = english.count(), Visit.objects.count()
    totals = {language: listing(client, language).context["listing"].total for language in LANGUAGES}
    known = set(english.values_list("pk", flat=True))

    output = scale(practices=practices + 30, visits=visits + 200, seed=7)
    assert "Added 30 best practices" in output

    # A valid tree by treebeard's (and so `manage.py fixtree`'s) own check.
    assert Page.find_problems() == ([], [], [], [], [])
    fixtree = StringIO()
    call_command("fixtree", stdout=fixtree, interactive=False)
    assert fixtree.getvalue().count("No problems found") == 2, fixtree.getvalue()  # pages and collections

    new = list(english.exclude(pk__in=known).order_by("path"))
    assert len(new) == 30
    assert all(page.live and page.first_published_at for page in new)
    assert all(MapPoint("", "", float(page.latitude), float(page.longitude)).inside for page in new)
    assert not [page for page in new if not page.sub_areas.exists()]
    references = ReferenceIndex.objects.filter(object_id__in=[str(page.pk) for page in new], model_path="county")
    assert references.count() == 30

    # Every page has an alias in Swedish and Chinese, as sync_locale_trees makes them:
    # the English page's fields, its (English) sub-areas, under that language's listing.
    for language, prefix in LANGUAGES.items():
        assert listing(client, language).context["listing"].total == totals[language] + 30
        if language == "en":
            continue
        aliases = BestPracticePage.objects.filter(alias_of__in=new, locale__language_code=language)
        assert aliases.count() == 30
        alias = aliases.get(translation_key=new[0].translation_key)
        assert (alias.title, alias.summary, alias.county_id) == (new[0].title, new[0].summary, new[0].county_id)
        assert set(alias.sub_areas.all()) == set(new[0].sub_areas.all())
        assert alias.get_url() == f"{prefix}/best-practices/{new[0].slug}/"
    for page in (new[0], new[14], new[-1]):
        for version in BestPracticePage.objects.filter(translation_key=page.translation_key):
            response = client.get(version.get_url())
            assert response.status_code == 200, version.get_url()
            assert escape(page.title) in response.content.decode()

    # Facets count them (filter values are the English slugs in every language).
    sub_area = new[0].sub_areas.first()
    expected = english.filter(sub_areas=sub_area).count()
    for language in LANGUAGES:
        assert listing(client, language, sub_area=sub_area.slug).context["listing"].total == expected

    # Search finds a generated page: by its title in English; by its municipality (a name,
    # the same in every language) within its sub-area in Swedish and Chinese, whose
    # searches cut words their own way.
    found = listing(client, "en", q=new[-1].title)
    assert escape(new[-1].title) in found.content.decode()
    for language in ("sv", "zh-hans"):
        found = listing(client, language, q=new[-1].municipality, sub_area=new[-1].sub_areas.first().slug)
        assert 1 <= found.context["listing"].total <= 12
        assert escape(new[-1].title) in found.content.decode()

    # Each copy of an index entry is marked with its own page's language, as indexing marks
    # it: a listing's search is narrowed to its language by the marker (catalogue.search).
    for language in LANGUAGES:
        pages = BestPracticePage.objects.filter(translation_key__in=[page.translation_key for page in new])
        keys = {str(pk) for pk in pages.filter(locale__language_code=language).values_list("pk", flat=True)}
        assert marked_entries(language_marker(language)) >= keys
        others = {other for other in LANGUAGES if other != language}
        assert not any(marked_entries(language_marker(other)) & keys for other in others)

    assert Visit.objects.count() == visits + 200
    assert Visit.objects.filter(sites__isnull=False).distinct().count() >= 190

    # Totals, not increments: the same numbers again add nothing.
    assert "Nothing to add" in scale(practices=practices + 30, visits=visits + 200)
    assert english.count() == practices + 30


def marked_entries(marker: str) -> set[str]:
    """The object ids of the index entries whose autocomplete field holds `marker` as a word."""
    from django.db import connection
    from wagtail.search.models import IndexEntry

    entries = IndexEntry.objects.all()
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchQuery

        entries = entries.filter(autocomplete=SearchQuery(marker, search_type="raw", config="simple"))
    else:
        entries = entries.filter(autocomplete__regex=rf"(^|\s){marker}(\s|$)")
    return set(entries.values_list("object_id", flat=True))


def test_scale_demo_needs_the_demo_content():
    with pytest.raises(CommandError, match="load_demo"):
        scale(practices=10, visits=0)


def test_scale_demo_refuses_other_settings_unless_told_the_database_is_disposable(monkeypatch):
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "showcase.settings.production")
    with pytest.raises(CommandError, match="--database-is-disposable"):
        scale(practices=10, visits=0)
    with pytest.raises(CommandError, match="load_demo"):  # past the guard
        scale(practices=10, visits=0, database_is_disposable=True)
