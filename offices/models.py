"""Regions, counties and offices: who receives a delegation, where and when."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet
from wagtail_localize.fields import SynchronizedField

from core.fields import MultipleChoiceJSONField
from core.maps import MapPoint
from core.page_cache import remember
from core.pages import IntroducedPage, OneChildTypeRouting, ViewRestrictionsOnlyWhereAny, public
from core.validators import LATITUDE_VALIDATORS, LONGITUDE_VALIDATORS

WEEKDAYS = [
    (0, _("Monday")),
    (1, _("Tuesday")),
    (2, _("Wednesday")),
    (3, _("Thursday")),
    (4, _("Friday")),
    (5, _("Saturday")),
    (6, _("Sunday")),
]
# Best practices an office page shows as cards (and, for a regional office, on its map).
PRACTICES_SHOWN = 24


class Region(models.Model):
    """A set of Swedish counties served by one regional office."""

    name = models.CharField(_("name"), max_length=80, unique=True)
    slug = models.SlugField(_("slug"), unique=True)
    description = models.TextField(_("description"), blank=True)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self):
        return self.name

    @property
    def office(self):
        """The office that receives for this region (its default-language page)."""
        from core.i18n import in_default_language

        return in_default_language(OfficePage.objects.filter(region=self)).first()


class County(models.Model):
    """One of Sweden's 21 counties (län), created by a data migration."""

    code = models.CharField(_("code"), max_length=2, unique=True, help_text=_("ISO 3166-2:SE letter code."))
    name = models.CharField(_("name"), max_length=80, unique=True)
    region = models.ForeignKey(
        Region, verbose_name=_("region"), null=True, blank=True, on_delete=models.SET_NULL, related_name="counties"
    )

    panels = [FieldPanel("name", read_only=True), FieldPanel("code", read_only=True), FieldPanel("region")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("county")
        verbose_name_plural = _("counties")

    def __str__(self):
        return self.name


register_snippet(Region)
register_snippet(County)


class OfficeIndexPage(OneChildTypeRouting, IntroducedPage):
    parent_page_types = ["catalogue.HomePage"]
    subpage_types = ["offices.OfficePage"]
    child_related = ("region",)
    max_count = 1

    class Meta:
        verbose_name = _("office index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        offices = list(OfficePage.objects.live().child_of(self).select_related("region").order_by("kind", "title"))
        context["offices"] = offices
        context["office_points"] = [office.map_point(request) for office in offices]
        return context


class OfficePage(ViewRestrictionsOnlyWhereAny, Page):
    # Names, addresses and codes are the same in every language: copied, never sent for translation.
    override_translatable_fields = [SynchronizedField("street_address"), SynchronizedField("postal_code")]

    class Kind(models.TextChoices):
        HEAD = "head", _("Head office")
        REGIONAL = "regional", _("Regional office")

    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.REGIONAL)
    # A ForeignKey, not one-to-one: each translation of an office names the same region.
    # clean() keeps it to one office per region in each language.
    region = models.ForeignKey(
        Region,
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="offices",
        help_text=_("The region this office receives for; empty for the head office, which receives for all."),
    )
    introduction = models.TextField(_("introduction"), blank=True)
    body = RichTextField(_("body"), blank=True)
    street_address = models.CharField(_("street address"), max_length=200)
    postal_code = models.CharField(_("postal code"), max_length=10)
    city = models.CharField(_("city"), max_length=80)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, validators=LATITUDE_VALIDATORS)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, validators=LONGITUDE_VALIDATORS)
    request_email = models.EmailField(_("e-mail for visit requests"))
    opening_weekdays = MultipleChoiceJSONField(
        _("opening weekdays"), choices_list=WEEKDAYS, coerce=int, default=list, blank=True
    )
    groups_per_slot = models.PositiveSmallIntegerField(
        _("groups per slot"), default=1, validators=[MinValueValidator(1), MaxValueValidator(20)]
    )
    persons_per_slot = models.PositiveSmallIntegerField(
        _("persons per slot"),
        default=40,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("How many people the rooms hold at once, all groups together."),
    )
    largest_group = models.PositiveSmallIntegerField(
        _("largest group"), default=30, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )

    content_panels = Page.content_panels + [
        FieldPanel("kind"),
        FieldPanel("region"),
        FieldPanel("introduction"),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldPanel("street_address"),
                FieldRowPanel([FieldPanel("postal_code"), FieldPanel("city")]),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
                FieldPanel("request_email"),
            ],
            heading=_("Address"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("opening_weekdays"),
                FieldRowPanel(
                    [FieldPanel("groups_per_slot"), FieldPanel("persons_per_slot"), FieldPanel("largest_group")]
                ),
                InlinePanel(
                    "visit_slots",
                    label=_("Visit slots"),
                    help_text=_("Left empty, a new office gets a morning and an afternoon slot."),
                ),
            ],
            heading=_("Visits"),
        ),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("city")]
    parent_page_types = ["offices.OfficeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="head") | models.Q(region__isnull=False),
                name="regional_office_has_region",
            ),
        ]

    def clean(self):
        super().clean()
        if self.kind == self.Kind.REGIONAL and not self.region_id:
            raise ValidationError({"region": _("A regional office needs a region.")})
        if self.kind == self.Kind.HEAD and self.region_id:
            raise ValidationError({"region": _("The head office receives for all regions; leave the region empty.")})
        if self.region_id and self.locale_id:
            others = OfficePage.objects.filter(region_id=self.region_id, locale_id=self.locale_id).exclude(pk=self.pk)
            if self.translation_key:
                others = others.exclude(translation_key=self.translation_key)
            if others.exists():
                raise ValidationError({"region": _("Another office already receives for this region.")})
        if self.largest_group and self.persons_per_slot and self.largest_group > self.persons_per_slot:
            raise ValidationError({"largest_group": _("The largest group cannot exceed the persons per slot.")})

    def save(self, *args, **kwargs):
        if self._state.adding and not self.visit_slots.all():
            # Stored in English, shown in each reader's language (VisitSlot.display_label).
            with translation.override(settings.LANGUAGE_CODE):
                self.visit_slots = [
                    VisitSlot(label=str(label), start_time=start, end_time=end) for label, start, end in DEFAULT_SLOTS
                ]
        return super().save(*args, **kwargs)

    def staff_language(self) -> str:
        """The admin language most of this office's staff chose in their Wagtail account
        (the office's e-mails go to a shared mailbox they all read)."""
        from collections import Counter

        from wagtail.users.models import UserProfile

        from core.i18n import interface_language

        chosen = (
            UserProfile.objects.filter(user__staff_role__office=self, user__is_active=True)
            .exclude(preferred_language="")
            .values_list("preferred_language", flat=True)
        )
        most_common = Counter(chosen).most_common(1)
        return interface_language(most_common[0][0]) if most_common else settings.LANGUAGE_CODE

    @property
    def is_head_office(self):
        return self.kind == self.Kind.HEAD

    def map_point(self, request=None):
        return MapPoint(self.title, self.get_url(request), float(self.latitude), float(self.longitude), kind="office")

    def opening_weekday_names(self):
        names = dict(WEEKDAYS)
        return [names[day] for day in sorted(self.opening_weekdays) if day in names]

    def get_context(self, request, *args, **kwargs):
        from catalogue.models import BestPracticeIndexPage, BestPracticePage

        context = super().get_context(request, *args, **kwargs)
        listing_page = BestPracticeIndexPage.in_locale(self.locale_id)
        practices = public(BestPracticePage.objects.live()).filter(locale_id=self.locale_id)
        if self.region_id:
            practices = practices.filter(county__region_id=self.region_id)
        else:
            practices = practices.filter(featured=True)
        # The region in the key too: a preview of the office with another region is not saved.
        kept_as = f"office:{self.pk}:{self.region_id}:{PRACTICES_SHOWN}"
        shown = practices.cards(PRACTICES_SHOWN, "title", remember_as=kept_as)
        points, total = [], len(shown)
        if self.region_id and listing_page:
            # The map shows the practices of the cards, not the region's every one: at 10,000
            # practices a region has some 1,700, which made an 800 KB page (120 ms).
            listing_url = listing_page.get_url(request)
            points, total = remember(
                f"office-map:{request.get_host()}:{kept_as}",
                lambda: (
                    BestPracticePage.objects.filter(pk__in=shown.ids).map_points(listing_url)[0],
                    practices.count(),
                ),
            )
        context["best_practices"] = shown
        context["practices_total"] = total
        context["office_points"] = [self.map_point(request), *points]
        context["counties"] = self.region.counties.all() if self.region_id else []
        context["slots"] = self.visit_slots.all()
        context["listing_page"] = listing_page
        return context


