"""The compiled first step of normalisation (framing/_foldscan.pyx) gives exactly what the
Python path gives: every field of framing.text.normalize's result (text and offset maps) equal,
on the shared data and on random text."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import text
from helpers import compiled_scanner, shared_documents

compiled_scanner("_foldscan")


def _python_path(doc: str) -> text.NormalizedText:
    with text.python_references():
        return text.normalize(doc)


def test_equal_to_the_python_path_on_every_shared_document():
    assert text._compiled_fold is not None
    differ = [doc[:80] for doc in shared_documents() if text.normalize(doc) != _python_path(doc)]
    assert differ == []


@pytest.mark.parametrize("doc", [
    "", " ", "Hello  World\n\n", "It\u2019s \u201cfine\u201d \u2014 caf\u00e9\u00a0x",
    "\U0001F600 a", "Kelvin \u212a", "\u03a3\u039f\u03a3", "\u0130stanbul", "\x00\x7f\x80",
    "\ufb01nance", "soft\u00adhyphen", "a\u2028b\u3000c", "\uffff",
])
def test_edge_cases_equal_the_python_path(doc):
    assert text.normalize(doc) == _python_path(doc)


_PIECES = st.sampled_from(
    [" ", "  ", "\n", "\t", "\u00a0", "\u2009", "\u3000", "\u2019", "\u201c", "\u201d", "\u2014",
     "\u2013", "\u00e9", "\u00c9", "\u00df", "\u0130", "\u0131", "\u212a", "\u03a3", "\u00ad",
     "\ufb01", "\U0001F600", "\u4e2d", "A", "b", "-", "'", '"', "`", "\x00", "\x1c"])


@settings(max_examples=500, deadline=None)
@given(st.lists(_PIECES | st.text(max_size=3), max_size=30))
def test_equal_to_the_python_path_on_random_text(pieces):
    doc = "".join(pieces)
    assert text.normalize(doc) == _python_path(doc)
