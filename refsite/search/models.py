"""The search index as portable rows. Each backend keeps its own structure beside them
(an FTS5 table on SQLite, a tsvector column on PostgreSQL), written in the same
transaction by `index.update_index`. Only published monographs have rows here."""

from django.contrib.postgres.search import SearchVectorField
from django.db import models

from refsite.monographs.models import Monograph


class VendorSearchVectorField(SearchVectorField):
    """A tsvector on PostgreSQL; elsewhere an unused nullable text column, so one model
    and one migration serve both databases."""

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return super().db_type(connection)
        return "text"


class SearchEntry(models.Model):
    """One place a result can link to: the page top (position 0, the summary) or one
    Section. Every row repeats the monograph's names and class, so a query that mixes
    a name and a body word ("klonopin glaucoma") still matches a single row.

    The id is `monograph id * POSITIONS + position` (see `make_id`), so a full-text
    engine that returns only ids (FTS5 rowids) also says which monograph and section
    matched, without reading this table."""

    POSITIONS = 1000

    id = models.BigIntegerField(primary_key=True, editable=False)
    monograph = models.ForeignKey(
        Monograph, on_delete=models.CASCADE, related_name="search_entries"
    )
    position = models.PositiveSmallIntegerField(help_text="0 is the page top")
    anchor = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200)
    names = models.TextField(help_text="Generic name, brand names and synonyms")
    drug_class = models.CharField(max_length=200)
    body = models.TextField(help_text="Plain text: the summary or the section text")
    vector = VendorSearchVectorField(null=True, editable=False)

    class Meta:
        ordering = ["monograph", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["monograph", "position"], name="searchentry_position_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(position__lt=1000), name="searchentry_position_range"
            ),
        ]

    def __str__(self):
        return f"{self.monograph_id} · {self.title}"

    @classmethod
    def make_id(cls, monograph_id, position):
        return monograph_id * cls.POSITIONS + position


class SearchName(models.Model):
    """A name a reader may type: for the exact-name shortcut, autocomplete and fuzzy
    matching of misspellings."""

    class Kind(models.TextChoices):
        GENERIC = "generic", "Generic name"
        BRAND = "brand", "Brand name"
        SYNONYM = "synonym", "Synonym"

    monograph = models.ForeignKey(
        Monograph, on_delete=models.CASCADE, related_name="search_names"
    )
    name = models.CharField(max_length=200)
    key = models.CharField(max_length=200, help_text="`search.normalize(name)`")
    kind = models.CharField(max_length=10, choices=Kind.choices)

    class Meta:
        ordering = ["key"]
        indexes = [models.Index(fields=["key"], name="searchname_key_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["monograph", "key", "kind"], name="searchname_unique_per_monograph"
            ),
        ]

    def __str__(self):
        return self.name
