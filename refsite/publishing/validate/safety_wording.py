"""Sentences that could make a reader harm themselves or a child: what a reference must
never say on its own authority.

SAFETY001: an absolute statement about pregnancy, breastfeeding or children, either way
("safe in pregnancy", "no risk to the baby", "never used in children", "pregnant women
are not prescribed it"). The label's sections 8.1 to 8.4 say what is known, usually with
limits; a reader told "never" may stop abruptly, one told "safe" may not ask. Such a
sentence stands only when it cites the label section it comes from (`[^source:8.1]`).
The patient summary cannot cite, so there it is always reported.

SAFETY002: telling the reader to stop, skip or change the dose by themselves ("stop
taking it when you feel better", "you can lower the dose", "double the next dose"), in
a sentence that does not name the prescriber, doctor, pharmacist or health care
provider, or that names them only to say they need not be asked. On every page: many of
these medicines warn of withdrawal, rebound or seizures when stopped suddenly, and none
is stopped or changed safely on a web page's word. A negated sentence ("do not stop
taking it on your own") is the advice this rule wants. The `## Dosing` section speaks to
clinicians in the label's words ("Raise the dose by 0.5 mg every 3 days"), so there only
the words that address the reader count ("you can", "your dose", "on your own");
missed-dose advice from the label ("skip the missed dose") is not a self-made change.
"""

import re

from refsite.monographs.fields import boxed_titles

from ..findings import Finding
from .citations import CITATION_RE
from .prose import displayed_fields, field_position, folded, prose
from .sentences import sentences_with

CODES = {
    "SAFETY001": "an absolute statement about pregnancy, breastfeeding or children that "
                 "cites no label section",
    "SAFETY002": "the reader is told to stop, skip or change the dose without the prescriber",
}

# The patterns are lowercase and read folded text (prose.folded), where they find what
# they would find case-insensitively in the text, several times faster.
_GROUP = (
    r"(?:pregnan(?:cy|t)(?:\s+(?:women|woman|people|patients|mothers?))?"
    r"|breast[\s-]?feeding(?:\s+(?:women|mothers?))?|breastfed\s+bab(?:y|ies)"
    r"|nursing(?:\s+mothers?)?|breast\s+milk|children|kids|infants?|bab(?:y|ies)"
    r"|(?:the\s+|an?\s+)?unborn(?:\s+(?:baby|babies|child))?|fetus(?:es)?|newborns?"
    r"|toddlers?|mothers?)"
)
_DET = r"(?:(?:the|your|a|an|all|young|pregnant|nursing|expectant)\s+)*"
_ABSOLUTE_RE = re.compile(
    r"(?:"
    # always safe
    r"\b(?:(?:completely|perfectly|totally|entirely|absolutely|always|100%|very|quite)\s+)?"
    rf"(?:safe|harmless)\s+(?:to\s+(?:use|take|give)\s+)?"
    rf"(?:in|during|for|while|with|to|by|around)\s+{_DET}{_GROUP}\b"
    rf"|\b{_GROUP}\s+(?:can|may)\s+(?:safely|always|freely)\s+(?:take|use|be\s+given)\b"
    rf"|\bno\s+(?:known\s+)?(?:risks?|harm|danger|dangers|effects?)\s+(?:at\s+all\s+)?"
    rf"(?:to|for|on)\s+{_DET}{_GROUP}\b"
    rf"|\b(?:will|does|do|can)\s*(?:not|n't|never)\s+(?:harm|hurt|affect)\s+{_DET}{_GROUP}\b"
    # never used
    rf"|\b(?:never|not\s+ever)\s+(?:be\s+)?(?:used|given|prescribed|taken|recommended)\s+"
    rf"(?:in|to|for|by|during|while)\s+{_DET}{_GROUP}\b"
    rf"|\b{_GROUP}\s+(?:are|is)\s+(?:never|not)\s+(?:prescribed|given|treated\s+with)\b"
    rf"|\b(?:must|should|can|may)\s*(?:not|never|n't)\s+be\s+(?:used|given|taken|prescribed)"
    rf"\s+(?:in|during|by|to|for|while)\s+{_DET}{_GROUP}\b"
    r")",
)
# Every phrase _ABSOLUTE_RE finds names a group through one of these words (a test keeps
# them in step), so a sentence without any is not searched. Lowercase, for the folded
# text (prose.folded).
_GROUP_WORDS = ("pregnan", "breast", "nursing", "children", "kids", "infant", "baby",
                "babies", "unborn", "fetus", "newborn", "toddler", "mother")
