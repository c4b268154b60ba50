"""An Atom feed of content changes: one entry per published revision, newest first, so
pharmacists and integrators can follow what changed without polling every page."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.text import capfirst

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
        return (
            Revision.objects.published()
            .select_related("monograph")
            .defer("source_text", "monograph__front_matter", "monograph__summary")
            .order_by("-created_at", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return f"{capfirst(item.monograph.generic_name)}: revision {item.number}"

    def item_link(self, item):
        if item.number > 1:
            return reverse("monographs:diff",
                           args=[item.monograph.slug, item.number - 1, item.number])
        return item.get_absolute_url()

    def item_guid(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.created_at

    def item_updateddate(self, item):
        return item.created_at
