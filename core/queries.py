"""Query helpers that know no domain."""

import json

from django.db import connection
from django.db.models.expressions import RawSQL


def ids_as_subquery(ids):
    """`ids` for a `pk__in` filter that several queries repeat (a listing's count and facets).

    On SQLite as one JSON parameter: thousands of placeholders were parsed again by every
    query. PostgreSQL gets the list itself: it hashes a long IN list, while a subquery over
    an array left its planner, without statistics yet, looping for minutes.
    """
    if connection.vendor == "sqlite":
        return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(list(ids)),))
    return list(ids)
