"""Demo visit history: a plausible record of delegations since 2017, and the coming months.

Past years are written in bulk (an import of historical records; past seats need no
ledger). Upcoming requests and visits go through the real services, so they hold their
seats exactly as a visitor's booking would. Everything is drawn from a seeded random
generator: the same every run.
"""

import datetime
import random

from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone

from catalogue.models import SubAreaPage
from core.i18n import in_default_language
from offices.models import Closure, OfficePage
from visits import services
from visits.availability import SlotUnavailable, closed_reason, closures_between
from visits.models import ReferenceCounter, StatusChange, Visit, VisitRequest, reference_for

# Delegations per year, shaped after the public year summaries (2020: 122 groups, 1,785
# people from 60 countries, mostly online; 2019 the busiest year so far).
YEARLY_DELEGATIONS = {2017: 45, 2018: 95, 2019: 160, 2020: 122, 2021: 105, 2022: 140, 2023: 150, 2024: 155, 2025: 165}
PEOPLE_2020 = 1785

COUNTRIES = {
    "CN": ["Shanghai", "Shenzhen", "Chengdu", "Tianjin"],
    "IN": ["Pune", "Delhi", "Bengaluru", "Chennai"],
    "KR": ["Seoul", "Busan", "Sejong"],
    "JP": ["Yokohama", "Osaka"],
    "DE": ["Hamburg", "Munich"],
    "US": ["Boston", "Portland"],
    "BR": ["Curitiba", "São Paulo"],
    "KE": ["Nairobi"],
    "ZA": ["Cape Town"],
    "GB": ["Manchester", "Bristol"],
    "FR": ["Lyon", "Nantes"],
    "NL": ["Utrecht"],
    "PL": ["Gdańsk", "Wrocław"],
    "CA": ["Vancouver", "Montréal"],
    "AU": ["Melbourne"],
    "SG": ["Singapore"],
    "ID": ["Jakarta", "Surabaya"],
    "VN": ["Hanoi", "Da Nang"],
    "TH": ["Bangkok"],
    "MY": ["Kuala Lumpur"],
    "PH": ["Quezon City"],
    "AE": ["Dubai", "Abu Dhabi"],
    "SA": ["Riyadh"],
    "EG": ["Cairo"],
    "MA": ["Casablanca"],
    "NG": ["Lagos"],
    "GH": ["Accra"],
    "ET": ["Addis Ababa"],
    "TZ": ["Dar es Salaam"],
    "RW": ["Kigali"],
    "MX": ["Guadalajara"],
    "CL": ["Santiago"],
    "CO": ["Medellín"],
    "AR": ["Rosario"],
    "PE": ["Lima"],
    "TR": ["Izmir"],
    "UA": ["Lviv"],
    "EE": ["Tallinn"],
    "LV": ["Riga"],
    "LT": ["Vilnius"],
    "FI": ["Tampere"],
    "NO": ["Bergen"],
    "DK": ["Aarhus"],
    "IS": ["Reykjavík"],
    "ES": ["Bilbao"],
    "IT": ["Turin"],
    "PT": ["Porto"],
    "AT": ["Vienna"],
    "CH": ["Zürich"],
    "BE": ["Ghent"],
    "CZ": ["Brno"],
    "HU": ["Debrecen"],
    "RO": ["Cluj-Napoca"],
    "BG": ["Sofia"],
    "GR": ["Thessaloniki"],
    "IL": ["Tel Aviv"],
    "JO": ["Amman"],
    "PK": ["Lahore"],
    "BD": ["Dhaka"],
    "LK": ["Colombo"],
    "NZ": ["Wellington"],
    "TW": ["Taipei"],
    "HK": ["Hong Kong"],
    "KZ": ["Almaty"],
}
WEIGHTED = ["CN"] * 8 + ["IN"] * 6 + ["KR"] * 4 + ["JP"] * 3 + ["DE"] * 3 + ["US"] * 2 + list(COUNTRIES)

