"""Every front-matter field, declared once.

The schema (content/schema/monograph.schema.json) says what a field may hold; this table
says what the site does with it: which Monograph attribute stores it, what is stored
when it is absent, and which parts of the site read it. The lists that used to be kept
by hand (and failed silently when a field was forgotten) are built from it:

- PAGE_INPUTS: a preview skips a file when one of these is broken (the page reads them);
- RULE_INPUTS: the content rules may read these only when they match the schema;
- displayed text: checked for dangerous notation and promotional claims;
- LISTED_ATTRIBUTES: the API's list of monographs (and the columns it loads).

`tests/test_fields.py` holds the table against the schema and the model. Adding a field
is listed in CONTRIBUTING.md ("Adding a front-matter field").
"""

import datetime
from dataclasses import dataclass
from typing import Any


def iso_date(value):
    """A front-matter date (ISO text, valid once the schema passed) as a date, or None."""
    return datetime.date.fromisoformat(value) if value else None


def _strip(value):
    return value.strip()


def boxed_title(item):
    """The label's own title of a boxed item: the item itself (a draft may still list
    plain strings) or its `title`."""
    if isinstance(item, dict):
        return item.get("title")
    return item


def boxed_titles(items):
    """The labeled titles of boxed items, in order: what the API, FHIR and JSON-LD
    export and the Warnings section must explain."""
    return [title for title in map(boxed_title, items or []) if isinstance(title, str)]


def boxed_items(items):
    """Each boxed item as {title, plain} ("" when no plain wording is given yet)."""
    return [{"title": boxed_title(item),
             "plain": item.get("plain", "") if isinstance(item, dict) else ""}
            for item in items or [] if isinstance(boxed_title(item), str)]


@dataclass(frozen=True)
class Field:
    key: str
    attribute: str | None = None  # Monograph attribute; None: kept in front_matter only
    default: Any = ""  # stored when the key is absent; a callable makes a fresh value
    convert: Any = None  # front-matter value -> stored value
    page: bool = False  # the page is built from it
    rule: bool = False  # content rules read it
    # "text", "items", "dose_rules", "forms", "adverse_reactions" or
    # "interactions": readers see it
    displayed: str | None = None
    listed: bool = False  # in the API's list of monographs

    def stored(self, meta):
        """The attribute's value for front matter `meta`."""
        if self.key not in meta or meta[self.key] is None:
            return self.default() if callable(self.default) else self.default
        value = meta[self.key]
        return self.convert(value) if self.convert else value


FIELDS = (
    Field("slug", "slug", page=True, rule=True, listed=True),
    Field("generic_name", "generic_name", page=True, rule=True, listed=True),
    Field("title", "title", page=True, displayed="text"),
    Field("brand_names", "brand_names", default=list, convert=list, page=True, listed=True),
    Field("synonyms", "synonyms", default=list, convert=list, page=True),
    Field("misspellings", "misspellings", default=list, convert=list),  # search only
    Field("drug_class", "drug_class", page=True, listed=True),
    Field("controlled_substance", "controlled_substance", page=True, listed=True),
    Field("rxcui", "rxcui", page=True),
    Field("atc", "atc", page=True),
    Field("status", "status", page=True, rule=True),
    Field("reviewed_by", "reviewed_by"),
    Field("reviewed_on", "reviewed_on", default=None, convert=iso_date, listed=True),
    Field("review_due", "review_due", default=None, convert=iso_date, listed=True),
    Field("changes"),  # the Revision's change line, not the Monograph's
    Field("summary", "summary", convert=_strip, page=True, rule=True, displayed="text"),
    # stored as the labeled titles; the plain wordings stay in front_matter (boxed_items)
    Field("boxed_warning", "boxed_warning", default=list, convert=boxed_titles, page=True,
          rule=True, displayed="items"),
    # kept in front_matter: the page builds its patient sections and chart from them
    Field("medication_guide", page=True, rule=True),
    Field("forms", page=True, rule=True, displayed="forms"),
    Field("adverse_reactions", page=True, rule=True, displayed="adverse_reactions"),
    Field("sources", page=True, rule=True),  # stored as Source rows
    Field("dosing", page=True, rule=True, displayed="dose_rules"),  # stored as DoseRule rows
    # stored as Interaction rows by the interactions app, from the stored front matter
    Field("interactions", rule=True, displayed="interactions"),
)
BY_KEY = {field.key: field for field in FIELDS}

