"""Content load at scale: 10,000 synthetic monographs.

Prints, for N generated monographs (copies of content/monographs/clonazepam.md under
made-up names, so each is a realistic size and passes the checks):
- parse alone: YAML front matter + Markdown body of every file, no checks, no database;
- full `load_content` into an empty database, and its ratio to parsing (target <= 2x);
- a reload after one file changed (target <= 1 s);
- peak RSS of a gunicorn worker serving the loaded site after requests to the home
  page (which lists all N) and to a sample of monograph pages (target <= 100 MB).

    .venv/bin/python benchmarks/load.py [-n 10000] [--database-url URL]

Without --database-url a temporary SQLite file is used. A database named with
--database-url is EMPTIED first. The machine may be shared: timings are noisy.
"""

import argparse
import datetime
import os
import re
import shutil
import signal
import socket
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("-n", type=int, default=10000, help="monographs to generate")
    parser.add_argument("--database-url", help="database to use; it is EMPTIED first")
    parser.add_argument("--pages", type=int, default=300,
                        help="monograph pages to request before measuring RSS")
    options = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="refsite-load-"))
    content = tmp / "content"
    shutil.copytree(ROOT / "content" / "schema", content / "schema")
    (content / "monographs").mkdir()
    (content / "reference").mkdir()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "refsite.settings",
        "SECRET_KEY": "benchmark-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "0",
        "DJANGO_DEBUG": "",
        "STATIC_ROOT": str(tmp / "static"),
        "REFSITE_CONTENT_ROOT": str(content),
        "DATABASE_URL": options.database_url or f"sqlite:///{tmp}/load.sqlite3",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    try:
        import django

        django.setup()
        from django.core.management import call_command

        if options.database_url:
            call_command("flush", interactive=False, verbosity=0)
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)

        started = time.perf_counter()
        slugs = []
        for n in range(1, options.n + 1):
            slug, text, facts = synthetic(n)
            (content / "monographs" / f"{slug}.md").write_text(text, encoding="utf-8")
            (content / "reference" / f"{slug}.yaml").write_text(facts, encoding="utf-8")
            slugs.append(slug)
        files = sorted((content / "monographs").glob("*.md"))
        print(f"{len(files)} monographs of {TEMPLATE.stat().st_size} bytes generated in "
              f"{time.perf_counter() - started:.1f}s; database "
              f"{env['DATABASE_URL'].split('@')[-1].split('?')[0]}")

        parse = timed(parse_alone, files)
        print(f"parse alone (YAML + Markdown, no database): {parse:8.2f} s")
        full = timed(call_command, "load_content", "--verbosity", "0")
        verdict = "ok" if full <= 2 * parse else "OVER 2x"
        print(f"full load_content into an empty database:   {full:8.2f} s  "
              f"= {full / parse:.2f}x parse ({verdict})")
        again = timed(call_command, "load_content", "--verbosity", "0")
        print(f"reload, nothing changed:                     {again:8.2f} s")
        changed = files[len(files) // 2]
        changed.write_text(edited(changed.read_text()), encoding="utf-8")
        one = timed(call_command, "load_content", "--verbosity", "0")
        print(f"reload, one file changed:                    {one:8.2f} s  "
              f"({'ok' if one <= 1 else 'OVER 1 s'})")

        step = max(1, len(slugs) // options.pages)
        peaks = peak_rss_of_workers(env, slugs[::step][:options.pages])
        worst = max(peaks.values())
        print(f"gunicorn worker peak RSS after / and {min(options.pages, len(slugs))} "
              f"monograph pages: " + ", ".join(f"{mb:.0f} MB" for mb in peaks.values())
              + f" ({'ok' if worst <= 100 else 'OVER 100 MB'})")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
