"""What the pipeline stores and the pages read: one row per published fact, no Markdown.

Content changes only through `load_content`; every model here is written by
`pipeline.store` and read by views, so the admin shows them read-only.
"""


from django.db import models
from django.db.models import Value
from django.db.models.functions import Coalesce, NullIf
from django.urls import reverse
from django.utils import timezone


class MonographQuerySet(models.QuerySet):
    def published(self):
        """What readers may see: reviewed content whose file still exists."""
        return self.filter(status=Monograph.Status.REVIEWED, is_active=True)

    def review_overdue(self, today=None):
        return self.published().filter(review_due__lt=today or timezone.localdate())

    def with_revision(self):
        """Annotate the current revision's number and time, for lists that show or sort
        by it without a query per monograph."""
        return self.annotate(
            revision_number=models.Max("revisions__number"),
            revised_at=models.Max("revisions__created_at"),
        )


def page_heading(generic_name, title):
    """The title of a page that covers one product form, else its generic name."""
    return title or generic_name[:1].upper() + generic_name[1:]


class Monograph(models.Model):
    class Status(models.TextChoices):
        REVIEWED = "reviewed", "Reviewed"
        DRAFT = "draft", "Draft"

    slug = models.SlugField(max_length=100, unique=True)
    generic_name = models.CharField(max_length=200)
    title = models.CharField(
        max_length=200, blank=True,
        help_text="The page heading when the label covers one product form only, e.g. "
                  "'Topiramate extended-release capsules'; empty: the generic name")
    brand_names = models.JSONField(default=list, blank=True)
    synonyms = models.JSONField(default=list, blank=True)
    misspellings = models.JSONField(default=list, blank=True)  # search only, never exported
    drug_class = models.CharField(max_length=200)
    controlled_substance = models.CharField(max_length=10, blank=True)
    rxcui = models.CharField(max_length=20, blank=True)
    atc = models.CharField(max_length=10, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices)
    reviewed_by = models.CharField(max_length=300, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    review_due = models.DateField(null=True, blank=True)
    summary = models.TextField()
    boxed_warning = models.JSONField(default=list, blank=True)
    front_matter = models.JSONField(default=dict, help_text="The front matter as loaded")
    source_path = models.CharField(max_length=500)
    content_hash = models.CharField(max_length=64)
    # The file's stat when it was read (parse.stat_signature): a reload skips a file
    # whose stat still matches without reading it. Blank: compare the content.
    # db_default: a release running beside this migration inserts rows without it.
    source_stat = models.CharField(max_length=100, blank=True, default="", db_default="")
    is_active = models.BooleanField(
        default=True, help_text="False once the file is removed from content/"
    )
    updated_at = models.DateTimeField(default=timezone.now)

    objects = MonographQuerySet.as_manager()

    class Meta:
        ordering = ["generic_name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=["reviewed", "draft"]),
                name="monograph_status_valid",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "is_active"], name="monograph_published_idx"),
            models.Index(fields=["review_due"], name="monograph_review_due_idx"),
            # The interaction checker finds a one-form page by its generic name.
            models.Index(fields=["generic_name"], name="monograph_generic_name_idx"),
        ]

    def __str__(self):
        return self.generic_name

    def get_absolute_url(self):
        return reverse("monographs:detail", args=[self.slug])

    @property
    def heading(self):
        """What the page is called: a one-form page says which form wherever it is
        named, so no reader takes its doses for another form's."""
        return page_heading(self.generic_name, self.title)

    @property
    def review_is_overdue(self):
        return bool(self.review_due and self.review_due < timezone.localdate())

    @property
    def current_revision(self):
        return self.revisions.order_by("-number").first()


class Alias(models.Model):
    """A brand name, synonym or misspelling, so /drugs/klonopin/ and searches find the
    generic page. Only brand names are listed as names of the medicine (A to Z)."""

    class Kind(models.TextChoices):
        BRAND = "brand", "Brand name"
        SYNONYM = "synonym", "Synonym"
        MISSPELLING = "misspelling", "Misspelling"

    monograph = models.ForeignKey(Monograph, on_delete=models.CASCADE, related_name="aliases")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200)
    kind = models.CharField(max_length=12, choices=Kind.choices)

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["slug"], name="alias_slug_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["monograph", "slug", "kind"], name="alias_unique_per_monograph"
            ),
        ]

    def __str__(self):
        return self.name


