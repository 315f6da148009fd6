"""Each office's triage rules in the admin: coordinators set them, office staff read their own.

Another office's rules are not listed to office staff, and opening them is a 404, as with
requests and follow-ups (offices.permissions); changing any rules is for coordinators only
(Wagtail's "permission denied" for the others).
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import DeleteView, EditView, HistoryView, IndexView, InspectView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from core.i18n import in_default_language
from offices.models import OfficePage, StaffRole, TriageRules
from offices.permissions import Action, can, role_of, scope


def _is_coordinator(user) -> bool:
    return role_of(user) == StaffRole.Role.COORDINATOR


class TriageRulesPolicy(ModelPermissionPolicy):
    """Reading follows the right to handle an office's requests; every change is a coordinator's."""

    def user_has_permission(self, user, action):
        if action == "view":
            return can(user, Action.HANDLE)
        return _is_coordinator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action == "view":
            return can(user, Action.HANDLE, instance.office)
        return _is_coordinator(user)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return TriageRules.objects.none()
        return scoped_rules(user)


register_permission_policy(TriageRules, TriageRulesPolicy(TriageRules))


def scoped_rules(user):
    return scope(user, TriageRules.objects.select_related("office"), Action.HANDLE)


class TriageRulesForm(WagtailAdminModelForm):
    """The office is chosen among the offices' default-language pages (the rules' own)."""

    class Meta:
        model = TriageRules
        fields = [
            "office",
            "check_repeat",
            "check_lead_time",
            "min_lead_days",
            "check_group_size",
            "min_group_size",
            "check_practices",
            "auto_confirm",
        ]
        widgets = {"office": forms.Select}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["office"].queryset = in_default_language(OfficePage.objects.all()).order_by("kind", "title")


class TriageRulesIndexView(IndexView):
    def get_base_queryset(self):
        return scoped_rules(self.request.user)


class ScopedObjectMixin:
    """Another office's rules are a 404 for office staff, whatever the view: checked before the
    view's own lookup and before its permission check (which would say "not allowed")."""

    def _require_visible(self):
        try:
            visible = scoped_rules(self.request.user).filter(pk=unquote(str(self.kwargs["pk"]))).exists()
        except ValueError:  # not a number
            visible = False
        if not visible:
            raise Http404

    def dispatch(self, request, *args, **kwargs):
        self._require_visible()
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, *args, **kwargs):  # some views look the object up in setup(), before dispatch()
        self._require_visible()
        return super().get_object(*args, **kwargs)


class TriageRulesInspectView(ScopedObjectMixin, InspectView):
    pass


class TriageRulesEditView(ScopedObjectMixin, EditView):
    pass


class TriageRulesDeleteView(ScopedObjectMixin, DeleteView):
    pass


class TriageRulesHistoryView(ScopedObjectMixin, HistoryView):
    pass


class TriageRulesUsageView(ScopedObjectMixin, UsageView):
    pass


class TriageRulesViewSet(ModelViewSet):
    model = TriageRules
    index_view_class = TriageRulesIndexView
    inspect_view_class = TriageRulesInspectView
    edit_view_class = TriageRulesEditView
    delete_view_class = TriageRulesDeleteView
    history_view_class = TriageRulesHistoryView
    usage_view_class = TriageRulesUsageView
    inspect_view_enabled = True
    copy_view_enabled = False
    icon = "tasks"
    menu_label = _("Triage rules")
    menu_order = 132
    add_to_admin_menu = True
    list_display = ["office", "check_repeat", "check_lead_time", "min_lead_days", "check_group_size", "auto_confirm"]
    inspect_view_fields = TriageRulesForm.Meta.fields

    def get_form_class(self, for_update=False):
        return TriageRulesForm


@hooks.register("register_admin_viewset")
def register_triage_rules_viewset():
    return TriageRulesViewSet("triage_rules")
