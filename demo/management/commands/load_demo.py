from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from catalogue.models import HomePage
from demo.history import HistoryLoader
from demo.loader import DemoLoader
from demo.translations import translate_demo


class Command(BaseCommand):
    help = "Create or update the demo content (idempotent: safe to run again)."

    def add_arguments(self, parser):
        parser.add_argument("--if-empty", action="store_true", help="Do nothing when a home page already exists.")

    def handle(self, *args, if_empty=False, **options):
        if if_empty and HomePage.objects.exists():  # any language
            if not HomePage.objects.exclude(locale__language_code=settings.LANGUAGE_CODE).exists():
                # Loaded before the site had languages: add the translations.
                translate_demo(log=lambda message: self.stdout.write(message))
            self.stdout.write("Demo content already loaded (run load_demo without --if-empty to refresh it).")
            return
        DemoLoader(log=lambda message: self.stdout.write(message)).run()
        translate_demo(log=lambda message: self.stdout.write(message))
        HistoryLoader(log=lambda message: self.stdout.write(message)).run()
        # Related fields (sub-area titles) are saved after the page itself; index once at the end.
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
