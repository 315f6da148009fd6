"""sitemap.xml: every live public page in every language, with its hreflang alternates.

Up to `PageSitemap.limit` addresses (10,000), /sitemap.xml is the sitemap itself. Beyond
that it is a sitemap index (the sitemaps.org protocol: search engines read either kind at
the address robots.txt gives) of /sitemap-pages.xml, /sitemap-pages.xml?p=2, … with
`limit` addresses each. The index counts the pages and asks for the newest publication
in two aggregate queries; a part loads only its own pages (the columns an address needs),
so every request costs a fixed number of queries however many pages there are.

Pages are listed with their translations next to them (ordered by translation key), so a
page's alternates are on the same part; only the first and the last group of a part can
have versions on the neighbouring part, and one more query finds those.
"""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Max, Q
from django.db.models.functions import Coalesce
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.decorators.http import require_GET
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page

from core.page_cache import shared_page
from core.pages import public


class PageSitemap(Sitemap):
    limit = 10_000  # addresses per sitemap file (the protocol allows 50,000; smaller files are quicker)

    @cached_property
    def paginator(self):  # Django makes a new one, and counts again, at every use
        return Paginator(self._items(), self.limit)

    def items(self):
        return self._pages

    @cached_property
    def _pages(self):
        root = self.get_wagtail_site().root_page
        roots = [root, *root.get_translations()]
        within = reduce(or_, (Q(path__startswith=page.path) for page in roots))
        # Aliases repeat the English text until a translation replaces them; search engines
        # are sent to the English page instead (their canonical link says so too).
        return (
            public(Page.objects.live())
            .filter(within, alias_of__isnull=True)
            .select_related("locale")
            .only(
                "url_path",
                "translation_key",
                "last_published_at",
                "latest_revision_created_at",
                "locale__language_code",
            )
            .order_by("translation_key", "locale_id")
        )

    def get_latest_lastmod(self):
        """The newest publication of any listed page, from the database (Django would load every page)."""
        return self.items().aggregate(latest=Max(Coalesce("last_published_at", "latest_revision_created_at")))["latest"]

    def _urls(self, page, protocol, domain):
        part = list(self.paginator.page(page).object_list)
        versions = part + self._neighbours(part)
        locations = {item.pk: item.get_full_url(self.request) for item in versions}
        by_key = defaultdict(list)
        for item in versions:
            if locations[item.pk]:
                by_key[item.translation_key].append(
                    {"lang_code": item.locale.language_code, "location": locations[item.pk]}
                )
        for alternates in by_key.values():
            default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
            if len(alternates) > 1 and default:
                alternates.append({"lang_code": "x-default", "location": default["location"]})
        entries = [
            {
                "location": locations[item.pk],
                "lastmod": self.lastmod(item),
                "alternates": by_key[item.translation_key] if len(by_key[item.translation_key]) > 1 else [],
            }
            for item in part
            if locations[item.pk]
        ]
        last_mods = {entry["lastmod"] for entry in entries}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return entries

    def _neighbours(self, part):
        """Versions on the neighbouring parts of the first and the last page's translations."""
        if self.paginator.num_pages < 2 or not part:
            return []
        keys = {part[0].translation_key, part[-1].translation_key}
        return list(self.items().filter(translation_key__in=keys).exclude(pk__in=[item.pk for item in part]))


SECTIONS = {"pages": PageSitemap}


def _sitemaps(request):
    return {name: sitemap_class(request) for name, sitemap_class in SECTIONS.items()}


@shared_page  # one address per page in every language: rendered once until a page changes
@require_GET
def sitemap(request):
    """/sitemap.xml: the sitemap while every address fits in one file, else an index of its parts."""
    sitemaps = _sitemaps(request)
    if all(site.paginator.num_pages <= 1 for site in sitemaps.values()):
        return sitemap_views.sitemap(request, sitemaps)
    root_url = next(iter(sitemaps.values())).get_wagtail_site().root_url
    parts = []
    for name, site in sitemaps.items():
        location = root_url + reverse("sitemap_section", kwargs={"section": name})
        last_mod = site.get_latest_lastmod()
        for number in range(1, site.paginator.num_pages + 1):
            parts.append(
                sitemap_views.SitemapIndexItem(location if number == 1 else f"{location}?p={number}", last_mod)
            )
    response = TemplateResponse(request, "sitemap_index.xml", {"sitemaps": parts}, content_type="application/xml")
    response.headers["X-Robots-Tag"] = "noindex, noodp, noarchive"
    return response


@shared_page
@require_GET
def section(request, section):
    """One part of the sitemap (`?p=2`… for the parts after the first; a part beyond the last is a 404)."""
    return sitemap_views.sitemap(request, _sitemaps(request), section=section)
