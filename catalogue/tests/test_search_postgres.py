"""How PostgreSQL runs a listing's search: through its language's own index, with the query
computed once even in a prepared statement's plan, and the vectors it ranks kept in each row."""

import importlib
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


def ranking_sql(listed, language, words, *, in_listing=True):
    """The statement that ranked `words` in `language`'s listing (or, not `in_listing`, among
    its pages without their keys or language), as sent (parameters inlined)."""
    from catalogue.search import ranked_matches

    pages, keys = listed[language]
    narrowed = {"members": lambda: keys, "language": language} if in_listing else {}
    with translation.override(language), CaptureQueriesContext(connection) as captured:
        assert len(ranked_matches(pages, words, **narrowed)) >= 2
    (sql,) = [statement["sql"] for statement in captured.captured_queries if "ts_rank" in statement["sql"]]
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
        # As autovacuum would have by now: new entries wait in each GIN index's pending list,
        # which every search of the index reads through, until they are merged into it.
        cursor.execute(
            "SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i"
            " JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam"
            " WHERE i.indrelid = 'wagtailsearch_indexentry'::regclass AND a.amname = 'gin'"
        )
        cursor.execute("ANALYZE wagtailsearch_indexentry")


def plan_of(sql):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.parametrize(("language", "index"), [("en", "joined_en"), ("sv", "joined_sv")])
def test_a_listings_search_runs_through_its_own_languages_index(listed, catalogue_entries, language, index):
    """Migration 0011: one index answers both conditions (the words, the language). With one
    index for each, a fresh ANALYZE led PostgreSQL to read every entry of the language and join
    each one's title and body to test the words: 80 ms a word at 10,000 practices."""
    sql = ranking_sql(listed, language, "ferries")
    assert f"@@ 'zzlang{language}'::tsquery)" in sql  # the partial index's own condition, as a constant
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
            cursor.execute(f"EXPLAIN (VERBOSE, FORMAT JSON) EXECUTE ranking({arguments})")
            (plan,) = cursor.fetchone()[0]
        finally:
            cursor.execute("DEALLOCATE ranking")
    outside = list(nodes_outside_init_plans(plan["Plan"]))
    assert "catalogue_search_entry_joined_en" in json.dumps(outside)
    assert "to_tsquery" in json.dumps(plan)
    assert "to_tsquery" not in json.dumps(outside)  # each query computed once, not for each entry


def nodes_outside_init_plans(node):
    """The plan's nodes (without their children) that run for each row, not once beforehand."""
    if node.get("Parent Relationship") == "InitPlan":
        return
    yield {key: value for key, value in node.items() if key != "Plans"}
    for child in node.get("Plans", ()):
        yield from nodes_outside_init_plans(child)


def test_a_search_outside_a_listing_runs_through_the_joined_vectors_index(listed, catalogue_entries):
    """Without a listing's keys and language (migration 0009): the words alone drive it."""
    sql = ranking_sql(listed, "en", "ferries", in_listing=False)
    assert "zzlang" not in sql
    assert "Bitmap Index Scan on catalogue_search_entry_joined " in plan_of(sql) + " "


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


def test_an_entrys_vectors_stay_in_its_row_and_the_migration_moves_them_there(listed):
    """Migration 0010: rows holding the raw texts beside the vectors pass 2 KB, and PostgreSQL
    moved the body's vector out to its TOAST table; ranking then read two or three more pages
    for each entry (20 of 25 ms for a word in half the catalogue at 10,000 practices)."""
    from django.apps import apps
    from wagtail.search.models import IndexEntry

    inline = importlib.import_module("catalogue.migrations.0010_search_vectors_inline")
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
        cursor.execute(
            "SELECT attname, attstorage FROM pg_attribute"
            " WHERE attrelid = 'wagtailsearch_indexentry'::regclass AND attname IN ('title', 'body')"
        )
        assert dict(cursor.fetchall()) == {"title": "m", "body": "m"}
    assert vector_size > 2000 and text_size > 2000  # together too wide for a row
    assert entry_buffers(entry.pk, "body") == entry_buffers(entry.pk, "title")

    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # the entry's checks, due before its table is altered
    with connection.schema_editor(atomic=False) as editor:
        inline.Migration.operations[0].reverse_code(apps, editor)  # as before the migration
    assert entry_buffers(entry.pk, "body") > entry_buffers(entry.pk, "title")  # read from TOAST
    with connection.schema_editor(atomic=False) as editor:
        inline.Migration.operations[0].code(apps, editor)
    assert entry_buffers(entry.pk, "body") == entry_buffers(entry.pk, "title")
