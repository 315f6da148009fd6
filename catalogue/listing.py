"""The public listings: best practices, and companies & experts, with search and facets."""

import weakref
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, reduce
from operator import or_

from django.core.paginator import Paginator
from django.db import connection
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from catalogue.facets import (
    Facet,
    FacetIndex,
    apply_facets,
    clean_search_text,
    parse_page_number,
    select_values,
    selection_key,
    url_with,
)
from catalogue.models import BestPracticePage, CompanyPage, ExpertPage, FocusAreaPage, SubAreaPage
from catalogue.models.areas import filter_values, focus_area_slugs
from catalogue.results import LazyPages
from catalogue.search import matches_filter, ranked_matches
from core.i18n import in_default_language, language_of, localized_titles
from core.page_cache import remember
from core.pages import public
from core.queries import ids_as_subquery
from offices.models import OfficePage, Region

PAGE_SIZE = 12
MAP_POINT_LIMIT = 2000
# Part of the key the listing's map is kept under: change it when what is kept changes, so
# that during a release no server reads what the other release kept there.
MAP_FORMAT = 2


def _focus_areas():
    rows = list(
        in_default_language(FocusAreaPage.objects.live()).order_by("path").values_list("id", "slug", "title", "path")
    )
    titles = localized_titles(FocusAreaPage, [row[0] for row in rows])
    return [(slug, titles.get(pk, title), path) for pk, slug, title, path in rows]


def _sub_areas(focus_areas):
    """Sub-areas (key, filter value, title, title of their focus area, value with its focus
    area's slug), in tree order."""
    focus_titles = {path: title for _slug, title, path in focus_areas}
    rows = list(
        in_default_language(SubAreaPage.objects.live())
        .order_by("path")
        .values_list("id", "slug", "title", "path", "translation_key")
    )
    titles = localized_titles(SubAreaPage, [row[0] for row in rows])
    focus_slugs = focus_area_slugs()  # live or not, as filter_values qualifies values
    # The values each sub-area page links to (`sub_area_filter_values`), from the rows at hand.
    values = filter_values([(key, slug, path) for _pk, slug, _title, path, key in rows], lambda: focus_slugs)
    return [
        (
            pk,
            values[key],
            titles.get(pk, title),
            focus_titles.get(path[: -SubAreaPage.steplen], ""),
            f"{focus_slugs.get(path[: -SubAreaPage.steplen], '')}/{slug}",
        )
        for pk, slug, title, path, key in rows
    ]


def _regions():
    offices = in_default_language(OfficePage.objects.filter(region=OuterRef("pk")))
    return list(
        Region.objects.order_by("name")
        .annotate(city=Subquery(offices.values("city")[:1]))
        .values_list("slug", "name", "city")
    )


def _filter_options():
    """(focus areas, sub-areas, regions) for the facets: kept until content changes (per language)."""

    def read():
        focus_areas = _focus_areas()
        return focus_areas, _sub_areas(focus_areas), _regions()

    # 3: sub-area values may name their focus area, and each sub-area carries its qualified value.
    return remember("listing-filter-options:3", read)


def _m2m_facets(model, related_name: str, focus_areas, sub_areas) -> list[Facet]:
    """Focus-area and sub-area facets over a many-to-many `sub_areas` relation."""
    through = getattr(model, related_name).through
    owner = f"{model._meta.model_name}_id"
    sub_area_ids = {value: pk for pk, value, _title, _group, _qualified in sub_areas}  # unique (filter_values)
    slug_of = {pk: value for value, pk in sub_area_ids.items()}
    # Addresses made before or while two focus areas shared a slug keep working: the bare slug
    # (the first sub-area's value until the second came) shows both, and "energy/planning"
    # (the value while they shared it) shows its sub-area once the other is gone.
    aliases = defaultdict(list)
    for _pk, value, _title, _group, qualified in sub_areas:
        if "/" in value:
            aliases[value.split("/", 1)[1]].append(value)
        elif not qualified.startswith("/") and qualified not in sub_area_ids:
            aliases[qualified].append(value)
    focus_paths = {slug: path for slug, _title, path in focus_areas}
    slug_by_path = {path: slug for slug, path in focus_paths.items()}
    path_length = len(next(iter(focus_paths.values()), ""))

    def focus_q(values):
        paths = reduce(or_, (Q(subareapage__path__startswith=focus_paths[v]) for v in values))
        return Q(pk__in=through.objects.filter(paths).values(owner))

    @_read_once
    def linked(pages):  # (page, sub-area) pairs of the pages, from the link table alone, for both facets
        return through.objects.filter(**{f"{owner}__in": pages.values("pk")}).values_list(owner, "subareapage_id")

    def focus_values(pages):
        focus_of = {}  # every sub-area under a focus area, published or not, as focus_q counts them
        for pk, path in SubAreaPage.objects.values_list("pk", "path"):
            if path[:path_length] in slug_by_path:
                focus_of[pk] = slug_by_path[path[:path_length]]
        return ((page, focus_of[sub_area]) for page, sub_area in linked(pages) if sub_area in focus_of)

    def sub_area_q(values):
        return Q(pk__in=through.objects.filter(subareapage_id__in=[sub_area_ids[v] for v in values]).values(owner))

    def sub_area_values(pages):
        return ((page, slug_of[sub_area]) for page, sub_area in linked(pages) if sub_area in slug_of)

    return [
        Facet("focus_area", _("Focus area"), [(s, t, "") for s, t, _p in focus_areas], focus_q, focus_values),
        Facet(
            "sub_area",
            _("Sub-area"),
            [(s, t, g) for _pk, s, t, g, _q in sub_areas],
            sub_area_q,
            sub_area_values,
            aliases=dict(aliases),
        ),
    ]