class Section(models.Model):
    monograph = models.ForeignKey(Monograph, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200)
    anchor = models.SlugField(max_length=200)
    html = models.TextField(help_text="Rendered and sanitized")
    text = models.TextField(help_text="Plain text, for search")
    # What the HTML was rendered from (publishing.render.section_fingerprint): a later
    # load that would render the same takes this HTML instead. "" = never taken.
    source_hash = models.CharField(max_length=64, blank=True, default="", db_default="")

    class Meta:
        ordering = ["monograph", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["monograph", "position"], name="section_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.monograph} · {self.title}"


class Source(models.Model):
    """A cited label, identified exactly: a DailyMed set id plus the version, effective
    date, reading date or printed revision date it was reviewed against, so anyone can
    open the very text the page was checked with."""

    monograph = models.ForeignKey(Monograph, on_delete=models.CASCADE, related_name="sources")
    number = models.PositiveSmallIntegerField()
    key = models.SlugField(max_length=100)
    title = models.CharField(max_length=500)
    short = models.CharField(max_length=200, blank=True,
                             help_text="How citations name it; the title when empty")
    url = models.URLField(max_length=500)
    set_id = models.CharField(max_length=36, help_text="DailyMed set id")
    version = models.PositiveIntegerField(null=True, blank=True, help_text="SPL version")
    effective = models.DateField(null=True, blank=True, help_text="SPL effective date")
    read_on = models.DateField(null=True, blank=True,
                               help_text="Date the text was read (extracts, openFDA records)")
    revised = models.CharField(max_length=10, blank=True,
                               help_text="The label's printed revision date, YYYY-MM")
    holder = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["monograph", "number"]
        constraints = [
            models.UniqueConstraint(fields=["monograph", "number"], name="source_number_unique"),
            models.UniqueConstraint(fields=["monograph", "key"], name="source_key_unique"),
        ]

    def __str__(self):
        return self.title

    @property
    def name(self):
        return self.short or self.title

    @property
    def identity(self):
        """The label version in words: "DailyMed set cfa0d79a-..., version 12, effective
        2023-01-05", or "..., text as published on 2026-09-30"."""
        parts = [f"DailyMed set {self.set_id}"]
        if self.version:
            parts.append(f"version {self.version}")
        if self.effective:
            parts.append(f"effective {self.effective.isoformat()}")
        if self.revised:
            parts.append(f"revised {self.revised}")
        if self.read_on:
            parts.append(f"text as published on {self.read_on.isoformat()}")
        return ", ".join(parts)

    @property
    def described(self):
        """Holder (where the label names it) and identity, as one citation line."""
        return ". ".join(filter(None, [self.holder.rstrip("."), self.identity]))


class DoseRuleQuerySet(models.QuerySet):
    def condition_rows(self):
        """(monograph id, condition, population) rows for the Conditions pages: a rule's
        condition, or its indication when it names none."""
        return self.annotate(
            filed_under=Coalesce(NullIf("condition", Value("")), "indication"),
        ).values_list("monograph_id", "filed_under", "population")


class DoseRule(models.Model):
    """One labeled indication x population. Amounts keep the label's units."""

    monograph = models.ForeignKey(
        Monograph, on_delete=models.CASCADE, related_name="dose_rules"
    )
    position = models.PositiveSmallIntegerField()
    indication = models.CharField(max_length=300)
    condition = models.CharField(
        max_length=300, blank=True,
        help_text="The condition, where the indication also names a regimen; else empty")
    population = models.CharField(max_length=300)
    weight_based = models.BooleanField(default=False)
    route = models.CharField(max_length=100)
    frequency = models.CharField(max_length=300)
    initial = models.JSONField()
    titration = models.JSONField(null=True, blank=True)
    maintenance = models.JSONField(null=True, blank=True)
    max_daily = models.JSONField(null=True, blank=True)
    max_daily_note = models.CharField(max_length=500, blank=True)
    note = models.TextField(blank=True)

    objects = DoseRuleQuerySet.as_manager()

    class Meta:
        ordering = ["monograph", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["monograph", "position"], name="doserule_position_unique"
            ),
        ]

    def __str__(self):
        return f"{self.monograph} · {self.indication} · {self.population}"


class RevisionQuerySet(models.QuerySet):
    def published(self):
        """Revisions readers may audit: those of monographs that are published now."""
        return self.filter(
            monograph__status=Monograph.Status.REVIEWED, monograph__is_active=True
        )


class Revision(models.Model):
    """One published state of a monograph, kept so anyone can audit what changed."""

    monograph = models.ForeignKey(Monograph, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    content_hash = models.CharField(max_length=64)
    commit = models.CharField(max_length=40, blank=True)
    changes = models.CharField(max_length=500, blank=True)
    reviewed_by = models.CharField(max_length=300, blank=True)
    reviewed_on = models.DateField(null=True, blank=True)
    source_text = models.TextField(help_text="The Markdown file as loaded")
    created_at = models.DateTimeField(default=timezone.now)

    objects = RevisionQuerySet.as_manager()

    class Meta:
        ordering = ["monograph", "-number"]
        get_latest_by = "created_at"
        constraints = [
            models.UniqueConstraint(fields=["monograph", "number"], name="revision_number_unique"),
        ]

    def __str__(self):
        return f"{self.monograph} r{self.number}"

    def get_absolute_url(self):
        return reverse("monographs:history", args=[self.monograph.slug]) + f"#r{self.number}"

    @property
    def short_hash(self):
        return self.content_hash[:12]


class ContentLoad(models.Model):
    """One successful `load_content` that changed something. Its id is the version of
    the whole published set, used for cache keys and ETags of pages that list many
    monographs."""

    created_at = models.DateTimeField(default=timezone.now)
    commit = models.CharField(max_length=40, blank=True)
    added = models.PositiveIntegerField(default=0)
    changed = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-id"]

    def __str__(self):
        return f"load {self.pk} at {self.created_at:%Y-%m-%d %H:%M}"
