"""A search page as a reader needs it: the page itself when the query is exactly a
name; the section asked about when the query names a medicine and a question
("sertraline pregnancy", "zoloft and alcohol"); an honest notice when it names a
medicine refsite does not cover or is still reviewing; then the ranked results, with
everyday words expanded to the clinical terms the pages use.

The steps are kept apart: `understand.read` says what the query asks, `query.expand`
widens it with the lay vocabulary, `ranking.search` ranks; this module only decides
what the page leads with. `Response.first` is what the reader sees first, the thing
the judged query set (tests/search_judgements.yaml) holds to account.
"""

import re
from dataclasses import dataclass, field, replace
from functools import cached_property
from urllib.parse import quote

from django.db import connection

from . import names, understand
from .query import expand, parse
from .ranking import SearchResults, search
from .snippets import make_snippet
from .sql import HIT_COLUMNS, HitRow
from .vocabulary import lay_vocabulary

IN_REVIEW = "being-reviewed"
NOT_COVERED = "not-covered"
NO_MATCH = "no-match"
DAILYMED_SEARCH = "https://dailymed.nlm.nih.gov/dailymed/search.cfm?query={}"
MAX_ANSWERS = 2
# A word that may be the name of a medicine refsite lacks: letters (a hyphen inside),
# four or more. Anything else that matches nothing is just "no match".
_NAME_LIKE_RE = re.compile(r"[^\W\d_]{2,}(?:-[^\W\d_]+)*")
MIN_NAME_LENGTH = 4

SECTIONS_SQL = f"""
SELECT {HIT_COLUMNS} FROM search_searchentry e
JOIN monographs_monograph m ON m.id = e.monograph_id
WHERE {{pairs}}
"""  # noqa: S608 - fixed fragments; values are parameters


@dataclass(frozen=True)
class Answer:
    """A section of a named medicine that answers the question asked."""

    listing: object  # sql.Listing
    anchor: str
    title: str
    snippet: str

    @property
    def url(self):
        return f"{self.listing.url}#{self.anchor}"


@dataclass(frozen=True)
class Notice:
    """A medicine named that refsite does not show: a draft (`IN_REVIEW`) or one it
    does not have at all (`NOT_COVERED`)."""

    kind: str
    name: str
    covered: int = 0  # how many medicines refsite covers, for NOT_COVERED

    @property
    def dailymed_url(self):
        return DAILYMED_SEARCH.format(quote(self.name))


@dataclass
class Response:
    query: str
    redirect: object = None  # the Listing whose page the query names exactly
    results: SearchResults = None
    answers: list = field(default_factory=list)
    notices: list = field(default_factory=list)
    expanded: list = field(default_factory=list)  # [(everyday phrase, clinical terms)]
    mentions: str = ""  # results are pages that mention these names, not their pages
    medicines: tuple = ()  # Listings of the published medicines named

    def __post_init__(self):
        if self.results is None:
            self.results = SearchResults(self.query)

    @cached_property
    def first(self):
        """What the reader sees first: "slug", "slug#anchor", or the kind of notice
        (IN_REVIEW, NOT_COVERED), or NO_MATCH when no page matches every word."""
        if self.redirect is not None:
            return self.redirect.slug
        if self.answers:
            return f"{self.answers[0].listing.slug}#{self.answers[0].anchor}"
        if self.notices:
            return self.notices[0].kind
        hits = self.results.hits
        if not hits or self.results.partial:
            return NO_MATCH
        slug, anchor = hits[0].listing.slug, hits[0].anchor
        return f"{slug}#{anchor}" if anchor else slug

    @property
    def interaction_pair(self):
        """The two medicines named, when two are: the place to link a checker of how
        they interact."""
        return self.medicines[:2] if len(self.medicines) >= 2 else ()


