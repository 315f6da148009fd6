"""Which office should receive a request when the requester lets us choose."""

from collections import Counter

from django.utils.translation import gettext as _

from catalogue.models import BestPracticePage
from core.i18n import in_default_language
from offices.models import OfficePage


def suggest_office(plan_pages, visit_format) -> tuple[OfficePage | None, str]:
    """The office whose region holds most of the starred best practices.

    Digital visits, ties and plans without best practices go to the head office, which
    receives for all regions. Returns the office and a sentence saying why.
    """
    offices = {
        office.region_id: office for office in in_default_language(OfficePage.objects.live()).select_related("region")
    }
    head = next((office for office in offices.values() if office.is_head_office), None)
    if visit_format == "digital":
        return head, _("Digital visits are hosted by the head office.")
    page_ids = [page.pk for page in plan_pages]
    regions = Counter(
        BestPracticePage.objects.filter(pk__in=page_ids, county__region__isnull=False).values_list(
            "county__region_id", flat=True
        )
    )
    ranked = regions.most_common()
    if not ranked:
        return head, _("Your plan has no best practices yet, so the head office will plan your visit.")
    if len(ranked) > 1 and ranked[0][1] == ranked[1][1]:
        return head, _("Your best practices are spread over several regions, so the head office will coordinate.")
    region_id, count = ranked[0]
    office = offices.get(region_id) or head
    return office, _("%(count)d of the best practices you starred are in region %(region)s.") % {
        "count": count,
        "region": office.region.name if office and office.region_id else "",
    }
