"""What a hit row holds: the SQL text every backend selects for a hit, and how such a
row is read.

What a hit shows is read in the statement that ranks the page: each backend selects
HIT_COLUMNS from its page of entry ids, joined by HIT_JOINS (formatted with the columns
that hold the entry id and the monograph id: joined to the page, not to each other, the
two lookups are planned apart, which PostgreSQL plans faster), so a result page needs no
second query. A search is plain SQL
rather than querysets (see `ranking`), so the monograph part of a row is read into a
small frozen `Listing`, not into a Monograph built by hand: a Listing holds exactly what
a hit, a suggestion or the exact-name shortcut shows, and relies on nothing of Django's
model internals.

The backends import this module and `query`, nothing above them.
"""

from dataclasses import dataclass
from functools import cache, cached_property
from typing import NamedTuple

from django.db import connection
from django.urls import reverse

from refsite.monographs.models import Monograph, page_heading

# A monograph as a hit, suggestion or shortcut shows it; `Listing.read` takes these
# values in this order.
LISTING_COLUMNS = "m.slug, m.generic_name, m.title, m.brand_names, m.drug_class"
HIT_COLUMNS = f"e.anchor, e.title, e.body, m.id, {LISTING_COLUMNS}"
HIT_JOINS = ("JOIN search_searchentry e ON e.id = {entry_id} "
             "JOIN monographs_monograph m ON m.id = {monograph_id}")
MONOGRAPH_ID = 3  # where a row of HIT_COLUMNS holds the monograph id


@cache
def _brand_names_field():
    return Monograph._meta.get_field("brand_names")


@dataclass(frozen=True)
class Listing:
    """A published monograph as search shows it."""

    slug: str
    generic_name: str
    title: str
    brand_names: tuple
    drug_class: str

    @classmethod
    def read(cls, slug, generic_name, title, brand_names, drug_class):
        """A Listing from the values of LISTING_COLUMNS: brand names arrive as the
        database returns JSON (text on both databases, for raw SQL)."""
        brand_names = _brand_names_field().from_db_value(brand_names, None, connection)
        return cls(slug, generic_name, title, tuple(brand_names or ()), drug_class)

    @property
    def heading(self):
        """As the page is headed: a one-form page names its form (Monograph.heading)."""
        return page_heading(self.generic_name, self.title)

    @cached_property
    def url(self):
        """The monograph's page; computed when first shown, not for every row read."""
        return reverse("monographs:detail", args=[self.slug])


class HitRow(NamedTuple):
    """A row of HIT_COLUMNS: the entry that matched and its monograph."""

    anchor: str
    title: str
    body: str
    monograph_id: int
    listing: Listing

    @classmethod
    def read(cls, row):
        anchor, title, body, monograph_id, *listing = row
        return cls(anchor, title, body, monograph_id, Listing.read(*listing))
