"""The site in Swedish and Chinese, as a visitor uses it: the switch, browsing, a star and a
booking whose e-mail and calendar file arrive in the visitor's language; and every public
page type without accessibility violations in all three languages."""

import datetime
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core import mail
from django.utils import translation
from playwright.sync_api import expect
from wagtail.models import Locale
from wagtail_localize.synctree import synchronize_tree

from catalogue.models import BestPracticePage, DirectoryIndexPage, FocusAreaPage
from catalogue.tests.factories import create_company, translate_page
from news.models import NewsIndexPage, NewsPage
from offices.models import OfficeIndexPage
from outcomes.models import SuccessStoryIndexPage
from schedule.models import EventIndexPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def t(language, text):
    """`text` as the interface says it in `language`."""
    with translation.override(language):
        return translation.gettext(text)


@pytest.fixture
def multilingual(demo_catalogue):
    """The demo catalogue with every section, the home page and some pages translated into
    Swedish and Chinese, and the rest shown through aliases (as wagtail-localize syncs them)."""
    home = demo_catalogue
    listing = BestPracticePage.objects.first().get_parent()
    offices = OfficeIndexPage.objects.get()
    news = NewsIndexPage(title="News", slug="news")
    home.add_child(instance=news)
    news.add_child(
        instance=NewsPage(title="Ten years", slug="ten-years", date=datetime.date(2026, 5, 15), body="<p>Hi.</p>")
    )
    home.add_child(instance=EventIndexPage(title="Events", slug="events"))
    home.add_child(instance=SuccessStoryIndexPage(title="From visit to action", slug="success-stories"))
    directory = DirectoryIndexPage(title="Companies & experts", slug="companies-and-experts")
    home.add_child(instance=directory)
    create_company(title="Biogas Systems AB")
    mobility = FocusAreaPage.objects.get(slug="mobility")
    practice = BestPracticePage.objects.get(title="Biogas buses in Malmö")
    practice.slug = "biogas-buses-in-malmo"
    practice.save()
    for language, titles in {
        "sv": ("Se smarta städer", "Goda exempel", "Mobilitet", "Biogasbussar i Malmö", "Kontor"),
        "zh-hans": ("参观智慧城市", "最佳实践", "交通出行", "马尔默的沼气公交车", "办公室"),
    }.items():
        translate_page(home, language, title=titles[0])
        translate_page(listing, language, title=titles[1])
        translate_page(mobility, language, title=titles[2])
        translate_page(practice, language, title=titles[3])
        translate_page(offices, language, title=titles[4])
        synchronize_tree(Locale.objects.get(language_code="en"), Locale.objects.get(language_code=language))
    return home


PAGE_TYPES = [
    "/",
    "/mobility/",
    "/mobility/public-transport/",
    "/best-practices/",
    "/best-practices/?sub_area=public-transport&region=south",
    "/best-practices/?view=map",
    "/best-practices/biogas-buses-in-malmo/",
    "/offices/",
    "/offices/south/",
    "/companies-and-experts/",
    "/news/",
    "/news/ten-years/",
    "/events/",
    "/success-stories/",
    "/calendar/",
    "/book/",
    "/plan/",
    "/newsletter/",
    "/accessibility/",
    "/privacy/",
    "/contact/",
    "/sitemap/",
]


@pytest.mark.parametrize("prefix", ["", "/sv", "/zh-hans"])
def test_every_public_page_type_is_accessible_in_each_language(page, live_server, multilingual, prefix):
    language = prefix.strip("/") or "en"
    failures = {}
    for path in PAGE_TYPES:
        response = page.goto(f"{live_server.url}{prefix}{path}")
        assert response.status == 200, path
        expect(page.locator("html")).to_have_attribute("lang", language)
        results = Axe().run(page)
        if results.violations_count:
            failures[path] = results.generate_report()
    assert failures == {}


