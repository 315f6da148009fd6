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
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        if connection.vendor not in UPSERT_VENDORS or next(SharedDatabaseCache._sets) % CULL_CHECK_EVERY == 0:
            return super().set(key, value, timeout, version=version)
        key = self.make_and_validate_key(key, version=version)
        timeout = self.get_backend_timeout(timeout)
        # As Django's own `set` writes them: whole seconds, UTC when USE_TZ, base64 of a pickle.
        if timeout is None:
            expires = datetime.max
        else:
            expires = datetime.fromtimestamp(timeout, tz=UTC if settings.USE_TZ else None)
        expires = connection.ops.adapt_datetimefield_value(expires.replace(microsecond=0))
        value = base64.b64encode(pickle.dumps(value, self.pickle_protocol)).decode("latin1")
        quote = connection.ops.quote_name
        table, key_column = quote(self._table), quote("cache_key")
        value_column, expires_column = quote("value"), quote("expires")
        sql = (
            f"INSERT INTO {table} ({key_column}, {value_column}, {expires_column}) VALUES (%s, %s, %s) "  # noqa: S608
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
                    cursor.execute(sql, [key, value, expires])
        except DatabaseError:
            return
