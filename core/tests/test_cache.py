"""The shared cache's database table (core/cache.py), on the test database's own engine."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core import cache as shared_cache
from core import page_cache
from showcase.settings.base import CACHES as BASE_CACHES

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def shared(settings):
    settings.CACHES = {**settings.CACHES, "shared": BASE_CACHES["shared"]}
    store = caches["shared"]
    store.clear()
    yield store
    store.clear()  # the table is not a model's: transactional tests do not empty it


def rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM shared_cache")
        return cursor.fetchone()[0]


def test_a_set_is_one_statement_and_reads_back(shared):
    with CaptureQueriesContext(connection) as first:
        shared.set("greeting", {"text": "hej", "n": 1})
    with CaptureQueriesContext(connection) as again:
        shared.set("greeting", ["hallå", 2])  # the row exists now: updated in place
    assert len(first) == 1 and len(again) == 1
    assert shared.get("greeting") == ["hallå", 2]
    assert rows() == 1


def test_the_page_cache_generations_are_bumped_in_one_statement(shared, settings):
    from visits.models import Visit

    settings.PAGE_CACHE_SHARED_ALIAS = "shared"
    with CaptureQueriesContext(connection) as bump:
        page_cache.invalidate()  # outside a transaction: at once; a content change sets both
    assert len(bump) == 1
    pages, content = shared.get("page-cache:generation"), shared.get("page-cache:content-generation")
    assert pages and content

    with CaptureQueriesContext(connection) as bump:
        page_cache.invalidate(sender=Visit)  # a booking: the pages' generation only
    assert len(bump) == 1
    assert shared.get("page-cache:generation") not in (None, pages)
    assert shared.get("page-cache:content-generation") == content


def test_set_many_is_one_statement_and_reads_back(shared):
    shared.set("kept", "old")
    with CaptureQueriesContext(connection) as captured:
        assert shared.set_many({"kept": "new", "added": [1, 2]}) == []
    assert len(captured) == 1
    assert shared.get_many(["kept", "added"]) == {"kept": "new", "added": [1, 2]}
    assert rows() == 2


def test_timeouts_are_kept_as_djangos_own_set_keeps_them(shared):
    shared.set("gone", 1, timeout=0)  # expired at once
    shared.set("kept", 2, timeout=60)
    shared.set("forever", 3, timeout=None)
    assert shared.get("gone") is None
    assert shared.get("kept") == 2 and shared.get("forever") == 3
    assert shared.add("gone", 4)  # an expired row may be taken over by add()
    assert shared.get("gone") == 4
    assert not shared.add("kept", 5)
    assert shared.incr("kept") == 3  # Django's incr reads and sets again


def test_the_table_is_still_culled_once_it_passes_max_entries(shared, monkeypatch):
    monkeypatch.setattr(shared_cache, "CULL_CHECK_EVERY", 5)
    monkeypatch.setattr(shared, "_max_entries", 10)
    for n in range(60):
        shared.set(f"counter-{n}", n)
    # Culled on every fifth set once past ten rows: never more than ten plus the sets between checks.
    assert rows() <= 10 + 5
    assert shared.get("counter-59") == 59


def test_set_many_on_the_cull_turn_still_culls_and_writes_every_key(shared, monkeypatch):
    monkeypatch.setattr(shared_cache, "CULL_CHECK_EVERY", 5)
    monkeypatch.setattr(shared, "_max_entries", 10)
    for n in range(30):
        shared.set_many({f"counter-{n}": n})  # a cull turn on every fifth call
    assert rows() <= 10 + 5
    assert shared.get_many(["counter-29"]) == {"counter-29": 29}
