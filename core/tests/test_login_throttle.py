"""The admin's sign-in is throttled by user name and by address (django-axes)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "a long and correct password"


@pytest.fixture(autouse=True)
def staff(settings):
    settings.AXES_FAILURE_LIMIT = 3
    for username in ("anna", "bo"):
        get_user_model().objects.create_superuser(username, f"{username}@example.org", PASSWORD)


def sign_in(username, password, address="198.51.100.1", **headers):
    return Client(REMOTE_ADDR=address, **headers).post("/admin/login/", {"username": username, "password": password})


def test_wrong_passwords_pause_signing_in_with_a_clear_message(settings):
    for _attempt in range(2):
        assert sign_in("anna", "wrong").status_code == 200  # the form again, with its error
    assert sign_in("anna", "wrong").status_code == 429  # the third in a row
    response = sign_in("anna", PASSWORD)  # even the right password now waits
    assert response.status_code == 429
    html = response.content.decode()
    assert "Sign-in paused" in html
    assert "paused for 15 minutes" in html
    assert "wrong" not in html and PASSWORD not in html


def test_the_pause_holds_for_the_user_name_from_another_address_and_for_the_address(settings):
    for _attempt in range(3):
        sign_in("anna", "wrong", address="198.51.100.1")
    assert sign_in("anna", PASSWORD, address="203.0.113.50").status_code == 429  # by user name
    assert sign_in("bo", PASSWORD, address="198.51.100.1").status_code == 429  # by address
    assert sign_in("bo", PASSWORD, address="203.0.113.51").status_code == 302  # everyone else signs in


def test_signing_in_as_oneself_does_not_wipe_the_failures_against_another_user(settings):
    # Someone with an account of their own guesses another's password between their own sign-ins.
    for _attempt in range(2):
        assert sign_in("anna", "wrong").status_code == 200
    assert sign_in("bo", PASSWORD).status_code == 302
    assert sign_in("anna", "wrong").status_code == 429  # the third failure from this address


def test_behind_a_trusted_proxy_each_client_is_counted_on_its_own(settings):
    settings.TRUSTED_PROXIES = ["127.0.0.1"]
    for _attempt in range(3):
        sign_in("nobody", "wrong", address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert sign_in("anna", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.7").status_code == 429
    assert sign_in("bo", PASSWORD, address="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 302
