"""Every monograph against its facts file in content/reference/: no invented numbers.

The facts files restate, in our own words and with their verification tags, the label
facts each monograph was written from. A structured dose or boxed-warning item that the
facts file does not hold for that drug is a content error, the most severe kind of bug
this site can have, so the whole suite fails on it.
"""

import copy
import re
from functools import cache
from pathlib import Path

import pytest

from refsite.publishing.parse import discover, load_plain_yaml, parse_file

CONTENT = Path(__file__).resolve().parent.parent / "content"
REFERENCE = CONTENT / "reference"
MONOGRAPH_SLUGS = sorted(p.stem for p in (CONTENT / "monographs").glob("*.md"))
FACT_SLUGS = sorted(p.stem for p in REFERENCE.glob("*.yaml"))
AMOUNT_FIELDS = ("initial", "titration", "maintenance", "max_daily")
TAGS = {"V-LABEL", "V-SEC", "UNVERIFIED"}


@cache
def monograph_meta(slug):
    return parse_file(CONTENT / "monographs" / f"{slug}.md", CONTENT, 10**6).meta


PUBLISHED_SLUGS = [s for s in MONOGRAPH_SLUGS if monograph_meta(s)["status"] == "reviewed"]


@cache
def facts_for(slug):
    return load_plain_yaml((REFERENCE / f"{slug}.yaml").read_text(encoding="utf-8"))


def _amount(value):
    """Comparable form of an amount: numbers as floats, so 200 and 200.0 agree."""
    if value is None:
        return None
    return {k: float(v) if isinstance(v, int | float) else v for k, v in value.items()}


def _show(value):
    if value is None:
        return "none"
    text = f"{value['value']:g}"
    if value.get("to") is not None:
        text += f" to {value['to']:g}"
    text += f" {value['unit']}"
    if value.get("times_daily"):
        text += f" x{value['times_daily']}"
    if value.get("every"):
        text += f" every {value['every']}"
    return text


def _is_unverified(rule):
    """A rule that cannot be written at all: no verified starting dose, or an amount the
    facts hold only as UNVERIFIED. (A maximum that is null because it is unknown makes
    the rule unfit to publish, not unfit to draft; see the test for published pages.)"""
    tags = rule.get("tags") or {}
    if rule.get("initial") is None or tags.get("initial") == "UNVERIFIED":
        return True
    return any(tags.get(f) == "UNVERIFIED" and rule.get(f) is not None for f in AMOUNT_FIELDS)


def differences(meta, facts):
    """What the monograph states that its facts file does not hold, in words."""
    problems = []
    fact_rules = {(r["indication"], r["population"]): r for r in facts.get("dose_rules", [])}
    used = set()
    for index, rule in enumerate(meta.get("dosing", [])):
        key = (rule["indication"], rule["population"])
        where = f"dosing[{index}] ({key[0]}, {key[1]})"
        fact = fact_rules.get(key)
        if fact is None:
            problems.append(f"{where}: no rule for this indication and population in the facts")
            continue
        used.add(key)
        if _is_unverified(fact):
            problems.append(f"{where}: the facts for this rule are UNVERIFIED; never publish")
        for field in AMOUNT_FIELDS:
            stated, held = _amount(rule.get(field)), _amount(fact.get(field))
            if stated != held:
                problems.append(
                    f"{where}: {field} is {_show(rule.get(field))} but the facts hold "
                    f"{_show(fact.get(field))}"
                )
    for key, fact in fact_rules.items():
        if key not in used and not _is_unverified(fact):
            problems.append(f"labeled rule ({key[0]}, {key[1]}) is in the facts but not in "
                            "the monograph's dosing")
    stated_box = list(meta.get("boxed_warning", []))
    held_box = [item["item"] for item in facts["boxed_warning"]["items"]]
    for item in stated_box:
        if item not in held_box:
            problems.append(f"boxed_warning item '{item}' is not a boxed item in the facts")
    for item in held_box:
        if item not in stated_box:
            problems.append(f"boxed item '{item}' from the facts is missing from boxed_warning")
    return problems


def test_every_monograph_has_a_facts_file():
    assert sorted(set(MONOGRAPH_SLUGS) - set(FACT_SLUGS)) == []


