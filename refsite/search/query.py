"""What a query means: the text to show, the key to compare with names, the words to
match.

A query is cut to MAX_QUERY_LENGTH characters, cleaned of control characters and split
into at most MAX_TERMS words; words are only ever handed to a database as quoted
phrases (FTS5) or quoted lexemes (tsquery), never as query syntax. A word of MIN_PREFIX
letters or more also matches as a prefix, so "clona" finds clonazepam; AND asks for
every word, OR for any.

Nothing here touches the database: the backends, the index and the ranking all build
on it.
"""

import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property

MAX_QUERY_LENGTH = 200
MAX_TERMS = 8
MAX_TERM_LENGTH = 40
MIN_PREFIX = 3

AND = "and"
OR = "or"

# Words that say nothing about which medicine is meant. PostgreSQL's english config
# drops them anyway; dropping them here keeps SQLite's results the same.
STOPWORDS = frozenset(
    "a about an and are as at be by can do does for from how i in is it my not of on or "
    "the to what when which who why will with".split()
)

_WORD_RE = re.compile(r"[^\W_]+")
_SPACE_RE = re.compile(r"\s+")


def clean(query):
    """The query as it will be used and shown: at most MAX_QUERY_LENGTH characters,
    no control, format or private-use characters (NUL breaks PostgreSQL), spaces
    collapsed."""
    query = (query or "")[:MAX_QUERY_LENGTH]
    query = "".join(" " if unicodedata.category(c)[0] == "C" else c for c in query)
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", query)).strip()


def normalize(text):
    """Case- and accent-insensitive form of a name or query, for exact comparison."""
    text = unicodedata.normalize("NFKD", clean(text).casefold())
    text = "".join(c for c in text if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", text)


@dataclass(frozen=True)
class Terms:
    """A cleaned query: `text` to show, `key` to compare with names, `words` to match."""

    text: str
    key: str
    words: tuple

    def __bool__(self):
        return bool(self.words)

    @cached_property
    def pattern(self):
        """Finds the words in text as the engines match them: a long word as a prefix
        of its crudely stemmed form ("seizures" finds "seizure"), a short one whole.
        Group `wN` tells which word matched."""
        parts = []
        for n, word in enumerate(self.words):
            if len(word) >= MIN_PREFIX:
                parts.append(f"(?P<w{n}>{re.escape(_stem(word))}\\w*)")
            else:
                parts.append(f"(?P<w{n}>{re.escape(word)}(?!\\w))")
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)

    @property
    def fuzzy_words(self):
        """Words long enough for similarity to mean something, plus the whole query
        when it has several words (for names such as "valproic acid")."""
        words = [w for w in self.words if len(w) >= 4]
        if len(self.words) > 1 and len(self.key) <= 60:
            words.append(self.key)
        return tuple(dict.fromkeys(words))


def _stem(word):
    """Enough of an English stemmer for highlighting: drop one plural or verb ending
    while four letters remain."""
    for ending in ("ing", "ies", "es", "ed", "s"):
        if word.endswith(ending) and len(word) - len(ending) >= 4:
            return word[: -len(ending)]
    return word


def parse(query):
    text = clean(query)
    key = normalize(text)
    words = []
    for word in _WORD_RE.findall(key):
        word = word[:MAX_TERM_LENGTH]
        if word not in words:
            words.append(word)
    meaningful = [w for w in words if w not in STOPWORDS]
    return Terms(text, key, tuple((meaningful or words)[:MAX_TERMS]))
