"""Companies and experts a delegation can meet."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalManyToManyField
from phonenumber_field.modelfields import PhoneNumberField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from catalogue.models.base import LanguageMarked, ListingPageMixin, live_chosen, live_referrers
from core.fields import MultipleChoiceJSONField
from core.languages import VISIT_LANGUAGES, language_names
from core.pages import IntroducedPage, ViewRestrictionsOnlyWhereAny


class DirectoryIndexPage(ListingPageMixin, IntroducedPage):
    parent_page_types = ["catalogue.HomePage"]
    subpage_types = ["catalogue.CompanyPage", "catalogue.ExpertPage"]
    max_count = 1

    class Meta:
        verbose_name = _("companies and experts index page")


class DirectoryEntryPage(LanguageMarked, ViewRestrictionsOnlyWhereAny, Page):
    """What companies and experts share; each declares its own sub_areas and best_practices
    so that the reverse names read naturally (sub_area.companies, practice.experts)."""

    county = models.ForeignKey(
        "offices.County", verbose_name=_("county"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    parent_page_types = ["catalogue.DirectoryIndexPage"]
    subpage_types = []

    class Meta:
        abstract = True

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["sub_areas"] = live_chosen(self.sub_areas).order_by("path")
        # Keys only: the cards load what they show (catalogue/cards.py).
        context["best_practices"] = live_chosen(self.best_practices).cards(None, "title")
        return context


class CompanyPage(DirectoryEntryPage):
    description = models.TextField(_("description"))
    website = models.URLField(_("website"), blank=True)
    city = models.CharField(_("city"), max_length=80, blank=True)
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    sub_areas = ParentalManyToManyField(
        "catalogue.SubAreaPage", verbose_name=_("sub-areas"), blank=True, related_name="companies"
    )
    best_practices = ParentalManyToManyField(
        "catalogue.BestPracticePage", verbose_name=_("best practices"), blank=True, related_name="companies"
    )

    content_panels = Page.content_panels + [
        FieldPanel("description"),
        FieldPanel("logo"),
        FieldPanel("website"),
        FieldPanel("city"),
        FieldPanel("county"),
        FieldPanel("sub_areas"),
        FieldPanel("best_practices"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("description"),
        index.SearchField("city"),
        LanguageMarked.marker_field,
    ]

    class Meta:
        verbose_name = _("company")
        verbose_name_plural = _("companies")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["experts"] = live_referrers(self, "experts").order_by("title")
        return context


class ExpertPage(DirectoryEntryPage):
    """An expert's public profile. E-mail and phone are for staff and never rendered publicly."""

    # Names, addresses and codes are the same in every language: copied, never sent for translation.
    override_translatable_fields = [SynchronizedField("phone"), SynchronizedField("organisation")]

    role = models.CharField(_("role"), max_length=120)
    organisation = models.CharField(_("organisation"), max_length=160, blank=True)
    company = models.ForeignKey(
        CompanyPage, verbose_name=_("company"), null=True, blank=True, on_delete=models.SET_NULL, related_name="experts"
    )
    bio = RichTextField(_("biography"), blank=True)
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    languages = MultipleChoiceJSONField(_("languages"), choices_list=VISIT_LANGUAGES, default=list, blank=True)
    email = models.EmailField(_("e-mail (staff only)"), blank=True)
    phone = PhoneNumberField(_("phone (staff only)"), blank=True)

    sub_areas = ParentalManyToManyField(
        "catalogue.SubAreaPage", verbose_name=_("sub-areas"), blank=True, related_name="experts"
    )
    best_practices = ParentalManyToManyField(
        "catalogue.BestPracticePage", verbose_name=_("best practices"), blank=True, related_name="experts"
    )

    content_panels = Page.content_panels + [
        FieldPanel("role"),
        FieldPanel("organisation"),
        FieldPanel("company"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("languages"),
        FieldPanel("county"),
        FieldPanel("sub_areas"),
        FieldPanel("best_practices"),
        MultiFieldPanel(
            [FieldPanel("email"), FieldPanel("phone")],
            heading=_("Contact (staff only, never shown on the public site)"),
        ),
    ]
    # Contact details are deliberately not indexed: a search must not confirm an address.
    search_fields = Page.search_fields + [
        index.SearchField("role"),
        index.SearchField("organisation"),
        index.SearchField("bio"),
        LanguageMarked.marker_field,
    ]

    class Meta:
        verbose_name = _("expert")
        verbose_name_plural = _("experts")

    @property
    def description(self):
        return self.search_description or f"{self.role}, {self.organisation}".strip(", ")

    def language_names(self):
        return language_names(self.languages)
