"""The booking benchmark reports a client or process that fails to start; it never waits for it forever."""

import gc
import os
import threading

from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from visits.management.commands.bench_booking import Command, FreeSlots

SHARE = {"clients": 1, "submissions": 0, "seed": 1}


def finished_within(seconds, work):
    """`work()`'s result, or a failure if it is still running after `seconds` (a hang)."""
    outcome = {}
    thread = threading.Thread(target=lambda: outcome.update(value=work()), daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), "still waiting: the benchmark hangs"
    return outcome["value"]


def test_clients_that_cannot_connect_end_the_run_instead_of_hanging(monkeypatch):
    def refuse(self):
        raise OperationalError("connection refused")

    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", refuse)
    monkeypatch.setattr(gc, "freeze", lambda: None)  # as a worker does; not the test process

    run = finished_within(30, lambda: Command()._run(FreeSlots([]), clients=2, seconds=1, submissions=0, seed=1))

    assert run["crashed"] == {"OperationalError: connection refused": 2}
    assert run["results"] == []


def test_a_process_that_ends_without_a_result_is_reported_not_waited_for(monkeypatch):
    monkeypatch.setattr(Command, "_run", lambda self, free, **share: os._exit(3))  # in the forked child

    runs = finished_within(30, lambda: Command()._run_in_processes(FreeSlots([]), [SHARE], seconds=1))

    assert runs == [{"results": [], "crashed": {"process ended (3)": 1}, "elapsed": 0.0}]


def test_each_process_reports_its_own_run():
    def run(self, free, *, seed, **share):
        return {"results": [("accepted", "1 slot", 0.01, "")] * seed, "crashed": {}, "elapsed": 1.0}

    command = Command()
    command._run = run.__get__(command)

    runs = finished_within(30, lambda: command._run_in_processes(FreeSlots([]), [SHARE, {**SHARE, "seed": 2}], 1))

    assert sorted(len(run["results"]) for run in runs) == [1, 2]
