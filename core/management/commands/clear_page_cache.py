"""Retire every cached public page and shared part, on every app server.

Content changes do this by themselves; run it after a release that changes templates or
translations, which no model write announces (deploy/README.md).
"""

from django.core.management.base import BaseCommand

from core.page_cache import invalidate


class Command(BaseCommand):
    help = "Retire every cached public page (after a release that changes templates or translations)."

    def handle(self, *args, **options):
        invalidate()
        self.stdout.write("Cached pages retired; other processes notice within PAGE_CACHE_SHARED_CHECK_SECONDS.")
