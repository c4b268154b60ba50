"""What a query asks, before anything is ranked: which medicines it names (published,
or still being reviewed), which part of a monograph it asks about ("dose",
"pregnant", "alcohol") and which words are left.

Names are looked up exactly, in memory (`names`, kept per version of the published
set): every run of one to three words of the query against the index's names
(published monographs: generic names, brands, synonyms, listed misspellings) and
against the names of draft monographs. Topic words
are fixed here because they stand for the fixed section titles (content/README.md,
"Sections").
"""

import re
from dataclasses import dataclass, field

from . import names
from .models import SearchName
from .query import STOPWORDS, Terms

MAX_NAME_WORDS = 3
MAX_WORDS = 24  # of a query (stopwords included): a long question still names its medicine
_WORD_RE = re.compile(r"[^\W_]+")

# (section anchor, words and phrases that ask about it), first match wins.
TOPICS = (
    ("dosing", ("dose", "doses", "dosage", "dosing", "how much", "how many", "mg",
                "maximum dose", "max dose", "how to take", "when to take")),
    ("pregnancy-and-breastfeeding", ("pregnant", "pregnancy", "expecting", "breastfeeding",
                                     "breast feeding", "breastfeed", "nursing",
                                     "breast milk", "trying to conceive")),
    ("interactions", ("alcohol", "drink", "drinking", "drinks", "beer", "wine",
                      "interaction", "interactions", "interact", "mix", "mixing",
                      "together", "grapefruit")),
    ("side-effects", ("side effect", "side effects", "side-effects", "adverse effects",
                      "adverse reactions")),
    ("overdose", ("overdose", "overdosed", "too much", "too many", "took too much")),
    ("storage", ("store", "storage", "storing", "fridge")),
)
TWO_MEDICINES_TOPIC = "interactions"  # "zoloft and klonopin": what they do together
EXACT_KINDS = (SearchName.Kind.GENERIC, SearchName.Kind.BRAND)  # names that redirect



def _phrases(entries):
    return {tuple(_WORD_RE.findall(text)): anchor for anchor, texts in entries
            for text in texts}


_TOPIC_PHRASES = _phrases(TOPICS)
_TOPIC_LONGEST = max(map(len, _TOPIC_PHRASES))


@dataclass(frozen=True)
class Reading:
    """What the query asks. `exact` is the Listing of the one published monograph
    whose generic or brand name is the whole query (case and accents aside), if one
    is (nothing else is read then); `medicines` are Listings of published monographs
    named (in the order named), `in_review` the generic names of drafts named, `topic`
    a section anchor, `rest` the words that are neither names, topic nor filler."""

    exact: object = None  # the Listing whose generic or brand name is the whole query
    medicines: tuple = ()
    in_review: tuple = ()
    topic: str = ""
    topic_words: tuple = ()
    rest: tuple = ()
    name_words: dict = field(default_factory=dict)  # generic name -> the words typed


def read(terms):
    """The Reading of a parsed query (`query.Terms`)."""
    words = tuple(_WORD_RE.findall(terms.key))[:MAX_WORDS]
    if not words:
        return Reading()
    spans = _spans(words)
    published, drafts, exact = _lookup([terms.key, *spans.values()])
    named = exact.get(terms.key, {})
    if len(named) == 1:
        return Reading(exact=next(iter(named.values())))
    used = set()
    medicines, in_review, name_words = {}, {}, {}
    # Longest names first, so "sertraline hydrochloride" is one name, not two.
    for (start, end), key in sorted(spans.items(), key=lambda s: (s[0][0] - s[0][1], s[0])):
        if used.intersection(range(start, end)):
            continue
        if key in published:
            listing = published[key]
            medicines.setdefault(listing.slug, (start, listing))
        elif key in drafts:
            in_review.setdefault(drafts[key], start)
        else:
            continue
        name_words.setdefault(published[key].generic_name if key in published
                              else drafts[key], words[start:end])
        used.update(range(start, end))
    topic, topic_words = _topic(words, used)
    rest = tuple(w for i, w in enumerate(words) if i not in used and w not in STOPWORDS)
    return Reading(
        medicines=tuple(listing for _start, listing in sorted(medicines.values(),
                                                             key=lambda m: m[0])),
        in_review=tuple(sorted(in_review, key=in_review.get)),
        topic=topic, topic_words=topic_words, rest=tuple(dict.fromkeys(rest)),
        name_words=name_words)


def _spans(words):
    """{(start, end): the text of words[start:end]} for runs of up to MAX_NAME_WORDS
    words; a name typed with a hyphen ("co-trimoxazole") is one run of two words here
    and is looked up both ways."""
    return {(i, j): " ".join(words[i:j]) for i in range(len(words))
            for j in range(i + 1, min(i + MAX_NAME_WORDS, len(words)) + 1)}


def _lookup(keys):
    """({key: Listing} of published names, {key: generic name} of drafts' names,
    {key: {slug: Listing}} of published generic and brand names)."""
    held = names.current()
    published, drafts, exact = {}, {}, {}
    for key in sorted(set(keys) | {k.replace(" ", "-") for k in keys}):
        spaced = key.replace("-", " ")
        entries = held.published.get(key, ())
        for kind, found in zip(entries[::2], entries[1::2], strict=True):
            published[spaced] = found
            if kind in EXACT_KINDS:
                exact.setdefault(key, {})[found.slug] = found
        if key in held.drafts:
            drafts[spaced] = held.drafts[key]
    return published, drafts, exact


def _topic(words, used):
    """(section anchor, the words that asked for it) of the first topic phrase among
    the words no name took; the words join `used`."""
    for i in range(len(words)):
        for size in range(min(_TOPIC_LONGEST, len(words) - i), 0, -1):
            anchor = _TOPIC_PHRASES.get(words[i:i + size])
            if anchor and not used.intersection(range(i, i + size)):
                used.update(range(i, i + size))
                return anchor, words[i:i + size]
    return "", ()


def question_terms(reading, terms):
    """Terms for what the reader asks about a medicine (topic and other words, as
    expanded), to mark in the answer's snippet; empty when only names were typed."""
    asked = set(reading.topic_words) | set(reading.rest)
    groups = tuple(g for g in terms.groups if set(g[0].split(" ")) & asked)
    words = tuple(w for w in terms.words if w in asked)
    return Terms(terms.text, terms.key, words, groups if words else ())
