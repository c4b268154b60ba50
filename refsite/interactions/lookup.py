"""From what a reader typed to the checker's inputs: which medicines were meant, which
are not in this reference, and the stored statements and memberships that concern them.

Names are matched as the site's addresses match them (a generic name, brand name,
synonym or declared misspelling, in any case: "Zoloft", "sertaline"); a name matching
none gets the search's "did you mean" suggestions. Any input gives an answer: at most
MAX_INPUT characters and MAX_NAMES names are read, each at most MAX_NAME_LENGTH long.
"""

from dataclasses import dataclass, field

from django.db import connection
from django.utils.text import slugify

from refsite.monographs.models import Monograph
from refsite.search.query import clean, normalize, parse
from refsite.search.ranking import similar_monographs

from .checker import Citation, GroupInfo, Medicine, Member, Statement

MIN_MEDICINES = 2
MAX_MEDICINES = 10
MAX_NAMES = 20  # names read from the input; more than MAX_MEDICINES is an error shown
MAX_NAME_LENGTH = 100
MAX_INPUT = 2000
SUGGESTIONS = 3


@dataclass
class Unlisted:
    """A name that matched no published monograph: a draft (`draft`, being reviewed)
    or nothing at all, with close names of published medicines."""

    typed: str
    key: str
    draft: str = ""  # the generic name of the draft it names
    suggestions: list = field(default_factory=list)  # [(generic name, slug)] of close names


@dataclass
class Request:
    """The checker's reading of one input."""

    names: list  # every name read, as typed (cleaned)
    medicines: list = field(default_factory=list)  # Medicine, in the order typed
    unlisted: list = field(default_factory=list)  # Unlisted
    repeated: list = field(default_factory=list)  # (typed, Medicine it repeats)
    too_many_names: bool = False

    @property
    def problem(self):
        """Why no check can run, in words, or ''."""
        chosen = len(self.medicines) + len(self.unlisted)
        if self.too_many_names or chosen > MAX_MEDICINES:
            given = f"more than {MAX_NAMES}" if self.too_many_names else chosen
            return f"Choose at most {MAX_MEDICINES} medicines at a time; {given} were given."
        if not self.names:
            return ""
        if chosen < MIN_MEDICINES:
            return f"Choose at least {MIN_MEDICINES} medicines to check them together."
        return ""

    @property
    def ready(self):
        return bool(self.names) and not self.problem

    @property
    def query(self):
        """The input as the canonical `drugs` value: names found by their slugs."""
        parts = [m.slug for m in self.medicines] + [u.typed for u in self.unlisted]
        return ",".join(parts)


def split_names(values):
    """Names from `drugs` values ("a,b" or several parameters), cleaned, blanks
    dropped, at most MAX_NAMES + 1 (one more tells that there were too many)."""
    text = ",".join(v for v in values if isinstance(v, str))[:MAX_INPUT]
    names = []
    for part in text.replace("\n", ",").replace(";", ",").split(","):
        name = clean(part[:MAX_NAME_LENGTH * 2])[:MAX_NAME_LENGTH].strip()
        if name:
            names.append(name)
        if len(names) > MAX_NAMES:
            break
    return names


def read_request(values):
    """A Request for the `drugs` values of a query string."""
    names = split_names(values)
    request = Request(names=names[:MAX_NAMES], too_many_names=len(names) > MAX_NAMES)
    if request.too_many_names:
        return request
    slugs = {name: slugify(name)[:100] for name in names}
    wanted = sorted({s for s in slugs.values() if s})
    found = {}
    # Slugs, alias slugs, and generic names as stored (lower case, spaced).
    rows = _rows(NAMES_SQL, wanted, wanted, [s.replace("-", " ") for s in wanted])
    for _rank, key, slug, generic, status in sorted(rows):  # slugs (rank 1) win
        found[slugify(key)] = (slug, generic, status)
    seen = {}
    for name in names:
        hit = found.get(slugs[name])
        if hit and hit[2] == Monograph.Status.REVIEWED:
            slug, generic, _ = hit
            if slug in seen:
                request.repeated.append((name, seen[slug]))
                continue
            typed = name if normalize(name) != normalize(generic) else ""
            seen[slug] = Medicine(slug, generic, typed)
            request.medicines.append(seen[slug])
        elif all(normalize(u.typed) != normalize(name) for u in request.unlisted):
            request.unlisted.append(Unlisted(name, normalize(name),
                                             draft=hit[1] if hit else ""))
    if request.ready:
        request.medicines = with_groups(request.medicines)
        for unlisted in request.unlisted:
            if not unlisted.draft:
                unlisted.suggestions = suggestions(unlisted.typed)
    return request


