"""PostgreSQL full-text search of one language's entries through an index of that language alone.

A listing searches the entries of its own language: the joined vector (migration 0009) must
match the words, and the autocomplete vector the language's marker (catalogue.search). With an
index for each condition PostgreSQL either intersects both (5,700 entries read for a word in
half the catalogue at 10,000 practices) or, as statistics led it to after a fresh ANALYZE,
reads every entry of the language by the marker's index and joins each one's title and body
to test the words: 80 ms for "buildings" against 25. A partial index of the joined vector over
each language's entries answers both conditions at once, and the planner finds no cheaper way.

The marker is written as catalogue.models.base.language_marker makes it at the time of this
migration, for each language of settings.LANGUAGES; a language added later is searched
through the other indexes (found, only slower) until a migration indexes it too.
"""

import re

from django.conf import settings
from django.db import migrations

INDEX_PREFIX = "catalogue_search_entry_joined_"


def _markers():
    return {code: "zzlang" + re.sub(r"[^a-z]", "", code.lower()) for code, _name in settings.LANGUAGES}


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    for marker in _markers().values():
        index = INDEX_PREFIX + marker.removeprefix("zzlang")
        # The predicate is a tsquery constant, as catalogue.search writes it: the planner uses
        # a partial index only where the query's own condition is the same expression.
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS "{index}" ON "{entries}" USING gin ((title || body))'
            f" WHERE autocomplete @@ '{marker}'::tsquery"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for marker in _markers().values():
        schema_editor.execute(f'DROP INDEX IF EXISTS "{INDEX_PREFIX + marker.removeprefix("zzlang")}"')


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0009_search_entry_joined_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
