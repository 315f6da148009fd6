from django import forms
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic import DeleteView, EditView, HistoryView, IndexView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.i18n import in_default_language
from offices.models import OfficePage
from offices.permissions import Action, can, office_of, scope
from schedule import admin_views
from schedule.models import PublicTour, TourSignup


@hooks.register("register_admin_urls")
def register_calendar_urls():
    return [
        path("calendar/", admin_views.staff_calendar, name="schedule_admin_calendar"),
        path("calendar/feed-token/", admin_views.regenerate_feed_token, name="schedule_admin_feed_token"),
    ]


@hooks.register("register_admin_menu_item")
def register_calendar_menu_item():
    return MenuItem(_("Calendar"), reverse("schedule_admin_calendar"), icon_name="date", order=140)


# --- Public tours in the admin -------------------------------------------------------------
# Scoped like requests (offices.permissions): office staff keep their office's tours and see
# their sign-ups; coordinators all of them; another office's tour is not listed.


class OfficeScopedPolicy(ModelPermissionPolicy):
    """Viewing needs the right to see requests (sign-ups: their contact data too); adding,
    changing and deleting the right to handle them, at that office."""

    creatable = True

    def _view_action(self):
        return Action.VIEW_CONTACT if self.model is TourSignup else Action.VIEW

    def user_has_permission(self, user, action):
        if action == "view":
            return can(user, self._view_action())
        if action in ("add", "change") and not self.creatable:
            return False
        return can(user, Action.HANDLE)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        office = instance.office if isinstance(instance, PublicTour) else instance.tour.office
        if action == "view":
            return can(user, self._view_action(), office)
        return self.user_has_permission(user, action) and can(user, Action.HANDLE, office)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model.objects.none()
        return scope(user, self.model.objects.all())


class SignupPolicy(OfficeScopedPolicy):
    creatable = False  # people sign up themselves


register_permission_policy(PublicTour, OfficeScopedPolicy(PublicTour))
register_permission_policy(TourSignup, SignupPolicy(TourSignup))


class PublicTourForm(WagtailAdminModelForm):
    """The office is chosen among the offices' default-language pages, and for office staff
    only their own."""

    class Meta:
        model = PublicTour
        fields = [
            "office",
            "title",
            "description",
            "week",
            "weekday",
            "start_time",
            "duration_minutes",
            "places",
            "language",
            "starts_on",
            "ends_on",
            "is_published",
        ]
        widgets = {"office": forms.Select}

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        offices = in_default_language(OfficePage.objects.all()).order_by("kind", "title")
        own = office_of(for_user) if for_user else None
        self.fields["office"].queryset = offices.filter(pk=own.pk) if own else offices


class ScopedIndexView(IndexView):
    def get_base_queryset(self):
        found = self.permission_policy.instances_user_has_any_permission_for(self.request.user, ["view"])
        return found.select_related("tour__office" if self.model is TourSignup else "office")


class ScopedObjectMixin:
    """Another office's tour or sign-up is a 404 for office staff, before any other check."""

    def get_object(self, *args, **kwargs):
        visible = scope(self.request.user, self.model.objects.all())
        try:
            found = visible.filter(pk=unquote(str(self.kwargs["pk"]))).exists()
        except ValueError:
            found = False
        if not found:
            raise Http404
        return super().get_object(*args, **kwargs)


class ScopedEditView(ScopedObjectMixin, EditView):
    pass


class ScopedDeleteView(ScopedObjectMixin, DeleteView):
    pass


class ScopedHistoryView(ScopedObjectMixin, HistoryView):
    pass


class ScopedUsageView(ScopedObjectMixin, UsageView):
    pass


class PublicTourViewSet(ModelViewSet):
    model = PublicTour
    form_class = PublicTourForm
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    icon = "group"
    menu_label = _("Public tours")
    menu_order = 141
    add_to_admin_menu = True
    list_display = ["title", "office", "week", "weekday", "start_time", "places", "is_published"]


class TourSignupViewSet(ModelViewSet):
    model = TourSignup
    index_view_class = ScopedIndexView
    edit_view_class = ScopedEditView
    delete_view_class = ScopedDeleteView
    history_view_class = ScopedHistoryView
    usage_view_class = ScopedUsageView
    copy_view_enabled = False
    icon = "user"
    menu_label = _("Tour sign-ups")
    menu_order = 142
    add_to_admin_menu = True
    list_display = ["date", "tour", "name", "email", "cancelled_at"]
    list_filter = ["date"]
    form_fields = ["name", "email"]  # the edit form, for no one: people sign up themselves


@hooks.register("register_admin_viewset")
def register_public_tour_viewsets():
    return [PublicTourViewSet("public_tours"), TourSignupViewSet("tour_signups")]
