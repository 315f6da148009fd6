"""Word forms in SQLite search: Wagtail's FTS5 index table gets the porter stemmer.

"recycle" then finds "recycling". The table is rebuilt from Wagtail's index entries,
whose triggers keep filling it. PostgreSQL needs nothing here: catalogue.search
stems its queries with the English text search configuration.
"""

from django.db import migrations

PORTER = "porter unicode61"
DEFAULT = "unicode61"


def fts_tokenizer(tokenizer):
    def rebuild(apps, schema_editor):
        connection = schema_editor.connection
        entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
        fts = f"{entries}_fts"
        if connection.vendor != "sqlite" or fts not in connection.introspection.table_names():
            return  # another database, or an SQLite without FTS5 (Wagtail then searches without it)
        schema_editor.execute(f"DROP TABLE {fts}")
        schema_editor.execute(
            f"CREATE VIRTUAL TABLE {fts} USING fts5(autocomplete, body, title, tokenize='{tokenizer}')"
        )
        schema_editor.execute(
            f"INSERT INTO {fts}(rowid, autocomplete, body, title) SELECT id, autocomplete, body, title FROM {entries}"  # noqa: S608
        )

    return rebuild


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0002_initial"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(fts_tokenizer(PORTER), fts_tokenizer(DEFAULT))]
