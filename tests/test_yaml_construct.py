"""Front matter and facts files are built into data by refsite's own walk of the YAML
nodes for the common nodes, by PyYAML's constructor for the rest: the data is the same
as PyYAML alone builds, on every shipped file and on generated YAML of every kind."""

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from refsite.publishing.parse import _construct, _PlainDataLoader

from .factories import PROJECT_CONTENT


def _built(text, construct):
    """_typed data of `text`, or the error's type and message."""
    loader = _PlainDataLoader(text)
    try:
        return _typed(construct(loader, loader.get_single_node()))
    except yaml.YAMLError as exc:
        return type(exc).__name__, str(exc)
    finally:
        loader.dispose()


def _both(text):
    return (_built(text, _construct),
            _built(text, lambda loader, node: loader.construct_document(node)))


def _typed(value):
    """The value with each item's type, so 1 and 1.0 and True are told apart."""
    if isinstance(value, dict):
        return ("dict", [(_typed(k), _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


SHIPPED = sorted([*(PROJECT_CONTENT / "monographs").glob("*.md"),
                  *(PROJECT_CONTENT / "reference").glob("*.yaml"),
                  PROJECT_CONTENT / "groups.yaml"])


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_every_shipped_file_is_built_as_pyyaml_builds_it(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n", 2)[1]
    ours, theirs = _both(text)
    assert ours == theirs


SCALARS = st.one_of(
    st.text(max_size=12), st.integers(), st.floats(allow_nan=False), st.booleans(),
    st.none(), st.sampled_from(["yes", "No", "on", "~", "null", "1:30", "0x1F", "0o17",
                                "1_000", ".inf", "-.Inf", "2024-13-01", "2024-01-01",
                                "12:30:00", "=", "<<", "!", "'", "#", "- a"]))
DATA = st.recursive(SCALARS, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.one_of(st.text(max_size=6), st.integers(), st.booleans(),
                              st.none()), inner, max_size=4)), max_leaves=20)


@settings(max_examples=150, deadline=None)
@given(data=DATA, flow=st.sampled_from([None, True, False]))
def test_generated_yaml_is_built_as_pyyaml_builds_it(data, flow):
    ours, theirs = _both(yaml.safe_dump(data, default_flow_style=flow, allow_unicode=True))
    assert ours == theirs


@pytest.mark.parametrize("text", [
    "a: 1\nb: {c: [1, 2.5, true, null, '3']}\n",
    "base: {x: 1}\nother:\n  <<: {x: 2, y: 3}\n  z: 4\n",  # a merge key
    "? [1, 2]\n: pair\n",  # a key that is a list: PyYAML's error
    "a: !!str 12\nb: !!int '7'\nc: !!float 1\nd: !!binary aGk=\ne: !!set {x, y}\n",
    "a: !!omap [x: 1, y: 2]\nb: !!pairs [x: 1, x: 2]\n",
    "dup: 1\ndup: 2\nother: 3\n",
    "- 1\n- [a, {b: c}]\n- ''\n",
    "just text\n",
])
def test_special_nodes_are_built_as_pyyaml_builds_them(text):
    ours, theirs = _both(text)
    assert ours == theirs
