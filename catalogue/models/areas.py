"""The home page, the five focus areas and their sub-areas."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import PageManager
from wagtail.query import PageQuerySet
from wagtail_localize.fields import SynchronizedField

from catalogue.models.base import CataloguePage, live_referrers
from catalogue.models.practices import BestPracticeIndexPage, BestPracticePage
from news.models import NewsPage
from offices.models import OfficePage


class HomePage(CataloguePage):
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
    ]
    max_count = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["focus_areas"] = FocusAreaPage.objects.live().child_of(self).select_related("hero_image")
        context["featured"] = BestPracticePage.objects.live().filter(featured=True).for_listing().order_by("title")[:6]
        context["office_points"] = [
            office.map_point(request) for office in OfficePage.objects.live().order_by("kind", "title")
        ]
        context["listing_page"] = BestPracticeIndexPage.objects.live().first()
        context["news"] = NewsPage.objects.live().order_by("-date", "-pk")[:3]
        return context


class FocusAreaPage(CataloguePage):
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
        context["sub_areas"] = SubAreaPage.objects.live().child_of(self).with_practice_counts()
        practices = BestPracticePage.objects.live().in_focus_area(self)
        context["practice_count"] = practices.count()
        context["best_practices"] = practices.for_listing().order_by("-featured", "title")[:6]
        context["listing_page"] = BestPracticeIndexPage.objects.live().first()
        return context


class SubAreaQuerySet(PageQuerySet):
    def with_practice_counts(self):
        return self.annotate(
            practice_count=models.Count("best_practices", filter=models.Q(best_practices__live=True), distinct=True)
        )


class SubAreaPage(CataloguePage):
    objects = PageManager.from_queryset(SubAreaQuerySet)()

    parent_page_types = ["catalogue.FocusAreaPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("sub-area")
        verbose_name_plural = _("sub-areas")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        practices = live_referrers(self, "best_practices")
        context["practice_count"] = practices.count()
        context["best_practices"] = practices.for_listing().order_by("-featured", "title")[:12]
        context["companies"] = live_referrers(self, "companies").order_by("title")[:12]
        context["experts"] = live_referrers(self, "experts").order_by("title")[:12]
        context["listing_page"] = BestPracticeIndexPage.objects.live().first()
        context["focus_area"] = self.get_parent().specific_deferred
        return context
