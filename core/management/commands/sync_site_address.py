from django.core.exceptions import ImproperlyConfigured
from django.core.management.base import BaseCommand, CommandError

from core.site import public_base_url, sync_default_site


class Command(BaseCommand):
    help = "Give Wagtail's default site the address in PUBLIC_BASE_URL (sitemap, canonical links, JSON-LD)."

    def handle(self, *args, **options):
        try:
            site = sync_default_site()
        except ImproperlyConfigured as error:
            raise CommandError(str(error)) from error
        if site is None:
            self.stderr.write(self.style.WARNING("There is no default Wagtail site to update."))
            return
        self.stdout.write(f"Site address: {public_base_url()}/")
