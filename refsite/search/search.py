"""Search in one module: what a query means, how results are ranked, what a hit shows.

A query is cut to MAX_QUERY_LENGTH characters, cleaned of control characters and split
into at most MAX_TERMS words; words are only ever handed to a database as quoted
phrases (FTS5) or quoted lexemes (tsquery), never as query syntax. Ranking, on both
databases:

1. a monograph one of whose names is exactly the query,
2. monographs whose names match every word (generic, brand or synonym; a word of
   MIN_PREFIX letters or more also matches as a prefix, so "clona" finds clonazepam),
3. monographs matching every word anywhere (names, class, section titles and text),
   by relevance (bm25 on SQLite, ts_rank on PostgreSQL) of their best section.

When no monograph matches every word, names similar to the words are tried (a
misspelling such as "sertaline"); when none are close enough, monographs matching any
word are ranked instead. The backend is chosen by the database vendor; both live
behind the small set of functions `ranked`, `similar_names`, `refresh` and `forget`.
Snippets are cut from the best section's text here, the same way for both: a second
full-text query per page would cost more than the ranking itself.

A search is a few plain SQL statements, not querysets: building and reading a queryset
costs about 0.3 ms, more than ranking a name on SQLite. The page of hits, with what
each shows (HIT_COLUMNS), and the total come from one statement; a misspelling costs
three more (on SQLite, the names themselves are kept in memory per index version, see
`sqlite_fts5._names`).
"""

import re
import unicodedata
from dataclasses import dataclass, field
from functools import cache, cached_property
from itertools import islice

from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.db.models.base import DEFERRED
from django.utils.html import escape
from django.utils.safestring import mark_safe

from refsite.monographs.models import Monograph

from .models import SearchName

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MIN_PREFIX = 3
PER_PAGE = 20
MAX_PAGE = 1000  # far past any real result list; keeps OFFSET a small integer
SUGGEST_LIMIT = 10
FUZZY_LIMIT = 10
SNIPPET_CHARS = 220

# Private-use characters mark matches inside snippets: content never contains them
# (they are stripped at index time) and queries cannot carry them (cleaned out), so
# the text can be escaped first and marked up afterwards.
MARK_START = "\ue000"
MARK_END = "\ue001"

AND = "and"
OR = "or"

# Words that say nothing about which medicine is meant. PostgreSQL's english config
# drops them anyway; dropping them here keeps SQLite's results the same.
STOPWORDS = frozenset(
    "a about an and are as at be by can do does for from how i in is it my not of on or "
    "the to what when which who why will with".split()
)

_WORD_RE = re.compile(r"[^\W_]+")
_SPACE_RE = re.compile(r"\s+")


def backend():
    """The module that speaks to this database's full-text engine."""
    if connection.vendor == "sqlite":
        from . import sqlite_fts5
        return sqlite_fts5
    if connection.vendor == "postgresql":
        from . import postgres
        return postgres
    raise ImproperlyConfigured(f"search supports SQLite and PostgreSQL, not {connection.vendor}")


