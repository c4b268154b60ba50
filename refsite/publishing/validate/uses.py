"""Uses named outside Indications must be declared uses: an off-label use written as
"it is used for X" reads as an approved one.

The monograph declares its uses twice over: the `indication` of each structured dose
rule and the list items of `## Indications` (each cited, CITE004). Elsewhere, in the
body and the patient summary, a sentence such as "Clonazepam is also used for insomnia"
or "Helps with anxiety" names uses too; each condition it names (the list after the
verb, split at commas and "and"/"or") must share a significant word with a declared use
("seizures" matches "Seizure disorders"). A paragraph headed or led in bold by
"Off-label" that cites a source may name other uses: that is what such a paragraph is
for, and the heading tells the reader.

Only sentences about this medicine count: the words before the verb name it (its
names, "it", "this medicine") or there are none ("Also used for ..."); "these doses are
used for ...", "disulfiram (a medicine used to treat ...)" and negated sentences ("must
not be used to treat obesity") are not claims of a use.
"""

import re
from functools import lru_cache

from ..findings import Finding
from .citations import CITATION_RE
from .prose import field_position, folded, prose
from .sentences import lead_of, paragraph_at, sentences_with

CODES = {
    "USE001": "a use named outside Indications is not a declared indication (off-label use "
              "shown as approved)",
}

# Lowercase, read in folded text (prose.folded): what it finds there is what it would
# find case-insensitively in the text. Only sentences holding one of _VERB_WORDS (every
# match does: a test keeps them in step) are searched.
_VERB_RE = re.compile(
    r"\b(?:used\s+(?:for|to\s+(?:treat|relieve|manage|control|help\s+with)|in\s+the\s+"
    r"treatment\s+of)|treats|treating|approved\s+(?:for|to\s+treat)|helps?\s+(?:with|to\s+"
    r"treat|treat|relieve|against)|prescribed\s+(?:for|to\s+treat)|indicated\s+for|good\s+"
    r"for|effective\s+(?:for|against))\s+",
)
_VERB_WORDS = ("used", "treat", "approved", "help", "prescribed", "indicated", "good",
               "effective")
_CLAUSE_END_RE = re.compile(r"[.;:!?()\[\]]|\n[ \t]*\n")
_ITEM_SPLIT_RE = re.compile(r",|\s+(?:and|or|as\s+well\s+as|plus)\s+", re.IGNORECASE)
_WORD_RE = re.compile(r"[a-z][a-z'-]*[a-z]|[a-z]", re.IGNORECASE)
_NEGATION_RE = re.compile(r"\b(?:not|never|no|cannot|nor)\b|n't\b", re.IGNORECASE)
_OTHER_MEDICINE_RE = re.compile(
    r"\b(?:an?|another|other)\s+(?:\w+\s+)?(?:medicines?|drugs?|medications?)\s*"
    r"(?:that\s+|which\s+|is\s+|are\s+)?$", re.IGNORECASE)
_SELF_WORDS = frozenset("it this medicine drug medication tablets tablet pill".split())
_FILLER = frozenset("also and but is are was were be been often commonly widely now mostly "
                    "mainly sometimes usually even".split())
# Words that name no particular condition: a use sharing only these with a declared
# one does not match it.
_GENERIC = frozenset("""
a an the and or of in on at to for with without by from as into than that this these those
its it their his her your our some kinds kind types type forms form certain other others
people person adults adult children child kids patients patient men women use uses used
using disorder disorders disease diseases condition conditions syndrome symptoms symptom
problems problem treatment treatments therapy relief management short long term
term-treatment severe mild moderate acute chronic all any both each many more most well
who which also such like including include includes after before during while days day
weeks week months month years year hours hour longer time times dose doses daily adjunctive
therapy alone added together medicine medicines drug drugs
""".split())
_OFF_LABEL_RE = re.compile(r"off[\s-]label", re.IGNORECASE)
_LIST_ITEM_RE = re.compile(r"^[ \t]*(?:[-*+]|\d+[.)])[ \t]+", re.M)


def _stem(word):
    word = word.casefold().strip("'-")
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


_GENERIC_STEMS = frozenset(_stem(w) for w in _GENERIC)


def key_words(text):
    """The words of `text` that can tell one condition from another, stemmed."""
    words = set()
    for word in _WORD_RE.findall(str(text or "")):
        for part in word.split("-"):
            if part and part.casefold() not in _GENERIC and len(part) > 1:
                words.add(_stem(part))
    return words - _GENERIC_STEMS


