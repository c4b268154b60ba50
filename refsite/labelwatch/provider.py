"""The label watch as the monographs app sees it (`refsite.monographs.labels`)."""

from django.db.models import Max, OuterRef, Subquery

from refsite.monographs.labels import LabelEvent, LabelState
from refsite.monographs.models import Monograph

from .models import DAILYMED_LABEL_URL, LabelAlert, LabelCitation


class Provider:
    def states(self, monograph):
        citations = (LabelCitation.objects.filter(monograph=monograph)
                     .select_related("label").order_by("source_key"))
        return [LabelState(
            source_key=c.source_key, set_id=c.label.set_id, title=c.label.title,
            basis=c.basis, reviewed_version=c.reviewed_version,
            reviewed_date=c.reviewed_date, current_version=c.current_version,
            current_published=c.current_published, stale_since=c.stale_since,
            checked_at=c.label.checked_at, label_url=c.label.label_url,
            archive_url=c.label.archive_url,
        ) for c in citations]

    def stale_ids(self):
        return set(LabelCitation.objects.stale().values_list("monograph_id", flat=True))

    def page_stamp(self):
        return Subquery(LabelCitation.objects.filter(monograph=OuterRef("pk"))
                        .values("monograph").annotate(latest=Max("changed_at"))
                        .values("latest")[:1])

    def collection_stamp(self):
        return Subquery(LabelCitation.objects.order_by("-changed_at")
                        .values("changed_at")[:1])

    def events(self, limit):
        alerts = (LabelAlert.objects.filter(monograph__in=Monograph.objects.published())
                  .select_related("monograph")
                  .defer("monograph__front_matter", "monograph__summary")
                  .order_by("-created_at", "-id")[:limit])
        return [LabelEvent(monograph=a.monograph, set_id=a.set_id, title=a.title,
                           reviewed=a.reviewed, current_version=a.current_version,
                           current_published=a.current_published, created_at=a.created_at,
                           label_url=DAILYMED_LABEL_URL.format(a.set_id))
                for a in alerts]
