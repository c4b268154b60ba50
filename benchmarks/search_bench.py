"""Search latency on 10,000 synthetic monographs: prints figures, asserts nothing.

    .venv/bin/python benchmarks/search_bench.py                 # temporary SQLite file
    .venv/bin/python benchmarks/search_bench.py --database-url postgres://u:p@host/db

Generates clearly synthetic monographs (made-up names, "SYNTHETIC BENCHMARK" in every
summary) into a temporary directory, never into content/, loads them through the real
pipeline (check, render, store, index) into a temporary SQLite database (or the
PostgreSQL database given, whose published set it replaces), then for a fixed list of
queries measures, per query, p50/p95 of:

  client    GET /search/?q=... through Django's test client (end to end)
  function  refsite.search.ranking.search(q) called directly
  raw       the SQL statements that call sends for q, recorded and sent again
            straight through sqlite3 (or psycopg): the database's share of the work,
            whatever path q takes (a misspelling's fallback, an any-word retry), so
            func/raw is what Django and Python add
  bm25      the bare full-text query for the same words: FTS5 MATCH ordered by bm25
            (or tsvector @@ ordered by ts_rank on PostgreSQL), top 20 rowids, with no
            grouping by monograph, no names first, no total, nothing to show

Each query is labelled with the path it took: ranked (every word found), any word (no
monograph has every word), misspelling (close names instead) or none. Targets: client
p50 <= 5 ms; function within 3x of raw (issue 4); function within 2x of bm25, pooled
p50 of the ranked queries, the ones where the bare query does the same search (issue
18).

A second table (issue 15) measures what reading the query adds, in the same run, with
the shipped lay vocabulary (content/search/lay-terms.yaml) in place:

  without   what the search page did before: the exact-name shortcut, then ranking
  with      refsite.search.answers.respond(q): names and drafts looked up, everyday
            words widened, the answer section or the coverage notice, then ranking

Target: with - without <= 0.5 ms at p50; the step alone (understand.read and
query.expand) is printed beside it, with what the names it reads from memory
(refsite.search.names) cost: megabytes, and the time to read them once per version of
the published set and process. The run is bounded (--runs per query,
--monographs); on a shared machine the figures move with the load, which is printed.
"""

import argparse
import os
import random
import re
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SYLLABLES = ["zor", "vel", "quin", "tam", "lor", "bex", "mip", "dra", "sul", "nor", "kef",
             "pra", "lin", "dox", "ter", "vas", "cor", "fen", "mir", "tol", "gab", "ris"]
SUFFIXES = ["azine", "olol", "pril", "statin", "mab", "cillin", "oxacin", "tidine",
            "zepam", "vir", "azole", "dronate", "parin", "setron", "tinib"]
CONDITIONS = [f"{a} {b}" for a in ("chronic", "acute", "recurrent", "seasonal", "mild",
                                    "severe", "nocturnal", "juvenile")
              for b in ("renal insufficiency", "panic disorder", "narrow-angle glaucoma",
                        "migraine", "asthma", "eczema", "gout", "angina", "psoriasis",
                        "insomnia", "vertigo", "neuropathy", "bronchitis", "dermatitis")]
EFFECTS = ["drowsiness", "headache", "nausea", "dizziness", "dry mouth", "rash",
           "constipation", "diarrhea", "fatigue", "blurred vision", "tremor", "cough",
           "palpitations", "sweating", "itching", "weight gain", "hair loss", "anxiety"]
RISKS = ["liver injury", "low blood pressure", "slowed breathing", "bleeding",
         "serotonin syndrome", "kidney injury", "low sodium", "falls in older adults",
         "withdrawal reactions", "allergic reactions", "QT prolongation", "infections"]
CLASSES = [f"{a.capitalize()}{b} {kind}"
           for a, b in zip(SYLLABLES, reversed(SYLLABLES), strict=True)
           for kind in ("blocker", "agonist")][:40]
CITE = "[^test-label]"
SEED = 20261125


def make_names(rng, count):
    """`count` distinct made-up names of two or three syllables and a suffix."""
    names = set()
    while len(names) < count:
        syllables = rng.sample(SYLLABLES, rng.choice((2, 3)))
        names.add("".join(syllables) + rng.choice(SUFFIXES))
    return sorted(names)


def sentence(rng, words, n):
    return ", ".join(rng.sample(words, n))


def synthetic_names(count, seed=SEED):
    """(generic names, brand names): distinct, made up, the same for the same seed."""
    rng = random.Random(seed)
    pool = make_names(rng, count * 2)
    rng.shuffle(pool)
    return sorted(pool[:count]), [b.capitalize() for b in pool[count:]]


