"""gunicorn settings for serving refsite (`make serve`; see docs/deploy.md).

Every value can be overridden from the environment, so one file serves every host:
GUNICORN_BIND, WEB_CONCURRENCY (workers), GUNICORN_WORKER_CLASS, GUNICORN_THREADS,
GUNICORN_MAX_REQUESTS, GUNICORN_ACCESSLOG (a path, or "-" for stdout).
"""

import os

wsgi_app = "refsite.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# One worker per core: pages are CPU-bound template work or a cache hit plus one query.
workers = int(os.environ.get("WEB_CONCURRENCY", os.cpu_count() or 2))
# gthread keeps client connections alive and lets a worker overlap a database round
# trip with other requests; benchmarks/throughput.py measures it against sync.
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "gthread")
# Threads are gthread's alone: gunicorn quietly runs any "sync" worker with more than one
# thread as gthread, so sync gets one and stays sync.
threads = int(os.environ.get("GUNICORN_THREADS", "4")) if worker_class == "gthread" else 1
keepalive = 5
# Import Django once in the master; workers fork with it (less memory, faster restarts).
# Not with gevent: it must patch threading before Django creates its thread-locals.
preload_app = worker_class != "gevent"
# Recycle workers now and then so a slow leak can never grow without bound (each restart
# empties that worker's page cache, so not too often; 0 turns it off).
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "200000"))
max_requests_jitter = max_requests // 10
timeout = 30
graceful_timeout = 30
accesslog = os.environ.get("GUNICORN_ACCESSLOG") or None
# Only the local load balancer may tell us the client's scheme and address.
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1")
