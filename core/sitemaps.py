"""sitemap.xml: every live public page in every language, with its hreflang alternates."""

from collections import defaultdict
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import Q
from wagtail.contrib.sitemaps import Sitemap
from wagtail.models import Page


class PageSitemap(Sitemap):
    def items(self):
        root = self.get_wagtail_site().root_page
        roots = [root, *root.get_translations()]
        within = reduce(or_, (Q(path__startswith=page.path) for page in roots))
        # Aliases repeat the English text until a translation replaces them; search engines
        # are sent to the English page instead (their canonical link says so too).
        return (
            Page.objects.live()
            .public()
            .filter(within, alias_of__isnull=True)
            .select_related("locale")
            .order_by("path")
            .defer_streamfields()
        )

    def _urls(self, page, protocol, domain):
        entries = []
        by_key = defaultdict(list)
        for item in self.paginator.page(page).object_list:
            location = item.get_full_url(self.request)
            if not location:
                continue
            entry = {"item": item, "location": location, "lastmod": self.lastmod(item), "alternates": []}
            entries.append(entry)
            by_key[item.translation_key].append(entry)
        for versions in by_key.values():
            if len(versions) < 2:
                continue
            alternates = [
                {"lang_code": entry["item"].locale.language_code, "location": entry["location"]} for entry in versions
            ]
            default = next((a for a in alternates if a["lang_code"] == settings.LANGUAGE_CODE), None)
            if default:
                alternates.append({"lang_code": "x-default", "location": default["location"]})
            for entry in versions:
                entry["alternates"] = alternates
        last_mods = {entry["lastmod"] for entry in entries}
        if last_mods and None not in last_mods:
            self.latest_lastmod = max(last_mods)
        return entries
