"""Practice cards: the same card on the listing, the home page, focus areas, offices and the
people and companies who take part, so each is rendered once and kept."""

import functools

from django import template
from django.template.defaultfilters import floatformat
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from wagtail.images.models import Filter
from wagtail.images.shortcuts import get_rendition_or_not_found

from catalogue.results import LazyPages
from core.page_cache import remember_many, rendering_shared

register = template.Library()

CARD_TEMPLATE = "catalogue/includes/practice_card.html"
# Where a kept card says how far away its practice is: the one part that differs between the
# detail pages showing it as related, filled in per page, so one kept card serves them all.
DISTANCE_HOLE = "<!--distance-->"


@register.simple_tag(takes_context=True)
def practice_cards(context, practices):
    """The cards of `practices`, in order (with `distance_km` where a practice has one).

    Rendered for everyone (the shared page cache), each card is kept as HTML until anything
    a public page shows changes, under its page, host and language: its star button holds
    no state and no address yet (core/page_cache.py fills those in), and a distance is
    filled in here. A page
    of results or the related practices (catalogue/results.py, `LazyPages`) give their
    keys first, so cards already kept cost no query at all; only the missing ones are
    loaded. Anyone else (staff, a visitor with a message) gets cards rendered for them.
    """
    card = context.template.engine.get_template(CARD_TEMPLATE)
    request = context.get("request")
    if request is None or not rendering_shared(request):
        return mark_safe(  # noqa: S308 (rendered by the card template)
            "".join(_render(card, context, practice, _distance_label(practice)) for practice in practices)
        )

    if not isinstance(practices, LazyPages):  # already loaded: only the rendering is saved
        loaded = {practice.pk: practice for practice in practices}
        practices = LazyPages(list(loaded), lambda _ids: loaded, _distances(loaded.values()))
    distances = practices.distances
    host = request.get_host()
    names = {pk: f"practice-card:{host}:{pk}:{'km' if pk in distances else ''}" for pk in practices.ids}

    def render_missing(missing_names):
        missing = set(missing_names)
        pages = practices.load([pk for pk, name in names.items() if name in missing])
        hole = mark_safe(DISTANCE_HOLE)  # noqa: S308 (a constant)
        rendered = {
            names[page.pk]: _render(card, context, page, hole if page.pk in distances else "") for page in pages
        }
        return {name: rendered.get(name, "") for name in missing_names}  # "": deleted meanwhile

    kept = remember_many(list(names.values()), render_missing)
    cards = (
        kept[names[pk]].replace(DISTANCE_HOLE, escape(_distance_text(distances[pk])), 1)
        if pk in distances
        else kept[names[pk]]
        for pk in practices.ids
    )
    return mark_safe("".join(cards))  # noqa: S308 (rendered by the card template)


@register.simple_tag
def card_image(image, spec, **attributes):
    """`{% image image spec ... %}` for the cards, whose renditions come prefetched: the same
    `<img>`, but the filter is parsed once per process rather than per card, and a rendition
    found among the prefetched ones is not written back to Wagtail's rendition cache (a
    pickle per card). Both were a quarter of a card's rendering, and a page of search
    results renders a dozen cards nobody asked for before."""
    if not image:
        return ""
    image_filter = image.clean_filter_for_svg(_filter(spec))
    rendition = None
    if image._get_prefetched_renditions() is not None:
        rendition = image.find_existing_renditions(image_filter).get(image_filter)
    if rendition is None:  # not prefetched, or not made yet: as `{% image %}` does
        rendition = get_rendition_or_not_found(image, image_filter)
    return rendition.img_tag(attributes)


@functools.cache
def _filter(spec: str) -> Filter:
    return Filter(spec=spec)


def _distances(practices) -> dict:
    return {p.pk: p.distance_km for p in practices if getattr(p, "distance_km", None) is not None}


def _distance_label(practice) -> str:
    distance = getattr(practice, "distance_km", None)
    return "" if distance is None else _distance_text(distance)


def _distance_text(distance) -> str:
    return _("%(km)s km away") % {"km": floatformat(distance, 0)}


def _render(card, context, practice, distance_label) -> str:
    with context.push(practice=practice, distance_label=distance_label):
        return card.render(context)