def test_every_facts_file_belongs_to_a_monograph():
    assert sorted(set(FACT_SLUGS) - set(MONOGRAPH_SLUGS)) == []


@pytest.mark.parametrize("slug", MONOGRAPH_SLUGS)
def test_monograph_doses_and_boxed_warning_are_held_by_its_facts(slug):
    assert differences(monograph_meta(slug), facts_for(slug)) == []


@pytest.mark.parametrize("slug", FACT_SLUGS)
def test_facts_file_tags_every_amount_and_boxed_warning(slug):
    facts = facts_for(slug)
    assert facts["drug"] == slug
    assert facts["boxed_warning"]["tag"] in TAGS
    for rule in facts["dose_rules"]:
        tags = rule["tags"]
        assert set(tags.values()) <= TAGS, rule
        for field in AMOUNT_FIELDS:
            if field in rule:
                assert field in tags, f"{slug}: {rule['indication']} {field} has no tag"
    for entry in facts.get("facts", []) + facts.get("left_out", []):
        assert entry["tag"] in TAGS, entry


IDENTITY_FIELDS = ("version", "effective", "read_on", "revised")


@pytest.mark.parametrize("slug", MONOGRAPH_SLUGS)
def test_every_source_is_a_label_of_the_facts_with_the_same_identity(slug):
    meta = monograph_meta(slug)
    labels = {label["source"]: label for label in facts_for(slug)["labels"]}
    assert sorted(labels) == sorted(source["id"] for source in meta["sources"])
    for source in meta["sources"]:
        label = labels[source["id"]]
        assert source["set_id"] == label["set_id"]["value"], source["id"]
        for field in IDENTITY_FIELDS:
            held = (label.get(field) or {}).get("value")
            assert source.get(field) == (str(held) if field != "version" and held else held), (
                f"{source['id']}: {field}")
        holder = label.get("holder") or {}
        if holder.get("tag") == "V-LABEL":
            assert source.get("holder") == holder["value"], source["id"]
        else:
            assert "holder" not in source, f"{source['id']}: holder is not V-LABEL"


@pytest.mark.parametrize("slug", PUBLISHED_SLUGS)
def test_published_monographs_cite_only_identified_labels(slug):
    for label in facts_for(slug)["labels"]:
        assert label["set_id"]["tag"] == "V-LABEL", label["source"]
        assert any((label.get(field) or {}).get("tag") == "V-LABEL"
                   for field in IDENTITY_FIELDS), label["source"]


@pytest.mark.parametrize("slug", PUBLISHED_SLUGS)
def test_only_monographs_the_facts_allow_are_published(slug):
    facts = facts_for(slug)
    assert facts["publishable"] is True, facts["why"]


@pytest.mark.parametrize("slug", PUBLISHED_SLUGS)
def test_published_monographs_know_the_maximum_of_every_labeled_rule(slug):
    """An unknown maximum (null and UNVERIFIED) keeps a page a draft; a null maximum on a
    published page must be the label's own statement that it gives none."""
    for rule in facts_for(slug)["dose_rules"]:
        assert rule["tags"]["max_daily"] != "UNVERIFIED", (rule["indication"], rule["population"])


def test_content_check_does_not_read_the_facts_folder():
    for paths in (None, [CONTENT]):
        files, findings = discover(CONTENT, paths)
        assert findings == []
        assert all(REFERENCE not in path.parents for path in files)
        assert sorted(p.stem for p in files) == MONOGRAPH_SLUGS


# The comparison itself must catch the edits it exists for.

@pytest.fixture
def sertraline():
    """Fresh copies of the real sertraline monograph and facts, for a test to edit."""
    return copy.deepcopy(monograph_meta("sertraline")), copy.deepcopy(facts_for("sertraline"))


def test_a_raised_maximum_is_caught(sertraline):
    meta, facts = sertraline
    meta["dosing"][0]["max_daily"]["value"] = 250
    assert differences(meta, facts) == [
        "dosing[0] (Major depressive disorder, Adults): max_daily is 250 mg/day but the "
        "facts hold 200 mg/day"
    ]


def test_a_changed_unit_is_caught(sertraline):
    meta, facts = sertraline
    meta["dosing"][0]["max_daily"]["unit"] = "g/day"
    assert len(differences(meta, facts)) == 1


