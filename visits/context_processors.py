from core.page_cache import rendering_shared
from visits.personal import SHARED_STARS


def visit_plan(request):
    """The starred page ids, for star buttons and the header count (lazy: no query unless used).

    A page rendered for the shared cache gets no stars at all, only holes (visits/personal.py)."""
    if rendering_shared(request):
        return {"plan_page_ids": SHARED_STARS}
    return {"plan_page_ids": getattr(request, "visit_plan_page_ids", frozenset())}
