"""Newsletter subscribers for staff: a count and a CSV export of confirmed addresses."""

from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from insights.exports import csv_response
from news.models import Subscriber
from offices.permissions import Action, can, require


@require_GET
def export_subscribers(request):
    require(request.user, Action.EDIT_CONTENT)
    active = Subscriber.objects.filter(confirmed_at__isnull=False, unsubscribed_at__isnull=True).order_by("email")
    rows = [(subscriber.email, timezone.localtime(subscriber.confirmed_at).isoformat()) for subscriber in active]
    return csv_response("newsletter-subscribers", ["email", "consent_confirmed_at"], rows)


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [path("newsletter/subscribers.csv", export_subscribers, name="news_export_subscribers")]


class SubscribersMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request.user, Action.EDIT_CONTENT)


@hooks.register("register_admin_menu_item")
def register_subscribers_menu_item():
    return SubscribersMenuItem(
        _("Newsletter subscribers (CSV)"), reverse("news_export_subscribers"), icon_name="download", order=160
    )
