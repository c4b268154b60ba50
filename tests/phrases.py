"""Hypothesis data for the tests that hold a shortcut search (an index of names, a
search in case-folded text) to the plain pattern search it replaces: a text of words,
and phrases taken from runs of those words, each letter spelled in any of its case
variants (the dotless i and the Kelvin sign among them)."""

from hypothesis import strategies as st


def text_and_phrases(data, words, separators, spellings, *, most, ascii_only=False):
    """(text, phrases): `words` joined by separators drawn from `separators`, and 1 to
    `most` phrases, each a run of those words with every letter drawn from its group
    in `spellings` (ASCII letters only, when `ascii_only`)."""
    between = data.draw(st.lists(st.sampled_from(separators),
                                 min_size=len(words), max_size=len(words)))
    text = "".join(word + separator for word, separator in zip(words, between, strict=True))
    phrases = []
    for _ in range(data.draw(st.integers(1, most))):
        start = data.draw(st.integers(0, len(words) - 1))
        run = " ".join(words[start:data.draw(st.integers(start + 1, len(words)))])
        phrases.append("".join(data.draw(st.sampled_from(_spellings(letter, spellings,
                                                                     ascii_only)))
                               for letter in run))
    return text, phrases


def _spellings(letter, groups, ascii_only):
    group = next((g for g in groups if letter in g), letter)
    return [c for c in group if c.isascii()] if ascii_only else list(group)
