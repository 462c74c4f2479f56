"""The package runs the compiled scanners where they are built: CI sets FRAMING_REQUIRE_COMPILED
(after `python setup.py build_ext --inplace`), so a failed or forgotten build fails there instead
of quietly testing only the Python references. Their results are checked against the references
in test_sentencescan.py, test_quotescan.py and test_foldscan.py."""

from __future__ import annotations

import contextlib
import importlib
import os
import sys

import pytest

from framing import text
from helpers import compiled_scanner


@pytest.mark.parametrize("module, name, used", [
    ("framing._sentencescan", "sentence_starts", "_compiled_sentence_starts"),
    ("framing._quotescan", "quote_bounds", "_compiled_quote_bounds"),
    ("framing._foldscan", "fold", "_compiled_fold"),
])
def test_the_package_uses_the_compiled_scanner_when_ci_requires_it(module, name, used):
    if not os.environ.get("FRAMING_REQUIRE_COMPILED"):
        pytest.skip("FRAMING_REQUIRE_COMPILED is not set")
    assert getattr(text, used) is getattr(importlib.import_module(module), name)
    assert text.quote_bounds('a "b" c') == [(2, 5)]
    assert text.sentence_starts("One. Two.") == [0, 5]


@pytest.mark.parametrize("edited", [".pyx", "_textview.pxd"])
def test_a_scanner_older_than_its_source_is_not_used(monkeypatch, edited):
    compiled_scanner("_sentencescan")
    real = os.path.getmtime
    # the source edited after the build: its time is later than the compiled module's
    monkeypatch.setattr(text.os.path, "getmtime",
                        lambda p: real(p) + (1000 if str(p).endswith(edited) else 0))
    with pytest.warns(UserWarning, match=rf"{edited} changed after _sentencescan was compiled"
                                         r".*python setup\.py build_ext --inplace"):
        assert text._compiled("_sentencescan", "sentence_starts") is None


class _Text(str):
    """A str subclass, as numpy.str_ and lxml's strings are, whose str() says something else
    (as a str Enum's does)."""

    def __str__(self):
        return "something else"


def test_str_subclasses_and_until_types_give_the_references_answers():
    doc = 'He met Mr. Smith. "Then he left." It\u2019s  done.'
    assert text.sentence_starts(_Text(doc)) == text._sentence_starts_py(doc) == [0, 18, 34]
    assert text.quote_bounds(_Text(doc)) == text._quote_bounds_py(doc)
    assert text.normalize(_Text(doc)).text == text.normalize(doc).text
    assert text.sentence_starts(doc, True) == text._sentence_starts_py(doc, 1)
    with pytest.raises(TypeError, match=r"until must be a whole character offset \(an int\), "
                                        r"got float 3\.5"):
        text.sentence_starts(doc, 3.5)
    with pytest.raises(TypeError, match="until must be a whole character offset"):
        text.quote_bounds(doc, "3")


@pytest.mark.parametrize("pure", [False, True])
@pytest.mark.parametrize("function", ["sentence_starts", "quote_bounds", "normalize"])
def test_text_that_is_not_a_str_is_refused_by_name(pure, function):
    with text.python_references() if pure else contextlib.nullcontext():
        with pytest.raises(TypeError,
                           match=rf"{function} needs a str, got bytes \(decode the bytes"):
            getattr(text, function)(b"One. Two.")
        with pytest.raises(TypeError, match=rf"{function} needs a str, got NoneType"):
            getattr(text, function)(None)


def test_python_references_switches_every_scanner_and_restores_them():
    before = (text._compiled_sentence_starts, text._compiled_quote_bounds, text._compiled_fold)
    with text.python_references():
        assert (text._compiled_sentence_starts, text._compiled_quote_bounds,
                text._compiled_fold) == (None, None, None)
        assert text.sentence_starts("Mr. Smith left. Then") == [0, 16]
    assert (text._compiled_sentence_starts, text._compiled_quote_bounds,
            text._compiled_fold) == before


@pytest.mark.parametrize("value, off", [("1", True), ("yes", True), ("0", False),
                                        ("false", False), ("off", False), ("", False)])
def test_pure_python_switch_values(monkeypatch, value, off):
    compiled_scanner("_sentencescan")
    monkeypatch.setenv("FRAMING_PURE_PYTHON", value)
    assert (text._compiled("_sentencescan", "sentence_starts") is None) is off


def test_the_compiled_rules_are_the_references():
    sentences = compiled_scanner("_sentencescan")
    quotes = compiled_scanner("_quotescan")
    assert sentences.RULES == {"open": text._OPEN_CHARS.replace("\\", ""),
                               "close": text._CLOSE_CHARS.replace("\\", "")}
    assert quotes.RULES == {
        "single_max": text._SINGLE_MAX, "double_marks": "".join(text._DOUBLE_MARKS),
        "openers": text._OPENERS, "closers": text._CLOSERS,
        "orphan_closers": text._ORPHAN_CLOSERS, "single_marks": "'\u2018\u2019"}


@pytest.mark.parametrize("until", [-2**70, -5, sys.maxsize, 2**70])
def test_out_of_range_until_gives_the_same_spans_on_both_paths(until):
    doc = "a 'b' c \u201cd\u201d"
    assert text._quote_bounds_py(doc, until) == text.quote_bounds(doc, until)
    assert text._sentence_starts_py(doc, until) == text.sentence_starts(doc, until)
