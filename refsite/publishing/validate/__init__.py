"""Step 2: turn Documents into Findings. Nothing is published that has an error here.

Rules are plain functions `rule(doc, context) -> iterable of Finding`, one module per
rule family, registered in RULES in the order editors should fix things. Adding a rule
is adding one function, its codes in CODES, and its tests.
"""

import datetime
from dataclasses import dataclass, field

from refsite.monographs.fields import RULE_INPUTS

from .. import parse
from ..findings import Finding
from . import boxed, citations, claims, dosing, markup, notation, review, schema, structure

# Per-document rules. Rules after `schema.check` may assume that the front-matter keys
# they read (RULE_INPUTS) match the schema, so they run unless one of those is broken;
# a missing reviewer or an unknown key does not stop the other checks.
RULES = [
    structure.check,
    citations.check,
    citations.check_blocks,
    review.check,
    dosing.check_structured,
    dosing.check_prose,
    notation.check,
    boxed.check,
    markup.check,
    claims.check,
]

# Every code the pipeline reports, with its one-line meaning (content/README.md lists
# each with an example; a test keeps the two in step).
CODES = {
    **parse.CODES,
    **schema.CODES,
    **structure.CODES,
    **citations.CODES,
    **review.CODES,
    **dosing.CODES,
    **notation.CODES,
    **boxed.CODES,
    **markup.CODES,
    **claims.CODES,
}


@dataclass(frozen=True)
class Context:
    """What a rule may know beyond the document itself."""

    today: datetime.date = field(default_factory=datetime.date.today)
    slugs: frozenset = frozenset()


def validate(documents, *, today=None, extra_slugs=()):
    """All findings for a set of documents, including problems between documents."""
    documents = list(documents)
    context = Context(
        today=today or datetime.date.today(),
        slugs=frozenset(d.slug for d in documents if isinstance(d.slug, str)) | set(extra_slugs),
    )
    findings = []
    for doc in documents:
        findings.extend(validate_document(doc, context))
    findings.extend(schema.check_unique(documents))
    return sorted(findings)


def validate_document(doc, context):
    findings = list(schema.check(doc, context))
    if any(f.is_error for f in findings) and schema.broken_keys(doc) & RULE_INPUTS:
        return findings
    for rule in RULES:
        findings.extend(rule(doc, context))
    return findings


__all__ = ["CODES", "Context", "Finding", "validate", "validate_document"]
