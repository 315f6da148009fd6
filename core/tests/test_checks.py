"""core/checks.py: `manage.py check` (and every command that checks) refuses an SQLite too old."""

from django.core import checks
from django.db import connection

from core import checks as core_checks


def errors():
    return [message.id for message in checks.run_checks() if message.id == "core.E001"]


def test_an_sqlite_without_returning_is_refused_by_a_plain_check(monkeypatch):
    monkeypatch.setattr(core_checks.sqlite3, "sqlite_version_info", (3, 31, 1))
    monkeypatch.setattr(core_checks.sqlite3, "sqlite_version", "3.31.1")
    # Only a site on SQLite needs it; PostgreSQL has RETURNING whatever Python's SQLite is.
    assert errors() == (["core.E001"] if connection.vendor == "sqlite" else [])


def test_this_machines_database_passes():
    assert errors() == []
