"""/sitemap.xml: every published page, dated by the revision that last changed it."""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse
from django.utils.functional import cached_property

from . import browse
from .models import DoseRule, Monograph, Revision


def _latest(monographs):
    return max((m.revised_at for m in monographs if m.revised_at), default=None)


class MonographSitemap(Sitemap):
    def items(self):
        return (
            Monograph.objects.published()
            .with_revision()
            .only("slug", "generic_name")
            .order_by("slug")
        )

    def lastmod(self, item):
        return item.revised_at


class HistorySitemap(MonographSitemap):
    def location(self, item):
        return reverse("monographs:history", args=[item.slug])


class _GroupSitemap(Sitemap):
    """Class and condition pages change when any of their monographs does."""

    def items(self):
        return self.groups(
            Monograph.objects.published().with_revision().only(
                "slug", "generic_name", "drug_class")
        )

    def lastmod(self, item):
        return _latest(item.monographs)


class ClassSitemap(_GroupSitemap):
    def groups(self, monographs):
        return browse.group_by(monographs, lambda m: [m.drug_class], browse.class_slug)

    def location(self, item):
        return reverse("monographs:class", args=[item.slug])


class ConditionSitemap(_GroupSitemap):
    def groups(self, monographs):
        rules = DoseRule.objects.filter(monograph__in=Monograph.objects.published())
        return browse.conditions(monographs, rules.condition_rows())

    def location(self, item):
        return reverse("monographs:condition", args=[item.slug])


class ListSitemap(Sitemap):
    """The home page and the browse indexes, dated by the newest revision anywhere."""

    def items(self):
        return ["home", "monographs:index", "monographs:classes", "monographs:conditions"]

    def location(self, item):
        return reverse(item)

    @cached_property
    def newest(self):
        return Revision.objects.published().aggregate(newest=Max("created_at"))["newest"]

    def lastmod(self, item):
        return self.newest


SITEMAPS = {
    "lists": ListSitemap,
    "monographs": MonographSitemap,
    "history": HistorySitemap,
    "classes": ClassSitemap,
    "conditions": ConditionSitemap,
}
