"""Texts for generated best practices, put together from the demo's own vocabulary.

`PracticeWriter` turns a number into the field values of one made-up best practice: a
topic taken from a demo practice's title or a sub-area, placed in a municipality where a
demo practice is (its coordinates moved a few kilometres, never out of Sweden), with a
summary, body, key facts and milestones built from the demo texts of its sub-areas. So
search, facets and the map see real words and a realistic spread, and nothing here
needs the database. The same seed gives the same practices.
"""

import datetime
import json
import random
import re
from functools import cache
from pathlib import Path

from django.utils.text import slugify

from demo.data.focus_areas import FOCUS_AREAS
from demo.data.practices_central_middle_north import BEST_PRACTICES as PRACTICES_NORTH
from demo.data.practices_south_west_east import BEST_PRACTICES as PRACTICES_SOUTH

DEMO_PRACTICES = PRACTICES_SOUTH + PRACTICES_NORTH
SWEDEN_OUTLINE = Path(__file__).resolve().parent.parent / "core" / "data" / "sweden.json"

KINDS = [
    "pilot",
    "programme",
    "living lab",
    "test bed",
    "partnership",
    "project",
    "demonstration site",
    "initiative",
    "network",
    "roadmap",
    "centre",
]
HOSTS = [
    "{m} Municipality",
    "{m} Municipality",
    "Region {county}",
    "{m} Energi",
    "{m} Vatten",
    "{m}hem",
    "{m} Science Park",
    "County Administrative Board of {county}",
]
EXTRA_LANGUAGES = ["de", "fr", "es", "fi", "zh", "ar", "pl", "no", "da"]
SUMMARIES = [
    "{Topic} in {m}: {sub1} and {sub2} in everyday use, shown to delegations by {host}.",
    "How {m} in {county} works with {sub1}: a {kind} started in {year} and open to study visits.",
    "A {kind} in {m} where {host} shows {sub1} and {sub2} at work, with lessons for cities of every size.",
    "{Topic}, {m}: what {host} has learnt about {sub1} since {year}, on site and online.",
]
FIRST_PARAGRAPHS = [
    "{host} started the {kind} in {year} to make progress on {sub1} in {m}. Visitors see the work on site and "
    "meet the people who plan, build and run it.",
    "In {m}, {topic} is part of how the municipality works with {sub1} and {sub2}. The {kind} began in {year} "
    "and has since been followed up every year.",
    "The {kind} in {m} ({county}) brings together the municipality, local companies and researchers around "
    "{sub1}. Study visits combine a walk on site with a meeting with {host}.",
]
WORD = re.compile(r"[A-Za-zÀ-ÿ0-9&'-]+")


def _lower_first(text: str) -> str:
    """'Public transport' -> 'public transport'; 'IoT & sensor networks' and '3D city model' stay."""
    first = text.split(" ", 1)[0]
    if len(first) > 1 and (first[1:].islower() or first[1:] == "") and first[0].isalpha():
        return text[0].lower() + text[1:]
    return text


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _corpus_words() -> set[str]:
    """Every word written in lower case somewhere in the demo's focus-area texts."""
    texts = []
    for area in FOCUS_AREAS:
        texts += [area["introduction"], *area["body"]]
        for sub in area["sub_areas"]:
            texts += [sub["introduction"], *sub["body"]]
    for practice in DEMO_PRACTICES:
        texts += [practice["summary"], *practice["body"]]
    return {word for text in texts for word in WORD.findall(text) if word.islower()}


def _topic(title: str, municipality: str, corpus: set[str]) -> str | None:
    """A demo title without its place ('Open data platform, Borlänge' -> 'Open data platform'),
    or None when what is left still names a place or a brand."""
    m = re.escape(municipality)
    for pattern in (rf",\s*{m}$", rf"\s+in\s+{m}$", rf"\s+on\s+{m}$", rf"^{m}\s+"):
        rest = re.sub(pattern, "", title)
        if rest != title:
            break
    else:
        return None
    words = rest.split()
    if len(words) < 2 or any(word[:1].isupper() and not word.isupper() for word in words[1:]):
        return None
    first = words[0]
    if any(ch.isdigit() for ch in first) or first.isupper():
        return rest
    if first[1:] != first[1:].lower() or first.lower() not in corpus:
        return None
    return rest


@cache
def _sweden_rings() -> list[list[tuple[float, float]]]:
    data = json.loads(SWEDEN_OUTLINE.read_text())
    return [[(lat, lon) for lon, lat in ring] for ring in data["rings"]]


def in_sweden(latitude: float, longitude: float) -> bool:
    """Inside the outline the site's map draws (ray casting over each ring)."""
    for ring in _sweden_rings():
        inside = False
        j = len(ring) - 1
        for i, (lat_i, lon_i) in enumerate(ring):
            lat_j, lon_j = ring[j]
            if (lat_i > latitude) != (lat_j > latitude):
                crossing = lon_i + (latitude - lat_i) * (lon_j - lon_i) / (lat_j - lat_i)
                if longitude < crossing:
                    inside = not inside
            j = i
        if inside:
            return True
    return False


