"""The fields table agrees with the schema and the model, so a field cannot be half added."""

import json
from pathlib import Path

from refsite.monographs import fields
from refsite.monographs.models import Monograph, Revision

SCHEMA = json.loads(
    (Path(__file__).resolve().parent.parent / "content" / "schema" / "monograph.schema.json")
    .read_text(encoding="utf-8"))


def test_every_schema_key_has_one_line_in_the_table():
    assert sorted(f.key for f in fields.FIELDS) == sorted(SCHEMA["properties"])


def test_every_stored_attribute_is_a_model_field():
    model_fields = {f.name for f in Monograph._meta.concrete_fields}
    stored = {f.attribute for f in fields.FIELDS if f.attribute}
    assert stored <= model_fields


def test_every_model_field_comes_from_the_table_or_the_pipeline():
    model_fields = {f.name for f in Monograph._meta.concrete_fields} - {"id"}
    stored = {f.attribute for f in fields.FIELDS if f.attribute}
    assert model_fields == stored | fields.PIPELINE_ATTRIBUTES


def test_required_schema_keys_are_page_inputs():
    assert set(SCHEMA["required"]) - {"dosing", "sources"} <= fields.PAGE_INPUTS


def test_absent_optional_fields_store_their_defaults():
    values = fields.attributes({"slug": "x", "summary": "  Plain words.  "})
    assert values["summary"] == "Plain words."
    assert values["brand_names"] == [] and values["reviewed_on"] is None
    assert values["rxcui"] == ""


def test_displayed_text_covers_summary_boxed_items_and_dose_rule_words():
    meta = {"summary": "S", "boxed_warning": ["B"], "dosing": [
        {"indication": "I", "note": "N", "titration": {"every": "3 days"}}]}
    assert list(fields.displayed_text(meta)) == [
        (("summary",), "S"), (("boxed_warning", 0), "B"), (("dosing", 0, "indication"), "I"),
        (("dosing", 0, "note"), "N"), (("dosing", 0, "titration", "every"), "3 days")]


def test_every_stored_text_fits_its_column():
    """PostgreSQL refuses a value longer than its column (SQLite does not), so the
    schema must refuse it first, at its line, before a load fails on one database."""
    for field in fields.FIELDS:
        column = Monograph._meta.get_field(field.attribute) if field.attribute else None
        if getattr(column, "max_length", None) and SCHEMA["properties"][field.key].get(
                "$ref") == "#/$defs/text":
            assert SCHEMA["properties"][field.key].get("maxLength", 10**9) <= column.max_length, \
                field.key
    changes = Revision._meta.get_field("changes").max_length
    assert SCHEMA["properties"]["changes"]["maxLength"] <= changes


def test_a_change_line_longer_than_its_column_is_a_finding(content):
    content.write(changes="Rewritten. " * 50)
    found = [f for f in content.check().findings if f.code.startswith("FM")]
    assert len(found) == 1 and "changes" in found[0].message, found
