"""Scale data: thousands of best practices and many visits on top of the demo content, fast.

    manage.py scale_demo --practices 10000 --visits 100000

Wagtail pages are a materialised-path tree (treebeard) with multi-table inheritance, so
Django's bulk_create cannot make a BestPracticePage. Here the `wagtailcore_page` rows go
in with bulk_create (path, depth, url_path, locale, translation key, content type, live,
publication dates set by hand), then the `catalogue_bestpracticepage` rows with the
same ids, then the sub-areas and the reference index, and the parent's child count goes
up by the number added. Every page also gets its alias in each synchronised language,
made as wagtail-localize's tree synchronisation makes them (same fields, `alias_of` the
English page, under that language's listing, sub-areas pointing at the English ones), so
the Swedish and Chinese listings show them too; `sync_locale_trees` would make the same
aliases one page and a dozen queries at a time (half an hour for 10,000 pages here). The
English pages go into the search index through the backend's own bulk insert, a thousand
at a time; each alias's entry is a copy of its English page's, made by the database.

Totals, not increments: `--practices N` adds English best practices until the listing
has N, `--visits N` adds visits until there are N. A second run adds nothing.
"""

import sys
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import OutputWrapper
from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from modelcluster.models import get_all_child_relations
from wagtail.models import Locale, Page, ReferenceIndex
from wagtail.search.backends import get_search_backends
from wagtail_localize.models import LocaleSynchronization

from catalogue.models import BestPracticeIndexPage, BestPracticePage, FocusAreaPage, SubAreaPage
from catalogue.models.base import language_marker
from core.i18n import default_language, in_default_language, language_of
from demo.loader import paragraphs
from demo.scale_vocabulary import PracticeWriter
from demo.synthetic import generate_visits, insert_pairs
from offices.models import County, OfficePage
from visits.models import Visit

CHUNK = 1000


class ScaleError(Exception):
    """What the command tells the user instead of building anything."""


class Progress:
    """A progress line on stderr: redrawn in place on a terminal, every tenth otherwise."""

    def __init__(self, label: str, total: int, stream=None):
        self.label, self.total = label, max(total, 1)
        self.stream = stream or sys.stderr
        # A command's OutputWrapper ends every write with a newline unless told otherwise.
        wrapped = isinstance(self.stream, OutputWrapper)
        self.write = partial(self.stream.write, ending="") if wrapped else self.stream.write
        self.tty = self.stream.isatty()
        self.started = time.perf_counter()
        self.shown_at, self.shown_tenth = 0.0, -1

    def __call__(self, done: int):
        now = time.perf_counter()
        tenth = done * 10 // self.total
        if self.tty and (now - self.shown_at > 0.2 or done >= self.total):
            filled = done * 30 // self.total
            self.write(
                f"\r{self.label:22} [{'#' * filled}{'.' * (30 - filled)}] {done:>7,}/{self.total:,} "
                f"{now - self.started:6.1f} s"
            )
            self.shown_at = now
        elif not self.tty and tenth != self.shown_tenth:
            self.write(f"{self.label:22} {done:>7,}/{self.total:,} {now - self.started:6.1f} s\n")
            self.shown_tenth = tenth
        self.stream.flush()

    def close(self) -> float:
        if self.tty:
            self.write("\n")
        return time.perf_counter() - self.started


@dataclass
class Catalogue:
    """The demo content the generated pages hang off, read once."""

    index: BestPracticeIndexPage
    # (locale, that language's best-practice listing) for each language synchronised from the default one
    translations: list = field(default_factory=list)
    sub_areas: dict = field(default_factory=dict)  # title -> SubAreaPage (default language)
    focus_images: dict = field(default_factory=dict)  # sub-area title -> its focus area's image id
    counties: dict = field(default_factory=dict)  # name -> County

    @classmethod
    def load(cls) -> "Catalogue":
        index = in_default_language(BestPracticeIndexPage.objects.all()).first()
        if index is None:
            raise ScaleError("No demo content: run `manage.py load_demo --if-empty` first.")
        catalogue = cls(index=index)
        for sync in LocaleSynchronization.objects.filter(sync_from=index.locale).select_related("locale"):
            version = BestPracticeIndexPage.objects.filter(
                translation_key=index.translation_key, locale=sync.locale
            ).first()
            if version is None:
                raise ScaleError(
                    f"The {sync.locale.language_code} pages are not in step: run `manage.py sync_locale_trees` first."
                )
            catalogue.translations.append((sync.locale, version))
        focus_images = {focus.path: focus.hero_image_id for focus in in_default_language(FocusAreaPage.objects.all())}
        for sub_area in in_default_language(SubAreaPage.objects.all()):
            catalogue.sub_areas[sub_area.title] = sub_area
            catalogue.focus_images[sub_area.title] = focus_images.get(sub_area.path[: -SubAreaPage.steplen])
        catalogue.counties = {county.name: county for county in County.objects.select_related("region")}
        return catalogue

    def practices(self):
        return BestPracticePage.objects.child_of(self.index)


