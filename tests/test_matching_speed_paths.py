"""The fast paths of matching (issue 3's speed goal) give the hits of the general rules: every
normaliser path, the cached combined automaton, double quotation marks found by str.find."""

from __future__ import annotations

import datetime as dt

import pytest

from framing import Article, compile_lexicon, find_hits, load_lexicon
from framing.lexicon import parse_lexicon
from framing.matching import find_hits_many, hit_rows_many
from framing.text import quote_bounds, sentence_starts
from helpers import MINI_LEXICON

D = dt.date(2022, 3, 1)
OTHER = {
    "name": "other", "version": 1, "description": "d", "frames": {"a": "A", "b": "B"},
    "concepts": [{"id": "war", "label": "War", "sources": ["s"], "variants": [
        {"terms": ["special operation"], "frame": "a"}, {"terms": ["invasion"], "frame": "b"}]}],
}
# a quotation over two paragraphs (the second opens with a mark), an angle-quoted name, a
# nested single-quoted one, abbreviations with periods inside a sentence
BODY = ("Gen. Smith of the U.S. said: \u201cThe annexation was planned.\n\n\u201cThe "
        "reunification story came later,\u201d she said. \u00abKyiv\u00bb agreed. Then "
        "\"they call it 'reunification' and we call it annexation\" in Kyiv.")
EXPECTED = [  # (start in BODY, text, sentence, voice), counted by hand
    (34, "annexation", 0, "quoted"), (64, "reunification", 1, "quoted"),
    (108, "Kyiv", 2, "distanced"), (142, "reunification", 3, "quoted"),
    (172, "annexation", 3, "quoted"), (187, "Kyiv", 3, "authorial"),
]


@pytest.fixture(scope="module")
def mini():
    return compile_lexicon(load_lexicon(MINI_LEXICON))


@pytest.mark.parametrize("prefix", [
    "",  # ASCII after the curly quotes are replaced
    "Caf\u00e9 \u2588\u2588 \u2026 ",  # one byte a character, runs folded in Python ("…" -> "...")
    "\u0130stanbul. ",  # "İ" lower-cases to two characters: the character-by-character path
    "\u039f\u0394\u039f\u03a3 \u2014 ",  # capital sigma: str.lower over the whole text
])
def test_every_normaliser_path_gives_the_same_hits(mini, prefix):
    article = Article.make(text=prefix + BODY, date=D)
    shift = len(prefix)
    extra = 1 if prefix.startswith("\u0130stanbul.") else 0  # a sentence of its own
    found = [(h.start - shift, h.text, h.sentence - extra, h.voice) for h in find_hits(article, mini)]
    assert found == EXPECTED
    for h in find_hits(article, mini):
        assert article.document[h.start:h.end] == h.text


def test_quotations_and_sentences_of_the_body():
    # one quotation over both paragraphs (29-96), the angle quotes, the straight ones holding
    # the single-quoted name; "Gen." and "U.S." end no sentence, the paragraph break does
    assert quote_bounds(BODY) == [(29, 96), (107, 113), (127, 183)]
    assert sentence_starts(BODY) == [0, 59, 107, 122]


def test_combined_automaton_follows_the_tuple_of_matchers(mini):
    other = compile_lexicon(parse_lexicon(OTHER))
    article = Article.make(text="The annexation was a special operation, an invasion. Kyiv.",
                           date=D)
    both = (mini, other)
    first = find_hits_many(article, both)
    assert [[h.text for h in hits] for hits in first] == [
        ["annexation", "Kyiv"], ["special operation", "invasion"]]
    # the same tuple again, another tuple with one of them, the other order: each matcher's
    # hits stay its own (the automaton of the last call is not taken for a different tuple)
    assert find_hits_many(article, both) == first
    assert find_hits_many(article, (other,)) == [find_hits(article, other)] == [first[1]]
    assert find_hits_many(article, (other, mini)) == [first[1], first[0]]
    assert hit_rows_many(article, (mini,))[0] == [tuple(
        getattr(h, f) for f in h.__dataclass_fields__) for h in first[0]]
