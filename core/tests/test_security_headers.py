import pytest

from catalogue.tests.factories import create_home

pytestmark = pytest.mark.django_db


def directives(response, header="Content-Security-Policy"):
    return {part.split()[0]: part.split()[1:] for part in response[header].split("; ")}


def test_visitors_pages_allow_nothing_from_elsewhere_and_no_inline_script(client):
    create_home()
    policy = directives(client.get("/"))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'self'"]


def test_a_cached_page_carries_the_policy_too(client):
    create_home()
    client.get("/")
    response = client.get("/")
    assert response["X-Page-Cache"] == "hit"
    assert directives(response)["script-src"] == ["'self'"]
    assert "geolocation=()" in response["Permissions-Policy"]


def test_the_staff_admin_also_allows_wagtails_inline_set_up(client):
    policy = directives(client.get("/admin/login/"))
    assert policy["script-src"] == ["'self'", "'unsafe-inline'"]
    assert policy["default-src"] == ["'self'"]


def test_every_response_says_no_page_uses_camera_microphone_or_location(client):
    for address in ("/robots.txt", "/admin/login/", "/no-such-page/"):
        policy = client.get(address)["Permissions-Policy"]
        assert "camera=()" in policy and "microphone=()" in policy and "geolocation=()" in policy