def _region_facet(regions, county_field: str, columns: "PageColumns | None" = None) -> Facet:
    region = f"{county_field}__region__slug"
    columns = columns or PageColumns(region)

    def values_of(pages):
        return ((pk, slug) for pk, slug in columns.values(pages, region) if slug is not None)

    options = [(slug, f"{name} ({city})" if city else name, "") for slug, name, city in regions]
    return Facet(
        "region",
        _("Region and office"),
        options,
        lambda values: Q(**{f"{region}__in": values}),
        values_of,
    )


def _flag_facet(param: str, label: str, field_name: str, option_label: str, columns: "PageColumns") -> Facet:
    def values_of(pages):
        return ((pk, "1") for pk, flag in columns.values(pages, field_name) if flag)

    return Facet(param, label, [("1", option_label, "")], lambda values: Q(**{field_name: True}), values_of)


def _read_once(read):
    """`read(pages)` as a list, read once for the same `pages`: the facets of one listing are
    indexed together, and several read the same rows (60,000 of them at 10,000 practices).
    Held only while `pages` is: the index is built from a queryset made for the build."""
    rows = weakref.WeakKeyDictionary()

    def read_once(pages):
        if pages not in rows:
            rows[pages] = list(read(pages))
        return rows[pages]

    return read_once


class PageColumns:
    """Columns of the pages themselves that several facets read (region, visit formats): one
    query for them all when the facet index is built."""

    def __init__(self, *names):
        self.names = ("pk", *names)
        self._rows = _read_once(lambda pages: pages.order_by().values_list(*self.names))

    def values(self, pages, name):
        """(key, value of `name`) of every page."""
        place = self.names.index(name)
        return ((row[0], row[place]) for row in self._rows(pages))


class KeyedPages:
    """Pages in the order of a list of primary keys; slicing loads only that slice's pages."""

    def __init__(self, ids: list, queryset):
        self.ids, self.queryset = ids, queryset

    def count(self):
        return len(self.ids)

    def __len__(self):
        return self.count()

    def __getitem__(self, index):
        return LazyPages(self.ids[index], self._load)

    def _load(self, ids):
        return self.queryset.in_bulk(ids)


def _narrowed(facets) -> bool:
    return any(facet.selected for facet in facets)