def generate(root, count, seed=SEED):
    """Write `count` synthetic monographs under root/monographs and return
    [(path, text, front matter, {section title: Markdown})]."""
    import yaml

    from tests.factories import facts_vouching_for, front_matter, monograph_text

    rng = random.Random(seed)
    generics, brands = synthetic_names(count, seed)
    taken = {name.casefold() for name in generics + brands}
    folder = root / "monographs"
    folder.mkdir(parents=True)
    (root / "reference").mkdir()
    shutil.copytree(ROOT / "content" / "schema", root / "schema")
    written = []
    for n, generic in enumerate(generics):
        misspelling = generic[:3] + generic[4:]
        synonyms = [] if misspelling in taken else [misspelling]
        taken.add(misspelling)
        meta = front_matter(
            slug=generic, generic_name=generic, brand_names=[brands[n]], synonyms=synonyms,
            drug_class=CLASSES[n % len(CLASSES)],
            summary=f"SYNTHETIC BENCHMARK MONOGRAPH {n}: {generic} is not a real medicine; "
                    f"this text exists only to measure search.",
        )
        others = rng.sample(generics, 2)
        start, most = rng.randint(1, 50), rng.randint(51, 400)
        # No boxed warning, and a dosing table that agrees with the Dosing section, so
        # the review gate's BOX and DOSE rules pass.
        meta["boxed_warning"] = []
        meta["dosing"][0].update(initial={"value": start, "unit": "mg/day"},
                                 max_daily={"value": most, "unit": "mg/day"})
        body = {
            "Indications": f"Synthetic text. Used for {sentence(rng, CONDITIONS, 2)}.{CITE}",
            "Mechanism of action": f"Synthetic text. Acts on the {rng.choice(SYLLABLES)} "
                                   f"receptor in the {rng.choice(['brain', 'liver', 'gut'])}."
                                   f"{CITE}",
            "Dosing": f"Synthetic text. Start at {start} mg a day; at most "
                      f"{most} mg a day.{CITE}",
            "Warnings": f"Synthetic text. Risks of {sentence(rng, RISKS, 3)}.{CITE}",
            "Side effects": f"Synthetic text. Common: {sentence(rng, EFFECTS, 5)}.{CITE}",
            "Contraindications": f"Synthetic text. Do not use with "
                                 f"{sentence(rng, CONDITIONS, 1)}.{CITE}",
            "Interactions": f"Synthetic text. Taking it with {others[0]} or {others[1]} "
                            f"adds to {rng.choice(EFFECTS)}.{CITE}",
        }
        path = folder / f"{generic}.md"
        text = monograph_text(meta=meta, sections=body)
        path.write_text(text)
        # Synthetic facts that vouch for the synthetic text, so the FACT/TRACE rules pass.
        (root / "reference" / f"{generic}.yaml").write_text(
            yaml.safe_dump(facts_vouching_for(text), sort_keys=False))
        written.append((path, text, meta, body))
    return written


def load_quickly(root, written):
    """Check a sample through the real check, then store everything through the real
    store step (which writes the search index in its transaction), with each section
    rendered by a one-line stand-in for Markdown: the synthetic text is one paragraph,
    and parsing and rendering 10,000 files would take most of the run."""
    import hashlib

    from django.utils.html import escape
    from django.utils.text import slugify

    from refsite.publishing import run
    from refsite.publishing.parse import Document
    from refsite.publishing.render import (
        RenderedMonograph,
        RenderedSection,
        plain_text,
    )
    from refsite.publishing.store import store

    sample = [str(path) for path, *_ in written[:: max(1, len(written) // 200)]]
    checked = run.check(sample, root=root)
    if checked.errors:
        raise SystemExit("\n".join(f.format() for f in checked.errors))
    print(f"checked {checked.files} sample files: no errors")
    cite = '<sup><a href="#source-test-label" title="Source 1">[1]</a></sup>'
    rendered = []
    for path, text, meta, body in written:
        sections = []
        for title, markdown in body.items():
            html = f"<p>{escape(markdown.replace(CITE, ''))}{cite}</p>"
            sections.append(RenderedSection(title, slugify(title), html, plain_text(html)))
        document = Document(
            path=path, display_path=f"monographs/{path.name}", text=text,
            content_hash=hashlib.sha256(text.encode()).hexdigest(), meta=meta, meta_lines={},
        )
        rendered.append(RenderedMonograph(document, tuple(sections)))
    # The database given may hold another published set (load.py's, say): the
    # benchmark replaces it, as the docstring says, rather than stop at the store's
    # guard against unpublishing most of the site.
    return store(rendered, full=True, allow_unpublish=True)


def percentile(samples, q):
    samples = sorted(samples)
    return samples[min(len(samples) - 1, round(q * (len(samples) - 1)))]


def timed(paths, runs):
    """Samples (ms) for each of `paths` (callables), run in turn so that all of them see
    the same moments of a shared machine's load; one warm-up call each first."""
    for fn in paths:
        fn()
    samples = [[] for _ in paths]
    for _ in range(runs):
        for fn, out in zip(paths, samples, strict=True):
            started = time.perf_counter()
            fn()
            out.append((time.perf_counter() - started) * 1000)
    return samples


def p50_p95(samples):
    return percentile(samples, 0.5), percentile(samples, 0.95)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--monographs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=40, help="timed runs per query and path")
    parser.add_argument("--database-url", default="",
                        help="PostgreSQL URL (default: a temporary SQLite file)")
    parser.add_argument("--full-pipeline", action="store_true",
                        help="load through parse, validate and Markdown rendering too "
                             "(about 40 ms a file: minutes for 10,000)")
    parser.add_argument("--keep-db", metavar="FILE",
                        help="SQLite file to load once and reuse on later runs")
    parser.add_argument("--reuse-loaded", action="store_true",
                        help="the --database-url database already holds the synthetic "
                             "set of an earlier run with the same --monographs")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="refsite-search-bench-"))
    try:
        run_benchmark(args, workdir)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


