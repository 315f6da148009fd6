"""Wagtail's "API tokens" admin asks Django for the APIToken model's permissions. Whoever's
role may see requests (offices.permissions, the one source of who may do what) has them for
their own tokens; nobody needs a group to carry them."""

TOKEN_PERMISSIONS = frozenset(f"wagtailcore.{action}_apitoken" for action in ("add", "change", "delete", "view"))


class StaffApiTokens:
    def authenticate(self, request, **credentials):
        return None  # grants permissions only; signing in is other backends' business

    def has_perm(self, user, perm, obj=None):
        from offices.permissions import Action, can

        return perm in TOKEN_PERMISSIONS and user.is_active and can(user, Action.VIEW)

    def has_module_perms(self, user, app_label):
        return False
