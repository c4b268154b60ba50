"""Autocomplete for the search box: names that start with what was typed, then the top
search results, at most SUGGEST_LIMIT in all.

Names are read in one plain statement, like a result page (see `ranking`); only when
they do not fill the list does a search run, without snippets.
"""

from dataclasses import dataclass

from django.db import connection
from django.urls import reverse

from .models import SearchName
from .query import parse
from .ranking import search

SUGGEST_LIMIT = 10


@dataclass(frozen=True)
class Suggestion:
    label: str
    detail: str
    url: str

    def as_dict(self):
        return {"label": self.label, "detail": self.detail, "url": self.url}


# Names that start with what was typed: generic names, then brands, then synonyms.
SUGGEST_NAMES_SQL = """
SELECT n.name, n.kind, m.slug, m.generic_name, m.drug_class
FROM search_searchname n JOIN monographs_monograph m ON m.id = n.monograph_id
WHERE n.key >= %s AND n.key < %s
ORDER BY CASE n.kind WHEN %s THEN 0 WHEN %s THEN 1 ELSE 2 END, n.key, n.monograph_id
LIMIT %s
"""


def suggest(query, limit=SUGGEST_LIMIT):
    """At most `limit` Suggestions for a search box: names that start with what was
    typed first, then the top search results."""
    terms = parse(query)
    if not terms or len(terms.key) < 2:
        return []
    found = _Suggestions(limit)
    with connection.cursor() as cursor:
        cursor.execute(SUGGEST_NAMES_SQL, [terms.key, terms.key + "\U0010ffff",
                                           SearchName.Kind.GENERIC, SearchName.Kind.BRAND,
                                           limit * 3])
        names = cursor.fetchall()
    for name, kind, slug, generic_name, drug_class in names:
        if kind == SearchName.Kind.BRAND:
            found.add(name, f"brand of {generic_name}", slug)
        else:
            found.add(generic_name, drug_class, slug)
    if not found.full:
        for hit in search(query, per_page=limit, snippets=False).hits:
            listing = hit.listing
            detail = hit.section_title or listing.drug_class
            found.add(listing.generic_name, detail, listing.slug, hit.url, once=True)
    return found.items


class _Suggestions:
    def __init__(self, limit):
        self.limit = limit
        self.items = []
        self._seen = set()
        self._monographs = set()

    @property
    def full(self):
        return len(self.items) >= self.limit

    def add(self, label, detail, slug, url=None, *, once=False):
        """Add a suggestion for the monograph `slug` (its page unless `url` is given)
        unless it repeats one; with `once`, unless the monograph is already suggested
        under any name."""
        key = (label.casefold(), slug)
        if self.full or key in self._seen or (once and slug in self._monographs):
            return
        self._seen.add(key)
        self._monographs.add(slug)
        self.items.append(
            Suggestion(label, detail, url or reverse("monographs:detail", args=[slug])))