class ListingPages:
    """A listing's own pages (`base`: live, public, under its index page): their keys and
    their facet index, kept until content changes and read at most once per request."""

    def __init__(self, base, memo: str, locale_id: int | None = None):
        self.base, self.memo, self.locale_id = base, memo, locale_id
        self._facet_index = None

    @cached_property
    def language(self) -> str:
        """The language of every page listed (for the search), or "" when not known."""
        return language_of(self.locale_id) if self.locale_id else ""

    @cached_property
    def members(self) -> frozenset:
        return remember(
            f"members:{self.memo}",
            lambda: frozenset(self.base.order_by().values_list("pk", flat=True)),
            in_process=True,
        )

    def facet_index(self, facets) -> FacetIndex:
        """Read at most once per request: the counts and the results both use it."""
        if self._facet_index is None:
            self._facet_index = self._kept_facet_index(facets)
        return self._facet_index

    def _kept_facet_index(self, facets) -> FacetIndex:
        def build():
            pages = self.base
            if connection.vendor == "sqlite":
                # Each facet reads its values for these pages: by their keys, SQLite skips
                # finding them again among every page of the site (a fifth of the build).
                pages = self.base.model.objects.filter(pk__in=ids_as_subquery(self.members))
            return FacetIndex(facets, pages, self.members)

        # The format in the key: during a rolling release old and new app servers share the
        # store, and an index pickled by the other release must not be read as this one's.
        return remember(f"facet-index:{FacetIndex.FORMAT}:{self.memo}", build, in_process=True)

    def display_order(self, ordering) -> tuple[int, ...]:
        """Every page's key in `ordering`, kept until content changes: a page of results is cut
        from it in memory rather than sorted by the database for every combination of ticked
        values (20-30 ms at 10,000 practices)."""

        def read():
            return tuple(self.base.order_by(*ordering).values_list("pk", flat=True))

        return remember(f"order:{self.memo}:{','.join(ordering)}", read, in_process=True)

    def results(self, query, facets, params, path, ordering) -> tuple[QuerySet, Sequence[int]]:
        """(the matching pages filtered by the ticked values, as a queryset for the map; their
        keys in display order) for the search box's text, with every facet's options counted.

        The keys come from memory: the search's ranking (best first) or the listing's kept
        order, less what a ticked value leaves out by the facet index, which filters exactly
        as each facet's `to_q` does. So a new combination of values costs no query.
        """
        memo = f"{self.memo}:{query}"
        matching, ranked = _search(self, query, memo)
        filtered = apply_facets(
            matching,
            facets,
            params,
            path,
            index=lambda: self.facet_index(facets),
            keys=lambda: self.facet_keys(query, ranked),
            remember_as=memo,
        )
        if query and ranked is None:  # Chinese phrases alone: matched by the database, unranked
            found = set(filtered.order_by().values_list("pk", flat=True))
            return filtered, [pk for pk in self.display_order(ordering) if pk in found]
        keys = ranked if ranked is not None else self.display_order(ordering)
        if not _narrowed(facets):
            return filtered, keys
        # Kept like the counts: picking them out of 10,000 keys (and reading the facet index
        # to do it) was a third of a filtered listing's time at 10,000 practices.
        return filtered, remember(
            f"selected:{memo}:{','.join(ordering)}:{selection_key(facets)}",
            lambda: self.facet_index(facets).only_selected(keys, facets),
        )

    def facet_keys(self, query, ranked):
        """The keys the facets count among: the search's matches, or every page without one."""
        if ranked is not None:
            return ranked
        return None if query else self.members


def _search(pages: ListingPages, query, memo):
    """(the matching pages, their primary keys best first or None) for the search box's text.

    The matches are narrowed to the listing's own pages once, in the search, and later
    queries (the count and the results when values are ticked) filter on those keys alone:
    repeating the listing's conditions inside each of them left PostgreSQL, before it has
    statistics, looping for minutes. The facets count among the keys in memory. The ranked
    keys are kept like the facet counts, until content changes: a word in a third of the
    catalogue costs 20-25 ms to rank at 10,000 practices, and each filter a visitor then
    ticks asks for the same ranking again.
    """
    base = pages.base
    if not query:
        return base, None
    ranked = remember(
        f"ranked:{memo}",
        lambda: ranked_matches(base, query, members=lambda: pages.members, language=pages.language),
    )
    if ranked is None:
        return base.filter(matches_filter(base, query, ranked)), None
    return base.model.objects.filter(matches_filter(base, query, ranked)), ranked


@dataclass
class Listing:
    """What the listing templates render."""

    base_path: str
    query: str
    facets: list[Facet]
    page: object
    total: int
    messages: list[str] = field(default_factory=list)
    params: object = None
    # Unknown filter values: the page still renders (with a message) but answers 400.
    bad_input: bool = False

    @property
    def active_filters(self):
        return [option for facet in self.facets for option in facet.rendered if option.selected]

    @property
    def has_filters(self):
        return bool(self.query or self.active_filters)

    @property
    def status_code(self):
        return 400 if self.bad_input else 200

    @property
    def kept_params(self):
        """(name, value) pairs that are neither search nor filters, for the forms to carry along."""
        return []

    def page_url(self, number):
        query = self.params.copy()
        query["page"] = str(number)
        if number == 1:
            query.pop("page")
        return url_with(self.base_path, query)

    @property
    def previous_page_url(self):
        return self.page_url(self.page.previous_page_number()) if self.page.has_previous() else ""

    @property
    def next_page_url(self):
        return self.page_url(self.page.next_page_number()) if self.page.has_next() else ""

    def url_without_query(self):
        query = self.params.copy()
        query.pop("q", None)
        query.pop("page", None)
        return url_with(self.base_path, query)


def _map_html(filtered, listing_url: str, query: str, facets) -> str:
    """The map of the pages `filtered` lets through, kept for every address with the same
    search and filters: its link to the list view carries those alone, never another
    parameter of the address it was first drawn for."""
    points, truncated = filtered.map_points(listing_url, MAP_POINT_LIMIT)
    list_url = url_with(listing_url, {"q": query, **{facet.param: sorted(facet.selected) for facet in facets}})
    return render_to_string(
        "catalogue/includes/listing_map.html", {"points": points, "truncated": truncated, "list_url": list_url}
    )


