"""Every code the check can report is documented for editors, with an example
(tests/test_every_code.py shows the check reports each)."""

import re
from pathlib import Path

from refsite.publishing.validate import CODES

ROOT = Path(__file__).resolve().parent.parent
ROW_RE = re.compile(r"^\| (?P<code>[A-Z]+\d{3}) \| (?P<rule>[^|]+) \| (?P<example>[^|]+) \|$",
                    re.M)


def documented():
    text = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    return {m["code"]: m for m in ROW_RE.finditer(text)}


def test_every_code_is_in_the_editors_guide_with_an_example():
    rows = documented()
    assert sorted(rows) == sorted(CODES)
    assert all(row["example"].strip() for row in rows.values())
