"""DailyMed's version history of a label, as its web service answers it, and as
`check_labels` keeps it in `content/labels/versions.json`. Pure: no Django, no network.

`GET {base}/spls/{SETID}/history.json` answers (DailyMed web services v2, newest first,
at most 100 versions a page; metadata values come as text, "null" for none):

    {"metadata": {"total_elements": "3", "elements_per_page": "100", "total_pages": "1",
                  "current_page": "1", "next_page_url": "null", ...},
     "data": {"spl": {"title": "...", "setid": "..."},
              "history": [{"spl_version": 3, "published_date": "Sep 26, 2012"}, ...]}}
"""

import datetime
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .compare import Version, as_date

SET_ID_RE = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
DATE_FORMATS = ("%b %d, %Y", "%B %d, %Y", "%Y-%m-%d")
VERSIONS_PATH = Path("labels") / "versions.json"


class AnswerError(Exception):
    """An answer that is not a usable version history; the message says what it was."""


@dataclass(frozen=True)
class Page:
    title: str
    versions: tuple
    current_page: int
    total_pages: int
    next_page_url: str | None


def _absent(value):
    return value is None or (isinstance(value, str) and value.strip().lower() in ("", "null"))


def _count(metadata, key, default):
    value = metadata.get(key)
    if _absent(value):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise AnswerError(f"metadata.{key} is not a number: {str(value)[:40]!r}") from None
    if number < 0:
        raise AnswerError(f"metadata.{key} is negative: {number}")
    return number


def parse_date(text):
    if not isinstance(text, str):
        raise AnswerError(f"published_date is not text: {text!r}")
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise AnswerError(f"published_date is not a date: {text[:40]!r}")


def _version(entry):
    if not isinstance(entry, dict):
        raise AnswerError("a history entry is not an object")
    number = entry.get("spl_version")
    if isinstance(number, str) and number.strip().isdigit():
        number = int(number)
    if not isinstance(number, int) or isinstance(number, bool) or number < 1:
        raise AnswerError(f"spl_version is not a positive number: {number!r}")
    return Version(number, parse_date(entry.get("published_date")))


def describe_body(body):
    """A few words on what a body that is not JSON looks like, for the error line."""
    text = body.decode("utf-8", "replace") if isinstance(body, bytes) else body
    start = text.lstrip()[:200].lower()
    if start.startswith(("<!doctype html", "<html")) or "<html" in start:
        return "an HTML page, not JSON"
    if not start:
        return "an empty body, not JSON"
    if start.startswith(("{", "[")):
        return "malformed JSON"
    return "text that is not JSON"


def parse_page(body, set_id):
    """One page of the history answer (bytes or text) for `set_id`, or AnswerError."""
    try:
        data = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        raise AnswerError(describe_body(body)) from None
    if not isinstance(data, dict) or not isinstance(data.get("data"), dict):
        raise AnswerError("JSON without a `data` object")
    history = data["data"].get("history")
    if not isinstance(history, list):
        raise AnswerError("JSON without a `data.history` list")
    spl = data["data"].get("spl") if isinstance(data["data"].get("spl"), dict) else {}
    answered = spl.get("setid")
    if isinstance(answered, str) and answered.strip() and answered.strip().lower() != set_id:
        raise AnswerError(f"the answer is for set id {answered.strip()[:36]}, not {set_id}")
    metadata = data.get("metadata") if isinstance(data.get("metadata"), dict) else {}
    next_url = metadata.get("next_page_url")
    current = _count(metadata, "current_page", 1)
    return Page(
        title=str(spl.get("title") or "").strip()[:500],
        versions=tuple(_version(entry) for entry in history),
        current_page=current,
        total_pages=_count(metadata, "total_pages", current),
        next_page_url=None if _absent(next_url) or not isinstance(next_url, str) else next_url,
    )


# content/labels/versions.json: {set_id: {"title", "version", "published", "checked_at",
# "history": [{"version", "published"}, ... newest first]}}, written by check_labels.

def entry_of(title, versions, checked_at):
    ordered = sorted(versions, reverse=True)
    return {
        "title": title,
        "version": ordered[0].number,
        "published": ordered[0].published.isoformat(),
        "checked_at": checked_at.isoformat(timespec="seconds"),
        "history": [{"version": v.number, "published": v.published.isoformat()}
                    for v in ordered],
    }


def versions_of(entry):
    """The Versions of one versions.json entry (entries it cannot read are skipped)."""
    found = []
    for item in entry.get("history") or [] if isinstance(entry, dict) else []:
        if not isinstance(item, dict):
            continue
        number, published = item.get("version"), as_date(item.get("published"))
        if isinstance(number, int) and number > 0 and published:
            found.append(Version(number, published))
    return found


def load_versions(root):
    """({set_id: entry}, problem) from `root`/labels/versions.json: ({}, "") when there is
    no such file, ({}, why) when it cannot be read."""
    return load_versions_file(Path(root) / VERSIONS_PATH, shown=str(VERSIONS_PATH))


def load_versions_file(path, shown=None):
    shown = shown or str(path)
    try:
        text = Path(path).read_text(encoding="utf-8")
    except FileNotFoundError:
        return {}, ""
    except (OSError, UnicodeDecodeError) as exc:
        return {}, f"{shown} cannot be read: {exc}"
    try:
        data = json.loads(text)
    except ValueError as exc:
        return {}, f"{shown} is not valid JSON: {exc}"
    if not isinstance(data, dict):
        return {}, f"{shown} is not an object of set ids"
    return {str(k).lower(): v for k, v in data.items() if isinstance(v, dict)}, ""


def dump_versions(entries):
    return json.dumps(dict(sorted(entries.items())), indent=2, ensure_ascii=False) + "\n"