# A hedged statement is not an absolute one: "has not been shown to be safe in children".
_HEDGED_RE = re.compile(
    r"\b(?:not\s+(?:been\s+)?(?:known|shown|established|studied|proven)|unknown|not\s+known)\b")

_ACTION = (
    r"stop\s+(?:taking|using)\b|stop\s+(?:it|them|the\s+(?:medicine|medication|tablets?|pills?))\b"
    r"|quit\s+(?:taking\s+)?(?:it|them|the\s+medicine)\b|come\s+off\s+it\b"
    r"|skip\s+(?:a|one|two|your|the\s+next|any|some|the\s+occasional)\s+(?:\w+\s+)?"
    r"(?:dose|doses|day|days|pill|pills|tablet|tablets)\b"
    r"|double\s+(?:up\b|(?:the|your|a)\s+(?:\w+\s+)?dose\b)"
    r"|take\s+(?:a\s+double|an\s+extra|extra|twice\s+the|two|double)\s+(?:\w+\s+)?doses?\b"
    r"|(?:cut\s+(?:back|down)\b)"
    r"|(?:lower|reduce|raise|increase|change|adjust|halve|cut|up)\s+your\s+(?:own\s+|daily\s+)?"
    r"(?:dose|doses|dosage)\b"
)
_READER_RE = re.compile(
    r"\byou\s+(?:can|may|could|should|might|are\s+free\s+to|are\s+welcome\s+to|just\s+need\s+to)"
    r"\s+(?:always\s+|just\s+|simply\s+|safely\s+|easily\s+|also\s+|then\s+)?"
    r"(?:stop|quit|skip|double|halve|lower|reduce|raise|increase|cut|change|adjust)\b"
    rf"|\b(?:{_ACTION})"
    r"|\b(?:stop|quit|skip|lower|reduce|raise|increase|change|adjust|cut)\w*\b[^.;\n]{0,40}?"
    r"\bon\s+your\s+own\b",
)
# In Dosing the label's instructions to clinicians are imperatives about "the dose".
_CLINICIAN_ACTION_RE = re.compile(
    r"\b(?:lower|reduce|raise|increase|change|adjust|halve|cut|double)\s+the\s+(?:daily\s+)?"
    r"(?:dose|doses|dosage)\b",
)
_PRESCRIBER = (r"(?:prescriber|doctor|physician|pharmacist|clinician|nurse|care\s+team|"
               r"health\s*care\s+(?:provider|professional|team)|gp)s?")
_PRESCRIBER_RE = re.compile(rf"\b{_PRESCRIBER}\b")
_DISMISSED_RE = re.compile(
    r"\b(?:no\s+need\s+to|needn't|need\s+not|don't\s+need\s+to|do\s+not\s+need\s+to|without"
    r"|instead\s+of)\s+(?:ask|asking|tell|telling|check|checking|call|calling|see|seeing|"
    rf"consult|consulting|bother|bothering)\w*\s+(?:with\s+)?(?:your\s+|a\s+|the\s+)?{_PRESCRIBER}")
# Every dismissal holds one of these: a sentence without them is not searched for one.
_DISMISSAL_WORDS = ("need", "without", "instead")
# Every instruction _DISMISSED_RE, _READER_RE or _CLINICIAN_ACTION_RE finds holds one of
# these words (a test keeps them in step), so a sentence without any is not searched.
_SELF_WORDS = ("you", "stop", "quit", "come", "skip", "double", "take", "cut", "need",
               "without", "instead", "dos")
_NEGATION_RE = re.compile(r"\b(?:not|never|no)\b|n't\b|\bavoid\b")
_MISSED_RE = re.compile(r"\bmiss(?:ed|es)?\b|\bforget|\bforgot")
_YOU_RE = re.compile(r"\byou|\byour")
_WARNS_RE = re.compile(r"withdraw|taper|rebound|dependence|discontinuation|suddenly")


def _group_findings(doc, text, cited):
    low = folded(text)
    for start, end in sentences_with(_GROUP_WORDS, text, low):
        sentence = low[start:end]
        if _HEDGED_RE.search(sentence):
            continue
        match = _ABSOLUTE_RE.search(sentence)
        if match is None or cited(start, end):
            continue
        yield start + match.start(), " ".join(
            text[start + match.start():start + match.end()].split())