def _paginate(pages, number: int):
    paginator = Paginator(pages, PAGE_SIZE)
    if number > max(paginator.num_pages, 1):
        raise Http404(
            _("There is no page %(page)d; the results have %(pages)d.") % {"page": number, "pages": paginator.num_pages}
        )
    return paginator.page(number)


@dataclass
class BestPracticeListing(Listing):
    view: str = "list"
    map_html: str = ""

    @classmethod
    def from_request(cls, request, index_page):
        params = request.GET
        messages: list[str] = []
        page_number = parse_page_number(params.get("page"))
        query = clean_search_text(params.get("q", ""), messages)
        view = "map" if params.get("view") == "map" else "list"

        focus_areas, sub_areas, regions = _filter_options()
        columns = PageColumns("county__region__slug", "visitable_on_site", "visitable_digitally")
        facets = [
            *_m2m_facets(BestPracticePage, "sub_areas", focus_areas, sub_areas),
            _region_facet(regions, "county", columns),
            _flag_facet("on_site", _("Visit format"), "visitable_on_site", _("Can be visited on site"), columns),
            _flag_facet("digital", _("Digital visit"), "visitable_digitally", _("Can be visited digitally"), columns),
        ]
        unknown = [select_values(facet, params, messages) for facet in facets]  # every facet, no short cut
        bad_input = any(unknown)

        base = public(BestPracticePage.objects.live()).child_of(index_page)
        pages = ListingPages(base, f"best-practices:{index_page.pk}", index_page.locale_id)
        filtered, keys = pages.results(query, facets, params, request.path, ("-featured", "title"))
        listing = cls(
            base_path=request.path,
            query=query,
            facets=facets,
            page=_paginate(KeyedPages(keys, BestPracticePage.objects.for_cards()), page_number),
            total=len(keys),
            messages=messages,
            params=params,
            view=view,
            bad_input=bad_input,
        )
        if view == "map":
            # Kept as HTML like the facet counts: at 10,000 practices its 2,000 points took 25 ms
            # to read and 16 to write, and every page number and address of the same search
            # and filters shows the same map.
            listing.map_html = mark_safe(  # noqa: S308 (rendered by the template, escaped there)
                remember(
                    f"listing-map-html:{MAP_FORMAT}:{request.get_host()}:{pages.memo}:{query}:{selection_key(facets)}",
                    lambda: _map_html(filtered, index_page.get_url(request), query, facets),
                )
            )
        return listing

    def _view_url(self, view):
        query = self.params.copy()
        query.pop("page", None)
        query.pop("view", None)
        if view == "map":
            query["view"] = "map"
        return url_with(self.base_path, query)

    @property
    def kept_params(self):
        return [("view", "map")] if self.view == "map" else []

    @property
    def list_view_url(self):
        return self._view_url("list")

    @property
    def map_view_url(self):
        return self._view_url("map")


@dataclass
class DirectoryListing(Listing):
    kind: str = "companies"

    @classmethod
    def from_request(cls, request, index_page):
        params = request.GET
        messages: list[str] = []
        page_number = parse_page_number(params.get("page"))
        query = clean_search_text(params.get("q", ""), messages)
        kind = params.get("kind", "companies")
        bad_input = kind not in ("companies", "experts")
        if bad_input:
            messages.append(_("Unknown kind “%(kind)s”; showing companies.") % {"kind": kind[:40]})
            kind = "companies"
        model = CompanyPage if kind == "companies" else ExpertPage

        focus_areas, sub_areas, regions = _filter_options()
        facets = [*_m2m_facets(model, "sub_areas", focus_areas, sub_areas), _region_facet(regions, "county")]
        unknown = [select_values(facet, params, messages) for facet in facets]  # every facet, no short cut
        bad_input = any(unknown) or bad_input

        base = public(model.objects.live()).child_of(index_page)
        _filtered, keys = ListingPages(base, f"{kind}:{index_page.pk}", index_page.locale_id).results(
            query, facets, params, request.path, ("title",)
        )
        related = ["county__region"] + (["company"] if model is ExpertPage else [])
        return cls(
            base_path=request.path,
            query=query,
            facets=facets,
            page=_paginate(KeyedPages(keys, model.objects.select_related(*related)), page_number),
            total=len(keys),
            messages=messages,
            params=params,
            kind=kind,
            bad_input=bad_input,
        )

    def _kind_url(self, kind):
        query = self.params.copy()
        for param in ("page", "kind"):
            query.pop(param, None)
        if kind != "companies":
            query["kind"] = kind
        return url_with(self.base_path, query)

    @property
    def kept_params(self):
        return [("kind", self.kind)] if self.kind != "companies" else []

    @property
    def companies_url(self):
        return self._kind_url("companies")

    @property
    def experts_url(self):
        return self._kind_url("experts")
