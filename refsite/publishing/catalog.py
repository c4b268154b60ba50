"""Every monograph the check must know about besides the one it reads: slugs, names,
paths and status, built once per check and handed to the rules in their context.

The rules between files (a slug or a name used twice, a link to a monograph that does
not exist or is not published) read the catalog, never the database, so the check is a
pure function of the documents and the context. Where the entries come from is the
caller's business: parsed files for `check_content`, or the changed files plus the
published rows of the unchanged ones for an incremental load.
"""

from dataclasses import dataclass, field
from functools import cached_property

NAME_KEYS = ("brand_names", "synonyms", "misspellings")


@dataclass(frozen=True)
class Entry:
    """One monograph as far as the checks between files need it."""

    path: str
    slug: str | None
    generic_name: str | None = None
    names: tuple = ()  # (key, index, name) for brand names, synonyms and misspellings
    status: str | None = None  # None when unknown (a file this check did not read)

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
        return cls(doc.display_path, doc.slug if isinstance(doc.slug, str) else None,
                   generic if isinstance(generic, str) else None, tuple(names),
                   status if isinstance(status, str) else None)

    @classmethod
    def of_row(cls, path, slug, generic_name, brand_names, synonyms, misspellings, status):
        """A published monograph skipped as unchanged, from its stored row."""
        stored = (brand_names, synonyms, misspellings)
        names = tuple((key, i, name) for key, values in zip(NAME_KEYS, stored, strict=True)
                      for i, name in enumerate(values))
        return cls(path, slug, generic_name, names, status)


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

    def status_of(self, slug):
        """'reviewed', 'draft', None when unknown; KeyError when there is no such slug."""
        return self._status[slug]

    @cached_property
    def clashes(self):
        """{path: [Clash]}: the first entry (in file order) holding a slug or name keeps
        it, every later one is told, so the message names the monograph to look at."""
        found = {}
        slug_owner = {}
        for entry in self.entries:
            if not entry.slug:
                continue
            if entry.slug in slug_owner and slug_owner[entry.slug] != entry.path:
                found.setdefault(entry.path, []).append(Clash(
                    entry.path, "FM005", ("slug",),
                    f"slug '{entry.slug}' is already used by {slug_owner[entry.slug]}"))
            else:
                slug_owner.setdefault(entry.slug, entry.path)
        name_owner = {}
        for entry in self.entries:
            own = {(entry.generic_name or "").casefold()}
            for key, index, name in entry.names:
                folded = name.casefold()
                owner = name_owner.get(folded)
                if owner and owner != entry.path:
                    found.setdefault(entry.path, []).append(Clash(
                        entry.path, "FM006", (key, index),
                        f"'{name}' is already a name of {owner}; a name must point to one "
                        "monograph"))
                elif folded not in own:
                    name_owner[folded] = entry.path
            if entry.generic_name:
                name_owner.setdefault(entry.generic_name.casefold(), entry.path)
        return found
