from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from django.urls import register_converter

        from core import checks, model_init  # noqa: F401 (checks registers itself)
        from core.converters import IdConverter
        from core.page_cache import connect_signals

        # Before any URLconf is read: every app's addresses use <id:…> for record ids.
        register_converter(IdConverter, "id")

        # Every app is loaded by now, so every model's writes can reach the page cache.
        connect_signals()
        # And every model is known: what each page model's constructor looks up can be kept.
        model_init.install()
