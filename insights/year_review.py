"""The year in review: the public summary of a finished year, and a draft news post made from it.

Public figures are aggregates only; countries with fewer than three delegations are
grouped as "other" so that no single delegation can be recognised.
"""

import datetime

from django.utils import timezone
from django.utils.html import escape
from django.utils.translation import gettext as _
from wagtail.coreutils import find_available_slug
from wagtail_localize.synctree import create_aliases_for_new_page

from core.i18n import in_default_language
from insights import stats
from insights.periods import Period
from outcomes.models import FollowUp

SMALL = 3


def is_finished(year: int) -> bool:
    return year < timezone.localdate().year


def review(year: int) -> dict:
    from schedule.models import EventPage

    period = Period(datetime.date(year, 1, 1), datetime.date(year, 12, 31), "year")
    current = stats.figures(period)
    history = [
        (y, stats.figures(Period(datetime.date(y, 1, 1), datetime.date(y, 12, 31), "year")))
        for y in range(year - 3, year)
    ]
    previous = history[-1][1]
    return {
        "year": year,
        "figures": current,
        "history": [(y, f) for y, f in history if f.delegations or f.requests_received],
        "delegations_change": stats.change(current.delegations, previous.delegations),
        "visitors_change": stats.change(current.visitors, previous.visitors),
        "countries": stats.group_small(stats.top_countries(period), SMALL, _("Other countries")),
        "focus_areas": stats.group_small(stats.top_focus_areas(period), SMALL, _("Other topics")),
        "offices": stats.group_small(
            [(name, delegations) for name, delegations, _visits, _visitors in stats.by_office(period)],
            SMALL,
            _("Other offices"),
        ),
        "stories": FollowUp.objects.filter(published=True, start_date__year=year).prefetch_related("sub_areas"),
        "events": in_default_language(EventPage.objects.live()).filter(start_date__year=year).order_by("start_date"),
    }


def draft_body(data) -> str:
    """Rich text for a draft news post: the figures filled in, the wording left to the editor."""
    figures = data["figures"]
    parts = [
        f"<p>[{escape(_('Write the introduction here.'))}]</p>",
        "<h2>" + escape(_("Visitors to Smart City Sweden in %(year)d") % {"year": data["year"]}) + "</h2>",
        "<p>"
        + escape(
            _("%(delegations)d delegations and %(visitors)d visitors from %(countries)d countries.")
            % {"delegations": figures.delegations, "visitors": figures.visitors, "countries": figures.countries}
        )
        + (
            " "
            + escape(
                _("That is %(change)+d %% delegations compared with the year before.")
                % {"change": data["delegations_change"]}
            )
            if data["delegations_change"] is not None
            else ""
        )
        + "</p>",
        "<ul>" + "".join(f"<li>{escape(name)}: {count}</li>" for name, count in data["countries"][:10]) + "</ul>",
    ]
    if data["stories"]:
        parts.append("<h2>" + escape(_("Success stories: from visit to action")) + "</h2>")
        parts.append("<ul>" + "".join(f"<li>{escape(story.title)}</li>" for story in data["stories"]) + "</ul>")
    if data["events"]:
        parts.append("<h2>" + escape(_("International events")) + "</h2>")
        parts.append(
            "<ul>"
            + "".join(f"<li>{escape(event.title)}, {escape(event.city)}</li>" for event in data["events"])
            + "</ul>"
        )
    return "".join(parts)


def create_draft_post(year: int, user):
    """A new, unpublished news post under the news index, for an editor to finish."""
    from news.models import NewsIndexPage, NewsPage

    index = in_default_language(NewsIndexPage.objects.all()).first()
    if index is None:
        raise ValueError(_("There is no news section to put the post in."))
    data = review(year)
    # Two drafts in the same second (a double click, two colleagues) must not collide.
    slug = find_available_slug(index, f"year-in-review-{year}")
    post = NewsPage(
        title=_("The year %(year)d in review") % {"year": year},
        slug=slug,
        date=timezone.localdate(),
        author="Smart City Sweden",
        introduction=_("A look back at %(year)d.") % {"year": year},
        body=draft_body(data),
        live=False,
        owner=user,
    )
    index.add_child(instance=post)
    post.save_revision(user=user)
    # As for pages made in the editor: the post appears in every language, in English
    # until someone translates it.
    create_aliases_for_new_page(post)
    return post
