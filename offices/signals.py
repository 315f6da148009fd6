"""A staff role puts its user in the matching Wagtail group (created by migration 0005)."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from offices.models import StaffRole


def leave_role_groups(user_id, keep=None):
    """Take the user out of every role group but `keep` (other groups stay)."""
    memberships = get_user_model().groups.through.objects.filter(
        user_id=user_id, group__name__in=StaffRole.GROUP_NAMES.values()
    )
    if keep is not None:
        memberships = memberships.exclude(group=keep)
    memberships.delete()


@receiver(pre_save, sender=StaffRole, dispatch_uid="offices_staff_role_previous_user")
def remember_previous_user(sender, instance, **kwargs):
    previous = StaffRole.objects.filter(pk=instance.pk).values_list("user_id", flat=True) if instance.pk else []
    instance._previous_user_id = next(iter(previous), None)


@receiver(post_save, sender=StaffRole, dispatch_uid="offices_staff_role_groups")
def put_user_in_role_group(sender, instance, raw=False, **kwargs):
    if raw:  # loaddata: the fixture carries its own group memberships
        return
    previous_user_id = getattr(instance, "_previous_user_id", None)
    if previous_user_id and previous_user_id != instance.user_id:  # the role moved to another user
        leave_role_groups(previous_user_id)
    group, _created = Group.objects.get_or_create(name=StaffRole.GROUP_NAMES[instance.role])
    leave_role_groups(instance.user_id, keep=group)
    instance.user.groups.add(group)


@receiver(post_delete, sender=StaffRole, dispatch_uid="offices_staff_role_groups_removed")
def take_user_out_of_role_groups(sender, instance, **kwargs):
    leave_role_groups(instance.user_id)
