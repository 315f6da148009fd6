"""System checks for what the code needs of the database beyond Django's own minimum."""

from django.core import checks
from django.db import connections

# INSERT … RETURNING: the seat ledger and the reference counter take seats and numbers in one
# statement (visits.availability, visits.models.ReferenceCounter).
SQLITE_MINIMUM = (3, 35)


@checks.register(checks.Tags.database, deploy=False)
def sqlite_returns_inserted_rows(app_configs=None, databases=None, **kwargs):
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor != "sqlite":
            continue
        import sqlite3

        if sqlite3.sqlite_version_info < SQLITE_MINIMUM:
            errors.append(
                checks.Error(
                    f"SQLite {sqlite3.sqlite_version} is too old: bookings need 3.35 or later (INSERT … RETURNING).",
                    id="core.E001",
                )
            )
    return errors
