"""Step 2: turn Documents into Findings. Nothing is published that has an error here.

Rules are plain functions `rule(doc, context) -> iterable of Finding`, one module per
rule family, registered in RULES in the order editors should fix things, each with the
front-matter keys it reads. The check is a pure function of the documents and a
Context (the date, the catalog of every monograph, the reference facts): no rule reads
the database or the file system (the loader hands over the published state it read).

Every rule runs on every file whose front matter parses: a rule is skipped only when a
key it reads is broken (see `schema.broken_keys`), so an editor who forgot a reviewer
still learns in the same run that the body doubles a dose. Adding a rule is adding one
function, its line here, its codes in CODES and its tests.
"""

import datetime
from dataclasses import dataclass, field
from pathlib import Path

from refsite.labelwatch.history import load_versions
from refsite.monographs.fields import RULE_INPUTS

from .. import parse
from ..catalog import Catalog
from ..findings import Finding
from . import (
    boxed,
    citations,
    claims,
    controlled,
    dosing,
    facts,
    groups,
    interactions,
    layterms,
    markup,
    notation,
    patient,
    plain_fields,
    readability,
    review,
    safety_wording,
    schema,
    structure,
    summary,
    uses,
)
from .groups import Groups

# (rule, the front-matter keys it reads). A rule that reads a key only after checking
# its type (the displayed text, say) lists nothing: it copes with any value.
RULES = [
    (schema.check_unique, ()),
    (schema.check_markup, ()),
    (plain_fields.check, ()),
    (structure.check, ()),
    (citations.check, ()),
    (citations.check_sources, ("sources",)),
    (citations.check_source_dates, ("sources",)),
    (citations.check_blocks, ()),
    (review.check, ()),
    (review.check_republished, ("slug", "status")),
    (review.check_label_versions, ("sources",)),
    (summary.check, ()),
    (dosing.check_structured, ("dosing",)),
    (dosing.check_prose, ("dosing",)),
    (dosing.check_daily_units, ("dosing",)),
    (dosing.check_divided, ("dosing",)),
    (notation.check, ()),
    (boxed.check, ("slug", "generic_name", "boxed_warning")),
    (controlled.check, ("boxed_warning", "sources")),
    (markup.check, ()),
    (claims.check, ()),
    (uses.check, ()),
    (safety_wording.check_groups, ()),
    (safety_wording.check_self_dosing, ()),
    (facts.check_file, ("slug", "status")),
    (facts.check_sources, ("slug", "sources")),
    (facts.check_boxed, ("slug", "boxed_warning")),
    (facts.check_dosing, ("slug", "dosing")),
    (facts.check_trace, ("slug", "dosing")),
    (patient.check_plain_boxed, ("status", "boxed_warning")),
    (patient.check_sources, ("sources",)),
    (patient.check_forms, ("slug", "forms", "medication_guide")),
    (patient.check_adverse, ("slug", "adverse_reactions")),
    (readability.check, ("boxed_warning",)),
    (interactions.check_parties, ("slug", "sources", "interactions")),
    (interactions.check_prose, ("interactions",)),
    (interactions.check_facts, ("slug", "interactions")),
]
assert all(set(needs) <= RULE_INPUTS for _, needs in RULES), "declare rule inputs in fields.py"

# Every code the pipeline reports, with its one-line meaning (content/README.md lists
# each with an example; a test keeps the two in step).
CODES = {
    **parse.CODES,
    **schema.CODES,
    **plain_fields.CODES,
    **structure.CODES,
    **citations.CODES,
    **review.CODES,
    **summary.CODES,
    **dosing.CODES,
    **notation.CODES,
    **boxed.CODES,
    **controlled.CODES,
    **markup.CODES,
    **claims.CODES,
    **uses.CODES,
    **safety_wording.CODES,
    **facts.CODES,
    **patient.CODES,
    **readability.CODES,
    **groups.CODES,
    **interactions.CODES,
    **layterms.CODES,
}


@dataclass(frozen=True)
class Context:
    """What a rule may know beyond the document itself: built once per check by
    `context_for`, so rules read neither settings, files nor the database."""

    today: datetime.date
    schema: object  # the front-matter schema's validator
    catalog: Catalog = field(default_factory=Catalog)
    boxed_labels: dict = field(default_factory=dict)  # drug -> its label's boxed warning
    promotional_phrases: tuple = ()
    facts: dict = field(default_factory=dict)  # slug -> reference facts (content/reference)
    # slug -> (content_hash, reviewed_on ISO date, changes) of the published state, filled
    # by the loader only (check_content reads no database and knows none)
    published: dict = field(default_factory=dict)
    # set id -> newest versions DailyMed listed at the last check_labels
    # (content/labels/versions.json), and why that file could not be read, if it could not
    label_versions: dict = field(default_factory=dict)
    label_versions_problem: str = ""
    groups: Groups = field(default_factory=Groups)  # content/groups.yaml
    # content/search/lay-terms.yaml and which of its terms the published pages use
    lay_terms: layterms.Vocabulary = field(default_factory=layterms.Vocabulary)


def context_for(root, *, today=None, catalog=None, promotional_phrases=(), slugs=None,
                published=None, facts_read=None):
    """The Context for content under `root`: its schema, label lists and the reference
    facts (of `slugs` only, when given), read once per check (`facts_read`: those
    already read, by file stem); `published` is the published state the loader read
    (see Context.published)."""
    root = Path(root)
    label_versions, label_versions_problem = load_versions(root)
    return Context(
        today=today or datetime.date.today(),
        schema=schema.load_validator(str(root / schema.SCHEMA_PATH)),
        catalog=catalog or Catalog(),
        boxed_labels=boxed.load_boxed_labels(str(root / boxed.LABELS_PATH)),
        promotional_phrases=tuple(promotional_phrases),
        facts=facts.load_facts(root, slugs, facts_read),
        published=dict(published or {}),
        label_versions=label_versions,
        label_versions_problem=label_versions_problem,
        groups=groups.load_groups(root),
        lay_terms=layterms.read(root),
    )


def validate(documents, context):
    """All findings for `documents`, including problems between them and the catalog,
    and those of the files beside them (`validate_shared_files`)."""
    findings = validate_shared_files(context)
    for doc in documents:
        findings.extend(validate_document(doc, context))
    return sorted(findings)


def validate_shared_files(context):
    """Findings of the files every page shares, the groups file and the lay vocabulary:
    checked once per check, whatever the documents (the loader's workers check the
    documents; this runs once, beside them)."""
    return [*groups.check(context.groups, context.catalog),
            *layterms.check(context.lay_terms)]


def validate_document(doc, context):
    findings = list(schema.check(doc, context))
    broken = (schema.broken_keys(doc, context.schema) if any(f.is_error for f in findings)
              else set())
    if None in broken:  # the front matter as a whole is unusable
        return findings
    for rule, needs in RULES:
        if not broken.intersection(needs):
            findings.extend(rule(doc, context))
    return findings


__all__ = ["CODES", "Context", "Finding", "context_for", "validate", "validate_document",
           "validate_shared_files"]
