"""Ready-made study tours: editors compose a tour from best practices, day by day, and a
visitor adopts it into My Visit Plan with one click (`tours.study_tour_views.adopt`).

A stop points at the default-language best practice, like every record (`core.i18n`); a
translated tour keeps the same practices and days (synchronised) and translates its notes.
"""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, Prefetch, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.forms import WagtailAdminPageForm
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.images import get_image_model
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField, TranslatableField

from catalogue.models import BestPracticePage, FocusAreaPage
from catalogue.models.base import live_chosen
from core.i18n import in_default_language, localized_pages, with_localized_title
from core.maps import MapPoint
from core.pages import IntroducedPage, OneChildTypeRouting, ViewRestrictionsOnlyWhereAny
from tours.solver import MAX_STOPS

MAX_DAYS = 7
CARD_IMAGE = "fill-480x270"
DAY_VALIDATORS = [MinValueValidator(1), MaxValueValidator(MAX_DAYS)]


class StudyTourIndexPage(OneChildTypeRouting, IntroducedPage):
    """The ready-made study tours, as cards."""

    parent_page_types = ["catalogue.HomePage"]
    subpage_types = ["tours.StudyTourPage"]
    max_count = 1

    class Meta:
        verbose_name = _("study tour index page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Children of this index are in its language: the Swedish index lists the Swedish tours.
        context["tours"] = (
            StudyTourPage.objects.live()
            .child_of(self)
            .annotate(
                stop_count=Count("stops", filter=Q(stops__practice__live=True), distinct=True),
            )
            .prefetch_related(
                Prefetch("hero_image", queryset=get_image_model().objects.prefetch_renditions(CARD_IMAGE)),
                Prefetch(
                    "focus_areas",
                    queryset=with_localized_title(FocusAreaPage.objects.live().only("id", "title", "translation_key")),
                ),
            )
            .order_by("path")
        )
        return context


class StudyTourPageForm(WagtailAdminPageForm):
    """Lets the page's clean() judge the stops being submitted rather than those saved
    before: Django validates the page before the formsets are applied to it."""

    def _post_clean(self):
        self.instance._submitted_stops = self._submitted_stops()
        try:
            super()._post_clean()
        finally:
            del self.instance._submitted_stops

    def _submitted_stops(self):
        formset = self.formsets.get("stops")
        if formset is None or not formset.is_bound:
            return None
        stops = []
        for form in formset.forms:
            # An invalid stop reports its own errors; an empty extra form is no stop.
            if not form.is_valid() or (not form.has_changed() and not form.instance.pk):
                continue
            if formset.can_delete and formset._should_delete_form(form):
                continue
            stops.append(form.instance)
        return stops


class StudyTourPage(ViewRestrictionsOnlyWhereAny, Page):
    """A themed tour of best practices, e.g. "Waste to energy in two days"."""

    # Numbers are the same in every language: copied, never sent for translation. The stops
    # are translatable objects of their own (their notes are text).
    override_translatable_fields = [SynchronizedField("days"), TranslatableField("stops")]

    summary = models.CharField(_("summary"), max_length=300, help_text=_("One or two sentences for the card."))
    body = RichTextField(
        _("introduction"), blank=True, help_text=_("Who the tour is for, how the days fit together, what to bring.")
    )
    days = models.PositiveSmallIntegerField(
        _("days"), default=1, validators=DAY_VALIDATORS, help_text=_("Suggested length in days.")
    )
    focus_areas = ParentalManyToManyField(
        "catalogue.FocusAreaPage", verbose_name=_("focus areas"), blank=True, related_name="+"
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    base_form_class = StudyTourPageForm
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("days"),
        FieldPanel("focus_areas"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        InlinePanel(
            "stops",
            label=_("Stops"),
            heading=_("Stops"),
            min_num=1,
            max_num=MAX_STOPS,
            help_text=_("The best practices of the tour, in order, each on a day of the tour."),
        ),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.FilterField("days"),
    ]
    parent_page_types = ["tours.StudyTourIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("study tour")
        verbose_name_plural = _("study tours")

    @property
    def description(self):
        """Text for <meta name=description> and Open Graph."""
        return self.search_description or self.summary

    def clean(self):
        super().clean()
        stops = getattr(self, "_submitted_stops", None)
        if stops is None:
            stops = list(self.stops.all())
        if not stops:
            raise ValidationError(_("A study tour needs at least one best practice."))
        if len(stops) > MAX_STOPS:
            raise ValidationError(
                ngettext(
                    "A study tour can have up to %(n)d best practice: the planner plans no more.",
                    "A study tour can have up to %(n)d best practices: the planner plans no more.",
                    MAX_STOPS,
                )
                % {"n": MAX_STOPS}
            )
        if self.days and any(stop.day and stop.day > self.days for stop in stops):
            raise ValidationError(
                {
                    "days": ngettext(
                        "A stop is planned after the tour's last day: the tour lasts %(n)d day.",
                        "A stop is planned after the tour's last day: the tour lasts %(n)d days.",
                        self.days,
                    )
                    % {"n": self.days}
                }
            )
        self._point_stops_at_sources(stops)
        chosen = [stop.practice_id for stop in stops if stop.practice_id]
        if len(chosen) != len(set(chosen)):
            raise ValidationError(_("The same best practice is chosen twice; each can be visited once per tour."))

    def _point_stops_at_sources(self, stops):
        """Stops point at the default-language best practice, whichever version the editor
        chose (one query); so a practice chosen in two languages counts as chosen twice."""
        ids = {stop.practice_id for stop in stops if stop.practice_id}
        if not ids:
            return
        keys = BestPracticePage.objects.filter(pk__in=ids).values("translation_key")
        chosen = dict(BestPracticePage.objects.filter(pk__in=ids).values_list("pk", "translation_key"))
        sources = {
            page.translation_key: page
            for page in in_default_language(BestPracticePage.objects.filter(translation_key__in=keys))
        }
        for stop in stops:
            source = sources.get(chosen.get(stop.practice_id))
            if source is not None and source.pk != stop.practice_id:
                stop.practice = source

    @cached_property
    def practices(self) -> list:
        """The tour's live best practices (default-language pages), in the order of the stops."""
        return [stop.practice for stop in self.stops_with_practices()]

    def stops_with_practices(self) -> list:
        """The stops whose best practice is live, in order, with `practice` loaded (one query).

        Reads the stops in memory too, so an editor's preview shows unsaved stops."""
        stops = [stop for stop in self.stops.all() if stop.practice_id]
        practices = BestPracticePage.objects.live().filter(pk__in=[stop.practice_id for stop in stops])
        by_id = {page.pk: page for page in practices.select_related("county__region")}
        kept = []
        for stop in stops:
            if stop.practice_id in by_id:
                stop.practice = by_id[stop.practice_id]
                kept.append(stop)
        return sorted(kept, key=lambda stop: (stop.day, stop.sort_order or 0))

    def get_context(self, request, *args, **kwargs):
        from offices.models import OfficePage

        context = super().get_context(request, *args, **kwargs)
        stops = self.stops_with_practices()
        localized = localized_pages([stop.practice for stop in stops])
        region_ids = {stop.practice.county.region_id for stop in stops if stop.practice.county.region_id}
        offices = in_default_language(OfficePage.objects.live()).filter(region_id__in=region_ids)
        offices_by_region = {office.region_id: office for office in localized_pages(offices.order_by("pk"))}
        days, points = {}, []
        for stop, page in zip(stops, localized, strict=True):
            stop.page = page
            stop.office = offices_by_region.get(stop.practice.county.region_id)
            days.setdefault(stop.day, []).append(stop)
            label = gettext("Day %(day)d: %(title)s") % {"day": stop.day, "title": page.title}
            points.append(MapPoint(label, page.get_url(request), float(page.latitude), float(page.longitude)))
        context["days"] = sorted(days.items())
        context["stop_count"] = len(stops)
        context["map_points"] = points
        context["focus_areas"] = localized_pages(live_chosen(self.focus_areas).order_by("path"))
        return context


class StudyTourStop(TranslatableMixin, Orderable):
    """One best practice of a tour, on a day of it."""

    # The practice and the day are the same in every language; the note is translated.
    override_translatable_fields = [SynchronizedField("practice"), SynchronizedField("day")]

    tour = ParentalKey(StudyTourPage, on_delete=models.CASCADE, related_name="stops")
    # Content outlives tours: deleting a best practice drops it from the tour, never the reverse.
    practice = models.ForeignKey(
        "catalogue.BestPracticePage",
        verbose_name=_("best practice"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="study_tour_stops",
    )
    day = models.PositiveSmallIntegerField(_("day"), default=1, validators=DAY_VALIDATORS)
    note = models.CharField(
        _("note"), max_length=200, blank=True, help_text=_("Why this stop, e.g. “Lunch on site with the operators”.")
    )

    panels = [FieldPanel("practice"), FieldRowPanel([FieldPanel("day"), FieldPanel("note")])]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("stop")
        verbose_name_plural = _("stops")

    def __str__(self):
        return f"{self.tour_id}: {self.practice_id} on day {self.day}"
