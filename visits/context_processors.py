def visit_plan(request):
    """The starred page ids, for star buttons and the header count (lazy: no query unless used)."""
    return {"plan_page_ids": getattr(request, "visit_plan_page_ids", frozenset())}