def respond(query, page=1, as_typed=False):
    """The Response to a search box query; `as_typed` leaves everyday words alone (the
    "search only for ..." link)."""
    terms = parse(query)
    response = Response(terms.text)
    if not terms:
        return response
    reading = understand.read(terms)
    response.redirect = reading.exact
    if response.redirect is not None:
        return response
    widened, response.expanded = (terms, []) if as_typed else expand(terms, lay_vocabulary())
    response.medicines = reading.medicines
    response.notices = [Notice(IN_REVIEW, name) for name in reading.in_review]
    if reading.medicines:
        # The medicine is known: no "did you mean", and the answer leads; when no page
        # has every word, the medicines named follow it, not pages with any one word.
        response.results = search(widened, page=page, fuzzy=False, any_word=False)
        response.answers = _answers(reading, widened, response.results)
        if not response.results.hits:
            typed = " ".join(" ".join(reading.name_words[m.generic_name])
                             for m in reading.medicines)
            response.results = search(parse(typed), page=page, fuzzy=False)
    elif reading.in_review:
        # Only pages that mention the medicine, never another page as its match.
        typed = " ".join(" ".join(reading.name_words[n]) for n in reading.in_review)
        response.results = search(parse(typed), page=page, fuzzy=False, any_word=False)
        response.mentions = ", ".join(reading.in_review)
    else:
        # A lone unknown name-like word ("ibuprofen", "ibuprofen dose") is a medicine
        # refsite may lack: pages matching only the other words are no answer.
        name = _unknown_name(reading, response.expanded)
        response.results = search(widened, page=page, any_word=not name)
        if name and not response.results.hits:
            response.notices = [Notice(NOT_COVERED, name, _covered())]
        elif response.results.fuzzy and reading.topic:
            # "sertrlaine pregnancy": the closest name's section, under "did you mean".
            closest = replace(reading, medicines=(response.results.hits[0].listing,))
            response.answers = _answers(closest, widened, response.results)
    return response


def _covered():
    """How many medicines refsite publishes: counted once per version of the published
    set, with its names (`names`), not per search."""
    return names.current().published_count


def _unknown_name(reading, expanded):
    """The one word left of a query that matched nothing, when it looks like the name
    of a medicine: not a topic, an everyday phrase or filler."""
    lay_words = {w for phrase, _terms in expanded for w in phrase.split(" ")}
    rest = [w for w in reading.rest if w not in lay_words]
    if len(rest) == 1 and len(rest[0]) >= MIN_NAME_LENGTH and _NAME_LIKE_RE.fullmatch(rest[0]):
        return rest[0]
    return ""


def _answers(reading, terms, results):
    """The sections that answer what was asked of the medicines named: the topic's
    section ("dose": Dosing), both Interactions sections when two are named, else the
    medicine's best section for the other words. None for a bare name."""
    medicines = reading.medicines[:MAX_ANSWERS]
    anchor = reading.topic or (understand.TWO_MEDICINES_TOPIC if len(medicines) > 1 else "")
    if not anchor and not reading.rest:
        return []
    best = {}
    for hit in [] if results.partial else results.hits:
        if hit.anchor:
            best.setdefault(hit.listing.slug, hit.anchor)
    wanted = [(listing.slug, anchor) for listing in medicines]
    rows = _sections(wanted + [(slug, a) for slug, a in best.items()
                               if slug in {m.slug for m in medicines}])
    asked = understand.question_terms(reading, terms)
    answers = []
    for listing in medicines:
        row = rows.get((listing.slug, anchor)) or rows.get((listing.slug, best.get(listing.slug)))
        if row is not None:
            answers.append(Answer(row.listing, row.anchor, row.title,
                                  make_snippet(row.body, asked)))
    return answers


def _sections(pairs):
    """{(slug, anchor): HitRow} of the sections named, in one statement."""
    pairs = [(slug, anchor) for slug, anchor in dict.fromkeys(pairs) if anchor]
    if not pairs:
        return {}
    where = " OR ".join(["(m.slug = %s AND e.anchor = %s)"] * len(pairs))
    with connection.cursor() as cursor:
        cursor.execute(SECTIONS_SQL.format(pairs=where), [v for pair in pairs for v in pair])
        rows = [HitRow.read(row) for row in cursor.fetchall()]
    return {(row.listing.slug, row.anchor): row for row in rows}
