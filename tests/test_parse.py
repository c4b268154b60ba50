"""Parsing: front matter and sections keep their file lines; unsafe input is refused."""

from pathlib import Path

import pytest

from refsite.publishing.findings import ContentError
from refsite.publishing.parse import discover, parse_file, parse_text

from .factories import monograph_text

TEXT = """---
slug: demo
generic_name: demo
dosing:
  - indication: Seizures
    max_daily: {value: 20, unit: mg/day}
---

## Indications

Seizures.

## Dosing

Up to 20 mg.
"""


def codes(exc_info):
    return [f.code for f in exc_info.value.findings]


def test_front_matter_keys_keep_their_line_numbers():
    doc = parse_text(TEXT, Path("demo.md"))
    assert doc.line_of("slug") == 2
    assert doc.line_of("dosing", 0, "max_daily") == 6
    assert doc.line_of("dosing", 0, "max_daily", "value") == 6


def test_sections_keep_heading_lines_and_text():
    doc = parse_text(TEXT, Path("demo.md"))
    assert [(s.title, s.line, s.anchor) for s in doc.sections] == [
        ("Indications", 9, "indications"),
        ("Dosing", 13, "dosing"),
    ]
    assert doc.sections[1].markdown.strip() == "Up to 20 mg."


def test_body_lines_are_numbered_as_in_the_file():
    doc = parse_text(TEXT, Path("demo.md"))
    numbered = dict(doc.body_lines())
    assert numbered[15] == "Up to 20 mg."


def test_dates_stay_text_so_the_schema_judges_them():
    doc = parse_text(monograph_text(reviewed_on="2026-01-10"), Path("t.md"))
    assert doc.meta["reviewed_on"] == "2026-01-10"


def test_headings_inside_code_fences_are_not_sections():
    text = "---\nslug: x\n---\n\n## Indications\n\n```\n## not a heading\n```\n"
    doc = parse_text(text, Path("x.md"))
    assert [s.title for s in doc.sections] == ["Indications"]


def test_missing_front_matter_is_reported_at_line_one():
    with pytest.raises(ContentError) as exc:
        parse_text("## Indications\n", Path("x.md"))
    assert codes(exc) == ["YAML001"]


def test_unclosed_front_matter_is_reported():
    with pytest.raises(ContentError) as exc:
        parse_text("---\nslug: x\n", Path("x.md"))
    assert codes(exc) == ["YAML001"]


def test_invalid_yaml_names_the_line():
    with pytest.raises(ContentError) as exc:
        parse_text("---\nslug: x\nsummary: [unclosed\n---\n", Path("x.md"))
    assert codes(exc) == ["YAML002"]
    assert exc.value.findings[0].line >= 3


def test_yaml_object_tags_are_refused():
    text = "---\nslug: !!python/object/apply:os.system ['echo owned']\n---\n"
    with pytest.raises(ContentError) as exc:
        parse_text(text, Path("x.md"))
    assert codes(exc) == ["YAML002"]


def test_duplicate_keys_are_refused():
    with pytest.raises(ContentError) as exc:
        parse_text("---\nslug: a\nslug: b\n---\n", Path("x.md"))
    assert codes(exc) == ["YAML004"]
    assert exc.value.findings[0].line == 3


def test_front_matter_that_is_not_a_mapping_is_refused():
    with pytest.raises(ContentError) as exc:
        parse_text("---\n- a\n- b\n---\n", Path("x.md"))
    assert codes(exc) == ["YAML003"]


def test_non_utf8_file_is_refused_with_its_line(tmp_path):
    path = tmp_path / "x.md"
    path.write_bytes(b"---\nslug: x\ngeneric_name: caf\xe9\n---\n")
    with pytest.raises(ContentError) as exc:
        parse_file(path, tmp_path, 10_000)
    assert codes(exc) == ["FILE002"]
    assert exc.value.findings[0].line == 3


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "x.md"
    path.write_text("---\nslug: x\n---\n" + "a" * 2000)
    with pytest.raises(ContentError) as exc:
        parse_file(path, tmp_path, 1000)
    assert codes(exc) == ["FILE001"]


def test_symlink_leaving_the_content_root_is_not_read(tmp_path):
    root = tmp_path / "content"
    (root / "monographs").mkdir(parents=True)
    outside = tmp_path / "secret.md"
    outside.write_text("---\nslug: secret\n---\n")
    (root / "monographs" / "secret.md").symlink_to(outside)
    files, findings = discover(root)
    assert files == []
    assert [f.code for f in findings] == ["FILE003"]


def test_dotdot_path_outside_the_root_is_not_read(tmp_path):
    root = tmp_path / "content"
    (root / "monographs").mkdir(parents=True)
    (tmp_path / "other.md").write_text("---\nslug: other\n---\n")
    files, findings = discover(root, [root / "monographs" / ".." / ".." / "other.md"])
    assert files == []
    assert [f.code for f in findings] == ["FILE003"]


def test_readme_files_in_the_content_folder_are_not_monographs(tmp_path):
    root = tmp_path / "content"
    (root / "monographs").mkdir(parents=True)
    (root / "monographs" / "README.md").write_text("# notes\n")
    files, findings = discover(root)
    assert files == [] and findings == []


def test_body_offsets_map_to_file_lines_and_columns():
    doc = parse_text("---\nslug: x\n---\n\n## Dosing\n\nTake 2 mg.\n", Path("x.md"))
    offset = doc.body.index("2 mg")
    assert doc.position(offset) == (7, 6)
    assert doc.position(0) == (doc.body_line, 1)
