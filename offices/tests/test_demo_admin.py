"""The demo's office user gets into the admin through its staff role alone."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.test import Client

from visits.tests.factories import create_bookable_office

pytestmark = pytest.mark.django_db


def test_the_demo_office_user_opens_the_admin_through_its_role_group(settings, tmp_path):
    settings.BASE_DIR = tmp_path  # the command keeps the password in BASE_DIR/var/
    create_bookable_office(title="Umeå", slug="north")
    call_command("ensure_demo_admin", base_url="http://testserver", stdout=io.StringIO())
    north = get_user_model().objects.get(username="north")
    assert not north.user_permissions.exists()
    assert list(north.groups.values_list("name", flat=True)) == ["Office staff"]
    client = Client()
    password = (tmp_path / "var" / "demo-admin-password").read_text().strip()
    response = client.post("/admin/login/", {"username": "north", "password": password})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200