class VisitSlot(Orderable):
    """A part of an opening day in which the office receives groups."""

    office = ParentalKey(OfficePage, on_delete=models.CASCADE, related_name="visit_slots")
    label = models.CharField(_("label"), max_length=40)
    start_time = models.TimeField(_("starts"))
    end_time = models.TimeField(_("ends"))

    panels = [FieldRowPanel([FieldPanel("label"), FieldPanel("start_time"), FieldPanel("end_time")])]

    class Meta(Orderable.Meta):
        verbose_name = _("visit slot")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="slot_ends_after_start"
            )
        ]

    def __str__(self):
        return f"{self.display_label} {self.start_time:%H:%M}–{self.end_time:%H:%M}"

    @property
    def display_label(self):
        """The label in the reader's language where it is one of ours ("Morning"); an
        editor's own label as written."""
        return translation.gettext(self.label) if self.label else ""

    def clean(self):
        if self.start_time and self.end_time and self.end_time <= self.start_time:
            raise ValidationError({"end_time": _("A slot must end after it starts.")})


DEFAULT_SLOTS = [
    (_("Morning"), datetime.time(9, 0), datetime.time(12, 0)),
    (_("Afternoon"), datetime.time(13, 0), datetime.time(16, 0)),
]


class Closure(models.Model):
    """Days an office (or every office) receives no visits, with a note for the public."""

    office = models.ForeignKey(
        OfficePage,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="closures",
        help_text=_("Leave empty to close every office."),
    )
    start_date = models.DateField(_("first day closed"))
    end_date = models.DateField(_("last day closed"))
    public_note = models.CharField(
        _("public note"),
        max_length=200,
        help_text=_("Shown in the calendar, e.g. “Closed for the holidays, opens 7 January”."),
    )

    panels = [
        FieldPanel("office"),
        FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
        FieldPanel("public_note"),
    ]

    class Meta:
        ordering = ["start_date"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="closure_ends_after_start"
            )
        ]

    def __str__(self):
        where = self.office.title if self.office_id else _("All offices")
        return f"{where}: {self.start_date:%Y-%m-%d}–{self.end_date:%Y-%m-%d}"

    def clean(self):
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day closed cannot be before the first.")})


