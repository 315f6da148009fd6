import pytest
from django.urls import reverse
from catalogue.tests.test_preview import edit_form_data, pages  # noqa
pytestmark = pytest.mark.django_db

def test_dbg(admin_client, pages):
    page = pages["practice"]
    data = edit_form_data(admin_client, page)
    print(dict(data.lists()))
    r = admin_client.post(reverse("wagtailadmin_pages:edit", args=[page.pk]), data)
    import re
    print(r.status_code, re.findall(r'error-message[^>]*>(.*?)<', r.content.decode(), re.S)[:10])
    assert 0
