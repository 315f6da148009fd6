"""Practice cards: the same card on the listing, the home page, focus areas, offices and the
people and companies who take part, so each is rendered once and kept."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from catalogue.cards import card_facts, card_html, image_tag
from catalogue.results import LazyPages
from core.page_cache import remember_many, rendering_shared
from visits.templatetags.visits_tags import star_button

register = template.Library()

# Where a kept card says how far away its practice is: the one part that differs between the
# detail pages showing it as related, filled in per page, so one kept card serves them all.
DISTANCE_HOLE = "<!--distance-->"


@register.simple_tag(takes_context=True)
def practice_cards(context, practices):
    """The cards of `practices` (keys first, `LazyPages`, or pages), in order, with
    `distance_km` where a practice has one (catalogue/cards.py).

    Rendered for everyone (the shared page cache), each card is kept as HTML until anything
    a public page shows changes, under its page, host and language: its star button holds
    no state and no address yet (core/page_cache.py fills those in), and a distance is
    filled in here. Cards already kept cost no query at all; only the missing ones are
    loaded. Anyone else (staff, a visitor with a message) gets cards rendered for them.
    """
    request = context.get("request")
    ids, distances = _keys_and_distances(practices)
    if request is None or not rendering_shared(request):
        facts = card_facts(ids, request)
        return mark_safe(  # noqa: S308 (escaped by card_html)
            "".join(
                card_html(facts[pk], star_button(context, facts[pk]), _distance_label(distances.get(pk)))
                for pk in ids
                if pk in facts
            )
        )

    host = request.get_host()
    names = {pk: f"practice-card:{host}:{pk}:{'km' if pk in distances else ''}" for pk in ids}

    def render_missing(missing_names):
        missing = set(missing_names)
        facts = card_facts([pk for pk, name in names.items() if name in missing], request)
        hole = mark_safe(DISTANCE_HOLE)  # noqa: S308 (a constant)
        rendered = {
            names[pk]: card_html(card, star_button(context, card), hole if pk in distances else "")
            for pk, card in facts.items()
        }
        return {name: rendered.get(name, "") for name in missing_names}  # "": deleted meanwhile

    kept = remember_many(list(names.values()), render_missing)
    cards = (
        kept[names[pk]].replace(DISTANCE_HOLE, escape(_distance_text(distances[pk])), 1)
        if pk in distances
        else kept[names[pk]]
        for pk in ids
    )
    return mark_safe("".join(cards))  # noqa: S308 (escaped by card_html)


# `{% image %}` for cards, whose renditions come prefetched (catalogue/cards.py).
register.simple_tag(image_tag, name="card_image")


def _keys_and_distances(practices) -> tuple[list, dict]:
    """The keys of `practices` in order, and {key: km} for those with a distance, loading no page
    where only keys are given."""
    if isinstance(practices, LazyPages):
        return practices.ids, practices.distances
    practices = list(practices)
    distances = {p.pk: p.distance_km for p in practices if getattr(p, "distance_km", None) is not None}
    return [p.pk for p in practices], distances


def _distance_label(distance) -> str:
    return "" if distance is None else _distance_text(distance)


def _distance_text(distance) -> str:
    return _("%(km)s km away") % {"km": floatformat(distance, 0)}
