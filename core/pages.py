"""An abstract page with an introduction, shared by the index pages of several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page


class IntroducedPage(Page):
    introduction = models.TextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("introduction")]

    class Meta:
        abstract = True

    @property
    def description(self):
        """Text for <meta name=description> and Open Graph."""
        return self.search_description or self.introduction
