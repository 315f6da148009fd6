"""System checks for what the code needs of the database beyond Django's own minimum."""

import sqlite3

from django.core import checks
from django.db import connections

# INSERT … RETURNING: the seat ledger and the reference counter take seats and numbers in one
# statement (visits.availability, visits.models.ReferenceCounter).
SQLITE_MINIMUM = (3, 35)


# Not tagged "database": those checks run only when asked for (`check --database`), and this
# one needs no connection, only the SQLite library Python was built with.
@checks.register()
def sqlite_returns_inserted_rows(app_configs=None, **kwargs):
    uses_sqlite = any(connections[alias].vendor == "sqlite" for alias in connections)
    if uses_sqlite and sqlite3.sqlite_version_info < SQLITE_MINIMUM:
        return [
            checks.Error(
                f"SQLite {sqlite3.sqlite_version} is too old: bookings need 3.35 or later (INSERT … RETURNING).",
                id="core.E001",
            )
        ]
    return []
