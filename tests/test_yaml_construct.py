"""Front matter and facts files are built into data by refsite's own walk of the YAML
nodes for the common nodes, by PyYAML's constructor for the rest: the data is the same
as PyYAML alone builds, on every shipped file and on generated YAML of every kind. The
nodes' tags come from refsite's own copy of PyYAML's resolver: they are the tags
PyYAML's resolver gives."""

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


class _PyYAMLResolving(_PlainDataLoader):
    """_PlainDataLoader with PyYAML's own resolve, descend_resolver and ascend_resolver."""

    resolve = yaml.resolver.BaseResolver.resolve
    descend_resolver = yaml.resolver.BaseResolver.descend_resolver
    ascend_resolver = yaml.resolver.BaseResolver.ascend_resolver


def _tags(text, loader_class):
    """Every node's (tag, value) in document order, or the error's type and message."""
    loader = loader_class(text)
    try:
        return _walk(loader.get_single_node())
    except yaml.YAMLError as exc:
        return type(exc).__name__, str(exc)
    finally:
        loader.dispose()


def _walk(node):
    if isinstance(node, yaml.ScalarNode):
        return [(node.tag, node.value)]
    if isinstance(node, yaml.SequenceNode):
        return [(node.tag, None), *(pair for item in node.value for pair in _walk(item))]
    if isinstance(node, yaml.MappingNode):
        return [(node.tag, None), *(pair for key, value in node.value
                                    for pair in [*_walk(key), *_walk(value)])]
    return [(None, None)]  # an empty document


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


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_every_shipped_node_gets_the_tag_pyyaml_resolves(path):
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".md":
        text = text.split("---\n", 2)[1]
    assert _tags(text, _PlainDataLoader) == _tags(text, _PyYAMLResolving)


# Plain scalars as an editor might write them, dumped as they are (not quoted by a dumper).
PLAIN = st.one_of(SCALARS.map(str), st.text(
    st.sampled_from("aeonNtTfFyY~0123456789.+-_:<=!'\" #e"), max_size=8))


@settings(max_examples=300, deadline=None)
@given(values=st.lists(PLAIN, max_size=6), keys=st.lists(PLAIN, max_size=3))
def test_plain_scalars_get_the_tag_pyyaml_resolves(values, keys):
    text = "\n".join([*(f"- {value}" for value in values),
                      f"- {{{', '.join(f'{key}: {key}' for key in keys)}}}", "- ", "-"])
    assert _tags(text, _PlainDataLoader) == _tags(text, _PyYAMLResolving)


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
