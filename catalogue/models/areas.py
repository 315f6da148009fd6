"""The home page, the five focus areas and their sub-areas."""

from collections import Counter

from django.db import models
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail_localize.fields import SynchronizedField

from catalogue.models.base import CataloguePage, live_referrers
from catalogue.models.practices import BestPracticePage
from core.i18n import in_default_language
from core.page_cache import remember
from core.pages import KeptChildrenRouting, OneChildTypeRouting
from news.models import NewsPage
from offices.models import OfficePage


class HomePage(KeptChildrenRouting, CataloguePage):
    """The front door: focus areas, featured best practices and the offices."""

    content_panels = CataloguePage.content_panels
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "catalogue.FocusAreaPage",
        "catalogue.BestPracticeIndexPage",
        "catalogue.DirectoryIndexPage",
        "offices.OfficeIndexPage",
        "schedule.EventIndexPage",
        "outcomes.SuccessStoryIndexPage",
        "news.NewsIndexPage",
        "tours.StudyTourIndexPage",
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["focus_areas"] = FocusAreaPage.objects.live().child_of(self).select_related("hero_image")
        featured = BestPracticePage.objects.live().filter(locale_id=self.locale_id).filter(featured=True)
        context["featured"] = featured.cards(6, "title", remember_as=f"home-featured:{self.pk}")
        offices = OfficePage.objects.live().filter(locale_id=self.locale_id).order_by("kind", "title")
        context["office_points"] = [office.map_point(request) for office in offices]
        context["listing_page"] = self.listing_page()
        context["news"] = NewsPage.objects.live().filter(locale_id=self.locale_id).order_by("-date", "-pk")[:3]
        return context


class FocusAreaPage(OneChildTypeRouting, CataloguePage):
    # Names, addresses and codes are the same in every language: copied, never sent for translation.
    override_translatable_fields = [SynchronizedField("colour")]

    colour = models.CharField(
        _("colour"), max_length=7, default="#1f6f5c", help_text=_("Accent colour as #rrggbb, used for cards and icons.")
    )

    content_panels = CataloguePage.content_panels + [FieldPanel("colour")]
    parent_page_types = ["catalogue.HomePage"]
    subpage_types = ["catalogue.SubAreaPage"]

    class Meta:
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Counting every sub-area's practices reads each link to them: 55 ms at 10,000 practices.
        context["sub_areas"] = remember(
            f"focus-area-sub-areas:{self.pk}",
            lambda: list(SubAreaPage.objects.live().child_of(self).with_practice_counts()),
        )
        practices = BestPracticePage.objects.live().filter(locale_id=self.locale_id).in_focus_area(self.source)
        context["practice_count"] = remember(f"focus-area-count:{self.pk}", practices.count)
        context["best_practices"] = practices.cards(6, "-featured", "title", remember_as=f"focus-area:{self.pk}")
        context["listing_page"] = self.listing_page()
        return context


class SubAreaQuerySet(PageQuerySet):
    def with_practice_counts(self):
        """Live best practices per sub-area. Practices point at the default-language
        sub-area, and every language lists the same practices, so a translated sub-area
        shows the count of its source."""
        from core.i18n import default_language

        default = default_language()
        counts = (
            BestPracticePage.sub_areas.through.objects.filter(
                subareapage__translation_key=models.OuterRef("translation_key"),
                subareapage__locale__language_code=default,
                bestpracticepage__live=True,
            )
            .order_by()
            .values("subareapage_id")
            .annotate(n=models.Count("bestpracticepage_id", distinct=True))
            .values("n")
        )
        return self.annotate(practice_count=Coalesce(models.Subquery(counts[:1]), 0))


class SubAreaPage(CataloguePage):
    objects = PageManager.from_queryset(SubAreaQuerySet)()

    parent_page_types = ["catalogue.FocusAreaPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("sub-area")
        verbose_name_plural = _("sub-areas")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        practices = live_referrers(self.source, "best_practices").filter(locale_id=self.locale_id)
        context["practice_count"] = remember(f"sub-area-count:{self.pk}", practices.count)
        context["best_practices"] = practices.cards(12, "-featured", "title", remember_as=f"sub-area:{self.pk}")
        context["companies"] = (
            live_referrers(self.source, "companies").filter(locale_id=self.locale_id).order_by("title")[:12]
        )
        context["experts"] = (
            live_referrers(self.source, "experts").filter(locale_id=self.locale_id).order_by("title")[:12]
        )
        context["listing_page"] = self.listing_page()
        # None where the default-language sub-area is not live (a draft, a preview): no filter to link to.
        context["listing_filter_value"] = sub_area_filter_values().get(self.translation_key)
        context["focus_area"] = self.get_parent().specific_deferred
        return context


def sub_area_filter_values() -> dict:
    """{translation key: the value naming the live sub-area in the listings' filter (?sub_area=…)},
    read as `filter_values` says."""
    return remember("sub-area-filter-values", _read_sub_area_filter_values)


def _read_sub_area_filter_values() -> dict:
    rows = in_default_language(SubAreaPage.objects.live()).values_list("translation_key", "slug", "path")
    return filter_values(rows, focus_area_slugs)


def focus_area_slugs() -> dict:
    """{path: slug} of every default-language focus area, live or not: a live sub-area under an
    unpublished one is still served, and its filter value names the focus area it is under."""
    return dict(in_default_language(FocusAreaPage.objects.all()).values_list("path", "slug"))


def filter_values(sub_areas, focus_slugs) -> dict:
    """{translation key: filter value} of default-language (key, slug, path) sub-area rows.

    A sub-area's default-language slug, in every language, so a translated sub-area page links
    to the same filter. Wagtail keeps slugs unique only among one focus area's sub-areas: a slug
    that two focus areas use is given with its focus area's slug ("energy/planning"), so that
    each value names one sub-area. `focus_slugs()` gives {focus area path: slug}, asked only then.
    """
    rows = list(sub_areas)
    uses = Counter(slug for _key, slug, _path in rows)
    parents = focus_slugs() if any(n > 1 for n in uses.values()) else {}
    return {
        key: slug if uses[slug] == 1 else f"{parents.get(path[: -SubAreaPage.steplen], '')}/{slug}"
        for key, slug, path in rows
    }
