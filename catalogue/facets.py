"""Faceted filtering: parse GET parameters, filter, and count each facet's values.

Counts follow the usual disjunctive rule of faceted search: values of one facet are
OR-ed, facets are AND-ed, and the count shown beside a value is what the result would
be if that value were added, i.e. computed with every *other* facet's filter applied.

The database filters the results (`to_q`); the counts come from a `FacetIndex`: which of
the listing's pages have each value, as one bit set per value, read once (a query or two
per facet) and kept until content changes. Any search and any combination of ticked values is
then counted with a few bit operations, however large the catalogue: counting each facet
in the database cost a query per facet for every new word or combination, 20-40 ms at
10,000 practices.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import reduce
from operator import and_, itemgetter, or_
from urllib.parse import urlencode

from django.db.models import Q, QuerySet
from django.http import Http404, QueryDict
from django.utils.translation import gettext as _

from core.page_cache import remember

MAX_QUERY_LENGTH = 200


@dataclass
class FacetOption:
    value: str
    label: str
    count: int = 0
    selected: bool = False
    toggle_url: str = ""
    group: str = ""
    param: str = ""


@dataclass
class Facet:
    """One filter group. `options` are (value, label, group) tuples from the database;
    `to_q` turns the selected values into a filter; `values_of(pages)` gives the (pk,
    value) pairs of the pages that have a value, matching `to_q`: a page passes `to_q(values)`
    exactly when it has one of those values."""

    param: str
    label: str
    options: list[tuple[str, str, str]]
    to_q: Callable[[list[str]], Q]
    values_of: Callable[[QuerySet], Iterable[tuple[int, str]]]
    selected: list[str] = field(default_factory=list)
    rendered: list[FacetOption] = field(default_factory=list)
    # Other values an address may carry: {value: the options' values it stands for}.
    aliases: dict[str, list[str]] = field(default_factory=dict)

    @property
    def is_active(self):
        return bool(self.selected)


def clean_search_text(raw: str, messages: list[str]) -> str:
    # Control characters (NUL above all) can never be meant and break some backends.
    text = "".join(ch for ch in raw if ch.isprintable() or ch == " ").strip()
    if len(text) > MAX_QUERY_LENGTH:
        messages.append(_("The search text was shortened to %(limit)d characters.") % {"limit": MAX_QUERY_LENGTH})
        text = text[:MAX_QUERY_LENGTH].strip()
    return text


def parse_page_number(raw: str | None) -> int:
    if raw in (None, ""):
        return 1
    try:
        number = int(raw)
    except ValueError:
        raise Http404(_("“%(page)s” is not a page number.") % {"page": raw[:20]}) from None
    if number < 1:
        raise Http404(_("Page numbers start at 1."))
    return number


def select_values(facet: Facet, params: QueryDict, messages: list[str]) -> bool:
    """Keep the known values of a facet parameter; report the unknown ones (returns True if any)."""
    known = {value for value, _label, _group in facet.options}
    requested = [value for value in params.getlist(facet.param) if value != ""]
    meant = [alias for value in requested for alias in facet.aliases.get(value, [value])]
    facet.selected = [value for value in dict.fromkeys(meant) if value in known]
    unknown = [value for value in requested if value not in known and value not in facet.aliases]
    if unknown:
        messages.append(
            _("Unknown %(facet)s “%(values)s” was ignored.")
            % {"facet": facet.label.lower(), "values": ", ".join(value[:40] for value in unknown[:3])}
        )
    return bool(unknown)


def selection_key(facets: list[Facet]) -> str:
    """The selected values of every facet, in a fixed order: part of a cache key."""
    return "&".join(f"{facet.param}={','.join(sorted(facet.selected))}" for facet in facets)


class FacetIndex:
    """Which of a listing's pages have each value of each facet: one bit set per value, a
    page's bit at its place among the listing's primary keys. Small enough to keep (a bit
    per page and value) and quick to count with."""

    FORMAT = 2  # part of the key it is kept under; change it when the attributes or values change

    def __init__(self, facets: list[Facet], pages: QuerySet, pks: Iterable[int]):
        self.places = places = {pk: place for place, pk in enumerate(sorted(pks))}
        size = len(places) // 8 + 1
        self.masks = {}
        for facet in facets:
            bits: dict[str, bytearray] = {}
            # Once per page and value (60,000 times at 10,000 practices), hence the plain loop.
            for pk, value in facet.values_of(pages):
                place = places.get(pk)
                if place is not None:
                    row = bits.get(value)
                    if row is None:
                        row = bits[value] = bytearray(size)
                    row[place >> 3] |= 1 << (place & 7)
            self.masks[facet.param] = {value: int.from_bytes(row, "little") for value, row in bits.items()}

    def mask(self, pks: Iterable[int]) -> int:
        """The pages of `pks` among the listing's, as one bit set (others are left out)."""
        places = self.places
        pks = list(pks)
        try:
            found = itemgetter(*pks)(places) if len(pks) > 1 else [places[pk] for pk in pks]
        except KeyError:  # a key not listed (a draft, another listing's page)
            found = [places[pk] for pk in pks if pk in places]
        # A digit per page, the first page's last, read as one binary number: setting bits of
        # a bytearray one by one cost twice as much for a word matching 5,000 practices.
        digits = bytearray(b"0") * (len(places) or 1)
        for place in found:
            digits[place] = 49  # "1"
        return int(digits[::-1], 2)

    def _chosen(self, facets: list[Facet]) -> dict[str, int]:
        """{param: the pages with any of its ticked values} for every facet with one ticked."""
        chosen = {}
        for facet in facets:
            if facet.selected:
                masks = self.masks[facet.param]
                chosen[facet.param] = reduce(or_, (masks.get(value, 0) for value in facet.selected), 0)
        return chosen

    def only_selected(self, pks: Iterable[int], facets: list[Facet]) -> list[int]:
        """The keys of `pks`, in their order, whose pages every ticked facet lets through: what
        filtering by each facet's `to_q` gives, in memory."""
        chosen = self._chosen(facets)
        if not chosen:
            return list(pks)
        row = reduce(and_, chosen.values()).to_bytes(len(self.places) // 8 + 1, "little")
        places = self.places
        return [pk for pk in pks if (place := places.get(pk)) is not None and row[place >> 3] >> (place & 7) & 1]

    def counts(self, facets: list[Facet], keys: int) -> dict[str, dict[str, int]]:
        """{param: {value: count}} among the pages in `keys`, by the disjunctive rule."""
        chosen = self._chosen(facets)
        counts = {}
        for facet in facets:
            candidates = reduce(and_, (mask for param, mask in chosen.items() if param != facet.param), keys)
            counts[facet.param] = {
                value: (candidates & mask).bit_count() for value, mask in self.masks[facet.param].items()
            }
        return counts


def apply_facets(
    queryset: QuerySet,
    facets: list[Facet],
    params: QueryDict,
    base_path: str,
    *,
    index: Callable[[], FacetIndex],
    keys: Callable[[], Iterable[int] | None] = lambda: None,
    remember_as: str = "",
) -> QuerySet:
    """Filter by every facet, fill each facet's rendered options, return the filtered set.

    `queryset` is the part of the listing being faceted (all of it, or a search's
    matches); `keys()` may give its primary keys when the caller knows them without a
    query, and `index()` gives the listing's FacetIndex; both are asked only when the
    counts are not kept. With `remember_as` (a key naming the queryset and search), the
    counts are kept until content changes.
    """
    filters = {facet.param: facet.to_q(facet.selected) for facet in facets if facet.selected}
    # An address may carry a value by an alias (Facet.aliases): the options' links work on the
    # values it stands for, or removing a ticked value would leave its alias ticking it still.
    params = _with_aliases_resolved(params, facets)

    def count_all():
        facet_index = index()
        pks = keys()
        if pks is None:
            pks = queryset.order_by().values_list("pk", flat=True)
        return facet_index.counts(facets, facet_index.mask(pks))

    if remember_as:
        all_counts = remember(f"facet-counts:{remember_as}:{selection_key(facets)}", count_all)
    else:
        all_counts = count_all()
    for facet in facets:
        counts = all_counts[facet.param]
        facet.rendered = [
            FacetOption(
                value=value,
                label=label,
                group=group,
                param=facet.param,
                count=counts.get(value, 0),
                selected=value in facet.selected,
                toggle_url=toggle_url(base_path, params, facet.param, value),
            )
            for value, label, group in facet.options
        ]
    return queryset.filter(*filters.values())


def _with_aliases_resolved(params: QueryDict, facets: list[Facet]) -> QueryDict:
    aliased = [facet for facet in facets if any(value in facet.aliases for value in params.getlist(facet.param))]
    if not aliased:
        return params
    resolved = params.copy()
    for facet in aliased:
        resolved.setlist(facet.param, facet.selected)
    return resolved


def toggle_url(base_path: str, params: QueryDict, param: str, value: str) -> str:
    """The URL with `value` added to or removed from `param`, back on page 1."""
    query = params.copy()
    query.pop("page", None)
    values = query.getlist(param)
    query.setlist(param, [v for v in values if v != value] if value in values else [*values, value])
    return url_with(base_path, query)


def url_with(base_path: str, query: QueryDict | dict) -> str:
    pairs = query.lists() if isinstance(query, QueryDict) else query.items()
    flat = [(key, value) for key, values in pairs for value in (values if isinstance(values, list) else [values])]
    flat = [(key, value) for key, value in flat if value not in ("", None)]
    return f"{base_path}?{urlencode(flat)}" if flat else base_path