def run_benchmark(args, workdir):
    if args.database_url:
        database_url = args.database_url
    elif args.keep_db:
        database_url = f"sqlite:///{Path(args.keep_db).resolve()}"
    else:
        database_url = f"sqlite:///{workdir / 'bench.sqlite3'}"
    reuse = bool(args.keep_db and Path(args.keep_db).exists()) or (
        args.reuse_loaded and bool(args.database_url))
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("DJANGO_DEBUG", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "refsite.settings")
    os.environ["REFSITE_CONTENT_ROOT"] = str(workdir / "content")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from refsite.publishing import run
    from refsite.search.query import parse
    from refsite.search.ranking import search

    if reuse:
        print(f"reusing {args.keep_db or 'the loaded database'}")
    else:
        started = time.perf_counter()
        written = generate(workdir / "content", args.monographs)
        print(f"generated {len(written)} synthetic monographs in "
              f"{time.perf_counter() - started:.1f}s")
        call_command("migrate", verbosity=0)
        started = time.perf_counter()
        if args.full_pipeline:
            result, _ = run.load(root=workdir / "content", allow_unpublish=True)
        else:
            result = load_quickly(workdir / "content", written)
        print(f"stored and indexed on {connection.vendor} in "
              f"{time.perf_counter() - started:.1f}s: {result.summary()}")
    generics, brands = synthetic_names(args.monographs)
    # After the load: the synthetic pages use none of its terms (LAY001 in a check).
    (workdir / "content" / "search").mkdir(parents=True, exist_ok=True)
    shutil.copy(ROOT / "content" / "search" / "lay-terms.yaml",
                workdir / "content" / "search" / "lay-terms.yaml")

    rng = random.Random(7)
    picks = rng.sample(range(len(generics)), 4)
    queries = [
        generics[picks[0]],                        # exact generic name (client: redirect)
        brands[picks[1]],                          # exact brand name (client: redirect)
        generics[picks[2]][:5],                    # first letters of a name
        generics[picks[3]][:3] + generics[picks[3]][4:] + "x",  # misspelled name
        "panic disorder",                          # words in a section
        "narrow-angle glaucoma",
        "chronic gout",
        "serotonin syndrome",
        "drowsiness",                              # a common word
        "QT prolongation older adults",            # several words, no single row has all
        f"{generics[picks[0]]} liver injury",      # name + section words
        CLASSES[7],                                # drug class
        "xylophone",                               # nothing at all
        'NEAR( "unbalanced AND -',                 # operators, as plain words
    ]
    client = Client()
    raw = RawQuery(connection, database_url)
    load_before = os.getloadavg()
    rows = []
    for query in queries:
        terms = parse(query)
        path = path_of(search(query), terms)  # also warms what it caches
        statements = recorded(connection, lambda q=query: search(q))
        samples = timed([
            lambda q=query: client.get("/search/", {"q": q}),
            lambda q=query: search(q),
            lambda s=statements: raw.replay(s),
            lambda t=terms: raw.bm25(t),
        ], args.runs)
        if path == "ranked" and not raw.bm25(terms):
            print(f"WARNING: the bare query finds nothing for {query!r}, which the search "
                  "ranks: they do not match the same words, so their ratio means nothing")
        rows.append((query, path, len(statements), samples))
    raw.close()
    report(rows, args, connection.vendor, len(generics), load_before, os.getloadavg())
    step_queries = queries[:5] + [
        "fits",                                    # an everyday word
        "high blood pressure",                     # an everyday phrase
        f"{brands[picks[1]]} dose",                # a medicine and a question
        f"{generics[picks[0]]} and {brands[picks[1]]}",  # two medicines
        "ibuprofen",                               # a medicine refsite lacks
        "QT prolongation older adults",
    ]
    report_step([(q, timed([lambda q=q: before(q), lambda q=q: respond(q),
                            lambda q=q: reading(q)], args.runs))
                 for q in step_queries], args, connection.vendor)
    report_names()


