"""The content check is a pure function of the files: no database, no Django settings."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .factories import PROJECT_CONTENT

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.django_db
def test_check_content_makes_no_query(django_assert_num_queries):
    from refsite.publishing import run

    with django_assert_num_queries(0):
        result = run.check(root=PROJECT_CONTENT)
    assert result.files == len(list((PROJECT_CONTENT / "monographs").glob("*.md")))


def test_rules_run_without_django_settings(tmp_path):
    """Parse and validate a file in a process that has no DJANGO_SETTINGS_MODULE."""
    script = f"""
from pathlib import Path
from refsite.publishing.parse import parse_text
from refsite.publishing.validate import context_for, validate
text = Path({str(ROOT / "tests" / "fixtures" / "clonazepam-unreviewed.md")!r}).read_text()
doc = parse_text(text, Path("clonazepam.md"))
codes = sorted({{f.code for f in validate([doc], context_for({str(PROJECT_CONTENT)!r}))}})
print(" ".join(codes))
"""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run([sys.executable, "-c", script], env=env, cwd=tmp_path,
                          capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert {"DOSE001", "NOTATION003", "FM001"} <= set(done.stdout.split())
