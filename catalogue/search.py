"""Full-text search through Wagtail's search backend (the database backend by default).

On the database backends every word of a query also finds the words it starts
("bio" finds "biogas") and its other forms ("recycle" finds "recycling"): SQLite's
index stems with the porter tokenizer (migration 0003), PostgreSQL stems the query
with its English configuration and matches the stem as a word start.
"""

import re
from functools import cache

from django.db import connection
from django.db.models import Case, IntegerField, QuerySet, Value, When
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.sqlite.utils import fts5_available
from wagtail.search.query import And, PlainText

# Enough for any human query; a search backend beyond this is asked for no more.
MAX_SEARCH_RESULTS = 5000

# Read as operators they would make a query match everything or nothing; as words they
# match almost every text. They are dropped, as PostgreSQL drops them as stop words.
OPERATOR_WORDS = {"and", "or", "not"}


def search_within(queryset: QuerySet, query: str, *, ordered: bool = False) -> QuerySet:
    """The pages of `queryset` matching every word of `query`.

    With `ordered`, a queryset of the pages sorted by relevance; without, a queryset of
    their primary keys (at most MAX_SEARCH_RESULTS, read in one query) to filter by.
    """
    terms = search_terms(query)
    if not terms:
        return queryset.none() if ordered else queryset.none().values("pk")
    results = _search(queryset, terms, ordered)
    if hasattr(results, "get_queryset"):
        matched = results.get_queryset()
        if ordered:
            return matched
        # Read the matches once. As a subquery, every facet count would run the full-text
        # match again, and PostgreSQL may plan that per row (minutes, not milliseconds).
        pks = list(matched.order_by().values_list("pk", flat=True)[:MAX_SEARCH_RESULTS])
    else:
        pks = [hit.pk for hit in results[:MAX_SEARCH_RESULTS]]
    if not ordered:
        return queryset.model.objects.filter(pk__in=pks).values("pk")
    rank = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(pks)], output_field=IntegerField())
    return queryset.filter(pk__in=pks).order_by(rank)


def _search(queryset: QuerySet, terms: list[str], ordered: bool):
    backend = get_search_backend()
    compiler = _word_start_compilers().get(type(backend))
    if compiler is None:  # a search engine: its analysers handle word forms
        return backend.search(" ".join(terms), queryset, operator="and", order_by_relevance=ordered)
    backend.query_compiler_class = compiler  # a fresh instance, only used here
    return backend.search(And([PlainText(term) for term in terms]), queryset, order_by_relevance=ordered)


@cache
def _word_start_compilers() -> dict:
    """{Wagtail database search backend: a query compiler taking every word as a word start}.

    Each word is its own PlainText (see _search), so each is "the last term" that the
    compilers can match as a prefix. Each backend's module only imports on its own
    database, hence the imports in here.
    """
    if connection.vendor == "postgresql":
        from wagtail.search.backends.database.postgres.postgres import (
            PostgresSearchBackend,
            PostgresSearchQueryCompiler,
        )

        class PostgresWordStartCompiler(PostgresSearchQueryCompiler):
            LAST_TERM_IS_PREFIX = True

            def get_config(self, backend):
                # The English stem ("recycl") starts the usual forms of a word, however the index was built.
                return backend.config or "english"

        return {PostgresSearchBackend: PostgresWordStartCompiler}
    if connection.vendor == "sqlite" and fts5_available():
        from wagtail.search.backends.database.sqlite.sqlite import SQLiteSearchBackend, SQLiteSearchQueryCompiler

        class SQLiteWordStartCompiler(SQLiteSearchQueryCompiler):
            LAST_TERM_IS_PREFIX = True

        return {SQLiteSearchBackend: SQLiteWordStartCompiler}
    return {}


def search_terms(query: str) -> list[str]:
    """The words of a query, without punctuation and operator words.

    The full-text tokenisers split on punctuation anyway, so nothing searchable is
    lost; what goes are characters some backends would read as syntax (SQLite FTS5
    fails on a stray double quote, for instance).
    """
    words = re.sub(r"[\W_]", " ", query).split()
    return [word for word in words if word.lower() not in OPERATOR_WORDS]
