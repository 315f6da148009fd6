"""Full-text search through Wagtail's search backend (the database backend by default).

On the database backends every word of a query also finds the words it starts
("bio" finds "biogas") and its other forms ("recycle" finds "recycling"): SQLite's
index stems with the porter tokenizer (migration 0003), PostgreSQL stems the query
with its English configuration and matches the stem as a word start.

On Swedish pages each word is cut to its Swedish stem first (Snowball's Swedish
stemmer) and matched as a word start, on both databases: "återvinningen" becomes
"återvinn", which starts "återvinning" and "återvinna".

Chinese is written without spaces, so a full-text index holds a whole phrase as one
"word" and finds nothing inside it. A run of Chinese characters in a query is
therefore matched as a substring of the title, summary and introduction (a LIKE scan
of the language's pages, a few milliseconds at 10,000 practices). Its limits: body
text is not searched, results are in the listing's order rather than by relevance,
and there is no word segmentation, so "智慧城市" does not find "智慧的城市".
"""

import logging
import re
from functools import cache, reduce
from operator import add, and_, or_

import snowballstemmer
from django.db import OperationalError, connection
from django.db.models import BooleanField, Count, F, FloatField, Func, IntegerField, Q, QuerySet, Value
from django.db.models.expressions import CombinedExpression, RawSQL
from django.db.models.functions import Cast
from wagtail.search.backends import get_search_backend
from wagtail.search.backends.database.sqlite.utils import fts5_available
from wagtail.search.query import And, PlainText

from catalogue.models.base import LANGUAGE_MARKER_PREFIX, LanguageMarked, language_marker
from core.queries import ids_as_subquery

logger = logging.getLogger(__name__)

# Enough for any human query; a search backend beyond this is asked for no more.
MAX_SEARCH_RESULTS = 5000

# Read as operators they would make a query match everything or nothing; as words they
# match almost every text. They are dropped, as PostgreSQL drops them as stop words.
OPERATOR_WORDS = {"and", "or", "not"}

# Runs of Han characters (CJK unified ideographs and extension A, compatibility ideographs).
HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Fields a Chinese phrase is looked for in, where the model has them.
SUBSTRING_FIELDS = ("title", "summary", "introduction", "description")
STEMMERS = {"sv": "swedish"}
# SQLite: how Django joins the full-text table to Wagtail's index entries, and the index
# (migration catalogue 0007) that holds the columns a ranking reads from them.
ENTRY_JOIN = 'INNER JOIN "wagtailsearch_indexentry" ON'
RANK_INDEX = "catalogue_search_entry_rank"
# Each listed page's language, as a word of its own in the autocomplete column of its index
# entry (`LanguageMarked`), so that a listing's search matches its own language's entries
# alone, on SQLite and PostgreSQL. Every language's copy of a page matches the same words:
# narrowed after the match, the copies cost most of a ranking (5.7 against 1.7 ms for a word
# at 10,000 practices).
MARKER_COLUMN = "autocomplete"
# bm25's weight for each column of the full-text table, in its order (migration catalogue 0003):
# the autocomplete column, where the marker matches every page of a language, counts for nothing.
RANK_WEIGHTS = (("autocomplete", 0.0), ("body", 1.0), ("title", 1.0))


def ranked_matches(queryset: QuerySet, query: str, *, members=None, language="") -> list | None:
    """Primary keys of the pages of `queryset` (and no others) matching every word of
    `query`, best first (at most MAX_SEARCH_RESULTS), read once; the caller loads only
    the pages it shows.

    `members()`, when given, returns the primary keys of `queryset` as a set the caller
    keeps: on SQLite the match is then narrowed to them in the query, as one parameter,
    rather than by a subquery that reads every page of `queryset` again (20 ms at 10,000
    practices, for any word). With `language` too (that of every page of `queryset`), the
    match itself is narrowed to that language's index entries (see MARKER_COLUMN).

    None when there is nothing to rank (only Chinese phrases, matched as substrings): the
    caller keeps its own order and filters with `matches_filter`.
    """
    phrases = HAN.findall(query)
    terms = search_terms(HAN.sub(" ", query))
    if not terms and not phrases:
        return []
    if not terms:
        return None
    ranked = _ranked_ids(queryset, _stemmed(terms), members, language)
    if phrases:
        allowed = set(queryset.filter(_contains_all(queryset.model, phrases)).values_list("pk", flat=True))
        ranked = [pk for pk in ranked if pk in allowed]
    return ranked


