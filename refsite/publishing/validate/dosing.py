"""Doses: the text must agree with the structured `dosing`, and `dosing` with itself.

The dosing table is the reviewed, machine-readable statement of the label's amounts;
the prose explains it. A dose in the prose that the table cannot account for is either
a typo (grams for milligrams), a dose above the labeled maximum, or an amount nobody
checked. Only the Markdown body is prose: front-matter notes are part of the table.

How the comparison works (all amounts converted by `pipeline.doses`):
- DOSE001: a prose amount, as a daily total when it states one ("a day", "/day",
  "twice a day") or as written otherwise (one dose is at most a day's total), above the
  largest `max_daily` of its dimension (mass, volume or units; per kg and per m2 apart).
- DOSE002: the prose unit (mcg, mg, g, mL, L, units) is one no structured amount uses.
- DOSE004: a single dose (no "a day", "/day" or frequency after it) as large as that
  largest `max_daily`: either the daily total written without saying so, or the whole
  day's maximum offered in one dose.
- DOSE007: a `max_daily` in a per-dose unit without `times_daily` (`{value: 20, unit:
  mg}`) is not a daily amount: the editor meant per day or forgot how many doses.
- DOSE008: "divided into N doses" (in a rule's frequency or note, or in the sentence of a
  prose dose) times a per-dose amount is more than the maximum daily dose: the table or
  the text cannot be what the label says.
- DOSE003 (warning): every end of the prose amount (per dose, or per day when known) lies
  outside every dose rule's span, where a rule's span runs from its smallest to its
  largest structured amount in that dimension, per dose and per day; doses between the
  starting dose and the maximum are passed through by titration, so they are in range.
  A product strength ("10 mEq tablets") is not a dose to take: a smaller tablet than any
  dose is how doses are made up, so it is not compared with the ranges (TRACE001 still
  holds it to the label facts, DOSE001 to the maximum).
"""

import math
import re

from ..doses import (
    Amount,
    Unit,
    at_most,
    close,
    describe_base,
    find_doses,
    format_number,
    format_range,
)
from ..findings import WARNING, Finding
from . import sentences
from .prose import prose

CODES = {
    "DOSE001": "a dose in the text is above the maximum daily dose of the use it is about "
               "(else the largest in `dosing`)",
    "DOSE002": "a dose in the text uses a unit that no amount in `dosing` uses",
    "DOSE003": "a dose in the text matches no amount in `dosing` and is outside every "
               "dose rule's range (warning)",
    "DOSE004": "a single dose in the text is as large as the maximum daily dose",
    "DOSE005": "structured dosing out of order: initial <= maintenance <= max_daily",
    "DOSE006": "per-kg amounts only in rules with weight_based: true, and such rules have one",
    "DOSE007": "max_daily is not a daily amount: its unit must end in /day, or give times_daily",
    "DOSE008": "a per-dose amount times the 'divided into N doses' it is given in is above "
               "max_daily",
}

FIELDS = ("initial", "titration", "maintenance", "max_daily")


def structured_amounts(doc):
    """(rule index, field, Amount) for every amount in `dosing`."""
    for index, rule in enumerate(doc.meta.get("dosing", [])):
        for field in FIELDS:
            if rule.get(field):
                yield index, field, Amount.from_dict(rule[field])


# --- the structured dosing on its own ---------------------------------------------------

_ORDER = (("initial", "maintenance"), ("maintenance", "max_daily"), ("initial", "max_daily"))


def check_structured(doc, context=None):
    path = doc.display_path
    for index, rule in enumerate(doc.meta.get("dosing", [])):
        amounts = {f: Amount.from_dict(rule[f]) for f in FIELDS if rule.get(f)}
        yield from _weight_based(doc, index, rule, amounts)
        for lower, upper in _ORDER:
            if lower not in amounts or upper not in amounts:
                continue
            pair = _comparable(amounts[lower], amounts[upper], upper == "max_daily")
            if pair is None:
                continue
            (low_a, high_a), (low_b, high_b), per_day = pair
            if at_most(low_a, low_b) and at_most(high_a, high_b):
                continue
            unit = amounts[lower].unit
            yield Finding(
                path, doc.line_of("dosing", index, upper), 1, "DOSE005",
                f"{lower} ({describe_base(low_a, high_a, unit, per_day)}) is above {upper} "
                f"({describe_base(low_b, high_b, unit, per_day)}); each end of {lower} must "
                f"be at most the same end of {upper}",
            )
        step, ceiling = amounts.get("titration"), amounts.get("max_daily")
        if step and ceiling:
            pair = _comparable(step, ceiling, True)
            if pair and not at_most(pair[0][1], pair[1][1]):
                yield Finding(
                    path, doc.line_of("dosing", index, "titration"), 1, "DOSE005",
                    f"a titration step of {step.describe()} is larger than max_daily "
                    f"({ceiling.describe()}); check both against the label",
                )


