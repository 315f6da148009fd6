"""What every page type shares: an introduction for index pages, and routing that costs
fewer queries than Wagtail's own on every page it serves."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageViewRestriction

from core.page_cache import remember


class ViewRestrictionsOnlyWhereAny:
    """Wagtail checks the view restrictions of a page and its ancestors before serving it,
    in two queries (the ancestors, then their restrictions), though sites rarely have any.
    Whether any exist is kept with the page cache's shared parts, which every write retires
    (a new restriction counts everywhere within seconds, as a publish does), and for a
    minute at most: were the other processes not told of a write (the shared cache down at
    that moment), a restriction still applies after a minute, not after the hour shared
    parts are otherwise kept."""

    def get_view_restrictions(self):
        if not view_restrictions_exist():
            return PageViewRestriction.objects.none()
        return super().get_view_restrictions()


def view_restrictions_exist() -> bool:
    """Whether any page is restricted: kept as `ViewRestrictionsOnlyWhereAny` says."""
    return remember("page-view-restrictions-exist", PageViewRestriction.objects.exists, timeout=60)


def public(pages):
    """`pages.public()`, which reads every view restriction first: a query on every listing,
    though sites rarely have any. Without any, every page is public."""
    return pages.public() if view_restrictions_exist() else pages


class IntroducedPage(ViewRestrictionsOnlyWhereAny, Page):
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


class KeptChildrenRouting:
    """For a page with a few children that rarely change (the home page's sections).

    Wagtail finds a child in two queries (as a page, then as its own type) on every request
    below it. Here each child, as its own type, stays kept with the page cache's shared
    parts (retired by any write), as the home page above it is (core.routing): no query
    for the section on any page below it. As in Wagtail's own `route`, a child that is not
    live is still routed to (it answers 404 itself, or serves a live page below it).
    """

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, *remaining = path_components
        children = remember(f"page-children:{self.pk}", self._children_by_slug)
        if slug not in children:
            raise Http404
        # A minute at most, as for view restrictions: were the other processes not told of a
        # write (the shared cache down at that moment), a section unpublished there is not
        # served here for the hour shared parts are otherwise kept.
        child = remember(f"page-child:{self.pk}:{slug}", lambda: self._load_child(*children[slug]), timeout=60)
        if child is None:  # a type no longer in the code, or deleted meanwhile: Wagtail knows what to do
            return super().route(request, path_components)
        child._cached_parent_obj = self  # as Wagtail does: treebeard's get_parent reads it
        return child.route(request, remaining)

    def _children_by_slug(self) -> dict:
        return {
            slug: (pk, type_id)
            for slug, pk, type_id in self.get_children().values_list("slug", "pk", "content_type_id")
        }

    @staticmethod
    def _load_child(pk, content_type_id):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        return model.objects.filter(pk=pk).first() if model is not None else None
