"""The staff workspace: registered in the Wagtail admin (which requires an admin login)."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from offices.permissions import Action, can


@hooks.register("register_admin_urls")
def register_staff_urls():
    return [
        path("requests/", include("visits.staff_urls")),
        path("waiting-lists/", include("visits.staff_waiting_urls")),
    ]


class RequestsMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request.user, Action.VIEW)


@hooks.register("register_admin_menu_item")
def register_requests_menu_item():
    return RequestsMenuItem(_("Visit requests"), reverse("visits_staff:inbox"), icon_name="mail", order=130)


@hooks.register("register_admin_menu_item")
def register_waiting_lists_menu_item():
    return RequestsMenuItem(_("Waiting lists"), reverse("visits_waiting:index"), icon_name="list-ol", order=131)
