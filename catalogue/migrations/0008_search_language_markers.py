"""Each listed page's language as a word in its search index entry (catalogue.search, MARKER_COLUMN).

New and re-indexed pages get the word from their `search_fields`; this gives it to the
entries made before, so that searches use it at once rather than after `update_index`.
The word is written as `catalogue.models.base.language_marker` makes it at the time of this
migration. On PostgreSQL (which used no marker then) entries indexed before the markers get
theirs from `update_index`; until then its searches are narrowed after the match.
"""

from django.db import migrations

MARKED_MODELS = ("bestpracticepage", "companypage", "expertpage")


def add_markers(apps, schema_editor):
    if schema_editor.connection.vendor != "sqlite":
        return
    content_types = list(
        apps.get_model("contenttypes", "ContentType")
        .objects.filter(app_label="catalogue", model__in=MARKED_MODELS)
        .values_list("pk", flat=True)
    )
    if not content_types:
        return  # a new database: nothing indexed yet
    entries = apps.get_model("wagtailsearch", "IndexEntry")._meta.db_table
    schema_editor.execute(
        f"UPDATE {entries} SET autocomplete = trim(coalesce(autocomplete, '') || ' zzlang' || ("  # noqa: S608
        "  SELECT lower(replace(replace(locale.language_code, '-', ''), '_', '')) FROM wagtailcore_page page"
        "  JOIN wagtailcore_locale locale ON locale.id = page.locale_id"
        f"  WHERE page.id = CAST({entries}.object_id AS integer)))"
        f" WHERE content_type_id IN ({', '.join(['%s'] * len(content_types))})"
        f" AND CAST(object_id AS integer) IN (SELECT id FROM wagtailcore_page)"
        " AND coalesce(autocomplete, '') NOT LIKE '%%zzlang%%'",
        content_types,
    )


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0007_search_entry_rank_index"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    # Nothing to undo: the words are harmless without the code that looks for them.
    operations = [migrations.RunPython(add_markers, migrations.RunPython.noop)]