class PracticeWriter:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)
        corpus = _corpus_words()
        self.sub_areas = {sub["title"]: sub for area in FOCUS_AREAS for sub in area["sub_areas"]}
        self.siblings = {
            sub["title"]: [other["title"] for other in area["sub_areas"] if other is not sub]
            for area in FOCUS_AREAS
            for sub in area["sub_areas"]
        }
        self.places = [(p["municipality"], p["county"], p["latitude"], p["longitude"]) for p in DEMO_PRACTICES]
        # (topic, sub-areas) from the demo titles that read well without their place.
        self.topics = []
        for practice in DEMO_PRACTICES:
            topic = _topic(practice["title"], practice["municipality"], corpus)
            if topic:
                self.topics.append((topic, practice["sub_areas"]))
        self.accessibility = sorted({p["accessibility"] for p in DEMO_PRACTICES if p["accessibility"]})

    def _place(self):
        municipality, county, lat, lon = self.rng.choice(self.places)
        for _attempt in range(8):
            new_lat = lat + self.rng.uniform(-0.06, 0.06)
            new_lon = lon + self.rng.uniform(-0.1, 0.1)
            if in_sweden(new_lat, new_lon):
                return municipality, county, round(new_lat, 6), round(new_lon, 6)
        return municipality, county, lat, lon

    def _subject(self):
        """(topic, sub-area titles): half from the demo titles, half from one sub-area and its siblings."""
        if self.topics and self.rng.random() < 0.5:
            topic, sub_areas = self.rng.choice(self.topics)
            return topic, list(sub_areas)
        first = self.rng.choice(list(self.sub_areas))
        extra = self.rng.sample(self.siblings[first], self.rng.choice([0, 1, 1, 2]))
        topic = f"{_lower_first(first)} {self.rng.choice(KINDS)}"
        return _upper_first(topic), [first, *extra]

    def practice(self, number: int) -> dict:
        rng = self.rng
        topic, sub_areas = self._subject()
        municipality, county, latitude, longitude = self._place()
        kind = rng.choice(KINDS)
        year = rng.randint(2005, 2023)
        host = rng.choice(HOSTS).format(m=municipality, county=county)
        words = {
            "Topic": _upper_first(topic),
            "topic": _lower_first(topic),
            "m": municipality,
            "county": f"{county} County" if county != "Gotland" else "Gotland",
            "host": host,
            "kind": kind,
            "year": year,
            "sub1": _lower_first(sub_areas[0]),
            "sub2": _lower_first(sub_areas[-1] if len(sub_areas) > 1 else rng.choice(self.siblings[sub_areas[0]])),
        }
        style = rng.randrange(3)
        if style == 0:
            title = f"{_upper_first(topic)}, {municipality}"
        elif style == 1:
            title = f"{municipality} {_lower_first(topic)}"
        else:
            title = f"{_upper_first(topic)} in {municipality}"
        summary = rng.choice(SUMMARIES).format(**words)[:300]
        body = [rng.choice(FIRST_PARAGRAPHS).format(**words)]
        for sub in sub_areas[:2]:
            body.append(rng.choice(self.sub_areas[sub]["body"]))
        facts = [{"label": "Started", "value": str(year), "unit": "", "source": host}]
        pool = [fact for sub in sub_areas for fact in self.sub_areas[sub]["key_facts"]]
        facts += rng.sample(pool, min(len(pool), rng.randint(1, 2)))
        start = datetime.date(year, rng.randint(1, 12), rng.randint(1, 28))
        milestones = [
            {"date": start.isoformat(), "text": f"The {kind} starts in {municipality}."},
            {
                "date": (start + datetime.timedelta(days=rng.randint(200, 1500))).isoformat(),
                "text": "First study visits by international delegations.",
            },
        ]
        on_site = rng.random() < 0.9
        return {
            "title": title,
            "slug": f"{slugify(title)[:200]}-{number}",
            "summary": summary,
            "body": body,
            "municipality": municipality,
            "county": county,
            "latitude": latitude,
            "longitude": longitude,
            "sub_areas": sub_areas,
            "key_facts": facts,
            "milestones": milestones,
            "on_site": on_site,
            "digital": (not on_site) or rng.random() < 0.35,
            "languages": ["en", "sv", *rng.sample(EXTRA_LANGUAGES, rng.randint(0, 2))],
            "duration_minutes": rng.choice([45, 60, 90, 90, 120, 120, 150, 180]),
            "largest_group": rng.choice([10, 15, 20, 25, 30, 30, 40, 50]),
            "visiting_weekdays": [] if rng.random() < 0.7 else sorted(rng.sample(range(5), rng.randint(2, 4))),
            "accessibility": rng.choice(self.accessibility) if self.accessibility else "",
            "host_organisation": host,
            "published": datetime.datetime(year, 1, 1, 9, tzinfo=datetime.UTC)
            + datetime.timedelta(days=rng.randint(0, 364), minutes=rng.randint(0, 600)),
        }