KIND_NAMES = {
    "municipality": "{city} Municipal Government",
    "government": "Ministry of Urban Development, {country}",
    "company": "{city} Urban Technologies",
    "academia": "University of {city}",
    "embassy": "Embassy of {country} in Stockholm",
    "other": "{city} Chamber of Commerce",
}
KINDS = ["municipality"] * 5 + ["government"] * 2 + ["company"] * 2 + ["academia", "embassy", "other"]


def ensure_closures(first_year: int, last_year: int) -> None:
    for year in range(first_year, last_year + 1):
        Closure.objects.get_or_create(
            office=None,
            start_date=datetime.date(year, 12, 21),
            end_date=datetime.date(year + 1, 1, 6),
            defaults={"public_note": "Closed for the holidays; the head office opens again on 7 January"},
        )
        Closure.objects.get_or_create(
            office=None,
            start_date=datetime.date(year, 7, 1),
            end_date=datetime.date(year, 7, 31),
            defaults={"public_note": "Closed all of July"},
        )


class HistoryLoader:
    def __init__(self, log=print, today=None):
        self.log = log
        self.today = today or timezone.localdate()
        self.random = random.Random(2017)
        self.contact_number = 0

    def run(self):
        ensure_closures(2017, self.today.year + 1)
        if VisitRequest.objects.exists():
            self.log("Visit history already present")
            return
        offices = list(in_default_language(OfficePage.objects.live()).prefetch_related("visit_slots"))
        self.head = next(office for office in offices if office.is_head_office)
        self.regional = [office for office in offices if not office.is_head_office]
        self.sub_areas = list(in_default_language(SubAreaPage.objects.live()).values_list("pk", flat=True))
        with transaction.atomic():
            for year, count in YEARLY_DELEGATIONS.items():
                self._past_year(year, count)
            self._past_year(self.today.year, 150, until=self.today - datetime.timedelta(days=1))
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
            self._upcoming()
        self._follow_ups()
        self.log(f"{VisitRequest.objects.count()} visit requests, {Visit.objects.count()} visits")

    def _follow_ups(self):
        from outcomes.models import FollowUp

        sub_area = {page.slug: page for page in in_default_language(SubAreaPage.objects.all())}
        for title, kind, country, year, areas, story in FOLLOW_UPS:
            source = (
                VisitRequest.objects.filter(
                    country=country, created_at__year__lte=year, status__in=["completed", "followed_up"]
                )
                .order_by("-created_at")
                .first()
            )
            office = source.office if source else self.head
            follow_up = FollowUp.objects.create(
                title=title,
                kind=kind,
                status="done" if year < self.today.year - 1 else "ongoing",
                office=office,
                country=country,
                start_date=datetime.date(year, 3 + len(title) % 8, 1),
                description=story,
                partners="Swedish companies and municipalities from the visit programme",
                published=True,
                story=story,
            )
            follow_up.sub_areas.set([sub_area[slug] for slug in areas if slug in sub_area])
            if source:
                follow_up.requests.add(source)
        self.log(f"{len(FOLLOW_UPS)} follow-ups")

    # -- the past ----------------------------------------------------------------------

    def _open_days(self, office, start, end):
        closures = closures_between(office, start, end)
        day, days = start, []
        while day <= end:
            if not closed_reason(office, day, closures):
                days.append(day)
            day += datetime.timedelta(days=1)
        return days

    def _past_year(self, year, count, until=None):
        start = datetime.date(year, 5, 8) if year == 2017 else datetime.date(year, 1, 1)
        end = min(until or datetime.date(year, 12, 31), self.today - datetime.timedelta(days=1))
        if start > end:
            return
        if until is not None:  # the current year so far
            count = round(count * ((end - start).days + 1) / 365)
        sizes = self._sizes(count, PEOPLE_2020 if year == 2020 else None)
        countries = self._countries(count, 60 if year == 2020 else None)
        # About one request in eleven never became a visit (declined or withdrawn): extra rows.
        extra = round(count * 0.09)
        sizes += [self.random.randint(5, 25) for _i in range(extra)]
        countries += [self.random.choice(WEIGHTED) for _i in range(extra)]
        open_days = {office.pk: self._open_days(office, start, end) for office in [self.head, *self.regional]}
        rows = []
        for i in range(count + extra):
            office = self.head if year < 2019 or self.random.random() < 0.35 else self.random.choice(self.regional)
            day = self.random.choice(open_days[office.pk])
            digital = self.random.random() < (0.8 if year == 2020 else 0.15 if year >= 2021 else 0.03)
            outcome = (
                None if i < count else self.random.choice([VisitRequest.Status.DECLINED, VisitRequest.Status.WITHDRAWN])
            )
            rows.append((day, office, digital, sizes[i], countries[i], outcome))
        rows.sort(key=lambda row: row[0])
        requests, visits, changes = [], [], []
        for number, (day, office, digital, size, country, outcome) in enumerate(rows, start=1):
            created = self._aware(day - datetime.timedelta(days=self.random.randint(20, 90)))
            followed = self.random.random() < 0.18
            status = outcome or (VisitRequest.Status.FOLLOWED_UP if followed else VisitRequest.Status.COMPLETED)
            request = self._request(number, created.year, created, office, size, country, digital, status)
            requests.append(request)
        VisitRequest.objects.bulk_create(requests)
        through = VisitRequest.interests.through
        links = []
        for request, (day, office, _digital, size, _country, _outcome) in zip(requests, rows, strict=True):
            for sub_area in self.random.sample(self.sub_areas, self.random.randint(1, 3)):
                links.append(through(visitrequest_id=request.pk, subareapage_id=sub_area))
            changes.append(
                StatusChange(
                    request=request, to_status="submitted", actor_label="requester", created_at=request.created_at
                )
            )
            if request.status in (VisitRequest.Status.COMPLETED, VisitRequest.Status.FOLLOWED_UP):
                slot = self.random.choice(list(office.visit_slots.all()))
                visits.append(
                    Visit(
                        request=request,
                        office=office,
                        date=day,
                        slot=slot,
                        participants=size,
                        status=Visit.Status.COMPLETED,
                        created_at=request.created_at,
                    )
                )
            changes.append(
                StatusChange(
                    request=request,
                    from_status="submitted",
                    to_status=request.status,
                    actor_label="system",
                    created_at=self._aware(day),
                )
            )
        through.objects.bulk_create(links)
        Visit.objects.bulk_create(visits)
        StatusChange.objects.bulk_create(changes)
        for year_of_requests in {request.year for request in requests}:
            last = max(request.number for request in requests if request.year == year_of_requests)
            counter, _created = ReferenceCounter.objects.get_or_create(year=year_of_requests)
            counter.last_number = max(counter.last_number, last)
            counter.save()

    def _request(self, number, year, created, office, size, country, digital, status):
        self.contact_number += 1
        n = self.contact_number
        kind = self.random.choice(KINDS)
        city = self.random.choice(COUNTRIES[country])
        from django_countries import countries

        organisation = KIND_NAMES[kind].format(city=city, country=countries.name(country))
        counter = ReferenceCounter.objects.filter(year=year).first()
        sequence = (counter.last_number if counter else 0) + number
        return VisitRequest(
            reference=reference_for(year, sequence),
            year=year,
            number=sequence,
            status=status,
            organisation=organisation,
            organisation_kind=kind,
            country=country,
            contact_name=f"Demo Contact {n}",
            email=f"contact{n}@example.org",
            phone=f"+4670174{605 + n % 95:04d}",
            group_size=size,
            languages=["en"],
            format="digital" if digital else "on_site",
            office=office,
            consent_processing_at=created,
            consent_public_name=self.random.random() < 0.4,
            created_at=created,
        )

    def _sizes(self, count, total=None):
        sizes = [self.random.randint(5, 25) for _i in range(count)]
        if total:
            while sum(sizes) != total:
                i = self.random.randrange(count)
                step = 1 if sum(sizes) < total else -1
                if 3 <= sizes[i] + step <= 30:
                    sizes[i] += step
        return sizes

    def _countries(self, count, distinct=None):
        pool = list(COUNTRIES)[:distinct] if distinct else WEIGHTED
        chosen = list(COUNTRIES)[:distinct] if distinct else []
        chosen += [self.random.choice(pool) for _i in range(count - len(chosen))]
        self.random.shuffle(chosen)
        return chosen

    def _aware(self, day):
        return timezone.make_aware(datetime.datetime.combine(day, datetime.time(10, 0)))

    # -- the coming months ---------------------------------------------------------------

    def _upcoming(self):
        tomorrow = self.today + datetime.timedelta(days=1)
        horizon = self.today + datetime.timedelta(days=120)
        for i in range(40):
            office = self.head if i % 3 == 0 else self.regional[i % len(self.regional)]
            days = self._open_days(office, tomorrow, horizon)
            if not days:
                continue
            day = self.random.choice(days)
            slot = self.random.choice(list(office.visit_slots.all()))
            country = self.random.choice(WEIGHTED)
            fields = {
                "organisation": KIND_NAMES["municipality"].format(
                    city=self.random.choice(COUNTRIES[country]), country=""
                ),
                "organisation_kind": "municipality",
                "country": country,
                "contact_name": f"Demo Contact {1000 + i}",
                "email": f"upcoming{i}@example.org",
                "phone": f"+4670174{605 + i:04d}",
                "group_size": self.random.randint(5, min(20, office.largest_group)),
                "languages": ["en"],
                "format": "on_site",
                "office": office,
                "message": "",
                "consent_public_name": i % 2 == 0,
            }
            try:
                request = services.submit_request(
                    fields=fields,
                    choices=[(day, slot)],
                    interests=self.random.sample(self.sub_areas, 2),
                )
            except SlotUnavailable:
                continue
            if i % 4 != 3:  # most are confirmed; the rest wait for the office
                services.transition(request, VisitRequest.Status.IN_REVIEW, actor_label="system")
                services.confirm_request(request, [(office, day, slot)])


