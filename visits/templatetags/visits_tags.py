from django import template
from django.utils.html import format_html

from core.page_cache import PATH_HOLE
from visits.personal import STAR_HOLE, SharedStars

register = template.Library()


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
        unstarred = template.render(context.new({**button, "starred": False}))
        starred = template.render(context.new({**button, "starred": True}))
        return format_html(STAR_HOLE, pk=page.pk, unstarred=unstarred, starred=starred)
    return template.render(context.new({**button, "starred": page.pk in ids}))


@register.simple_tag(takes_context=True)
def plan_count(context):
    ids = context.get("plan_page_ids", ())
    return getattr(ids, "count", len(ids))
