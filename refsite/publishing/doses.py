"""Doses as numbers: the one place that knows how amounts are written and what units mean.

The dose rules compare what the prose says ("2 to 3 g three times a day") with the
structured `dosing` of the same monograph ({value: 20, unit: mg/day}). Both sides go
through this module, so a unit means the same thing in the table and in the text. The
functions are pure (text in, values out) so they can be tested on their own, including
by property tests.

Conventions, chosen for an English-language reference:
- "1,000" and "12,500" are thousands separators: a comma followed by exactly three
  digits, after a first group of one to three digits that does not start with 0.
  Any other comma between digits ("0,5", "1,5", "12,50") is a decimal comma, which the
  notation rules then report. So "1,000 mg" is one thousand milligrams, never one.
- Masses convert through mg (1 g = 1,000 mg = 1,000,000 mcg), volumes through mL, and
  "units" only to units. Per-kg and per-m2 amounts are only comparable with amounts per
  the same body measure; per-dose and per-day amounts differ only by doses a day.
- A number followed by a unit and then "/" plus anything other than kg, m2, day or dose
  ("mg/mL", "mg/dL", "mL/min") is a concentration, lab value or rate, not a dose.
"""

import re
from dataclasses import dataclass
from functools import lru_cache

MASS = "mass"
VOLUME = "volume"
UNITS = "units"
EQUIVALENTS = "equivalents"  # electrolytes (potassium chloride): never converted to mass

# symbol -> (kind, factor to the kind's base unit: mg, mL, units or mEq)
SYMBOLS = {
    "mcg": (MASS, 0.001),
    "mg": (MASS, 1.0),
    "g": (MASS, 1000.0),
    "mL": (VOLUME, 1.0),
    "L": (VOLUME, 1000.0),
    "units": (UNITS, 1.0),
    "mEq": (EQUIVALENTS, 1.0),
}

BASE_SYMBOLS = {MASS: "mg", VOLUME: "mL", UNITS: "units", EQUIVALENTS: "mEq"}

# How a unit may be written in prose -> (canonical symbol, error-prone spelling?)
_UNIT_SPELLINGS = {
    "mcg": ("mcg", False), "microgram": ("mcg", False), "micrograms": ("mcg", False),
    "µg": ("mcg", True), "μg": ("mcg", True), "ug": ("mcg", True),
    "mg": ("mg", False), "milligram": ("mg", False), "milligrams": ("mg", False),
    "g": ("g", False), "gram": ("g", False), "grams": ("g", False),
    "mL": ("mL", False), "ml": ("mL", False), "milliliter": ("mL", False),
    "milliliters": ("mL", False), "millilitre": ("mL", False), "millilitres": ("mL", False),
    "cc": ("mL", True), "CC": ("mL", True),
    "L": ("L", False), "liter": ("L", False), "liters": ("L", False),
    "litre": ("L", False), "litres": ("L", False),
    "units": ("units", False), "unit": ("units", False), "Units": ("units", False),
    "Unit": ("units", False), "U": ("units", True), "IU": ("units", True),
    "mEq": ("mEq", False), "milliequivalent": ("mEq", False),
    "milliequivalents": ("mEq", False), "meq": ("mEq", False), "MEQ": ("mEq", False),
}

_WORD_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
                 "once": 1, "twice": 2, "thrice": 3}
_LATIN_FREQUENCY = {"qd": 1, "q.d.": 1, "bid": 2, "b.i.d.": 2, "tid": 3,
                    "t.i.d.": 3, "qid": 4, "q.i.d.": 4}

_TOLERANCE = 1e-9


@dataclass(frozen=True)
class Unit:
    """A dose unit: a symbol of a kind, optionally per kg or m2 of body size, per day."""

    symbol: str
    per_kg: bool = False
    per_m2: bool = False
    per_day: bool = False

    @property
    def kind(self):
        return SYMBOLS[self.symbol][0]

    @property
    def factor(self):
        return SYMBOLS[self.symbol][1]

    @property
    def dimension(self):
        """Amounts are only comparable within one dimension (after unit conversion)."""
        return (self.kind, self.per_kg, self.per_m2)

    @property
    def base(self):
        """The unit base amounts of this unit are expressed in, e.g. mg/kg."""
        return str(Unit(BASE_SYMBOLS[self.kind], self.per_kg, self.per_m2, False))

    def __str__(self):
        return (self.symbol + ("/kg" if self.per_kg else "") + ("/m2" if self.per_m2 else "")
                + ("/day" if self.per_day else ""))


