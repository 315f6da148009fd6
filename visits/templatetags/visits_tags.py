from django import template

register = template.Library()


@register.inclusion_tag("visits/includes/star_button.html", takes_context=True)
def star_button(context, page, compact=False):
    request = context.get("request")
    ids = context.get("plan_page_ids", frozenset())
    return {
        "page": page,
        "starred": page.pk in ids,
        "next": request.get_full_path() if request else "/",
        "csrf_token": context.get("csrf_token"),
        "compact": compact,
    }


@register.simple_tag(takes_context=True)
def plan_count(context):
    ids = context.get("plan_page_ids", ())
    return getattr(ids, "count", len(ids))
