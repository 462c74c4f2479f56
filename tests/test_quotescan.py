"""The compiled quotation scanner (framing/_quotescan.pyx) gives exactly the spans of the Python
reference (framing.text._quote_bounds_py), for every ``until``: on the shared data, on cases
checked by hand (the 16-character blocks of its scan, one-, two- and four-byte text, characters
that share a low byte with a mark), on random text built from the characters the rules look at,
and in linear time on pathological input."""

from __future__ import annotations

import random
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import text
from helpers import compiled_scanner, shared_documents

compiled = compiled_scanner("_quotescan")
reference = text._quote_bounds_py


def test_equal_to_the_reference_on_every_shared_document():
    # every document whole (with until: by turns a random offset, the start of a middle
    # quotation and the offset just before it, where the reference's early stop decides what is
    # listed), and its first paragraph alone (the title, where it has one)
    rng = random.Random(0)
    documents = shared_documents()
    assert len(documents) > 90_000
    differ = []
    quoted = 0
    for i, doc in enumerate(documents):
        whole = reference(doc)
        until = rng.randrange(-2, len(doc) + 3)
        if whole:
            quoted += 1
            if i % 3:
                until = whole[len(whole) // 2][0] - (i % 3 == 2)
        head = doc.partition("\n\n")[0]
        if (compiled.quote_bounds(doc) != whole
                or compiled.quote_bounds(doc, until) != reference(doc, until)
                or compiled.quote_bounds(head) != reference(head)):
            differ.append(doc[:80])
    assert differ == []
    assert quoted > 50_000  # most news copy quotes someone: the rules were exercised


@pytest.mark.parametrize("doc, expected", [
    ("", []),
    ("No quotation marks at all, just words.", []),
    ('He said "no" and left.', [(8, 12)]),
    # a straight quote after a letter opens nothing; the marks sit across a 16-character block
    ("x" * 15 + '"ab cd"' + "y" * 20, []),
    # two-byte text; ‘ after a letter opens nothing
    ("\u201c" + "a" * 14 + "\u201d" + "b" * 3 + "\u2018c\u2019 d", [(0, 16)]),
    # a paragraph break across two blocks (line breaks at 15 and 16)
    ("a" * 15 + "\n\n\u201cb\u201d", [(17, 20)]),
    # one byte a character, not ASCII: angle quotes, then a single-quoted word
    ("\u00e9" * 3 + " \u00abK\u00bb et 'x' " + "z" * 20, [(4, 7), (11, 14)]),
    # four bytes a character: » with nothing open quotes back to the last quotation's end, and
    # the single-quoted word inside that span is not a quotation of its own
    ("\U0001f600 \u201cwar\u201d 'peace' \u00bb", [(2, 7), (7, 17)]),
    # ‚ ‛ (in the range of the curly marks), • Ģ ħ ‧ (low byte of " or '), hair spaces (low byte
    # of a line break), a fullwidth quote and a CJK character (past U+8000) are no marks
    ("It\u2019s \u201a\u201b not marks \u2022 \u0122 \u0127 \u200a\u200a \u2027\u2027 "
     "\uff02x\uff02 \u4e2d 'ok'", [(36, 40)]),
    # an open quotation ends with its paragraph unless the next one opens with a mark
    ("Putin spoke. \u201cWe will finish it.\n\nThe liberation is our goal,\u201d he said.",
     [(13, 32), (34, 62)]),
    ("Intro.\n\n\u201cOne.\n\n\u201cTwo,\u201d she said. 'Tail' end", [(8, 21), (32, 38)]),
    # the 300th character after a single quote closes it whatever follows
    ("'a" + "b" * 297 + "'c", [(0, 300)]),
    # » and ” with nothing open; ” after a space opens, and runs to the end
    ("a\u00bb b \u00bb \u201d", [(0, 2), (2, 6), (7, 8)]),
    ('\u201d(x\u201d) """ a"b "c"d', [(0, 4), (6, 8), (8, 18)]),
])
def test_cases_checked_by_hand_equal_the_reference_for_every_until(doc, expected):
    assert reference(doc) == expected
    assert compiled.quote_bounds(doc) == expected
    for until in range(-3, len(doc) + 3):
        assert compiled.quote_bounds(doc, until) == reference(doc, until), until


def test_until_of_any_integer_and_any_str():
    doc = "Then \u201ca\u201d b, 'c' and \u201cd\u201d."
    whole = reference(doc)
    assert whole == [(5, 8), (12, 15), (20, 23)]
    # past the text it is the whole text, below -1 it is -1; bool and other ints index
    for until in (10**30, 2**63, len(doc) + 1):
        assert compiled.quote_bounds(doc, until) == whole
    for until in (-(10**30), -(2**63), -2):
        assert compiled.quote_bounds(doc, until) == reference(doc, -1) == [(5, 8), (20, 23)]
    assert compiled.quote_bounds(doc, True) == reference(doc, True) == [(5, 8), (20, 23)]

    class Offset:
        def __index__(self):
            return 12

    assert compiled.quote_bounds(doc, Offset()) == reference(doc, 12) == whole

    class Text(str):
        pass

    assert compiled.quote_bounds(Text(doc)) == whole
    with pytest.raises(TypeError, match="needs a str, got bytes"):
        compiled.quote_bounds(doc.encode())
    with pytest.raises(TypeError):
        compiled.quote_bounds(doc, 1.5)


def test_pathological_input_takes_linear_time():
    # a million marks of each kind the scans keep, single quotes that open and never close (the
    # reference searches 300 characters from each), closing marks with nothing open (each
    # quotes back to the last one), a 5 MB quotation and paragraph breaks in an open one
    cases = ['"' * 1_000_000, "'a " * 700_000, "\u00bb " * 1_000_000, "\u201d " * 1_000_000,
             ' "' + "a\"b " * 1_250_000, "\u201c" + "\n\n\u201c" * 500_000,
             "\u2018x" + " " * 5_000_000, "'a" + "\n\n'b " * 300_000]
    for doc in cases:
        began = time.process_time()
        compiled.quote_bounds(doc)
        compiled.quote_bounds(doc, len(doc) // 2)
        # ~0.05 s each here; quadratic time would take hours
        assert time.process_time() - began < 2.0, doc[:20]
    # and the same spans as the reference on a slice of each
    for doc in cases:
        part = doc[:30_011]
        assert compiled.quote_bounds(part) == reference(part)
        assert compiled.quote_bounds(part, 15_000) == reference(part, 15_000)


_PIECES = st.sampled_from(
    ['"', "'", "\u201c", "\u201d", "\u201e", "\u00ab", "\u00bb", "\u2018", "\u2019", "\u201a",
     "\u201b", "\u2022", "\u0122", "\n", "\n\n", " \n \n", " ", "  ", "\t", "\u00a0", "\u2028",
     "a", "b", "Z", "_", "1", "\u0660", "\u00b2", "\u00e9", "\u0436", "\U0001f600", ".", ",",
     ";", ":", "!", "?", "(", "[", ")", "it's", "'s ", "word", "x" * 17, "y" * 150])


@settings(max_examples=400, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=40),
       st.one_of(st.none(), st.integers(-4, 400)))
def test_equal_to_the_reference_on_random_text(pieces, until):
    doc = "".join(pieces)
    assert compiled.quote_bounds(doc) == reference(doc)
    assert compiled.quote_bounds(doc, until) == reference(doc, until)
