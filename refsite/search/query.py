"""What a query means: the text to show, the key to compare with names, the words to
match.

A query is cut to MAX_QUERY_LENGTH characters, cleaned of control characters and split
into at most MAX_TERMS words; words are only ever handed to a database as quoted
phrases (FTS5) or quoted lexemes (tsquery), never as query syntax. A word of MIN_PREFIX
letters or more also matches as a prefix, so "clona" finds clonazepam; AND asks for
every word, OR for any.

A query may be widened by `expand` before it is matched: an everyday phrase ("high
blood pressure") becomes one group of alternatives, the phrase itself or any of the
clinical terms the lay vocabulary gives for it (hypertension). A group is matched as a
whole, each alternative as a phrase, so "blood thinner" never matches "blood pressure".

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
    """A cleaned query: `text` to show, `key` to compare with names, `words` as typed
    (for names and misspellings) and `groups` to match: each group a tuple of
    alternative words or phrases, one of which must match (one word each, unless the
    query was expanded)."""

    text: str
    key: str
    words: tuple
    groups: tuple = ()

    def __post_init__(self):
        if not self.groups:
            object.__setattr__(self, "groups", tuple((w,) for w in self.words))

    def __bool__(self):
        return bool(self.words)

    @cached_property
    def pattern(self):
        """Finds the words in text as the engines match them: a long word as a prefix
        of its crudely stemmed form ("seizures" finds "seizure"), a short one whole.
        Group `wN` tells which word matched."""
        parts = []
        for n, group in enumerate(self.groups):
            alternatives = []
            for word in group:
                if is_prefix(word):
                    alternatives.append(_spaced(_stem(word)) + "\\w*")
                else:
                    alternatives.append(_spaced(word) + "(?!\\w)")
            parts.append(f"(?P<w{n}>{'|'.join(alternatives)})")
        return re.compile(r"(?<!\w)(?:" + "|".join(parts) + ")", re.IGNORECASE)

    @property
    def fuzzy_words(self):
        """Words long enough for similarity to mean something, plus the whole query
        when it has several words (for names such as "valproic acid")."""
        words = [w for w in self.words if len(w) >= 4]
        if len(self.words) > 1 and len(self.key) <= 60:
            words.append(self.key)
        return tuple(dict.fromkeys(words))


def is_prefix(word):
    """Whether a word, or a phrase's last word, also matches as a prefix."""
    return len(word.rsplit(" ", 1)[-1]) >= MIN_PREFIX


def _spaced(phrase):
    """A phrase as a pattern: its words in order, any spacing between them."""
    return r"\s+".join(re.escape(word) for word in phrase.split(" "))


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


def expand(terms, vocabulary):
    """(Terms, [(phrase, clinical terms)]): `terms` with each everyday phrase of the
    lay `vocabulary` ({tuple of a phrase's words: clinical terms}, see
    `search.vocabulary`) made one group of the phrase and its terms, longest phrase
    first; and what was expanded, for the results to say so."""
    words, groups, expanded = terms.words, [], []
    longest = max(map(len, vocabulary), default=0)
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            clinical = vocabulary.get(words[i:i + size])
            if clinical:
                phrase = " ".join(words[i:i + size])
                groups.append((phrase, *(t for t in clinical if t != phrase)))
                expanded.append((phrase, clinical))
                i += size
                break
        else:
            groups.append((words[i],))
            i += 1
    if not expanded:
        return terms, []
    return Terms(terms.text, terms.key, terms.words, tuple(groups)), expanded
