"""Page throughput under gunicorn, against the framework floor and nginx.

Serves /drugs/clonazepam/ from gunicorn (2 workers, gunicorn.conf.py, production
settings) and drives it with wrk on loopback. In the same run, under the same gunicorn
process and settings, /__floor__/ answers with the same bytes as a constant string
(benchmarks/floor_urls.py), and nginx serves the page that `export_site` wrote. Prints
requests/s, p50 and p99 for each, and the ratios. Target: the page at 90% or more of
the constant view at 16 and 64 connections (issue 18; a cached page costs the one
revision check more).

    .venv/bin/python benchmarks/throughput.py [--duration 10] [--connections 16,64]
        [--worker-classes sync,gthread]

DATABASE_URL picks the database (default: a temporary SQLite file). The machine may be
shared: numbers are only comparable within one run.
"""

import argparse
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
PAGE = "/drugs/clonazepam/"
FLOOR = "/__floor__/"
NGINX_CONF = """
worker_processes 2;
daemon off;
pid {tmp}/nginx.pid;
error_log {tmp}/nginx-error.log;
events {{ worker_connections 1024; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    sendfile on;
    keepalive_requests 100000;
    client_body_temp_path {tmp}/nginx-body;
    proxy_temp_path {tmp}/nginx-proxy;
    fastcgi_temp_path {tmp}/nginx-fastcgi;
    uwsgi_temp_path {tmp}/nginx-uwsgi;
    scgi_temp_path {tmp}/nginx-scgi;
    server {{
        listen 127.0.0.1:{port};
        root {site};
        index index.html;
        error_page 404 /404.html;
    }}
}}
"""


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310
                return response.read()
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"{url} did not answer within {timeout}s")


def manage(env, *args):
    subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True)


def to_ms(text):
    value, unit = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60000.0}[unit]


def wrk(url, connections, duration):
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "--latency", url],
        capture_output=True, text=True, check=True, timeout=duration + 60,
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if errors:
        raise SystemExit(f"{url}: {errors.group(1)} error responses\n{out}")
    if not re.search(r"^\s*99%\s+[\d.]+(us|ms|s|m)\s*$", out, re.M):
        raise SystemExit(f"{url}: unexpected wrk output\n{out}")
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1)),
        "p50": to_ms(re.search(r"^\s*50%\s+(\S+)", out, re.M).group(1)),
        "p99": to_ms(re.search(r"^\s*99%\s+(\S+)", out, re.M).group(1)),
    }


def start(args, env, log):
    return subprocess.Popen(args, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)


def stop(process):
    process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per wrk run")
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--worker-classes", default="sync,gthread")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    options = parser.parse_args()
    connections = [int(c) for c in options.connections.split(",")]
    if not shutil.which("wrk") or not shutil.which("nginx"):
        raise SystemExit("needs wrk and nginx (Debian packages wrk, nginx-light)")

    tmp = Path(tempfile.mkdtemp(prefix="refsite-bench-"))
    tmp.chmod(0o755)  # nginx workers run as an unprivileged user
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "benchmarks.settings_bench",
        "PYTHONPATH": str(ROOT),
        "SECRET_KEY": "benchmark-only-" + "k" * 50,
        "ALLOWED_HOSTS": "127.0.0.1",
        # One public origin, so the exported page and the served one carry the same links.
        "REFSITE_SITE_URL": "https://refsite.example",
        "SECURE_SSL_REDIRECT": "0",
        "STATIC_ROOT": str(tmp / "static"),
        "DATABASE_URL": os.environ.get("DATABASE_URL", f"sqlite:///{tmp}/bench.sqlite3"),
        "BENCH_FLOOR_PAGE": str(tmp / "site" / "drugs" / "clonazepam" / "index.html"),
        "WEB_CONCURRENCY": "2",
        "GUNICORN_THREADS": str(options.threads),
        "GUNICORN_MAX_REQUESTS": "0",  # no worker recycling in the middle of a run
    }
    env.pop("DJANGO_DEBUG", None)
    processes = []
    log = (tmp / "servers.log").open("w")
    results = []
    try:
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "load_content", "--verbosity", "0")
        manage(env, "export_site", str(tmp / "site"), "--host", "127.0.0.1", "--verbosity", "0")
        print(f"database: {env['DATABASE_URL'].split('@')[-1]}; "
              f"page: {len(Path(env['BENCH_FLOOR_PAGE']).read_bytes())} bytes; "
              f"wrk -t2, {options.duration}s per run; {os.cpu_count()} cores")

        nginx_port = free_port()
        (tmp / "nginx.conf").write_text(NGINX_CONF.format(
            tmp=tmp, port=nginx_port, site=tmp / "site"))
        nginx = start(["nginx", "-c", str(tmp / "nginx.conf"), "-p", str(tmp)], env, log)
        processes.append(nginx)
        nginx_url = f"http://127.0.0.1:{nginx_port}{PAGE}"
        wait_for(nginx_url)

        for worker_class in options.worker_classes.split(","):
            port = free_port()
            gunicorn = start(
                [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
                {**env, "GUNICORN_BIND": f"127.0.0.1:{port}",
                 "GUNICORN_WORKER_CLASS": worker_class}, log)
            processes.append(gunicorn)
            page_url = f"http://127.0.0.1:{port}{PAGE}"
            floor_url = f"http://127.0.0.1:{port}{FLOOR}"
            served = wait_for(page_url)
            if served != wait_for(floor_url):
                raise SystemExit("the constant view does not return the page's bytes")
            wrk(page_url, 16, 1)  # warm both workers' caches and connections
            for c in connections:
                for name, url in (("page", page_url), ("floor", floor_url)):
                    results.append((worker_class, c, name, wrk(url, c, options.duration)))
            stop(gunicorn)
            processes.remove(gunicorn)
        for c in connections:
            results.append(("nginx", c, "static", wrk(nginx_url, c, options.duration)))
    except BaseException:
        log.flush()
        print((tmp / "servers.log").read_text()[-3000:], file=sys.stderr)
        raise
    finally:
        for process in processes:
            stop(process)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)

    print(f"\n{'server':<9} {'conns':>5} {'what':<7} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for server, c, name, r in results:
        print(f"{server:<9} {c:>5} {name:<7} {r['rps']:>9.0f} {r['p50']:>8.2f} {r['p99']:>8.2f}")
    by = {(s, c, n): r for s, c, n, r in results}
    print("\nratios (requests/s):")
    for server in options.worker_classes.split(","):
        for c in connections:
            page, floor = by[(server, c, "page")], by[(server, c, "floor")]
            static = by[("nginx", c, "static")]
            verdict = "ok" if page["rps"] >= 0.9 * floor["rps"] else "BELOW 90%"
            p99 = "" if c < 64 else ("  p99 ok" if page["p99"] < 20 else "  p99 OVER 20 ms")
            print(f"  {server:<8} c={c:<3} page/floor {page['rps'] / floor['rps']:6.1%} "
                  f"({verdict})  nginx/page {static['rps'] / page['rps']:5.1f}x{p99}")


if __name__ == "__main__":
    main()
