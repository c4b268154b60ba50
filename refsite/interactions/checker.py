"""The interaction checker as pure functions over stored rows: which label statements
concern each pair of the chosen medicines, merged and ordered for a reader.

Nothing here reads the database (see `lookup` for that), so the same function serves
the page, the API and the benchmark, and tests can feed it rows directly.

A statement concerns the pair (A, B) when A's label names B, or a group B belongs to;
or the other way round. When both labels speak of the pair with the same instruction,
the two statements are one item with both citations. Items are sorted by what the
label tells prescribers to do, contraindications and boxed warnings first.
"""

from dataclasses import dataclass, field
from itertools import combinations

from django.urls import reverse

from .models import ACTION_ORDER, Action, Interaction


@dataclass(frozen=True)
class Citation:
    """Where a statement comes from: a label (by the monograph citing it) and section."""

    owner: str  # slug of the monograph that cites the label
    source_key: str
    source_name: str  # "ZOLOFT label"
    label_url: str
    label_section: str

    @property
    def page_url(self):
        return f"{reverse('monographs:detail', args=[self.owner])}#source-{self.source_key}"


@dataclass(frozen=True)
class Medicine:
    """A chosen medicine with a published monograph, and the groups it belongs to."""

    slug: str
    name: str  # its generic name
    typed: str = ""  # what the reader typed, when it differs (a brand name, say)
    groups: dict = field(default_factory=dict)  # group slug -> Member

    @property
    def url(self):
        return reverse("monographs:detail", args=[self.slug])


@dataclass(frozen=True)
class GroupInfo:
    slug: str
    name: str
    description: str


@dataclass(frozen=True)
class Member:
    """Why a medicine is in a group, with the label that says so."""

    group: GroupInfo
    reason: str
    citation: Citation


@dataclass(frozen=True)
class Statement:
    """One label statement about another party (a Interaction row, with its citation)."""

    owner: str
    owner_name: str
    kind: str  # Interaction.Kind
    party: str
    party_key: str
    effect: str
    action: str
    citation: Citation
    limit: str = ""
    interval: str = ""


@dataclass(frozen=True)
class Mention:
    """A statement as it concerns one pair: directly, or through a group the other
    medicine belongs to (`via`); `shared` when the label's own medicine is in that
    group too (two medicines of one group)."""

    statement: Statement
    other: str  # slug or name of the other medicine of the pair
    via: Member | None = None
    shared: bool = False


@dataclass
class Item:
    """What the labels say about one pair under one instruction."""

    action: str
    mentions: list = field(default_factory=list)

    @property
    def label(self):
        return Action(self.action).label

    @property
    def both_labels(self):
        return len({m.statement.owner for m in self.mentions}) > 1


@dataclass
class PairResult:
    first: object  # Medicine, or the name of a medicine not in this reference
    second: object
    items: list = field(default_factory=list)
    # Medicines of the pair whose label's interactions this reference summarizes in no
    # statement at all: for them "the labels do not describe one" would be unfounded.
    unsummarized: tuple = ()

    @property
    def found(self):
        return bool(self.items)


def _sort_key(item):
    return ACTION_ORDER.get(item.action, len(ACTION_ORDER))


def _items(mentions):
    by_action = {}
    for mention in mentions:
        by_action.setdefault(mention.statement.action, Item(mention.statement.action))
        by_action[mention.statement.action].mentions.append(mention)
    return sorted(by_action.values(), key=_sort_key)


def _concerning(owner, statements, other):
    """Mentions in `owner`'s statements of the Medicine `other`."""
    found = []
    for statement in statements:
        if statement.kind != Interaction.Kind.WITH:
            continue
        if statement.party == other.slug:
            found.append(Mention(statement, other.slug))
        elif statement.party in other.groups:
            found.append(Mention(statement, other.slug, other.groups[statement.party],
                                 shared=statement.party in owner.groups))
    return found


def pair(first, second, by_owner):
    """PairResult for two Medicines: every statement of either label about the other."""
    mentions = (_concerning(first, by_owner.get(first.slug, ()), second)
                + _concerning(second, by_owner.get(second.slug, ()), first))
    return PairResult(first, second, _items(mentions),
                      tuple(m for m in (first, second) if not by_owner.get(m.slug)))


def named_pair(medicine, name_key, name, by_owner):
    """PairResult for a Medicine and a medicine not in this reference, from the label
    statements that name it (atorvastatin's label names clarithromycin, say)."""
    mentions = [Mention(s, name) for s in by_owner.get(medicine.slug, ())
                if s.kind == Interaction.Kind.NAMED and s.party_key == name_key]
    return PairResult(medicine, name, _items(mentions))


def check(medicines, statements, unlisted=()):
    """PairResults for every pair of `medicines` (in the order chosen), then for each
    medicine with each name in `unlisted` ((key, name) of medicines not in this
    reference) that a label names. `statements` are those owned by the medicines."""
    by_owner = {}
    for statement in statements:
        by_owner.setdefault(statement.owner, []).append(statement)
    results = [pair(a, b, by_owner) for a, b in combinations(medicines, 2)]
    for medicine in medicines:
        for key, name in unlisted:
            result = named_pair(medicine, key, name, by_owner)
            if result.found:
                results.append(result)
    return results
