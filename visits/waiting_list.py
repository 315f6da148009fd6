"""Waiting lists for full slots: joining, offers when seats free up, accepting, expiry, and
the order staff keep.

Every seat goes through the ledger (visits.availability). When seats in a slot are given
back (`availability.seats_freed`), the first waiting delegations whose groups fit are
offered them, in list order: the seats are held for the entry itself (SlotHold.offer)
for WAITING_LIST_OFFER_HOURS, so nobody else can book them meanwhile. Accepting turns the
entry into a request through `services.submit_request`, holding the same seats; an offer
that expires gives them back and the next entry that fits gets them.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from visits import availability, services, tasks
from visits.models import SlotHold, VisitRequest, WaitingListChange, WaitingListEntry

Entry = WaitingListEntry.Status
# What a request made from an entry copies from it.
REQUEST_FIELDS = (
    "organisation",
    "organisation_kind",
    "country",
    "contact_name",
    "email",
    "phone",
    "group_size",
    "languages",
    "message",
    "language",
    "office",
)
# An entry in one of these is still on the list.
ON_THE_LIST = frozenset({Entry.WAITING, Entry.OFFERED})


class WaitingListRefused(Exception):
    """Why a delegation cannot join, or an entry cannot do what was asked."""


def log(entry, action, *, actor=None, actor_label="", reason="") -> None:
    WaitingListChange.objects.create(
        entry=entry, action=action, actor=actor, actor_label=actor_label or ("" if actor else "system"), reason=reason
    )


def slot_state(office, day: datetime.date, slot, group_size: int):
    """The ledger's view of one slot for a group of `group_size`, or None on a closed day."""
    (found,) = availability.office_availability(office, day, day, group_size)
    if found.status == availability.DayStatus.CLOSED:
        return None
    return next(state for state in found.slots if state.slot.pk == slot.pk)


def refusal_to_join(office, day: datetime.date, slot, group_size: int, today=None) -> str | None:
    """Why a group cannot wait for this slot: a list is for days that are open but full."""
    if slot.office_id != office.pk:
        return _("That slot belongs to another office.")
    today = today or timezone.localdate()
    if not availability.first_bookable_day(today) <= day <= today + datetime.timedelta(days=availability.HORIZON_DAYS):
        return _("Waiting lists are kept for days that can still be booked.")
    if group_size > office.largest_group:
        return _("%(office)s receives groups of at most %(n)d people.") % {
            "office": office.title,
            "n": office.largest_group,
        }
    state = slot_state(office, day, slot, group_size)
    if state is None:
        return _("%(office)s does not receive visits that day.") % {"office": office.title}
    if state.fits:
        return _("This slot still has room for your group: book it directly.")
    return None


@transaction.atomic
def join(*, office, day, slot, fields: dict) -> WaitingListEntry:
    """Put a delegation at the end of the slot's waiting list, or raise WaitingListRefused."""
    refusal = refusal_to_join(office, day, slot, fields["group_size"])
    if refusal:
        raise WaitingListRefused(refusal)
    entries = WaitingListEntry.objects.filter(office=office, date=day, slot=slot)
    if entries.filter(status__in=ON_THE_LIST, email__iexact=fields["email"]).exists():
        raise WaitingListRefused(_("This e-mail address is already on the waiting list for this slot."))
    last = entries.aggregate(last=Max("position"))["last"] or 0
    try:
        with transaction.atomic():
            entry = WaitingListEntry.objects.create(
                office=office, date=day, slot=slot, position=last + 1, consent_processing_at=timezone.now(), **fields
            )
    except IntegrityError:  # the same address joined at the same moment
        raise WaitingListRefused(_("This e-mail address is already on the waiting list for this slot.")) from None
    log(entry, "joined", actor_label="requester")
    tasks.enqueue_with_commit(tasks.send_waiting_list_joined, entry.pk)
    return entry


def position_of(entry) -> int:
    """1 for the first delegation still waiting for the slot."""
    ahead = WaitingListEntry.objects.filter(
        office_id=entry.office_id, date=entry.date, slot_id=entry.slot_id, status=Entry.WAITING
    ).filter(position__lt=entry.position)
    return ahead.count() + 1


