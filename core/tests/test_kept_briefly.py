"""core/kept_briefly.py: an answer kept a moment per process, forgotten at once on a write here."""

import pytest
from django.db import transaction

from core import kept_briefly
from core.kept_briefly import KeptBriefly
from offices.models import Closure

pytestmark = pytest.mark.django_db


class Clock:
    def __init__(self):
        self.now = 1000.0

    def monotonic(self):
        return self.now


@pytest.fixture
def clock(monkeypatch, settings):
    settings.PAGE_CACHE_SHARED_CHECK_SECONDS = 1
    fake = Clock()
    monkeypatch.setattr(kept_briefly, "time", fake)
    return fake


@pytest.fixture
def kept_answers():
    made = []

    def make(compute, *models):
        made.append(KeptBriefly(compute, *models))
        return made[-1]

    yield make
    for kept in made:
        kept.disconnect()  # no receiver of these stays connected for the later tests


def counting():
    calls = []

    def compute():
        calls.append(Closure.objects.count())
        return calls[-1]

    return compute, calls


def test_the_answer_is_kept_for_the_check_interval_then_read_again(clock, kept_answers):
    compute, calls = counting()
    kept = kept_answers(compute, Closure)
    assert kept.get() == 0
    Closure.objects.bulk_create([Closure(start_date="2027-01-04", end_date="2027-01-05")])  # no signal: "elsewhere"
    clock.now += 0.9
    assert kept.get() == 0 and len(calls) == 1
    clock.now += 0.2
    assert kept.get() == 1 and len(calls) == 2


def test_a_write_in_this_process_is_seen_at_once(clock, kept_answers):
    compute, calls = counting()
    kept = kept_answers(compute, Closure)
    assert kept.get() == 0
    closure = Closure.objects.create(start_date="2027-01-04", end_date="2027-01-05")
    assert kept.get() == 1
    closure.delete()
    assert kept.get() == 0
    assert len(calls) == 3


def test_a_read_between_a_write_and_its_commit_is_not_kept(clock, kept_answers, django_capture_on_commit_callbacks):
    compute, calls = counting()
    kept = kept_answers(compute, Closure)
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        Closure.objects.create(start_date="2027-01-04", end_date="2027-01-05")
        kept.get()  # read inside the transaction (another thread would still see none)
    kept.get()
    assert len(calls) == 2


def test_an_answer_read_while_a_write_happened_is_not_kept(clock, kept_answers):
    calls = []

    def compute():  # another thread writes while this one reads
        calls.append(Closure.objects.count())
        if len(calls) == 1:
            Closure.objects.create(start_date="2027-01-04", end_date="2027-01-05")
        return calls[-1]

    kept = kept_answers(compute, Closure)
    assert kept.get() == 0
    assert kept.get() == 1 and len(calls) == 2


def test_tests_start_with_nothing_kept(clock, kept_answers):
    compute, calls = counting()
    kept = kept_answers(compute, Closure)
    kept.get()
    kept_briefly.forget_all()  # what conftest does before every test: a rollback sends no signal
    kept.get()
    assert len(calls) == 2
