"""Content load at scale, side by side in one run: N synthetic monographs (copies of
content/monographs/clonazepam.md under made-up names, so each is a realistic size and
passes the checks), checked and loaded on one process and on every core.

Prints:
- parse alone: YAML front matter + Markdown body of every file on ONE core, no checks,
  no database (the floor every ratio is against; measured before and after the loads,
  the faster of the two is used);
- check_content with --jobs 1 and with the default (every core), and the speed-up
  (target >= 1.6x);
- for each database (a temporary SQLite file, and PostgreSQL when --database-url is
  given), with --jobs 1 and the default: a full load_content into an empty database and
  its ratio to parsing (targets: <= 2.0x on SQLite, <= 2.5x on PostgreSQL with the
  default jobs), against the floor and against parse alone measured again right before
  and after that load and its reloads (the machine's speed drifts; the faster of the
  two), a reload with nothing changed and one with one file changed (the median of
  three, each changing another file; target < 1 s), and
  the peak RSS of a gunicorn worker serving the loaded site after requests to the home
  page (which lists all N) and a sample of monograph pages (target <= 100 MB).

    .venv/bin/python benchmarks/load.py [-n 10000] [--jobs N] [--pages 300]
        [--database-url postgres://USER:PASSWORD@HOST/DB] [--no-sqlite]

--jobs is the "default" compared with --jobs 1 (default: every core). A database named
with --database-url is EMPTIED first. Each database runs in its own child process
(`--child`), on the same files. The machine may be shared: the load average is printed
before and after, and only ratios from one run compare.
"""

import argparse
import datetime
import json
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "content" / "monographs" / "clonazepam.md"
FACTS = ROOT / "content" / "reference" / "clonazepam.yaml"


def synthetic(n):
    """clonazepam.md (and its facts file) under the name synthazepam<n>, with names
    nobody else uses."""
    tag = f"{n:05d}"
    text = TEMPLATE.read_text()
    text = re.sub(r"^(synonyms|misspellings): .*$\n", "", text, flags=re.M)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    text = re.sub(r'^reviewed_on: ".*"$', f'reviewed_on: "{yesterday}"', text, flags=re.M)
    facts = FACTS.read_text()
    for old, new in (("clonazepam", f"synthazepam{tag}"), ("Clonazepam", f"Synthazepam{tag}"),
                     ("CLONAZEPAM", f"SYNTHAZEPAM{tag}"), ("Klonopin", f"Synthopin{tag}"),
                     ("KLONOPIN", f"SYNTHOPIN{tag}")):
        text = text.replace(old, new)
        facts = facts.replace(old, new)
    return f"synthazepam{tag}", text, facts


def standalone(text):
    """A generated file (page or facts) for a content tree of generated pages alone:
    the template's interactions name groups, which groups_file() declares, and
    divalproex, which has no page there, so it is named as any medicine without one."""
    return text.replace("with: [divalproex]", "named: [divalproex]")


def groups_file():
    """content/groups.yaml cut to the groups the template's interactions name, with no
    members (the real members are not among the generated pages)."""
    import yaml

    groups = yaml.safe_load((ROOT / "content" / "groups.yaml").read_text())
    named = set(re.findall(r"with: \[([a-z-]+)\]", TEMPLATE.read_text()))
    return yaml.safe_dump({key: {**group, "members": []} for key, group in groups.items()
                           if key in named}, sort_keys=False)


def edited(text):
    """A reviewed page changed as an editor would: new words, a new review date (the
    generated pages were reviewed yesterday) and a line saying what changed."""
    text = text.replace("prescriber", "prescribing clinician", 1)
    text = re.sub(r'^reviewed_on: ".*"$', f'reviewed_on: "{datetime.date.today()}"', text,
                  flags=re.M)
    return re.sub(r"^changes: .*(?:\n  .*)*$", "changes: Benchmark edit of one sentence.",
                  text, flags=re.M)


def parse_alone(files):
    """What any Markdown + YAML site generator must do: the floor for a load. Uses the
    fastest safe YAML loader PyYAML has (libyaml's), like the pipeline does."""
    import markdown
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    md = markdown.Markdown(extensions=["tables", "sane_lists", "toc"])
    for path in files:
        text = path.read_text(encoding="utf-8")
        _, front, body = text.split("---\n", 2)
        yaml.load(front, Loader=loader)  # noqa: S506 - a safe loader
        md.reset().convert(body)


