"""Taking seats in a seat table: the one way it is done, for an office's slots
(visits.SlotHold), best-practice sites (visits.SiteHold) and public tours (schedule.TourPlace).

`visits.availability` decides which seats a workflow wants and in which order (its ledger
order); this module takes them. A seat table has one row per seat held and a unique
constraint on (place…, kind, seat): that constraint, not a count read beforehand, decides
every race.

Each round is one statement that reads and writes at once: it inserts the lowest seat
numbers that are free above a bound and skips any seat a committed or concurrent holder has
(ON CONFLICT DO NOTHING … RETURNING, on PostgreSQL and on SQLite 3.35 or later). On
PostgreSQL a seat another transaction is taking at this moment makes the statement wait for
it to end, then take or skip the seat, so no free seat is missed; SQLite serialises writers.
A skipped seat does not abort the transaction, so no savepoint is needed. When a round takes
fewer seats than needed, the next tries only seats above the highest taken, so a transaction
never waits for a seat below one it holds (the ledger order).

The statement is written here rather than built by the ORM: a booking takes a few dozen
seats, and building model instances and an insert query for them cost more than the
database's own work (about 1.5 ms of a 10 ms submission, measured with `bench_booking`).
"""

from functools import cache

from django.db import IntegrityError, connections, router


def take_seats(model, place: dict, holder: dict, wanted: dict, full) -> None:
    """Take {kind: (needed, capacity)} seats at `place` (the ledger key without kind and
    seat) for `holder`, or raise `full()`. Kinds are taken in the order given (the group
    seat before the person seats). Call it in the caller's transaction, which must roll back
    when it raises: seats of an earlier kind may already be taken then.
    """
    for kind, (needed, capacity) in wanted.items():
        _take_kind(model, place, holder, kind, needed, capacity, full)


def _take_kind(model, place, holder, kind, needed, capacity, full):
    if needed <= 0:
        return
    if needed > capacity:
        raise full()  # not even an empty place would do
    above = 0
    # Each round either takes a seat, or finds one it tried taken by a transaction that has
    # since ended; a bounded number of rounds keeps a bug from looping forever.
    for _round in range(capacity + 1):
        taken = insert_lowest_free(model, place, holder, kind, needed, above, capacity)
        needed -= len(taken)
        if not needed:
            return
        above = max(taken, default=above)
        # Seat numbers above the capacity (held before it was lowered) are never candidates.
        if capacity - above - len(occupied_seats(model, place, kind, above=above, capacity=capacity)) < needed:
            raise full()
    raise IntegrityError(f"{model.__name__} {place} {kind}: seats look free but cannot be taken")


def occupied_seats(model, place: dict, kind, *, above: int, capacity: int) -> set:
    """The seats of `kind` held at `place` from `above` + 1 to `capacity`."""
    seats = model.objects.filter(**place, kind=kind, seat__range=(above + 1, capacity))
    return set(seats.values_list("seat", flat=True))


def insert_lowest_free(model, place: dict, holder: dict, kind, needed: int, above: int, capacity: int) -> list:
    """Insert the `needed` lowest seats of `kind` that are free above `above` (up to
    `capacity`) in one statement; the seat numbers actually taken, rising."""
    using = router.db_for_write(model)
    connection = connections[using]
    sql, fields = _insert_sql(model, tuple(place), tuple(holder), connection.vendor)
    values = {**place, **holder, "kind": kind}
    row = [_db_value(field, values[field.name], connection) for field in fields]
    key = [_db_value(field, values[field.name], connection) for field in fields if field.name in place]
    with connection.cursor() as cursor:
        cursor.execute(sql, [above + 1, capacity, *row, *key, kind, needed])
        return sorted(seat for (seat,) in cursor.fetchall())


def _db_value(field, value, connection):
    if hasattr(value, "_meta"):  # a model instance given for a foreign key
        value = value.pk
    return field.get_db_prep_save(value, connection)


@cache
def _insert_sql(model, place: tuple, holder: tuple, vendor: str):
    """The statement of one round for this seat table, and the fields it fills before `seat`."""
    meta = model._meta
    fields = [meta.get_field(name) for name in (*place, *holder, "kind")]
    missing = (
        {field.name for field in meta.concrete_fields if not field.primary_key} - {f.name for f in fields} - {"seat"}
    )
    if missing:
        raise ValueError(f"{model.__name__}: take_seats needs a value for {sorted(missing)}")
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    table = quote(meta.db_table)

    def param(field):
        # PostgreSQL types a parameter in a SELECT list as text unless told: say what it is.
        return f"CAST(%s AS {field.cast_db_type(connection)})" if vendor == "postgresql" else "%s"

    columns = ", ".join(quote(field.column) for field in (*fields, meta.get_field("seat")))
    key = " AND ".join(f"held.{quote(field.column)} = %s" for field in fields if field.name in place)
    seat = quote(meta.get_field("seat").column)
    key += f" AND held.{quote(meta.get_field('kind').column)} = %s"
    # Every name comes from the model's meta and every value is a parameter. The candidates are
    # the seat numbers from above + 1 to capacity.
    sql = (
        "WITH RECURSIVE candidate(seat) AS ("  # noqa: S608
        " SELECT CAST(%s AS integer) UNION ALL SELECT seat + 1 FROM candidate WHERE seat < %s) "
        f"INSERT INTO {table} ({columns}) "
        f"SELECT {', '.join(param(field) for field in fields)}, candidate.seat FROM candidate "
        f"WHERE NOT EXISTS (SELECT 1 FROM {table} held WHERE {key} AND held.{seat} = candidate.seat) "
        "ORDER BY candidate.seat LIMIT %s "
        f"ON CONFLICT DO NOTHING RETURNING {seat}"
    )
    return sql, fields
