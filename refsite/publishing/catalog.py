"""Every monograph the check must know about besides the one it reads: slugs, names,
paths and status, built once per check and handed to the rules in their context.

The rules between files (a slug or a name used twice, a link to a monograph that does
not exist or is not published) read the catalog, never the database, so the check is a
pure function of the documents and the context. Where the entries come from is the
caller's business: parsed files for `check_content`, or the changed files plus the
published rows of the unchanged ones for an incremental load.
"""

import re
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.text import slugify

from refsite.monographs.readability import DrugNames

NAME_KEYS = ("brand_names", "synonyms", "misspellings")


def name_key(name):
    """A name as the checks compare it: case and surrounding space do not make it
    another name ("Klonopin", "KLONOPIN ")."""
    return name.strip().casefold()


def name_slug(name):
    """The address a name becomes: the store writes it as the Alias slug that
    /drugs/<slug>/ resolves, so two names with one slug are one name to a reader
    ("Sertraline!" and "sertraline"). The one place it is computed, for the check and
    the store alike. It is Django's slugify; plain ASCII words are slugged directly (what
    slugify returns for them, tested), because an incremental load compares the names of
    every published monograph and must stay well under a second at 10,000."""
    lowered = name.lower()
    if name.isascii() and _PLAIN_WORDS.fullmatch(lowered):
        return lowered.replace(" ", "-")
    return _slugify(name)


_PLAIN_WORDS = re.compile(r"[a-z0-9]+(?:[ -][a-z0-9]+)*")
# Django's slugify itself, without the lazy-text wrapper (names here are plain str).
_slugify = getattr(slugify, "__wrapped__", slugify)


_WHAT = {"slug": "the slug", "generic_name": "the generic name",
         "brand_names": "a brand name", "synonyms": "a synonym",
         "misspellings": "a misspelling"}


@dataclass(frozen=True)
class Entry:
    """One monograph as far as the checks between files need it."""

    path: str
    slug: str | None
    generic_name: str | None = None
    names: tuple = ()  # (key, index, name) for brand names, synonyms and misspellings
    status: str | None = None  # None when unknown (a file this check did not read)
    # Published and not checked in this run (a file skipped as unchanged, or one a
    # partial check does not read): a clash with it is told to the file being checked.
    settled: bool = False
    sources: tuple | None = None  # the ids of its sources; None when unknown

    @classmethod
    def of_document(cls, doc):
        meta = doc.meta
        names = []
        for key in NAME_KEYS:
            values = meta.get(key)
            if isinstance(values, list):
                names += [(key, i, name) for i, name in enumerate(values) if isinstance(name, str)]
        generic = meta.get("generic_name")
        status = meta.get("status")
        sources = meta.get("sources")
        sources = tuple(s["id"] for s in sources if isinstance(s, dict)
                        and isinstance(s.get("id"), str)) if isinstance(sources, list) else ()
        return cls(doc.display_path, doc.slug if isinstance(doc.slug, str) else None,
                   generic if isinstance(generic, str) else None, tuple(names),
                   status if isinstance(status, str) else None, sources=sources)

    @classmethod
    def of_row(cls, path, slug, generic_name, brand_names, synonyms, misspellings, status,
               sources=None):
        """A published monograph skipped as unchanged, from its stored row."""
        stored = (brand_names, synonyms, misspellings)
        names = tuple((key, i, name) for key, values in zip(NAME_KEYS, stored, strict=True)
                      for i, name in enumerate(values))
        return cls(path, slug, generic_name, names, status, settled=True,
                   sources=tuple(sources) if sources is not None else None)

    def named(self):
        """(key_path, name, rank) for every name this monograph answers to: rank 0 for
        its own identity (slug, generic name), 1 for brand names, synonyms and
        misspellings."""
        named = [((key, index), name, 1) for key, index, name in self.names]
        if self.generic_name:
            named.insert(0, (("generic_name",), self.generic_name, 0))
        if self.slug:
            named.insert(0, (_SLUG, self.slug, 0))
        return named


_SLUG = ("slug",)


@dataclass(frozen=True)
class Clash:
    """A slug or name of the monograph at `path` that an earlier entry already holds."""

    path: str
    code: str
    key_path: tuple
    message: str


