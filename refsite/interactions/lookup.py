"""From what a reader typed to the checker's inputs: which medicines were meant, which
are not in this reference, and the stored statements and memberships that concern them.

Names are matched as the site's addresses match them (a generic name, brand name,
synonym or declared misspelling, in any case: "Zoloft", "sertaline"); a name matching
none gets the search's "did you mean" suggestions. Any input gives an answer: at most
MAX_INPUT characters and MAX_NAMES names are read, each at most MAX_NAME_LENGTH long.
"""

from dataclasses import dataclass, field

from django.utils.text import slugify

from refsite.monographs.models import Alias, Monograph, Source
from refsite.search.query import clean, normalize, parse
from refsite.search.ranking import similar_monographs

from .checker import Citation, GroupInfo, Medicine, Member, Statement
from .models import Interaction, Membership

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
    wanted = {s for s in slugs.values() if s}
    found = {}
    rows = (Monograph.objects.filter(is_active=True, slug__in=wanted)
            .values_list("slug", "slug", "generic_name", "status"))
    aliases = (Alias.objects.filter(slug__in=wanted, monograph__is_active=True)
               .values_list("slug", "monograph__slug", "monograph__generic_name",
                            "monograph__status"))
    for key, slug, generic, status in [*aliases, *rows]:  # a slug beats an alias
        found[key] = (slug, generic, status)
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


def _citations(pairs):
    """{(owner slug, source key): Citation fields} for the labels cited by `pairs`."""
    owners = {owner for owner, _key in pairs}
    # By monograph only (a page has a few sources): asked for its keys too, SQLite
    # walks every source with that key (all of them, when every page cites "x-label").
    rows = (Source.objects.filter(monograph__slug__in=owners)
            .values_list("monograph__slug", "key", "short", "title", "url"))
    return {(owner, key): (short or title, url) for owner, key, short, title, url in rows
            if (owner, key) in pairs}


def _citation(known, owner, key, section):
    name, url = known.get((owner, key), (key, ""))
    return Citation(owner, key, name, url, section)


def with_groups(medicines):
    """The medicines with their group memberships (and the labels behind them)."""
    rows = list(Membership.objects.filter(drug__in=[m.slug for m in medicines])
                .select_related("group"))
    known = _citations({(r.source_owner, r.source_key) for r in rows})
    groups = {}
    for row in rows:
        info = GroupInfo(row.group.slug, row.group.name, row.group.description)
        groups.setdefault(row.drug, {})[info.slug] = Member(
            info, row.reason, _citation(known, row.source_owner, row.source_key,
                                        row.label_section))
    return [Medicine(m.slug, m.name, m.typed, groups.get(m.slug, {})) for m in medicines]


def statements(medicines):
    """The stored statements of the medicines' labels."""
    rows = list(Interaction.objects.filter(monograph__slug__in=[m.slug for m in medicines])
                .values_list("monograph__slug", "monograph__generic_name", "kind", "party",
                             "party_key", "effect", "action", "source_key",
                             "label_section", "limit", "interval"))
    known = _citations({(row[0], row[7]) for row in rows})
    return [Statement(owner, owner_name, kind, party, party_key, effect, action,
                      _citation(known, owner, source_key, section), limit, interval)
            for (owner, owner_name, kind, party, party_key, effect, action, source_key,
                 section, limit, interval) in rows]
