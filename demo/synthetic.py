"""Synthetic visits for benchmarks: many rows fast, no capacity ledger (not demo content)."""

import datetime
import random

from django.db import transaction
from django.utils import timezone

from visits.models import Visit, VisitRequest


@transaction.atomic
def generate_visits(count, offices):
    rng = random.Random(42)
    today = timezone.localdate()
    first = today - datetime.timedelta(days=9 * 365)
    span = 10 * 365
    batch_requests, batch_slots = [], []
    start_number = VisitRequest.objects.count() + 1
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
        batch_slots.append((office, day, rng.choice(list(office.visit_slots.all())), size))
        if len(batch_requests) == 5000 or i == count - 1:
            VisitRequest.objects.bulk_create(batch_requests)
            Visit.objects.bulk_create(
                Visit(
                    request=request,
                    office=office,
                    date=day,
                    slot=slot,
                    participants=size,
                    status="completed" if day < today else "scheduled",
                )
                for request, (office, day, slot, size) in zip(batch_requests, batch_slots, strict=True)
            )
            batch_requests, batch_slots = [], []
