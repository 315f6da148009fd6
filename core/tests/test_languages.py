"""Languages in the URL, the switch, hreflang, the first-visit redirect and the catalogues."""

import shutil
import subprocess
from pathlib import Path
from unittest import mock

import polib
import pytest
from django.conf import settings
from django.core.management import call_command

from catalogue.tests.factories import create_focus_area, create_home, create_listing_page, translate_page

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
LOCALE_DIR = Path(settings.BASE_DIR) / "locale"
CATALOGUES = sorted(LOCALE_DIR.glob("*/LC_MESSAGES/django.po"))


@pytest.fixture
def home():
    return create_home()


def test_every_language_has_a_catalogue():
    assert {path.parent.parent.name for path in CATALOGUES} == {"sv", "zh_Hans"}


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda path: path.parent.parent.name)
def test_catalogues_are_complete_and_compiled(path):
    catalogue = polib.pofile(str(path))
    assert catalogue.untranslated_entries() == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert catalogue.obsolete_entries() == []
    assert catalogue.percent_translated() == 100
    # The .mo served at run time says the same as the .po (compilemessages was run).
    compiled = polib.mofile(str(path.with_suffix(".mo")))
    assert {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in compiled} == {
        (e.msgctxt, e.msgid): e.msgstr or {int(k): v for k, v in e.msgstr_plural.items()} for e in catalogue
    }


@pytest.mark.skipif(not shutil.which("xgettext"), reason="needs GNU gettext (.ci/run installs it)")
def test_no_marked_string_is_missing_from_the_catalogues(tmp_path, settings, monkeypatch):
    """makemessages over the code finds nothing that the catalogues do not already translate.

    It runs on a copy of the sources: makemessages rewrites every catalogue it finds."""
    copy = tmp_path / "src"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__", "*.sqlite3", "*.mo"),
    )
    monkeypatch.chdir(copy)
    settings.LOCALE_PATHS = [copy / "locale"]
    call_command("makemessages", locale=["sv", "zh_Hans"], verbosity=0)
    for path in (copy / "locale").glob("*/LC_MESSAGES/django.po"):
        catalogue = polib.pofile(str(path))
        assert [e.msgid for e in catalogue.untranslated_entries() + catalogue.fuzzy_entries()] == [], path


