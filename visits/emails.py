"""The e-mails a visit request sends. Called from services after commit."""

from contextlib import contextmanager
from functools import wraps

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.mail import absolute_url, send_templated_mail
from visits.models import Visit

# iCalendar METHODs: PUBLISH adds or updates the events, CANCEL removes them (RFC 5546).
ICS_PUBLISH = "PUBLISH"
ICS_CANCEL = "CANCEL"


def to_requester(function):
    """Write the e-mail in the language the request was made in (its status link too)."""

    @wraps(function)
    def in_requester_language(visit_request, *args, **kwargs):
        with translation.override(visit_request.language):
            return function(visit_request, *args, **kwargs)

    return in_requester_language


@contextmanager
def to_office(office):
    """Write what follows in the admin language of the office's staff."""
    with translation.override(office.staff_language()):
        yield


def status_url(visit_request) -> str:
    return absolute_url(reverse("visits:status", args=[visit_request.status_token]))


def staff_url(visit_request) -> str:
    return absolute_url(reverse("visits_staff:detail", args=[visit_request.pk]))


def _context(visit_request):
    return {
        "request": visit_request,
        "status_url": status_url(visit_request),
        "slots": list(visit_request.requested_slots.select_related("slot")),
        "office": visit_request.office,
        "staff_url": staff_url(visit_request),
    }


@to_requester
def send_request_received(visit_request):
    context = _context(visit_request)
    send_templated_mail(
        "visits/emails/request_received",
        context,
        subject=_("We received your visit request %(reference)s") % {"reference": visit_request.reference},
        to=[visit_request.email],
        reply_to=[visit_request.office.request_email],
    )
    # A study tour asks for days at several offices: each is told, in its staff's language.
    for office in [visit_request.office, *other_offices_asked(visit_request, context["slots"])]:
        with to_office(office):
            send_templated_mail(
                "visits/emails/new_request_for_office",
                {**context, "office": office},
                subject=_("New visit request %(reference)s from %(country)s")
                % {"reference": visit_request.reference, "country": visit_request.country.name},
                to=[office.request_email],
            )


def other_offices_asked(visit_request, requested_slots):
    """Offices other than the request's own where it asks for a day, from its requested slots
    (loaded with their slots): a request at one office costs no query."""
    from offices.models import OfficePage

    asked = {requested.slot.office_id for requested in requested_slots} - {visit_request.office_id}
    if not asked:
        return []
    return list(OfficePage.objects.filter(pk__in=asked).order_by("title"))


@to_requester
def send_request_withdrawn(visit_request):
    send_templated_mail(
        "visits/emails/request_withdrawn",
        _context(visit_request),
        subject=_("Visit request %(reference)s withdrawn") % {"reference": visit_request.reference},
        to=[visit_request.email],
    )
    with to_office(visit_request.office):
        send_templated_mail(
            "visits/emails/request_withdrawn",
            _context(visit_request),
            subject=_("Visit request %(reference)s withdrawn") % {"reference": visit_request.reference},
            to=[visit_request.office.request_email],
        )


@to_requester
def send_new_status_link(visit_request):
    send_templated_mail(
        "visits/emails/new_status_link",
        _context(visit_request),
        subject=_("Your new link for visit request %(reference)s") % {"reference": visit_request.reference},
        to=[visit_request.email],
    )


@to_requester
def send_days_changed(visit_request):
    """The requester changed the requested days: confirm the new days to them, tell the office."""
    context = _context(visit_request)
    send_templated_mail(
        "visits/emails/days_changed",
        context,
        subject=_("New days for your visit request %(reference)s") % {"reference": visit_request.reference},
        to=[visit_request.email],
        reply_to=[visit_request.office.request_email],
    )
    with to_office(visit_request.office):
        send_templated_mail(
            "visits/emails/days_changed_for_office",
            _context(visit_request),
            subject=_("Visit request %(reference)s: the requester changed the days")
            % {"reference": visit_request.reference},
            to=[visit_request.office.request_email],
        )


def _update(visit_request, subject, lines, attachments=()):
    """A short status update: a few paragraphs and the private link."""
    send_templated_mail(
        "visits/emails/status_update",
        {**_context(visit_request), "lines": lines},
        subject=subject,
        to=[visit_request.email],
        reply_to=[visit_request.office.request_email],
        attachments=attachments,
    )


@to_requester
def send_days_changed_by_staff(visit_request, changes):
    """Staff moved requested days (a study tour's stops): the requester learns each change."""
    if not _has_contact(visit_request):
        return
    _update(
        visit_request,
        _("Your itinerary for %(reference)s has changed") % {"reference": visit_request.reference},
        [_("The office has changed your itinerary:"), *changes, _("Your status page shows the whole itinerary.")],
    )


