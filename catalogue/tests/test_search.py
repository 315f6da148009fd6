"""Search through the listings: word forms, word starts, odd input; on SQLite and PostgreSQL."""

import re

import pytest

from catalogue.tests.factories import create_best_practice, create_company, create_sub_area, translate_page

pytestmark = pytest.mark.django_db

URL = "/best-practices/"


@pytest.fixture
def practices():
    sub_area = create_sub_area(title="Circular economy", slug="circular-economy")
    return [
        create_best_practice(
            [sub_area], title="Plastic loop in Borås", summary="Household plastic goes to recycling and back to shops."
        ),
        create_best_practice([sub_area], title="Energy from refuse", summary="The waste of a city heats its homes."),
        create_best_practice([sub_area], title="Gas buses in Malmö", summary="Buses running on biogas."),
        create_best_practice([sub_area], title="Quiet ferries", summary="Electric ferries cross the bay and the lake."),
    ]


def titles(response):
    assert response.status_code == 200
    return set(re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode()))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("recycle", {"Plastic loop in Borås"}),
        ("recycled plastics", {"Plastic loop in Borås"}),
        ("wastes", {"Energy from refuse"}),
        ("bio", {"Gas buses in Malmö"}),
        ("buses bio", {"Gas buses in Malmö"}),
        ("ferr", {"Quiet ferries"}),
    ],
)
def test_search_finds_other_word_forms_and_word_starts(client, practices, query, expected):
    assert titles(client.get(URL, {"q": query})) == expected


@pytest.mark.parametrize("query", ["AND", "and", "OR", "NOT", "AND OR NOT"])
def test_operator_words_alone_match_nothing(client, practices, query):
    response = client.get(URL, {"q": query})
    assert titles(response) == set()
    assert "0 best practices" in response.content.decode()


def test_operator_words_do_not_widen_a_search(client, practices):
    assert titles(client.get(URL, {"q": "buses OR ferries"})) == set()
    assert titles(client.get(URL, {"q": "biogas AND buses"})) == {"Gas buses in Malmö"}
    assert titles(client.get(URL, {"q": "NOT biogas"})) == {"Gas buses in Malmö"}


def test_directory_search_finds_word_starts_and_forms(client):
    create_company(title="Nordic Recyclers AB", description="Recycles glass.")
    create_company(title="Sun Power AB", description="Solar panels.")
    html = client.get("/companies-and-experts/", {"q": "recycling"}).content.decode()
    assert "Nordic Recyclers AB" in html and "Sun Power AB" not in html
    html = client.get("/companies-and-experts/", {"q": "sol"}).content.decode()
    assert "Sun Power AB" in html and "Nordic Recyclers AB" not in html


@pytest.mark.parametrize(
    "query",
    [
        '"',
        "'",
        "%",
        "\\",
        "biogas\"'%\\",
        "😀",
        "biogas 😀",
        "' OR 1=1 --",
        "'; DROP TABLE wagtailcore_page; --",
        "<script>alert(1)</script>",
        "AND OR NOT NEAR",
        "NEAR(gas, ferries)",
        "bio*",
        "biogas*",
        "-biogas",
        "^biogas",
        "summary:gas",
        "___",
        "foo_bar",
        "2030",
        "the",
        "a" * 5000,
        "\x00\x01",
        "   ",
        "ä ö å é ß",
        "biogas & | ! : *",
    ],
)
def test_odd_search_strings_never_fail(client, practices, query):
    response = client.get(URL, {"q": query})
    # A NUL byte is refused before the search sees it (core/input_guard.py).
    assert response.status_code == (400 if "\x00" in query else 200)
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    if "biogas" in query:
        assert "Gas buses in Malmö" in titles(response)


def rankings(captured):
    """The full-text queries that rank (not the check of the index's language markers)."""
    queries = [query["sql"] for query in captured.captured_queries]
    return [sql for sql in queries if " MATCH " in sql and "bm25(" in sql]


def test_the_full_text_match_drives_the_search_on_sqlite(client, practices):
    """At 10,000 practices SQLite walked the content-type index and tested the match row by
    row (13 s for one word). The match must come first in every plan that uses it."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        assert titles(client.get(URL, {"q": "bio"})) == {"Gas buses in Malmö"}
    matching = rankings(captured)
    assert bool(matching) == (connection.vendor == "sqlite")  # PostgreSQL plans its GIN index itself
    with connection.cursor() as cursor:
        for sql in matching:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            plan = " | ".join(row[-1] for row in cursor.fetchall())
            assert "content_type_id" not in plan, plan


def test_a_ranking_reads_index_entries_through_their_covering_index_on_sqlite(client, practices):
    """The index entries hold whole page texts: read row by row from the table, the few
    columns a ranking needs cost more than the ranking (14 of 30 ms at 10,000 practices)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for params in ({"q": "ferries"}, {"q": "gas buses"}):
        with CaptureQueriesContext(connection) as captured:
            assert titles(client.get(URL, params))
        matching = rankings(captured)
        assert len(matching) == (1 if connection.vendor == "sqlite" else 0)
        with connection.cursor() as cursor:
            for sql in matching:
                cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
                plan = " | ".join(row[-1] for row in cursor.fetchall())
                assert "COVERING INDEX catalogue_search_entry_rank" in plan, plan