def test_gettext_is_installed_where_the_tests_run():
    # The check above may only be skipped on a developer's machine; CI installs gettext.
    assert shutil.which("xgettext") and shutil.which("msgmerge"), subprocess.list2cmdline(
        ["apt-get", "install", "gettext"]
    )


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/sv", "sv"), ("/zh-hans", "zh-hans")])
def test_each_language_has_its_prefix(client, home, prefix, language):
    response = client.get(f"{prefix}/book/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


@pytest.mark.parametrize("path", ["/de/book/", "/xx/", "/en/book/", "/zh/book/", "/SV/book/"])
def test_an_unknown_language_prefix_is_not_found(client, home, path):
    assert client.get(path).status_code == 404


def test_swedish_pages_speak_swedish_only(client, home):
    html = client.get("/sv/book/").content.decode()
    assert "Boka ett studiebesök" in html
    assert "Book a study visit" not in html


def test_the_switch_links_every_language_without_javascript(client, home):
    html = client.get("/sv/calendar/?view=week").content.decode()
    switch = html[html.index('class="language-switch"') : html.index("</nav>", html.index('class="language-switch"'))]
    assert 'href="/calendar/?view=week"' in switch
    assert 'href="/zh-hans/calendar/?view=week"' in switch
    assert 'aria-current="true">Svenska<' in switch
    assert 'lang="zh-hans" hreflang="zh-hans"' in switch


def test_the_switch_uses_the_address_django_resolved_rather_than_resolving_it_again(client, home):
    from django.urls import resolve

    from core import languages_switch

    with mock.patch.object(languages_switch, "resolve", wraps=resolve) as resolving:
        html = client.get("/sv/calendar/?view=week&date=2027-03-01").content.decode()

    assert resolving.call_count == 0  # six before: twice for each language
    assert 'hreflang="zh-hans" href="http://127.0.0.1:8000/zh-hans/calendar/?view=week&amp;date=2027-03-01"' in html


@pytest.mark.parametrize("path", ["//evil.example/", "/sv//evil.example/x/", "/\\evil.example/"])
def test_the_switch_never_links_to_another_host(client, home, path):
    response = client.get(path)
    html = response.content.decode()
    start = html.find('class="language-switch"')
    assert start != -1
    switch = html[start : html.index("</nav>", start)]
    for href in switch.split('href="')[1:]:
        url = href.split('"')[0]
        assert url.startswith("/") and not url.startswith("//") and not url.startswith("/\\"), url


def test_a_page_links_its_translations_and_says_so_to_search_engines(client, home):
    focus = create_focus_area(title="Energy", slug="energy")
    translate_page(home, "sv", title="Välkommen")
    translate_page(focus, "sv", title="Energi")
    translate_page(home, "zh-hans", alias=True)
    translate_page(focus, "zh-hans", alias=True)

    html = client.get("/sv/energy/").content.decode()
    assert "<h1>Energi</h1>" in html or ">Energi<" in html
    assert '<link rel="alternate" hreflang="en" href="http://127.0.0.1:8000/energy/">' in html
    assert '<link rel="alternate" hreflang="sv" href="http://127.0.0.1:8000/sv/energy/">' in html
    assert '<link rel="alternate" hreflang="x-default" href="http://127.0.0.1:8000/energy/">' in html
    assert 'hreflang="zh-hans" href=' not in html.split("</head>")[0]  # an alias is no translation
    assert 'href="/zh-hans/energy/"' in html  # but the switch still goes there


def test_an_untranslated_page_shows_english_and_says_so(client, home):
    focus = create_focus_area(title="Energy", slug="energy")
    translate_page(home, "sv", title="Välkommen")
    translate_page(focus, "sv", alias=True)
    html = client.get("/sv/energy/").content.decode()
    assert "Energy" in html
    assert "Den här sidan har inte översatts ännu" in html
    assert '<link rel="canonical" href="http://localhost/energy/">' in html  # the Wagtail site's address
    translated = client.get("/energy/").content.decode()
    assert "inte översatts" not in translated and "not been translated" not in translated


def test_the_sitemap_lists_translations_with_alternates_and_leaves_out_aliases(client, home):
    focus = create_focus_area(title="Energy", slug="energy")
    create_listing_page()
    translate_page(home, "sv", title="Välkommen")
    translate_page(focus, "sv", title="Energi")
    translate_page(home, "zh-hans", alias=True)
    xml = client.get("/sitemap.xml").content.decode()
    assert "<loc>http://localhost/sv/energy/</loc>" in xml
    assert '<xhtml:link rel="alternate" hreflang="sv" href="http://localhost/sv/energy/"/>' in xml
    assert '<xhtml:link rel="alternate" hreflang="x-default" href="http://localhost/energy/"/>' in xml
    assert "/zh-hans/" not in xml
    assert "<loc>http://localhost/best-practices/</loc>" in xml


def test_accept_language_chooses_on_the_first_visit_only(client, home):
    create_focus_area(title="Energy", slug="energy")
    first = client.get("/book/?office=north", HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9,en;q=0.5", HTTP_ACCEPT=BROWSER)
    assert first.status_code == 302 and first["Location"] == "/sv/book/?office=north"
    assert first.cookies[settings.LANGUAGE_COOKIE_NAME].value == "sv"
    # Back on the English address (the switch), the browser's wish is not forced again.
    again = client.get("/book/", HTTP_ACCEPT_LANGUAGE="sv-SE,sv;q=0.9", HTTP_ACCEPT=BROWSER)
    assert again.status_code == 200 and '<html lang="en">' in again.content.decode()


def test_a_chinese_browser_lands_on_the_chinese_version_of_a_page(client, home):
    focus = create_focus_area(title="Energy", slug="energy")
    translate_page(home, "zh-hans", title="欢迎")
    translate_page(focus, "zh-hans", title="能源", slug="neng-yuan")
    response = client.get("/energy/", HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 302 and response["Location"] == "/zh-hans/neng-yuan/"


def test_an_english_browser_and_a_prefixed_address_are_left_alone(client, home):
    response = client.get("/book/", HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/sv/book/", HTTP_ACCEPT_LANGUAGE="zh-CN").status_code == 200
    assert "Accept-Language" in response["Vary"]


def test_feeds_and_files_are_not_redirected(client, home):
    assert client.get("/calendar/feeds/events.ics", HTTP_ACCEPT_LANGUAGE="sv", HTTP_ACCEPT="*/*").status_code == 200
    assert client.get("/robots.txt", HTTP_ACCEPT_LANGUAGE="sv", HTTP_ACCEPT="text/plain").status_code == 200


def test_dates_and_numbers_follow_the_language(client, home):
    import datetime

    from django.utils import translation

    from core.templatetags.core_tags import weekday_date

    day = datetime.date(2026, 11, 27)
    with translation.override("sv"):
        assert weekday_date(day) == "fredag 27 november 2026"
    with translation.override("zh-hans"):
        assert weekday_date(day) == "2026年11月27日 星期五"
    with translation.override("en"):
        assert weekday_date(day) == "Friday 27 November 2026"
    from django.contrib.humanize.templatetags.humanize import intcomma

    with translation.override("sv"):
        assert intcomma(12345) == "12\xa0345"
    with translation.override("zh-hans"):
        assert intcomma(12345) == "12,345"


def test_a_translation_is_marked_out_of_date_when_its_source_changes(home):
    """The editor's flow through wagtail-localize: translate, change the English, sync."""
    from wagtail.models import Locale
    from wagtail_localize.models import Translation, TranslationSource

    focus = create_focus_area(title="Energy", slug="energy", introduction="Heat and power.")
    source, _created = TranslationSource.get_or_create_from_instance(focus)
    translation = Translation.objects.create(source=source, target_locale=Locale.objects.get(language_code="sv"))
    po = translation.export_po()
    for entry in po:
        entry.msgstr = {"Energy": "Energi", "Heat and power.": "Värme och kraft.", "energy": "energy"}[entry.msgid]
    translation.import_po(po)
    translation.save_target(publish=False)
    assert translation.get_progress() == (3, 3)

    focus.introduction = "Heat, power and cooling."
    focus.save_revision().publish()
    source.update_from_db()  # "Sync translated pages"
    assert translation.get_progress() == (3, 2)  # the new introduction waits for a translator
    swedish = translation.get_target_instance()
    assert swedish.title == "Energi" and swedish.introduction == "Värme och kraft."