def _has_contact(visit_request):
    return bool(visit_request.email) and visit_request.erased_at is None


@to_requester
def send_needs_information(visit_request, question):
    _update(
        visit_request,
        _("Question about your visit request %(reference)s") % {"reference": visit_request.reference},
        [_("To plan your visit we need to know more:"), question, _("Please answer on your status page.")],
    )


def send_answer_to_office(visit_request, answer):
    with to_office(visit_request.office):
        _send_to_office(visit_request, answer)


def _send_to_office(visit_request, answer):
    send_templated_mail(
        "visits/emails/status_update",
        {**_context(visit_request), "lines": [_("The requester answered:"), answer], "staff": True},
        subject=_("Answer on visit request %(reference)s") % {"reference": visit_request.reference},
        to=[visit_request.office.request_email],
    )


@to_requester
def send_declined(visit_request, reason):
    _update(
        visit_request,
        _("Your visit request %(reference)s") % {"reference": visit_request.reference},
        [_("We are sorry that we cannot receive your delegation as requested."), reason],
    )


def send_reassigned(visit_request, previous_office):
    with to_office(visit_request.office):
        _send_reassigned(visit_request, previous_office)


def _send_reassigned(visit_request, previous_office):
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


@to_requester
def send_cancelled(visit_request, reason):
    """Tell the requester, with a calendar file that removes the confirmed days from their calendar."""
    visits = _visits(visit_request, Visit.Status.CANCELLED)
    attachments = [_ics_attachment(visit_request, visits, ICS_CANCEL)] if visits else []
    _update(
        visit_request,
        _("Your visit %(reference)s is cancelled") % {"reference": visit_request.reference},
        [_("We had to cancel the visit."), reason],
        attachments=attachments,
    )


def visits_ics(visits, method=ICS_PUBLISH) -> bytes:
    """The requester's visits as an iCalendar file: ICS_PUBLISH adds or updates them, ICS_CANCEL removes them.

    Every e-mail builds its calendar here, so an event keeps its UID (Visit.ical_uid) from the
    confirmation to the cancellation; calendar clients apply the one with the highest SEQUENCE.
    """
    import icalendar

    from core.dates import slot_bounds

    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Smart City Sweden//Showcase//EN")
    calendar.add("version", "2.0")
    calendar.add("method", method)
    for visit in visits:
        start, end = slot_bounds(visit.date, visit.slot)
        cancelled = method == ICS_CANCEL or visit.status == Visit.Status.CANCELLED
        event = icalendar.Event()
        event.add("uid", visit.ical_uid)
        event.add("dtstamp", visit.updated_at)
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("sequence", visit.sequence)
        event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
        # Clients accept a CANCEL only from the organizer of the event they hold.
        event.add("organizer", f"mailto:{visit.office.request_email}", parameters={"CN": visit.office.title})
        event.add("summary", _("Study visit: %(office)s") % {"office": visit.office.title})
        event.add("location", f"{visit.office.street_address}, {visit.office.postal_code} {visit.office.city}")
        event.add("description", "\n".join(f"{time} {text}".strip() for time, text in visit.programme_items()))
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def _ics_attachment(visit_request, visits, method=ICS_PUBLISH):
    return (f"{visit_request.reference}.ics", visits_ics(visits, method), "text/calendar")


def _visits(visit_request, status=None):
    """The request's visit days in order: those with `status`, or by default all but the cancelled."""
    visits = visit_request.visits.all()
    visits = visits.filter(status=status) if status else visits.exclude(status=Visit.Status.CANCELLED)
    return list(
        visits.select_related("office", "slot")
        .prefetch_related("sites", "companies", "experts")
        .order_by("date", "slot__start_time")
    )


def send_confirmed(visit_request):
    """Each office hosting a day learns its own days; then the requester gets every day and the calendar."""
    visits = _visits(visit_request)
    context = _context(visit_request)
    by_office = {}
    for visit in visits:
        by_office.setdefault(visit.office, []).append(visit)
    for office, days in by_office.items():
        with to_office(office):
            _send_confirmed_to_office(visit_request, context, office, days)
    with translation.override(visit_request.language):
        send_templated_mail(
            "visits/emails/confirmed",
            {**context, "status_url": status_url(visit_request), "visits": visits},
            subject=_("Your study visit %(reference)s is confirmed") % {"reference": visit_request.reference},
            to=[visit_request.email],
            reply_to=[visit_request.office.request_email],
            attachments=[_ics_attachment(visit_request, visits)],
        )


