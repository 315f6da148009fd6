"""What every catalogue page has: an introduction, a body, key facts and milestones."""

import re

from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from catalogue.blocks import FactBlock, MilestoneBlock
from core.i18n import language_of, source_page
from core.pages import ViewRestrictionsOnlyWhereAny

# The first letters of the word that marks a listed page's language in the search index.
LANGUAGE_MARKER_PREFIX = "zzlang"


def language_marker(language_code: str) -> str:
    """The word that marks a page of `language_code` in the search index ("zh-hans": "zzlangzhhans")."""
    return LANGUAGE_MARKER_PREFIX + re.sub(r"[^a-z]", "", language_code.lower())


class LanguageMarked:
    """For pages a listing searches: their language as a word of its own in their search index
    entry (`marker_field`, added to `search_fields`), which catalogue.search matches to keep
    other languages' copies out of a listing's search before they are ranked."""

    marker_field = index.AutocompleteField("search_language_marker")

    @property
    def search_language_marker(self) -> str:
        return language_marker(language_of(self.locale_id))


class CataloguePage(ViewRestrictionsOnlyWhereAny, Page):
    introduction = models.TextField(_("introduction"), max_length=400, blank=True)
    body = RichTextField(_("body"), blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    key_facts = StreamField([("fact", FactBlock())], verbose_name=_("key facts"), blank=True)
    milestones = StreamField([("milestone", MilestoneBlock())], verbose_name=_("milestones"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("introduction"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
        FieldPanel("key_facts"),
        FieldPanel("milestones"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("introduction"),
        index.SearchField("body"),
    ]

    class Meta:
        abstract = True

    @cached_property
    def source(self):
        """The default-language page this one presents: records (visits, stars, a
        practice's sub-areas) always point at that one."""
        return source_page(self)

    def listing_page(self):
        """The best-practice listing in this page's language (kept, see `in_locale`)."""
        from catalogue.models import BestPracticeIndexPage

        return BestPracticeIndexPage.in_locale(self.locale_id)

    @property
    def milestones_in_order(self):
        return sorted((block.value for block in self.milestones), key=lambda value: value["date"])

    @property
    def description(self):
        """Text for <meta name=description> and Open Graph."""
        return self.search_description or self.introduction


class ListingPageMixin:
    """An index page showing a filtered listing of its children (see catalogue.listing).

    The listings import the models, so no model imports its listing: `CatalogueConfig.ready`
    sets `listing_class` instead.
    """

    listing_class = None

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["listing"] = self.listing_class.from_request(request, index_page=self)
        return context

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        response.status_code = response.context_data["listing"].status_code
        return response


def live_chosen(chosen):
    """The live pages chosen in a many-to-many field (`practice.sub_areas`), as a queryset.

    In an editor preview the field holds the form's unsaved choices, a FakeQuerySet
    without `.live()` (nor the "pk" alias); filtering by their ids works for both, in one query.
    """
    return chosen.model.objects.live().filter(id__in=chosen.values_list("id", flat=True))


def live_referrers(page, related_name):
    """The live pages that chose `page`, by the reverse name of their field (`practice.companies`).

    A page previewed before its first save has no key, so nothing can have chosen it yet.
    """
    if page.pk is None:
        return page._meta.get_field(related_name).related_model.objects.none()
    return getattr(page, related_name).live()