def matches_filter(queryset: QuerySet, query: str, ranked: list | None) -> Q:
    """A filter for the pages `ranked_matches` found (or, for Chinese phrases alone, the phrase match)."""
    if ranked is None:
        return _contains_all(queryset.model, HAN.findall(query))
    return Q(pk__in=ids_as_subquery(ranked))


def _contains_all(model, phrases) -> Q:
    fields = [name for name in SUBSTRING_FIELDS if any(f.name == name for f in model._meta.get_fields())]
    return reduce(and_, (reduce(or_, (Q(**{f"{name}__contains": phrase}) for name in fields)) for phrase in phrases))


def _stemmed(terms: list[str]) -> list[str]:
    """Words cut to their stem in the active language where we stem it ourselves (Swedish)."""
    from core.i18n import active_language

    algorithm = STEMMERS.get(active_language())
    if algorithm is None:
        return terms
    stemmer = snowballstemmer.stemmer(algorithm)
    # A stem shorter than three letters would match far too much as a word start.
    stems = stemmer.stemWords([term.lower() for term in terms])
    return [stem if len(stem) >= 3 else word for word, stem in zip(terms, stems, strict=True)]


def _ranked_ids(queryset: QuerySet, terms: list[str], members=None, language="") -> list:
    backend = get_search_backend()
    compiler = _word_start_compilers().get(type(backend))
    if compiler is None:  # a search engine: its analysers handle word forms
        hits = backend.search(" ".join(terms), queryset, operator="and", order_by_relevance=True)
        return [hit.pk for hit in hits[:MAX_SEARCH_RESULTS]]
    markable = members is not None and language and issubclass(queryset.model, LanguageMarked)
    marked_language = language if markable and _every_entry_marked() else ""
    if connection.vendor == "sqlite":
        return _sqlite_ranked_ids(queryset, terms, compiler, backend, members, marked_language)
    return _postgres_ranked_ids(queryset, terms, compiler, backend, members, marked_language)


def _sqlite_ranked_ids(
    queryset: QuerySet, terms: list[str], compiler_class, backend, members=None, marked_language=""
) -> list:
    """The FTS5 match and its rank in one query on the index table alone.

    Wagtail's SQLite backend joins the index to the page query and, to rank, runs the
    match again in a subquery per page; SQLite then walks the content-type index and
    tests the match row by row (13 s for "biogas" at 10,000 practices). Here the match
    drives (`content_type_id + 0` keeps SQLite off that index) and takes milliseconds;
    pages outside `queryset` (other languages, drafts) are left out in the same query.

    With `marked_language` (a language whose index entries all carry their marker) the match is
    narrowed to that language's entries, and the few others (drafts, private pages, other
    listings) are left out of the ranked keys by `members`.
    """
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry
    from modelsearch.utils import get_descendants_content_types_pks

    compiler = compiler_class(queryset, And([PlainText(term) for term in terms]))
    compiler.check()
    config = compiler.get_config(backend)
    search_query = compiler.build_search_query(normalize(compiler.query), config=config)
    if marked_language:
        match = _marked_match_class()(compiler.FTS_TABLE_FIELDS, search_query, language_marker(marked_language))
    else:
        match = MatchExpression(compiler.FTS_TABLE_FIELDS, search_query)
    rank = compiler._build_rank_expression(compiler.get_search_vectors(), config)
    content_types = get_descendants_content_types_pks(queryset.model)
    rows = (
        SQLiteFTSIndexEntry.objects.filter(match)
        .annotate(
            content_type_plus_zero=F("index_entry__content_type_id") + Value(0),
            object_pk=Cast("index_entry__object_id", IntegerField()),
            score=rank,
        )
        .filter(content_type_plus_zero__in=content_types)
        .order_by("score", "index_entry__object_id")
        .values_list("object_pk", flat=True)  # as a number from the database: 5,000 in Python cost 2 ms
    )
    if marked_language:
        return _kept(_through_rank_index(rows), members())
    # Narrowed before ranking: bm25 is most of the query's time, and every language's copy
    # of a page matches the same words (the others are dropped here, not ranked).
    allowed = queryset.values("pk") if members is None else ids_as_subquery(members())
    return _through_rank_index(rows.filter(object_pk__in=allowed)[:MAX_SEARCH_RESULTS])


