"""How PostgreSQL runs a listing's search: through its language's own index, with the query
computed once even in a prepared statement's plan, and the vectors it ranks kept in each row."""

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from catalogue.tests.factories import create_best_practice, translate_page

pytestmark = [pytest.mark.django_db, pytest.mark.postgresql]


@pytest.fixture
def listed():
    """{language: (its pages, their keys)}, English pages and their Swedish aliases."""
    from wagtail.models import Locale

    from catalogue.models import BestPracticePage

    for title in ("Quiet ferries", "Electric ferries", "Ferry terminals", "Gas buses"):
        page = create_best_practice(title=title, summary=f"{title} across the bay.")
        translate_page(page, "sv", alias=True)
    listed = {}
    for language in ("en", "sv"):
        pages = BestPracticePage.objects.live().filter(locale=Locale.objects.get(language_code=language))
        listed[language] = pages, frozenset(pages.values_list("pk", flat=True))
    return listed


def ranking_sql(listed, language, query):
    """The statement that ranked `query` in `language`'s listing, as sent (parameters inlined)."""
    from catalogue.search import ranked_matches

    pages, keys = listed[language]
    with translation.override(language), CaptureQueriesContext(connection) as captured:
        assert len(ranked_matches(pages, query, members=lambda: keys, language=language)) >= 2
    (sql,) = [query["sql"] for query in captured.captured_queries if "ts_rank" in query["sql"]]
    return sql


@pytest.fixture
def catalogue_entries(listed):
    """Index entries of 6,000 practices in three languages, known to the planner: with the few
    of a test alone, PostgreSQL would rather read them all than use any index. They name no
    page: a listing's ranking leaves them out by its keys."""
    from django.contrib.contenttypes.models import ContentType

    from catalogue.models import BestPracticePage

    words = ["ferries", "bay", "harbour", "heat", "buses", "waste"]
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO wagtailsearch_indexentry"
            " (content_type_id, object_id, title_norm, autocomplete, title, body, title_text, body_text)"
            " SELECT %s, (1000000 + i)::text, 1.0,"
            "  to_tsvector('simple', 'zzlang' || (ARRAY['en', 'sv', 'zhhans'])[1 + i %% 3]),"
            "  to_tsvector('english', 'Practice ' || i),"
            "  to_tsvector('english', (%s::text[])[1 + i %% 6] || ' ' || (%s::text[])[1 + i %% 5] || ' city'),"
            "  '', ''"
            " FROM generate_series(1, 6000) AS i",
            [ContentType.objects.get_for_model(BestPracticePage).pk, words, words],
        )
        cursor.execute("ANALYZE wagtailsearch_indexentry")


def plan_of(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(("language", "index"), [("en", "joined_en"), ("sv", "joined_sv")])
def test_a_listings_search_runs_through_its_own_languages_index(listed, catalogue_entries, language, index):
    """Migration 0010: one index answers both conditions (the words, the language). With one
    index for each, a fresh ANALYZE led PostgreSQL to read every entry of the language and join
    each one's title and body to test the words: 80 ms a word at 10,000 practices."""
    sql = ranking_sql(listed, language, "ferries")
    assert f"@@ ('zzlang{language}'::tsquery)" in sql  # the partial index's own condition, as a constant
    assert f"Bitmap Index Scan on catalogue_search_entry_{index}" in plan_of(sql)


def test_a_prepared_search_computes_its_query_once_for_any_words(listed, catalogue_entries):
    """With prepared statements PostgreSQL soon plans the ranking once for any words: each
    `to_tsquery(config, $n)` was then computed again for every entry ranked (26 against 6 ms
    for a word in a third of the catalogue at 10,000 practices)."""
    from wagtail.search.backends import get_search_backend

    from catalogue.search import _postgres_ranking, _word_start_compilers

    backend = get_search_backend()
    compiler = _word_start_compilers()[type(backend)]
    pages, _keys = listed["en"]
    with translation.override("en"):
        sql, params = _postgres_ranking(pages, ["ferries", "bay"], compiler, backend, "en").query.sql_with_params()
    numbered = iter(range(1, len(params) + 1))
    prepared = re.sub(r"%s", lambda _match: f"${next(numbered)}", sql)
    arguments = connection.ops.compose_sql(", ".join(["%s"] * len(params)), params)
    with connection.cursor() as cursor:
        cursor.execute(f"PREPARE ranking AS {prepared}")
        try:
            cursor.execute("SET LOCAL plan_cache_mode = force_generic_plan")  # the plan for any words
            cursor.execute(f"EXPLAIN (FORMAT JSON) EXECUTE ranking({arguments})")
            (plan,) = cursor.fetchone()[0]
        finally:
            cursor.execute("DEALLOCATE ranking")
    plan = plan["Plan"]
    assert plan["Node Type"] == "Sort"
    assert "to_tsquery" not in json.dumps(plan["Sort Key"])  # the rank reads the query computed once
    computed_once = [part for part in plan["Plans"] if part.get("Subplan Name", "").startswith("InitPlan")]
    assert len(computed_once) == 5  # the match (both words), and each word for the title and the body
    assert "catalogue_search_entry_joined_en" in json.dumps(plan)


def entry_buffers(entry_id, column):
    """Pages read to rank one index entry's `column` (its row, and its TOAST table if it lies there)."""
    with connection.cursor() as cursor:
        cursor.execute(
            f"EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) SELECT ts_rank({column}, to_tsquery('simple', 'word'))"  # noqa: S608
            " FROM wagtailsearch_indexentry WHERE id = %s",
            [entry_id],
        )
        (plan,) = cursor.fetchone()[0]
    return plan["Plan"]["Shared Hit Blocks"] + plan["Plan"]["Shared Read Blocks"]


def test_an_entrys_vectors_stay_in_its_row(listed):
    """Migration 0011: rows holding the raw texts beside the vectors pass 2 KB, and PostgreSQL
    moved the body's vector out to its TOAST table; ranking then read two or three more pages
    for each entry (20 of 25 ms for a word in half the catalogue at 10,000 practices)."""
    from wagtail.search.models import IndexEntry

    # Several hundred different words: a body whose vector and text are both over 2 KB.
    words = " ".join(f"{a}{b}{c}word" for a in "bcdfghjk" for b in "aeiou" for c in "lmnprst")
    page = create_best_practice(title="A long practice", body=f"<p>{words}</p>")
    entry = IndexEntry.objects.get(object_id=str(page.pk), content_type__model="bestpracticepage")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(body), octet_length(body_text) FROM wagtailsearch_indexentry WHERE id = %s",
            [entry.pk],
        )
        vector_size, text_size = cursor.fetchone()
    assert vector_size > 2000 and text_size > 2000  # a row too wide for the page's limit on one
    assert entry_buffers(entry.pk, "body") == entry_buffers(entry.pk, "title")
