"""A local stand-in for DailyMed's web service, for the label watch tests: a real HTTP
server on 127.0.0.1 in a thread, answering `/spls/{SETID}/history.json[?page=N]` with
saved answers in DailyMed's own shape (see refsite/labelwatch/history.py), or with the
failures a real service has (404, 500, an HTML error page, malformed JSON, silence)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

PREFIX = "/dailymed/services/v2"
REAL = "https://dailymed.nlm.nih.gov/dailymed/services/v2"


def answer(set_id, versions, title="TESTOPIN (TESTAZEPAM) TABLET [FIXTURE PHARMA]", page=1,
           pages=1, total=None):
    """One page of a history answer: `versions` are (spl_version, "Mon DD, YYYY")."""
    more = page < pages
    url = f"{REAL}/spls/{set_id}/history.json"
    return {
        "metadata": {
            "total_elements": str(total if total is not None else len(versions)),
            "elements_per_page": "100", "total_pages": str(pages),
            "current_page": str(page), "current_url": f"{url}?page={page}",
            "previous_page": str(page - 1) if page > 1 else "null",
            "previous_page_url": f"{url}?page={page - 1}" if page > 1 else "null",
            "next_page": str(page + 1) if more else "null",
            # DailyMed's own host: the client must ask the configured service instead.
            "next_page_url": f"{url}?page={page + 1}" if more else "null",
            "db_published_date": "Mar 02, 2026 10:00:00AM EST",
        },
        "data": {
            "spl": {"title": title, "setid": set_id},
            "history": [{"spl_version": v, "published_date": d} for v, d in versions],
        },
    }


class Behaviour:
    """What the server does for one set id: pages of JSON, or a failure by name."""

    def __init__(self, pages=None, failure=None):
        self.pages = pages or []
        self.failure = failure


class FakeDailyMed:
    def __init__(self, hang_seconds=1.0):
        self.routes = {}
        self.requests = []  # (path with query, User-Agent)
        self.hang_seconds = hang_seconds
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                server.requests.append((self.path, self.headers.get("User-Agent")))
                server.handle(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        # A short poll interval: shutdown() waits for the next poll (0.5 s by default).
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={
            "poll_interval": 0.01}, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{PREFIX}"

    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()

    def serve(self, set_id, *pages, failure=None):
        self.routes[set_id] = Behaviour(list(pages), failure)

    def asked(self, set_id):
        return [path for path, _ in self.requests if f"/spls/{set_id}/" in path]

    def handle(self, request):
        parts = urlsplit(request.path)
        segments = parts.path.removeprefix(PREFIX).strip("/").split("/")
        if len(segments) != 3 or segments[0] != "spls" or segments[2] != "history.json":
            return self.send(request, 404, b"Not Found", "text/plain")
        behaviour = self.routes.get(segments[1])
        if behaviour is None:
            return self.send(request, 404, b"<html><body>404 Not Found</body></html>",
                             "text/html")
        failure = behaviour.failure
        if failure == "timeout":
            time.sleep(self.hang_seconds)
            return self.send(request, 200, b"{}", "application/json")
        if failure == "500":
            return self.send(request, 500, b"<html><body>Internal Server Error</body></html>",
                             "text/html")
        if failure == "html":
            return self.send(request, 200, b"<!DOCTYPE html><html><head><title>DailyMed"
                             b"</title></head><body>DailyMed is undergoing maintenance."
                             b"</body></html>", "text/html; charset=utf-8")
        if failure == "malformed":
            return self.send(request, 200, b'{"metadata": {"total_pages": "1"}, "data": {',
                             "application/json")
        page = int(parse_qs(parts.query).get("page", ["1"])[0])
        if not 1 <= page <= len(behaviour.pages):
            return self.send(request, 404, b"no such page", "text/plain")
        body = json.dumps(behaviour.pages[page - 1]).encode()
        return self.send(request, 200, body, "application/json;charset=UTF-8")

    @staticmethod
    def send(request, status, body, content_type):
        try:
            request.send_response(status)
            request.send_header("Content-Type", content_type)
            request.send_header("Content-Length", str(len(body)))
            request.end_headers()
            request.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (a timeout test)
