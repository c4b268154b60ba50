"""The checker as a pure function over rows, and any input through the page and API."""

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from refsite.interactions.checker import (
    Citation,
    GroupInfo,
    Medicine,
    Member,
    Statement,
    check,
)
from refsite.interactions.lookup import MAX_NAMES, split_names
from refsite.interactions.models import Group, Interaction, Membership
from refsite.monographs.models import ContentLoad

from .conftest import loaded_once

GROUPS = """opioids:
  name: Opioids
  description: Opioid medicines.
  members:
    - drug: beta
      reason: Its label says it is an opioid.
      source: test-label
      label_section: "1"
"""


def _library(tree):
    tree.write("alpha", interactions=[
        {"with": ["opioids"], "named": ["Morphine"], "effect": "Deep sleepiness.",
         "action": "monitor", "source": "test-label", "label_section": "7"}])
    tree.write("beta")
    (tree.root / "groups.yaml").write_text(GROUPS, encoding="utf-8")


library = loaded_once(_library)


@pytest.mark.django_db
def test_the_load_stores_statements_groups_and_memberships(library):
    assert sorted(Interaction.objects.values_list("monograph__slug", "kind", "party",
                                                  "party_key")) == [
        ("alpha", "named", "Morphine", "morphine"), ("alpha", "with", "opioids", "opioids")]
    assert list(Group.objects.values_list("slug", "name")) == [("opioids", "Opioids")]
    assert list(Membership.objects.values_list("drug", "source_owner")) == [("beta", "beta")]


@pytest.mark.django_db
def test_a_changed_groups_file_alone_is_a_new_content_state(library, tmp_path, settings):
    from .conftest import writable_copy
    tree = writable_copy(library, tmp_path, settings)
    loads = ContentLoad.objects.count()
    (tree.root / "groups.yaml").write_text(GROUPS.replace("Opioid medicines.", "Opioids."),
                                           encoding="utf-8")
    tree.load()
    assert ContentLoad.objects.count() == loads + 1
    assert Group.objects.get().description == "Opioids."
    tree.load()
    assert ContentLoad.objects.count() == loads + 1


@pytest.mark.django_db
def test_the_stored_rows_answer_the_api(client, library):
    data = client.get("/api/v1/interactions", {"drugs": "alpha,beta"}).json()
    [found] = data["pairs"]
    assert found["interactions"][0]["statements"][0]["group"]["member"] == "beta"


OPIOIDS = GroupInfo("opioids", "Opioids", "Opioid medicines.")


def cite(owner, section="7"):
    return Citation(owner, f"{owner}-label", f"{owner.upper()} label", "", section)


def statement(owner, party, action="monitor", kind="with", section="7"):
    return Statement(owner, owner, kind, party, party, f"{owner} says so", action,
                     cite(owner, section))


def member(owner):
    return {"opioids": Member(OPIOIDS, "An opioid.", cite(owner, "1"))}


A, B = Medicine("alpha", "alpha"), Medicine("beta", "beta", groups=member("beta"))


def test_a_label_naming_the_other_medicine_is_found_from_either_side():
    for first, second in ((A, B), (B, A)):
        [result] = check([first, second], [statement("alpha", "beta")])
        assert [item.action for item in result.items] == ["monitor"]


def test_a_label_naming_a_group_finds_its_members_with_the_reason():
    [result] = check([A, B], [statement("alpha", "opioids")])
    [mention] = result.items[0].mentions
    assert mention.via.group == OPIOIDS and mention.via.citation.label_section == "1"
    assert not mention.shared


def test_two_members_of_the_group_a_label_names_are_marked_as_one_group():
    a = Medicine("alpha", "alpha", groups=member("alpha"))
    [result] = check([a, B], [statement("alpha", "opioids")])
    assert result.items[0].mentions[0].shared


def test_both_labels_with_one_instruction_are_one_item_with_both_citations():
    [result] = check([A, B], [statement("alpha", "beta", "boxed"),
                              statement("beta", "alpha", "boxed", section="5.1")])
    [item] = result.items
    assert item.both_labels
    assert [m.statement.citation.label_section for m in item.mentions] == ["7", "5.1"]


def test_items_are_sorted_by_what_to_do_contraindicated_and_boxed_first():
    rows = [statement("alpha", "beta", action) for action in
            ("described", "monitor", "boxed", "separate-doses", "contraindicated", "avoid")]
    [result] = check([A, B], rows)
    assert [i.action for i in result.items] == [
        "contraindicated", "boxed", "avoid", "separate-doses", "monitor", "described"]


def test_a_pair_no_label_speaks_of_has_no_items():
    [result] = check([A, Medicine("gamma", "gamma")], [statement("alpha", "beta")])
    assert not result.found


def test_a_medicine_whose_label_statements_are_none_here_is_marked_unsummarized():
    gamma = Medicine("gamma", "gamma")
    [result] = check([A, gamma], [statement("alpha", "beta")])
    assert result.unsummarized == (gamma,)


def test_a_named_medicine_without_a_page_is_found_by_its_name():
    rows = [statement("alpha", "clarithromycin", "limit-dose", kind="named")]
    results = check([A, B], rows, unlisted=[("clarithromycin", "Clarithromycin")])
    assert [r.second for r in results if r.found] == ["Clarithromycin"]


def test_pairs_follow_the_order_chosen():
    c = Medicine("gamma", "gamma")
    assert [(r.first.slug, r.second.slug) for r in check([A, B, c], [])] == [
        ("alpha", "beta"), ("alpha", "gamma"), ("beta", "gamma")]


def test_names_are_split_on_commas_and_cleaned():
    assert split_names(["sertraline, ZOLOFT ,,", "warfarin\x00"]) == [
        "sertraline", "ZOLOFT", "warfarin"]
    assert len(split_names([",".join(["x"] * 500)])) == MAX_NAMES + 1


NASTY = ["sertraline", "Zoloft", "escitalopram", "'; DROP TABLE x;--", "\x00", "%", "..",
         "<script>alert(1)</script>", "AND", "NEAR(", "🙂", " ", ",", "a" * 300, "\u202e"]
inputs = st.one_of(
    st.text(max_size=300),
    st.lists(st.sampled_from(NASTY), max_size=25).map(",".join),
    st.lists(st.text(max_size=20), max_size=30).map(",".join),
)


@pytest.mark.django_db
@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(drugs=inputs)
@example(drugs="x" * 100_000)
@example(drugs="," * 5000)
@example(drugs="0,1")  # two names, neither in the reference: nothing to read
@example(drugs="sertraline," * 40)
def test_any_input_gets_an_answer_never_an_error(client, library, drugs):
    page = client.get("/interactions/", {"drugs": drugs})
    assert page.status_code == 200
    api = client.get("/api/v1/interactions", {"drugs": drugs})
    assert api.status_code in (200, 400)
    assert "problem" in api.json()

