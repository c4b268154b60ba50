"""Error-prone dose notation: the ISMP list of error-prone abbreviations, symbols and dose
designations and the Joint Commission "do not use" list.

Each of these has caused tenfold or wrong-drug errors when read in a hurry ("1.0 mg"
read as 10 mg, "qd" as "qid"), so each is an error with the safe spelling in the
message. Number and unit notation is judged only inside doses found by
`pipeline.doses` (so "2 to 4 weeks", "90%" and "U.S." are never touched); abbreviations
are matched as whole tokens, case as listed, in the body and in the front-matter text
the page displays.
"""

import re
import string

from ..doses import find_doses
from ..findings import Finding
from .prose import displayed_fields, field_position, folded, prose

CODES = {
    "NOTATION001": "trailing zero after a decimal point (1.0 mg; write 1 mg)",
    "NOTATION002": "decimal without a leading zero (.5 mg; write 0.5 mg)",
    "NOTATION003": "decimal comma (0,5 mg; write 0.5 mg)",
    "NOTATION004": "µg or ug for micrograms (write mcg)",
    "NOTATION005": "U or IU for units (write units)",
    "NOTATION006": "error-prone abbreviation (qd, qod, hs, tiw, SC, SQ, cc, D/C ...)",
    "NOTATION007": "> or < in a dose (write 'more than' or 'less than')",
    "NOTATION008": "number and unit run together (10mg; write 10 mg)",
}

_WORD_START = r"(?<![\w.\-/])"
_WORD_END = r"(?![\w/\-])"

# (code, token pattern, case-sensitive?, what it is mistaken for, what to write instead)
ABBREVIATIONS = (
    ("NOTATION006", r"q\.?d\.?", False, "is mistaken for qid", "write 'daily' or 'once a day'"),
    ("NOTATION006", r"q\.?1\.?d\.?", False, "is mistaken for qid",
     "write 'daily' or 'once a day'"),
    ("NOTATION006", r"q\.?o\.?d\.?", False, "is mistaken for qd or qid",
     "write 'every other day'"),
    ("NOTATION006", r"q\.?h\.?s\.?", False, "is mistaken for qhr (every hour)",
     "write 'nightly' or 'at bedtime'"),
    ("NOTATION006", r"q\.?n\.?", False, "is mistaken for qh (every hour)",
     "write 'nightly' or 'at bedtime'"),
    ("NOTATION006", r"h\.?s\.?", False, "is mistaken for half-strength",
     "write 'at bedtime' (or 'half-strength')"),
    ("NOTATION006", r"t\.?i\.?w\.?", False, "is mistaken for 3 times a day or twice a week",
     "write '3 times a week'"),
    ("NOTATION006", r"b\.?i\.?w\.?", False, "is mistaken for twice a day",
     "write 'twice a week'"),
    ("NOTATION006", r"SC|SQ", True, "is mistaken for SL (sublingual) or '5 every'",
     "write 'subcut' or 'subcutaneously'"),
    ("NOTATION006", r"s\.c\.|s\.q\.|sub[ -]?q", False,
     "is mistaken for SL (sublingual) or '5 every'", "write 'subcut' or 'subcutaneously'"),
    ("NOTATION006", r"d/c", False, "means both 'discharge' and 'discontinue'",
     "write 'discharge' or 'discontinue'"),
    ("NOTATION006", r"MSO4|MS04", True, "is mistaken for magnesium sulfate",
     "write 'morphine sulfate'"),
    ("NOTATION006", r"MgSO4", True, "is mistaken for morphine sulfate",
     "write 'magnesium sulfate'"),
    ("NOTATION005", r"IU", True, "is mistaken for IV or 10", "write 'units'"),
    ("NOTATION004", r"[µμ]g", True, "is mistaken for mg", "write 'mcg'"),
)
# One scan for all of them: each token is a named group, with its own case rule.
_ABBREVIATION_PATTERN = _WORD_START + "(?:" + "|".join(
    f"(?P<a{index}>{pattern})" if case_sensitive else f"(?P<a{index}>(?i:{pattern}))"
    for index, (_, pattern, case_sensitive, _, _) in enumerate(ABBREVIATIONS)
) + ")" + _WORD_END
_ABBREVIATION_RE = re.compile(_ABBREVIATION_PATTERN)
# Every token, folded (prose.folded), starts with one of these (a test holds them in
# step), so the pattern is tried only where one stands at a word start: most of these
# letters begin common words, and trying the pattern at each of them, or at every
# character, took a twentieth of a check.
_ABBREVIATION_STARTS = ("qd", "q.", "q1", "qo", "qh", "qn", "hs", "h.", "ti", "t.", "bi",
                        "b.", "sc", "sq", "s.", "su", "d/", "ms", "mg", "iu", "\u00b5g",
                        "\u03bcg")
