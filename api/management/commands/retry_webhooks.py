from django.core.management.base import BaseCommand

from api.webhooks import retry_due


class Command(BaseCommand):
    help = "Try again every webhook delivery whose next attempt is due (run every few minutes, e.g. from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{retry_due()} deliveries tried")
