"""The travel-time table in the admin (coordinators and editors edit it), and the staff URL
for moving a study tour's stop."""

from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.viewsets.base import ViewSetGroup
from wagtail.admin.viewsets.model import ModelViewSet

from tours.models import TravelPlace, TravelTime


@hooks.register("register_admin_urls")
def register_staff_urls():
    return [path("tours/", include("tours.staff_urls"))]


class TravelPlaceViewSet(ModelViewSet):
    model = TravelPlace
    icon = "site"
    menu_label = _("Places")
    form_fields = ["code", "name", "kind", "latitude", "longitude"]
    list_display = ["name", "code", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]
    add_to_admin_menu = False


class TravelTimeViewSet(ModelViewSet):
    model = TravelTime
    icon = "time"
    menu_label = _("Travel times")
    form_fields = ["origin", "destination", "rail_minutes", "road_minutes", "source"]
    list_display = ["origin", "destination", "rail_minutes", "road_minutes"]
    list_filter = ["origin"]
    search_fields = ["origin__name", "destination__name", "source"]
    add_to_admin_menu = False


class TravelViewSetGroup(ViewSetGroup):
    items = (TravelTimeViewSet, TravelPlaceViewSet)
    menu_icon = "time"
    menu_label = _("Travel times")
    menu_order = 260


@hooks.register("register_admin_viewset")
def register_travel_viewsets():
    return TravelViewSetGroup()