# Characters _WORD_START refuses before a token (some of them: the pattern decides).
_INSIDE_WORD = frozenset(string.ascii_letters + string.digits + "_.-/")


def check(doc, context=None):
    path = doc.display_path
    for code, offset, message in problems(prose(doc)):
        line, col = doc.position(offset)
        yield Finding(path, line, col, code, message)
    for key_path, value in displayed_fields(doc):
        where = ".".join(map(str, key_path))
        for code, offset, message in problems(value):
            fragment = value[offset:].split("\n")[0][:12].strip()
            line, col = field_position(doc, key_path, fragment)
            yield Finding(path, line, col, code, f"{where}: {message}")


def problems(text):
    """(code, offset, message) for each notation problem in `text`: in its doses, then
    its abbreviations (a unit already judged as part of a dose is not judged again)."""
    doses = find_doses(text)
    for dose in doses:
        yield from dose_notation(dose)
    yield from abbreviations(text, skip={dose.unit_start for dose in doses})


def dose_notation(dose):
    """(code, offset, message) for each notation problem of one dose."""
    for number in dose.numbers:
        if number.comma_decimal:
            yield ("NOTATION003", number.start,
                   f"'{number.text}' uses a decimal comma, which readers take for a "
                   f"thousands separator or miss; write {number.correct}")
        elif number.leading_dot:
            yield ("NOTATION002", number.start,
                   f"'{number.text}' has no leading zero and is read as "
                   f"{number.text.lstrip('.')}; write {number.correct}")
        if number.trailing_zero:
            yield ("NOTATION001", number.start,
                   f"'{number.text}' has a trailing zero and is read as ten times the dose "
                   f"when the point is missed; write {number.correct}")
    spelling = dose.unit_text
    if spelling in {"µg", "μg", "ug"}:
        yield ("NOTATION004", dose.unit_start,
               f"'{spelling}' is mistaken for mg; write mcg")
    elif spelling in {"U", "IU"}:
        yield ("NOTATION005", dose.unit_start,
               f"'{spelling}' is mistaken for 0, 4, cc or IV; write units")
    elif spelling in {"cc", "CC"}:
        yield ("NOTATION006", dose.unit_start,
               f"'{spelling}' is mistaken for U (units); write mL")
    if dose.run_together:
        yield ("NOTATION008", dose.unit_start,
               f"'{dose.low.text if dose.high is None else dose.high.text}{spelling}' runs "
               "the number into the unit; put a space between them")
    if dose.comparator:
        word = "more than" if dose.comparator in {">", ">=", "≥"} else "less than"
        if dose.comparator in {">=", "≥"}:
            word = "at least"
        elif dose.comparator in {"<=", "≤"}:
            word = "at most"
        yield ("NOTATION007", dose.start,
               f"'{dose.comparator}' is mistaken for its opposite; write '{word}'")


def abbreviations(text, skip=frozenset()):
    """(code, offset, message) for each error-prone abbreviation in `text`."""
    for match in _matches_at_starts(text):
        if match.start() in skip:
            continue
        code, _, _, mistaken, instead = ABBREVIATIONS[int(match.lastgroup[1:])]
        yield code, match.start(), f"'{match.group()}' {mistaken}; {instead}"


def _matches_at_starts(text):
    """What _ABBREVIATION_RE.finditer(text) finds, the pattern tried only where one of
    _ABBREVIATION_STARTS stands at a word start."""
    low = folded(text)
    starts = set()
    for start in _ABBREVIATION_STARTS:
        at = low.find(start)
        while at >= 0:
            if not at or low[at - 1] not in _INSIDE_WORD:
                starts.add(at)
            at = low.find(start, at + 1)
    end = 0
    for at in sorted(starts):
        match = _ABBREVIATION_RE.match(text, at) if at >= end else None
        if match is not None:
            end = match.end()
            yield match
