"""The compiled sentence scanner (framing/_sentencescan.pyx) gives exactly the sentence starts of
the regular-expression reference (framing.text._sentence_starts_py), on the shared data and on
random text built from the characters the rules look at."""

from __future__ import annotations

import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import text
from helpers import compiled_scanner, shared_documents

compiled = compiled_scanner("_sentencescan")
reference = text._sentence_starts_py


def test_equal_to_the_reference_on_every_shared_document():
    rng = random.Random(0)
    documents = shared_documents()
    assert len(documents) > 90_000  # 2 x 37,554 AllSides bodies, RUWA, BABE, BASIL, ...
    differ = []
    for doc in documents:
        until = rng.randrange(-2, len(doc) + 3)
        if compiled.sentence_starts(doc) != reference(doc) or (
                compiled.sentence_starts(doc, until) != reference(doc, until)):
            differ.append(doc[:80])
    assert differ == []


@pytest.mark.parametrize("doc, expected", [
    ("He met Mr. Smith. Then he left.", [0, 18]),
    ("Gen. Lee. U.S. Army. Approx. Ten. i.e. no", [0, 10, 21]),
    ("x \x00co. Next. A", [0, 7, 13]),  # a NUL before "co" is no abbreviation
    ("Café. Next", [0, 6]),  # non-ASCII before the stop: the reference's guard decides
    ("The \u212a. Next", [0]),  # the Kelvin sign matches "k" case-insensitively: an initial
    ("Dr\u00e9. Next", [0, 5]),  # é matches no abbreviation letter
    ("The \u0131nc. Next", [0]),  # dotless ı matches "i" case-insensitively: "inc."
    ("Hi!\" She said?! \u201cYes.\u201d\n\nNo", [0, 5, 16, 24]),
    ("  \n\t ", []),
    ("end.\n\n", [0]),
])
def test_edge_cases_equal_the_reference(doc, expected):
    assert reference(doc) == expected
    assert compiled.sentence_starts(doc) == expected
    for until in range(-1, len(doc) + 2):
        assert compiled.sentence_starts(doc, until) == reference(doc, until)


_PIECES = st.sampled_from(
    [".", "!", "?", "\n", "\n\n", " ", "  ", "\t", "\u00a0", "\x1c", "\u2028", '"', "'", "\u201c",
     "\u201d", "\u2018", "\u2019", "(", ")", "[", "]", ",", ";", ":", "a", "b", "z", "A", "M",
     "K", "\u212a", "\u017f", "\u0130", "\u0131", "\u00e9", "1", "_", "\x00", "mr", "Mr", "U.S", "gen",
     "approx", "e.g", "No", "said", "The", "\u00b2"])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=40), st.integers(-3, 200))
def test_equal_to_the_reference_on_random_text(pieces, until):
    doc = "".join(pieces)
    assert compiled.sentence_starts(doc) == reference(doc)
    assert compiled.sentence_starts(doc, until) == reference(doc, until)