def test_without_the_covering_index_a_search_still_finds_its_pages(client, practices, caplog):
    """A later migration of Wagtail's search table may rebuild it without the index."""
    from django.db import connection

    from catalogue.search import _report_missing_rank_index

    _report_missing_rank_index.cache_clear()
    before = titles(client.get(URL, {"q": "ferries"}))
    assert "is missing" not in caplog.text
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX catalogue_search_entry_rank")  # undone with the test's transaction
    assert titles(client.get(URL, {"q": "ferries"})) == before == {"Quiet ferries"}
    assert titles(client.get(URL, {"q": "gas buses"})) == {"Gas buses in Malmö"}
    # Told once, so that someone can make it again; not at every search.
    warnings = [r for r in caplog.records if "catalogue_search_entry_rank is missing" in r.getMessage()]
    assert len(warnings) == (1 if connection.vendor == "sqlite" else 0)


def full_text_queries(client, params):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, params)
    assert response.status_code == 200
    return response, [q["sql"] for q in captured.captured_queries if "wagtailsearch_indexentry" in q["sql"]]


def test_a_ranking_is_kept_for_the_next_filter_and_retired_by_a_publish(client, practices):
    """Ticking a filter after a search asks for the same ranking: it is kept until content
    changes (a word in a third of 10,000 practices costs 20-30 ms to rank)."""
    response, searched = full_text_queries(client, {"q": "ferries"})
    assert searched and titles(response) == {"Quiet ferries"}
    response, searched = full_text_queries(client, {"q": "ferries", "on_site": "1"})
    assert searched == []
    assert "Quiet ferries" in titles(response) or "0 best practices" in response.content.decode()

    create_best_practice(title="Night ferries to Gotland", summary="Ferries with shore power.")
    response, searched = full_text_queries(client, {"q": "ferries", "digital": "1"})
    assert searched
    response = client.get(URL, {"q": "ferries"})
    assert titles(response) == {"Quiet ferries", "Night ferries to Gotland"}


def test_a_search_shows_only_the_listings_own_language(client, practices):
    """The ranking is narrowed to the listing's pages inside the full-text query; a Swedish
    copy of a matching page never shows in the English listing."""
    from catalogue.models import BestPracticePage

    translate_page(BestPracticePage.objects.get(title="Quiet ferries"), "sv", title="Tysta färjor")
    response = client.get(URL, {"q": "ferries"})
    assert titles(response) == {"Quiet ferries"}
    assert "1 best practice" in response.content.decode()
    assert "Tysta färjor" in titles(client.get("/sv" + URL, {"q": "ferries"}))


def test_a_ranking_matches_only_the_listings_language_in_the_match_itself(client, practices, monkeypatch):
    """bm25 is most of a ranking's time on SQLite. Other languages' copies of a page match the
    same words (an alias has the same text): the match itself is narrowed to the listing's
    language by the marker in each index entry, and bm25 is computed once per row, whatever
    the number of words or columns."""
    from django.db import connection

    from catalogue import search

    ranked = []
    original = search._first_column

    def spy(sql, params):
        rows = original(sql, params)
        ranked.append((sql, params, rows))
        return rows

    monkeypatch.setattr(search, "_first_column", spy)
    ferries = practices[3]
    translate_page(ferries, "sv", alias=True)

    for query in ("ferries", "quiet ferries"):
        ranked.clear()
        assert titles(client.get(URL, {"q": query})) == {"Quiet ferries"}
        ((sql, params, rows),) = ranked
        assert rows == [ferries.pk]  # not the Swedish alias, in the match itself
        if connection.vendor == "sqlite":
            assert any("AND (autocomplete : zzlangen)" in str(param) for param in params)
            assert sql.count("bm25(") == 1
        else:
            assert "zzlangen" in sql  # a constant: test_search_postgres.py
    assert "Quiet ferries" in titles(client.get("/sv" + URL, {"q": "ferries"}))


