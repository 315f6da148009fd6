"""The human sitemap: the site's sections in the active language, two levels deep.

Listings with many pages (best practices, companies and experts, news) are summarised by
a link and a count, so the page stays short at any catalogue size."""

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from wagtail.models import Page, Site

from core.i18n import active_language, default_language
from core.pages import public

LIST_AT_MOST = 40


@dataclass
class Entry:
    title: str
    url: str
    children: list["Entry"] = field(default_factory=list)
    more: int = 0


def _home(request):
    site = Site.find_for_request(request)
    if site is None:
        return None
    root = site.root_page
    if active_language() != default_language():
        root = (
            root.get_translation_or_none(root.locale.__class__.objects.filter(language_code=active_language()).first())
            or root
        )
    return root


def sitemap_sections(request) -> list[Entry]:
    home = _home(request)
    if home is None:
        return []
    pages = list(
        public(Page.objects.live())
        .descendant_of(home)
        .filter(depth__lte=home.depth + 2)
        .order_by("path")
        .only("id", "title", "path", "depth", "numchild", "url_path", "locale_id")
    )
    sections, by_path = [], {}
    for page in pages:
        entry = Entry(page.title, page.get_url(request))
        if page.depth == home.depth + 1:
            sections.append(entry)
            by_path[page.path] = (entry, page.numchild)
        else:
            parent, numchild = by_path.get(page.path[: -Page.steplen], (None, 0))
            if parent is None:
                continue
            if len(parent.children) < LIST_AT_MOST:
                parent.children.append(entry)
            else:
                parent.more = numchild - LIST_AT_MOST
    sections.append(
        Entry(
            _("Visit Smart City Sweden"),
            reverse("visits:book"),
            [
                Entry(_("Book a study visit"), reverse("visits:book")),
                Entry(_("My Visit Plan"), reverse("visits:plan")),
                Entry(_("Calendar"), reverse("schedule:calendar")),
                Entry(_("Newsletter"), reverse("news:signup_form")),
                Entry(_("Year in review"), reverse("insights:latest_year")),
            ],
        )
    )
    sections.append(
        Entry(
            _("About this website"),
            reverse("about:contact"),
            [
                Entry(pgettext("page title", "Contact"), reverse("about:contact")),
                Entry(_("Accessibility statement"), reverse("about:accessibility")),
                Entry(_("Privacy"), reverse("about:privacy")),
            ],
        )
    )
    return sections
