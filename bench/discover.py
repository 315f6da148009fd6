"""Print, as JSON, one real address for every public page type of the database in DATABASE_URL.

Run by `bench/loadtest.py` in a child process with the same environment as the server
(production settings), so it reads exactly the database the server serves:

    .venv/bin/python bench/discover.py [--query biogas]

Every choice is deterministic (the first live, public page in tree order; a featured best
practice when there is one, because those have Swedish and Chinese translations in the demo
content), so two runs against the same database load the same pages.
"""

import argparse
import datetime
import json
import os
import sys
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent


def setup_django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "showcase.settings.production")
    import django

    django.setup()


def page_path(page) -> str:
    """The page's address without scheme and host (language prefix included)."""
    parts = page.get_url_parts()
    if parts is None:
        raise LookupError(f"{page!r} has no address (not under a site root)")
    return parts[2]


def discover(query: str) -> list[dict]:
    from django.conf import settings
    from django.urls import reverse
    from django.utils import timezone, translation
    from wagtail.models import Locale

    from catalogue.models import (
        BestPracticeIndexPage,
        BestPracticePage,
        CompanyPage,
        DirectoryIndexPage,
        ExpertPage,
        FocusAreaPage,
        HomePage,
        SubAreaPage,
    )
    from news.models import NewsIndexPage, NewsPage
    from offices.models import OfficeIndexPage, OfficePage
    from outcomes.models import SuccessStoryIndexPage
    from schedule.models import EventIndexPage, EventPage
    from tours.pages import StudyTourIndexPage, StudyTourPage

    default = Locale.get_default()
    missing: list[str] = []
    pages: list[dict] = []

    def first(model, **filters):
        return model.objects.live().public().filter(locale=default, **filters).order_by("path").first()

    def add(name, url):
        pages.append({"name": name, "url": url})

    def add_page(name, page, params=None):
        if page is None:
            missing.append(name)
            return
        url = page_path(page)
        add(name, f"{url}?{urlencode(params)}" if params else url)

    def add_reverse(name, viewname, params=None, language=None):
        with translation.override(language or settings.LANGUAGE_CODE):
            url = reverse(viewname)
        add(name, f"{url}?{urlencode(params)}" if params else url)

    home = first(HomePage)
    listing = first(BestPracticeIndexPage)
    detail = first(BestPracticePage, featured=True) or first(BestPracticePage)
    focus_area = first(FocusAreaPage)
    sub_area = first(SubAreaPage)
    directory = first(DirectoryIndexPage)
    office = first(OfficePage)
    today = timezone.localdate()
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).strftime("%Y-%m")
    # The next event to come, or else the latest one.
    event = (
        EventPage.objects.live().public().filter(locale=default, end_date__gte=today).order_by("start_date").first()
        or EventPage.objects.live().public().filter(locale=default).order_by("-start_date").first()
    )

    add_page("home", home)
    add_page("listing", listing)
    if focus_area is not None:
        add_page("listing ?focus_area", listing, {"focus_area": focus_area.slug})
    add_page("listing ?q (search)", listing, {"q": query})
    add_page("listing ?view=map", listing, {"view": "map"})
    add_page("best practice", detail)
    add_page("focus area", focus_area)
    add_page("sub-area", sub_area)
    add_reverse("calendar (this month)", "schedule:calendar")
    add_reverse("calendar (next month)", "schedule:calendar", {"date": next_month})
    if office is not None:
        add_reverse("calendar (one office)", "schedule:calendar", {"date": next_month, "office": office.slug})
    add_page("offices", first(OfficeIndexPage))
    add_page("office", office)
    add_page("regional office", first(OfficePage, region__isnull=False))
    add_page("directory", directory)
    if focus_area is not None:
        add_page("directory ?focus_area", directory, {"focus_area": focus_area.slug})
    add_page("directory ?kind=experts", directory, {"kind": "experts"})
    add_page("company", first(CompanyPage))
    add_page("expert", first(ExpertPage))
    add_page("news", first(NewsIndexPage))
    add_page("news post", NewsPage.objects.live().public().filter(locale=default).order_by("-date", "-pk").first())
    add_page("events", first(EventIndexPage))
    add_page("event", event)
    add_page("study tours", first(StudyTourIndexPage))
    add_page("study tour", first(StudyTourPage))
    add_page("success stories", first(SuccessStoryIndexPage))
    add_reverse("booking form", "visits:book")
    add_reverse("ICS feed (all visits)", "schedule:feed_all")
    add("sitemap.xml", "/sitemap.xml")

    for code in [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES if code != default.language_code]:
        locale = Locale.objects.filter(language_code=code).first()
        for name, page in (("home", home), ("listing", listing), ("best practice", detail)):
            translated = page.get_translation_or_none(locale) if page is not None and locale is not None else None
            add_page(f"{name} [{code}]", translated if translated is not None and translated.live else None)

    if missing:
        print("No live public page for: " + ", ".join(missing), file=sys.stderr)
        sys.exit(3)
    return pages


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--query", default="biogas", help="search words for the listing (default: biogas)")
    args = parser.parse_args()
    setup_django()
    json.dump(discover(args.query), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
