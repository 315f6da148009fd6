"""Suggestions for a request: which sites, companies and experts to bring in, and why.

Ranked by how much they share with the request (its sub-areas of interest, and whether
the delegation starred them), then by distance from the receiving office (haversine).
Candidates come from a handful of queries; scoring is in Python over at most a few
hundred candidates.
"""

from dataclasses import dataclass, field

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from catalogue.models import BestPracticePage, CompanyPage, ExpertPage
from core.geo import haversine_km
from core.i18n import in_default_language

CANDIDATE_LIMIT = 300


@dataclass
class Suggestion:
    page: object
    kind: str
    shared: int
    starred: bool
    distance_km: float | None
    reasons: list[str] = field(default_factory=list)

    @property
    def sort_key(self):
        # Starred items and shared topics first, then nearest; unknown distance last.
        return (
            -(self.shared + (1 if self.starred else 0)),
            self.distance_km if self.distance_km is not None else 1e9,
            self.page.title,
        )


def suggestions(visit_request, limit=8) -> dict[str, list[Suggestion]]:
    interests = {sub.pk: sub.title for sub in visit_request.interests.all()}
    starred = set(visit_request.plan_items.values_list("pk", flat=True))
    office = visit_request.office
    result = {}
    for kind, model in (("sites", BestPracticePage), ("companies", CompanyPage), ("experts", ExpertPage)):
        matching = in_default_language(model.objects.live()).filter(
            Q(sub_areas__in=list(interests)) | Q(pk__in=starred)
        )
        candidate_ids = list(matching.values_list("pk", flat=True).distinct()[:CANDIDATE_LIMIT])
        pages = (
            model.objects.filter(pk__in=candidate_ids).prefetch_related("sub_areas").select_related("county__region")
        )
        ranked = [_score(page, kind, interests, starred, office) for page in pages]
        ranked.sort(key=lambda suggestion: suggestion.sort_key)
        result[kind] = ranked[:limit]
    return result


def _score(page, kind, interests, starred, office):
    shared_titles = [sub.title for sub in page.sub_areas.all() if sub.pk in interests]
    distance = None
    if hasattr(page, "latitude"):
        distance = haversine_km(office.latitude, office.longitude, page.latitude, page.longitude)
    suggestion = Suggestion(page, kind, len(shared_titles), page.pk in starred, distance)
    if suggestion.starred:
        suggestion.reasons.append(_("starred by the delegation"))
    if shared_titles:
        suggestion.reasons.append(
            ngettext("shares the topic %(topics)s", "shares the topics %(topics)s", len(shared_titles))
            % {"topics": ", ".join(shared_titles)}
        )
    if distance is not None:
        suggestion.reasons.append(_("%(km)d km from %(office)s") % {"km": round(distance), "office": office.title})
    elif page.county and page.county.region_id and page.county.region_id == office.region_id:
        suggestion.reasons.append(_("in the office's region"))
    return suggestion
