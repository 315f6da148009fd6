"""International events the platform takes part in, staff calendar feed tokens, and the
offices' open public tours with their sign-ups."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.pages import IntroducedPage, OneChildTypeRouting, ViewRestrictionsOnlyWhereAny
from core.tokens import new_token
from offices.models import WEEKDAYS


class EventIndexPage(OneChildTypeRouting, IntroducedPage):
    parent_page_types = ["catalogue.HomePage"]
    subpage_types = ["schedule.EventPage"]
    max_count = 1

    class Meta:
        verbose_name = _("event index page")

    def get_context(self, request, *args, **kwargs):
        from django.utils import timezone

        context = super().get_context(request, *args, **kwargs)
        today = timezone.localdate()
        events = EventPage.objects.live().child_of(self).prefetch_related("focus_areas")
        context["upcoming"] = events.filter(end_date__gte=today).order_by("start_date")
        context["past"] = events.filter(end_date__lt=today).order_by("-start_date")[:50]
        return context


class EventPage(ViewRestrictionsOnlyWhereAny, Page):
    """An expo or conference abroad or in Sweden where Smart City Sweden takes part."""

    # Names, addresses and codes are the same in every language: copied, never sent for translation.
    override_translatable_fields = [SynchronizedField("stand"), SynchronizedField("organiser")]

    start_date = models.DateField(_("first day"))
    end_date = models.DateField(_("last day"))
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100)
    country = CountryField(_("country"))
    link = models.URLField(_("event website"), blank=True, help_text=_("The event's own website."))
    stand = models.CharField(
        _("where to meet us"),
        max_length=200,
        blank=True,
        help_text=_("Stand, hall or booth where visitors find Smart City Sweden, e.g. “Hall 2, stand C41”."),
    )
    organiser = models.CharField(_("organiser"), max_length=200, blank=True)
    organiser_email = models.EmailField(
        _("organiser's public e-mail"),
        blank=True,
        help_text=_(
            "Shown publicly on the page and to search engines. "
            "Use the organisation's role address (such as info@…), never a person's."
        ),
    )
    organiser_url = models.URLField(
        _("organiser's public contact page"),
        blank=True,
        help_text=_("Shown publicly on the page and to search engines."),
    )
    introduction = models.TextField(_("introduction"), max_length=400, blank=True)
    body = RichTextField(_("description"), blank=True)
    focus_areas = ParentalManyToManyField(
        "catalogue.FocusAreaPage", verbose_name=_("focus areas"), blank=True, related_name="events"
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start_date"), FieldPanel("end_date")]),
                FieldPanel("venue"),
                FieldRowPanel([FieldPanel("city"), FieldPanel("country")]),
                FieldPanel("link"),
                FieldPanel("stand"),
            ],
            heading=_("When and where"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("organiser"),
                FieldRowPanel([FieldPanel("organiser_email"), FieldPanel("organiser_url")]),
            ],
            heading=_("Organiser contact (shown publicly)"),
        ),
        FieldPanel("introduction"),
        FieldPanel("body"),
        FieldPanel("focus_areas"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("city")]
    parent_page_types = ["schedule.EventIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="event_ends_after_start"
            )
        ]

    def clean(self):
        super().clean()
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The last day cannot be before the first.")})
        if (self.organiser_email or self.organiser_url) and not self.organiser.strip():
            raise ValidationError({"organiser": _("Name the organiser whose contact details these are.")})

    @property
    def description(self):
        return self.search_description or self.introduction

    @property
    def ical_uid(self):
        return f"event-{self.pk}@showcase.smartcitysweden"

    def json_ld(self, request=None):
        """schema.org Event, for search engines."""
        page_url = self.get_full_url(request)
        location = {
            "@type": "Place",
            "name": self.venue or self.city,
            "address": {
                "@type": "PostalAddress",
                "addressLocality": self.city,
                "addressCountry": self.country.code,
            },
        }
        if self.stand:
            location["containsPlace"] = {"@type": "Place", "name": self.stand}
        data = {
            "@context": "https://schema.org",
            "@type": "Event",
            "name": self.title,
            "startDate": self.start_date.isoformat(),
            "endDate": self.end_date.isoformat(),
            "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
            "eventStatus": "https://schema.org/EventScheduled",
            "location": location,
            "description": self.introduction,
            # The event itself lives at its own website; this page is about our part in it.
            "url": self.link or page_url,
            "mainEntityOfPage": page_url,
        }
        if self.organiser:
            organizer = {"@type": "Organization", "name": self.organiser}
            if self.organiser_email:
                organizer["email"] = self.organiser_email
            if self.organiser_url:
                organizer["url"] = self.organiser_url
            data["organizer"] = organizer
        return data


class CalendarFeedToken(models.Model):
    """The secret in a staff member's private calendar feed URL; regenerating revokes the old one."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed_token")
    token = models.CharField(max_length=64, unique=True, default=new_token)
    created_at = models.DateTimeField(auto_now=True)

    def __str__(self):
        return f"{self.user}"

    @classmethod
    def for_user(cls, user):
        token, _created = cls.objects.get_or_create(user=user)
        return token

    def regenerate(self):
        self.token = new_token()
        self.save(update_fields=["token", "created_at"])
        return self.token


