"""The `shared` cache on one machine: Django's database cache, with `set` in one statement.

The page cache's generation is set after every committed change, bookings included, and rate
limits set their counters on every counted request. Django's `set` first counts the whole
table (to cull it once it passes MAX_ENTRIES), then reads the row and updates or inserts it
in a transaction: five round trips, and a COUNT(*) that grows with the rate-limit counters.
Here a `set` is one upsert; the count (and the cull when it is due) runs on one `set` in
`CULL_CHECK_EVERY` per process, so the table still never grows much past MAX_ENTRIES.
"""

import base64
import contextlib
import itertools
import pickle
from datetime import UTC, datetime

from django.conf import settings
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.db import DatabaseCache
from django.db import DatabaseError, connections, router, transaction

CULL_CHECK_EVERY = 100
# Both know INSERT … ON CONFLICT … DO UPDATE; other databases get Django's own `set`.
UPSERT_VENDORS = {"postgresql", "sqlite"}


class SharedDatabaseCache(DatabaseCache):
    # Django makes an instance per thread (and per context under ASGI): one count for all.
    _sets = itertools.count(1)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        if not self._upsert({key: value}, timeout, version):
            super().set(key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """All in one statement (a content change sets both page-cache generations)."""
        if not data or self._upsert(data, timeout, version):
            return []
        for key, value in data.items():  # in order, each with Django's own set (which culls)
            DatabaseCache.set(self, key, value, timeout, version=version)
        return []

    def _upsert(self, data: dict, timeout, version) -> bool:
        """Writes `data` in one upsert; False where Django's own `set` must do it instead (another
        database, or the turn to count and cull the table)."""
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if connection.vendor not in UPSERT_VENDORS or next(SharedDatabaseCache._sets) % CULL_CHECK_EVERY == 0:
            return False
        timeout = self.get_backend_timeout(timeout)
        # As Django's own `set` writes them: whole seconds, UTC when USE_TZ, base64 of a pickle.
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        params = []
        for key, value in data.items():
            encoded = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
            params += [self.make_and_validate_key(key, version=version), encoded, expires]
        quote = connection.ops.quote_name
        table, key_column = quote(self._table), quote("cache_key")
        value_column, expires_column = quote("value"), quote("expires")
        rows = ", ".join(["(%s, %s, %s)"] * len(data))
        sql = (
            f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column}) VALUES {rows} "  # noqa: S608
            f"ON CONFLICT ({key_column}) DO UPDATE SET "
            f"{value_column} = excluded.{value_column}, {expires_column} = excluded.{expires_column}"
        )
        # Like Django's own set, a failed write is not the caller's failure (the value is merely
        # not kept). Inside a transaction a savepoint keeps the caller's transaction usable;
        # outside one (the page-cache bump after a commit) the statement is its own.
        try:
            with contextlib.ExitStack() as stack:
                if connection.in_atomic_block:
                    stack.enter_context(transaction.atomic(using=db))
                with connection.cursor() as cursor:
                    cursor.execute(sql, params)
        except DatabaseError:
            pass
        return True