# --- Offers ------------------------------------------------------------------------------


def on_seats_freed(sender, places, **kwargs) -> None:
    """Receiver of `availability.seats_freed`: offer the seats once the release is committed."""
    tasks.enqueue_with_commit(
        tasks.offer_freed_seats, [[office_id, day.isoformat(), slot_id] for office_id, day, slot_id in places]
    )


@transaction.atomic
def offer_seats(office, day: datetime.date, slot, now=None) -> list[WaitingListEntry]:
    """Offer what is free in the slot to the waiting entries, first come first, skipping
    groups that do not fit; returns the entries offered seats."""
    now = now or timezone.now()
    if day < availability.first_bookable_day(timezone.localdate(now)):
        return []
    waiting = _waiting_in_order(office.pk, day, slot.pk)
    offered = []
    for entry in waiting:
        state = slot_state(office, day, slot, entry.group_size)
        if state is None:
            break
        if not state.fits:
            continue
        try:
            with transaction.atomic():
                availability.hold_seats(None, office, day, slot, entry.group_size, offer=entry)
        except availability.SlotUnavailable:
            continue  # taken at this moment by someone else: the next one may still fit
        entry.status = Entry.OFFERED
        entry.offered_at = now
        entry.offer_expires_at = min(
            now + datetime.timedelta(hours=settings.WAITING_LIST_OFFER_HOURS), last_moment(day)
        )
        entry.save(update_fields=["status", "offered_at", "offer_expires_at"])
        with translation.override(settings.LANGUAGE_CODE):  # the trail is written once, for every reader
            until = date_format(timezone.localtime(entry.offer_expires_at), "Y-m-d H:i")
            log(entry, "offered", reason=_("Seats freed up; held until %(until)s.") % {"until": until})
        tasks.enqueue_with_commit(tasks.send_waiting_list_offer, entry.pk)
        offered.append(entry)
    return offered


def last_moment(day: datetime.date) -> datetime.datetime:
    """When an offer for `day` must be accepted at the latest: while the day can still be asked
    for (availability.first_bookable_day)."""
    last_asking_day = day - datetime.timedelta(days=availability.LEAD_DAYS)
    return timezone.make_aware(datetime.datetime.combine(last_asking_day + datetime.timedelta(days=1), datetime.time()))


def _lock(entry) -> WaitingListEntry:
    # Only the entry's row: locking the office's and slot's rows too would hold up every
    # booking at that office while an offer is accepted.
    return WaitingListEntry.objects.select_for_update(of=("self",)).select_related("office", "slot").get(pk=entry.pk)


def _give_back(entry) -> None:
    """Release what an offer holds and let the next entries have it, once committed."""
    SlotHold.objects.filter(offer=entry).delete()
    on_seats_freed(SlotHold, [(entry.office_id, entry.date, entry.slot_id)])


def accept(entry, now=None) -> VisitRequest:
    """The delegation takes the offered seats: the entry becomes a request holding them."""
    if expire_offers(now, pk=entry.pk):
        raise WaitingListRefused(_("This offer expired; the seats went to the next delegation on the list."))
    try:
        return _accept(entry)
    except availability.SlotUnavailable as refusal:  # closed or made smaller since the offer
        _withdraw(entry, str(refusal))
        raise WaitingListRefused(
            _("These seats can no longer be booked: %(reason)s") % {"reason": refusal.reason}
        ) from None


@transaction.atomic
def _withdraw(entry, reason) -> None:
    entry = _lock(entry)
    if entry.status == Entry.OFFERED:
        entry.status = Entry.EXPIRED
        entry.save(update_fields=["status"])
        log(entry, "expired", reason=reason)
        _give_back(entry)


