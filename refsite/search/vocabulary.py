"""The lay vocabulary as search uses it: {a phrase's words: the clinical terms}, read
from the versioned file (`monographs.layterms`) under CONTENT_ROOT.

The file is read again only when it changes (its size and modification time are
compared on each search: one stat call). A file that is broken on the server (edited
there, or half copied) never breaks search: the last good vocabulary stays in use and a
warning names the file and line. The content check refuses such a file before it
ships (LAY001-LAY003), so this is a second line of defence, not the first.
"""

import logging
import threading

from django.conf import settings

from refsite.monographs import layterms

from .query import parse

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_state = {"stamp": None, "vocabulary": {}}


def lay_vocabulary():
    """{tuple of words (as `query.parse` splits them): clinical terms} for the current
    file; {} when there is none."""
    path = settings.CONTENT_ROOT / layterms.PATH
    try:
        stat = path.stat()
        stamp = (str(path), stat.st_mtime_ns, stat.st_size)
    except FileNotFoundError:
        stamp = (str(path), None, None)
    except OSError:
        return _state["vocabulary"]
    if stamp == _state["stamp"]:
        return _state["vocabulary"]
    with _lock:
        if stamp != _state["stamp"]:
            _state["vocabulary"] = _read(settings.CONTENT_ROOT, stamp[1] is not None)
            _state["stamp"] = stamp
    return _state["vocabulary"]


def _read(root, exists):
    if not exists:
        return {}
    entries, problems = layterms.read(root)
    if problems:
        first = problems[0]
        logger.warning("%s:%s: %s %s; search keeps the lay vocabulary it had",
                       root / layterms.PATH, first.line, first.code, first.message)
        if _state["vocabulary"]:
            return _state["vocabulary"]
    vocabulary = {}
    for entry in entries:
        terms = tuple(dict.fromkeys(key for key in map(_key, entry.terms) if key))
        for word in entry.words:
            words = parse(word).words
            if words and terms:
                vocabulary.setdefault(words, terms)
    return vocabulary


def _key(term):
    return parse(term).key
