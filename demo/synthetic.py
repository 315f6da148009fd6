"""Synthetic visits for benchmarks: many rows fast, no capacity ledger (not demo content)."""

import datetime
import random

from django.db import connection, transaction
from django.utils import timezone

from visits.models import Visit, VisitRequest

BATCH = 5000


@transaction.atomic
def generate_visits(count, offices, *, seed=42, sites_by_office=None, progress=None):
    """`count` requests with one visit each, over ten years up to a year from now.

    With `sites_by_office` ({office id: [(best-practice id, [its sub-area ids])]}), each
    visit also gets one to three of its office's sites and each request the sub-areas of
    those sites as its interests. `progress(done)` is called after each batch.
    """
    rng = random.Random(seed)
    today = timezone.localdate()
    first = today - datetime.timedelta(days=9 * 365)
    span = 10 * 365
    batch_requests, batch_slots = [], []
    start_number = VisitRequest.objects.count() + 1
    slots = {office.pk: list(office.visit_slots.all()) for office in offices}
    for i in range(count):
        day = first + datetime.timedelta(days=rng.randrange(span))
        if day.weekday() > 4:
            day -= datetime.timedelta(days=day.weekday() - 4)
        office = rng.choice(offices)
        size = rng.randint(5, 30)
        created = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9)))
        number = start_number + i
        batch_requests.append(
            VisitRequest(
                reference=f"BENCH-{number:07d}",
                year=None,
                number=None,
                status=VisitRequest.Status.COMPLETED if day < today else VisitRequest.Status.CONFIRMED,
                organisation=f"Bench delegation {number}",
                organisation_kind="municipality",
                country=rng.choice(["CN", "IN", "KR", "DE", "US", "BR", "KE"]),
                contact_name="Bench",
                email="bench@example.org",
                phone="+46701740605",
                group_size=size,
                languages=["en"],
                office=office,
                consent_processing_at=created,
                consent_public_name=rng.random() < 0.4,
                created_at=created,
            )
        )
        sites = []
        if sites_by_office and sites_by_office.get(office.pk):
            candidates = sites_by_office[office.pk]
            sites = rng.sample(candidates, min(len(candidates), rng.choice([1, 1, 2, 2, 3])))
        batch_slots.append((office, day, rng.choice(slots[office.pk]), size, sites))
        if len(batch_requests) == BATCH or i == count - 1:
            _save_batch(batch_requests, batch_slots, today)
            if progress:
                progress(i + 1)
            batch_requests, batch_slots = [], []


def _save_batch(requests, slots, today):
    VisitRequest.objects.bulk_create(requests)
    visits = Visit.objects.bulk_create(
        Visit(
            request=request,
            office=office,
            date=day,
            slot=slot,
            participants=size,
            status="completed" if day < today else "scheduled",
        )
        for request, (office, day, slot, size, _sites) in zip(requests, slots, strict=True)
    )
    site_rows, interest_rows = [], []
    for request, visit, (*_rest, sites) in zip(requests, visits, slots, strict=True):
        interests = list(dict.fromkeys(sub_area for _site, sub_areas in sites for sub_area in sub_areas))
        site_rows += [(visit.pk, site) for site, _subs in sites]
        interest_rows += [(request.pk, sub_area) for sub_area in interests[:3]]
    insert_pairs(Visit.sites.through, site_rows)
    insert_pairs(VisitRequest.interests.through, interest_rows)


def insert_pairs(through, rows):
    """Rows of a many-to-many table, (from id, to id) each, in one executemany: a model
    instance per row would cost more than the insert itself."""
    if not rows:
        return
    from_field, to_field = [f for f in through._meta.local_concrete_fields if f.is_relation]
    table, quote = through._meta.db_table, connection.ops.quote_name
    sql = f"INSERT INTO {quote(table)} ({quote(from_field.column)}, {quote(to_field.column)}) VALUES (%s, %s)"  # noqa: S608
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)
