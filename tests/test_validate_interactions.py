"""The INTER and GROUP rules: each code fails on its example (tests/test_every_code.py)
and passes on the corrected content."""

import pytest

from .factories import SECTIONS, facts_vouching_for, monograph_text
from .test_every_code import OPIOIDS, groups_file, interaction, member, write


def codes(content):
    return {f.code for f in content.check().findings}


def test_a_group_with_members_and_sources_passes(content):
    groups_file(content, OPIOIDS + member("testazepam"))
    assert not {c for c in codes(content) if c.startswith("GROUP")}


def test_an_entry_with_a_known_group_its_source_and_facts_passes(content):
    groups_file(content, OPIOIDS + "  members: []\n")
    write(content, interactions=[interaction()])
    assert not {c for c in codes(content) if c.startswith("INTER")}


def test_a_known_monograph_is_a_party(content):
    write(content, slug="otherpam")
    write(content, interactions=[interaction(**{"with": "otherpam"})])
    assert "INTER001" not in codes(content)


def test_the_interactions_text_naming_a_group_with_an_entry_passes(content):
    groups_file(content, OPIOIDS + "  members: []\n")
    write(content, interactions=[interaction()],
          sections={**SECTIONS,
                    "Interactions": "Take care with opioids.[^test-label]"})
    assert "INTER003" not in codes(content)


def test_a_medicine_without_a_page_is_named(content):
    write(content, interactions=[{**interaction(), "named": ["probenecid"]}])
    assert "INTER004" not in codes(content)


@pytest.mark.parametrize("action", ["avoid", "boxed"])
def test_an_action_other_than_the_facts_is_refused(content, action):
    write(content, slug="otherpam")
    entry = interaction(**{"with": ["otherpam"]})
    write(content, facts=False, interactions=[{**entry, "action": action}])
    content.write_facts("testazepam", facts_vouching_for(monograph_text(interactions=[entry])))
    assert "INTER005" in codes(content)


def test_a_limit_the_facts_state_passes(content):
    write(content, slug="otherpam")
    entry = {**interaction(**{"with": ["otherpam"], "action": "limit-dose"}),
             "limit": "20 mg a day"}
    write(content, interactions=[entry])
    assert "INTER006" not in codes(content)


def test_a_limit_is_required_for_limit_dose(content):
    write(content, interactions=[interaction(action="limit-dose")])
    assert "FM001" in codes(content)
