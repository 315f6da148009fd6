"""From visit to action: follow-ups of visits, and the success stories made of them."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField

from core.pages import IntroducedPage


class FollowUp(models.Model):
    class Kind(models.TextChoices):
        VISIT_ABROAD = "visit_abroad", _("Follow-up visit abroad")
        MEETING = "meeting", _("Meeting")
        PRE_STUDY = "pre_study", _("Pre-study")
        PROJECT = "project", _("Project")
        INVESTMENT = "investment", _("Investment")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        ONGOING = "ongoing", _("Ongoing")
        DONE = "done", _("Done")
        STOPPED = "stopped", _("Stopped")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    office = models.ForeignKey(
        "offices.OfficePage", verbose_name=_("office"), on_delete=models.PROTECT, related_name="follow_ups"
    )
    country = CountryField(_("country"))
    sub_areas = models.ManyToManyField(
        "catalogue.SubAreaPage", verbose_name=_("sub-areas"), blank=True, related_name="+"
    )
    requests = models.ManyToManyField(
        "visits.VisitRequest", verbose_name=_("visit requests it came from"), blank=True, related_name="follow_ups"
    )
    start_date = models.DateField(_("start"))
    end_date = models.DateField(_("end"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    partners = models.TextField(_("partners"), blank=True, help_text=_("Companies and organisations taking part."))
    value_sek = models.PositiveBigIntegerField(
        _("value (SEK)"), null=True, blank=True, validators=[MinValueValidator(0)]
    )
    published = models.BooleanField(_("publish as a success story"), default=False)
    story = models.TextField(
        _("success story"), blank=True, help_text=_("Public text. Name a delegation only with its consent.")
    )

    class Meta:
        ordering = ["-start_date", "pk"]
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")

    def __str__(self):
        return self.title

    def clean(self):
        if self.end_date and self.start_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("The end cannot be before the start.")})
        if self.published and not self.story.strip():
            raise ValidationError({"story": _("A published success story needs its public text.")})


class SuccessStoryIndexPage(IntroducedPage):
    """The public list of published follow-ups: "from visit to action"."""

    parent_page_types = ["catalogue.HomePage"]
    subpage_types = []
    max_count = 1

    class Meta:
        verbose_name = _("success stories page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["stories"] = (
            FollowUp.objects.filter(published=True).select_related("office").prefetch_related("sub_areas", "requests")
        )
        return context
