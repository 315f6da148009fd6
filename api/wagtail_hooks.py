"""Who may keep staff API tokens (Wagtail's "API tokens" under Settings): anyone whose role
may see requests, each their own; Wagtail's administrators everyone's. The rights a token
then carries are its owner's (offices.permissions)."""

from wagtail.models import APIToken
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from offices.permissions import Action, can


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