def _postgres_ranked_ids(
    queryset: QuerySet, terms: list[str], compiler_class, backend, members=None, marked_language=""
) -> list:
    """The match and its rank in one query on the index entries alone, driven by GIN indexes.

    Wagtail's PostgreSQL backend joins the pages to their index entries and matches the title
    and body joined into one vector, which none of its indexes holds: PostgreSQL read and joined
    every entry's body (150-230 ms at 10,000 practices for any word, even one found twice).
    Migration catalogue 0009 indexes that joined vector; the match here is Wagtail's, on the
    entries alone, and so is the rank and its order (rank, then the newest page first).

    With `marked_language` the match is narrowed to that language's entries by their marker,
    as on SQLite, and runs through that language's own index (migration catalogue 0011); other
    entries of `queryset` are left out by `members`, or by a subquery.
    """
    rows = _postgres_ranking(queryset, terms, compiler_class, backend, marked_language)
    if members is not None:
        # Read by the cursor: thousands of keys through the queryset's iterator cost milliseconds.
        return _kept(_first_column(*rows.query.sql_with_params()), members())
    return list(rows.filter(page_key__in=queryset.values("pk"))[:MAX_SEARCH_RESULTS])


def _postgres_ranking(queryset: QuerySet, terms: list[str], compiler_class, backend, marked_language="") -> QuerySet:
    """The keys of the pages whose index entries match `terms`, best first (`_postgres_ranked_ids`)."""
    from django.contrib.postgres.search import SearchVectorField
    from modelsearch.utils import get_descendants_content_types_pks
    from wagtail.search.models import IndexEntry

    compiler = compiler_class(queryset, And([PlainText(term) for term in terms]))
    compiler.check()
    config = compiler.get_config(backend)
    # The vector Wagtail matches, as migrations catalogue 0009 and 0011 index it.
    joined = CombinedExpression(F("title"), "||", F("body"), output_field=SearchVectorField())
    search_query = _computed_once(compiler.build_tsquery(compiler.query, config=config))
    # Conditions that do not change with the words are constants in the statement, not
    # parameters. The language's marker is written as the condition of its partial index
    # (migration catalogue 0011), which the planner uses only for a query naming the same
    # expression. As a parameter, the content types were taken for a few by the plan made
    # once for any words (see `_computed_once`), which then read every entry of the type to
    # test its title and body.
    conditions = [
        _matches(joined, search_query),
        _among_constants("content_type_id", get_descendants_content_types_pks(queryset.model)),
    ]
    if marked_language:
        conditions.append(_marked(language_marker(marked_language)))
    entries = IndexEntry.objects.filter(*conditions)
    rank = compiler._build_rank_expression([(F("title"), F("title_norm")), (F("body"), 1.0)], config)
    return (
        entries.annotate(score=_computed_once(rank), page_key=Cast("object_id", IntegerField()))
        .order_by("-score", "-page_key")
        .values_list("page_key", flat=True)
    )


def _kept(keys, members) -> list:
    """`keys` in their order that are among `members`, at most MAX_SEARCH_RESULTS."""
    return list(filter(members.__contains__, keys))[:MAX_SEARCH_RESULTS]


def _matches(vector, search_query) -> Func:
    """`vector @@ search_query`, taking the query as it is (Django's lookup wraps any query it
    does not know in `plainto_tsquery`)."""
    return Func(vector, search_query, template="(%(expressions)s)", arg_joiner=" @@ ", output_field=BooleanField())