def test_switch_to_swedish_then_chinese_browse_star_and_book(page, live_server, multilingual):
    page.goto(f"{live_server.url}/best-practices/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="Svenska").click()
    expect(page).to_have_url(f"{live_server.url}/sv/best-practices/")
    expect(page.locator("html")).to_have_attribute("lang", "sv")
    expect(page.get_by_role("heading", name="Goda exempel", level=1)).to_be_visible()

    page.get_by_role("navigation", name="Språk").get_by_role("link", name="简体中文").click()
    expect(page).to_have_url(f"{live_server.url}/zh-hans/best-practices/")
    expect(page.locator("html")).to_have_attribute("lang", "zh-hans")

    page.get_by_role("link", name="马尔默的沼气公交车").first.click()
    expect(page.get_by_role("heading", name="马尔默的沼气公交车", level=1)).to_be_visible()
    save = t("zh-hans", "Save in My Visit Plan: %(title)s") % {"title": "马尔默的沼气公交车"}
    page.get_by_role("button", name=save).first.click()
    plan_link = t("zh-hans", "My Visit Plan (%(n)s)") % {"n": 1}
    expect(page.get_by_role("link", name=plan_link)).to_be_visible()

    # An untranslated page shows its English text and says so, in Chinese.
    page.goto(f"{live_server.url}/zh-hans/energy/")
    expect(page.locator(".untranslated")).to_be_visible()

    page.get_by_role("link", name=t("zh-hans", "Book a study visit")).first.click()
    expect(page).to_have_url(re.compile(r"/zh-hans/book/"))
    page.get_by_label(re.compile("^" + re.escape(t("zh-hans", "Organisation")))).fill("深圳市规划和自然资源局")
    page.get_by_label(t("zh-hans", "National government")).check()
    page.get_by_label(re.compile("^" + re.escape(t("zh-hans", "Country")))).select_option("CN")
    page.get_by_label(re.compile("^" + re.escape(t("zh-hans", "Your name")))).fill("李伟")
    page.get_by_label(re.compile("^" + re.escape(t("zh-hans", "E-mail")))).fill("li.wei@example.org")
    page.get_by_label(re.compile("^" + re.escape(t("zh-hans", "Phone")))).fill("+86 138 0013 8000")
    size = page.get_by_label(re.compile("^" + re.escape(t("zh-hans", "Number of people"))))
    size.fill("12")
    with page.expect_response(lambda response: "/book/days/" in response.url):
        size.blur()
    page.wait_for_load_state("networkidle")
    page.locator("#day-picker input[name=slots]").first.check()
    consent = t(
        "zh-hans",
        "I agree that Smart City Sweden stores and uses these contact details "
        "to arrange the visit and follow up on it.",
    )
    page.get_by_label(consent).check()
    page.get_by_role("button", name=t("zh-hans", "Send request")).click()
    expect(page.get_by_role("heading", name=t("zh-hans", "Thank you, your request is sent"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"/zh-hans/book/sent/"))

    to_requester = next(message for message in mail.outbox if message.to == ["li.wei@example.org"])
    assert re.search(r"[\u4e00-\u9fff]", to_requester.subject), to_requester.subject
    assert "/zh-hans/visit/" in to_requester.body
    assert "斯德哥尔摩时间" in to_requester.body

    # Staff confirm; the confirmation and its calendar file are in Chinese too.
    from django.contrib.auth import get_user_model

    from visits.models import VisitRequest
    from visits.staff_services import schedule_request

    visit_request = VisitRequest.objects.get()
    assert visit_request.language == "zh-hans"
    held = visit_request.requested_slots.get()
    staff = get_user_model().objects.create_user("sven", "sven@example.org")
    mail.outbox.clear()
    schedule_request(visit_request, staff, [{"office": visit_request.office, "date": held.date, "slot": held.slot}])
    confirmation = next(message for message in mail.outbox if message.to == ["li.wei@example.org"])
    assert "已确认" in confirmation.subject
    _name, ics, _mimetype = confirmation.attachments[0]
    ics = ics if isinstance(ics, str) else ics.decode()
    assert "SUMMARY:考察访问" in ics and "TZID=Europe/Stockholm" in ics