def _send_confirmed_to_office(visit_request, context, office, days):
    send_templated_mail(
        "visits/emails/confirmed_for_office",
        {**context, "host": office, "visits": days},
        subject=ngettext(
            "Study visit %(reference)s confirmed: %(office)s hosts %(count)s day",
            "Study visit %(reference)s confirmed: %(office)s hosts %(count)s days",
            len(days),
        )
        % {"reference": visit_request.reference, "office": office.title, "count": len(days)},
        to=[office.request_email],
    )


def send_reminder(visit):
    with translation.override(visit.request.language):
        _send_reminder(visit)


def _send_reminder(visit):
    visit_request = visit.request
    if not _has_contact(visit_request):
        return
    send_templated_mail(
        "visits/emails/confirmed",
        {**_context(visit_request), "visits": [visit], "reminder": True},
        subject=_("Reminder: your study visit on %(date)s") % {"date": visit.date.strftime("%Y-%m-%d")},
        to=[visit_request.email],
        reply_to=[visit.office.request_email],
        attachments=[_ics_attachment(visit_request, [visit])],
    )


@to_requester
def send_in_review(visit_request):
    _update(
        visit_request,
        _("Your visit request %(reference)s is being reviewed") % {"reference": visit_request.reference},
        [
            _("%(office)s has started planning your visit and will come back to you.")
            % {"office": visit_request.office.title}
        ],
    )


@to_requester
def send_completed(visit_request):
    if not _has_contact(visit_request):
        return
    _update(
        visit_request,
        _("Thank you for visiting Smart City Sweden (%(reference)s)") % {"reference": visit_request.reference},
        [_("Thank you for your visit. Tell us how we can help you follow up: reply to this message.")],
    )


# --- Waiting lists -------------------------------------------------------------------------


def waiting_list_url(entry) -> str:
    return absolute_url(reverse("visits:waiting_entry", args=[entry.token]))


def _waiting_context(entry):
    return {"entry": entry, "office": entry.office, "slot": entry.slot, "entry_url": waiting_list_url(entry)}


def send_waiting_list_joined(entry):
    with translation.override(entry.language):
        send_templated_mail(
            "visits/emails/waiting_list_joined",
            _waiting_context(entry),
            subject=_("You are on the waiting list of %(office)s") % {"office": entry.office.title},
            to=[entry.email],
            reply_to=[entry.office.request_email],
        )


def send_waiting_list_offer(entry):
    with translation.override(entry.language):
        send_templated_mail(
            "visits/emails/waiting_list_offer",
            _waiting_context(entry),
            subject=_("Seats are free for your visit to %(office)s: please answer") % {"office": entry.office.title},
            to=[entry.email],
            reply_to=[entry.office.request_email],
        )


# --- Site hosts ----------------------------------------------------------------------------


def host_link(invitation) -> str:
    from visits.site_hosts import signed_token

    return absolute_url(reverse("visits:host_answer", args=[signed_token(invitation)]))


def send_host_invitation(invitation, *, reminder=False):
    visit = invitation.visit
    context = {"invitation": invitation, "visit": visit, "office": visit.office, "link": host_link(invitation)}
    with translation.override(invitation.language):
        subject = _("Visit to %(site)s on %(day)s: can you receive the delegation?") % {
            "site": invitation.site.title,
            "day": visit.date.isoformat(),
        }
        if reminder:
            subject = _("Reminder: %(subject)s") % {"subject": subject}
        send_templated_mail(
            "visits/emails/host_invitation",
            context,
            subject=subject,
            to=[invitation.host_email],
            reply_to=[visit.office.request_email],
        )


def send_host_cancellation(invitation):
    """The visit a site host was asked to receive is cancelled (their link now says so too)."""
    visit = invitation.visit
    context = {"invitation": invitation, "visit": visit, "office": visit.office}
    with translation.override(invitation.language):
        send_templated_mail(
            "visits/emails/host_cancellation",
            context,
            subject=_("Cancelled: the visit to %(site)s on %(day)s")
            % {"site": invitation.site.title, "day": visit.date.isoformat()},
            to=[invitation.host_email],
            reply_to=[visit.office.request_email],
        )


def send_host_answer_to_office(invitation):
    visit = invitation.visit
    with to_office(visit.office):
        send_templated_mail(
            "visits/emails/host_answer_for_office",
            {"invitation": invitation, "visit": visit, "staff_url": staff_url(visit.request)},
            subject=_("%(site)s answered for visit %(reference)s: %(answer)s")
            % {
                "site": invitation.site.title,
                "reference": visit.request.reference,
                "answer": invitation.get_answer_display(),
            },
            to=[visit.office.request_email],
        )