@dataclass
class Timings:
    phases: list = field(default_factory=list)  # (label, rows, seconds)

    def add(self, label: str, rows: int, seconds: float):
        self.phases.append((label, rows, seconds))


def add_practices(target: int, *, seed: int = 1, stream=None, timings: Timings | None = None) -> int:
    """Add English best practices (and their aliases) until the listing has `target`; the number added."""
    catalogue = Catalogue.load()
    existing = catalogue.practices().count()
    missing = target - existing
    if missing <= 0:
        return 0
    timings = timings if timings is not None else Timings()
    # Another seed for a top-up, so that it does not repeat the first run's texts.
    writer = PracticeWriter(seed * 1_000_003 + existing)
    taken = set(catalogue.practices().values_list("slug", flat=True))
    progress = Progress("writing texts", missing, stream)
    specs = []
    for number in range(existing + 1, target + 1):
        spec = writer.practice(number)
        while spec["slug"] in taken:
            spec["slug"] += "-x"
        taken.add(spec["slug"])
        specs.append(spec)
        progress(len(specs))
    timings.add("texts", missing, progress.close())

    with transaction.atomic():
        english = [_page(spec, catalogue) for spec in specs]
        _insert_children(catalogue.index, english, f"pages ({catalogue.index.locale.language_code})", stream, timings)
        every_page = list(english)
        for locale, parent in catalogue.translations:
            aliases = [_alias(page, locale) for page in english]
            _insert_children(parent, aliases, f"aliases ({locale.language_code})", stream, timings)
            every_page += aliases
        started = time.perf_counter()
        _insert_sub_areas(every_page)
        _insert_references(every_page)
        timings.add("sub-areas, references", len(every_page), time.perf_counter() - started)
        _index(english, every_page[len(english) :], stream, timings)
    _invalidate_page_cache()
    return missing


def _page(spec: dict, catalogue: Catalogue) -> BestPracticePage:
    published = min(spec["published"], timezone.now())
    sub_areas = [catalogue.sub_areas[title] for title in spec["sub_areas"] if title in catalogue.sub_areas]
    page = BestPracticePage(
        title=spec["title"],
        draft_title=spec["title"],
        slug=spec["slug"],
        locale_id=catalogue.index.locale_id,
        translation_key=uuid.uuid4(),
        live=True,
        has_unpublished_changes=False,
        first_published_at=published,
        last_published_at=published,
        summary=spec["summary"],
        body=paragraphs(spec["body"]),
        key_facts=[{"type": "fact", "value": fact, "id": str(uuid.uuid4())} for fact in spec["key_facts"]],
        milestones=[{"type": "milestone", "value": item, "id": str(uuid.uuid4())} for item in spec["milestones"]],
        municipality=spec["municipality"],
        county=catalogue.counties[spec["county"]],
        latitude=Decimal(str(spec["latitude"])),
        longitude=Decimal(str(spec["longitude"])),
        visitable_on_site=spec["on_site"],
        visitable_digitally=spec["digital"],
        languages=spec["languages"],
        duration_minutes=spec["duration_minutes"],
        largest_group=spec["largest_group"],
        visiting_weekdays=spec["visiting_weekdays"],
        accessibility=spec["accessibility"],
        host_organisation=spec["host_organisation"],
        hero_image_id=catalogue.focus_images.get(spec["sub_areas"][0]),
    )
    # Held in memory (modelcluster): the search indexer reads the titles from here, and
    # _insert_sub_areas writes the rows.
    page.sub_areas = sub_areas
    _no_children(page)
    return page


def _no_children(page):
    """Empty in-memory child relations (gallery, comments), so reading them costs no query."""
    for relation in get_all_child_relations(page):
        setattr(page, relation.get_accessor_name(), [])


# What wagtail-localize's alias keeps of its source (Page.create_alias copies every other field).
_NOT_COPIED = {"id", "page_ptr", "path", "depth", "numchild", "url_path", "latest_revision"}


