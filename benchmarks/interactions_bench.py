"""Interaction checker latency at 10,000 synthetic monographs with 20 interactions each:
prints figures, asserts nothing.

    .venv/bin/python benchmarks/interactions_bench.py                 # temporary SQLite file
    .venv/bin/python benchmarks/interactions_bench.py --database-url postgres://u:p@host/db

Writes clearly synthetic rows (made-up names, "SYNTHETIC BENCHMARK" in every summary)
straight into a temporary SQLite database (or the PostgreSQL database given, whose
content it replaces): monographs with a source and a brand name each, 50 groups of 400
members, and 20 interactions per monograph (with other monographs, groups and named
medicines). Then, for 10 medicines picked at random (45 pairs) by generic or brand
name, p50/p95 of:

  view      `refsite.interactions.views.run`: reading the names, the rows and the
            checker (everything the page and the API do but render)
  checker   `checker.check` alone, over rows already read
  client    GET /api/v1/interactions?drugs=... end to end, page cache cleared each time

Target (issue 12): view p50 under 5 ms.
"""

import argparse
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYLLABLES = ["zor", "vel", "quin", "tam", "lor", "bex", "mip", "dra", "sul", "nor", "kef",
             "pra", "lin", "dox", "ter", "vas", "cor", "fen", "mir", "tol", "gab", "ris"]
ACTIONS = ["contraindicated", "boxed", "avoid", "limit-dose", "adjust-dose",
           "separate-doses", "monitor", "described"]


def percentile(samples, q):
    samples = sorted(samples)
    return samples[min(len(samples) - 1, round(q * (len(samples) - 1)))]


def names(count):
    rng = random.Random(12)
    found = []
    while len(found) < count:
        name = "".join(rng.choice(SYLLABLES) for _ in range(3)) + rng.choice(["ine", "ol", "am"])
        if name not in found:
            found.append(name)
    return found


def fill(count, per_monograph, groups):
    from django.db import transaction

    from refsite.interactions.models import Group, Interaction, Membership
    from refsite.monographs.models import Alias, ContentLoad, Monograph, Source

    rng = random.Random(3)
    generics = names(count)
    with transaction.atomic():
        Monograph.objects.all().delete()
        Group.objects.all().delete()
        monographs = Monograph.objects.bulk_create(
            Monograph(slug=g, generic_name=g, brand_names=[f"{g[:4].capitalize()}brand{i}"],
                      drug_class="Synthetic", status="reviewed",
                      summary="SYNTHETIC BENCHMARK monograph, not a real medicine.",
                      front_matter={}, source_path=f"monographs/{g}.md", content_hash=g)
            for i, g in enumerate(generics))
        Source.objects.bulk_create(
            Source(monograph=m, number=1, key="test-label", title=f"{m.slug} label",
                   short=f"{m.slug.upper()} label", url="https://example.org/label",
                   set_id="00000000-0000-0000-0000-000000000000", version=1)
            for m in monographs)
        Alias.objects.bulk_create(
            Alias(monograph=m, name=m.brand_names[0], slug=m.brand_names[0].lower(),
                  kind="brand") for m in monographs)
        group_rows = Group.objects.bulk_create(
            Group(slug=f"group-{n}", name=f"Group {n}", description="Synthetic.")
            for n in range(groups))
        Membership.objects.bulk_create(
            Membership(group=group_rows[(i + k) % groups], drug=m.slug, reason="Synthetic.",
                       source_key="test-label", source_owner=m.slug, label_section="1")
            for i, m in enumerate(monographs) for k in (0, 7))
        rows = []
        for m in monographs:
            for position in range(1, per_monograph + 1):
                kind, party = rng.choice([
                    ("with", rng.choice(generics)), ("with", f"group-{rng.randrange(groups)}"),
                    ("named", f"unlisted{rng.randrange(500)}")])
                rows.append(Interaction(
                    monograph=m, position=position, kind=kind, party=party, party_key=party,
                    effect="SYNTHETIC BENCHMARK effect.", action=rng.choice(ACTIONS),
                    source_key="test-label", label_section="7"))
        Interaction.objects.bulk_create(rows, batch_size=5000)
        ContentLoad.objects.create(added=count)
    return generics


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--monographs", type=int, default=10_000)
    parser.add_argument("--interactions", type=int, default=20, help="per monograph")
    parser.add_argument("--groups", type=int, default=50)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--database-url", default="")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="refsite-interactions-bench-"))
    try:
        os.environ["DATABASE_URL"] = args.database_url or f"sqlite:///{workdir / 'b.sqlite3'}"
        os.environ.pop("DJANGO_DEBUG", None)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refsite.settings")
        os.environ.setdefault("ALLOWED_HOSTS", "testserver")
        import django

        django.setup()
        from django.core.cache import caches
        from django.core.management import call_command
        from django.db import connection
        from django.test import Client

        from refsite.core.caching import PAGE_CACHE
        from refsite.interactions import checker, lookup, views

        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        generics = fill(args.monographs, args.interactions, args.groups)
        print(f"stored {args.monographs} monographs x {args.interactions} interactions on "
              f"{connection.vendor} in {time.perf_counter() - started:.1f}s")
        rng = random.Random(5)
        picks = rng.sample(generics, 10)
        # half by brand name, as readers type them
        typed = [p if i % 2 else f"{p[:4].capitalize()}brand{generics.index(p)}"
                 for i, p in enumerate(picks)]
        drugs = ",".join(typed)
        request, results = views.run([drugs])
        assert len(request.medicines) == 10, request.unlisted
        statements = lookup.statements(request.medicines)
        client = Client(SERVER_NAME="testserver", **{"wsgi.url_scheme": "https"})

        def api():
            caches[PAGE_CACHE].clear()
            return client.get("/api/v1/interactions", {"drugs": drugs}, secure=True)

        paths = {"view": lambda: views.run([drugs]),
                 "checker": lambda: checker.check(request.medicines, statements),
                 "client": api}
        samples = {name: [] for name in paths}
        for fn in paths.values():
            fn()
        for _ in range(args.runs):
            for name, fn in paths.items():
                begun = time.perf_counter()
                fn()
                samples[name].append((time.perf_counter() - begun) * 1000)
        print(f"10 medicines ({len(results)} pairs, {sum(r.found for r in results)} with "
              f"statements, {len(statements)} statements read), {args.runs} runs, "
              f"load {os.getloadavg()[0]:.2f}")
        for name, values in samples.items():
            print(f"{name:8} p50 {percentile(values, 0.5):7.2f} ms   "
                  f"p95 {percentile(values, 0.95):7.2f} ms")
        print("target: view p50 under 5 ms")
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
