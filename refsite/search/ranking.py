"""Search results: which monographs a query finds, in what order, and what each hit
shows. Ranking, on both databases:

1. a monograph one of whose names is exactly the query,
2. monographs whose names match every word (generic, brand or synonym; a word of
   MIN_PREFIX letters or more also matches as a prefix, so "clona" finds clonazepam),
3. monographs whose drug class matches every word ("statin"; an everyday word the lay
   vocabulary reads as a class, "blood thinner" as anticoagulant): a reader who names
   a kind of medicine wants those medicines, not a page that mentions the kind,
4. monographs matching every word anywhere (names, class, section titles and text),
   by relevance (bm25 on SQLite, ts_rank on PostgreSQL) of their best section.

Within 2 and 3 the order is by relevance too, and a hit links to the page itself.

When no monograph matches every word, names similar to the words are tried (a
misspelling such as "sertaline"); when none are close enough, monographs matching any
word are ranked instead. The backend is chosen by the database vendor (`backends`);
the snippet of each hit is cut by `snippets`.

A search is a few plain SQL statements, not querysets: building and reading a queryset
costs about 0.3 ms, more than ranking a name on SQLite. The page of hits, with what
each shows (`sql.HIT_COLUMNS`), and the total come from one statement; a misspelling
costs two more (the similar names, then their page tops; on SQLite the names themselves
are held in memory, see `names`).
"""

from dataclasses import dataclass, field
from functools import cached_property

from django.db import connection

from . import understand
from .backends import backend
from .models import SearchName
from .query import AND, OR, Terms, parse
from .snippets import make_snippet
from .sql import HIT_COLUMNS, HitRow, Listing

PER_PAGE = 20
MAX_PAGE = 1000  # far past any real result list; keeps OFFSET a small integer
FUZZY_LIMIT = 10

PAGE_TOPS_SQL = f"""
SELECT {HIT_COLUMNS} FROM search_searchentry e
JOIN monographs_monograph m ON m.id = e.monograph_id
WHERE e.position = 0 AND e.monograph_id IN ({{ids}})
"""  # noqa: S608 - fixed fragments; values are parameters

@dataclass
class Hit:
    listing: Listing
    anchor: str = ""
    section_title: str = ""
    snippet: str = ""
    matched_name: str = ""

    @cached_property
    def page_url(self):
        return self.listing.url

    @property
    def url(self):
        return f"{self.page_url}#{self.anchor}" if self.anchor else self.page_url


@dataclass
class SearchResults:
    query: str
    hits: list = field(default_factory=list)
    total: int = 0
    page: int = 1
    per_page: int = PER_PAGE
    fuzzy: bool = False
    did_you_mean: list = field(default_factory=list)
    partial: bool = False  # no monograph matched every word; these match some

    @property
    def num_pages(self):
        return max(1, -(-self.total // self.per_page))

    @property
    def has_previous(self):
        return self.page > 1

    @property
    def has_next(self):
        return self.page < self.num_pages

    @property
    def start_index(self):
        return (self.page - 1) * self.per_page + 1 if self.hits else 0


def _hit(row, terms, snippets):
    """A Hit from a HitRow."""
    return Hit(listing=row.listing, anchor=row.anchor,
               section_title=row.title if row.anchor else "",
               snippet=make_snippet(row.body, terms) if snippets else "")


def search(query, page=1, per_page=PER_PAGE, snippets=True, fuzzy=True, any_word=True):
    """Ranked monographs for `query`, a string or `query.Terms` (see the module
    docstring); without `fuzzy`, no similar names are tried, without `any_word`, no
    monographs matching only some words. Never raises on user input: every string
    gives results or none."""
    terms = query if isinstance(query, Terms) else parse(query)
    results = SearchResults(terms.text, page=1, per_page=per_page)
    if not terms:
        return results
    engine = backend()
    page = min(max(1, page), MAX_PAGE)
    rows, total, page = _ranked_page(engine, terms, AND, page, per_page)
    if not total:
        similar = similar_monographs(terms) if fuzzy else []
        if similar and _fuzzy_results(results, terms, similar, snippets):
            return results
        if any_word and len(terms.groups) > 1:  # with one group, any is every
            rows, total, page = _ranked_page(engine, terms, OR, page, per_page)
            results.partial = bool(total)
    results.total, results.page = total, page
    results.hits = [_hit(HitRow.read(row), terms, snippets) for row in rows]
    return results


def _ranked_page(engine, terms, op, page, per_page):
    """One page of hit rows, the total, and the page number: past the last page
    means the last page."""
    rows, total = engine.ranked(terms, op, per_page, (page - 1) * per_page)
    if not rows and page > 1 and total:
        page = -(-total // per_page)
        rows, total = engine.ranked(terms, op, per_page, (page - 1) * per_page)
    return rows, total, page


def similar_monographs(terms, limit=FUZZY_LIMIT):
    """[(monograph_id, name, kind)] for names close to the query's words, closest
    first, one per monograph."""
    seen = {}
    for monograph_id, name, kind, _score in backend().similar_names(terms, limit * 3):
        seen.setdefault(monograph_id, (monograph_id, name, kind))
    return list(seen.values())[:limit]


def _fuzzy_results(results, terms, similar, snippets):
    """Fill `results` with the page tops of the `similar` monographs still indexed;
    False, leaving `results` alone, when none is. A close synonym (often itself a
    misspelling) shows the generic name instead."""
    ids = [monograph_id for monograph_id, _name, _kind in similar]
    with connection.cursor() as cursor:
        cursor.execute(PAGE_TOPS_SQL.format(ids=", ".join(["%s"] * len(ids))), ids)
        rows = {row.monograph_id: row for row in map(HitRow.read, cursor.fetchall())}
    hits = []
    for monograph_id, name, kind in similar:
        if monograph_id in rows:
            hit = _hit(rows[monograph_id], terms, snippets)
            hit.matched_name = (hit.listing.generic_name if kind == SearchName.Kind.SYNONYM
                                else name)
            hits.append(hit)
    if not hits:
        return False
    results.hits, results.total, results.fuzzy = hits, len(hits), True
    results.did_you_mean = list(dict.fromkeys(h.matched_name for h in hits))[:3]
    return True


def exact_monograph(query):
    """The Listing of the published monograph whose generic or brand name is exactly
    `query` (case and accents aside), if exactly one is; the search page redirects to
    it. Only published monographs have index rows."""
    return understand.read(parse(query)).exact
