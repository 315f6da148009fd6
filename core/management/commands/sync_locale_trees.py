from django.core.management.base import BaseCommand
from wagtail_localize.models import LocaleSynchronization
from wagtail_localize.synctree import PageIndex, synchronize_tree


class Command(BaseCommand):
    help = (
        "Give every page an alias in each synchronised language (idempotent). Pages made in the "
        "editor get theirs at once; run this after importing pages or adding a language."
    )

    def handle(self, *args, **options):
        index = PageIndex.from_database().sort_by_tree_position()
        for sync in LocaleSynchronization.objects.select_related("locale", "sync_from"):
            synchronize_tree(sync.sync_from, sync.locale, page_index=index)
            self.stdout.write(f"{sync.locale.language_code}: in step with {sync.sync_from.language_code}")
