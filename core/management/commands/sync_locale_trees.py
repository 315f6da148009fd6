from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand
from wagtail.models import Locale, Page
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import PageIndex


class Command(BaseCommand):
    help = (
        "Give every page an alias in each synchronised language (idempotent). Pages made in the "
        "editor get theirs at once; run this after importing pages or adding a language."
    )

    def handle(self, *args, **options):
        index = page_index().sort_by_tree_position()
        for sync in LocaleSynchronization.objects.select_related("locale", "sync_from"):
            created = synchronize_tree(sync.sync_from, sync.locale, index)
            self.stdout.write(
                f"{sync.locale.language_code}: in step with {sync.sync_from.language_code} ({created} new aliases)"
            )


def page_index() -> PageIndex:
    """wagtail_localize's `PageIndex.from_database()` in two queries.

    Theirs runs four queries per page (its parent, its locales, its aliases' locales),
    15 s at 10,000 practices; the entries here hold the same values.
    """
    rows = list(
        Page.objects.filter(depth__gt=1).values_list(
            "path", "depth", "translation_key", "locale_id", "content_type_id", "alias_of_id"
        )
    )
    key_at_path = {path: key for path, _depth, key, *_rest in rows}
    locales, aliased_locales = defaultdict(list), defaultdict(list)
    for _path, _depth, key, locale_id, _type, alias_of in rows:
        (locales if alias_of is None else aliased_locales)[key].append(locale_id)
    locale_objects = Locale.objects.in_bulk()
    steplen = Page.steplen
    entries = [
        PageIndex.Entry(
            ContentType.objects.get_for_id(content_type_id),
            key,
            locale_objects[locale_id],
            key_at_path[path[:-steplen]] if depth > 2 else None,
            locales[key],
            aliased_locales[key],
        )
        for path, depth, key, locale_id, content_type_id, alias_of in rows
        if alias_of is None
    ]
    return PageIndex(entries)


def synchronize_tree(source_locale, target_locale, index) -> int:
    """wagtail_localize's `synchronize_tree`, asking the index before the database.

    Theirs loads the source of every page without a translation, aliases included, and only
    then sees that the alias exists: 20,000 queries and 33 s at 10,000 practices with
    nothing to do. The same decisions here, with a query only for a page that needs an alias.
    """
    created = 0
    for entry in index.not_translated_into(target_locale):
        if target_locale.id in entry.aliased_locales:
            continue
        if source_locale.id not in entry.locales and source_locale.id not in entry.aliased_locales:
            continue
        model = entry.content_type.model_class()
        source = model.objects.get(translation_key=entry.translation_key, locale=source_locale)
        source.copy_for_translation(target_locale, copy_parents=True, alias=True)
        created += 1
    return created
