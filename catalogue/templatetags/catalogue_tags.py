"""Practice cards: the same card on the listing, the home page, focus areas, offices and the
people and companies who take part, so each is rendered once and kept."""

from django import template
from django.template.defaultfilters import floatformat
from django.utils.safestring import mark_safe

from catalogue.results import LazyPages
from core.page_cache import remember_many, rendering_shared

register = template.Library()

CARD_TEMPLATE = "catalogue/includes/practice_card.html"


@register.simple_tag(takes_context=True)
def practice_cards(context, practices):
    """The cards of `practices`, in order (with `distance_km` where a practice has one).

    Rendered for everyone (the shared page cache), each card is kept as HTML until anything
    a public page shows changes, under its page, host, language and distance: its star
    button holds no state and no address yet (core/page_cache.py fills those in). A page
    of results or the related practices (catalogue/results.py, `LazyPages`) give their
    keys first, so cards already kept cost no query at all; only the missing ones are
    loaded. Anyone else (staff, a visitor with a message) gets cards rendered for them.
    """
    card = context.template.engine.get_template(CARD_TEMPLATE)
    request = context.get("request")
    if request is None or not rendering_shared(request):
        return mark_safe("".join(_render(card, context, practice) for practice in practices))  # noqa: S308

    if not isinstance(practices, LazyPages):  # already loaded: only the rendering is saved
        loaded = {practice.pk: practice for practice in practices}
        practices = LazyPages(list(loaded), lambda _ids: loaded, _distances(loaded.values()))
    names = {pk: _card_name(request, pk, practices.distances.get(pk)) for pk in practices.ids}

    def render_missing(missing_names):
        missing = set(missing_names)
        pages = practices.load([pk for pk, name in names.items() if name in missing])
        rendered = {names[page.pk]: _render(card, context, page) for page in pages}
        return {name: rendered.get(name, "") for name in missing_names}  # "": deleted meanwhile

    kept = remember_many(list(names.values()), render_missing)
    return mark_safe("".join(kept[names[pk]] for pk in practices.ids))  # noqa: S308 (rendered by the card template)


def _distances(practices) -> dict:
    return {p.pk: p.distance_km for p in practices if getattr(p, "distance_km", None) is not None}


def _card_name(request, pk, distance) -> str:
    shown_distance = "" if distance is None else floatformat(distance, 0)  # as the card shows it
    return f"practice-card:{request.get_host()}:{pk}:{shown_distance}"


def _render(card, context, practice) -> str:
    with context.push(practice=practice, distance=getattr(practice, "distance_km", None)):
        return card.render(context)
