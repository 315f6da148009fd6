from django.core.management.base import BaseCommand

from visits.site_hosts import remind_hosts


class Command(BaseCommand):
    help = "Remind site hosts who have not answered an invitation for two days (run daily, e.g. from cron)."

    def handle(self, *args, **options):
        self.stdout.write(f"{remind_hosts()} reminders queued")