def _among_constants(column: str, keys) -> Func:
    """`column IN (keys)`, the keys (integers) written into the statement, not parameters. The
    column is named by Django, so it keeps its table's alias in a subquery."""
    keys = ", ".join(str(key) for key in sorted(map(int, keys)))
    return Func(F(column), template=f"(%(expressions)s IN ({keys}))", output_field=BooleanField())


def _marked(marker_query: str) -> Func:
    """PostgreSQL: the entry's autocomplete vector matches `marker_query` (a language's marker,
    or "zzlang:*" for any), a tsquery constant written into the statement: parsed once, and
    the same expression as the condition of the language's partial index (migration 0011)."""
    from django.contrib.postgres.search import SearchQueryField

    if not re.fullmatch(r"[a-z]+(:\*)?", marker_query):  # never what a visitor typed
        raise ValueError(f"A language marker is small letters only: {marker_query!r}")
    return _matches(F(MARKER_COLUMN), Func(template=f"'{marker_query}'::tsquery", output_field=SearchQueryField()))


def _computed_once(expression):
    """`expression` with each full-text query in it computed once per statement, as a subquery.

    Prepared statements (settings: DATABASE_PREPARED_STATEMENTS) take the words as a parameter,
    and PostgreSQL soon plans such a statement once for any words: `to_tsquery(config, $1)`
    is then computed again for each entry ranked, three times for a word: 26 ms for a word in a
    third of the catalogue at 10,000 practices, against 6 ms with the query computed once.

    The planner then cannot tell how many entries the words match, in any plan, and assumes
    few (half a percent): the language's own index (the plan for a listing) needs no more; an
    unmarked search, joined to its pages by a subquery, may loop over them where it would
    have hashed.
    """
    from django.contrib.postgres.search import CombinedSearchQuery, SearchQuery, SearchQueryField

    if isinstance(expression, (SearchQuery, CombinedSearchQuery)):
        return Func(expression, template="(SELECT %(expressions)s)", output_field=SearchQueryField())
    if not hasattr(expression, "get_source_expressions"):
        return expression
    expression = expression.copy()
    expression.set_source_expressions([_computed_once(part) for part in expression.get_source_expressions()])
    return expression


def _through_rank_index(rows: QuerySet) -> list:
    """The values of `rows`, with the index entries read through the covering index that
    migration 0007 adds. SQLite fetches a row by its key from the table unless told
    otherwise, and Django cannot say `INDEXED BY`, hence the insertion into its SQL."""
    sql, params = rows.query.sql_with_params()
    if sql.count(ENTRY_JOIN) == 1:  # otherwise the query has changed shape: run it as built
        hinted = sql.replace(ENTRY_JOIN, ENTRY_JOIN.replace(" ON", f' INDEXED BY "{RANK_INDEX}" ON'))
        try:
            return _first_column(hinted, params)
        except OperationalError as error:
            # SQLite refuses a hint naming a missing index. A later Wagtail migration that
            # rebuilds its table drops indexes Django does not know of: search slower, not broken.
            if "no such index" not in str(error):
                raise
            _report_missing_rank_index()
    return _first_column(sql, params)


@cache
def _marked_match_class():
    """A full-text match of the words in their columns, in the index entries carrying a
    language's marker (the class is made here: modelsearch's SQLite module imports only on SQLite)."""
    from modelsearch.backends.database.sqlite.query import MatchExpression

    class MarkedMatch(MatchExpression):
        def __init__(self, columns, query, marker):
            super().__init__(columns, query)
            self.marker = marker

        def as_sql(self, compiler, connection):
            template, (text,) = super().as_sql(compiler, connection)
            return template, [f"({text}) AND ({MARKER_COLUMN} : {self.marker})"]

    return MarkedMatch