def _alias(page: BestPracticePage, locale: Locale) -> BestPracticePage:
    values = {
        f.attname: getattr(page, f.attname)
        for f in BestPracticePage._meta.concrete_fields
        if f.name not in _NOT_COPIED and f.attname not in _NOT_COPIED
    }
    alias = BestPracticePage(**values)
    alias.alias_of_id = page.pk
    alias.locale_id = locale.pk
    alias.draft_title = page.title
    alias.has_unpublished_changes = not page.live
    alias.county = page.county
    alias.sub_areas = list(page.sub_areas.all())  # the English sub-areas, as every record points at them
    _no_children(alias)
    return alias


def _insert_children(parent: Page, pages: list, label: str, stream, timings: Timings):
    """Append `pages` to `parent`'s children: base rows, then the best-practice rows, then the child count."""
    progress = Progress(label, len(pages), stream)
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    step = Page._str2int(last[-Page.steplen :]) if last else 0
    for page in pages:
        step += 1
        page.path = Page._get_path(parent.path, parent.depth + 1, step)
        page.depth = parent.depth + 1
        page.numchild = 0
        page.url_path = f"{parent.url_path}{page.slug}/"
    own_fields = BestPracticePage._meta.local_concrete_fields
    for start in range(0, len(pages), CHUNK):
        chunk = pages[start : start + CHUNK]
        # Page rows: bulk_create on the base model reads the base fields of these instances
        # and gives each its id back (RETURNING on SQLite and PostgreSQL).
        Page.objects.bulk_create(chunk)
        for page in chunk:
            page.page_ptr_id = page.id
        # Best-practice rows with the same ids. bulk_create refuses multi-table models, so this
        # is the insert it would run for them, in batches the database accepts.
        size = connection.ops.bulk_batch_size(own_fields, chunk) or len(chunk)
        for batch in range(0, len(chunk), size):
            BestPracticePage._base_manager._insert(chunk[batch : batch + size], fields=own_fields)
        for page in chunk:
            page._state.adding = False
            page._state.db = connection.alias
        progress(start + len(chunk))
    Page.objects.filter(pk=parent.pk).update(numchild=F("numchild") + len(pages))
    parent.numchild += len(pages)
    timings.add(label, len(pages), progress.close())


def _insert_sub_areas(pages: list):
    rows = [(page.pk, sub_area.pk) for page in pages for sub_area in page.sub_areas.all()]
    insert_pairs(BestPracticePage.sub_areas.through, rows)


def _insert_references(pages: list):
    """The reference index Wagtail keeps on save (the county and image a page uses), which
    the admin's usage counts and delete warnings read."""
    if not ReferenceIndex.is_indexed(BestPracticePage):
        return
    content_type = ContentType.objects.get_for_model(BestPracticePage)
    base_content_type = ContentType.objects.get_for_model(Page)
    rows, found = [], {}
    for page in pages:
        # An alias refers to what its source refers to: extract once per translation key.
        if page.translation_key not in found:
            found[page.translation_key] = set(ReferenceIndex._extract_references_from_object(page))
        for to_content_type_id, to_object_id, model_path, content_path in found[page.translation_key]:
            rows.append(
                ReferenceIndex(
                    content_type=content_type,
                    base_content_type=base_content_type,
                    object_id=str(page.pk),
                    to_content_type_id=to_content_type_id,
                    to_object_id=to_object_id,
                    model_path=model_path,
                    content_path=content_path,
                    content_path_hash=ReferenceIndex._get_content_path_hash(content_path),
                )
            )
    ReferenceIndex.objects.bulk_create(rows, batch_size=CHUNK * 5)


