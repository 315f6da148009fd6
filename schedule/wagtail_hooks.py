from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from schedule import admin_views


@hooks.register("register_admin_urls")
def register_calendar_urls():
    return [
        path("calendar/", admin_views.staff_calendar, name="schedule_admin_calendar"),
        path("calendar/feed-token/", admin_views.regenerate_feed_token, name="schedule_admin_feed_token"),
    ]


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    return MenuItem(_("Calendar"), reverse("schedule_admin_calendar"), icon_name="date", order=140)
