"""Follow-ups in the staff admin, scoped like requests: office staff see their office's."""

from django.contrib.admin.utils import unquote
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.views.generic import CopyView, DeleteView, EditView, HistoryView, IndexView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from offices.permissions import Action, can, scope
from outcomes.forms import FollowUpForm
from outcomes.models import FollowUp


class FollowUpPolicy(ModelPermissionPolicy):
    """Handling follow-ups is part of handling requests (offices.permissions)."""

    def user_has_permission(self, user, action):
        if action == "view":
            return can(user, Action.VIEW)
        return can(user, Action.HANDLE)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def user_has_permission_for_instance(self, user, action, instance):
        if action != "view" and not can(user, Action.HANDLE, instance.office):
            return False
        return self.user_has_permission(user, action) and can(user, Action.VIEW, instance.office)

    def instances_user_has_any_permission_for(self, user, actions):
        return scoped_follow_ups(user) if self.user_has_any_permission(user, actions) else FollowUp.objects.none()


register_permission_policy(FollowUp, FollowUpPolicy(FollowUp))


def scoped_follow_ups(user):
    return scope(user, FollowUp.objects.select_related("office"))


class FollowUpIndexView(IndexView):
    def get_base_queryset(self):
        return scoped_follow_ups(self.request.user)


class ScopedObjectMixin:
    """Another office's follow-up is a 404 for office staff, as with requests.

    Checked before the view's own lookup, which may answer 403 (the copy view) and so
    confirm that the follow-up exists.
    """

    def get_object(self, *args, **kwargs):
        try:
            visible = scoped_follow_ups(self.request.user).filter(pk=unquote(str(self.kwargs["pk"]))).exists()
        except ValueError:  # not a number
            visible = False
        if not visible:
            raise Http404
        # Edit, delete and copy views take Django's `queryset` argument, history and
        # usage views (Wagtail's BaseObjectMixin) take none: pass on whatever was given.
        return super().get_object(*args, **kwargs)


class FollowUpEditView(ScopedObjectMixin, EditView):
    pass


class FollowUpDeleteView(ScopedObjectMixin, DeleteView):
    pass


class FollowUpHistoryView(ScopedObjectMixin, HistoryView):
    pass


class FollowUpUsageView(ScopedObjectMixin, UsageView):
    pass


class FollowUpCopyView(ScopedObjectMixin, CopyView):
    pass


class FollowUpViewSet(ModelViewSet):
    index_view_class = FollowUpIndexView
    edit_view_class = FollowUpEditView
    delete_view_class = FollowUpDeleteView
    history_view_class = FollowUpHistoryView
    usage_view_class = FollowUpUsageView
    copy_view_class = FollowUpCopyView
    model = FollowUp
    icon = "success"
    menu_label = _("Follow-ups")
    menu_order = 135
    add_to_admin_menu = True
    list_display = ["title", "kind", "country", "office", "status", "start_date", "published"]
    list_filter = ["kind", "status", "office", "published"]
    search_fields = ["title", "description"]

    def get_form_class(self, for_update=False):
        return FollowUpForm  # offers each user only the requests and offices they may use


@hooks.register("register_admin_viewset")
def register_follow_up_viewset():
    return FollowUpViewSet("follow_ups")