# The exact-name shortcut as the page ran it before it read the query (issue 15).
EXACT_BEFORE_SQL = """
SELECT DISTINCT n.monograph_id FROM search_searchname n
WHERE n.key = %s AND n.kind IN ('generic', 'brand') LIMIT 2
"""


def before(query):
    """What the search page did before it read the query: the exact-name shortcut,
    then ranking."""
    from django.db import connection

    from refsite.search.query import normalize
    from refsite.search.ranking import search

    with connection.cursor() as cursor:
        cursor.execute(EXACT_BEFORE_SQL, [normalize(query)])
        if len(cursor.fetchall()) != 1:
            search(query)


def reading(query):
    """The step alone: names and drafts looked up, everyday words widened."""
    from refsite.search import understand
    from refsite.search.query import expand, parse
    from refsite.search.vocabulary import lay_vocabulary

    terms = parse(query)
    understand.read(terms)
    expand(terms, lay_vocabulary())


def respond(query):
    from refsite.search.answers import respond as answer

    answer(query)


def report_step(rows, args, vendor):
    print(f"\nreading the query (names, drafts, everyday words, answers): {args.runs} runs "
          f"per query, interleaved; milliseconds; {vendor}; load average "
          f"{os.getloadavg()[0]:.2f}")
    header = (f"{'query':34} {'without p50':>11} {'p95':>6} {'with p50':>8} {'p95':>6} "
              f"{'added p50':>9} {'step p50':>8} {'p95':>6}")
    print(header)
    print("-" * len(header))

    def line(label, without, with_, step):
        (a50, a95), (b50, b95), (s50, s95) = map(p50_p95, (without, with_, step))
        print(f"{label[:34]:34} {a50:11.2f} {a95:6.2f} {b50:8.2f} {b95:6.2f} "
              f"{b50 - a50:9.2f} {s50:8.3f} {s95:6.3f}")

    for query, samples in rows:
        line(query, *samples)
    print("-" * len(header))
    pooled_step = [[x for _q, samples in rows for x in samples[i]] for i in range(3)]
    line("all pooled", *pooled_step)
    print("(added: with - without, both moving with the machine's load; step: reading the "
          "query alone, what 'with' adds before ranking. Some queries rank less with it: a "
          "named medicine skips the misspelling fallback, a lone unknown name the any-word "
          "retry.)")
    step = percentile(pooled_step[2], 0.5)
    print(f"{vendor}: reading the query costs {step:.3f} ms at p50, all queries pooled "
          f"({'ok' if step <= 0.5 else 'OVER'}; target: the step adds <= 0.5 ms at p50)")


def report_names():
    """What the names held in memory (`search.names`) cost: read once per version of
    the published set and process, then kept."""
    import tracemalloc

    from refsite.search import names

    names.forget()
    started = time.perf_counter()
    held = names.current()
    took = (time.perf_counter() - started) * 1000
    names.forget()
    tracemalloc.start()
    held = names.current()
    size, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"names in memory: {len(held.published)} name keys of {held.published_count} "
          f"published medicines, {len(held.rows)} name rows for scoring misspellings here "
          f"(SQLite), {len(held.drafts)} draft names: {size / 2**20:.1f} MB, read in "
          f"{took:.0f} ms once per version of the published set and process")


def path_of(results, terms):
    """Which of the search's paths the query took (see the module docstring)."""
    from refsite.search.backends import backend
    from refsite.search.query import AND

    if results.fuzzy:
        return "misspelling"
    if not results.total:
        return "none"
    every_word = backend().ranked(terms, AND, 1, 0)[1]
    return "ranked" if every_word else "any word"


def recorded(connection, call):
    """[(sql, params)] that `call` sends through Django's connection."""
    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        call()
    return statements


