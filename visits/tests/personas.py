"""Named people for permission tests: a coordinator, office staff, an editor, a manager."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from offices.models import StaffRole


def create_staff(username, role, office=None):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if role:
        StaffRole.objects.create(user=user, role=role, office=office)
    return user
