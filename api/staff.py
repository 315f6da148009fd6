"""The staff part of the open API, for the organisation's own systems (a CRM, reporting):
requests to list, read, move through their life cycle and export.

A personal token (Wagtail's APIToken, made in the admin under "API tokens") acts as its
owner: what it may see and do comes from offices.permissions, exactly as on the staff pages
(another office's request is a 404, a missing right a 403), and every change goes through
the same services (visits.staff_services), so the request's history records it as on the
pages. Every call is also written to api.ApiCall.
"""

import csv
import datetime
import io
from typing import Literal

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from wagtail.api.v3.auth import BearerTokenAuth

from api import schemas
from api.public import Day as DayField
from api.public import RecordId, Refused
from core.converters import MAX_ID
from offices.models import OfficePage, VisitSlot
from offices.permissions import Action, can, require, scope
from visits import staff_services
from visits.availability import SlotUnavailable
from visits.models import VisitRequest
from visits.services import TransitionRefused
from visits.staff_access import request_for

router = Router(tags=["staff"], auth=BearerTokenAuth())
PAGE_SIZE = 50
EXPORT_LIMIT = 5000


class Contact(Schema):
    name: str
    email: str
    phone: str


class Day(Schema):
    date: datetime.date
    office: str
    slot: int
    status: str = "requested"


class Request(Schema):
    id: int
    reference: str | None
    status: str
    organisation: str
    organisation_kind: str
    country: str
    group_size: int
    format: str
    languages: list[str]
    office: str
    created_at: datetime.datetime
    requested_days: list[Day]
    visits: list[Day]
    contact: Contact | None


class RequestPage(Schema):
    total: int
    page: int
    pages: int
    items: list[Request]


class ListQuery(Schema):
    status: VisitRequest.Status | None = None
    office: str = Field("", max_length=100)
    page: int = Field(1, ge=1, le=100_000)


class DayIn(Schema):
    office: str = Field(max_length=100)
    date: DayField
    slot: int = Field(ge=1, le=MAX_ID)


class ActionIn(Schema):
    action: Literal["start_review", "ask", "decline", "cancel", "confirm", "complete"]
    reason: str = Field("", max_length=4000)
    question: str = Field("", max_length=4000)
    days: list[DayIn] = Field([], max_length=20)


def _requests(user):
    require(user, Action.VIEW)
    return scope(user, _with_what_is_shown())


def _with_what_is_shown():
    return VisitRequest.objects.select_related("office").prefetch_related(
        "requested_slots__slot__office", "visits__office"
    )


def _as_dict(visit_request, user) -> dict:
    contact = None
    if can(user, Action.VIEW_CONTACT, visit_request.office) and visit_request.erased_at is None:
        contact = {
            "name": visit_request.contact_name,
            "email": visit_request.email,
            "phone": str(visit_request.phone),
        }
    return {
        "id": visit_request.pk,
        "reference": visit_request.reference,
        "status": visit_request.status,
        "organisation": visit_request.organisation,
        "organisation_kind": visit_request.organisation_kind,
        "country": visit_request.country.code,
        "group_size": visit_request.group_size,
        "format": visit_request.format,
        "languages": list(visit_request.languages),
        "office": visit_request.office.slug,
        "created_at": visit_request.created_at,
        "requested_days": [
            {"date": r.date, "office": r.slot.office.slug, "slot": r.slot_id}
            for r in visit_request.requested_slots.all()
        ],
        "visits": [
            {"date": v.date, "office": v.office.slug, "slot": v.slot_id, "status": v.status}
            for v in visit_request.visits.all()
        ],
        "contact": contact,
    }


def _filtered(request, query):
    found = _requests(request.user)
    if query.status:
        found = found.filter(status=query.status)
    if query.office:
        found = found.filter(office__slug=query.office)
    return found.order_by("-created_at", "-pk")


@router.get(
    "/requests",
    response={200: RequestPage, 400: schemas.Problem, 401: schemas.Problem, 403: schemas.Problem, 404: schemas.Problem},
    summary="Requests the token's owner may see, newest first, 50 a page",
)
def requests(request, query: Query[ListQuery]):
    paginator = Paginator(_filtered(request, query), PAGE_SIZE)
    if not 1 <= query.page <= max(paginator.num_pages, 1):
        raise Http404
    page = paginator.page(query.page)
    return {
        "total": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "items": [_as_dict(item, request.user) for item in page.object_list],
    }


