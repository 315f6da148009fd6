from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApiConfig(AppConfig):
    name = "api"
    verbose_name = _("Open API")

    def ready(self):
        from api import signals  # noqa: F401 (connects the webhooks' receivers)
