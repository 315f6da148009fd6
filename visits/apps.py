from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VisitsConfig(AppConfig):
    name = "visits"
    verbose_name = _("Visits")

    def ready(self):
        from core.page_cache import register_personaliser
        from visits import availability, waiting_list
        from visits.personal import fill_plan

        register_personaliser(fill_plan)
        availability.seats_freed.connect(waiting_list.on_seats_freed, dispatch_uid="waiting-list-offers")