register_snippet(Closure)


class StaffRole(models.Model):
    """What a staff user may do, and for which office (see offices.permissions)."""

    class Role(models.TextChoices):
        COORDINATOR = "coordinator", _("Head-office coordinator")
        OFFICE_STAFF = "office_staff", _("Office staff")
        EDITOR = "editor", _("Content editor")
        MANAGER = "manager", _("Manager")

    # The Wagtail group each role is put in (offices.signals); the groups and their
    # permissions are created by migration 0005. Names are data, not translated.
    GROUP_NAMES = {
        Role.COORDINATOR: "Coordinators",
        Role.OFFICE_STAFF: "Office staff",
        Role.EDITOR: "Editors",
        Role.MANAGER: "Managers",
    }

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="staff_role"
    )
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    office = models.ForeignKey(
        OfficePage,
        verbose_name=_("office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="staff_roles",
        help_text=_("Required for office staff: the office whose requests they handle."),
    )

    panels = [FieldPanel("user"), FieldPanel("role"), FieldPanel("office")]

    class Meta:
        verbose_name = _("staff role")
        verbose_name_plural = _("staff roles")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(role="office_staff") | models.Q(office__isnull=False),
                name="office_staff_has_office",
            )
        ]

    def __str__(self):
        return f"{self.user}: {self.get_role_display()}"

    def clean(self):
        if self.role == self.Role.OFFICE_STAFF and not self.office_id:
            raise ValidationError({"office": _("Office staff belong to an office.")})


register_snippet(StaffRole)


class TriageRules(models.Model):
    """What the staff request page checks on an office's requests (visits.triage), and
    whether some requests are confirmed without staff.

    One row per office (its default-language page); an office without one uses the field
    defaults (`for_office`). Coordinators edit them in the admin (offices.wagtail_hooks).
    """

    class AutoConfirm(models.TextChoices):
        OFF = "", _("Never: staff confirm every request")
        DIGITAL_HEAD_OFFICE = "digital_head_office", _("A digital visit at the head office within capacity")

    office = models.OneToOneField(
        OfficePage, verbose_name=_("office"), on_delete=models.CASCADE, related_name="triage_rules"
    )
    check_repeat = models.BooleanField(
        _("same organisation, same topic"),
        default=True,
        help_text=_("Flag an organisation that asked about one of the same topics in the last two years."),
    )
    check_lead_time = models.BooleanField(_("short notice"), default=True)
    min_lead_days = models.PositiveSmallIntegerField(
        _("shortest lead time (days)"),
        default=14,
        validators=[MaxValueValidator(365)],
        help_text=_("Flag a request whose first day is fewer days than this after it arrived."),
    )
    check_group_size = models.BooleanField(
        _("group size"),
        default=True,
        help_text=_("Flag a group larger than the office or a starred best practice receives, or below the minimum."),
    )
    min_group_size = models.PositiveSmallIntegerField(
        _("smallest group"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
        help_text=_("Leave empty for no minimum."),
    )
    check_practices = models.BooleanField(
        _("starred best practices"),
        default=True,
        help_text=_("Flag a starred best practice that does not receive groups on a requested day or in that format."),
    )
    auto_confirm = models.CharField(
        _("automatic confirmation"),
        max_length=30,
        choices=AutoConfirm.choices,
        blank=True,
        default=AutoConfirm.OFF,
        help_text=_(
            "A new request that matches and raises no check is confirmed at once, "
            "and the requester gets the confirmation as from staff."
        ),
    )

    class Meta:
        verbose_name = _("triage rules")
        verbose_name_plural = _("triage rules")

    def __str__(self):
        return self.office.title if self.office_id else str(_("triage rules"))

    @classmethod
    def for_office(cls, office):
        """The office's rules; the defaults (unsaved) when it has none. No query when the
        office was loaded with select_related("triage_rules")."""
        try:
            return office.triage_rules
        except cls.DoesNotExist:
            return cls(office=office)

    def clean(self):
        super().clean()
        if self.min_group_size and self.office_id and self.min_group_size > self.office.largest_group:
            raise ValidationError({"min_group_size": _("The smallest group cannot exceed the office's largest group.")})
        head_office_only = self.auto_confirm == self.AutoConfirm.DIGITAL_HEAD_OFFICE
        if head_office_only and self.office_id and not self.office.is_head_office:
            raise ValidationError({"auto_confirm": _("This rule confirms requests to the head office only.")})
