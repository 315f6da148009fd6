"""Site hosts answer for their site: when staff schedule a visit to a best-practice site, its
host (catalogue.SiteHost, staff-only) gets an e-mail with a signed link. Without an account,
the host confirms, declines or proposes another time, once; the request page shows every
answer, and hosts who have not answered are reminded.

The link carries the invitation's random token signed with the site's secret key (salted,
timestamped): it cannot be guessed, it is refused once the host has answered or the visit
is past, and a tampered or expired link is refused.
"""

import datetime

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalogue.models import SiteHost
from visits import tasks
from visits.models import HostInvitation, Visit
from visits.services import record

SALT = "visits.site-host-answer"
# A link older than this is refused even if unanswered (a visit is booked a year ahead at most).
LINK_MAX_AGE = datetime.timedelta(days=400)
REMIND_AFTER = datetime.timedelta(days=2)
MAX_REMINDERS = 2

Answer = HostInvitation.Answer


class LinkRefused(Exception):
    """Why a host's link cannot be used (tampered, expired, already answered, visit gone)."""


def signed_token(invitation) -> str:
    return signing.dumps(invitation.token, salt=SALT, compress=False)


def invitation_for_link(value: str) -> HostInvitation:
    """The invitation a link names, or LinkRefused; the link is checked before the database."""
    try:
        token = signing.loads(value, salt=SALT, max_age=LINK_MAX_AGE)
    except signing.SignatureExpired:
        raise LinkRefused(_("This link has expired.")) from None
    except signing.BadSignature:
        raise LinkRefused(_("This link is not valid. Use the link from the e-mail as it is.")) from None
    invitation = (
        HostInvitation.objects.select_related("visit__office", "visit__slot", "visit__request", "site")
        .filter(token=token)
        .first()
    )
    if invitation is None:
        raise LinkRefused(_("This link is not valid any more."))
    return invitation


def invite_hosts(visits) -> list[HostInvitation]:
    """An invitation for each site with a host on each scheduled visit, e-mailed on commit."""
    invitations = []
    for visit in visits:
        hosts = SiteHost.objects.filter(practice__in=visit.sites.all()).select_related("practice")
        for host in hosts:
            invitation, created = HostInvitation.objects.get_or_create(
                visit=visit,
                site=host.practice,
                defaults={"host_name": host.name, "host_email": host.email, "language": host.language},
            )
            if created:
                tasks.enqueue_with_commit(tasks.send_host_invitation, invitation.pk)
                invitations.append(invitation)
    return invitations


def refusal(invitation, today=None) -> str | None:
    """Why the host cannot answer (any more), or None."""
    today = today or timezone.localdate()
    if invitation.answer != Answer.PENDING:
        return _("You have already answered: %(answer)s. Thank you!") % {"answer": invitation.get_answer_display()}
    if invitation.visit.status != Visit.Status.SCHEDULED:
        return _("This visit is no longer scheduled; nothing to answer.")
    if invitation.visit.date < today:
        return _("This visit is in the past.")
    return None


@transaction.atomic
def answer(invitation, *, answer: str, proposed_time: str = "", message: str = "") -> HostInvitation:
    """Record the host's answer once; the office is told. Raises LinkRefused when it cannot."""
    invitation = (
        HostInvitation.objects.select_for_update(of=("self",))
        .select_related("visit__request", "site")
        .get(pk=invitation.pk)
    )
    reason = refusal(invitation)
    if reason:
        raise LinkRefused(reason)
    invitation.answer = answer
    invitation.proposed_time = proposed_time if answer == Answer.PROPOSED else ""
    invitation.message = message
    invitation.answered_at = timezone.now()
    invitation.save(update_fields=["answer", "proposed_time", "message", "answered_at"])
    with translation.override(settings.LANGUAGE_CODE):  # the history is written once, for every reader
        summary = _("%(host)s (%(site)s): %(answer)s.") % {
            "host": invitation.host_name,
            "site": invitation.site.title,
            "answer": invitation.get_answer_display(),
        }
        if invitation.proposed_time:
            summary += " " + _("Proposed: %(time)s.") % {"time": invitation.proposed_time}
    record(invitation.visit.request, action="host_answer", actor_label="site host", reason=summary)
    tasks.enqueue_with_commit(tasks.send_host_answer_to_office, invitation.pk)
    return invitation


def remind_hosts(now=None) -> int:
    """Queue a reminder for each host who has not answered for REMIND_AFTER, at most
    MAX_REMINDERS times and only for visits still ahead; returns how many."""
    now = now or timezone.now()
    due = HostInvitation.objects.filter(
        answer=Answer.PENDING,
        visit__status=Visit.Status.SCHEDULED,
        visit__date__gte=timezone.localdate(now),
        reminders_sent__lt=MAX_REMINDERS,
        sent_at__lte=now - REMIND_AFTER,
    ).exclude(last_reminded_at__gt=now - REMIND_AFTER)
    count = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            updated = HostInvitation.objects.filter(pk=pk, reminders_sent__lt=MAX_REMINDERS, answer=Answer.PENDING)
            invitation = updated.select_for_update(of=("self",)).first()
            if invitation is None:
                continue
            invitation.reminders_sent += 1
            invitation.last_reminded_at = now
            invitation.save(update_fields=["reminders_sent", "last_reminded_at"])
            tasks.enqueue_with_commit(tasks.send_host_invitation, pk, True)
            count += 1
    return count
