"""Editors and moderators can preview every catalogue page type, saved or not yet created."""

import pytest
from django.apps import apps
from django.db.models import BooleanField
from django.urls import reverse
from django.utils.html import escape
from wagtail.fields import StreamField
from wagtail.test.utils.form_data import querydict_from_html

from catalogue.tests.factories import (
    create_best_practice,
    create_company,
    create_directory_page,
    create_expert,
    create_focus_area,
    create_home,
    create_listing_page,
    create_sub_area,
)
from offices.tests.factories import get_county

pytestmark = pytest.mark.django_db


@pytest.fixture
def pages():
    sub_area = create_sub_area(title="District heating", slug="district-heating")
    practice = create_best_practice([sub_area], title="Heat from the data centre")
    company = create_company([sub_area], [practice], title="Värme AB")
    expert = create_expert([sub_area], [practice], title="Ingrid Lund", company=company)
    return {
        "home": create_home(),
        "focus_area": sub_area.get_parent().specific,
        "sub_area": sub_area,
        "listing": create_listing_page(),
        "practice": practice,
        "directory": create_directory_page(),
        "company": company,
        "expert": expert,
    }


def form_data(client, url, model):
    """The editor form's fields as the browser would post them."""
    data = querydict_from_html(client.get(url).content.decode(), form_id="page-edit-form")
    for field in model._meta.get_fields():
        # Stream fields are drawn by JavaScript, so the HTML has no inputs for them: post them empty.
        if isinstance(field, StreamField):
            data.setdefault(f"{field.name}-count", "0")
        # A checked box without a value attribute is read as "", where a browser posts "on".
        if isinstance(field, BooleanField) and data.get(field.name) == "":
            data[field.name] = "on"
    return data


def edit_form_data(client, page):
    return form_data(client, reverse("wagtailadmin_pages:edit", args=[page.pk]), type(page))


def assert_preview_shows(client, preview_url, data, title):
    posted = client.post(preview_url, data)
    assert posted.json() == {"is_valid": True, "is_available": True}, posted.content
    response = client.get(preview_url)
    assert response.status_code == 200
    assert f"<h1>{escape(title)}</h1>" in response.content.decode()


PAGE_NAMES = ["home", "focus_area", "sub_area", "listing", "practice", "directory", "company", "expert"]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_editor_preview_of_a_changed_page_renders_the_changes(admin_client, pages, name):
    page = pages[name]
    data = edit_form_data(admin_client, page)
    data["title"] = f"{page.title} (edited)"
    preview_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    assert_preview_shows(admin_client, preview_url, data, f"{page.title} (edited)")


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_moderators_see_the_draft_of_a_page(admin_client, pages, name):
    page = pages[name]
    page.title = f"{page.title} (draft)"
    page.save_revision()
    response = admin_client.get(reverse("wagtailadmin_pages:view_draft", args=[page.pk]))
    assert response.status_code == 200
    assert f"<h1>{escape(page.title)}</h1>" in response.content.decode()


def add_form_data(client, model_name, parent, **fields):
    url = reverse("wagtailadmin_pages:add", args=["catalogue", model_name, parent.pk])
    data = form_data(client, url, apps.get_model("catalogue", model_name))
    for key, value in fields.items():
        data.setlist(key, value if isinstance(value, list) else [value])
    return data


def preview_on_add_url(model_name, parent):
    return reverse("wagtailadmin_pages:preview_on_add", args=["catalogue", model_name, parent.pk])


def test_editor_preview_of_a_new_best_practice(admin_client, pages):
    data = add_form_data(
        admin_client,
        "bestpracticepage",
        pages["listing"],
        title="A new site",
        slug="a-new-site",
        summary="Not saved yet.",
        municipality="Umeå",
        county=str(get_county("Västerbotten").pk),
        latitude="63.8",
        longitude="20.3",
        visitable_on_site="on",
        sub_areas=[str(pages["sub_area"].pk)],
    )
    assert_preview_shows(admin_client, preview_on_add_url("bestpracticepage", pages["listing"]), data, "A new site")


@pytest.mark.parametrize(
    ("model_name", "fields"),
    [
        ("companypage", {"description": "Makes heat."}),
        ("expertpage", {"role": "Engineer"}),
    ],
)
def test_editor_preview_of_a_new_directory_entry(admin_client, pages, model_name, fields):
    data = add_form_data(
        admin_client,
        model_name,
        pages["directory"],
        title="Someone new",
        slug="someone-new",
        sub_areas=[str(pages["sub_area"].pk)],
        best_practices=[str(pages["practice"].pk)],
        **fields,
    )
    assert_preview_shows(admin_client, preview_on_add_url(model_name, pages["directory"]), data, "Someone new")


def test_editor_preview_of_a_new_sub_area(admin_client, pages):
    focus_area = create_focus_area(title="Water", slug="water")
    data = add_form_data(admin_client, "subareapage", focus_area, title="Storm water", slug="storm-water")
    assert_preview_shows(admin_client, preview_on_add_url("subareapage", focus_area), data, "Storm water")