FOLLOW_UPS = [
    (
        "Pre-study on sustainable urban districts in China",
        "pre_study",
        "CN",
        2019,
        ["sustainable-city-districts"],
        "A Chinese city delegation saw Hammarby Sjöstad and asked Swedish planners for a pre-study of a new district.",
    ),
    (
        "Pre-study on air purification in India",
        "pre_study",
        "IN",
        2019,
        ["air-quality"],
        "After a study visit on air quality, an Indian city and Swedish firms studied filtering and monitoring.",
    ),
    (
        "Pre-study on water treatment in South Korea",
        "pre_study",
        "KR",
        2019,
        ["water-wastewater-treatment"],
        "A Korean delegation followed up its visit to a Swedish wastewater plant with a joint pre-study.",
    ),
    (
        "Follow-up visit to Pune on waste-to-energy",
        "visit_abroad",
        "IN",
        2022,
        ["waste-management-recycling"],
        "Swedish companies travelled to India to present waste-to-energy solutions seen during the study visit.",
    ),
    (
        "District heating pilot in Ukraine",
        "project",
        "UA",
        2023,
        ["district-heating-cooling"],
        "A municipal utility started a pilot on heat recovery with Swedish suppliers after a visit to Swedish plants.",
    ),
    (
        "Biogas bus fleet investment in Brazil",
        "investment",
        "BR",
        2024,
        ["biogas-renewable-fuels"],
        "A Brazilian city invested in biogas buses after studying Swedish public transport on biogas.",
    ),
]
