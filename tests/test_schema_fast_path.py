"""The schema check trusts jsonschema-rs only when it says "valid": that must never hide
an error jsonschema finds. Held on every shipped monograph and on front matter changed
in the ways an editor's slip changes it (a key dropped, added or renamed, a value of the
wrong type, a string where a date, enum or pattern is wanted, nested anywhere)."""

import copy
import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from refsite.publishing.parse import parse_file
from refsite.publishing.validate import schema

from .factories import PROJECT_CONTENT

VALIDATOR = schema.load_validator(str(PROJECT_CONTENT / schema.SCHEMA_PATH))
SHIPPED = [parse_file(path, PROJECT_CONTENT, 10**7).meta
           for path in sorted((PROJECT_CONTENT / "monographs").glob("*.md"))]


def errors(meta):
    return list(VALIDATOR.full.iter_errors(meta))


def test_every_shipped_front_matter_takes_the_fast_path():
    """The comparison below means something only if valid files skip jsonschema."""
    assert SHIPPED and all(VALIDATOR.fast.is_valid(meta) for meta in SHIPPED)


def test_an_error_is_reported_by_jsonschema_with_its_message():
    meta = {**SHIPPED[0], "status": "approved"}
    found = list(VALIDATOR.iter_errors(meta))
    assert [e.validator for e in found] == ["enum"]


@pytest.mark.parametrize("value", [datetime.date(2026, 1, 1), {1: "x"}, float("nan")])
def test_a_value_jsonschema_rs_cannot_read_goes_to_jsonschema(value):
    meta = {**SHIPPED[0], "reviewed_on": value}
    assert [e.message for e in VALIDATOR.iter_errors(meta)] == [e.message for e in errors(meta)]
    assert errors(meta)


# Strings near what a field wants: impossible dates, other enum values, too long.
NEAR_STRINGS = ["", " ", "2026-02-30", "2026-13-01", "26-01-01", "2026-01-01\n",
                        "2026-1-1", "reviewed", "draft", "mg", "mcg", "tablet", "https://x",
                        "http://", "\u00e9", "a" * 400, "1", "0", "-1", "Drug Name"]
NEAR = st.sampled_from(NEAR_STRINGS)
SCALARS = (st.none() | st.booleans() | st.integers(-10**6, 10**6)
           | st.floats(allow_nan=False) | st.text(max_size=30) | NEAR)
VALUES = st.recursive(SCALARS, lambda inner: st.lists(inner, max_size=3)
                      | st.dictionaries(st.text(max_size=12), inner, max_size=3), max_leaves=8)


def _paths(value, path=()):
    """Every key path in `value`, itself included."""
    yield path
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*path, index))


def _at(value, path):
    for key in path:
        value = value[key]
    return value


@st.composite
def edited_front_matter(draw):
    meta = copy.deepcopy(draw(st.sampled_from(SHIPPED)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([p for p in _paths(meta) if p]))
        *parents, last = path
        container = _at(meta, parents)
        action = draw(st.sampled_from(["near", "replace", "drop", "add", "rename", "copy"]))
        if action == "near":  # another string where a string is
            strings = [p for p in _paths(meta) if p and isinstance(_at(meta, p), str)]
            *parents, last = path = draw(st.sampled_from(strings))
            container = _at(meta, parents)
            container[last] = draw(NEAR)
        elif action == "replace":
            container[last] = draw(VALUES)
        elif action == "drop":
            del container[last]
        elif action == "add" and isinstance(container, dict):
            container[draw(st.text(max_size=12))] = draw(VALUES)
        elif action == "rename" and isinstance(container, dict):
            container[last + draw(st.sampled_from(["_", "s", " "]))] = container.pop(last)
        elif action == "copy":  # a sibling's value: right shape, maybe wrong place
            siblings = list(container.values() if isinstance(container, dict) else container)
            container[last] = copy.deepcopy(draw(st.sampled_from(siblings)))
    return meta


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edited_front_matter())
def test_the_fast_verdict_never_hides_an_error(meta):
    if VALIDATOR._surely_valid(meta):
        assert errors(meta) == []


def test_no_string_of_a_shipped_page_can_be_changed_to_a_hidden_error():
    """Every string of a page, in turn, set to every near-miss value (the first item of
    each list stands for the others: they share a schema)."""
    meta = min(SHIPPED, key=lambda meta: len(list(_paths(meta))))  # the quickest to check
    strings = [p for p in _paths(meta) if p and isinstance(_at(meta, p), str)
               and not any(isinstance(key, int) and key > 0 for key in p)]
    assert len(strings) > 20
    for path in strings:
        *parents, last = path
        for value in NEAR_STRINGS:
            changed = copy.deepcopy(meta)
            _at(changed, parents)[last] = value
            if VALIDATOR._surely_valid(changed):
                assert errors(changed) == [], (path, value)
