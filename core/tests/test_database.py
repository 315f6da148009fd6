import os

from django.db import connection


def test_the_suite_runs_on_the_database_it_was_given():
    # `make test` runs the suite twice; this guards the PostgreSQL run from silently using SQLite.
    expected = "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"
    assert connection.vendor == expected
