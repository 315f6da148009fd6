"""What every catalogue page has: an introduction, a body, key facts and milestones."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from catalogue.blocks import FactBlock, MilestoneBlock


class CataloguePage(Page):
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

    @property
    def milestones_in_order(self):
        return sorted((block.value for block in self.milestones), key=lambda value: value["date"])

    @property
    def description(self):
        """Text for <meta name=description> and Open Graph."""
        return self.search_description or self.introduction
