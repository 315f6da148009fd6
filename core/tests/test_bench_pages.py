"""bench_pages prints numbers, not verdicts; what it times must still be what it says."""

import re
from io import StringIO

import pytest
from django.core.management import call_command

from catalogue.tests.factories import create_best_practice

pytestmark = pytest.mark.django_db


def cold_queries(only):
    out = StringIO()
    call_command("bench_pages", only=only, samples=3, stdout=out)
    rows = {line[:22].strip(): line[22:] for line in out.getvalue().splitlines()}
    # cold median / p95 ms, then the queries of a cold request, then the other modes
    return int(re.search(r"ms\s+(\d+)\s", rows["listing search"]).group(1))


def test_cold_means_nothing_kept_even_by_the_pages_timed_before(settings, monkeypatch):
    """The listing's kept facet index and keys were read back by the next page's cold samples,
    which then cost a sixth of a truly cold request at 10,000 practices."""
    settings.ALLOWED_HOSTS = ["testserver"]
    monkeypatch.setattr("gc.freeze", lambda: None)  # as a worker does once started; not in the test process
    for n in range(3):
        create_best_practice(title=f"Energy from waste {n}")
    alone = cold_queries("listing search")
    assert cold_queries("listing,listing search") == alone


def test_the_unseen_calendar_is_asked_for_at_a_new_address_every_time(settings):
    from core.management.commands.bench_pages import FIRST_TIME, Command

    settings.ALLOWED_HOSTS = ["testserver"]
    create_best_practice(title="Energy from waste")
    make_url = Command()._pages()["calendar unseen"]
    urls = [make_url(None) for _i in range(200)]
    assert len(set(urls)) == 200 and "calendar unseen" in FIRST_TIME
