"""Best practices: the places and solutions a delegation can visit."""

import math

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import ExpressionWrapper, F, FloatField, Prefetch, Value
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.images import get_image_model
from wagtail.models import Orderable, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from catalogue.cards import CARD_IMAGE
from catalogue.models.base import CataloguePage, LanguageMarked, ListingPageMixin, live_referrers
from catalogue.results import LazyPages
from core.fields import MultipleChoiceJSONField
from core.geo import bounding_box, haversine_km
from core.i18n import localized_page, localized_pages, with_localized_title
from core.languages import VISIT_LANGUAGES, language_names
from core.maps import MapPoint
from core.page_cache import remember
from core.pages import OneChildTypeRouting
from core.queries import ids_as_subquery
from core.validators import LATITUDE_VALIDATORS, LONGITUDE_VALIDATORS
from offices.models import WEEKDAYS

# The columns a page of results loaded as pages reads (the API's summaries, `for_cards`), its link
# included; the cards themselves read fewer (catalogue/cards.py). A page row has some forty, and
# the long texts (body, facts, milestones) are never shown in a summary.
CARD_FIELDS = (
    *("title", "slug", "url_path", "path", "depth", "translation_key", "locale", "content_type", "live"),
    *("summary", "municipality", "county", "hero_image", "visitable_on_site", "visitable_digitally", "featured"),
    # And what the API's summaries of a page of results read (api/public.py).
    *("latitude", "longitude", "languages"),
)
# What a link to a page needs: its title, its address and, for localized_pages, its language group.
LINK_FIELDS = ("title", "url_path", "path", "translation_key", "locale_id")
# Related practices are looked for within this distance first, then anywhere.
RELATED_BOX_KM = 300


def flat_distance_squared(lat, lon):
    """A database expression ordering points by distance from (lat, lon) like the great circle
    does over a country's extent (equirectangular: longitude scaled by the cosine of lat)."""
    scale = math.cos(math.radians(float(lat)))
    dlat = ExpressionWrapper(F("latitude") - Value(float(lat)), output_field=FloatField())
    dlon = ExpressionWrapper((F("longitude") - Value(float(lon))) * Value(scale), output_field=FloatField())
    return ExpressionWrapper(dlat * dlat + dlon * dlon, output_field=FloatField())


class BestPracticeQuerySet(PageQuerySet):
    def for_cards(self):
        """Pages that are only shown as cards: `for_listing` with just the columns a card reads."""
        return self.only(*CARD_FIELDS).for_listing()

    def for_listing(self):
        """Everything a card shows, in a fixed number of queries."""
        return self.select_related("county__region").prefetch_related(
            Prefetch("hero_image", queryset=get_image_model().objects.prefetch_renditions(CARD_IMAGE)),
            Prefetch(
                "sub_areas", queryset=with_localized_title(self._sub_areas().only("id", "title", "slug", "url_path"))
            ),
        )

    def map_points(self, listing_url: str, limit: int = 2000):
        """Points for the map from one narrow query; True beside them if `limit` cut some off.

        Every best practice lives directly under the listing page, so its URL is the
        listing's URL plus its slug: no page objects need to be built.
        """
        rows = list(self.order_by("title").values_list("title", "slug", "latitude", "longitude")[: limit + 1])
        points = [MapPoint(title, f"{listing_url}{slug}/", float(lat), float(lon)) for title, slug, lat, lon in rows]
        return points[:limit], len(points) > limit

    def in_focus_area(self, focus_area):
        # A subquery, not a join with DISTINCT: the database would de-duplicate whole pages.
        through = self.model._meta.get_field("sub_areas").remote_field.through
        return self.filter(
            pk__in=through.objects.filter(subareapage__path__startswith=focus_area.path).values("bestpracticepage_id")
        )

    def cards(self, limit, *ordering, remember_as=""):
        """The first `limit` pages in `ordering`, for cards: their keys, and the pages loaded
        only when read (`LazyPages`), so that cards kept as HTML cost no query.

        The order is decided on narrow rows (keys and sort columns). With `remember_as`, the
        keys are kept until content changes: at 10,000 practices choosing them is most of a
        focus area page's time.
        """

        def first_ids():
            return list(self.order_by(*ordering).values_list("pk", flat=True)[:limit])

        ids = remember(f"cards:{remember_as}", first_ids) if remember_as else first_ids()
        return LazyPages(ids, lambda ids: self.model.objects.filter(pk__in=ids).for_cards().in_bulk(ids))

    def in_region(self, region):
        return self.filter(county__region=region)

    def _sub_areas(self):
        return self.model._meta.get_field("sub_areas").related_model.objects.all()


