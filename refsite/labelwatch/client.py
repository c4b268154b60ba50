"""Where version histories come from: DailyMed's web service (urllib3, with a short
timeout, retries with backoff, an identifying User-Agent and at most a few requests a
second), or a folder of saved answers (`check_labels --offline DIR`).

Either raises `LabelUnavailable` with a sentence for the editor; nothing here writes
anything.
"""

import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode

import urllib3
from urllib3.util import Retry

from .history import SET_ID_RE, AnswerError, parse_page

MAX_PAGES = 50  # 5,000 versions: far more than any label has; a loop guard
MAX_BODY = 5 * 1024 * 1024
RETRY_STATUSES = (429, 500, 502, 503, 504)


class LabelUnavailable(Exception):
    """The history of one label could not be had. `unreachable`: the service itself did
    not answer usefully (no connection, timeouts, errors or an HTML page after retries),
    as opposed to answering that it has no such label or an answer we cannot read."""

    def __init__(self, message, unreachable=False):
        super().__init__(message)
        self.unreachable = unreachable


@dataclass(frozen=True)
class LabelHistory:
    set_id: str
    title: str
    versions: tuple  # compare.Version, newest first as the service lists them


def _collect(set_id, read_page):
    """Every page of a history: `read_page(number, next_page_url)` answers a Page."""
    if not SET_ID_RE.match(set_id):
        raise LabelUnavailable(f"{set_id!r} is not a DailyMed set id")
    versions, title, number, next_url = [], "", 1, None
    while True:
        try:
            page = read_page(number, next_url)
        except AnswerError as exc:
            where = f" (page {number})" if number > 1 else ""
            raise LabelUnavailable(f"DailyMed answered {exc}{where}",
                                   unreachable=str(exc).startswith("an HTML page")) from None
        title = title or page.title
        versions.extend(page.versions)
        more = page.next_page_url is not None or page.current_page < page.total_pages
        if not more or not page.versions:
            break
        number = page.current_page + 1
        next_url = page.next_page_url
        if number > MAX_PAGES:
            raise LabelUnavailable(f"the history of {set_id} runs past {MAX_PAGES} pages")
    if not versions:
        raise LabelUnavailable(f"DailyMed lists no versions for set id {set_id}")
    return LabelHistory(set_id, title, tuple(versions))


class DailyMed:
    """The live service (or a mirror at `base_url`, e.g. .../dailymed/services/v2)."""

    def __init__(self, base_url, *, timeout, retries, backoff, rate, user_agent):
        self.base_url = base_url.rstrip("/")
        self.tries = retries + 1
        self.interval = 1.0 / rate if rate > 0 else 0.0
        self._last = 0.0
        retry = Retry(total=retries, connect=retries, read=retries, status=retries,
                      other=0, redirect=3, backoff_factor=backoff, backoff_max=30,
                      status_forcelist=RETRY_STATUSES, allowed_methods=frozenset({"GET"}),
                      respect_retry_after_header=True, raise_on_status=False)
        self.http = urllib3.PoolManager(
            retries=retry, timeout=urllib3.Timeout(connect=timeout, read=timeout),
            headers={"User-Agent": user_agent, "Accept": "application/json"})

    def describe(self):
        return self.base_url

    def history_url(self, set_id, page=1):
        query = f"?{urlencode({'page': page})}" if page > 1 else ""
        return f"{self.base_url}/spls/{set_id}/history.json{query}"

    def history(self, set_id):
        return _collect(set_id, lambda number, next_url: self._page(set_id, number, next_url))

    def _page(self, set_id, number, next_url):
        # Follow the service's own next_page_url only when it points at the service we
        # were configured with: a mirror hands back DailyMed's URLs, which we never ask.
        url = (next_url if next_url and next_url.startswith(self.base_url + "/")
               else self.history_url(set_id, number))
        body, status = self._get(url)
        if status == 404:
            raise LabelUnavailable(f"DailyMed has no label with set id {set_id} (HTTP 404); "
                                   "check the source's set_id")
        if status in RETRY_STATUSES:
            raise LabelUnavailable(f"DailyMed answered HTTP {status} after {self.tries} "
                                   "tries", unreachable=True)
        if status != 200:
            raise LabelUnavailable(f"DailyMed answered HTTP {status}")
        return parse_page(body, set_id)

    def _get(self, url):
        wait = self._last + self.interval - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        try:
            response = self.http.request("GET", url, preload_content=False)
        except urllib3.exceptions.MaxRetryError as exc:
            raise LabelUnavailable(f"DailyMed could not be reached after {self.tries} tries "
                                   f"({_reason(exc.reason)})", unreachable=True) from None
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise LabelUnavailable(f"DailyMed could not be reached ({_reason(exc)})",
                                   unreachable=True) from None
        finally:
            self._last = time.monotonic()
        try:
            body = response.read(MAX_BODY + 1)
        except (urllib3.exceptions.HTTPError, OSError) as exc:
            raise LabelUnavailable(f"DailyMed's answer broke off ({_reason(exc)})",
                                   unreachable=True) from None
        finally:
            response.release_conn()
        if len(body) > MAX_BODY:
            raise LabelUnavailable(f"DailyMed's answer is larger than {MAX_BODY} bytes")
        return body, response.status

    def close(self):
        self.http.clear()


def _reason(exc):
    if isinstance(exc, urllib3.exceptions.ReadTimeoutError | urllib3.exceptions.TimeoutError):
        return "timed out"
    if isinstance(exc, urllib3.exceptions.NewConnectionError):
        return "connection refused or no route"
    if isinstance(exc, urllib3.exceptions.ResponseError):
        return "the service kept answering with errors"
    return type(exc).__name__


class SavedAnswers:
    """`--offline DIR`: DIR/<setid>.json is the history answer as DailyMed returns it;
    further pages of a long history, if any, are DIR/<setid>.page2.json and so on."""

    def __init__(self, folder):
        self.folder = Path(folder)

    def describe(self):
        return f"saved answers in {self.folder}"

    def history(self, set_id):
        return _collect(set_id, lambda number, next_url: self._page(set_id, number))

    def _page(self, set_id, number):
        name = f"{set_id}.json" if number == 1 else f"{set_id}.page{number}.json"
        try:
            body = (self.folder / name).read_bytes()
        except FileNotFoundError:
            raise LabelUnavailable(f"no saved answer {self.folder / name}") from None
        except OSError as exc:
            raise LabelUnavailable(f"{self.folder / name} cannot be read: {exc}") from None
        return parse_page(body, set_id)

    def close(self):
        pass
