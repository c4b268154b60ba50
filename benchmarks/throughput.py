"""Page throughput under gunicorn, against the framework floor and nginx.

Serves /drugs/clonazepam/ from gunicorn (2 workers, gunicorn.conf.py, production
settings) and drives it with wrk on loopback. In the same run, under the same gunicorn
process and settings, /__floor__/ answers with the same bytes as a constant string
(benchmarks/floor_urls.py), and nginx serves the page that `export_site` wrote. Target:
the page at 90% or more of the constant view at 16 and 64 connections (issue 18). Both
pass every middleware; the cached page is answered by the last one
(caching.ServedPagesMiddleware: the one revision check, no URL resolution, no view),
while the constant view, unknown there, costs it a dictionary miss and is resolved (the
first URL pattern) and called, so in process the page may cost less than the constant.

On a small machine wrk and gunicorn share the cores, so one wrk run against another
can differ by a fifth. Page and floor therefore alternate (page, floor, then floor,
page in the next round, ...) and the ratio is the median over the rounds, printed with
its range and the load average around each round. Before the servers start, the same
two requests are timed in process (a loop of WSGI calls, CPU time per request, best
of several rounds): far less noisy than wrk, and it shows what a cached page costs more.

    .venv/bin/python benchmarks/throughput.py [--duration 3] [--rounds 5]
        [--connections 16,64] [--worker-classes gthread,sync] [--requests 2000]

DATABASE_URL picks the database (default: a temporary SQLite file). The machine may be
shared: numbers are only comparable within one run.
"""

import argparse
import io
import json
import os
import re
import runpy
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
        "requests": int(re.search(r"(\d+) requests in", out).group(1)),
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


def production_worker_class():
    """The worker class gunicorn.conf.py picks when the environment does not say."""
    saved = os.environ.pop("GUNICORN_WORKER_CLASS", None)
    try:
        return runpy.run_path(str(ROOT / "gunicorn.conf.py"))["worker_class"]
    finally:
        if saved is not None:
            os.environ["GUNICORN_WORKER_CLASS"] = saved


def in_process(requests, rounds):
    """CPU microseconds per request for the page and the floor, through Django's WSGI
    handler and every middleware, without a server or a socket (run in a child with the
    benchmark's environment; prints JSON)."""
    from refsite.wsgi import application

    def call(path):
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
            "SCRIPT_NAME": "", "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1", "HTTP_HOST": "127.0.0.1",
            "HTTP_USER_AGENT": "wrk", "HTTP_ACCEPT": "*/*", "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr, "wsgi.version": (1, 0),
            "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        }
        status = []
        body = application(environ, lambda s, headers, exc_info=None: status.append(s))
        content = b"".join(body)
        body.close()
        return status[0], content

    page, floor = call(PAGE), call(FLOOR)
    if not page[0].startswith("200") or page != call(PAGE) or page[1] != floor[1]:
        raise SystemExit("in process: the page and the constant view differ")
    best = {PAGE: float("inf"), FLOOR: float("inf")}
    for path in best:
        for _ in range(requests // 4):
            call(path)
    for n in range(rounds):
        for path in (PAGE, FLOOR) if n % 2 == 0 else (FLOOR, PAGE):
            started = time.process_time()
            for _ in range(requests):
                call(path)
            best[path] = min(best[path], (time.process_time() - started) / requests)
    print(json.dumps({"page": best[PAGE] * 1e6, "floor": best[FLOOR] * 1e6}))


def workers_cpu(master):
    """CPU seconds (user and system) that gunicorn's workers have used so far."""
    total = 0
    for pid in Path(f"/proc/{master}/task/{master}/children").read_text().split():
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / os.sysconf("SC_CLK_TCK")


def load_average():
    return os.getloadavg()[0]


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=int, default=3, help="seconds per wrk run")
    parser.add_argument("--rounds", type=int, default=5,
                        help="page/floor pairs per connection count and worker class")
    parser.add_argument("--connections", default="16,64")
    parser.add_argument("--worker-classes", default="gthread,sync")
    parser.add_argument("--threads", type=int, default=4, help="threads per gthread worker")
    parser.add_argument("--requests", type=int, default=2000,
                        help="requests per in-process round (0: skip)")
    parser.add_argument("--in-process", action="store_true", help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.in_process:
        return in_process(options.requests, 9)
    connections = [int(c) for c in options.connections.split(",")]
    worker_classes = options.worker_classes.split(",")
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
    results = []  # (server, connections, round, what, wrk figures, load average)
    try:
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "load_content", "--verbosity", "0")
        manage(env, "export_site", str(tmp / "site"), "--host", "127.0.0.1", "--verbosity", "0")
        print(f"database: {env['DATABASE_URL'].split('@')[-1]}; "
              f"page: {len(Path(env['BENCH_FLOOR_PAGE']).read_bytes())} bytes; "
              f"{os.cpu_count()} cores; load average {load_average():.2f}")
        print(f"production worker class (gunicorn.conf.py): {production_worker_class()}")

        if options.requests:
            started = load_average()
            cost = json.loads(subprocess.run(
                [sys.executable, __file__, "--in-process", "--requests",
                 str(options.requests)], cwd=ROOT, env=env, check=True,
                capture_output=True, text=True).stdout)
            print(f"\nin process, CPU per request (best of 9 x {options.requests}, load "
                  f"average {started:.2f} -> {load_average():.2f}): page {cost['page']:.1f} "
                  f"us, floor {cost['floor']:.1f} us, {cost['page'] - cost['floor']:+.1f} "
                  f"us; page/floor {cost['floor'] / cost['page']:.1%}")

        nginx_port = free_port()
        (tmp / "nginx.conf").write_text(NGINX_CONF.format(
            tmp=tmp, port=nginx_port, site=tmp / "site"))
        nginx = start(["nginx", "-c", str(tmp / "nginx.conf"), "-p", str(tmp)], env, log)
        processes.append(nginx)
        nginx_url = f"http://127.0.0.1:{nginx_port}{PAGE}"
        wait_for(nginx_url)

        print(f"\nwrk -t2, {options.duration} s per run, {options.rounds} rounds "
              "(page and floor alternate)")
        for worker_class in worker_classes:
            port = free_port()
            gunicorn = start(
                [str(Path(sys.executable).parent / "gunicorn"), "-c", "gunicorn.conf.py"],
                {**env, "GUNICORN_BIND": f"127.0.0.1:{port}",
                 "GUNICORN_WORKER_CLASS": worker_class}, log)
            processes.append(gunicorn)
            urls = {"page": f"http://127.0.0.1:{port}{PAGE}",
                    "floor": f"http://127.0.0.1:{port}{FLOOR}"}
            served = wait_for(urls["page"])
            if served != wait_for(urls["floor"]):
                raise SystemExit("the constant view does not return the page's bytes")
            for url in urls.values():
                wrk(url, 16, 1)  # warm both workers' caches and connections
            for n in range(options.rounds):
                for c in connections:
                    for name in ("page", "floor") if n % 2 == 0 else ("floor", "page"):
                        cpu = workers_cpu(gunicorn.pid)
                        figures = wrk(urls[name], c, options.duration)
                        figures["cpu_us"] = ((workers_cpu(gunicorn.pid) - cpu)
                                             / figures["requests"] * 1e6)
                        results.append((worker_class, c, n, name, figures, load_average()))
            stop(gunicorn)
            processes.remove(gunicorn)
        for c in connections:
            results.append(("nginx", c, 0, "static", wrk(nginx_url, c, options.duration),
                            load_average()))
    except BaseException:
        log.flush()
        print((tmp / "servers.log").read_text()[-3000:], file=sys.stderr)
        raise
    finally:
        for process in processes:
            stop(process)
        log.close()
        shutil.rmtree(tmp, ignore_errors=True)
    report(results, worker_classes, connections)