def _comparable(a, b, b_is_daily_maximum):
    """Ranges of `a` and `b` that can be compared like with like, or None.

    Daily totals when both give one; per-dose amounts when neither can (both per dose,
    no times_daily); a per-dose `a` against a daily maximum `b`, because one dose is at
    most a day's total."""
    if a.unit.dimension != b.unit.dimension:
        return None
    daily_a = a.daily_range()
    daily_b = b.daily_range(assume_daily=b_is_daily_maximum)
    if daily_a and daily_b:
        return daily_a, daily_b, True
    if daily_a is None and daily_b is None:
        return a.base_range(), b.base_range(), False
    if daily_a is None and b_is_daily_maximum:
        return a.base_range(), daily_b, True
    return None


def _weight_based(doc, index, rule, amounts):
    per_kg = [field for field, amount in amounts.items() if amount.unit.per_kg]
    weight_based = rule.get("weight_based", False)
    if per_kg and not weight_based:
        field = per_kg[0]
        yield Finding(
            doc.display_path, doc.line_of("dosing", index, field), 1, "DOSE006",
            f"{field} is per kg ({amounts[field].unit}) but this rule does not say "
            "weight_based: true; add it (for a population dosed by weight) or give a "
            "fixed amount",
        )
    if weight_based and not per_kg:
        yield Finding(
            doc.display_path, doc.line_of("dosing", index, "weight_based"), 1, "DOSE006",
            "weight_based: true but no amount of this rule is per kg; write the amounts "
            "per kg or remove weight_based",
        )


# --- prose against the structured dosing ------------------------------------------------


class _Table:
    """What the prose is compared with, indexed by dimension: the largest maximum of all,
    and each rule's own maximum (`rule_maxima[rule index][dimension]`)."""

    def __init__(self, amounts):
        self.maxima = {}
        self.rule_maxima = {}
        self.symbols = {}
        self.spans = {}
        for index, field, amount in amounts:
            unit = amount.unit
            self.symbols.setdefault(unit.kind, set()).add(unit.symbol)
            values = list(amount.base_range())
            daily = amount.daily_range(assume_daily=field == "max_daily")
            if daily:
                values += list(daily)
            low, high = self.spans.get((index, unit.dimension), (min(values), max(values)))
            self.spans[(index, unit.dimension)] = (min(low, *values), max(high, *values))
            if field == "max_daily":
                top = daily[1]
                self.rule_maxima.setdefault(index, {})[unit.dimension] = (top, amount)
                best = self.maxima.get(unit.dimension)
                if best is None or top > best[0]:
                    self.maxima[unit.dimension] = (top, amount)

    def spans_for(self, dimension):
        return sorted(span for (_, dim), span in self.spans.items() if dim == dimension)


def check_prose(doc, context=None):
    table = _Table(list(structured_amounts(doc)))
    text = prose(doc)
    topics = _Topics(doc)
    for dose in find_doses(text):
        line, col = doc.position(dose.start)
        about = topics.about(sentences.surroundings(text, dose.start))
        findings = list(_unit_findings(doc, dose, table, line, col))
        findings += list(_maximum_findings(doc, dose, table, line, col, about))
        if not findings and not dose.strength:
            findings += list(_range_findings(doc, dose, table, line, col))
        yield from findings


def _unit_findings(doc, dose, table, line, col):
    unit = dose.unit
    used = table.symbols.get(unit.kind, set())
    if unit.symbol in used:
        return
    written = dose.describe()
    if used:
        target = min(used, key=lambda s: abs(math.log10(unit.factor / Unit(s).factor)))
        ratio = unit.factor / Unit(target).factor
        scale = (f"1 {unit.symbol} is {format_number(ratio)} {target}" if ratio > 1 else
                 f"1 {target} is {format_number(1 / ratio)} {unit.symbol}")
        message = (f"'{written}' is in {unit.symbol} but every amount in dosing is in "
                   f"{', '.join(sorted(used))} ({scale}); write the dose in {target}, "
                   "as the dosing table does")
    else:
        every = sorted(s for symbols in table.symbols.values() for s in symbols)
        message = (f"'{written}' is in {unit.symbol}, a unit no amount in dosing uses "
                   f"({', '.join(every) or 'none'}); write it in the table's unit or add "
                   "the labeled amount to dosing")
    yield Finding(doc.display_path, line, col, "DOSE002", message)