def _every_entry_marked() -> bool:
    """Whether every search index entry of the language-marked page types carries a language
    marker, kept until content changes. Entries indexed before markers existed (until
    `update_index`, or migration catalogue 0008) would otherwise go unfound: while any lacks
    one, searches are narrowed to a language after the match, as before.

    A marker is written from its page's language, which never changes, so one on every
    entry is the right one: two counts (5 ms at 10,000 practices), not a join with the pages
    (25 ms). (Not so for a PostgreSQL database scaled by `scale_demo` before 4 December:
    its Swedish and Chinese copies carried the English marker. `update_index` mends them.)"""
    from core.page_cache import remember

    def count():
        from django.apps import apps
        from django.contrib.contenttypes.models import ContentType
        from wagtail.search.models import IndexEntry

        marked_models = [model for model in apps.get_models() if issubclass(model, LanguageMarked)]
        content_types = [ct.pk for ct in ContentType.objects.get_for_models(*marked_models).values()]
        entries = IndexEntry.objects.filter(content_type_id__in=content_types)
        if connection.vendor == "postgresql":
            # A constant, parsed once: `to_tsquery` of a prepared statement's parameter was parsed
            # for each entry (45 ms at 10,000 practices, against 23).
            marked = _marked(f"{LANGUAGE_MARKER_PREFIX}:*")
            counted = entries.aggregate(entries=Count("pk"), marked=Count("pk", filter=marked))
            entries, marked = counted["entries"], counted["marked"]
        else:
            from modelsearch.backends.database.sqlite.sqlite import SQLiteFTSIndexEntry

            table, fts = IndexEntry._meta.db_table, SQLiteFTSIndexEntry._meta.db_table
            in_types = ", ".join(["%s"] * len(content_types))
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT (SELECT count(*) FROM {table} WHERE content_type_id IN ({in_types})), "  # noqa: S608 (table names)
                    f"(SELECT count(*) FROM {fts} WHERE {fts} MATCH %s)",
                    [*content_types, f"{MARKER_COLUMN} : {LANGUAGE_MARKER_PREFIX}*"],
                )
                entries, marked = cursor.fetchone()
        if marked < entries:
            logger.warning(
                "%s of %s search index entries of best practices, companies and experts have no language "
                "marker: searches are slower until `manage.py update_index` has run",
                entries - marked,
                entries,
            )
        return marked >= entries

    return remember("search-language-markers-complete", count)


@cache
def _report_missing_rank_index():
    """Once per process: searches still work, but more slowly, until the index is made again."""
    logger.warning(
        "The search index %s is missing (a migration may have rebuilt Wagtail's search table): searches "
        'run without it, more slowly. Make it again with: CREATE INDEX "%s" ON "wagtailsearch_indexentry" '
        "(id, content_type_id, object_id, title_norm)",
        RANK_INDEX,
        RANK_INDEX,
    )


def _first_column(sql, params) -> list:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


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
                # Other languages arrive stemmed (see _stemmed) or are not stemmed: "simple" keeps them as they are.
                from core.i18n import active_language

                return backend.config or ("english" if active_language() == "en" else "simple")

        return {PostgresSearchBackend: PostgresWordStartCompiler}
    if connection.vendor == "sqlite" and fts5_available():
        from wagtail.search.backends.database.sqlite.sqlite import (
            SQLiteFTSIndexEntry,
            SQLiteSearchBackend,
            SQLiteSearchQueryCompiler,
        )

        class SQLiteWordStartCompiler(SQLiteSearchQueryCompiler):
            LAST_TERM_IS_PREFIX = True

            def _build_rank_expression(self, vectors, config):
                # Wagtail ranks each vector (title, body) with the same bm25 of the whole row
                # and adds the boosted ranks up, so SQLite computes bm25 once per vector. One
                # rank times the sum of the boosts is the same number, at half the cost.
                # bm25() scores the row for every word of the query at once: Wagtail's product
                # of (1 + bm25) per word would put the strongest matches of several words
                # (bm25 below -1) last.
                boosts = reduce(
                    add, (boost if hasattr(boost, "resolve_expression") else Value(boost) for _v, boost in vectors)
                )
                weights = ", ".join(str(weight) for _column, weight in RANK_WEIGHTS)
                bm25 = RawSQL(f"bm25({SQLiteFTSIndexEntry._meta.db_table}, {weights})", (), output_field=FloatField())  # noqa: S611 (constants)
                return bm25 * boosts

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
