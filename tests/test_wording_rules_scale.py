"""The wording rules read sentences and paragraphs; a file that is one long paragraph of
claims (the size cap allows 256 KB) must not make them quadratic. A generous bound: the
run takes a fraction of a second."""

import time
from pathlib import Path

from refsite.publishing.parse import parse_text
from refsite.publishing.validate import claims, controlled, dosing, safety_wording, uses

from .factories import SECTIONS, monograph_text, rule_context

SENTENCE = ("Each dose is 8 mg, the day divided into 3 doses. It also helps with jet lag. "
            "You can skip a dose. It is safe in pregnancy. Symptoms vanish. ")


def test_the_wording_rules_stay_linear_on_one_long_paragraph():
    text = monograph_text(sections={**SECTIONS, "Side effects": SENTENCE * 1000})
    doc = parse_text(text, Path("testazepam.md"))
    context = rule_context()
    started = time.perf_counter()
    found = []
    for rule in (uses.check, safety_wording.check_groups, safety_wording.check_self_dosing,
                 claims.check, controlled.check, dosing.check_divided):
        found += list(rule(doc, context))
    assert time.perf_counter() - started < 5
    assert {f.code for f in found} >= {"USE001", "SAFETY001", "SAFETY002", "CLAIM001",
                                       "DOSE008"}
