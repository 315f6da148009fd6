import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe

from news.models import NewsIndexPage, NewsPage
from outcomes.models import SuccessStoryIndexPage
from schedule.models import EventIndexPage

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def pages(demo_catalogue):
    home = demo_catalogue
    news = NewsIndexPage(title="News", slug="news")
    home.add_child(instance=news)
    news.add_child(
        instance=NewsPage(
            title="A year in review", slug="review", date=datetime.date(2025, 12, 18), body="<p>Thanks.</p>"
        )
    )
    home.add_child(instance=EventIndexPage(title="Events", slug="events"))
    home.add_child(instance=SuccessStoryIndexPage(title="From visit to action", slug="success-stories"))


@pytest.mark.parametrize(
    "path", ["/news/", "/news/review/", "/events/", "/success-stories/", "/newsletter/", "/year-in-review/2025/"]
)
def test_public_pages_have_no_accessibility_violations(page, live_server, pages, path):
    page.goto(f"{live_server.url}{path}")
    results = Axe().run(page)
    assert results.violations_count == 0, results.generate_report()
