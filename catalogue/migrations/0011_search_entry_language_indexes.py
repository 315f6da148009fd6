"""PostgreSQL full-text search of one language's entries through an index of that language alone.

A listing searches the entries of its own language: the joined vector (migration 0009) must
match the words, and the autocomplete vector the language's marker (catalogue.search). With an
index for each condition PostgreSQL either intersected both (25 ms for "buildings" at 10,000
practices) or, as statistics led it to after a fresh ANALYZE, read every entry of the language
by the marker's index and joined each one's title and body to test the words: 80 ms. A
partial index of the joined vector over each language's entries answers both conditions at
once: 10 ms with the vectors in their rows (migration 0010).

The markers are those of the site's languages when this migration was written, as
catalogue.models.base.language_marker makes them. A language added later is searched through
the other indexes (found, only slower) until a migration of its own indexes it too. Built
CONCURRENTLY, outside a transaction: writes to the index entries go on meanwhile.
"""

from django.db import migrations

INDEXED_LANGUAGES = ("en", "sv", "zhhans")  # language_marker() without its "zzlang"


def _index(language):
    return f"catalogue_search_entry_joined_{language}"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    for language in INDEXED_LANGUAGES:
        # The condition is a tsquery constant, as catalogue.search writes it: the planner uses a
        # partial index only for a query whose own condition is the same expression.
        schema_editor.execute(
            f'CREATE INDEX CONCURRENTLY IF NOT EXISTS "{_index(language)}" ON "{entries}"'
            f" USING gin ((title || body)) WHERE autocomplete @@ 'zzlang{language}'::tsquery"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for language in INDEXED_LANGUAGES:
        schema_editor.execute(f'DROP INDEX CONCURRENTLY IF EXISTS "{_index(language)}"')


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("catalogue", "0010_search_vectors_inline"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
