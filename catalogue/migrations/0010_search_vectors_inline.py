"""PostgreSQL keeps each index entry's title and body vectors in the entry's row.

An entry's row holds the raw texts beside the vectors, over 2 KB for most practices, so
PostgreSQL moved the body vector out to its TOAST table: ranking a match (`ts_rank` on the
title and the body, catalogue.search) then read two or three more pages per entry, 20 of the
25 ms that ranking a word in half the catalogue took at 10,000 practices. With the vectors'
storage MAIN the raw texts are compressed or moved out first, and a vector leaves the row
only if the row would not fit a page at all.

A storage setting applies to values written after it, hence the rewrite of every entry's
body vector (a title vector is short enough to have stayed in its row) as a new value, joined
with an empty vector, which changes nothing: the same value written back would stay where it
is. Not in one transaction: the storage change holds the table's lock only for itself, and
the entries are rewritten a few thousand at a time, so searches and publishing go on.
"""

from django.db import migrations

BATCH = 5000


def _set_storage(storage):
    def set_storage(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        schema_editor.execute(
            f'ALTER TABLE "{entries}" ALTER COLUMN title SET STORAGE {storage}, ALTER COLUMN body SET STORAGE {storage}'
        )
        with schema_editor.connection.cursor() as cursor:
            cursor.execute(f'SELECT min(id), max(id) FROM "{entries}"')  # noqa: S608
            first, last = cursor.fetchone()
        for start in range(first or 0, (last or -1) + 1, BATCH):
            schema_editor.execute(
                f"UPDATE \"{entries}\" SET body = body || ''::tsvector WHERE id >= %s AND id < %s",  # noqa: S608
                [start, start + BATCH],
            )

    return set_storage


class Migration(migrations.Migration):
    atomic = False

    dependencies = [
        ("catalogue", "0009_search_entry_joined_index"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(_set_storage("MAIN"), _set_storage("EXTENDED"))]
