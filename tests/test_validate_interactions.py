"""The INTER and GROUP rules: each code fails on its example (tests/test_every_code.py)
and passes on the corrected content."""

import pytest

from refsite.monographs.models import Monograph
from refsite.publishing.findings import ContentError

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


@pytest.mark.parametrize(("text", "code"), [
    ("- opioids\n", "GROUP001"),                                  # a list, not groups
    ("opioids: [\n", "YAML002"),                                  # broken YAML
    ("a: &x {name: A}\nb: *x\n", "YAML005"),                      # anchors refused
    ("Opioids!:\n  name: O\n  description: D\n  members: []\n", "GROUP001"),  # bad slug
    ("opioids:\n  name: O\n  description: D\n  members: []\n  colour: red\n", "GROUP001"),
    ("opioids:\n  name: O\n  description: D\n  members: []\nopioids:\n  name: P\n", "YAML004"),
    ("opioids: \"a\\0b\"\n", "FILE006"),
])
def test_a_broken_groups_file_is_a_finding_at_its_line_never_a_traceback(content, text, code):
    groups_file(content, text)
    findings = [f for f in content.check().findings if f.path.endswith("groups.yaml")]
    assert code in {f.code for f in findings}
    assert all(f.line >= 1 for f in findings)


def test_a_groups_file_that_is_not_text_is_a_finding(content):
    write(content)
    (content.root / "groups.yaml").write_bytes(b"\xff\xfe\x00bad")
    assert "GROUP001" in codes(content)


@pytest.mark.django_db
def test_a_broken_groups_file_stores_nothing(content):
    groups_file(content, OPIOIDS + member("nosuchdrug"))
    with pytest.raises(ContentError):
        content.load()
    assert not Monograph.objects.exists()
