"""What check_labels learned, kept so pages, the API, the feed and editors can read it
without asking DailyMed.

- LabelCheck: one per cited set id: the newest version DailyMed lists and when it was
  published, the whole history, when it was last checked successfully, and the error of
  the last attempt if it failed (a failed check never overwrites what a successful one
  stored).
- LabelCitation: one per monograph source citing a checked label: the version or date
  the page was reviewed against, compared with that history. Recomputed from the stored
  history after every check and whenever load_content stores the monograph, so a page
  re-reviewed against the new version loses its notice at once.
- LabelAlert: one per page and label version that made the page stale: the feed's
  entries, kept after the page is re-reviewed.
"""

from django.db import models
from django.utils import timezone

from refsite.monographs.models import Monograph

from .compare import Version, as_date

DAILYMED_LABEL_URL = "https://dailymed.nlm.nih.gov/dailymed/drugInfo.cfm?setid={}"
DAILYMED_ARCHIVE_URL = "https://dailymed.nlm.nih.gov/dailymed/archives/index.cfm?setid={}"


class LabelCheck(models.Model):
    set_id = models.CharField(max_length=36, unique=True, help_text="DailyMed set id")
    title = models.CharField(max_length=500, blank=True)
    newest_version = models.PositiveIntegerField(null=True, blank=True)
    newest_published = models.DateField(null=True, blank=True)
    history = models.JSONField(default=list, blank=True,
                               help_text='[{"version": 9, "published": "2026-03-02"}, ...]')
    checked_at = models.DateTimeField(null=True, blank=True,
                                      help_text="Last successful check")
    error = models.TextField(blank=True, help_text="Why the last attempt failed, if it did")
    error_at = models.DateTimeField(null=True, blank=True)
    monographs = models.ManyToManyField(Monograph, through="LabelCitation",
                                        related_name="label_checks")

    class Meta:
        ordering = ["set_id"]

    def __str__(self):
        return self.title or self.set_id

    @property
    def versions(self):
        return [Version(item["version"], as_date(item["published"])) for item in self.history]

    @property
    def label_url(self):
        return DAILYMED_LABEL_URL.format(self.set_id)

    @property
    def archive_url(self):
        return DAILYMED_ARCHIVE_URL.format(self.set_id)


class LabelCitationQuerySet(models.QuerySet):
    def published(self):
        return self.filter(monograph__in=Monograph.objects.published())

    def stale(self):
        return self.published().filter(stale_since__isnull=False)


class LabelCitation(models.Model):
    label = models.ForeignKey(LabelCheck, on_delete=models.CASCADE, related_name="citations")
    monograph = models.ForeignKey(Monograph, on_delete=models.CASCADE,
                                  related_name="label_citations")
    source_key = models.SlugField(max_length=100)
    basis = models.CharField(max_length=10, help_text="version, read_on, effective or revised")
    reviewed_version = models.PositiveIntegerField(null=True, blank=True)
    reviewed_date = models.DateField(null=True, blank=True)
    current_version = models.PositiveIntegerField()
    current_published = models.DateField()
    stale_since = models.DateField(null=True, blank=True,
                                   help_text="When the first version after the reviewed one "
                                             "was published; empty while current")
    changed_at = models.DateTimeField(default=timezone.now,
                                      help_text="When what the page shows last changed")

    objects = LabelCitationQuerySet.as_manager()

    class Meta:
        ordering = [models.F("stale_since").asc(nulls_last=True), "monograph__generic_name"]
        constraints = [
            models.UniqueConstraint(fields=["monograph", "source_key"],
                                    name="labelcitation_unique_source"),
        ]
        indexes = [models.Index(fields=["stale_since"], name="labelcitation_stale_idx")]

    def __str__(self):
        return f"{self.monograph} · {self.source_key}"

    @property
    def stale(self):
        return self.stale_since is not None


class LabelAlert(models.Model):
    """A page went stale: its label got a version newer than the one it was reviewed
    against. One per page, label and version, whatever happens after."""

    monograph = models.ForeignKey(Monograph, on_delete=models.CASCADE,
                                  related_name="label_alerts")
    set_id = models.CharField(max_length=36)
    source_key = models.SlugField(max_length=100)
    title = models.CharField(max_length=500, blank=True)
    reviewed = models.CharField(max_length=60, help_text='"v7" or "read 2025-02-06"')
    current_version = models.PositiveIntegerField()
    current_published = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["monograph", "set_id", "current_version"],
                                    name="labelalert_once_per_version"),
        ]

    def __str__(self):
        return f"{self.monograph}: label {self.set_id} v{self.current_version}"
