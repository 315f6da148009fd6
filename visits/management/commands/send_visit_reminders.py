from django.core.management.base import BaseCommand

from visits.tasks import enqueue_due_reminders


class Command(BaseCommand):
    help = "Queue reminder e-mails for visits in three days (run daily, e.g. from cron at 08:00)."

    def handle(self, *args, **options):
        self.stdout.write(f"{enqueue_due_reminders()} reminders queued")
