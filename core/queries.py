"""Query helpers that know no domain."""

import json

from django.core.exceptions import EmptyResultSet
from django.db import connection, connections
from django.db.models.expressions import Expression, RawSQL

# PostgreSQL takes at most 65,535 parameters in one statement. Beyond this many keys (with
# room for the statement's other parameters) they go as one array: a planner without
# statistics may plan that worse, but a list that long could not be sent at all.
MAX_LISTED_IDS = 30_000


def ids_as_subquery(ids):
    """`ids` for a `pk__in` filter that several queries repeat (a listing's count and facets).

    On SQLite as one JSON parameter: thousands of placeholders were parsed again by every
    query. PostgreSQL gets a list of parameters (`ListedKeys`): it hashes a long IN list,
    while a subquery over an array left its planner, without statistics yet, looping for
    minutes, so an array is used only for more keys than a statement can take as parameters
    (MAX_LISTED_IDS).
    """
    if connection.vendor == "sqlite":
        return JsonKeys(ids)  # copies them
    ids = list(ids)
    if len(ids) > MAX_LISTED_IDS:
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return ListedKeys(ids)


class JsonKeys(RawSQL):
    """Keys as one JSON parameter for SQLite, written when a filter using them is first
    compiled: a listing filters by a search's matches for queries most of its pages never run
    (the map's), and writing 5,000 keys cost 0.3 ms each time."""

    def __init__(self, ids):
        super().__init__("SELECT value FROM json_each(%s)", ())
        self.ids = list(ids)

    def __repr__(self):
        return f"{self.__class__.__name__}({len(self.ids)} keys)"

    def as_sql(self, compiler, connection):
        if not self.params:
            self.params = (json.dumps(self.ids),)
        return super().as_sql(compiler, connection)


class ListedKeys(Expression):
    """Integer keys for `IN`, one parameter each as Django sends a list, without Django's work
    on each one: it prepares every key of a list when the filter is made and again when it is
    compiled, 12 ms for the 5,000 keys of a search's matches on PostgreSQL, whether or not the
    query ever runs. The keys are made integers here, and None is refused."""

    def __init__(self, ids):
        super().__init__()
        self.ids = list(map(int, ids))

    def as_sql(self, compiler, connection):
        if not self.ids:
            raise EmptyResultSet  # as Django does for an empty list: the condition matches nothing
        return ", ".join(["%s"] * len(self.ids)), tuple(self.ids)

    def get_group_by_cols(self):
        return []  # constants, like Value's


def refresh_planner_statistics(using=None):
    """Tell the database's query planner how large each table and index is (ANALYZE).

    SQLite plans without statistics until told: it then looked for the three offices on the
    home page among every page of the language through the locale index (2-4 ms a query at
    10,000 practices, against 0.02 ms starting from the office table). PostgreSQL's
    autovacuum keeps its own up to date; running it there after a bulk load does no harm.
    """
    database = connections[using or "default"]
    with database.cursor() as cursor:
        if database.vendor == "sqlite":
            # Sampled, not every row of every index: ANALYZE holds the write lock while it reads.
            cursor.execute("PRAGMA analysis_limit = 1000")
        cursor.execute("ANALYZE")
