"""How long the editors' check takes on a large content tree.

Copies the shipped clonazepam monograph N times (renamed so slugs and brand names stay
unique) into a temporary content/ folder and times `pipeline.run.check` on all of it,
then prints files per second and the time per file. Bounded: N defaults to 300.

    .venv/bin/python benchmarks/check_content.py [N]
"""

import os
import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refsite.settings")

import django  # noqa: E402

django.setup()

from refsite.publishing import run  # noqa: E402


def build(root, count):
    (root / "monographs").mkdir(parents=True)
    shutil.copytree(ROOT / "content" / "schema", root / "schema")
    shutil.copytree(ROOT / "content" / "labels", root / "labels")
    (root / "reference").mkdir()
    text = (ROOT / "content" / "monographs" / "clonazepam.md").read_text()
    facts = (ROOT / "content" / "reference" / "clonazepam.yaml").read_text()
    for n in range(count):
        slug = f"clonazepam-{n}"
        copy = text.replace("slug: clonazepam", f"slug: {slug}")
        copy = copy.replace("brand_names: [Klonopin]", f"brand_names: [Klonopin-{n}]")
        copy = re.sub(r"^(synonyms|misspellings): .*\n", "", copy, flags=re.M)
        (root / "monographs" / f"{slug}.md").write_text(copy)
        (root / "reference" / f"{slug}.yaml").write_text(facts.replace(
            "drug: clonazepam", f"drug: {slug}"))


def main():
    count = min(int(sys.argv[1]) if len(sys.argv) > 1 else 300, 5000)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "content"
        build(root, count)
        started = time.perf_counter()
        result = run.check(root=root)
        elapsed = time.perf_counter() - started
    print(f"files checked:      {result.files}")
    print(f"findings:           {len(result.findings)}")
    print(f"total:              {elapsed:.2f} s")
    print(f"per file:           {elapsed / count * 1000:.1f} ms")
    print(f"files per second:   {count / elapsed:.0f}")


if __name__ == "__main__":
    main()
