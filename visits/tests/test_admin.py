import pytest
from django.contrib.auth import get_user_model

from visits.tests.factories import create_visit_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    user = get_user_model().objects.create_superuser("coordinator", "c@example.org", "pw")
    client.force_login(user)
    return client


def test_staff_see_requests_in_the_admin_and_open_them(staff_client):
    visit_request = create_visit_request(organisation="Delhi Smart City Mission")
    listing = staff_client.get("/admin/visit_requests/")
    assert listing.status_code == 200
    assert visit_request.reference in listing.content.decode()
    detail = staff_client.get(f"/admin/visit_requests/inspect/{visit_request.pk}/")
    assert detail.status_code == 200
    assert "Delhi Smart City Mission" in detail.content.decode() and visit_request.email in detail.content.decode()


def test_the_admin_does_not_edit_or_delete_requests(staff_client):
    visit_request = create_visit_request()
    assert staff_client.get(f"/admin/visit_requests/edit/{visit_request.pk}/").status_code in (302, 403)
    assert staff_client.post(f"/admin/visit_requests/delete/{visit_request.pk}/").status_code in (302, 403)
    assert staff_client.get("/admin/visit_requests/new/").status_code in (302, 403)
    visit_request.refresh_from_db()


def test_strangers_are_sent_to_the_login(client):
    visit_request = create_visit_request()
    response = client.get(f"/admin/visit_requests/inspect/{visit_request.pk}/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
