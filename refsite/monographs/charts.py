"""Side-effect rates as a picture: the geometry of a server-drawn bar chart.

The page draws each `adverse_reactions` table of the front matter as an inline SVG
(templates/monographs/side_effects_chart.html) with the same numbers as a data table
beside it, so no script runs and a screen reader gets the table. Bars are told apart by
fill and outline and each carries its number and its group in words: never by colour
alone. Pure functions of the stored front matter: the view does no Markdown work.
"""

import math
from dataclasses import dataclass

WIDTH = 360  # viewBox units; the SVG scales to its box, about 1:1 on a 375 px phone
LABEL_ROOM = 120  # room right of the longest bar for "28% gabapentin"
BAR_HEIGHT = 14
ROW_HEIGHT = 56  # term line + two bars + gap
TOP = 8


@dataclass(frozen=True)
class Bar:
    y: float
    width: float
    percent: float
    group: str
    kind: str  # "drug" or "comparator": CSS draws one filled, the other outlined

    @property
    def label(self):
        return f"{_number(self.percent)}% {self.group.lower()}"

    @property
    def label_x(self):
        return round(self.width + 6, 1)

    @property
    def label_y(self):
        return round(self.y + BAR_HEIGHT - 3, 1)


@dataclass(frozen=True)
class Row:
    term: str
    term_y: float
    bars: tuple
    drug_percent: float
    comparator_percent: float | None


@dataclass(frozen=True)
class Chart:
    key: str  # unique on the page: the ids of the title, description and table
    title: str
    population: str
    arm: str
    comparator: str
    table: str
    source: str
    label_section: str
    rows: tuple
    height: float
    width: int = WIDTH

    @property
    def description(self):
        parts = [f"{row.term}: {_number(row.drug_percent)}% on {self.arm.lower()}" + (
            f", {_number(row.comparator_percent)}% on {self.comparator.lower()}"
            if row.comparator_percent is not None else "") for row in self.rows]
        return (f"Share of people with each side effect in the label's trials "
                f"({self.population}). " + "; ".join(parts) + ".")

    @property
    def has_comparator(self):
        return any(row.comparator_percent is not None for row in self.rows)


def _number(value):
    return f"{value:g}"


def _scale_top(groups):
    """The percentage the longest bar stands for: the largest rate, rounded up to 5."""
    largest = max((p for g in groups for p in g if p is not None), default=0)
    return max(5, math.ceil(largest / 5) * 5)


def chart(group, index):
    """The Chart of one `adverse_reactions` entry (valid against the schema)."""
    reactions = [r for r in group.get("reactions") or [] if isinstance(r, dict)]
    top = _scale_top([(r.get("drug_percent"), r.get("comparator_percent"))
                      for r in reactions])
    room = WIDTH - LABEL_ROOM
    arm = group.get("arm", "")
    comparator = group.get("comparator", "")
    rows = []
    y = TOP
    for reaction in reactions:
        drug = float(reaction["drug_percent"])
        other = reaction.get("comparator_percent")
        bars = [Bar(y + 18, max(1, round(room * drug / top, 1)), drug, arm, "drug")]
        if other is not None:
            other = float(other)
            bars.append(Bar(y + 18 + BAR_HEIGHT + 4, max(1, round(room * other / top, 1)),
                            other, comparator or "comparison", "comparator"))
        rows.append(Row(reaction["term"], y + 12, tuple(bars), drug, other))
        y += ROW_HEIGHT if other is not None else ROW_HEIGHT - BAR_HEIGHT - 4
    return Chart(
        key=f"side-effects-{index + 1}", title=group.get("title", ""),
        population=group.get("population", ""), arm=arm, comparator=comparator,
        table=group.get("table", ""), source=group.get("source", ""),
        label_section=str(group.get("label_section", "")), rows=tuple(rows),
        height=y + 4,
    )


def charts(front_matter):
    """Every side-effect Chart of a monograph's front matter, in order."""
    groups = front_matter.get("adverse_reactions") if isinstance(front_matter, dict) else None
    return [chart(group, index) for index, group in enumerate(groups or [])
            if isinstance(group, dict)]
