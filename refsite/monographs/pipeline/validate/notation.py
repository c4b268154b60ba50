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

from ..doses import find_doses
from ..findings import Finding
from .prose import displayed_fields, field_position, prose

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


def _token(pattern, ignore_case=True):
    flags = re.IGNORECASE if ignore_case else 0
    return re.compile(f"{_WORD_START}(?:{pattern}){_WORD_END}", flags)


# (code, pattern, what it is mistaken for, what to write instead)
ABBREVIATIONS = (
    ("NOTATION006", _token(r"q\.?d\.?"), "is mistaken for qid", "write 'daily' or 'once a day'"),
    ("NOTATION006", _token(r"q\.?1\.?d\.?"), "is mistaken for qid",
     "write 'daily' or 'once a day'"),
    ("NOTATION006", _token(r"q\.?o\.?d\.?"), "is mistaken for qd or qid",
     "write 'every other day'"),
    ("NOTATION006", _token(r"q\.?h\.?s\.?"), "is mistaken for qhr (every hour)",
     "write 'nightly' or 'at bedtime'"),
    ("NOTATION006", _token(r"q\.?n\.?"), "is mistaken for qh (every hour)",
     "write 'nightly' or 'at bedtime'"),
    ("NOTATION006", _token(r"h\.?s\.?"), "is mistaken for half-strength",
     "write 'at bedtime' (or 'half-strength')"),
    ("NOTATION006", _token(r"t\.?i\.?w\.?"), "is mistaken for 3 times a day or twice a week",
     "write '3 times a week'"),
    ("NOTATION006", _token(r"b\.?i\.?w\.?"), "is mistaken for twice a day",
     "write 'twice a week'"),
    ("NOTATION006", _token(r"SC|SQ", ignore_case=False),
     "is mistaken for SL (sublingual) or '5 every'", "write 'subcut' or 'subcutaneously'"),
    ("NOTATION006", _token(r"s\.c\.|s\.q\.|sub[ -]?q"),
     "is mistaken for SL (sublingual) or '5 every'", "write 'subcut' or 'subcutaneously'"),
    ("NOTATION006", _token(r"d/c"), "means both 'discharge' and 'discontinue'",
     "write 'discharge' or 'discontinue'"),
    ("NOTATION006", _token(r"MSO4|MS04", ignore_case=False),
     "is mistaken for magnesium sulfate", "write 'morphine sulfate'"),
    ("NOTATION006", _token(r"MgSO4", ignore_case=False), "is mistaken for morphine sulfate",
     "write 'magnesium sulfate'"),
    ("NOTATION005", _token(r"IU", ignore_case=False), "is mistaken for IV or 10",
     "write 'units'"),
    ("NOTATION004", re.compile(r"[µμ]g"), "is mistaken for mg", "write 'mcg'"),
)


def check(doc, context=None):
    path = doc.display_path
    text = prose(doc)
    for dose in find_doses(text):
        for code, offset, message in dose_notation(dose):
            line, col = doc.position(offset)
            yield Finding(path, line, col, code, message)
    for code, offset, message in abbreviations(text, skip=_dose_units(text)):
        line, col = doc.position(offset)
        yield Finding(path, line, col, code, message)
    for key_path, value in displayed_fields(doc):
        found = [problem for dose in find_doses(value) for problem in dose_notation(dose)]
        found += list(abbreviations(value, skip=_dose_units(value)))
        where = ".".join(map(str, key_path))
        for code, offset, message in found:
            fragment = value[offset:].split("\n")[0][:12].strip()
            line, col = field_position(doc, key_path, fragment)
            yield Finding(path, line, col, code, f"{where}: {message}")


def _dose_units(text):
    """Offsets of units already judged as part of a dose, so 'µg' is reported once."""
    return {dose.unit_start for dose in find_doses(text)}


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
    for code, pattern, mistaken, instead in ABBREVIATIONS:
        for match in pattern.finditer(text):
            if match.start() in skip:
                continue
            yield code, match.start(), f"'{match.group()}' {mistaken}; {instead}"