class BestPracticeIndexPage(OneChildTypeRouting, ListingPageMixin, CataloguePage):
    """The searchable, faceted listing of every best practice."""

    child_related = ("county__region", "hero_image")

    parent_page_types = ["catalogue.HomePage"]
    subpage_types = ["catalogue.BestPracticePage"]
    max_count = 1

    class Meta:
        verbose_name = _("best practice index page")

    @classmethod
    def in_locale(cls, locale_id):
        """The live listing in a language, kept until content changes: SQLite looks for it
        among every page of the language (5 ms at 10,000 practices)."""
        # In a tuple: `remember` takes None for "not kept", and a language may have no listing.
        (listing,) = remember(
            f"listing-page:{locale_id}", lambda: (cls.objects.live().filter(locale_id=locale_id).first(),)
        )
        return listing


class BestPracticePage(LanguageMarked, CataloguePage):
    # Names, addresses and codes are the same in every language: copied, never sent for translation.
    override_translatable_fields = [
        SynchronizedField("municipality"),
        SynchronizedField("host_organisation"),
        SynchronizedField("visiting_weekdays"),
        SynchronizedField("visiting_from"),
        SynchronizedField("visiting_until"),
        SynchronizedField("groups_at_once"),
    ]

    summary = models.CharField(_("summary"), max_length=300)
    featured = models.BooleanField(_("featured on the home page"), default=False)
    latitude = models.DecimalField(_("latitude"), max_digits=9, decimal_places=6, validators=LATITUDE_VALIDATORS)
    longitude = models.DecimalField(_("longitude"), max_digits=9, decimal_places=6, validators=LONGITUDE_VALIDATORS)
    municipality = models.CharField(_("municipality"), max_length=80)
    county = models.ForeignKey(
        "offices.County",
        verbose_name=_("county"),
        on_delete=models.PROTECT,
        related_name="best_practices",
        help_text=_("The county decides the region, and so the office responsible for visits."),
    )
    sub_areas = ParentalManyToManyField(
        "catalogue.SubAreaPage", verbose_name=_("sub-areas"), related_name="best_practices"
    )
    visitable_on_site = models.BooleanField(_("can be visited on site"), default=True)
    visitable_digitally = models.BooleanField(_("can be visited digitally"), default=False)
    languages = MultipleChoiceJSONField(_("languages"), choices_list=VISIT_LANGUAGES, default=list, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(
        _("typical duration (minutes)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(15), MaxValueValidator(24 * 60)],
    )
    largest_group = models.PositiveSmallIntegerField(
        _("largest group"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(1000)]
    )
    visiting_weekdays = MultipleChoiceJSONField(
        _("visiting days"),
        choices_list=WEEKDAYS,
        coerce=int,
        default=list,
        blank=True,
        help_text=_("The weekdays the site receives groups. Empty: every day its office receives visits."),
    )
    visiting_from = models.TimeField(
        _("receives visitors from"), null=True, blank=True, help_text=_("Empty: whenever its office receives visits.")
    )
    visiting_until = models.TimeField(_("receives visitors until"), null=True, blank=True)
    groups_at_once = models.PositiveSmallIntegerField(
        _("groups at once"),
        default=1,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
        help_text=_(
            "How many delegations the site receives at the same time, whichever office brings them. "
            "Together with the largest group, this is the site's quota."
        ),
    )
    accessibility = models.TextField(_("accessibility"), blank=True)
    host_organisation = models.CharField(_("host organisation"), max_length=160, blank=True)

    objects = PageManager.from_queryset(BestPracticeQuerySet)()

    content_panels = CataloguePage.content_panels[:1] + [
        FieldPanel("summary"),
        FieldPanel("featured"),
        FieldPanel("sub_areas"),
        *CataloguePage.content_panels[1:],
        InlinePanel("gallery_images", label=_("Gallery")),
        MultiFieldPanel(
            [
                FieldPanel("municipality"),
                FieldPanel("county"),
                FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude")]),
            ],
            heading=_("Location"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("visitable_on_site"), FieldPanel("visitable_digitally")]),
                FieldPanel("languages"),
                FieldRowPanel(
                    [FieldPanel("duration_minutes"), FieldPanel("largest_group"), FieldPanel("groups_at_once")]
                ),
                FieldPanel("visiting_weekdays"),
                FieldRowPanel([FieldPanel("visiting_from"), FieldPanel("visiting_until")]),
                FieldPanel("accessibility"),
                FieldPanel("host_organisation"),
            ],
            heading=_("Visit information"),
        ),
    ]
    search_fields = CataloguePage.search_fields + [
        index.SearchField("summary"),
        index.SearchField("municipality"),
        index.SearchField("host_organisation"),
        index.RelatedFields("county", [index.SearchField("name")]),
        index.RelatedFields("sub_areas", [index.SearchField("title")]),
        index.FilterField("featured"),
        index.FilterField("visitable_on_site"),
        index.FilterField("visitable_digitally"),
        LanguageMarked.marker_field,
    ]
    parent_page_types = ["catalogue.BestPracticeIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("best practice")
        verbose_name_plural = _("best practices")

    def clean(self):
        super().clean()
        if not self.visitable_on_site and not self.visitable_digitally:
            raise ValidationError(
                {"visitable_on_site": _("A best practice must be visitable on site, digitally or both.")}
            )
        if (self.visiting_from is None) != (self.visiting_until is None):
            raise ValidationError({"visiting_until": _("Give both times, or neither.")})
        if self.visiting_from and self.visiting_until and self.visiting_until <= self.visiting_from:
            raise ValidationError({"visiting_until": _("The site must close after it opens.")})

    @property
    def description(self):
        return self.search_description or self.summary

    @property
    def region(self):
        return self.county.region

    @cached_property
    def office(self):
        region = self.county.region
        return region.office if region else None

    @cached_property  # the page shows it and maps it: templates use this one, not `office`
    def office_in_active_language(self):
        """The office that arranges visits here, as the page names and maps it. Kept with the
        shared parts (retired by any content change), one per region and language: a handful in all."""
        region_id = self.county.region_id
        if region_id is None:
            return None
        return remember(f"region-office:{region_id}", lambda: localized_page(self.office) or False) or None

    def language_names(self):
        return language_names(self.languages)

    def visiting_weekday_names(self):
        names = dict(WEEKDAYS)
        return [names[day] for day in sorted(self.visiting_weekdays) if day in names]

    def related_practices(self, limit=6, *, sub_area_ids=None):
        """Best practices sharing a sub-area, nearest first, as cards load them (`LazyPages`)."""
        return self._related_as_pages(self._nearest_related(limit, sub_area_ids))

    def _nearest_related(self, limit, sub_area_ids=None) -> list[tuple]:
        """[(km, title, key)] of the `limit` nearest best practices sharing a sub-area.

        The database picks the candidates: first inside a box of RELATED_BOX_KM around this
        practice, else anywhere, ordered by a flat-earth distance (plain arithmetic, which
        SQLite has too) and cut to a few times `limit`. Those few are ordered by their
        great-circle distance here, and only the `limit` nearest are loaded as cards, so the
        cost does not grow with the catalogue.
        """
        # Keys first, in two plain queries: joins and DISTINCT here gave PostgreSQL without
        # statistics (a test's transaction) plans that ran for minutes.
        through = BestPracticePage.sub_areas.through
        if sub_area_ids is None:
            sub_area_ids = list(self.sub_areas.values_list("id", flat=True))
        sharing = set(
            through.objects.filter(subareapage_id__in=sub_area_ids).values_list("bestpracticepage_id", flat=True)
        )
        candidates = (
            BestPracticePage.objects.live()
            .filter(locale_id=self.locale_id, pk__in=ids_as_subquery(sorted(sharing)))
            .exclude(pk=self.pk)
        )
        south, north, west, east = bounding_box(self.latitude, self.longitude, RELATED_BOX_KM)
        boxed = candidates.filter(latitude__range=(south, north), longitude__range=(west, east))
        rows = []
        for queryset in (boxed, candidates):
            rows = list(
                queryset.annotate(flat_distance=flat_distance_squared(self.latitude, self.longitude))
                .order_by("flat_distance", "title")
                .values_list("pk", "title", "latitude", "longitude")[: limit * 4]
            )
            if len(rows) >= limit:
                break
        return sorted(
            (haversine_km(self.latitude, self.longitude, lat, lon), title, pk) for pk, title, lat, lon in rows
        )[:limit]

    @staticmethod
    def _related_as_pages(nearest) -> LazyPages:
        return LazyPages(
            [pk for _km, _title, pk in nearest],
            lambda ids: BestPracticePage.objects.filter(pk__in=ids).for_cards().in_bulk(ids),
            distances={pk: km for km, _title, pk in nearest},
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        if getattr(request, "is_preview", False):  # the editor's unsaved choices: never kept
            parts = self._linked_parts()
        else:
            # The same for every visitor until the catalogue changes: kept with the shared
            # parts (retired by any content change), which spares a page at a new address six queries.
            parts = remember(f"practice-linked-parts:{self.pk}", self._linked_parts)
        context.update(parts, related=self._related_as_pages(parts["related"]))
        context["office"] = self.office_in_active_language
        context["location_points"] = self.map_points(request)
        return context

    def _linked_parts(self) -> dict:
        """What the page shows of other records: its sub-areas, pictures, nearest related
        practices (keys and distances; their cards are kept on their own), companies and
        experts. Plain values and pages with only what a link needs, so they keep small."""
        # The chosen sub-areas' ids, read once for the tags and the related practices (as
        # live_chosen does, by ids: in a preview the field holds the form's unsaved choices).
        sub_area_ids = list(self.sub_areas.values_list("id", flat=True))
        live_sub_areas = self.sub_areas.model.objects.live().filter(id__in=sub_area_ids)
        source = self.source
        companies = live_referrers(source, "companies").filter(locale_id=self.locale_id)
        experts = live_referrers(source, "experts").filter(locale_id=self.locale_id)
        return {
            # Only what a link shows: a page's whole row, loaded and checked column by
            # column, cost more than the query itself.
            "sub_areas": localized_pages(live_sub_areas.only(*LINK_FIELDS).order_by("path")),
            "gallery": list(self.gallery_images.select_related("image")),
            "related": self._nearest_related(6, sub_area_ids),
            "companies": list(companies.only(*LINK_FIELDS, "city").order_by("title")),
            "experts": list(experts.only(*LINK_FIELDS, "role").order_by("title")),
        }

    def map_point(self, request=None):
        return MapPoint(self.title, self.get_url(request), float(self.latitude), float(self.longitude))

    def map_points(self, request=None):
        """The site and the office that arranges visits to it."""
        points = [self.map_point(request)]
        office = self.office_in_active_language
        if office is not None:
            points.append(office.map_point(request))
        return points


class BestPracticeImage(Orderable):
    page = ParentalKey(BestPracticePage, on_delete=models.CASCADE, related_name="gallery_images")
    image = models.ForeignKey(
        "wagtailimages.Image", verbose_name=_("image"), on_delete=models.CASCADE, related_name="+"
    )
    caption = models.CharField(_("caption"), max_length=250, blank=True)

    panels = [FieldPanel("image"), FieldPanel("caption")]
