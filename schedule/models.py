"""International events the platform takes part in, and staff calendar feed tokens."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.pages import IntroducedPage, OneChildTypeRouting
from core.tokens import new_token


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


class EventPage(Page):
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