def _maximum_findings(doc, dose, table, line, col, about=()):
    """DOSE001 and DOSE004 against the maximum of the rule(s) the paragraph is about
    (`about`, rule indexes), else against the largest maximum of any rule. A paragraph
    about rules whose label sets no maximum has no ceiling here (TRACE001 still holds
    the number to the label facts)."""
    if about:
        own = [table.rule_maxima.get(i, {}).get(dose.unit.dimension) for i in about]
        own = [m for m in own if m]
        best = max(own, key=lambda m: m[0]) if own else None
        scope = "the maximum daily dose for " + _names(doc, about)
    else:
        best = table.maxima.get(dose.unit.dimension)
        scope = "the largest maximum daily dose in dosing"
    if best is None:
        return
    ceiling, amount = best
    daily = dose.daily_range()
    low, high = daily or dose.base_range()
    written = dose.describe()
    maximum = amount.describe()
    if not at_most(high, ceiling):
        if daily:
            total = describe_base(low, high, dose.unit, per_day=True)
            message = (f"'{written}' is {total}, above {scope} ({maximum}); correct the "
                       "amount or its unit")
        else:
            as_base = describe_base(low, high, dose.unit, per_day=False)
            message = (f"a single dose of '{written}' ({as_base}) is above {scope} "
                       f"({maximum}); correct the amount or its unit")
        yield Finding(doc.display_path, line, col, "DOSE001", message)
    elif dose.single_dose and close(high, ceiling):
        yield Finding(
            doc.display_path, line, col, "DOSE004",
            f"'{written}' is written as one dose but is the whole of {scope} "
            f"({maximum}) and the dosing table has no single dose that large: if it is "
            f"the daily total, write '{written} a day'",
        )


def _range_findings(doc, dose, table, line, col):
    spans = table.spans_for(dose.unit.dimension)
    readings = [dose.base_range()]
    if dose.daily_range():
        readings.append(dose.daily_range())
    for low, high in readings:
        for span_low, span_high in spans:
            if at_most(span_low, low) and at_most(high, span_high):
                return
    written = dose.describe()
    if spans:
        shown = "; ".join(
            f"{format_range(a, b)} {dose.unit.base}" for a, b in spans[:4]
        )
        message = (f"'{written}' matches no amount in dosing and is outside every dose "
                   f"rule's range ({shown}); check it against the label and the dosing "
                   "table")
    else:
        message = (f"'{written}' cannot be checked: no amount in dosing is in "
                   f"{dose.unit.base} terms; add the labeled amount to dosing")
    yield Finding(doc.display_path, line, col, "DOSE003", message, WARNING)


# --- which dose rule a sentence is about ------------------------------------------------

_WORD_RE = re.compile(r"[a-z0-9]+")
# Words every indication shares: they tell no use from another.
_GENERIC_WORDS = frozenset(
    "disorder disorders disease diseases treatment prevention adults adult patients the and "
    "with without for of in to or taken only".split())


def _key_words(text):
    head = re.split(r"[,(;]", str(text or ""), maxsplit=1)[0].casefold()
    return {w for w in _WORD_RE.findall(head) if len(w) > 2 and w not in _GENERIC_WORDS}


class _Topics:
    """Which of a document's dose rules a passage is about: each rule's key words are
    found once, and each passage's answer is kept (a paragraph's doses share it)."""

    def __init__(self, doc):
        rules = [r if isinstance(r, dict) else {} for r in doc.meta.get("dosing") or []]
        self.keys = [(_key_words(rule.get("indication")), _key_words(rule.get("population")))
                     for rule in rules]
        self._about = {}

    def about(self, context):
        """Indexes of the dose rules whose indication (and, among those, population)
        `context` names, or () when it cannot be told."""
        found = self._about.get(context)
        if found is None:
            found = self._about[context] = self._find(context)
        return found

    def _find(self, context):
        words = set(_WORD_RE.findall(context))
        matched = [i for i, (indication, _) in enumerate(self.keys)
                   if indication and indication <= words]
        narrowed = [i for i in matched if self.keys[i][1] and self.keys[i][1] <= words]
        return tuple(narrowed or matched)


def _names(doc, indexes):
    rules = doc.meta.get("dosing") or []
    names = dict.fromkeys(f"{rules[i].get('indication')} ({rules[i].get('population')})"
                          for i in indexes)
    return "; ".join(names)


