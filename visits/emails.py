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


def _update(visit_request, subject, lines, to=None):
    """A short status update: a few paragraphs and the private link."""
    send_templated_mail(
        "visits/emails/status_update",
        {**_context(visit_request), "lines": lines},
        subject=subject,
        to=to or [visit_request.email],
        reply_to=[visit_request.office.request_email],
    )


def _has_contact(visit_request):
    return bool(visit_request.email) and visit_request.erased_at is None


def send_needs_information(visit_request, question):
    _update(
        visit_request,
        _("Question about your visit request %(reference)s") % {"reference": visit_request.reference},
        [_("To plan your visit we need to know more:"), question, _("Please answer on your status page.")],
    )


def send_answer_to_office(visit_request, answer):
    send_templated_mail(
        "visits/emails/status_update",
        {**_context(visit_request), "lines": [_("The requester answered:"), answer], "staff": True},
        subject=_("Answer on visit request %(reference)s") % {"reference": visit_request.reference},
        to=[visit_request.office.request_email],
    )


def send_declined(visit_request, reason):
    _update(
        visit_request,
        _("Your visit request %(reference)s") % {"reference": visit_request.reference},
        [_("We are sorry that we cannot receive your delegation as requested."), reason],
    )


def send_reassigned(visit_request, previous_office):
    send_templated_mail(
        "visits/emails/status_update",
        {
            **_context(visit_request),
            "lines": [
                _("Visit request %(reference)s was handed over from %(office)s to you.")
                % {"reference": visit_request.reference, "office": previous_office.title}
            ],
            "staff": True,
        },
        subject=_("Visit request %(reference)s handed over to you") % {"reference": visit_request.reference},
        to=[visit_request.office.request_email],
    )


def send_cancelled(visit_request, reason):
    _update(
        visit_request,
        _("Your visit %(reference)s is cancelled") % {"reference": visit_request.reference},
        [_("We had to cancel the visit."), reason],
    )


def visits_ics(visits) -> bytes:
    """The requester's own visits as an iCalendar file (for the confirmation e-mail)."""
    import icalendar

    from schedule.availability import slot_bounds

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Smart City Sweden//Showcase//EN")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    for visit in visits:
        start, end = slot_bounds(visit.date, visit.slot)
        event = icalendar.Event()
        event.add("uid", visit.ical_uid)
        event.add("dtstamp", visit.updated_at)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("sequence", visit.sequence)
        event.add("summary", _("Study visit: %(office)s") % {"office": visit.office.title})
        event.add("location", f"{visit.office.street_address}, {visit.office.postal_code} {visit.office.city}")
        event.add("description", "\n".join(f"{time} {text}".strip() for time, text in visit.programme_items()))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _visits(visit_request):
    return list(
        visit_request.visits.exclude(status="cancelled")
        .select_related("office", "slot")
        .prefetch_related("sites", "companies", "experts")
        .order_by("date", "slot__start_time")
    )


def send_confirmed(visit_request):
    visits = _visits(visit_request)
    send_templated_mail(
        "visits/emails/confirmed",
        {**_context(visit_request), "visits": visits},
        subject=_("Your study visit %(reference)s is confirmed") % {"reference": visit_request.reference},
        to=[visit_request.email],
        reply_to=[visit_request.office.request_email],
        attachments=[(f"{visit_request.reference}.ics", visits_ics(visits), "text/calendar")],
    )


def send_reminder(visit):
    visit_request = visit.request
    if not _has_contact(visit_request):
        return
    send_templated_mail(
        "visits/emails/confirmed",
        {**_context(visit_request), "visits": [visit], "reminder": True},
        subject=_("Reminder: your study visit on %(date)s") % {"date": visit.date.strftime("%Y-%m-%d")},
        to=[visit_request.email],
        reply_to=[visit.office.request_email],
        attachments=[(f"{visit_request.reference}.ics", visits_ics([visit]), "text/calendar")],
    )


def send_in_review(visit_request):
    _update(
        visit_request,
        _("Your visit request %(reference)s is being reviewed") % {"reference": visit_request.reference},
        [
            _("%(office)s has started planning your visit and will come back to you.")
            % {"office": visit_request.office.title}
        ],
    )


def send_completed(visit_request):
    if not _has_contact(visit_request):
        return
    _update(
        visit_request,
        _("Thank you for visiting Smart City Sweden (%(reference)s)") % {"reference": visit_request.reference},
        [_("Thank you for your visit. Tell us how we can help you follow up: reply to this message.")],
    )
