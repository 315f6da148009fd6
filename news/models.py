"""News posts and the newsletter."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from core.pages import IntroducedPage, OneChildTypeRouting, ViewRestrictionsOnlyWhereAny


class NewsIndexPage(OneChildTypeRouting, IntroducedPage):
    parent_page_types = ["catalogue.HomePage"]
    subpage_types = ["news.NewsPage"]
    max_count = 1

    class Meta:
        verbose_name = _("news index page")

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        context = super().get_context(request, *args, **kwargs)
        posts = NewsPage.objects.live().child_of(self).select_related("image").order_by("-date", "-pk")
        tag = request.GET.get("tag", "")[:100]
        if tag:
            posts = posts.filter(tags__name=tag)
        context["tag"] = tag
        context["posts"] = Paginator(posts, 10).get_page(request.GET.get("page"))
        return context


class NewsPageTag(TaggedItemBase):
    content_object = ParentalKey("news.NewsPage", on_delete=models.CASCADE, related_name="tagged_items")


class NewsPage(ViewRestrictionsOnlyWhereAny, Page):
    # Names, addresses and codes are the same in every language: copied, never sent for translation.
    override_translatable_fields = [SynchronizedField("author")]

    date = models.DateField(_("date"), default=timezone.localdate)
    author = models.CharField(_("author"), max_length=120, blank=True)
    introduction = models.TextField(_("introduction"), max_length=400, blank=True)
    body = RichTextField(_("body"))
    image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    tags = ClusterTaggableManager(through=NewsPageTag, blank=True)
    focus_areas = ParentalManyToManyField(
        "catalogue.FocusAreaPage", verbose_name=_("focus areas"), blank=True, related_name="+"
    )

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("author"),
        FieldPanel("introduction"),
        FieldPanel("image"),
        FieldPanel("body"),
        FieldPanel("tags"),
        FieldPanel("focus_areas"),
    ]
    search_fields = Page.search_fields + [index.SearchField("introduction"), index.SearchField("body")]
    parent_page_types = ["news.NewsIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")

    @property
    def description(self):
        return self.search_description or self.introduction

    @property
    def hero_image(self):
        return self.image


class Subscriber(models.Model):
    """A newsletter subscriber. Only confirmed addresses receive mail (double opt-in)."""

    email = models.EmailField(_("e-mail"), unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(_("consent confirmed"), null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("newsletter subscriber")

    def __str__(self):
        return self.email

    @property
    def is_active(self):
        return self.confirmed_at is not None and self.unsubscribed_at is None
