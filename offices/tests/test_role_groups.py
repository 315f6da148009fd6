"""A staff role is all a new account needs: it puts the user in the role's Wagtail group."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.test import Client
from wagtail.models import GroupCollectionPermission, GroupPagePermission, Page

from catalogue.tests.factories import create_best_practice, create_home
from offices.models import StaffRole
from visits.tests.factories import create_bookable_office

pytestmark = pytest.mark.django_db

Role = StaffRole.Role
ROLE_GROUPS_MIGRATION = importlib.import_module("offices.migrations.0005_role_groups")


@pytest.fixture(autouse=True)
def _role_groups_as_migrated():
    """A transactional test that ran earlier in this worker (browser tests run first) flushed
    what the data migration made, the root page its page permissions hang on included, and
    a later one may have made a role group bare (a role's save joins the group by name). Put
    both back as `migrate` leaves them; the migration's function only adds what is missing."""
    create_home()  # the root page, as Wagtail's migrations make it
    ROLE_GROUPS_MIGRATION.create_role_groups(django_apps, None)


def permissions_of(group_name):
    return {f"{p.content_type.app_label}.{p.codename}" for p in Group.objects.get(name=group_name).permissions.all()}


def page_permissions_of(group_name):
    return set(
        GroupPagePermission.objects.filter(group__name=group_name, page=Page.get_first_root_node()).values_list(
            "permission__codename", flat=True
        )
    )


def role_group_names(user):
    return set(user.groups.filter(name__in=StaffRole.GROUP_NAMES.values()).values_list("name", flat=True))


def new_account(username="new"):
    """A fresh account as an administrator creates it: no groups, no permissions."""
    return get_user_model().objects.create_user(username, f"{username}@example.org", "pw")


def test_the_migration_creates_one_group_per_role_with_admin_access():
    assert sorted(StaffRole.GROUP_NAMES) == sorted(Role.values)
    for name in StaffRole.GROUP_NAMES.values():
        assert "wagtailadmin.access_admin" in permissions_of(name)
    assert permissions_of("Managers") == {"wagtailadmin.access_admin"}
    assert permissions_of("Office staff") == {"wagtailadmin.access_admin"}
    assert {"offices.add_closure", "offices.change_closure", "offices.delete_closure"} <= permissions_of("Coordinators")
    assert "offices.change_closure" not in permissions_of("Editors")
    assert {"offices.add_region", "offices.change_county"} <= permissions_of("Editors")
    for name in ("Editors", "Coordinators"):
        assert {"add_page", "change_page", "publish_page"} <= page_permissions_of(name)
        assert {"add_image", "choose_image", "add_document", "choose_document"} <= set(
            GroupCollectionPermission.objects.filter(group__name=name).values_list("permission__codename", flat=True)
        )
    assert page_permissions_of("Managers") == {"add_page"}  # to write the year-in-review draft they start
    assert page_permissions_of("Office staff") == set()


def test_a_new_account_signs_in_to_the_admin_once_given_a_role():
    office = create_bookable_office()
    user = new_account()
    assert not user.groups.exists()
    client = Client()
    client.force_login(user)
    assert client.get("/admin/").url.startswith("/admin/login/")  # no admin access yet
    StaffRole.objects.create(user=user, role=Role.OFFICE_STAFF, office=office)
    assert role_group_names(user) == {"Office staff"}
    assert client.get("/admin/").status_code == 200


def test_a_changed_role_moves_the_user_to_the_new_group_only():
    practice = create_best_practice()
    user = new_account()
    other = Group.objects.create(name="Newsletter")
    user.groups.add(other)
    staff_role = StaffRole.objects.create(user=user, role=Role.OFFICE_STAFF, office=create_bookable_office())
    staff_role.role, staff_role.office = Role.EDITOR, None
    staff_role.save()
    assert role_group_names(user) == {"Editors"}
    assert user.groups.filter(pk=other.pk).exists()  # groups other than the role groups stay
    client = Client()
    client.force_login(user)
    assert client.get("/admin/pages/").status_code == 200
    assert client.get(f"/admin/pages/{practice.pk}/edit/").status_code == 200


def test_deleting_the_role_takes_the_user_out_of_the_role_groups():
    user = new_account()
    staff_role = StaffRole.objects.create(user=user, role=Role.MANAGER)
    client = Client()
    client.force_login(user)
    assert client.get("/admin/").status_code == 200
    staff_role.delete()
    assert role_group_names(user) == set()
    assert client.get("/admin/").url.startswith("/admin/login/")


def test_a_role_moved_to_another_user_leaves_the_first_user_without_it():
    first, second = new_account("first"), new_account("second")
    staff_role = StaffRole.objects.create(user=first, role=Role.COORDINATOR)
    staff_role.user = second
    staff_role.save()
    assert role_group_names(first) == set()
    assert role_group_names(second) == {"Coordinators"}


def test_the_migration_can_run_again_and_puts_existing_staff_in_their_group():
    migration = ROLE_GROUPS_MIGRATION
    user = new_account()
    StaffRole.objects.create(user=user, role=Role.EDITOR)
    user.groups.clear()  # as for staff who had a role before the groups existed
    before = (Group.objects.count(), GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count())
    migration.create_role_groups(django_apps, None)
    after = (Group.objects.count(), GroupPagePermission.objects.count(), GroupCollectionPermission.objects.count())
    assert after == before
    assert role_group_names(user) == {"Editors"}
