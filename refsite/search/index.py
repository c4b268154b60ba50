"""The store step's last act: make the search index match what is published.

`pipeline.store` calls `update_index` inside its transaction (directly, or through the
`content_stored` signal that `search.signals` receives), so the index and the content
commit or roll back together and search never shows a monograph that is not served:
drafts and unpublished monographs have no rows.

The index is written from `query` (name keys), `snippets` (the markers content must not
hold) and the backends; it never depends on how results are ranked.
"""

import html
import re

from refsite.core.bulk import insert_rows
from refsite.monographs.models import Alias, Monograph, Section

from . import names
from .backends import backend
from .models import SearchEntry, SearchName
from .query import normalize
from .snippets import MARK_END, MARK_START

BATCH = 500
# Monographs reindexed at once from which the planner's statistics are refreshed too.
ANALYZE_AFTER = 2 * BATCH
_STRIP_MARKS = str.maketrans("", "", MARK_START + MARK_END)
# the "[1]" or "[1 §7]" of a rendered citation link
_CITATION_RE = re.compile(r"\[\d+(?:\s*§[^\]]{0,40})?\]")


def update_index(slugs=(), *, analyze=True, load_size=None, sweep=True):
    """Reindex the monographs named by `slugs` (those the load touched) and, with
    `sweep`, index any published monograph that has no rows yet (a fresh database, a
    cleared index) and drop rows of monographs no longer published: a load sweeps once,
    in its last call, not after each batch. With `analyze`, the planner's statistics
    are refreshed when `load_size` monographs (default: those this call reindexed)
    reach ANALYZE_AFTER: a load sends its batches one at a time."""
    tops = SearchEntry.objects.filter(position=0).order_by()  # no ordering: no join, no sort
    published = Monograph.objects.published().order_by()
    touched = list(Monograph.objects.filter(slug__in=list(slugs)).order_by()
                   .values_list("pk", flat=True))
    if sweep:
        # The ids of every published and every indexed monograph, compared here: the
        # same in the database (anti-joins) took twice as long on PostgreSQL.
        shown = set(published.values_list("pk", flat=True))
        indexed = set(tops.values_list("monograph_id", flat=True))
        remove = (indexed - shown) | (indexed & set(touched))
        add = (shown - indexed) | (shown & set(touched))
    else:
        remove = set(tops.filter(monograph_id__in=touched).values_list("monograph_id", flat=True))
        add = set(published.filter(pk__in=touched).values_list("pk", flat=True))
    engine = backend()
    # Monographs about to be written lose any rows left over too (a half-cleared index).
    for batch in _batches(remove | add):
        engine.forget(batch)
        SearchEntry.objects.filter(monograph_id__in=batch).delete()
        SearchName.objects.filter(monograph_id__in=batch).delete()
    for batch in _batches(add):
        _write(batch)
        engine.refresh(batch)
    if analyze and (len(add | remove) if load_size is None else load_size) >= ANALYZE_AFTER:
        engine.analyze()
    names.forget()  # drafts may have changed too, with or without the index
    return len(add), len(remove)


def _batches(ids):
    ids = sorted(ids)
    for start in range(0, len(ids), BATCH):
        yield ids[start:start + BATCH]


def _text(value):
    """Section.text keeps the HTML entities of the rendered page (`&amp;`) and the
    citation numbers; the index wants the characters (snippets are escaped again when
    shown) and no "[1]" in the middle of a snippet."""
    text = _CITATION_RE.sub("", html.unescape(value)).translate(_STRIP_MARKS)
    return re.sub(r"\s+([.,;:])", r"\1", text)


def _write(ids):
    """Index rows of the monographs `ids`, from the columns they are made of: not the
    rows as models (their rendered HTML and front matter are most of what a monograph
    weighs, and the index reads neither)."""
    sections, aliases = {}, {}
    for pk, position, anchor, title, text in (
            Section.objects.filter(monograph_id__in=ids).order_by("monograph", "position")
            .values_list("monograph_id", "position", "anchor", "title", "text")):
        sections.setdefault(pk, []).append((position, anchor, title, text))
    for pk, kind, name in Alias.objects.filter(monograph_id__in=ids).values_list(
            "monograph_id", "kind", "name"):
        aliases.setdefault(pk, []).append((kind, name))
    entries, names = [], []
    for pk, generic_name, drug_class, summary in (
            Monograph.objects.filter(pk__in=ids)
            .values_list("pk", "generic_name", "drug_class", "summary")):
        all_names = [(generic_name, SearchName.Kind.GENERIC)] + [
            (name, SearchName.Kind.BRAND if kind == Alias.Kind.BRAND
             else SearchName.Kind.SYNONYM) for kind, name in sorted(aliases.get(pk, ()))]
        seen = set()
        for name, kind in all_names:
            key = normalize(name)
            if key and (key, kind) not in seen:
                seen.add((key, kind))
                names.append(SearchName(monograph_id=pk, name=name, key=key, kind=kind))
        common = {
            "monograph_id": pk,
            "names": _text(" ".join(name for name, _ in all_names)),
            "drug_class": _text(drug_class),
        }
        entries.append(SearchEntry(id=SearchEntry.make_id(pk, 0), position=0,
                                   anchor="", title="Summary",
                                   body=_text(summary), **common))
        entries.extend(
            SearchEntry(id=SearchEntry.make_id(pk, position), position=position,
                        anchor=anchor, title=_text(title), body=_text(text), **common)
            for position, anchor, title, text in sections.get(pk, ()))
    insert_rows(SearchEntry, entries, 1000)
    insert_rows(SearchName, names, 1000)
