"""Every code the check can report is documented for editors, with an example."""

import re
from pathlib import Path

from refsite.publishing.validate import CODES

ROOT = Path(__file__).resolve().parent.parent
ROW_RE = re.compile(r"^\| (?P<code>[A-Z]+\d{3}) \| (?P<rule>[^|]+) \| (?P<example>[^|]+) \|$",
                    re.M)


def documented():
    text = (ROOT / "content" / "README.md").read_text(encoding="utf-8")
    return {m["code"]: m for m in ROW_RE.finditer(text)}


def test_every_code_is_in_the_editors_guide_with_an_example():
    rows = documented()
    assert sorted(rows) == sorted(CODES)
    assert all(row["example"].strip() for row in rows.values())


def test_every_code_is_reported_somewhere_in_the_code():
    source = "\n".join(p.read_text() for p in (ROOT / "refsite").rglob("*.py"))
    for code in CODES:
        assert source.count(f'"{code}"') >= 2, code  # declared in CODES and reported


def test_the_pull_request_workflow_runs_the_check_and_keeps_the_preview():
    import yaml

    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "content.yml").read_text())
    trigger = workflow[True]["pull_request"]["paths"]  # YAML 1.1 reads `on:` as True
    assert "content/**" in trigger
    steps = workflow["jobs"]["check"]["steps"]
    run = next(s["run"] for s in steps if "run" in s)
    makefile = (ROOT / "Makefile").read_text()
    target = re.search(r"^preview:.*\n\t(?P<command>.*)$", makefile, re.M)["command"]
    assert run == "make preview PREVIEW_DIR=content-preview"
    assert "check_content --preview $(PREVIEW_DIR)" in target
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact"))
    assert upload["if"] == "always()" and upload["with"]["path"] == "content-preview/"
