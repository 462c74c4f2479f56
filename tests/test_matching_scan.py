"""The Aho–Corasick scan (``ahocorasick_rs``, overlapping matches): what a faster scanner must
not change — whole-word matches hidden behind longer forms, offsets after non-ASCII text,
and overlaps resolved per lexicon."""

from __future__ import annotations

import datetime as dt

import pytest

from framing import Article, compile_lexicon, find_hits, load_lexicon
from framing.lexicon import parse_lexicon_text
from framing.matching import find_hits_many
from helpers import MINI_LEXICON

D = dt.date(2022, 3, 1)


@pytest.fixture(scope="module")
def mini():
    return compile_lexicon(load_lexicon(MINI_LEXICON))


def spans(matcher, text):
    return [(h.start, h.end, h.text, h.concept) for h in find_hits(Article.make(text=text, date=D), matcher)]


def test_a_longer_form_that_fails_the_boundary_does_not_hide_a_shorter_one(mini):
    # "kiev regime" starts at 4 and is the longest form there, but "n" follows it: a
    # leftmost-longest scanner would report only it and lose the whole word "Kiev"
    assert spans(mini, "The Kiev regimen fell.") == [(4, 8, "Kiev", "capital")]
    # the exclusion "chicken kiev" fails too ("Kievs"), and so does "kiev": nothing
    assert spans(mini, "Chicken Kievs and the Kiev regime.") == [
        (22, 33, "Kiev regime", "government")]
    # a form inside a longer word that fails the left boundary hides nothing after it
    assert spans(mini, "xannexation annex") == [(12, 17, "annex", "crimea")]


def test_offsets_are_characters_after_non_ascii_text(mini):
    # Cyrillic, CJK and an astral emoji stay non-ASCII after normalisation: spans count
    # characters (not UTF-8 bytes) of the original document
    text = "Привет, 東京 \U0001F600 Kyiv's annexation\u2014reunite"
    found = spans(mini, text)
    assert found == [(13, 17, "Kyiv", "capital"), (20, 30, "annexation", "crimea"),
                     (31, 38, "reunite", "crimea")]
    assert [text[s:e] for s, e, _, _ in found] == ["Kyiv", "annexation", "reunite"]


def test_each_lexicon_resolves_its_own_overlaps(mini):
    other = compile_lexicon(parse_lexicon_text(
        "name: other\nversion: 1\ndescription: Test lexicon.\nframes: {a: one, b: two}\nconcepts:\n"
        "  - id: rule\n    label: Rule\n    variants:\n"
        "      - {terms: [regime], frame: a}\n      - {terms: [government], frame: b}\n"
        "    sources: [invented for tests]\n"))
    article = Article.make(text="The Kiev regime and the Ukrainian government.", date=D)
    first, second = find_hits_many(article, [mini, other])
    # "Kiev regime" and "Ukrainian government" win in the mini lexicon; the other lexicon
    # still sees "regime" and "government" inside them
    assert [(h.start, h.end, h.text) for h in first] == [(4, 15, "Kiev regime"),
                                                           (24, 44, "Ukrainian government")]
    assert [(h.start, h.end, h.text) for h in second] == [(9, 15, "regime"), (34, 44, "government")]
    assert find_hits_many(article, []) == []
