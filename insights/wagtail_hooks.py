from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from insights import views
from offices.permissions import Action, can


@hooks.register("register_admin_urls")
def register_insights_urls():
    return [
        path("statistics/", views.statistics, name="insights_statistics"),
        path("statistics/<slug:table>.<str:fmt>", views.download, name="insights_download"),
        path("statistics/year-in-review/<int:year>/draft/", views.draft_year_in_review, name="insights_draft_review"),
        path("demand/", views.demand, name="insights_demand"),
        path("demand/<slug:table>.<str:fmt>", views.demand_download, name="insights_demand_download"),
    ]


class StatisticsMenuItem(MenuItem):
    # Editors see the page too: it holds the year-in-review drafts (without the figures).
    def is_shown(self, request):
        return can(request.user, Action.STATISTICS) or can(request.user, Action.DRAFT_NEWS)


@hooks.register("register_admin_menu_item")
def register_statistics_menu_item():
    return StatisticsMenuItem(_("Statistics"), reverse("insights_statistics"), icon_name="table", order=150)


class DemandMenuItem(MenuItem):
    def is_shown(self, request):
        return can(request.user, Action.STATISTICS)


@hooks.register("register_admin_menu_item")
def register_demand_menu_item():
    return DemandMenuItem(_("Demand report"), reverse("insights_demand"), icon_name="clipboard-list", order=151)