def clean(query):
    """The query as it will be used and shown: at most MAX_QUERY_LENGTH characters,
    no control, format or private-use characters (NUL breaks PostgreSQL), spaces
    collapsed."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    query = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in query)
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", query)).strip()


def normalize(text):
    """Case- and accent-insensitive form of a name or query, for exact comparison."""
    text = unicodedata.normalize("NFKD", clean(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Terms:
    """A cleaned query: `text` to show, `key` to compare with names, `words` to match."""

    text: str
    key: str
    words: tuple

    def __bool__(self):
        return bool(self.words)

    @cached_property
    def pattern(self):
        """Finds the words in text as the engines match them: a long word as a prefix
        of its crudely stemmed form ("seizures" finds "seizure"), a short one whole.
        Group `wN` tells which word matched."""
        parts = []
        for n, word in enumerate(self.words):
            if len(word) >= MIN_PREFIX:
                parts.append(f"(?P<w{n}>{re.escape(_stem(word))}\\w*)")
            else:
                parts.append(f"(?P<w{n}>{re.escape(word)}(?!\\w))")
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)

    @property
    def fuzzy_words(self):
        """Words long enough for similarity to mean something, plus the whole query
        when it has several words (for names such as "valproic acid")."""
        words = [w for w in self.words if len(w) >= 4]
        if len(self.words) > 1 and len(self.key) <= 60:
            words.append(self.key)
        return tuple(dict.fromkeys(words))


def _stem(word):
    """Enough of an English stemmer for highlighting: drop one plural or verb ending
    while four letters remain."""
    for ending in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def parse(query):
    text = clean(query)
    key = normalize(text)
    words = []
    for word in _WORD_RE.findall(key):
        word = word[:MAX_TERM_LENGTH]
        if word not in words:
            words.append(word)
    meaningful = [w for w in words if w not in STOPWORDS]
    return Terms(text, key, tuple((meaningful or words)[:MAX_TERMS]))


def highlight(marked):
    """Escape a snippet, then turn the match markers into <mark> elements."""
    html = escape(marked).replace(MARK_START, "<mark>").replace(MARK_END, "</mark>")
    return mark_safe(html)  # noqa: S308 - escaped on the line above


def make_snippet(text, terms, size=SNIPPET_CHARS):
    """About `size` characters of `text` around the densest cluster of query words,
    with the words marked; the start of the text when none is in it."""
    found = list(islice(terms.pattern.finditer(text), 40))
    if not found:
        if len(text) <= size:
            return escape(text)
        return escape(text[:size].rsplit(" ", 1)[0] + "…")

    def window(match):
        """Start at the sentence holding the match when it starts close enough before
        it, else a few words before it."""
        sentence = text.rfind(". ", max(0, match.start() - size // 2), match.start())
        if sentence != -1:
            return sentence + 2
        start = max(0, match.start() - size // 5)
        return text.rfind(" ", 0, start) + 1 if start else 0

    def density(index):
        start = window(found[index])
        return len({m.lastgroup for m in found if start <= m.start() < start + size})

    start = window(found[max(range(len(found)), key=lambda i: (density(i), -i))])
    end = text.find(" ", start + size)
    end = len(text) if end == -1 else end
    pieces = ["…" if start else ""]
    position = start
    for match in found:
        if match.start() >= position and match.end() <= end:
            pieces += [text[position:match.start()], MARK_START, match.group(), MARK_END]
            position = match.end()
    pieces += [text[position:end], "…" if end < len(text) else ""]
    return highlight("".join(pieces))


# What a hit shows, read in the statement that ranks the page: each backend selects
# HIT_COLUMNS from its page of entry ids, joined by HIT_JOINS (formatted with the column
# that holds the entry id), so a result page needs no second query.
HIT_COLUMNS = ("e.anchor, e.title, e.body, "
               "m.id, m.slug, m.generic_name, m.brand_names, m.drug_class")
HIT_JOINS = ("JOIN search_searchentry e ON e.id = {entry_id} "
             "JOIN monographs_monograph m ON m.id = e.monograph_id")
_HIT_FIELDS = ("id", "slug", "generic_name", "brand_names", "drug_class")
PAGE_TOPS_SQL = f"""
SELECT {HIT_COLUMNS} FROM search_searchentry e
JOIN monographs_monograph m ON m.id = e.monograph_id
WHERE e.position = 0 AND e.monograph_id IN ({{ids}})
"""  # noqa: S608 - fixed fragments; values are parameters
EXACT_SQL = """
SELECT DISTINCT n.monograph_id, m.slug FROM search_searchname n
JOIN monographs_monograph m ON m.id = n.monograph_id
WHERE n.key = %s AND n.kind IN (%s, %s)
LIMIT 2
"""


@cache
def _layout(fields):
    """For each concrete field of Monograph, its index in `fields`, or None."""
    return [fields.index(f.attname) if f.attname in fields else None
            for f in Monograph._meta.concrete_fields]


def _monograph(fields, values):
    """A Monograph with just `fields` loaded from a database row, the others loaded on
    access, as `.only()` gives."""
    if "brand_names" in fields:
        values = list(values)
        at = fields.index("brand_names")
        values[at] = Monograph._meta.get_field("brand_names").from_db_value(
            values[at], None, connection)
    return Monograph.from_db(connection.alias, fields, [
        DEFERRED if i is None else values[i] for i in _layout(fields)])


def _hit(row, terms, snippets):
    """A Hit from a row of HIT_COLUMNS."""
    anchor, title, body, *monograph = row
    return Hit(monograph=_monograph(_HIT_FIELDS, monograph), anchor=anchor,
               section_title=title if anchor else "",
               snippet=make_snippet(body, terms) if snippets else "")


@dataclass
class Hit:
    monograph: Monograph
    anchor: str = ""
    section_title: str = ""
    snippet: str = ""
    matched_name: str = ""

    @cached_property
    def page_url(self):
        return self.monograph.get_absolute_url()

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


def search(query, page=1, per_page=PER_PAGE, snippets=True):
    """Ranked monographs for `query` (see the module docstring). Never raises on user
    input: every string gives results or none."""
    terms = parse(query)
    results = SearchResults(terms.text, page=1, per_page=per_page)
    if not terms:
        return results
    engine = backend()
    page = min(max(1, page), MAX_PAGE)
    rows, total, page = _ranked_page(engine, terms, AND, page, per_page)
    if not total:
        similar = similar_monographs(terms)
        if similar and _fuzzy_results(results, terms, similar, snippets):
            return results
        if len(terms.words) > 1:  # with one word, any word is every word
            rows, total, page = _ranked_page(engine, terms, OR, page, per_page)
    results.total, results.page = total, page
    results.hits = [_hit(row, terms, snippets) for row in rows]
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
        rows = {row[3]: row for row in cursor.fetchall()}
    hits = []
    for monograph_id, name, kind in similar:
        if monograph_id in rows:
            hit = _hit(rows[monograph_id], terms, snippets)
            hit.matched_name = (hit.monograph.generic_name if kind == SearchName.Kind.SYNONYM
                                else name)
            hits.append(hit)
    if not hits:
        return False
    results.hits, results.total, results.fuzzy = hits, len(hits), True
    results.did_you_mean = list(dict.fromkeys(h.matched_name for h in hits))[:3]
    return True


def exact_monograph(query):
    """The published monograph whose generic or brand name is exactly `query` (case
    and accents aside), if exactly one is; the search page redirects to it. Only
    published monographs have index rows."""
    key = normalize(query)
    if not key:
        return None
    with connection.cursor() as cursor:
        cursor.execute(EXACT_SQL, [key, SearchName.Kind.GENERIC, SearchName.Kind.BRAND])
        found = cursor.fetchall()
    return _monograph(("id", "slug"), found[0]) if len(found) == 1 else None


@dataclass(frozen=True)
class Suggestion:
    label: str
    detail: str
    url: str

    def as_dict(self):
        return {"label": self.label, "detail": self.detail, "url": self.url}


# Names that start with what was typed: generic names, then brands, then synonyms.
SUGGEST_NAMES_SQL = """
SELECT n.name, n.kind, m.id, m.slug, m.generic_name, m.drug_class
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
    for name, kind, *values in names:
        monograph = _monograph(("id", "slug", "generic_name", "drug_class"), values)
        if kind == SearchName.Kind.BRAND:
            found.add(name, f"brand of {monograph.generic_name}", monograph)
        else:
            found.add(monograph.generic_name, monograph.drug_class, monograph)
    if not found.full:
        for hit in search(query, per_page=limit, snippets=False).hits:
            monograph = hit.monograph
            detail = hit.section_title or monograph.drug_class
            found.add(monograph.generic_name, detail, monograph, hit.url, once=True)
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

    def add(self, label, detail, monograph, url=None, *, once=False):
        """Add a suggestion unless it repeats one; with `once`, unless the monograph
        is already suggested under any name."""
        key = (label.casefold(), monograph.pk)
        if self.full or key in self._seen or (once and monograph.pk in self._monographs):
            return
        self._seen.add(key)
        self._monographs.add(monograph.pk)
        self.items.append(Suggestion(label, detail, url or monograph.get_absolute_url()))
