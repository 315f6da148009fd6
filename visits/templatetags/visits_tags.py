from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from core.page_cache import PATH_HOLE
from visits.personal import STAR_HOLE, SharedStars

register = template.Library()

# Stand-ins for what differs between the buttons of a page rendered for everyone: the page's
# key and title. Letters only, so that escaping leaves them as they are.
_KEY_STAND_IN, _TITLE_STAND_IN = "pcstarbuttonkey", "pcstarbuttontitle"


class _StandInPage:
    pk = _KEY_STAND_IN
    title = _TITLE_STAND_IN


@register.simple_tag(takes_context=True)
def star_button(context, page, compact=False):
    request = context.get("request")
    ids = context.get("plan_page_ids", frozenset())
    shared = isinstance(ids, SharedStars)
    button = {
        "page": page,
        # Rendered for everyone, the address is filled in when the page is sent, so that the
        # button is the same on every page that shows it (practice cards are kept as HTML).
        "next": PATH_HOLE if shared else request.get_full_path() if request else "/",
        "csrf_token": context.get("csrf_token"),
        "compact": compact,
    }
    # Rendered like an inclusion tag: a new context on the same engine, no context processors.
    template = context.template.engine.get_template("visits/includes/star_button.html")
    if shared:
        # Rendered for everyone: both states, the visitor's is picked when the page is sent.
        unstarred, starred = _shared_states(request, context, template, button)
        return format_html(STAR_HOLE, pk=page.pk, unstarred=unstarred, starred=starred)
    return template.render(context.new({**button, "starred": page.pk in ids}))


@register.simple_tag(takes_context=True)
def plan_count(context):
    ids = context.get("plan_page_ids", ())
    return getattr(ids, "count", len(ids))


def _shared_states(request, context, template, button) -> tuple:
    """(unstarred, starred) buttons of `button["page"]` for a page rendered for everyone.

    Such buttons differ between pages by the page's key and title alone, so both states are
    rendered once per request for a stand-in page and filled in for each page: rendering
    two templates per card was a quarter of a practice card's time, and a page of search
    results renders a dozen cards nobody asked for before.
    """
    page = button["page"]
    memo = vars(request).setdefault("star_button_states", {}) if request is not None else {}
    states = memo.get(button["compact"])
    if states is None:
        stand_in = {**button, "page": _StandInPage()}
        states = tuple(template.render(context.new({**stand_in, "starred": starred})) for starred in (False, True))
        memo[button["compact"]] = states
    # The key first: the title filled in after it is not searched again.
    key, title = str(page.pk), conditional_escape(page.title)
    return tuple(
        mark_safe(state.replace(_KEY_STAND_IN, key).replace(_TITLE_STAND_IN, title))  # noqa: S308 (escaped above)
        for state in states
    )
