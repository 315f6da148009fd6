"""RSS 2.0 and Atom feeds of the news (django.contrib.syndication)."""

import datetime

from django.contrib.syndication.views import Feed
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from core.i18n import in_active_language
from news.models import NewsPage


class NewsFeed(Feed):
    title = _("Smart City Sweden news")
    description = _(
        "News from Smart City Sweden, the national demonstration platform for smart and sustainable cities."
    )

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
