"""Staff API tokens and webhooks in the admin.

Who may keep staff API tokens (Wagtail's "API tokens" under Settings): anyone whose role
may see requests, each their own; Wagtail's administrators everyone's. The rights a token
then carries are its owner's (offices.permissions)."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.models import APIToken
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from api.models import WebhookDelivery, WebhookSubscription
from api.webhooks import refusal_of_address
from offices.models import StaffRole
from offices.permissions import Action, can, role_of


def _may_keep_tokens(user) -> bool:
    return user.is_active and (user.is_superuser or can(user, Action.VIEW))


class OwnTokensPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return _may_keep_tokens(user)

    def user_has_any_permission(self, user, actions):
        return _may_keep_tokens(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return _may_keep_tokens(user) and (user.is_superuser or instance.user_id == user.pk)

    def instances_user_has_any_permission_for(self, user, actions):
        if not _may_keep_tokens(user):
            return APIToken.objects.none()
        return APIToken.objects.all() if user.is_superuser else APIToken.objects.filter(user=user)


register_permission_policy(APIToken, OwnTokensPolicy(APIToken))


# --- Webhooks: coordinators keep the subscriptions and read the delivery log ----------------


def _is_coordinator(user) -> bool:
    return user.is_active and role_of(user) == StaffRole.Role.COORDINATOR


class CoordinatorsOnly(ModelPermissionPolicy):
    read_only = False

    def user_has_permission(self, user, action):
        if self.read_only and action not in ("view",):
            return False
        return _is_coordinator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_permission(user, action)

    def instances_user_has_any_permission_for(self, user, actions):
        return self.model.objects.all() if self.user_has_any_permission(user, actions) else self.model.objects.none()


class ReadOnlyForCoordinators(CoordinatorsOnly):
    read_only = True  # deliveries are written by the worker, never by hand


register_permission_policy(WebhookSubscription, CoordinatorsOnly(WebhookSubscription))
register_permission_policy(WebhookDelivery, ReadOnlyForCoordinators(WebhookDelivery))


class WebhookForm(WagtailAdminModelForm):
    class Meta:
        model = WebhookSubscription
        fields = ["name", "url", "events", "is_active", "secret"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        refused = refusal_of_address(url)
        if refused:
            raise forms.ValidationError(refused)
        return url


class WebhookViewSet(ModelViewSet):
    model = WebhookSubscription
    icon = "link"
    menu_label = _("Webhooks")
    menu_order = 603
    add_to_settings_menu = True
    copy_view_enabled = False
    list_display = ["name", "url", "is_active"]

    def get_form_class(self, for_update=False):
        return WebhookForm


class DeliveryIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("subscription")


class DeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    index_view_class = DeliveryIndexView
    icon = "history"
    menu_label = _("Webhook deliveries")
    menu_order = 604
    add_to_settings_menu = True
    copy_view_enabled = False
    inspect_view_enabled = True
    form_fields = ["status"]
    list_display = ["created_at", "event", "subscription", "status", "attempts", "last_status_code", "last_error"]
    list_filter = ["status", "event"]


@hooks.register("register_admin_viewset")
def register_webhook_viewsets():
    return [WebhookViewSet("webhooks"), DeliveryViewSet("webhook_deliveries")]