def declared_uses(doc):
    """(label, key words) of each declared use: dose-rule indications and the list items
    of `## Indications`."""
    uses = []
    for rule in doc.meta.get("dosing") or []:
        if isinstance(rule, dict) and isinstance(rule.get("indication"), str):
            uses.append((rule["indication"], key_words(rule["indication"])))
    section = doc.section("Indications")
    if section:
        text = CITATION_RE.sub("", section.markdown)
        starts = [m.start() for m in _LIST_ITEM_RE.finditer(text)]
        for start, end in zip(starts, [*starts[1:], len(text)], strict=False):
            item = re.split(r"\n[ \t]*\n", text[start:end])[0]
            item = _LIST_ITEM_RE.sub("", item, count=1)
            label = re.sub(r"[*_]", "", " ".join(item.split()))
            uses.append((label, key_words(item)))
    return [(label, words) for label, words in uses if words]


def _names(doc):
    names = [doc.meta.get("generic_name")]
    for key in ("brand_names", "synonyms"):
        value = doc.meta.get(key)
        if isinstance(value, list):
            names += value
    return {n.strip("*_` ").casefold() for n in names if isinstance(n, str) and n.strip("*_` ")}


def _about_this_medicine(prefix, names):
    """Whether the words before the verb make this medicine the subject."""
    if _NEGATION_RE.search(prefix) or _OTHER_MEDICINE_RE.search(prefix):
        return False
    words = [w.casefold() for w in _WORD_RE.findall(prefix)]
    if not [w for w in words if w not in _FILLER]:
        return True
    if _SELF_WORDS.intersection(words):
        return True
    pattern = _names_re(frozenset(names))
    return bool(pattern and pattern.search(" ".join(words)))


@lru_cache(maxsize=64)
def _names_re(names):
    """One pattern for all of a page's names, made once per page: a pattern per name
    per sentence was compiled a thousand times for five hundred pages (the regex
    module's cache holds fewer patterns than a check makes)."""
    if not names:
        return None
    return re.compile(r"\b(?:" + "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
                      + r")\b")


def named_uses(text, names):
    """(offset, condition as written) for each use `text` claims for this medicine."""
    low = folded(text)
    for start, end in sentences_with(_VERB_WORDS, text, low):
        sentence = text[start:end]
        for verb in _VERB_RE.finditer(low[start:end]):
            if not _about_this_medicine(sentence[:verb.start()], names):
                continue
            stop = _CLAUSE_END_RE.search(sentence, verb.end())
            tail = sentence[verb.end():stop.start() if stop else len(sentence)]
            position = verb.end()
            for piece in _ITEM_SPLIT_RE.split(tail):
                offset = tail.find(piece)
                if piece.strip():
                    lead = len(piece) - len(piece.lstrip())
                    yield start + position + offset + lead, " ".join(piece.split())


def _undeclared(condition, uses):
    words = key_words(condition)
    if not words:
        return False
    return not any(words & declared for _, declared in uses)


def _message(condition, doc, uses):
    name = doc.meta.get("generic_name") or "this medicine"
    labels = dict.fromkeys(re.split(r"[.(;:]", label)[0].strip(" ,")[:50] for label, _ in uses)
    shown = "; ".join(list(labels)[:6]) or "none"
    return (f"'{condition}' is named as a use of {name} but is not one of its declared "
            f"indications ({shown}); name only the labeled uses, or move this to a paragraph "
            "headed 'Off-label use' that cites its source")


def check(doc, context=None):
    uses = declared_uses(doc)
    names = _names(doc)
    text = prose(doc)
    indications = doc.section("Indications")
    path = doc.display_path
    for offset, condition in named_uses(text, names):
        line, col = doc.position(offset)
        if indications and indications.line <= line <= indications.end_line:
            continue
        if not _undeclared(condition, uses):
            continue
        start, end = paragraph_at(text, offset)
        if _OFF_LABEL_RE.search(lead_of(text, offset)) and CITATION_RE.search(
                doc.body[start:end]):
            continue
        yield Finding(path, line, col, "USE001", _message(condition, doc, uses))
    summary = doc.meta.get("summary")
    if isinstance(summary, str):
        for _offset, condition in named_uses(summary, names):
            if _undeclared(condition, uses):
                line, col = field_position(doc, ("summary",), condition.split()[0])
                yield Finding(path, line, col, "USE001",
                              f"summary: {_message(condition, doc, uses)}")