def report(rows, args, vendor, monographs, load_before, load_after):
    print(f"\n{args.runs} runs per query and path, interleaved; milliseconds; {vendor}; "
          f"{monographs} monographs; {os.cpu_count()} cores shared with other work, load "
          f"average {load_before[0]:.2f} before and {load_after[0]:.2f} after, so figures "
          "move with it")
    header = (f"{'query':30} {'path':11} {'sql':>3} {'client p50':>10} {'p95':>6} "
              f"{'func p50':>8} {'p95':>6} {'raw p50':>7} {'p95':>6} {'bm25 p50':>8} "
              f"{'func/raw':>8} {'func/bm25':>9}")
    print(header)
    print("-" * len(header))

    def line(label, path, count, samples):
        client_, function, raw_, bm25 = (p50_p95(s) for s in samples)
        print(f"{label[:30]:30} {path:11} {count:>3} {client_[0]:10.2f} {client_[1]:6.2f} "
              f"{function[0]:8.2f} {function[1]:6.2f} {raw_[0]:7.3f} {raw_[1]:6.3f} "
              f"{bm25[0]:8.3f} {ratio(function[0], raw_[0]):8.1f} "
              f"{ratio(function[0], bm25[0]):9.1f}")

    for query, path, count, samples in rows:
        line(query, path, count, samples)
    print("-" * len(header))
    for path in ("ranked", "any word", "misspelling", "none"):
        these = [r for r in rows if r[1] == path]
        if these:
            line(f"pooled: {len(these)} queries", path, "", pooled(these))
    line("all queries pooled", "", "", pooled(rows))
    sums = [sum(p50_p95(r[3][i])[0] for r in rows) for i in range(4)]
    print(f"{'sum of the per-query p50s':46} {sums[0]:10.2f} {'':6} {sums[1]:8.2f} {'':6} "
          f"{sums[2]:7.3f} {'':6} {sums[3]:8.3f} {ratio(sums[1], sums[2]):8.1f} "
          f"{ratio(sums[1], sums[3]):9.1f}")
    print("\n(exact names: the client gets the redirect to the page. sql: statements the "
          "function sends; raw: those statements replayed outside Django; bm25: the bare "
          "full-text query for the words.)")
    ranked = [r for r in rows if r[1] == "ranked"]
    if ranked:
        function, bm25 = (percentile(s, 0.5) for s in pooled(ranked)[1::2])
        verdict = "ok" if function <= 2 * bm25 else "OVER 2x"
        print(f"ranked queries pooled: function p50 {function:.2f} ms = "
              f"{ratio(function, bm25):.2f}x the bare full-text query ({verdict})")
    print("targets: client p50 <= 5 ms; function p50 within 3x of raw p50; function "
          "p50 within 2x of bm25 p50, ranked queries pooled")


def pooled(rows):
    return [[x for r in rows for x in r[3][i]] for i in range(4)]


def ratio(a, b):
    return a / b if b else float("inf")


class RawQuery:
    """SQL outside Django: recorded statements sent again, and the bare bm25 query."""

    def __init__(self, connection, database_url):
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.db = sqlite3.connect(connection.settings_dict["NAME"])
        else:
            import psycopg
            # This cursor prepares statements it sees often, which Django's does not
            # (the function's statements are planned on every call): the replay errs on
            # the fast side. So does the bare query, whose plan costs little.
            self.db = psycopg.connect(database_url, autocommit=True)

    def replay(self, statements):
        for sql, params in statements:
            if self.vendor == "sqlite":  # Django's format placeholders, as its wrapper does
                sql = re.sub(r"(?<!%)%s", "?", sql).replace("%%", "%")
            self.db.execute(sql, params or ()).fetchall()

    def bm25(self, terms):
        if not terms:
            return []
        if self.vendor == "sqlite":
            from refsite.search.backends.sqlite_fts5 import match_expression
            return self.db.execute(
                "SELECT rowid, bm25(search_entry_fts, 10.0, 4.0, 3.0, 1.0) AS score "
                "FROM search_entry_fts(?) ORDER BY score LIMIT 20",
                [match_expression(terms)]).fetchall()
        from refsite.search.backends.postgres import to_query
        expression = to_query(terms)  # the words as the search matches them, every one
        with self.db.cursor() as cursor:
            cursor.execute(
                "SELECT id, ts_rank(vector, q) AS rank "
                "FROM search_searchentry, to_tsquery('english', %s) AS q "
                "WHERE vector @@ q ORDER BY rank DESC LIMIT 20", [expression])
            return cursor.fetchall()

    def close(self):
        self.db.close()


if __name__ == "__main__":
    main()