# Monograph attributes the pipeline fills from the file rather than from one field.
PIPELINE_ATTRIBUTES = frozenset(
    {"front_matter", "source_path", "content_hash", "source_stat", "is_active", "updated_at"})

# What a reader sees of a dose rule (the amounts are checked as doses instead).
DISPLAYED_DOSE_RULE_KEYS = ("indication", "population", "route", "frequency", "note",
                            "max_daily_note")

# What a reader sees of an interaction entry (the checker shows these words).
DISPLAYED_INTERACTION_KEYS = ("effect", "limit", "interval")

# `None` stands for the front matter as a whole (not a mapping, say).
PAGE_INPUTS = frozenset({None} | {f.key for f in FIELDS if f.page})
RULE_INPUTS = frozenset({None} | {f.key for f in FIELDS if f.rule})
LISTED_ATTRIBUTES = tuple(f.attribute for f in FIELDS if f.listed)


def attributes(meta):
    """Monograph attribute values taken from front matter `meta`."""
    return {f.attribute: f.stored(meta) for f in FIELDS if f.attribute}


def displayed_text(meta):
    """(key path, text) for every front-matter string the page shows."""
    for field in FIELDS:
        value = meta.get(field.key)
        if field.displayed == "text" and isinstance(value, str):
            yield (field.key,), value
        elif field.displayed == "items" and isinstance(value, list):
            for index, item in enumerate(value):
                if isinstance(item, str):
                    yield (field.key, index), item
                elif isinstance(item, dict):
                    yield from _strings(item, (field.key, index), ("title", "plain"))
        elif field.displayed == "forms" and isinstance(value, list):
            for index, form in enumerate(value):
                if isinstance(form, dict):
                    yield from _strings(form, (field.key, index), ("form", "note"))
        elif field.displayed == "adverse_reactions" and isinstance(value, list):
            yield from _reaction_text(field.key, value)
        elif field.displayed == "dose_rules" and isinstance(value, list):
            yield from _dose_rule_text(field.key, value)
        elif field.displayed == "interactions" and isinstance(value, list):
            for index, entry in enumerate(value):
                for name in DISPLAYED_INTERACTION_KEYS:
                    if isinstance(entry, dict) and isinstance(entry.get(name), str):
                        yield (field.key, index, name), entry[name]


def _strings(mapping, path, names):
    for name in names:
        if isinstance(mapping.get(name), str):
            yield (*path, name), mapping[name]


def _reaction_text(key, groups):
    for index, group in enumerate(groups):
        if not isinstance(group, dict):
            continue
        yield from _strings(group, (key, index),
                            ("title", "population", "arm", "comparator", "table"))
        reactions = group.get("reactions")
        for number, reaction in enumerate(reactions if isinstance(reactions, list) else []):
            if isinstance(reaction, dict):
                yield from _strings(reaction, (key, index, "reactions", number), ("term",))


def _dose_rule_text(key, rules):
    for index, rule in enumerate(rules):
        if not isinstance(rule, dict):
            continue
        for name in DISPLAYED_DOSE_RULE_KEYS:
            if isinstance(rule.get(name), str):
                yield (key, index, name), rule[name]
        titration = rule.get("titration")
        if isinstance(titration, dict) and isinstance(titration.get("every"), str):
            yield (key, index, "titration", "every"), titration["every"]
