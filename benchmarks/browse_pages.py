"""Time the browse, history and API pages with many monographs, and count their queries.

    .venv/bin/python benchmarks/browse_pages.py [--monographs 500] [--requests 20]

Uses a throwaway SQLite database (or DATABASE_URL if set) and a generated content tree;
prints one line per URL: queries per request and median / worst milliseconds.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--monographs", type=int, default=500)
    parser.add_argument("--requests", type=int, default=20)
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="refsite-bench-"))
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'bench.sqlite3'}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refsite.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    from refsite.publishing import run
    from tests.conftest import ContentTree
    from tests.factories import FRONT_MATTER

    setup_test_environment()
    call_command("migrate", verbosity=0)
    tree = ContentTree(workdir / "content")
    classes = ["Benzodiazepine", "Anticonvulsant", "SSRI", "Statin", "ACE inhibitor"]
    for n in range(args.monographs):
        rule = dict(FRONT_MATTER["dosing"][0], indication=f"Condition {n % 40} disorders")
        tree.write(f"drug{n:04d}", drug_class=classes[n % len(classes)], dosing=[rule])
    started = time.perf_counter()
    run.load(root=tree.root)
    print(f"loaded {args.monographs} monographs in {time.perf_counter() - started:.1f}s")

    client = Client()
    urls = ["/drugs/", "/classes/", "/classes/statin/", "/conditions/",
            "/conditions/condition-7-disorder/", "/drugs/drug0001/", "/drugs/drug0001/history/",
            "/api/v1/monographs/", "/api/v1/monographs/drug0001",
            "/fhir/MedicationKnowledge/drug0001", "/feeds/changes/", "/sitemap.xml"]
    for url in urls:
        timings = []
        for _ in range(args.requests):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
        print(f"{url:40} {len(queries):3d} queries  median {statistics.median(timings):7.1f} ms"
              f"  worst {max(timings):7.1f} ms")


if __name__ == "__main__":
    main()
