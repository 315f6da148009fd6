from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = _("Catalogue")

    def ready(self):
        from catalogue.listing import BestPracticeListing, DirectoryListing
        from catalogue.models import BestPracticeIndexPage, DirectoryIndexPage

        # The listings import the models, never the reverse: each index page gets its listing here.
        BestPracticeIndexPage.listing_class = BestPracticeListing
        DirectoryIndexPage.listing_class = DirectoryListing