def parse_unit(text):
    """A structured unit such as 'mg/kg/day' (the schema's list) as a Unit."""
    symbol, *rest = text.split("/")
    if symbol not in SYMBOLS or len(rest) != len(set(rest)):
        raise ValueError(f"not a dose unit: {text!r}")
    if not set(rest) <= {"kg", "m2", "day"}:
        raise ValueError(f"not a dose unit: {text!r}")
    return Unit(symbol, "kg" in rest, "m2" in rest, "day" in rest)


def to_base(value, unit):
    """`value` in `unit` expressed in the kind's base unit (mg, mL or units)."""
    return value * unit.factor


def convert(value, from_unit, to_unit):
    """Convert between two units of one dimension; ValueError across dimensions."""
    if from_unit.dimension != to_unit.dimension:
        raise ValueError(f"cannot convert {from_unit} to {to_unit}")
    return value * from_unit.factor / to_unit.factor


def close(a, b):
    return abs(a - b) <= _TOLERANCE * max(1.0, abs(a), abs(b))


def at_most(a, b):
    return a < b or close(a, b)


# --- numbers ---------------------------------------------------------------------------

NUMBER_PATTERN = (
    r"(?:[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?(?!\d)(?!,\d)"  # 1,000 / 12,500.5 (thousands)
    r"|\d+(?:[.,]\d+)?"                                  # 2 / 0.5 / 0,5 (decimal comma)
    r"|\.\d+)"                                            # .5 (missing leading zero)
)
_NUMBER_RE = re.compile(rf"^{NUMBER_PATTERN}$")


