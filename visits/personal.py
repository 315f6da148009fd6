"""The parts of a public page that belong to one visitor: star buttons and the plan count.

Pages stored in the shared cache (core/page_cache.py) are rendered with holes instead:
each star button in both states between markers, and a marker for the plan count.
`fill_plan_holes` picks each button's state and writes the count for the visitor who
asked, from their plan (one query, and none without a plan cookie).
"""

import re

from django.utils.safestring import mark_safe

STAR_HOLE = "<!--pc:star:{pk}-->{unstarred}<!--pc:starred-->{starred}<!--pc:/star-->"
_STAR_HOLE = re.compile(rb"<!--pc:star:(\d+)-->(.*?)<!--pc:starred-->(.*?)<!--pc:/star-->", re.DOTALL)
PLAN_COUNT_HOLE = mark_safe("<!--pc:plan-count-->")  # a fixed marker
_PLAN_COUNT_HOLE = PLAN_COUNT_HOLE.encode()


class SharedStars(frozenset):
    """Stands for the visitor's stars while a page is rendered for everyone."""

    count = PLAN_COUNT_HOLE


SHARED_STARS = SharedStars()


def fill_plan_holes(request, content: bytes) -> bytes:
    has_stars = b"<!--pc:star:" in content
    has_count = _PLAN_COUNT_HOLE in content
    if not (has_stars or has_count):
        return content
    starred = getattr(request, "visit_plan_page_ids", frozenset())
    if has_stars:
        content = _STAR_HOLE.sub(lambda match: match[3] if int(match[1]) in starred else match[2], content)
    if has_count:
        content = content.replace(_PLAN_COUNT_HOLE, str(getattr(starred, "count", len(starred))).encode())
    return content
