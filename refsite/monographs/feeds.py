"""An Atom feed of content changes: one entry per published revision, and one each time
a page goes stale (a label it cites got a version newer than the one it was reviewed
against), newest first, so pharmacists and integrators can follow what changed without
polling every page."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import capfirst

from . import labels
from .labels import LabelEvent
from .models import Revision

FEED_LENGTH = 100


class ChangesFeed(Feed):
    feed_type = Atom1Feed
    description_template = "monographs/feed_entry.html"

    def title(self):
        return f"{settings.SITE_NAME}: monograph changes"

    def subtitle(self):
        return "Every published revision of every monograph, newest first."

    def link(self):
        return reverse("monographs:index")

    def feed_url(self):
        return reverse("monographs:changes-feed")

    def author_name(self):
        return settings.SITE_NAME

    def items(self):
        revisions = list(
            Revision.objects.published()
            .select_related("monograph")
            .defer("source_text", "monograph__front_matter", "monograph__summary")
            .order_by("-created_at", "-id")[:FEED_LENGTH]
        )
        entries = revisions + labels.events(FEED_LENGTH)
        entries.sort(key=lambda item: item.created_at, reverse=True)
        return entries[:FEED_LENGTH]

    def item_title(self, item):
        if isinstance(item, LabelEvent):
            return (f"{capfirst(item.monograph.generic_name)}: FDA label updated since review "
                    f"(version {item.current_version})")
        return f"{capfirst(item.monograph.generic_name)}: revision {item.number}"

    def item_link(self, item):
        if isinstance(item, LabelEvent):
            return item.monograph.get_absolute_url()
        if item.number > 1:
            return reverse("monographs:diff",
                           args=[item.monograph.slug, item.number - 1, item.number])
        return item.get_absolute_url()

    def item_guid(self, item):
        if isinstance(item, LabelEvent):
            return (f"{item.monograph.get_absolute_url()}#label-{item.set_id}"
                    f"-v{item.current_version}")
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at
