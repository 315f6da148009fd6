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


class OneChildTypeRouting:
    """For an index page whose children are all of one type (`subpage_types`).

    Wagtail routes to a child in two queries (find it as a page, then load it again as its
    own type); here it is found as its own type in one, with `child_related` joined in
    for what its page shows. Anything not found that way (a child of another type made
    outside the editor) is routed by Wagtail as usual.
    """

    child_related: tuple[str, ...] = ()

    def route(self, request, path_components):
        child_models = self.clean_subpage_models()
        if path_components and len(child_models) == 1:
            slug, *remaining = path_components
            child = child_models[0].objects.child_of(self).select_related(*self.child_related).filter(slug=slug).first()
            if child is not None:
                child._cached_parent_obj = self  # as Wagtail does: treebeard's get_parent reads it
                return child.route(request, remaining)
        return super().route(request, path_components)
