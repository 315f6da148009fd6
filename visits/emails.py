"""The e-mails a visit request sends. Called from services after commit."""

from django.urls import reverse
from django.utils.translation import gettext as _

from core.mail import absolute_url, send_templated_mail


def status_url(visit_request) -> str:
    return absolute_url(reverse("visits:status", args=[visit_request.status_token]))


def _context(visit_request):
    return {
        "request": visit_request,
        "status_url": status_url(visit_request),
        "slots": list(visit_request.requested_slots.select_related("slot")),
        "office": visit_request.office,
    }


def send_request_received(visit_request):
    context = _context(visit_request)
    send_templated_mail(
        "visits/emails/request_received",
        context,
        subject=_("We received your visit request %(reference)s") % {"reference": visit_request.reference},
        to=[visit_request.email],
        reply_to=[visit_request.office.request_email],
    )
    send_templated_mail(
        "visits/emails/new_request_for_office",
        context,
        subject=_("New visit request %(reference)s from %(country)s")
        % {"reference": visit_request.reference, "country": visit_request.country.name},
        to=[visit_request.office.request_email],
    )


def send_request_withdrawn(visit_request):
    send_templated_mail(
        "visits/emails/request_withdrawn",
        _context(visit_request),
        subject=_("Visit request %(reference)s withdrawn") % {"reference": visit_request.reference},
        to=[visit_request.email, visit_request.office.request_email],
    )


def send_new_status_link(visit_request):
    send_templated_mail(
        "visits/emails/new_status_link",
        _context(visit_request),
        subject=_("Your new link for visit request %(reference)s") % {"reference": visit_request.reference},
        to=[visit_request.email],
    )
