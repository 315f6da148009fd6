"""Input no page produces is refused with a 4xx before any view or database sees it.

Each case here was a 500 (issue 13); test_fuzz.py searches for more.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from catalogue.tests.factories import create_best_practice, create_home, create_listing_page
from tours.tests.factories import create_plan
from visits.models import VisitRequest
from visits.tests.factories import create_visit_request

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    create_home()
    create_listing_page()
    return create_best_practice(title="Biogas buses")


@pytest.mark.parametrize("parameter", ["office", "focus_area", "tag", "q", "page"])
def test_a_nul_byte_in_a_query_parameter_is_a_400_that_says_why(client, practice, parameter):
    response = client.get("/best-practices/", {parameter: "north\x00"})
    assert response.status_code == 400
    assert "character that no link on this site contains" in response.content.decode()


@pytest.mark.parametrize(
    "path",
    ["/visit/abc%00def/", "/plan/shared/abc%00def/", "/book/sent/abc%00def/", "/calendar/feeds/staff/a%00b.ics"],
)
def test_a_nul_byte_in_an_address_token_is_a_400(client, path):
    assert client.get(path).status_code == 400


@pytest.mark.parametrize("cookie", ["visit_plan", "sessionid", "csrftoken"])
def test_a_cookie_holding_a_nul_byte_is_dropped_and_expired_not_a_500_on_every_page(client, practice, cookie):
    client.cookies[cookie] = "abc\x00def"
    response = client.get(practice.url)
    assert response.status_code == 200
    assert response.cookies[cookie].value == ""  # expired, so the browser is not stuck with it
    assert response.cookies[cookie]["max-age"] == 0


def test_a_good_plan_cookie_beside_a_broken_one_still_counts(client, practice):
    plan = create_plan(practice)
    client.cookies["visit_plan"] = plan.token
    client.cookies["sessionid"] = "x\x00"
    response = client.get(practice.url)
    assert response.status_code == 200
    assert "visit_plan" not in response.cookies


def test_a_nul_byte_in_a_withdraw_reason_is_refused_and_the_request_stays_as_it_was(client):
    visit_request = create_visit_request()
    response = client.post(f"/visit/{visit_request.status_token}/withdraw/", {"reason": "late\x00", "confirm": "yes"})
    assert response.status_code == 400
    assert "cannot be typed" in response.content.decode()
    visit_request.refresh_from_db()
    assert visit_request.status == VisitRequest.Status.SUBMITTED


def test_a_nul_byte_in_a_plan_note_is_refused_and_the_saved_note_kept(client, practice):
    plan = create_plan(practice)
    item = plan.items.get()
    item.note = "Bring the bus timetable"
    item.save()
    client.cookies["visit_plan"] = plan.token
    response = client.post(f"/plan/items/{item.pk}/", {"note": "x\x00y"})
    assert response.status_code == 400
    item.refresh_from_db()
    assert item.note == "Bring the bus timetable"


def test_a_form_posted_in_utf16_is_a_400(client, practice):
    body = f"page={practice.pk}".encode("utf-16")
    response = client.generic(
        "POST", "/plan/star/", body, content_type="application/x-www-form-urlencoded; charset=utf-16"
    )
    assert response.status_code == 400
    assert "could not be understood" in response.content.decode()


@pytest.mark.parametrize("path", ["/plan/items/99999999999999999999999/", "/plan/tour/stops/18446744073709551616/"])
def test_ids_beyond_64_bits_in_an_address_are_a_404(client, path):
    assert client.post(path, {"note": "x"}).status_code == 404


def test_ids_beyond_64_bits_in_a_form_are_a_404(client, practice):
    response = client.post("/plan/star/", {"page": "99999999999999999999999"})
    assert response.status_code == 404


def test_a_media_name_too_long_for_the_file_system_is_a_404(client):
    assert client.get("/media/" + "a" * 300).status_code == 404
    assert client.get("/media/original_images/" + "é" * 200 + ".jpg").status_code == 404


def test_a_body_larger_than_the_limit_is_refused_unread_with_413(settings, practice):
    settings.MAX_REQUEST_BYTES = 1024 * 1024
    client = Client()
    # A client that claims a gigabyte: refused on the header, before a byte is read.
    response = client.generic(
        "POST",
        "/plan/star/",
        b"page=1",
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(1024**3),
    )
    assert response.status_code == 413
    assert "at most 1 MB" in response.content.decode()


def test_files_sent_to_a_form_that_takes_none_are_dropped_unread(client, practice, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10  # anything larger would go to a temporary file
    upload = SimpleUploadedFile("big.bin", b"x" * 200_000)
    response = client.post("/plan/star/", {"page": practice.pk, "attachment": upload})
    assert response.status_code == 302  # the star itself still works
    assert list(tmp_path.iterdir()) == []  # and nothing was written to disk


def test_files_sent_to_the_admin_by_a_stranger_are_dropped_unread(client, settings, tmp_path):
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    settings.FILE_UPLOAD_MAX_MEMORY_SIZE = 10
    upload = SimpleUploadedFile("big.bin", b"x" * 200_000)
    response = client.post("/admin/login/", {"username": "x", "password": "y", "file": upload})
    assert response.status_code == 200
    assert list(tmp_path.iterdir()) == []


def test_a_write_that_waited_out_sqlites_lock_is_a_503_that_says_nothing_was_saved(rf):
    from django.db import OperationalError

    from core.input_guard import BusyDatabaseMiddleware

    middleware = BusyDatabaseMiddleware(lambda request: None)
    response = middleware.process_exception(rf.post("/book/"), OperationalError("database is locked"))
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert "nothing was saved" in response.content.decode()
    assert middleware.process_exception(rf.get("/"), OperationalError("no such table: x")) is None