def suggestions(name):
    """Close names of published medicines ("sertaline" -> sertraline), from search."""
    terms = parse(name)
    if not terms:
        return []
    ids = [monograph_id for monograph_id, _name, _kind in similar_monographs(
        terms, limit=SUGGESTIONS)]
    names = {pk: (generic, slug) for pk, generic, slug in Monograph.objects.published()
             .filter(pk__in=ids).values_list("pk", "generic_name", "slug")}
    return [names[pk] for pk in ids if pk in names]


def _citation(owner, key, section, short, title, url):
    return Citation(owner, key, short or title or key, url or "", section)


def with_groups(medicines):
    """The medicines with their group memberships (and the labels behind them)."""
    groups = {}
    for (drug, group_slug, name, description, reason, owner, key, section,
         short, title, url) in _rows(MEMBERSHIPS_SQL, [m.slug for m in medicines]):
        groups.setdefault(drug, {})[group_slug] = Member(
            GroupInfo(group_slug, name, description), reason,
            _citation(owner, key, section, short, title, url))
    return [Medicine(m.slug, m.name, m.typed, groups.get(m.slug, {})) for m in medicines]


def statements(medicines):
    """The stored statements of the medicines' labels, with their citations."""
    slugs = [m.slug for m in medicines]
    sources = {(owner, key): rest for owner, key, *rest in _rows(SOURCES_SQL, slugs)}
    return [Statement(owner, owner_name, kind, party, party_key, effect, action,
                      _citation(owner, key, section,
                                *sources.get((owner, key), ("", "", ""))), limit, interval)
            for (owner, owner_name, kind, party, party_key, effect, action, key, section,
                 limit, interval) in _rows(STATEMENTS_SQL, slugs)]


def _rows(sql, *lists):
    """Rows of one of the statements below, one IN list of `lists` (all of one length)
    per `{marks}` in it. Plain SQL, like the search: building a queryset costs more
    than running these on an index."""
    lists = [list(values) for values in lists]
    if not lists[0]:  # "IN ()" is an error on PostgreSQL
        return []
    marks = ", ".join(["%s"] * len(lists[0]))
    with connection.cursor() as cursor:
        cursor.execute(sql.format(marks=marks), [v for values in lists for v in values])
        return cursor.fetchall()


# What a name may be: a monograph slug (rank 1), the slug of one of its names (0), or
# its generic name where the page covers one form ("topiramate" for the page
# topiramate-extended-release-capsules, whose slug and aliases do not say "topiramate").
NAMES_SQL = """
SELECT 1, m.slug, m.slug, m.generic_name, m.status FROM monographs_monograph m
WHERE m.is_active AND m.slug IN ({marks})
UNION ALL
SELECT 0, a.slug, m.slug, m.generic_name, m.status FROM monographs_alias a
JOIN monographs_monograph m ON m.id = a.monograph_id
WHERE m.is_active AND a.slug IN ({marks})
UNION ALL
SELECT 0, m.generic_name, m.slug, m.generic_name, m.status FROM monographs_monograph m
WHERE m.is_active AND m.title <> '' AND m.generic_name IN ({marks})
"""
MEMBERSHIPS_SQL = """
SELECT ms.drug, g.slug, g.name, g.description, ms.reason, ms.source_owner, ms.source_key,
       ms.label_section, s.short, s.title, s.url
FROM interactions_membership ms
JOIN interactions_group g ON g.id = ms.group_id
LEFT JOIN monographs_monograph o ON o.slug = ms.source_owner
LEFT JOIN monographs_source s ON s.monograph_id = o.id AND s.key = ms.source_key
WHERE ms.drug IN ({marks})
"""
STATEMENTS_SQL = """
SELECT m.slug, m.generic_name, i.kind, i.party, i.party_key, i.effect, i.action,
       i.source_key, i.label_section, i."limit", i."interval"
FROM monographs_monograph m
JOIN interactions_interaction i ON i.monograph_id = m.id
WHERE m.slug IN ({marks})
ORDER BY m.slug, i.position, i.kind, i.party
"""
# Apart from the statements: joined to them, PostgreSQL hashes every source there is.
SOURCES_SQL = """
SELECT m.slug, s.key, s.short, s.title, s.url
FROM monographs_monograph m JOIN monographs_source s ON s.monograph_id = m.id
WHERE m.slug IN ({marks})
"""
