"""Site hosts in the admin: staff-only contact data of the people who receive delegations at
best-practice sites. Staff who handle requests and content editors keep them; nobody else
sees them (Wagtail answers "permission denied")."""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.views.generic import IndexView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from catalogue.models import BestPracticePage, SiteHost
from core.i18n import in_default_language
from offices.permissions import Action, can


def may_keep_hosts(user) -> bool:
    return can(user, Action.HANDLE) or can(user, Action.EDIT_CONTENT)


class SiteHostPolicy(ModelPermissionPolicy):
    def user_has_permission(self, user, action):
        return may_keep_hosts(user)

    def user_has_any_permission(self, user, actions):
        return may_keep_hosts(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return may_keep_hosts(user)

    def instances_user_has_any_permission_for(self, user, actions):
        return SiteHost.objects.all() if may_keep_hosts(user) else SiteHost.objects.none()


register_permission_policy(SiteHost, SiteHostPolicy(SiteHost))


class SiteHostForm(WagtailAdminModelForm):
    """The practice is chosen among default-language pages: visits name those as their sites."""

    class Meta:
        model = SiteHost
        fields = ["practice", "name", "email", "phone", "language"]
        widgets = {"practice": forms.Select}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["practice"].queryset = in_default_language(BestPracticePage.objects.all()).order_by("title")


class SiteHostIndexView(IndexView):
    def get_base_queryset(self):
        return super().get_base_queryset().select_related("practice")


class SiteHostViewSet(ModelViewSet):
    model = SiteHost
    index_view_class = SiteHostIndexView
    icon = "user"
    menu_label = _("Site hosts")
    menu_order = 133
    add_to_admin_menu = True
    copy_view_enabled = False
    list_display = ["practice", "name", "email", "language"]
    search_fields = ["name", "email", "practice__title"]
    search_backend_name = None  # not in the search index: contact data stays out of it

    def get_form_class(self, for_update=False):
        return SiteHostForm  # the model's panels would offer every language's pages


@hooks.register("register_admin_viewset")
def register_site_host_viewset():
    return SiteHostViewSet("site_hosts")