@dataclass(frozen=True)
class Number:
    """A number as written, with the value it stands for and how it was written."""

    text: str
    value: float
    start: int = 0

    @property
    def comma_decimal(self):
        return "," in self.text and not self.thousands

    @property
    def thousands(self):
        return bool(re.fullmatch(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?", self.text))

    @property
    def leading_dot(self):
        return self.text.startswith(".")

    @property
    def trailing_zero(self):
        """'1.0', '2.50': a zero after the decimal separator that changes nothing and
        turns 1.0 mg into 10 mg when the point is missed."""
        separator = r"\." if self.thousands else r"[.,]"
        parts = re.split(separator, self.text)
        return len(parts) == 2 and parts[1].endswith("0")

    @property
    def correct(self):
        """How the number should be written (point decimal, leading zero, no trailing
        zero), e.g. '0,50' -> '0.5', '.5' -> '0.5', '1.0' -> '1'."""
        return format_number(self.value)


def parse_number(text, start=0):
    """`Number` for one written number; ValueError if `text` is not one."""
    if not _NUMBER_RE.match(text):
        raise ValueError(f"not a number: {text!r}")
    if re.fullmatch(r"[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?", text):
        value = float(text.replace(",", ""))
    else:
        value = float(text.replace(",", "."))
    return Number(text, value, start)


def format_number(value):
    """Plain English notation: '0.5', '20', '6,000', never '1.0' or '.5' or '1e-05'."""
    text = f"{value:,.6f}".rstrip("0").rstrip(".")
    return text if text not in {"", "-0"} else "0"


def format_range(low, high):
    if high is None or close(low, high):
        return format_number(low)
    return f"{format_number(low)} to {format_number(high)}"


# --- doses in prose ---------------------------------------------------------------------

_UNIT_ALTERNATIVES = "|".join(
    re.escape(s) for s in sorted(_UNIT_SPELLINGS, key=len, reverse=True)
)
_FREQ_WORD = r"(?:\d+|one|two|three|four|five|six)"
_FREQUENCY = (
    r"(?P<freq>"
    r"(?:once|twice|thrice)\s+(?:a|per|each|every)\s+day|(?:once|twice|thrice)\s+daily"
    rf"|{_FREQ_WORD}(?:\s*(?:-|–|to|or)\s*{_FREQ_WORD})?\s+times\s+(?:(?:a|per|each|every)"
    r"\s+day|daily)"
    r"|every\s+\d+\s+hours"
    r"|q\.?\s?\d+\s?h\b"
    r"|(?:b\.i\.d\.|t\.i\.d\.|q\.i\.d\.|q\.d\.|bid|tid|qid|qd)(?![\w])"
    r")"
)
_DOSE_PATTERN = (
    rf"(?P<comparator>(?:>=|<=|≥|≤|>|<)[ \t]?)?"
    rf"(?<![\w.,])(?P<low>{NUMBER_PATTERN})"
    rf"(?:(?P<dash>[ \t]*[-–—][ \t]*|\s+to\s+)(?P<high>{NUMBER_PATTERN}))?"
    r"(?P<space>[ \t]*(?:\n[ \t]*)?)"
    rf"(?P<unit>{_UNIT_ALTERNATIVES})(?![\w\u00b5\u03bc])(?!\.\w)"
    r"(?P<per_kg>[ \t]*/[ \t]*kg|\s+per\s+(?:kg|kilogram)\b)?"
    r"(?P<body_weight>\s+of\s+body\s+weight)?"
    r"(?P<per_m2>[ \t]*/[ \t]*(?:m2|m²|m\^2)(?!\w))?"
    r"(?P<per_day>[ \t]*/[ \t]*(?:day|d)\b|\s+(?:per|a|each|every)\s+day\b|\s+daily\b"
    r"|[ \t]*/[ \t]*dose\b|\s+per\s+dose\b)?"
    r"(?P<other>[ \t]*/[ \t]*[A-Za-z0-9]|\s+per\s+(?!day\b|dose\b|kg\b|kilogram\b)\w"
    r"|\s+in\s+[\d.,]+\s*(?:mL|ml|L)\b)?"
)
# Every dose starts with a comparator or a number (a test holds them in step): the
# lookahead lets the search pass every other character at once, three times faster.
_DOSE_START = r"[\d.<>≥≤]"
_DOSE_RE = re.compile(rf"(?={_DOSE_START}){_DOSE_PATTERN}")
_DENOMINATOR_RE = re.compile(r"(?:\bper|/)\s*$", re.IGNORECASE)
_VOLUME_OF_RE = re.compile(r"\bin\s*$", re.IGNORECASE)
_FREQUENCY_RE = re.compile(rf"[ \t]*,?\s+{_FREQUENCY}", re.IGNORECASE)
# "10 mEq tablets", "the 5 mg strength": the amount a product comes in, not a dose to take.
_STRENGTH_RE = re.compile(r"[ \t]*(?:tablets?|capsules?|strengths?)\b", re.IGNORECASE)
_DIVIDED_RE = re.compile(
    r",?\s+(?:in|split\s+into|divided\s+into|given\s+in|given\s+as)\s+"
    r"(?:(?:\d+|one|two|three|four|five|six)(?:\s*(?:-|–|to|or)\s*(?:\d+|two|three|four|"
    r"five|six))?\s+)?(?:equal(?:ly)?\s+)?(?:divided\s+)?doses\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class ProseDose:
    """One dose written in text: an amount or range with a unit, perhaps a frequency."""

    start: int
    end: int
    text: str
    low: Number
    high: Number | None
    unit: Unit
    unit_text: str
    unit_start: int
    run_together: bool = False
    times: tuple | None = None  # doses a day (fewest, most) when a frequency follows
    comparator: str = ""
    strength: bool = False  # written as a product strength: "10 mEq tablets"

    @property
    def numbers(self):
        return (self.low,) if self.high is None else (self.low, self.high)

    @property
    def single_dose(self):
        """Written as one dose: no '/day', 'a day', 'daily' or frequency after it."""
        return not self.unit.per_day and self.times is None

    def amounts(self):
        """(low, high) in the written unit."""
        high = self.high.value if self.high else self.low.value
        return self.low.value, high

    def base_range(self):
        """(low, high) in base units (mg, mL, units), as written (per dose or per day)."""
        low, high = self.amounts()
        return to_base(low, self.unit), to_base(high, self.unit)

    def daily_range(self):
        """(low, high) per day in base units, or None for a single dose."""
        low, high = self.base_range()
        if self.unit.per_day:
            return low, high
        if self.times:
            return low * self.times[0], high * self.times[1]
        return None

    def describe(self):
        return " ".join(self.text.split())


def find_doses(text):
    """Every dose written in `text`, in order. Offsets index into `text`."""
    return list(_doses(text))


@lru_cache(maxsize=256)
def _doses(text):
    """Found once per text: several rules (notation, dosing, summary, facts) read the
    doses of the same prose."""
    doses = []
    for match in _DOSE_RE.finditer(text):
        if match.group("other"):
            continue  # mg/mL, mg/dL, mL/min: a concentration, lab value or rate
        unit_text = match.group("unit")
        symbol, _ = _UNIT_SPELLINGS[unit_text]
        before = text[max(0, match.start() - 8):match.start()]
        if _DENOMINATOR_RE.search(before) or (
                SYMBOLS[symbol][0] == VOLUME and _VOLUME_OF_RE.search(before)):
            continue  # the "5 mL" of "250 mg per 5 mL": part of a concentration
        per_day_text = (match.group("per_day") or "").strip().lower()
        per_day = bool(per_day_text) and "dose" not in per_day_text
        end = match.end()
        times = None
        if not per_day:
            freq = _FREQUENCY_RE.match(text, end)
            if freq:
                times = frequency_times(freq.group("freq"))
                end = freq.end()
            else:
                divided = _DIVIDED_RE.match(text, end)
                if divided:
                    per_day = True
                    end = divided.end()
        unit = Unit(symbol, bool(match.group("per_kg")), bool(match.group("per_m2")), per_day)
        strength = not per_day and times is None and bool(_STRENGTH_RE.match(text, end))
        comparator = (match.group("comparator") or "").strip()
        if comparator == ">" and _starts_line(text, match.start("comparator")):
            comparator = ""  # a Markdown blockquote, not "greater than"
        start = match.start("comparator") if comparator else match.start("low")
        low = parse_number(match.group("low"), match.start("low"))
        high = (parse_number(match.group("high"), match.start("high"))
                if match.group("high") else None)
        doses.append(ProseDose(
            start=start,
            end=end,
            text=text[start:end],
            low=low,
            high=high,
            unit=unit,
            unit_text=unit_text,
            unit_start=match.start("unit"),
            run_together=match.group("space") == "",
            times=times,
            comparator=comparator,
            strength=strength,
        ))
    return tuple(doses)


def _starts_line(text, index):
    line_start = text.rfind("\n", 0, index) + 1
    return not text[line_start:index].strip()


def frequency_times(text):
    """(fewest, most) doses a day for a frequency phrase: 'twice a day' -> (2, 2),
    '2-3 times per day' -> (2, 3), 'every 8 hours' -> (3, 3), 'tid' -> (3, 3)."""
    text = " ".join(text.lower().split())
    if text in _LATIN_FREQUENCY:
        n = _LATIN_FREQUENCY[text]
        return n, n
    hours = re.fullmatch(r"(?:every (\d+) hours|q\.? ?(\d+) ?h)", text)
    if hours:
        every = int(hours.group(1) or hours.group(2))
        n = max(1, round(24 / every)) if every else 1
        return n, n
    words = re.findall(r"\d+|[a-z]+", text)
    counts = [int(w) if w.isdigit() else _WORD_NUMBERS[w] for w in words
              if w.isdigit() or w in _WORD_NUMBERS]
    if not counts:
        raise ValueError(f"not a frequency: {text!r}")
    return min(counts), max(counts)


# --- structured amounts -----------------------------------------------------------------


@dataclass(frozen=True)
class Amount:
    """A structured amount from the front matter: {value, to?, unit, times_daily?}."""

    value: float
    to: float | None
    unit: Unit
    times_daily: int | None = None

    @classmethod
    def from_dict(cls, data):
        return cls(data["value"], data.get("to"), parse_unit(data["unit"]),
                   data.get("times_daily"))

    @property
    def top(self):
        return self.to if self.to is not None else self.value

    def base_range(self):
        return to_base(self.value, self.unit), to_base(self.top, self.unit)

    def daily_range(self, assume_daily=False):
        """(low, high) per day in base units: per-day units as they are, per-dose units
        times `times_daily`; None when a per-dose amount has no times_daily (unless
        `assume_daily`, for a maximum *daily* amount written in a per-dose unit)."""
        low, high = self.base_range()
        if self.unit.per_day or (assume_daily and not self.times_daily):
            return low, high
        if self.times_daily:
            return low * self.times_daily, high * self.times_daily
        return None

    def describe(self):
        text = f"{format_range(self.value, self.to)} {self.unit}"
        if self.times_daily:
            text += f" {self.times_daily} times a day"
        return text


def describe_base(low, high, unit, per_day):
    """A base-unit range for messages, e.g. '6,000 to 9,000 mg/day'."""
    shown = Unit(BASE_SYMBOLS[unit.kind], unit.per_kg, unit.per_m2, per_day)
    return f"{format_range(low, high)} {shown}"
