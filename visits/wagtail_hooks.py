"""Visit requests in the staff admin: a list with filters and a read-only detail view.

The staff workflow (triage, scheduling) comes with its own views; until then nothing
here edits a request, so every change goes through visits.services.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from visits.models import VisitRequest

READ_ONLY_ACTIONS = {"view"}


class ReadOnlyPolicy(ModelPermissionPolicy):
    """Staff may look; add, change and delete are not offered in the admin."""

    def user_has_permission(self, user, action):
        return action in READ_ONLY_ACTIONS and super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)


register_permission_policy(VisitRequest, ReadOnlyPolicy(VisitRequest))


class VisitRequestFilterSet(WagtailFilterSet):
    class Meta:
        model = VisitRequest
        fields = ["status", "office", "format", "organisation_kind"]


class VisitRequestViewSet(ModelViewSet):
    model = VisitRequest
    icon = "mail"
    menu_label = _("Visit requests")
    menu_order = 150
    add_to_admin_menu = True
    inspect_view_enabled = True
    copy_view_enabled = False
    form_fields = ["status"]  # required by ModelViewSet; the edit view is refused by the policy
    list_display = ["reference", "organisation", "country", "group_size", "office", "status", "created_at"]
    filterset_class = VisitRequestFilterSet
    search_fields = ["reference", "organisation"]
    ordering = ["-created_at"]
    inspect_view_fields = [
        "reference",
        "status",
        "organisation",
        "organisation_kind",
        "country",
        "contact_name",
        "email",
        "phone",
        "group_size",
        "languages",
        "format",
        "office",
        "office_was_suggested",
        "message",
        "consent_processing_at",
        "consent_public_name",
        "created_at",
    ]


@hooks.register("register_admin_viewset")
def register_visit_request_viewset():
    return VisitRequestViewSet("visit_requests")