def ordered_titles(response):
    assert response.status_code == 200
    return re.findall(r'class="card-title"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def test_a_page_matching_every_word_strongly_ranks_first(client, practices):
    """Wagtail's SQLite ranking multiplied (1 + bm25) per word: for two words the strongest
    matches (bm25 below -1) came out last."""
    for n in range(8):
        create_best_practice(title=f"Bicycle lanes {n}", summary="Painted lanes for cycling to work.")
    weak = create_best_practice(
        title="Port logistics",
        summary="Ships, cranes, trucks, rails, warehouses and a harbour office that saves heat in winter.",
    )
    strong = create_best_practice(
        title="Harbour heat", summary="Harbour heat: the harbour heat network sends harbour heat to homes."
    )
    assert ordered_titles(client.get(URL, {"q": "harbour heat"})) == [strong.title, weak.title]
    assert ordered_titles(client.get(URL, {"q": "harbour"})) == [strong.title, weak.title]


def strip_language_markers():
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("UPDATE wagtailsearch_indexentry SET autocomplete = replace(autocomplete, ' zzlangen', '')")


def test_index_entries_without_language_markers_are_still_found_and_the_migration_marks_them(client, practices, caplog):
    """Entries indexed before markers existed carry none: until they are marked, a search is
    narrowed after the match (as before), not left empty; the migration marks them."""
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from catalogue.search import MARKER_COLUMN, RANK_WEIGHTS
    from core import page_cache

    sqlite = connection.vendor == "sqlite"  # PostgreSQL ranks through its own GIN index: no markers
    if sqlite:
        strip_language_markers()
    with CaptureQueries() as captured:
        assert titles(client.get(URL, {"q": "ferries"})) == {"Quiet ferries"}
    assert "zzlangen" not in " ".join(captured.rankings)
    assert ("have no language marker" in caplog.text) == sqlite

    migration = importlib.import_module("catalogue.migrations.0008_search_language_markers")
    # The parts of a schema editor the migration uses: SQLite's own refuses to open inside
    # the test's transaction.
    cursor = connection.cursor()
    editor = SimpleNamespace(connection=connection, execute=cursor.execute)
    migration.add_markers(apps, editor)
    page_cache.invalidate()  # as the deployment's first publish would
    with CaptureQueries() as captured:
        assert titles(client.get(URL, {"q": "ferry"})) == {"Quiet ferries"}
    assert ("zzlangen" in " ".join(captured.rankings)) == sqlite
    assert titles(client.get(URL, {"q": "gas buses"})) == {"Gas buses in Malmö"}
    if sqlite:  # bm25 takes a weight per column in the table's order; the marker's counts for nothing
        with connection.cursor() as cursor:
            cursor.execute("SELECT name FROM pragma_table_info('wagtailsearch_indexentry_fts')")
            assert [column for column, _weight in RANK_WEIGHTS] == [row[0] for row in cursor.fetchall()]
        assert dict(RANK_WEIGHTS)[MARKER_COLUMN] == 0


class CaptureQueries:
    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.context = CaptureQueriesContext(connection)
        self.context.__enter__()
        return self

    def __exit__(self, *exc):
        self.context.__exit__(*exc)

    @property
    def rankings(self):
        return rankings(self.context)


def wagtails_own_ranking(queryset, query):
    """The keys Wagtail's PostgreSQL backend ranks for `query`, best first: the order to keep."""
    from wagtail.search.backends import get_search_backend
    from wagtail.search.query import And, PlainText

    from catalogue.search import _stemmed, _word_start_compilers, search_terms

    backend = get_search_backend()
    (compiler,) = _word_start_compilers().values()
    backend.query_compiler_class = compiler
    terms = _stemmed(search_terms(query))
    results = backend.search(And([PlainText(term) for term in terms]), queryset, order_by_relevance=True)
    return list(results.get_queryset().values_list("pk", flat=True))


@pytest.mark.postgresql
def test_the_postgres_ranking_is_wagtails_own_in_the_same_order(practices):
    from django.utils import translation
    from wagtail.models import Locale

    from catalogue.models import BestPracticePage
    from catalogue.search import ranked_matches

    create_best_practice(title="Harbour heat", summary="Harbour heat: the harbour heat network heats homes.")
    create_best_practice(title="Heat pumps", summary="Heat pumps in the harbour district, and buses.")
    create_best_practice(title="Electric buses", summary="Buses on electricity, in every harbour town.")
    for n in range(3):  # ties, broken by the newest page first
        create_best_practice(title=f"Buses {n}", summary="Buses.")
    queryset = BestPracticePage.objects.live()
    for query in ("buses", "harbour heat", "heat", "the harbour", "buses harbour"):
        ranked = ranked_matches(queryset, query)
        assert len(ranked) >= 2, query  # an order to compare
        assert ranked == wagtails_own_ranking(queryset, query), query
    assert ranked_matches(queryset, "nothing") == wagtails_own_ranking(queryset, "nothing") == []

    # A listing's own way: its language's entries by their marker, and its pages by their keys.
    for page in BestPracticePage.objects.filter(locale__language_code="en"):
        translate_page(page, "sv", alias=True)
    for language, query in (("en", "harbour heat"), ("sv", "harbour heat"), ("sv", "buses")):
        with translation.override(language):
            locale = Locale.objects.get(language_code=language)
            pages = queryset.filter(locale=locale)
            members = frozenset(pages.values_list("pk", flat=True))
            ranked = ranked_matches(pages, query, members=lambda members=members: members, language=language)
            assert len(ranked) >= 2, (language, query)
            assert ranked == wagtails_own_ranking(pages, query), (language, query)
