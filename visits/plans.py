"""My Visit Plan: starred best practices, companies and experts, kept server-side.

The plan's token lives in a long-lived cookie; the same token in a private link opens
the plan on another device. Nothing here needs an account.
"""

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.functional import SimpleLazyObject
from wagtail.models import Page

from catalogue.models import BestPracticePage, CompanyPage, ExpertPage
from core.converters import parse_id
from core.i18n import in_default_language, localized_pages, source_page
from visits.models import VisitPlan, VisitPlanItem

PLAN_COOKIE = "visit_plan"
PLAN_COOKIE_AGE = 60 * 60 * 24 * 365 * 2
STARRABLE_MODELS = (BestPracticePage, CompanyPage, ExpertPage)


def plan_from_request(request) -> VisitPlan | None:
    token = request.COOKIES.get(PLAN_COOKIE, "")
    if not token or len(token) > 64:
        return None
    return VisitPlan.objects.filter(token=token).first()


class VisitPlanMiddleware:
    """Gives every request a lazy `visit_plan` and `visit_plan_page_ids`: no query until used."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.visit_plan = SimpleLazyObject(lambda: plan_from_request(request) or _NoPlan())
        request.visit_plan_page_ids = SimpleLazyObject(lambda: _page_ids(request.visit_plan))
        return self.get_response(request)


class _NoPlan:
    pk = None
    token = ""

    def __bool__(self):
        return False


class StarredPageIds(frozenset):
    """Ids of the starred pages and of all their versions in other languages (a star set
    in Swedish shows on the English and Chinese page too); `count` is the number of stars."""

    count = 0


def _page_ids(plan) -> frozenset:
    if not plan:
        return StarredPageIds()
    starred = plan.items.values("page__translation_key")
    rows = list(Page.objects.filter(translation_key__in=starred).values_list("pk", "translation_key"))
    ids = StarredPageIds(pk for pk, _key in rows)
    ids.count = len({key for _pk, key in rows})
    return ids


def remember_plan(response, plan: VisitPlan):
    response.set_cookie(
        PLAN_COOKIE,
        plan.token,
        max_age=PLAN_COOKIE_AGE,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
    return response


def starrable_page(page_id):
    """The live page to star, if it is of a kind that can be starred."""
    page_id = parse_id(page_id)
    if page_id is None:
        return None
    for model in STARRABLE_MODELS:
        page = model.objects.live().filter(pk=page_id).first()
        if page:
            # Stars, like every record, point at the default-language page.
            return source_page(page)
    return None


def toggle_star(plan: VisitPlan | None, page) -> tuple[VisitPlan, bool]:
    """Star `page` in the plan (creating the plan if needed) or unstar it; returns (plan, starred)."""
    with transaction.atomic():
        if not plan:
            plan = VisitPlan.objects.create()
        deleted, _details = VisitPlanItem.objects.filter(plan=plan, page=page).delete()
        if deleted:
            return plan, False
        try:
            with transaction.atomic():
                VisitPlanItem.objects.create(plan=plan, page=page)
        except IntegrityError:
            pass  # a double click starred it already: the outcome is the same
        plan.save(update_fields=["updated_at"])
    return plan, True


def add_stars(plan: VisitPlan | None, pages) -> tuple[VisitPlan, int]:
    """Star every page of `pages` that is not starred yet (creating the plan if needed); returns
    (plan, how many were added). Pages are stored as their default-language source."""
    with transaction.atomic():
        if not plan:
            plan = VisitPlan.objects.create()
        sources = {source_page(page).pk for page in pages}
        present = set(VisitPlanItem.objects.filter(plan=plan, page_id__in=sources).values_list("page_id", flat=True))
        added = 0
        for page_id in sorted(sources - present):
            try:
                with transaction.atomic():
                    VisitPlanItem.objects.create(plan=plan, page_id=page_id)
                added += 1
            except IntegrityError:
                pass  # starred meanwhile in another tab
        plan.save(update_fields=["updated_at"])
    return plan, added


def set_note(plan: VisitPlan, item_id: int, note: str) -> bool:
    return bool(VisitPlanItem.objects.filter(plan=plan, pk=item_id).update(note=note[:500]))


def remove_item(plan: VisitPlan, item_id: int) -> bool:
    deleted, _details = VisitPlanItem.objects.filter(plan=plan, pk=item_id).delete()
    return bool(deleted)


def plan_entries(plan: VisitPlan):
    """The plan's items with their specific pages, grouped by the office that would host them.

    Returns [(group label, office or None, [item, ...])] with the head office group last;
    a fixed number of queries whatever the plan's size.
    """
    from offices.models import OfficePage

    items = list(plan.items.select_related("page").order_by("added_at", "pk")) if plan else []
    pages = {page.pk: page for page in _specific_pages([item.page_id for item in items])}
    localized = dict(zip(pages, localized_pages(pages.values()), strict=True))
    offices = in_default_language(OfficePage.objects.live()).filter(region__isnull=False)
    offices_by_region = {office.region_id: office for office in localized_pages(offices)}
    groups: dict = {}
    for item in items:
        item.specific = pages.get(item.page_id)
        item.localized = localized.get(item.page_id, item.specific)
        if item.specific is None:
            continue
        county = getattr(item.specific, "county", None)
        office = offices_by_region.get(county.region_id) if county and county.region_id else None
        groups.setdefault(office.pk if office else None, (office, []))[1].append(item)
    ordered = sorted(groups.values(), key=lambda group: (group[0] is None, group[0].title if group[0] else ""))
    return ordered


def _specific_pages(page_ids):
    pages = []
    for model in STARRABLE_MODELS:
        queryset = model.objects.live().filter(pk__in=page_ids).select_related("county__region")
        # Cards need images and sub-areas; the booking form prefills interests from them.
        queryset = queryset.for_listing() if model is BestPracticePage else queryset.prefetch_related("sub_areas")
        pages.extend(queryset)
    return pages