# --- what a day of the stated doses adds up to ------------------------------------------

_DIVIDED_INTO_RE = re.compile(
    r"\b(?:divided|split)\s+(?:in|into)\s+(?P<a>\d+|one|two|three|four|five|six)"
    r"(?:\s*(?:-|\u2013|to|or)\s*(?P<b>\d+|two|three|four|five|six))?\s+(?:equal\s+)?doses\b"
    r"|\b(?P<c>\d+|one|two|three|four|five|six)(?:\s*(?:-|\u2013|to|or)\s*"
    r"(?P<d>\d+|two|three|four|five|six))?\s+(?:equal(?:ly)?\s+)?divided\s+doses\b",
    re.IGNORECASE,
)
_COUNT = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}


def divided_into(text):
    """The most doses a day that 'divided into N doses' (or 'N divided doses') in
    `text` names, or None."""
    most = None
    for match in _DIVIDED_INTO_RE.finditer(str(text or "")):
        for word in filter(None, match.group("a", "b", "c", "d")):
            count = int(word) if word.isdigit() else _COUNT[word.lower()]
            most = count if most is None else max(most, count)
    return most


def check_daily_units(doc, context=None):
    """DOSE007: a maximum *daily* dose says it is one."""
    for index, rule in enumerate(doc.meta.get("dosing", [])):
        ceiling = rule.get("max_daily")
        if not ceiling:
            continue
        amount = Amount.from_dict(ceiling)
        if amount.unit.per_day or amount.times_daily:
            continue
        yield Finding(
            doc.display_path, doc.line_of("dosing", index, "max_daily"), 1, "DOSE007",
            f"max_daily is {amount.describe()}, a per-dose amount; a maximum daily dose is "
            f"per day: write unit: {amount.unit}/day, or add times_daily if the label gives "
            "the most per dose and how many doses a day",
        )


def check_divided(doc, context=None):
    """DOSE008: a per-dose amount given in N divided doses adds up to N times itself."""
    path = doc.display_path
    rules = doc.meta.get("dosing", [])
    for index, rule in enumerate(rules):
        count = divided_into(rule.get("frequency")) or divided_into(rule.get("note"))
        ceiling = rule.get("max_daily")
        if not count or not ceiling:
            continue
        top = Amount.from_dict(ceiling).daily_range(assume_daily=True)[1]
        maximum = Amount.from_dict(ceiling)
        for field in ("initial", "maintenance"):
            if not rule.get(field):
                continue
            amount = Amount.from_dict(rule[field])
            if (amount.unit.per_day or amount.times_daily
                    or amount.unit.dimension != maximum.unit.dimension):
                continue
            total = amount.base_range()[1] * count
            if not at_most(total, top):
                yield Finding(
                    path, doc.line_of("dosing", index, field), 1, "DOSE008",
                    f"{field} {amount.describe()} per dose in {count} divided doses is "
                    f"{format_number(total)} {amount.unit.base}/day, above max_daily "
                    f"({maximum.describe()}); if {amount.describe()} is the daily total write "
                    f"unit: {amount.unit}/day, else correct the amount",
                )
    yield from _divided_prose(doc)


def _divided_prose(doc):
    """A dose written as one dose whose sentence says it is given in N divided doses."""
    text = prose(doc)
    table = topics = None  # made for the first dose given in divided doses
    for dose in find_doses(text):
        if not dose.single_dose:
            continue
        _, end = sentences.sentence_at(text, dose.start)
        count = divided_into(text[dose.end:end])
        if not count:
            continue
        if table is None:
            table, topics = _Table(list(structured_amounts(doc))), _Topics(doc)
        about = topics.about(sentences.surroundings(text, dose.start))
        own = [table.rule_maxima.get(i, {}).get(dose.unit.dimension) for i in about]
        own = [m for m in own if m] or [table.maxima.get(dose.unit.dimension)]
        best = max((m for m in own if m), key=lambda m: m[0], default=None)
        if best is None:
            continue
        total = dose.base_range()[1] * count
        if not at_most(total, best[0]):
            line, col = doc.position(dose.start)
            yield Finding(
                doc.display_path, line, col, "DOSE008",
                f"'{dose.describe()}' in {count} divided doses is {format_number(total)} "
                f"{dose.unit.base}/day, above the maximum daily dose ({best[1].describe()}); "
                f"if it is the daily total write '{dose.describe()} a day, divided into "
                f"{count} doses', else correct the amount",
            )