def _section_cited(body):
    def cited(start, end):
        return any(m.group(2) for m in CITATION_RE.finditer(body, start, end))
    return cited


def _group_message(phrase):
    return (f"'{phrase}' is an absolute statement about pregnancy, breastfeeding or "
            "children; say what the label says, with its limits, and cite the section it "
            "comes from ([^source:8.1] for pregnancy, 8.2 breastfeeding, 8.4 children), or "
            "tell the reader to ask the prescriber")


def check_groups(doc, context=None):
    path = doc.display_path
    for offset, phrase in _group_findings(doc, prose(doc), _section_cited(doc.body)):
        line, col = doc.position(offset)
        yield Finding(path, line, col, "SAFETY001", _group_message(phrase))
    for key_path, value in displayed_fields(doc):
        for _offset, phrase in _group_findings(doc, value, lambda start, end: False):
            line, col = field_position(doc, key_path, phrase.split()[0])
            yield Finding(path, line, col, "SAFETY001",
                          f"{'.'.join(map(str, key_path))}: {_group_message(phrase)}")


def self_directed(text, clinicians=()):
    """(offset, words) of each instruction in `text` to change the dose without the
    prescriber; `clinicians` are (start, end) spans written for clinicians (Dosing).
    The patterns read the folded text; the words reported are the text's own."""
    low = folded(text)
    for start, end in sentences_with(_SELF_WORDS, text, low):
        sentence = low[start:end]
        if any(word in sentence for word in _DISMISSAL_WORDS):
            dismissed = _DISMISSED_RE.search(sentence)
            if dismissed:
                yield start + dismissed.start(), " ".join(
                    text[start + dismissed.start():start + dismissed.end()].split())
                continue
        for_clinicians = any(a <= start < b for a, b in clinicians)
        matches = list(_READER_RE.finditer(sentence))
        if not for_clinicians:
            matches += list(_CLINICIAN_ACTION_RE.finditer(sentence))
        # Most sentences hold no instruction: the prescriber is looked for only in those
        # that do (a sentence naming the prescriber reports nothing).
        if not matches or _PRESCRIBER_RE.search(sentence):
            continue
        for match in sorted(matches, key=lambda m: m.start()):
            if for_clinicians and not _YOU_RE.search(match.group()):
                continue
            words = " ".join(text[start + match.start():start + match.end()].split())
            if words.casefold().startswith("skip") and _MISSED_RE.search(sentence):
                continue
            if _NEGATION_RE.search(_clause_before(sentence, match.start())):
                continue
            yield start + match.start(), words
            break


def _clause_before(sentence, index):
    """The words before `index` that can negate it: back to a ';' or ':' (a comma may
    sit inside a negated list: "never start, stop or change")."""
    cut = max(sentence.rfind(";", 0, index), sentence.rfind(":", 0, index))
    return sentence[cut + 1:index]


def _self_message(words, warns):
    why = ("this medicine's label warns of withdrawal or rebound when it is stopped or "
           "cut quickly; " if warns else "")
    return (f"'{words}' tells the reader to change how they take the medicine on their "
            f"own; {why}write that the dose is stopped or changed only with the prescriber "
            "(for example 'Do not stop taking it or change the dose on your own; talk to "
            "your prescriber')")


def _span(doc, section):
    """(start, end) offsets into the body of a section's lines."""
    lines = doc.body.split("\n")
    first, last = section.line - doc.body_line, section.end_line - doc.body_line + 1
    start = sum(len(text) + 1 for text in lines[:first])
    return start, start + sum(len(text) + 1 for text in lines[first:last])


def check_self_dosing(doc, context=None):
    path = doc.display_path
    text = prose(doc)
    boxed = doc.meta.get("boxed_warning")
    warns = bool(_WARNS_RE.search(folded(text))) or (isinstance(boxed, list) and any(
        _WARNS_RE.search(folded(title)) for title in boxed_titles(boxed)))
    dosing = doc.section("Dosing")
    clinicians = [_span(doc, dosing)] if dosing else []
    for offset, words in self_directed(text, clinicians):
        line, col = doc.position(offset)
        yield Finding(path, line, col, "SAFETY002", _self_message(words, warns))
    summary = doc.meta.get("summary")
    if isinstance(summary, str):
        for _offset, words in self_directed(summary):
            line, col = field_position(doc, ("summary",), words.split()[0])
            yield Finding(path, line, col, "SAFETY002",
                          f"summary: {_self_message(words, warns)}")
