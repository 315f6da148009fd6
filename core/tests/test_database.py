import os

import pytest
from django.db import connection


def test_the_suite_runs_on_the_database_it_was_given():
    # `make test` runs the suite twice; this guards the PostgreSQL run from silently using SQLite.
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected


@pytest.mark.django_db
@pytest.mark.parametrize("extra", [0, 70_000])
def test_a_filter_by_more_keys_than_a_statement_takes_still_runs(extra):
    """PostgreSQL takes at most 65,535 parameters in a statement (with server-side binding,
    the default): a list of keys that long failed to be sent at all."""
    from wagtail.models import Page

    from core.queries import ids_as_subquery

    pages = list(Page.objects.values_list("pk", flat=True))
    assert pages
    keys = pages + list(range(max(pages) + 1, max(pages) + 1 + extra))
    assert Page.objects.filter(pk__in=ids_as_subquery(keys)).count() == len(pages)
    assert not Page.objects.filter(pk__in=ids_as_subquery(keys[len(pages) :])).exists()