@router.get(
    "/requests/export",
    response={200: None, 400: schemas.Problem, 401: schemas.Problem, 403: schemas.Problem},
    summary="The same requests as CSV (at most 5,000; contact data only for those who may see it)",
    openapi_extra={
        "responses": {"200": {"description": "CSV", "content": {"text/csv": {"schema": {"type": "string"}}}}}
    },
)
def export(request, query: Query[ListQuery]):
    rows = [_as_dict(item, request.user) for item in _filtered(request, query)[:EXPORT_LIMIT]]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            "reference",
            "status",
            "organisation",
            "kind",
            "country",
            "people",
            "office",
            "received",
            "requested days",
            "visit days",
            "contact",
            "e-mail",
            "phone",
        ]
    )
    for row in rows:
        contact = row["contact"] or {"name": "", "email": "", "phone": ""}
        writer.writerow(
            [
                row["reference"],
                row["status"],
                row["organisation"],
                row["organisation_kind"],
                row["country"],
                row["group_size"],
                row["office"],
                row["created_at"].isoformat(),
                " ".join(str(day["date"]) for day in row["requested_days"]),
                " ".join(str(day["date"]) for day in row["visits"]),
                contact["name"],
                contact["email"],
                contact["phone"],
            ]
        )
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="requests.csv"'
    return response


def _request_for(user, request_id, action=Action.VIEW):
    return request_for(user, request_id, action, _with_what_is_shown())


@router.get(
    "/requests/{request_id}",
    response={200: Request, 400: schemas.Problem, 401: schemas.Problem, 403: schemas.Problem, 404: schemas.Problem},
    summary="One request",
)
def request_detail(request, request_id: RecordId):
    return _as_dict(_request_for(request.user, request_id), request.user)


def _days(days: list[DayIn]):
    """[{office, date, slot, …}] for staff_services.schedule_request, from slugs and slot ids."""
    parsed = []
    for day in days:
        office = OfficePage.objects.live().filter(slug=day.office).first()
        slot = VisitSlot.objects.filter(pk=day.slot, office=office).first() if office else None
        if slot is None:
            raise Refused(_("%(office)s has no slot %(slot)d.") % {"office": day.office[:60], "slot": day.slot})
        parsed.append({"office": office, "date": day.date, "slot": slot})
    return parsed


@router.post(
    "/requests/{request_id}/actions",
    response={
        200: Request,
        400: schemas.Problem,
        401: schemas.Problem,
        403: schemas.Problem,
        404: schemas.Problem,
        409: schemas.Problem,
    },
    summary="Move a request through its life cycle, as on the staff pages",
    description=(
        "`start_review`; `ask` (with `question`); `decline` and `cancel` (with `reason`); `confirm` "
        "(with `days`: office slug, date and slot id of each visit day); `complete`. A state that "
        "refuses the action answers 409 and changes nothing."
    ),
)
def act(request, request_id: RecordId, body: ActionIn):
    user = request.user
    visit_request = _request_for(user, request_id, Action.HANDLE)
    text = (body.reason or body.question).strip()
    if body.action in ("ask", "decline", "cancel") and not text:
        raise Refused(_("Say why (`reason`), or what to ask (`question`)."))
    runs = {
        "start_review": lambda: staff_services.start_review(visit_request, user),
        "ask": lambda: staff_services.ask_for_information(visit_request, user, text),
        "decline": lambda: staff_services.decline_request(visit_request, user, text),
        "cancel": lambda: staff_services.cancel_by_staff(visit_request, user, text),
        "confirm": lambda: staff_services.schedule_request(visit_request, user, _days(body.days), text),
        "complete": lambda: staff_services.complete_request(visit_request, user, {}),
    }
    if body.action == "confirm" and not body.days:
        raise Refused(_("Give the visit days to confirm (`days`)."))
    try:
        runs[body.action]()
    except (TransitionRefused, SlotUnavailable) as refusal:
        raise HttpError(409, str(refusal)) from None
    return _as_dict(_request_for(user, request_id), user)
