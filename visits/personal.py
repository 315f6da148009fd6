"""The parts of a public page that belong to one visitor: star buttons and the plan count.

Pages stored in the shared cache (core/page_cache.py) are rendered with holes instead:
each star button in both states between markers, and a marker for the plan count.
`fill_plan` picks each button's state and writes the count for the visitor who asked,
from their plan (one query, and none without a plan cookie).
"""

from core.page_cache import hole

# The names of a star hole's markers, in their order (core.page_cache.Holes).
_STAR, _STARRED, _STAR_END = _STAR_MARKERS = ("star", "starred", "/star")
_PLAN_COUNT = "plan-count"
STAR_HOLE = f"{hole(_STAR, '{pk}')}{{unstarred}}{hole(_STARRED)}{{starred}}{hole(_STAR_END)}"
PLAN_COUNT_HOLE = hole(_PLAN_COUNT)


class SharedStars(frozenset):
    """Stands for the visitor's stars while a page is rendered for everyone."""

    count = PLAN_COUNT_HOLE


SHARED_STARS = SharedStars()


def fill_plan(request, holes) -> None:
    """Each star hole as the state this visitor sees, and their plan count (core.page_cache.Holes).

    A star hole is three markers in turn: its opening with the page's key, the starred state,
    the close; each state may hold holes of its own (the form's token and address), which are
    dropped with the state not shown. A marker that is not followed by the rest of a hole (none of
    our templates write one) is left as it is."""
    marks = sorted((place, name) for name in _STAR_MARKERS for place in holes.named(name))
    counts = holes.named(_PLAN_COUNT)
    if not (marks or counts):
        return
    starred = getattr(request, "visit_plan_page_ids", frozenset())
    for (opening, name), (middle, middle_name), (close, close_name) in zip(marks, marks[1:], marks[2:], strict=False):
        key = holes.argument(opening)
        if (name, middle_name, close_name) != _STAR_MARKERS or not key.isdigit():
            continue
        if int(key) in starred:
            holes.drop(range(opening, middle))
            holes.fill(middle, b"")
        else:
            holes.fill(opening, b"")
            holes.drop(range(middle, close))
        holes.fill(close, b"")
    if counts:
        count = str(getattr(starred, "count", len(starred))).encode()
        for place in counts:
            holes.fill(place, count)