@transaction.atomic
def _accept(entry) -> VisitRequest:
    entry = _lock(entry)
    if entry.status != Entry.OFFERED:
        raise WaitingListRefused(
            _("There is no offer to accept: this entry is “%(status)s”.") % {"status": entry.get_status_display()}
        )
    if entry.date < availability.first_bookable_day():
        raise availability.SlotUnavailable(entry.date, entry.slot, _("the day can no longer be requested"))
    # The offer's seats become the request's: given back and taken again in one transaction,
    # so nobody else can take them in between.
    SlotHold.objects.filter(offer=entry).delete()
    fields = {name: getattr(entry, name) for name in REQUEST_FIELDS}
    visit_request = services.submit_request(fields=fields, choices=[(entry.date, entry.slot)])
    entry.status, entry.request = Entry.ACCEPTED, visit_request
    entry.save(update_fields=["status", "request"])
    log(entry, "accepted", actor_label="requester", reason=visit_request.reference)
    return visit_request


def _expire(entry) -> None:
    entry.status = Entry.EXPIRED
    entry.save(update_fields=["status"])
    log(entry, "expired")
    _give_back(entry)


def expire_offers(now=None, pk=None) -> int:
    """Let every offer past its time (or only entry `pk`'s) go to the next entry; returns how
    many expired. `manage.py expire_waiting_list_offers` runs it every few minutes."""
    now = now or timezone.now()
    due = WaitingListEntry.objects.filter(status=Entry.OFFERED, offer_expires_at__lte=now)
    if pk is not None:
        due = due.filter(pk=pk)
    due = due.values_list("pk", flat=True)
    expired = 0
    for pk in list(due):
        with transaction.atomic():
            entry = _lock(WaitingListEntry(pk=pk))
            if entry.status == Entry.OFFERED and entry.offer_expires_at <= now:  # not accepted meanwhile
                _expire(entry)
                expired += 1
    return expired


@transaction.atomic
def leave(entry, *, actor=None, reason="") -> None:
    """The delegation leaves the list (or staff remove it); an offer's seats go to the next."""
    entry = _lock(entry)
    if entry.status not in ON_THE_LIST:
        raise WaitingListRefused(_("This entry is no longer on the waiting list."))
    was_offered = entry.status == Entry.OFFERED
    entry.status = Entry.REMOVED if actor else Entry.LEFT
    entry.save(update_fields=["status"])
    log(entry, "removed" if actor else "left", actor=actor, actor_label="" if actor else "requester", reason=reason)
    if was_offered:
        _give_back(entry)


def _waiting_in_order(office_id, day, slot_id) -> list:
    """The slot's waiting entries, locked in list order: the one order in which offers and
    moves lock them, so neither waits for the other crosswise."""
    return list(
        WaitingListEntry.objects.select_for_update(of=("self",))
        .filter(office_id=office_id, date=day, slot_id=slot_id, status=Entry.WAITING)
        .order_by("position", "created_at", "pk")
    )


@transaction.atomic
def move(entry, *, up: bool, actor) -> bool:
    """Swap a waiting entry with its neighbour above or below; False when it is at that end."""
    waiting = _waiting_in_order(entry.office_id, entry.date, entry.slot_id)
    index = next((n for n, other in enumerate(waiting) if other.pk == entry.pk), None)
    if index is None:
        raise WaitingListRefused(_("Only delegations still waiting can be moved."))
    other = index - 1 if up else index + 1
    if not 0 <= other < len(waiting):
        return False
    waiting[index], waiting[other] = waiting[other], waiting[index]
    # Numbered afresh: two entries that joined at the same moment may share a position.
    for position, waiting_entry in enumerate(waiting, start=1):
        waiting_entry.position = position
    WaitingListEntry.objects.bulk_update(waiting, ["position"])
    log(waiting[other], "moved", actor=actor, reason=_("Moved up.") if up else _("Moved down."))
    return True


def offer_everywhere(today=None) -> int:
    """Offer free seats to every waiting list that has some: seats can free up without a
    release (more capacity, a closure lifted), and an offer can be lost with its task."""
    today = today or timezone.localdate()
    lists = (
        WaitingListEntry.objects.filter(status=Entry.WAITING, date__gte=availability.first_bookable_day(today))
        .values_list("office_id", "date", "slot_id")
        .distinct()
    )
    return tasks.offer_freed_seats.call([[office_id, day.isoformat(), slot_id] for office_id, day, slot_id in lists])
