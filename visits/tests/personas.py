"""Named people for permission tests: a coordinator, office staff, an editor, a manager."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission

from offices.models import StaffRole

Role = StaffRole.Role


def create_staff(username, role, office=None):
    user = get_user_model().objects.create_user(username, f"{username}@example.org", "pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    if role:
        StaffRole.objects.create(user=user, role=role, office=office)
    return user


def create_cast(north, south):
    """The usual cast around two offices: a coordinator, staff of each office, an editor, a manager."""
    return {
        "coordinator": create_staff("coordinator", Role.COORDINATOR),
        "north_staff": create_staff("north_staff", Role.OFFICE_STAFF, north),
        "south_staff": create_staff("south_staff", Role.OFFICE_STAFF, south),
        "editor": create_staff("editor", Role.EDITOR),
        "manager": create_staff("manager", Role.MANAGER),
    }
