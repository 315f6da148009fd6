import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _synchronised_languages(request):
    """Transactional tests elsewhere flush what core/0001_locales made: the locales and their
    synchronisation (which gives every new page its aliases). Put them back."""
    if "db" not in request.fixturenames and "transactional_db" not in request.fixturenames:
        marker = request.node.get_closest_marker("django_db")
        if marker is None:
            return
    request.getfixturevalue("db")
    from wagtail.models import Locale
    from wagtail_localize.models import LocaleSynchronization

    default, _created = Locale.objects.get_or_create(language_code=settings.LANGUAGE_CODE)
    for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            continue
        locale, _created = Locale.objects.get_or_create(language_code=code)
        LocaleSynchronization.objects.get_or_create(locale=locale, defaults={"sync_from": default})
