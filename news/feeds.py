"""RSS 2.0 and Atom feeds of the news (django.contrib.syndication)."""

import datetime
import hashlib

from django.contrib.syndication.views import Feed
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page

from core.i18n import in_active_language
from news.models import NewsPage


class NewsFeed(Feed):
    """The latest posts in the request's language, answering If-None-Match with 304.

    The ETag digests, in one query and without building the feed, the posts and the news
    index in that language as published (how many are live, their live revisions, the
    last publication; an alias follows its source), the feed's kind, language and address.
    Publishing, unpublishing and deleting all change it. If-Modified-Since is not
    answered: an unpublished post moves no time forward. (Django's own Last-Modified
    header, the newest post's date, is still sent for readers that show it.)"""

    title = _("Smart City Sweden news")
    description = _(
        "News from Smart City Sweden, the national demonstration platform for smart and sustainable cities."
    )

    def __call__(self, request, *args, **kwargs):
        etag = self.etag(request)
        not_modified = get_conditional_response(request, etag=etag)
        if not_modified is not None:
            not_modified["ETag"] = etag
            return not_modified
        response = super().__call__(request, *args, **kwargs)
        response["ETag"] = etag
        return response

    def etag(self, request) -> str:
        from news.models import NewsIndexPage

        pages = in_active_language(Page.objects.type(NewsPage, NewsIndexPage))
        totals = pages.aggregate(
            live=Count("pk", filter=Q(live=True)),
            revisions=Sum("live_revision_id"),
            published=Max("last_published_at"),
            sources=Sum("alias_of__live_revision_id"),
        )
        # Item links are absolute, made from the address the request came to.
        key = repr((type(self).__name__, get_language(), request.scheme, request.get_host(), sorted(totals.items())))
        return f'W/"{hashlib.sha256(key.encode()).hexdigest()[:32]}"'

    def link(self):
        from news.models import NewsIndexPage

        index = in_active_language(NewsIndexPage.objects.live()).first()
        return index.url if index else "/"

    def items(self):
        return in_active_language(NewsPage.objects.live()).order_by("-date", "-pk")[:30]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.introduction or ""

    def item_link(self, item):
        return item.url

    def item_pubdate(self, item):
        # The post's own (editorial) date, at the start of that day locally;
        # first_published_at is unset for posts never published through a revision.
        return timezone.make_aware(datetime.datetime.combine(item.date, datetime.time.min))

    def item_updateddate(self, item):
        published = self.item_pubdate(item)
        last = item.last_published_at
        return last if last and last > published else published

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [tag.name for tag in item.tags.all()]


class AtomNewsFeed(NewsFeed):
    feed_type = Atom1Feed
    subtitle = NewsFeed.description