def test_a_dropped_maximum_is_caught(sertraline):
    meta, facts = sertraline
    meta["dosing"][1]["max_daily"] = None
    assert "max_daily is none" in differences(meta, facts)[0]


def test_an_invented_rule_is_caught(sertraline):
    meta, facts = sertraline
    meta["dosing"].append({**meta["dosing"][0], "population": "Children 6 to 12 years"})
    assert "no rule for this indication and population" in differences(meta, facts)[0]


def test_a_missing_labeled_rule_is_caught(sertraline):
    meta, facts = sertraline
    del meta["dosing"][3]
    assert differences(meta, facts) == [
        "labeled rule (Obsessive-compulsive disorder, Children 6 to 12 years) is in the "
        "facts but not in the monograph's dosing"
    ]


def test_an_unverified_amount_may_not_be_written(sertraline):
    meta, facts = sertraline
    facts["dose_rules"][0]["tags"]["max_daily"] = "UNVERIFIED"
    assert differences(meta, facts) == [
        "dosing[0] (Major depressive disorder, Adults): the facts for this rule are "
        "UNVERIFIED; never publish"
    ]


def test_boxed_warning_must_match_the_facts_exactly(sertraline):
    meta, facts = sertraline
    meta["boxed_warning"] = ["Serotonin syndrome"]
    assert differences(meta, facts) == [
        "boxed_warning item 'Serotonin syndrome' is not a boxed item in the facts",
        "boxed item 'Suicidal thoughts and behaviors' from the facts is missing from "
        "boxed_warning",
    ]


# Interactions: every structured entry is a verified label fact, its numbers included.

NUMBER = re.compile(r"\d+(?:[.,]\d+)*")


def _parties(entry):
    listed = entry.get("with") or []
    listed = [listed] if isinstance(listed, str) else listed
    return (frozenset(listed), frozenset(n.casefold() for n in entry.get("named") or []),
            entry["source"], str(entry["label_section"]))


def interaction_differences(meta, facts):
    """What the monograph's `interactions` state that its facts file does not hold."""
    held = {_parties(e): e for e in facts.get("interactions") or []}
    problems = []
    for index, entry in enumerate(meta.get("interactions") or []):
        where = f"interactions[{index}]"
        fact = held.get(_parties(entry))
        if fact is None:
            problems.append(f"{where}: no entry with these parties, source and section")
            continue
        if fact.get("tag") != "V-LABEL":
            problems.append(f"{where}: the facts entry is tagged {fact.get('tag')}")
        if fact.get("action") != entry["action"]:
            problems.append(f"{where}: action {entry['action']} but the facts say "
                            f"{fact.get('action')}")
        for key in ("limit", "interval"):
            for number in NUMBER.findall(entry.get(key, "")):
                if number not in NUMBER.findall(fact.get("label_says", "")):
                    problems.append(f"{where}: {key} number {number} is not in the facts")
    return problems


@pytest.mark.parametrize("slug", MONOGRAPH_SLUGS)
def test_monograph_interactions_are_held_by_its_facts(slug):
    assert interaction_differences(monograph_meta(slug), facts_for(slug)) == []


@pytest.fixture
def amlodipine():
    return copy.deepcopy(monograph_meta("amlodipine")), copy.deepcopy(facts_for("amlodipine"))


def test_a_raised_interaction_limit_is_caught(amlodipine):
    meta, facts = amlodipine
    entry = next(e for e in meta["interactions"] if e["action"] == "limit-dose")
    entry["limit"] = "simvastatin 40 mg a day or less"
    assert interaction_differences(meta, facts) == [
        "interactions[3]: limit number 40 is not in the facts"]


def test_a_softened_interaction_is_caught(amlodipine):
    meta, facts = amlodipine
    meta["interactions"][0]["action"] = "described"
    assert interaction_differences(meta, facts) == [
        "interactions[0]: action described but the facts say adjust-dose"]


def test_an_invented_interaction_is_caught(amlodipine):
    meta, facts = amlodipine
    meta["interactions"].append({**meta["interactions"][0], "named": ["grapefruit"]})
    assert interaction_differences(meta, facts) == [
        "interactions[5]: no entry with these parties, source and section"]