@dataclass(frozen=True)
class Catalog:
    entries: tuple = field(default_factory=tuple)

    @classmethod
    def of(cls, entries):
        return cls(tuple(entries))

    @cached_property
    def slugs(self):
        return frozenset(e.slug for e in self.entries if e.slug)

    @cached_property
    def _status(self):
        status = {}
        for entry in self.entries:
            if entry.slug:
                status.setdefault(entry.slug, entry.status)
        return status

    @cached_property
    def drug_names(self):
        """Every generic name, brand name and synonym (not the misspellings): the words
        the readability measure reads as one easy word each, indexed once per check."""
        return DrugNames(name for entry in self.entries for name in
                         [entry.generic_name, *(n for key, _, n in entry.names
                                                if key != "misspellings")] if name)

    @cached_property
    def source_ids(self):
        """{source id: slugs of the monographs declaring it}, and whether some entry's
        sources are unknown (a file a partial check does not read)."""
        found = {}
        for entry in self.entries:
            for key in entry.sources or ():
                found.setdefault(key, []).append(entry.slug)
        return found

    @cached_property
    def sources_complete(self):
        return all(entry.sources is not None for entry in self.entries)

    @cached_property
    def by_name(self):
        """{name_key: slug} of every generic name, brand name and synonym (not the
        misspellings): what a text may name a monograph by."""
        found = {}
        for entry in self.entries:
            if not entry.slug:
                continue
            if entry.generic_name:
                found.setdefault(name_key(entry.generic_name), entry.slug)
            for key, _index, name in entry.names:
                if key != "misspellings":
                    found.setdefault(name_key(name), entry.slug)
        return found

    def status_of(self, slug):
        """'reviewed', 'draft', None when unknown; KeyError when there is no such slug."""
        return self._status[slug]

    @cached_property
    def clashes(self):
        """{path: [Clash]} of the entries checked in this run (not settled): the files
        told. FM005: the first entry (in file order) with a slug keeps it.
        FM006: a name, or the slug it becomes, held by two monographs. Who keeps it does
        not depend on file order or on which files changed: a published monograph not
        checked in this run first (so the file being checked is the one told), then the
        monograph whose slug or generic name it is, then file order. The check and the
        loader both decide here, and the store slugs names with the same `name_slug`."""
        found = {}
        slug_owner = {}
        for entry in self.entries:
            if not entry.slug:
                continue
            if (entry.slug in slug_owner and slug_owner[entry.slug] != entry.path
                    and not entry.settled):
                found.setdefault(entry.path, []).append(Clash(
                    entry.path, "FM005", ("slug",),
                    f"slug '{entry.slug}' is already used by {slug_owner[entry.slug]}"))
            else:
                slug_owner.setdefault(entry.slug, entry.path)
        # Each name is held as written (casefolded) and as the slug it becomes. A token
        # holds one claim, or a list once a second monograph claims it (rare): a large
        # incremental load compares every published monograph's names.
        holders = {"name": {}, "slug": {}}  # names first: their message is the plainer
        by_name, by_slug = holders["name"], holders["slug"]
        names, slugs = self._claimed_by_unsettled()
        for order, entry in enumerate(self.entries):
            unsettled = not entry.settled
            for key_path, name, rank in entry.named():
                claim = ((unsettled, rank, order), entry, key_path, name)
                if key_path is not _SLUG:
                    token = name_key(name)
                    if names is None or token in names:
                        _hold(by_name, token, claim)
                token = name_slug(name)
                if slugs is None or token in slugs:
                    _hold(by_slug, token, claim)
        told = set()  # (path, key_path), and (path, holder, slug) for an identity
        for kind, token, claims in ((kind, token, claims) for kind, by_token in holders.items()
                                    for token, claims in by_token.items()
                                    if type(claims) is list):
            claims.sort(key=lambda claim: claim[0])
            _, keeper, kept_as, _ = claims[0]
            for _, entry, key_path, name in claims[1:]:
                # Once per line; a slug and the generic name equal to it are one mistake.
                seen = {(entry.path, key_path)}
                if key_path[0] in ("slug", "generic_name"):
                    seen.add((entry.path, keeper.path, name_slug(name)))
                if (entry.settled or entry.path == keeper.path or seen & told
                        or ("FM005", key_path) in _codes(found, entry)):
                    continue
                told |= seen
                found.setdefault(entry.path, []).append(Clash(
                    entry.path, "FM006", key_path,
                    _clash_message(kind, token, name, keeper, kept_as)))
        return found

    def _claimed_by_unsettled(self):
        """(name keys, name slugs) the entries checked in this run claim, or (None,
        None) when every entry is checked. Only they are told of a clash (a settled
        entry's file is not being checked), and each of their clashes is over a token
        they claim: other tokens are not compared. A reload of one file of ten thousand
        compares a handful instead of fifty thousand."""
        if not any(entry.settled for entry in self.entries):
            return None, None
        names, slugs = set(), set()
        for entry in self.entries:
            if not entry.settled:
                for key_path, name, _rank in entry.named():
                    if key_path is not _SLUG:
                        names.add(name_key(name))
                    slugs.add(name_slug(name))
        return names, slugs


def _hold(table, token, claim):
    if not token:
        return
    held = table.setdefault(token, claim)
    if held is not claim:
        table[token] = [*held, claim] if type(held) is list else [held, claim]


def _codes(found, entry):
    return {(clash.code, clash.key_path) for clash in found.get(entry.path, ())}


def _clash_message(kind, token, name, keeper, kept_as):
    held = f"{_WHAT[kept_as[0]]} of {keeper.path}"
    if kind == "name":
        said = f"'{name}' is already {held}"
    else:
        said = (f"'{name}' would have the address /drugs/{token}/, which is already "
                f"{held}")
    return (f"{said}; a name must point to one monograph: remove it here, or write the "
            "name that belongs to this monograph only")
