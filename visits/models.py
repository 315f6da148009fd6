"""Visit plans (starred items) and visit requests with their capacity holds and history."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import connection, models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from phonenumber_field.modelfields import PhoneNumberField

from core.fields import MultipleChoiceJSONField
from core.languages import VISIT_LANGUAGES
from core.tokens import new_token


class VisitPlan(models.Model):
    """A visitor's starred pages, kept under an unguessable token (no account needed)."""

    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("visit plan")

    def __str__(self):
        return f"{_('Visit plan')} {self.pk}"


class VisitPlanItem(models.Model):
    plan = models.ForeignKey(VisitPlan, on_delete=models.CASCADE, related_name="items")
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")
    note = models.CharField(_("note"), max_length=500, blank=True)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["plan", "page"], name="plan_item_once")]

    def __str__(self):
        return f"{self.plan_id}: {self.page_id}"


def public_name(organisation: str, country_code: str, consent_public_name: bool) -> str:
    """How the public calendar names a delegation: its organisation only when it agreed,
    otherwise its country; never the contact person. For calendars that read these three
    columns rather than whole requests."""
    if consent_public_name:
        return organisation
    return _("Delegation from %(country)s") % {"country": countries.name(country_code)}


class VisitRequest(models.Model):
    # Office staff see their office's requests and those with a day (requested or scheduled) at their office.
    office_scope_paths = ("office", "visits__office", "requested_slots__slot__office")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        IN_REVIEW = "in_review", _("In review")
        NEEDS_INFO = "needs_info", _("Needs information")
        CONFIRMED = "confirmed", _("Confirmed")
        COMPLETED = "completed", _("Completed")
        FOLLOWED_UP = "followed_up", _("Followed up")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        CANCELLED = "cancelled", _("Cancelled")

    class OrganisationKind(models.TextChoices):
        MUNICIPALITY = "municipality", _("Municipality or region")
        GOVERNMENT = "government", _("National government")
        COMPANY = "company", _("Company")
        ACADEMIA = "academia", _("University or research")
        EMBASSY = "embassy", _("Embassy")
        OTHER = "other", _("Other")

    class Format(models.TextChoices):
        ON_SITE = "on_site", _("On site")
        DIGITAL = "digital", _("Digital")

    # Filled in last, just before commit, so the per-year counter is locked only briefly.
    reference = models.CharField(_("reference"), max_length=20, unique=True, null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    number = models.PositiveIntegerField(_("number"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    status_token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_kind = models.CharField(_("kind of organisation"), max_length=20, choices=OrganisationKind.choices)
    country = CountryField(_("country"))
    contact_name = models.CharField(_("contact name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = PhoneNumberField(_("phone"))
    group_size = models.PositiveSmallIntegerField(
        _("group size"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    languages = MultipleChoiceJSONField(_("languages"), choices_list=VISIT_LANGUAGES, default=list)
    format = models.CharField(_("format"), max_length=10, choices=Format.choices, default=Format.ON_SITE)
    office = models.ForeignKey(
        "offices.OfficePage", verbose_name=_("office"), on_delete=models.PROTECT, related_name="visit_requests"
    )
    office_was_suggested = models.BooleanField(_("office suggested by the platform"), default=False)
    routing_reason = models.CharField(_("why this office was suggested"), max_length=300, blank=True)
    interests = models.ManyToManyField(
        "catalogue.SubAreaPage", verbose_name=_("interests"), blank=True, related_name="+"
    )
    plan_items = models.ManyToManyField(
        "wagtailcore.Page", verbose_name=_("items from the visit plan"), blank=True, related_name="+"
    )
    message = models.TextField(_("message"), max_length=4000, blank=True)
    # The site language the request was made in: every e-mail to the requester uses it.
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    consent_processing_at = models.DateTimeField(_("consented to processing at"))
    consent_public_name = models.BooleanField(_("organisation name may be shown in the public calendar"), default=False)
    created_at = models.DateTimeField(_("received"), default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    erased_at = models.DateTimeField(_("contact data erased"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("visit request")
        verbose_name_plural = _("visit requests")
        constraints = [models.UniqueConstraint(fields=["year", "number"], name="request_number_per_year")]
        indexes = [models.Index(fields=["office", "status"]), models.Index(fields=["created_at"])]

    def __str__(self):
        return f"{self.reference} {self.organisation}"

    def language_names(self) -> list[str]:
        names = dict(VISIT_LANGUAGES)
        return [str(names.get(code, code)) for code in self.languages]

    def public_label(self):
        """How the public calendar names this delegation; never the contact person."""
        return public_name(self.organisation, self.country.code, self.consent_public_name)


class RequestedSlot(models.Model):
    """A day and slot the requester asked for (kept after the hold is released)."""

    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="requested_slots")
    date = models.DateField(_("date"))
    slot = models.ForeignKey("offices.VisitSlot", verbose_name=_("slot"), on_delete=models.PROTECT, related_name="+")

    class Meta:
        ordering = ["date", "slot__start_time"]
        constraints = [models.UniqueConstraint(fields=["request", "date", "slot"], name="requested_slot_once")]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.slot}"


class Visit(models.Model):
    """One scheduled day of a request at one office; a request may have several."""

    office_scope_paths = ("office", "request__office")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")

    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="visits")
    office = models.ForeignKey(
        "offices.OfficePage", verbose_name=_("office"), on_delete=models.PROTECT, related_name="visits"
    )
    date = models.DateField(_("date"))
    slot = models.ForeignKey("offices.VisitSlot", verbose_name=_("slot"), on_delete=models.PROTECT, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    participants = models.PositiveSmallIntegerField(_("participants"), help_text=_("Expected, then actual."))
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("hosts"), blank=True, related_name="hosted_visits"
    )
    sites = models.ManyToManyField(
        "catalogue.BestPracticePage", verbose_name=_("best-practice sites"), blank=True, related_name="+"
    )
    companies = models.ManyToManyField(
        "catalogue.CompanyPage", verbose_name=_("companies"), blank=True, related_name="+"
    )
    experts = models.ManyToManyField("catalogue.ExpertPage", verbose_name=_("experts"), blank=True, related_name="+")
    programme = models.TextField(
        _("programme"), blank=True, help_text=_("One line per item, starting with the time, e.g. “09:00 Welcome”.")
    )
    topics_covered = models.ManyToManyField(
        "catalogue.SubAreaPage", verbose_name=_("topics covered"), blank=True, related_name="+"
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True)
    # Bumped on every change that calendar clients must notice (RFC 5545 SEQUENCE).
    sequence = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["date", "slot__start_time"]
        verbose_name = _("visit")
        verbose_name_plural = _("visits")
        indexes = [models.Index(fields=["date", "office"])]

    def __str__(self):
        return f"{self.request_id} {self.date:%Y-%m-%d} {self.office_id}"

    @property
    def ical_uid(self):
        return f"visit-{self.pk}@showcase.smartcitysweden"

    def programme_items(self):
        """[(time, text)] from the programme lines; lines without a time keep an empty one."""
        items = []
        for line in self.programme.splitlines():
            line = line.strip()
            if not line:
                continue
            head, _sep, rest = line.partition(" ")
            if len(head) == 5 and head[2] == ":" and head.replace(":", "").isdigit():
                items.append((head, rest.strip()))
            else:
                items.append(("", line))
        return items


class SlotHold(models.Model):
    """The capacity ledger: one row per seat taken in an office's slot on a day.

    A slot has `groups_per_slot` group seats and `persons_per_slot` person seats; a
    request takes one group seat and one person seat per participant. The unique
    constraint is what makes overbooking impossible: two transactions can never hold
    the same seat, whatever the interleaving, on SQLite or PostgreSQL alike. Seats are
    taken (`visits.seats`) and given back only in `visits.availability`'s ledger order
    (office, date, slot, kind, seat), so concurrent workflows cannot deadlock.

    A seat is held by a request, or by a waiting-list entry while it is offered the seats.
    """

    class Kind(models.TextChoices):
        GROUP = "group", _("Group")
        PERSON = "person", _("Person")

    office_scope_paths = ("office", "request__office")

    # No index of its own: the unique constraint's index begins with (office, date), and every
    # seat taken writes each index of this table once per person.
    office = models.ForeignKey("offices.OfficePage", on_delete=models.CASCADE, related_name="+", db_index=False)
    date = models.DateField()
    slot = models.ForeignKey("offices.VisitSlot", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=6, choices=Kind.choices)
    seat = models.PositiveSmallIntegerField()
    request = models.ForeignKey(VisitRequest, null=True, blank=True, on_delete=models.CASCADE, related_name="holds")
    offer = models.ForeignKey(
        "visits.WaitingListEntry", null=True, blank=True, on_delete=models.CASCADE, related_name="holds"
    )
    # Empty while the request only asks for the day; set once a visit is scheduled on it.
    visit = models.ForeignKey(Visit, null=True, blank=True, on_delete=models.CASCADE, related_name="holds")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["office", "date", "slot", "kind", "seat"], name="one_holder_per_seat"),
            models.CheckConstraint(
                condition=models.Q(request__isnull=False, offer__isnull=True)
                | models.Q(request__isnull=True, offer__isnull=False),
                name="seat_held_by_a_request_or_an_offer",
            ),
        ]

    def __str__(self):
        return f"{self.office_id} {self.date:%Y-%m-%d} {self.slot_id} {self.kind} #{self.seat}"


class SiteHold(models.Model):
    """The ledger's site seats: one row per seat taken at a best-practice site in an hour of a day.

    A site receives `groups_at_once` delegations and `largest_group` people at a time,
    whichever office brings them. A scheduled visit that includes the site takes a group
    seat and a person seat per participant in every hour its slot touches, so two visits
    whose slots overlap by an hour compete for the same seats. As in SlotHold, the unique
    constraint decides every race; site seats come after office seats in the ledger order.
    """

    Kind = SlotHold.Kind

    site = models.ForeignKey("catalogue.BestPracticePage", on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    hour = models.PositiveSmallIntegerField(validators=[MaxValueValidator(23)])
    kind = models.CharField(max_length=6, choices=SlotHold.Kind.choices)
    seat = models.PositiveSmallIntegerField()
    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="site_holds")
    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="site_holds")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["site", "date", "hour", "kind", "seat"], name="one_holder_per_site_seat")
        ]
        indexes = [models.Index(fields=["site", "date"])]

    def __str__(self):
        return f"{self.site_id} {self.date:%Y-%m-%d} {self.hour}h {self.kind} #{self.seat}"


class HostInvitation(models.Model):
    """A site host's answer to a scheduled visit at their site, given through a signed link
    without an account (visits.site_hosts)."""

    office_scope_paths = ("visit__office", "visit__request__office")

    class Answer(models.TextChoices):
        PENDING = "pending", _("No answer yet")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        PROPOSED = "proposed", _("Proposed another time")

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="host_invitations")
    site = models.ForeignKey("catalogue.BestPracticePage", on_delete=models.CASCADE, related_name="+")
    host_name = models.CharField(_("host"), max_length=120)
    host_email = models.EmailField(_("host's e-mail"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices, default=Answer.PENDING)
    proposed_time = models.CharField(_("proposed time"), max_length=200, blank=True)
    message = models.TextField(_("message from the host"), max_length=2000, blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), default=timezone.now)
    reminders_sent = models.PositiveSmallIntegerField(_("reminders sent"), default=0)
    last_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["visit__date", "site__title", "pk"]
        constraints = [models.UniqueConstraint(fields=["visit", "site"], name="one_invitation_per_visit_and_site")]

    def __str__(self):
        return f"{self.visit_id} {self.site_id}: {self.answer}"


class WaitingListEntry(models.Model):
    """A delegation waiting for a full slot: one entry per group, in the order staff keep.

    When seats free up, the first entry whose group fits is offered them: the seats are held
    for it (SlotHold.offer) until it accepts through its link, and the entry becomes a
    request, or until the offer expires and the next entry gets it (visits.waiting_list).
    """

    office_scope_paths = ("office",)

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        OFFERED = "offered", _("Offered seats")
        ACCEPTED = "accepted", _("Accepted")
        EXPIRED = "expired", _("Offer expired")
        LEFT = "left", _("Left the list")
        REMOVED = "removed", _("Removed by staff")

    office = models.ForeignKey(
        "offices.OfficePage", verbose_name=_("office"), on_delete=models.PROTECT, related_name="waiting_list"
    )
    date = models.DateField(_("date"))
    slot = models.ForeignKey("offices.VisitSlot", verbose_name=_("slot"), on_delete=models.PROTECT, related_name="+")
    position = models.PositiveIntegerField(_("position"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.WAITING)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)

    organisation = models.CharField(_("organisation"), max_length=200)
    organisation_kind = models.CharField(
        _("kind of organisation"), max_length=20, choices=VisitRequest.OrganisationKind.choices
    )
    country = CountryField(_("country"))
    contact_name = models.CharField(_("contact name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    phone = PhoneNumberField(_("phone"))
    group_size = models.PositiveSmallIntegerField(
        _("group size"), validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    languages = MultipleChoiceJSONField(_("languages"), choices_list=VISIT_LANGUAGES, default=list)
    message = models.TextField(_("message"), max_length=4000, blank=True)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    consent_processing_at = models.DateTimeField(_("consented to processing at"))

    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer expires at"), null=True, blank=True)
    request = models.OneToOneField(
        VisitRequest, null=True, blank=True, on_delete=models.SET_NULL, related_name="waiting_list_entry"
    )
    created_at = models.DateTimeField(_("joined"), default=timezone.now)

    class Meta:
        ordering = ["date", "slot__start_time", "position", "created_at", "pk"]
        verbose_name = _("waiting-list entry")
        verbose_name_plural = _("waiting-list entries")
        indexes = [models.Index(fields=["office", "date", "slot", "status"])]
        constraints = [
            # One entry per group: two joins at the same moment cannot both be on the list.
            models.UniqueConstraint(
                "office",
                "date",
                "slot",
                Lower("email"),
                condition=models.Q(status__in=["waiting", "offered"]),
                name="one_waiting_entry_per_address_and_slot",
            )
        ]

    def __str__(self):
        return f"{self.organisation} {self.date:%Y-%m-%d} {self.slot_id}"

    @property
    def slot_key(self):
        """One waiting list: the entries of one office's slot on one day."""
        return (self.office_id, self.date, self.slot_id)


class WaitingListChange(models.Model):
    """The audit trail of a waiting-list entry: joined, moved, offered, accepted, expired, removed."""

    entry = models.ForeignKey(WaitingListEntry, on_delete=models.CASCADE, related_name="changes")
    action = models.CharField(max_length=20)
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=40, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.entry_id}: {self.action}"


class StatusChange(models.Model):
    """The audit trail of a request: who did what, when, from which status to which, and why.

    Transitions have `action` "status"; other staff actions (reassigning, scheduling,
    notes, exports, erasure) are logged here too, with the status unchanged.
    """

    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=VisitRequest.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=VisitRequest.Status.choices)
    action = models.CharField(max_length=20, default="status")
    reason = models.TextField(blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(
        max_length=40, blank=True, help_text=_("“requester” or “system” when no user acted.")
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.request_id}: {self.from_status} → {self.to_status}"

    def actor_display(self):
        if self.actor_id:
            return self.actor.get_full_name() or self.actor.get_username()
        return self.actor_label


class RequestNote(models.Model):
    """An internal note on a request; never shown to the requester."""

    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("note"), max_length=4000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.text[:40]


class ReferenceCounter(models.Model):
    """Last reference number used in a year; incremented inside the submitting transaction."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self):
        return f"{self.year}: {self.last_number}"

    @classmethod
    def number_request(cls, visit_request, year: int) -> None:
        """Give `visit_request` the year's next number and its reference, in the caller's
        transaction.

        The counter is one upsert (PostgreSQL and SQLite both upsert and return): the year's
        first request creates the row, two at once cannot both create it, and the row stays
        locked until the caller commits, so numbers are never given twice and a rolled-back
        submission leaves no gap. On PostgreSQL the request's row is written in the same
        statement (one round trip fewer for every booking); its reference is formatted as
        `reference_for` does (a test holds both to it).
        """
        table = connection.ops.quote_name(cls._meta.db_table)
        upsert = (
            f"INSERT INTO {table} (year, last_number) VALUES (%s, 1) "  # noqa: S608 (the model's table)
            f"ON CONFLICT (year) DO UPDATE SET last_number = {table}.last_number + 1 "
            "RETURNING last_number"
        )
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                requests = connection.ops.quote_name(VisitRequest._meta.db_table)
                cursor.execute(
                    f"WITH taken AS ({upsert}) UPDATE {requests} SET year = %s, number = taken.last_number, "  # noqa: S608
                    "reference = %s || lpad(taken.last_number::text, "
                    "greatest(%s, length(taken.last_number::text)), '0') FROM taken WHERE id = %s RETURNING number",
                    [year, year, REFERENCE_PREFIX.format(year=year), REFERENCE_DIGITS, visit_request.pk],
                )
                number = cursor.fetchone()[0]
            else:
                cursor.execute(upsert, [year])
                number = cursor.fetchone()[0]
                VisitRequest.objects.filter(pk=visit_request.pk).update(
                    year=year, number=number, reference=reference_for(year, number)
                )
        visit_request.year, visit_request.number = year, number
        visit_request.reference = reference_for(year, number)


# The reference a requester quotes: SCS-2026-0042 (at least four digits).
REFERENCE_PREFIX, REFERENCE_DIGITS = "SCS-{year}-", 4


def reference_for(year: int, number: int) -> str:
    return REFERENCE_PREFIX.format(year=year) + str(number).zfill(REFERENCE_DIGITS)


class Participant(models.Model):
    """One person of the delegation: only what an invitation letter and the hosts need."""

    class Role(models.TextChoices):
        MEMBER = "member", _("Member")
        HEAD = "head", _("Head of delegation")
        INTERPRETER = "interpreter", _("Interpreter")
        PRESS = "press", _("Press or media")

    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="participants")
    name = models.CharField(_("name"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=200, blank=True)
    title = models.CharField(_("job title"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    role = models.CharField(_("role"), max_length=12, choices=Role.choices, default=Role.MEMBER)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            # The database refuses a second head of delegation, whatever the interleaving.
            models.UniqueConstraint(fields=["request"], condition=models.Q(role="head"), name="one_head_of_delegation")
        ]

    def __str__(self):
        return self.name


class DelegationNeeds(models.Model):
    """What the delegation needs during the visit: interpreting, diet, accessibility."""

    request = models.OneToOneField(VisitRequest, on_delete=models.CASCADE, related_name="needs")
    interpreting = MultipleChoiceJSONField(
        _("interpreting into"), choices_list=VISIT_LANGUAGES, default=list, blank=True
    )
    dietary = models.TextField(_("dietary needs"), max_length=2000, blank=True)
    accessibility = models.TextField(_("accessibility needs"), max_length=2000, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("delegation needs")
        verbose_name_plural = _("delegation needs")

    def __str__(self):
        return f"{self.request_id}"

    def interpreting_names(self) -> list[str]:
        names = dict(VISIT_LANGUAGES)
        return [str(names.get(code, code)) for code in self.interpreting]

    def is_empty(self) -> bool:
        return not (self.interpreting or self.dietary or self.accessibility)
