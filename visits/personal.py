"""The parts of a public page that belong to one visitor: star buttons and the plan count.

Pages stored in the shared cache (core/page_cache.py) are rendered with holes instead:
each star button in both states between markers, and a marker for the plan count.
`fill_plan_holes` picks each button's state and writes the count for the visitor who
asked, from their plan (one query, and none without a plan cookie).
"""

from django.utils.safestring import mark_safe

STAR_HOLE = "<!--pc:star:{pk}-->{unstarred}<!--pc:starred-->{starred}<!--pc:/star-->"
_STAR_OPEN, _STAR_STARRED, _STAR_CLOSE = b"<!--pc:star:", b"<!--pc:starred-->", b"<!--pc:/star-->"
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
        content = _fill_stars(content, starred)
    if has_count:
        content = content.replace(_PLAN_COUNT_HOLE, str(getattr(starred, "count", len(starred))).encode())
    return content


def _fill_stars(content: bytes, starred) -> bytes:
    """Each star hole replaced by the state this visitor sees.

    Split and find rather than one regular expression: this runs on every page served
    from the cache, and it is twice as fast on a listing page. A marker that is not
    followed by the rest of a hole (none of our templates write one) is left as it is.
    """
    parts = content.split(_STAR_OPEN)
    filled = [parts[0]]
    for part in parts[1:]:
        head_end = part.find(b"-->")
        middle = part.find(_STAR_STARRED, head_end)
        end = part.find(_STAR_CLOSE, middle)
        if head_end < 1 or middle < 0 or end < 0 or not part[:head_end].isdigit():
            filled += (_STAR_OPEN, part)
            continue
        if int(part[:head_end]) in starred:
            filled.append(part[middle + len(_STAR_STARRED) : end])
        else:
            filled.append(part[head_end + 3 : middle])
        filled.append(part[end + len(_STAR_CLOSE) :])
    return b"".join(filled)
