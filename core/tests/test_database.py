import io
import os

import pytest
from django.db import connection
from django.db.models import Q


def test_the_suite_runs_on_the_database_it_was_given():
    # `make test` runs the suite twice; this guards the PostgreSQL run from silently using SQLite.
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


@pytest.mark.django_db
@pytest.mark.parametrize("total", ["some", "at the limit", "past the limit", "past the protocol's limit"])
def test_a_filter_by_more_keys_than_a_statement_takes_still_runs(total):
    """PostgreSQL takes at most 65,535 parameters in a statement (with server-side binding,
    the default): a list of keys that long failed to be sent at all."""
    from wagtail.models import Page

    from core.queries import MAX_LISTED_IDS, ListedKeys, ids_as_subquery

    pages = list(Page.objects.values_list("pk", flat=True))
    assert pages
    size = {"some": len(pages), "at the limit": MAX_LISTED_IDS, "past the limit": MAX_LISTED_IDS + 1}.get(total, 70_000)
    keys = pages + list(range(max(pages) + 1, max(pages) + 1 + size - len(pages)))
    assert len(keys) == size
    if connection.vendor == "postgresql":  # a list of parameters up to the limit, one array past it
        assert isinstance(ids_as_subquery(keys), ListedKeys) == (size <= MAX_LISTED_IDS)
    assert Page.objects.filter(pk__in=ids_as_subquery(keys)).count() == len(pages)
    assert not Page.objects.filter(pk__in=ids_as_subquery(keys[len(pages) :])).exists()


@pytest.mark.django_db
def test_a_filter_by_no_keys_matches_nothing_and_excludes_nothing():
    from wagtail.models import Page

    from core.queries import ids_as_subquery

    first = Page.objects.order_by("pk").first()
    assert not Page.objects.filter(pk__in=ids_as_subquery([])).exists()
    assert Page.objects.exclude(pk__in=ids_as_subquery([])).count() == Page.objects.count()
    assert list(Page.objects.filter(Q(pk__in=ids_as_subquery([])) | Q(pk=first.pk))) == [first]


@pytest.mark.django_db
def test_keys_are_written_out_only_for_a_query_that_runs():
    """A listing filters by its search's matches for queries most of its pages never run."""
    from unittest import mock

    from wagtail.models import Page

    from core import queries

    pages = list(Page.objects.order_by("pk").values_list("pk", flat=True))
    with mock.patch.object(queries.json, "dumps", wraps=queries.json.dumps) as written:
        filtered = Page.objects.filter(pk__in=queries.ids_as_subquery([*pages[1:], 10**9]))
        assert not written.called
        assert sorted(filtered.values_list("pk", flat=True)) == pages[1:]
        assert filtered.count() == len(pages) - 1  # a clone, compiled again: written once
    assert written.call_count == (1 if connection.vendor == "sqlite" else 0)


@pytest.mark.django_db(transaction=True)
def test_analyze_database_gives_the_planner_its_statistics():
    """SQLite plans without statistics until ANALYZE runs: the home page then looked for its
    offices among every page of the language."""
    from django.core.management import call_command

    from catalogue.tests.factories import create_best_practice

    for n in range(3):
        create_best_practice(title=f"Practice {n}")

    out = io.StringIO()
    try:
        call_command("analyze_database", stdout=out)

        assert "Planner statistics refreshed" in out.getvalue()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("SELECT DISTINCT tbl FROM sqlite_stat1 WHERE tbl = 'wagtailcore_page'")
            else:
                cursor.execute(
                    "SELECT relname FROM pg_stat_user_tables"
                    " WHERE relname = 'wagtailcore_page' AND last_analyze IS NOT NULL"
                )
            assert cursor.fetchall() == [("wagtailcore_page",)]
    finally:
        if connection.vendor == "sqlite":  # the other tests on this database plan as they always did
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