def _index(english: list, aliases: list, stream, timings: Timings):
    """Search index entries through each backend's bulk insert (what update_index does).

    An alias is indexed exactly like its English page (same fields, same sub-areas), so
    where a backend keeps its entries in a database table, the aliases' entries are
    copies of the English ones made by the database: extracting the text in Python is
    most of the cost of indexing.
    """
    progress = Progress("search index", len(english) + len(aliases), stream)
    for backend in get_search_backends(with_auto_update=True):
        entries = getattr(backend.get_index_for_model(BestPracticePage), "entries", None)
        copied = entries is not None and _is_entry_table(entries.model)
        pages = english if copied else english + aliases
        for start in range(0, len(pages), CHUNK):
            backend.add_bulk(BestPracticePage, pages[start : start + CHUNK])
            progress(start + min(CHUNK, len(pages) - start))
        if copied:
            for start in range(0, len(aliases), CHUNK // 2):
                _copy_entries(entries.model, aliases[start : start + CHUNK // 2])
                progress(len(english) + start + min(CHUNK // 2, len(aliases) - start))
    timings.add("search index", len(english) + len(aliases), progress.close())


def _is_entry_table(model) -> bool:
    names = {f.name for f in model._meta.concrete_fields}
    return {"content_type", "object_id", "title"} <= names


def _copy_entries(entry_model, aliases: list):
    """INSERT … SELECT: each alias gets a copy of its source page's index entry, with the
    alias's own language marker in place of its source's (LanguageMarked): as text on SQLite,
    as a word of the vector on PostgreSQL."""
    quote = connection.ops.quote_name
    columns = [f.column for f in entry_model._meta.concrete_fields if f.name not in ("id", "object_id")]
    marker_swap = {
        "sqlite": "replace(e.{column}, %s, %s)",
        "postgresql": "ts_delete(e.{column}, %s::text) || to_tsvector('simple', %s)",
    }.get(connection.vendor)
    copied = [
        marker_swap.format(column=quote(c)) if marker_swap and c == "autocomplete" else f"e.{quote(c)}" for c in columns
    ]
    page_table = quote(Page._meta.db_table)
    by_language = {}
    for alias in aliases:
        by_language.setdefault(language_of(alias.locale_id), []).append(alias.pk)
    source_marker = language_marker(default_language())
    content_type = ContentType.objects.get_for_model(BestPracticePage)
    for language, pks in by_language.items():
        sql = (
            f"INSERT INTO {quote(entry_model._meta.db_table)} ({', '.join(map(quote, columns))}, {quote('object_id')}) "  # noqa: S608
            f"SELECT {', '.join(copied)}, CAST(p.{quote('id')} AS TEXT) "
            f"FROM {quote(entry_model._meta.db_table)} e JOIN {page_table} p "
            f"ON e.{quote('object_id')} = CAST(p.{quote('alias_of_id')} AS TEXT) "
            f"WHERE e.{quote('content_type_id')} = %s AND p.{quote('id')} IN ({', '.join(['%s'] * len(pks))})"
        )
        replacements = [source_marker, language_marker(language)] if marker_swap else []
        with connection.cursor() as cursor:
            cursor.execute(sql, [*replacements, content_type.pk, *pks])


def add_visits(target: int, *, seed: int = 1, stream=None, timings: Timings | None = None) -> int:
    """Add synthetic visits (one per request) until there are `target`, at the generated
    and demo practices of each office's region; the number added."""
    missing = target - Visit.objects.count()
    if missing <= 0:
        return 0
    offices = list(in_default_language(OfficePage.objects.live()).prefetch_related("visit_slots"))
    if not offices:
        raise ScaleError("No offices: run `manage.py load_demo --if-empty` first.")
    catalogue = Catalogue.load()
    sub_areas_of = {}
    for practice_id, sub_area_id in BestPracticePage.sub_areas.through.objects.filter(
        bestpracticepage__in=catalogue.practices().live()
    ).values_list("bestpracticepage_id", "subareapage_id"):
        sub_areas_of.setdefault(practice_id, []).append(sub_area_id)
    by_region = {}
    for practice_id, region_id in catalogue.practices().live().values_list("pk", "county__region_id"):
        by_region.setdefault(region_id, []).append((practice_id, sub_areas_of.get(practice_id, [])))
    every = [site for sites in by_region.values() for site in sites]
    # A regional office shows its region's sites; the head office (no region) any.
    sites_by_office = {
        office.pk: by_region.get(office.region_id, []) if office.region_id else every for office in offices
    }
    progress = Progress("visits", missing, stream)
    generate_visits(missing, offices, seed=seed, sites_by_office=sites_by_office, progress=progress)
    timings = timings if timings is not None else Timings()
    timings.add("visits", missing, progress.close())
    _invalidate_page_cache()
    return missing


def _invalidate_page_cache():
    """After bulk inserts: they send no model signals, so the page cache is told here, and
    PostgreSQL's statistics still describe the tables before them. Without an ANALYZE its
    planner loops over thousands of rows it thinks are a handful (the listing's facet
    counts ran for minutes in the test suite)."""
    from django.db import connection

    from core.page_cache import invalidate

    invalidate()
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
