import pytest

from catalogue.tests.factories import create_best_practice, create_company, create_expert, create_home
from offices.tests.factories import create_office, create_region, get_county
from visits.models import VisitPlan, VisitPlanItem
from visits.plans import PLAN_COOKIE

pytestmark = pytest.mark.django_db


@pytest.fixture
def practice():
    region = create_region(name="North", slug="north", counties=("Västerbotten",))
    create_office(create_home(), region=region, title="North office", slug="north")
    return create_best_practice(title="Umeå buses", county=get_county("Västerbotten"))


def test_starring_without_javascript_redirects_back_and_keeps_the_plan_in_a_cookie(client, practice):
    response = client.post("/plan/star/", {"page": practice.pk, "next": "/best-practices/?q=bus"})
    assert response.status_code == 302 and response["Location"] == "/best-practices/?q=bus"
    cookie = response.cookies[PLAN_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and int(cookie["max-age"]) > 86400 * 300
    plan = VisitPlan.objects.get(token=cookie.value)
    assert list(plan.items.values_list("page_id", flat=True)) == [practice.pk]
    html = client.get(practice.url).content.decode()
    assert 'aria-pressed="true"' in html
    assert "My Visit Plan (1)" in html


def test_starring_again_unstars(client, practice):
    client.post("/plan/star/", {"page": practice.pk})
    client.post("/plan/star/", {"page": practice.pk})
    assert not VisitPlanItem.objects.exists()
    assert 'aria-pressed="false"' in client.get(practice.url).content.decode()


def test_starring_with_htmx_returns_the_button_and_the_new_count(client, practice):
    response = client.post("/plan/star/", {"page": practice.pk}, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'aria-pressed="true"' in html
    assert 'id="plan-link" href="/plan/" hx-swap-oob="true"' in html and "My Visit Plan (1)" in html


def test_unsafe_next_urls_are_ignored(client, practice):
    response = client.post("/plan/star/", {"page": practice.pk, "next": "https://evil.example/"})
    assert response["Location"] == practice.url


@pytest.mark.parametrize("page", ["", "abc", "999999", "1"])
def test_only_live_best_practices_companies_and_experts_can_be_starred(client, practice, page):
    assert client.post("/plan/star/", {"page": page}).status_code == 404
    assert not VisitPlan.objects.exists()


def test_star_needs_post_and_csrf(practice):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    assert strict.get("/plan/star/").status_code == 405
    assert strict.post("/plan/star/", {"page": practice.pk}).status_code == 403


def test_the_plan_groups_items_by_office_and_lists_companies_and_experts(client, practice):
    south = create_region(name="South", slug="south", counties=("Skåne",))
    create_office(create_home(), region=south, title="South office", slug="south")
    malmo = create_best_practice(title="Malmö harbour", county=get_county("Skåne"))
    company = create_company(title="Nordbuss AB", county=get_county("Västerbotten"))
    expert = create_expert(title="Ingrid Lund")
    for page in (practice, malmo, company, expert):
        client.post("/plan/star/", {"page": page.pk})
    html = client.get("/plan/").content.decode()
    north_part = html.split("North office")[1].split("South office")[0]
    assert "Umeå buses" in north_part and "Nordbuss AB" in north_part
    assert "Malmö harbour" in html.split("South office")[1]
    assert "Ingrid Lund" in html.split("Anywhere in Sweden")[1]
    assert html.count("<circle") == 2  # the two best practices on the map
    assert "Book this visit" in html


def test_notes_and_removal_only_touch_your_own_plan(client, practice):
    client.post("/plan/star/", {"page": practice.pk})
    item = VisitPlanItem.objects.get()
    client.post(f"/plan/items/{item.pk}/", {"action": "note", "note": "Ask about winter <b>operation</b>"})
    item.refresh_from_db()
    assert item.note == "Ask about winter <b>operation</b>"
    assert "Ask about winter &lt;b&gt;operation&lt;/b&gt;" in client.get("/plan/").content.decode()

    from django.test import Client

    stranger = Client()
    stranger.post("/plan/star/", {"page": practice.pk})
    assert stranger.post(f"/plan/items/{item.pk}/", {"action": "remove"}).status_code == 404
    assert Client().post(f"/plan/items/{item.pk}/", {"action": "remove"}).status_code == 404
    client.post(f"/plan/items/{item.pk}/", {"action": "remove"})
    assert not VisitPlanItem.objects.filter(pk=item.pk).exists()


def test_the_private_link_opens_the_plan_on_another_device(client, practice):
    client.post("/plan/star/", {"page": practice.pk})
    token = VisitPlan.objects.get().token
    assert f"/plan/shared/{token}/" in client.get("/plan/").content.decode()

    from django.test import Client

    other_device = Client()
    html = other_device.get(f"/plan/shared/{token}/").content.decode()
    assert "Umeå buses" in html and "Use this plan on this device" in html
    response = other_device.post(f"/plan/shared/{token}/use/")
    assert response.cookies[PLAN_COOKIE].value == token
    assert "My Visit Plan (1)" in other_device.get("/plan/").content.decode()
    assert other_device.get("/plan/shared/not-a-token/").status_code == 404


def test_an_empty_plan_says_so(client):
    create_home()
    assert "Your plan is empty" in client.get("/plan/").content.decode()
    client.cookies[PLAN_COOKIE] = "forged-or-expired"
    assert client.get("/plan/").status_code == 200
