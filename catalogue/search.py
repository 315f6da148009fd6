"""Full-text search through Wagtail's search backend (the database backend by default)."""

import re

from django.db.models import Case, IntegerField, QuerySet, Value, When

# Enough for any human query; a search backend beyond this is asked for no more.
MAX_SEARCH_RESULTS = 5000


def search_within(queryset: QuerySet, query: str, *, ordered: bool = False) -> QuerySet:
    """The pages of `queryset` matching `query`.

    With `ordered`, a queryset of the pages sorted by relevance; without, a queryset of
    their primary keys, to use as a subquery. Database backends give us their SQL
    queryset, so everything stays in one statement; other backends (Elasticsearch,
    OpenSearch) return a bounded list of hits that is turned back into a queryset.
    """
    terms = search_terms(query)
    if not terms:
        return queryset.none() if ordered else queryset.none().values("pk")
    results = queryset.search(terms, operator="and", order_by_relevance=ordered)
    if hasattr(results, "get_queryset"):
        matched = results.get_queryset()
        return matched if ordered else matched.order_by().values("pk")
    pks = [hit.pk for hit in results[:MAX_SEARCH_RESULTS]]
    if not ordered:
        return queryset.model.objects.filter(pk__in=pks).values("pk")
    rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(pks)], output_field=IntegerField())
    return queryset.filter(pk__in=pks).order_by(rank)


def search_terms(query: str) -> str:
    """The words of a query, without punctuation.

    The full-text tokenisers split on punctuation anyway, so nothing searchable is
    lost; what goes are characters some backends would read as syntax (SQLite FTS5
    fails on a stray double quote, for instance).
    """
    return " ".join(re.sub(r"[^\w\s]", " ", query).split())