def timed(function, *args):
    started = time.perf_counter()
    function(*args)
    return time.perf_counter() - started


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def peak_rss_of_workers(env, slugs):
    """VmHWM (peak resident set) of each gunicorn worker after serving the site."""
    port = free_port()
    log = open(os.devnull, "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
        cwd=ROOT, stdout=log, stderr=subprocess.STDOUT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": "2"},
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=60).read()  # noqa: S310
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.3)
        for path in ["/"] * 4 + [f"/drugs/{slug}/" for slug in slugs]:
            urllib.request.urlopen(base + path, timeout=60).read()  # noqa: S310
        children = Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split()
        peaks = {}
        for pid in children:
            status = Path(f"/proc/{pid}/status").read_text()
            peaks[int(pid)] = int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024
        return peaks
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def environment(tmp, content, database_url):
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "refsite.settings",
        "SECRET_KEY": "benchmark-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_DEBUG": "",
        "STATIC_ROOT": str(tmp / "static"),
        "REFSITE_CONTENT_ROOT": str(content),
        "DATABASE_URL": database_url,
    }


def loadavg():
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10000, help="monographs to generate")
    parser.add_argument("--jobs", type=int, default=None,
                        help="processes for the default runs (default: every core)")
    parser.add_argument("--database-url",
                        help="PostgreSQL database to load too; it is EMPTIED first")
    parser.add_argument("--no-sqlite", action="store_true", help="skip the SQLite runs")
    parser.add_argument("--pages", type=int, default=300,
                        help="monograph pages to request before measuring RSS")
    parser.add_argument("--child", nargs=2, metavar=("CONTENT", "DATABASE_URL"),
                        help=argparse.SUPPRESS)
    options = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    if options.child:
        return child(options)

    tmp = Path(tempfile.mkdtemp(prefix="refsite-load-"))
    content = tmp / "content"
    shutil.copytree(ROOT / "content" / "schema", content / "schema")
    (content / "monographs").mkdir()
    (content / "reference").mkdir()
    (content / "groups.yaml").write_text(groups_file(), encoding="utf-8")
    os.environ.update(environment(tmp, content, f"sqlite:///{tmp}/check.sqlite3"))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        from refsite.publishing.parallel import default_jobs

        jobs = options.jobs or default_jobs()
        started = time.perf_counter()
        for n in range(1, options.n + 1):
            slug, text, facts = synthetic(n)
            (content / "monographs" / f"{slug}.md").write_text(standalone(text),
                                                                encoding="utf-8")
            (content / "reference" / f"{slug}.yaml").write_text(standalone(facts),
                                                                encoding="utf-8")
        files = sorted((content / "monographs").glob("*.md"))
        print(f"{len(files)} monographs of {TEMPLATE.stat().st_size} bytes generated in "
              f"{time.perf_counter() - started:.1f}s; {os.cpu_count()} cores, default "
              f"--jobs {jobs}; load average {loadavg()}", flush=True)

        parse = timed(parse_alone, files)
        print(f"parse alone, one core (YAML + Markdown):       {parse:8.2f} s", flush=True)
        checks = {}
        for n in (1, jobs):
            checks[n] = timed(call_command, "check_content", "--jobs", str(n),
                              "--verbosity", "0")
            print(f"check_content --jobs {n}:                       {checks[n]:8.2f} s  "
                  f"= {checks[n] / parse:.2f}x parse", flush=True)
        speedup = checks[1] / checks[jobs]
        print(f"check_content speed-up, --jobs {jobs} over --jobs 1: {speedup:.2f}x "
              f"({'ok' if speedup >= 1.6 else 'UNDER 1.6x'})", flush=True)

        databases = ([] if options.no_sqlite else [("SQLite", None, 2.0)]) + (
            [("PostgreSQL", options.database_url, 2.5)] if options.database_url else [])
        results = {}
        for name, url, _ in databases:
            ran = subprocess.run(
                [sys.executable, __file__, "-n", str(options.n), "--jobs", str(jobs),
                 "--pages", str(options.pages), "--child", str(content),
                 url or f"sqlite:///{tmp}/load.sqlite3"],
                env={k: v for k, v in os.environ.items() if k != "DATABASE_URL"},
                capture_output=True, text=True)
            if ran.returncode:
                sys.exit(f"the {name} run failed:\n{ran.stdout}{ran.stderr}")
            out = ran.stdout
            print(out.split("RESULTS ")[0], end="", flush=True)
            results[name] = json.loads(out.split("RESULTS ")[1])
        parse = min(parse, timed(parse_alone, files))
        print(f"\nparse alone again; the faster, {parse:.2f} s, is the floor. "
              f"Load average {loadavg()}")
        print(f"\n{'database':<11} {'jobs':>4} {'full load s':>11} {'/ parse':>8} "
              f"{'':9} {'/ parse beside':>18} {'reload 1 file s':>15} {'worker RSS MB':>13}")
        for name, _, target in databases:
            figures = results[name]
            for n in (1, jobs):
                full = figures["full"][str(n)]
                beside = ("" if n != jobs else
                          f"{full / figures['parse']:.2f}x ("
                          + ("ok" if full <= target * figures["parse"] else f"OVER {target}x")
                          + ")")
                verdict = "" if n == 1 else (" ok" if full <= target * parse
                                             else f" OVER {target}x")
                print(f"{name:<11} {n:>4} {full:11.2f} {full / parse:7.2f}x{verdict:<9} "
                      f"{beside:>18} "
                      f"{figures['one'][str(n)]:9.2f} "
                      f"({'ok' if figures['one'][str(n)] < 1 else 'OVER 1 s'}) "
                      f"{figures['rss']:8.0f} "
                      f"({'ok' if figures['rss'] <= 100 else 'OVER 100 MB'})")
        print(f"check_content {'':>7} {checks[1]:8.2f} s with --jobs 1, {checks[jobs]:.2f} s "
              f"with --jobs {jobs}: {speedup:.2f}x")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def child(options):
    """Loads into one database: --jobs 1 and the default, each into an emptied
    database; the reloads; the worker RSS. Prints its lines, then RESULTS and JSON."""
    content = Path(options.child[0])
    tmp = content.parent
    env = environment(tmp, content, options.child[1])
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    def empty():
        if connection.vendor == "sqlite":
            connection.close()
            Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
        else:
            call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)

    call_command("collectstatic", interactive=False, verbosity=0)
    files = sorted((content / "monographs").glob("*.md"))
    print(f"\n{connection.vendor}: load average {loadavg()}", flush=True)
    figures = {"full": {}, "one": {}}
    for jobs in (1, options.jobs):
        empty()
        # The floor again right before and right after the load with the default jobs:
        # the speed of this shared machine drifts by a third within minutes, so the
        # ratio is also taken against the parse time measured beside it.
        beside = timed(parse_alone, files) if jobs == options.jobs else None
        full = timed(call_command, "load_content", "--jobs", str(jobs), "--verbosity", "0")
        again = timed(call_command, "load_content", "--jobs", str(jobs), "--verbosity", "0")
        # Three reloads, each of one other file changed: one reload of a second or
        # less moves by a fifth with this machine's spells, so the median is reported.
        # The files are put back after all three (a file put back would be a second
        # change, and an unreviewed one, for the next reload).
        ones, before = [], {}
        try:
            for changed in (files[len(files) // 4], files[len(files) // 2],
                            files[3 * len(files) // 4]):
                before[changed] = changed.read_text(encoding="utf-8")
                changed.write_text(edited(before[changed]), encoding="utf-8")
                ones.append(timed(call_command, "load_content", "--jobs", str(jobs),
                                  "--verbosity", "0"))
        finally:
            for changed, text in before.items():
                changed.write_text(text, encoding="utf-8")
        one = statistics.median(ones)
        figures["full"][jobs], figures["one"][jobs] = full, one
        if beside is not None:  # after the reloads, which are measured as before
            figures["parse"] = min(beside, timed(parse_alone, files))
        print(f"  --jobs {jobs}: full load {full:.2f} s, reload with nothing changed "
              f"{again:.2f} s, with one file changed {one:.2f} s (the median of "
              f"{', '.join(f'{t:.2f}' for t in ones)})", flush=True)
        if beside is not None:
            print(f"  parse alone right before that full load and after its reloads: the faster, "
                  f"{figures['parse']:.2f} s", flush=True)
    step = max(1, len(files) // options.pages)
    peaks = peak_rss_of_workers(env, [path.stem for path in files[::step][:options.pages]])
    figures["rss"] = max(peaks.values())
    print(f"  gunicorn worker peak RSS after / and {min(options.pages, len(files))} "
          f"monograph pages: " + ", ".join(f"{mb:.0f} MB" for mb in peaks.values())
          + f"; load average {loadavg()}", flush=True)
    print("RESULTS " + json.dumps(figures))


if __name__ == "__main__":
    main()
