from django.core.management import call_command
from django.core.management.base import BaseCommand

from demo.loader import DemoLoader


class Command(BaseCommand):
    help = "Create or update the demo content (idempotent: safe to run again)."

    def handle(self, *args, **options):
        DemoLoader(log=lambda message: self.stdout.write(message)).run()
        # Related fields (sub-area titles) are saved after the page itself; index once at the end.
        call_command("update_index", verbosity=0)
        self.stdout.write(self.style.SUCCESS("Demo content is ready."))