class PublicTour(models.Model):
    """An open tour an office gives to anyone who signs up, on a recurring day, e.g. every
    first Thursday at 14:00 with 20 places. Individuals sign up with a name and an e-mail;
    each takes one place in the ledger (TourPlace)."""

    class Week(models.IntegerChoices):
        EVERY = 0, _("Every week")
        FIRST = 1, _("First in the month")
        SECOND = 2, _("Second in the month")
        THIRD = 3, _("Third in the month")
        FOURTH = 4, _("Fourth in the month")
        LAST = -1, _("Last in the month")

    office_scope_paths = ("office",)

    office = models.ForeignKey(
        "offices.OfficePage", verbose_name=_("office"), on_delete=models.CASCADE, related_name="public_tours"
    )
    title = models.CharField(_("title"), max_length=120, help_text=_("For example “Open house: smart city tour”."))
    description = models.TextField(_("description"), max_length=2000, blank=True)
    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=WEEKDAYS)
    week = models.SmallIntegerField(_("which week"), choices=Week.choices, default=Week.FIRST)
    start_time = models.TimeField(_("starts at"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("duration (minutes)"), default=90, validators=[MinValueValidator(15), MaxValueValidator(8 * 60)]
    )
    places = models.PositiveSmallIntegerField(
        _("places"), default=20, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"), null=True, blank=True, help_text=_("Empty: until further notice."))
    is_published = models.BooleanField(_("published"), default=True)

    panels = [
        FieldPanel("office"),
        FieldPanel("title"),
        FieldPanel("description"),
        FieldRowPanel([FieldPanel("week"), FieldPanel("weekday"), FieldPanel("start_time")]),
        FieldRowPanel([FieldPanel("duration_minutes"), FieldPanel("places"), FieldPanel("language")]),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("is_published"),
    ]

    class Meta:
        ordering = ["office__title", "weekday", "start_time"]
        verbose_name = _("public tour")
        verbose_name_plural = _("public tours")

    def __str__(self):
        return f"{self.title} ({self.office.title})"

    def clean(self):
        super().clean()
        if self.ends_on and self.starts_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The last day cannot come before the first.")})


class TourSignup(models.Model):
    """One person on one day of a public tour: a name and an e-mail, nothing more."""

    office_scope_paths = ("tour__office",)

    tour = models.ForeignKey(PublicTour, verbose_name=_("tour"), on_delete=models.CASCADE, related_name="signups")
    date = models.DateField(_("date"))
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES, default="en")
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    created_at = models.DateTimeField(_("signed up"), default=timezone.now)
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True)

    class Meta:
        ordering = ["date", "created_at", "pk"]
        verbose_name = _("tour sign-up")
        verbose_name_plural = _("tour sign-ups")

    def __str__(self):
        return f"{self.name} {self.date:%Y-%m-%d}"

    @property
    def ical_uid(self):
        return f"public-tour-signup-{self.pk}@showcase.smartcitysweden"


class TourPlace(models.Model):
    """The ledger's places on a public tour: one row per place taken on a tour's day. As with
    an office's seats (visits.SlotHold), the unique constraint decides every race; places are
    taken through visits.seats."""

    tour = models.ForeignKey(PublicTour, on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    kind = models.CharField(max_length=6, default="person")
    seat = models.PositiveSmallIntegerField()
    signup = models.ForeignKey(TourSignup, on_delete=models.CASCADE, related_name="places")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["tour", "date", "kind", "seat"], name="one_holder_per_tour_place")
        ]

    def __str__(self):
        return f"{self.tour_id} {self.date:%Y-%m-%d} #{self.seat}"