def report(results, worker_classes, connections):
    print(f"\n{'server':<9} {'conns':>5} {'round':>5} {'what':<7} {'req/s':>9} "
          f"{'p50 ms':>8} {'p99 ms':>8} {'CPU us':>7} {'load':>5}")
    for server, c, n, name, r, load in results:
        cpu = f"{r['cpu_us']:>7.0f}" if "cpu_us" in r else f"{'':>7}"
        print(f"{server:<9} {c:>5} {n + 1:>5} {name:<7} {r['rps']:>9.0f} {r['p50']:>8.2f} "
              f"{r['p99']:>8.2f} {cpu} {load:>5.2f}")
    by = {(s, c, n, name): r for s, c, n, name, r, _ in results}
    rounds = max(n for _, _, n, _, _, _ in results) + 1
    print("\npage/floor requests/s, median of the rounds [range]; the same from the workers'"
          " CPU per request\n(steadier while other jobs share the cores); p99 of the page"
          " at 64 connections:")
    for server in worker_classes:
        for c in connections:
            ratios = [by[(server, c, n, "page")]["rps"] / by[(server, c, n, "floor")]["rps"]
                      for n in range(rounds)]
            median = statistics.median(ratios)
            verdict = "ok" if median >= 0.9 else "BELOW 90%"
            page_rps = statistics.median(by[(server, c, n, "page")]["rps"]
                                         for n in range(rounds))
            cpu = {name: statistics.median(by[(server, c, n, name)]["cpu_us"]
                                           for n in range(rounds))
                   for name in ("page", "floor")}
            static = by[("nginx", c, 0, "static")]
            p99 = ""
            if c >= 64:
                worst = max(by[(server, c, n, "page")]["p99"] for n in range(rounds))
                p99 = f"  p99 {worst:.1f} ms " + ("ok" if worst < 20 else "OVER 20 ms")
            print(f"  {server:<8} c={c:<3} {median:6.1%} [{min(ratios):.1%}-{max(ratios):.1%}]"
                  f" ({verdict}); CPU {cpu['page']:.0f} / {cpu['floor']:.0f} us: "
                  f"{cpu['floor'] / cpu['page']:.1%}; nginx/page {static['rps'] / page_rps:.1f}x"
                  f"{p99}")


if __name__ == "__main__":
    main()
