from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core.page_cache import connect_signals

        # Every app is loaded by now, so every model's writes can reach the page cache.
        connect_signals()
