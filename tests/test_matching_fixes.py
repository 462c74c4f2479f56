"""Fixes from the new-user test of issue 3: single-quoted headlines, pathological input,
undated articles, reported naming without quotation marks, and the lean rule."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from framing import Article, analyse, compile_lexicon, find_hits, load_lexicon
from helpers import MINI_LEXICON

D = dt.date(2022, 3, 1)


@pytest.fixture(scope="module")
def mini():
    return compile_lexicon(load_lexicon(MINI_LEXICON))


def voices(matcher, text, title="", date=D):
    return [(h.text, h.voice) for h in find_hits(Article.make(text=text, title=title, date=date), matcher)]


def test_single_quoted_headline_without_any_double_quote(mini):
    # before: quotation spans were looked for only when the text held a double quote
    assert voices(mini, "Nothing else.", title="Moscow hails 'reunification'") == [
        ("reunification", "distanced")]
    assert voices(mini, "Kyiv condemns \u2018annexation\u2019 vote") == [
        ("Kyiv", "authorial"), ("annexation", "distanced")]
    assert voices(mini, "Kyiv said it was an 'annexation'") == [
        ("Kyiv", "authorial"), ("annexation", "quoted")]


def test_five_megabyte_single_line_is_linear_and_exact(mini):
    unit = "Kyiv rejects the 'annexation' claim and the \"reunification\" story a\"b "
    copies = 5_000_000 // len(unit)
    text = unit * copies
    began = time.perf_counter()
    hits = find_hits(Article.make(text=text, date=D), mini)
    elapsed = time.perf_counter() - began
    assert len(hits) == 3 * copies
    assert [(h.start, h.text, h.voice, h.sentence) for h in hits[:3]] == [
        (0, "Kyiv", "authorial", 0), (18, "annexation", "distanced", 0),
        (45, "reunification", "distanced", 0)]
    last = hits[-1]
    assert (last.start, last.voice, last.sentence) == ((copies - 1) * len(unit) + 45, "distanced", 0)
    assert all(h.sentence == 0 for h in hits) and hits[0].sentence_text is hits[-1].sentence_text
    assert elapsed < 60, f"{elapsed:.1f} s for 5 MB"


def test_undated_article_scores_no_concept_that_depends_on_the_date(mini):
    article = Article.make(text="Kyiv and Kiev; the annexation.", outlet="X")
    hits = find_hits(article, mini)
    assert [(h.text, h.loaded, h.note) for h in hits] == [
        ("Kyiv", False, "undated article: concept 'capital' depends on the date"),
        ("Kiev", False, "undated article: concept 'capital' depends on the date"),
        ("annexation", True, ""),
    ]
    row = analyse([article], mini).article_scores.iloc[0]
    assert (row.n_scored, row.n_concepts, row["index"]) == (1, 1, -1.0)
    # dated, the same text scores both concepts
    dated = analyse([Article.make(text="Kyiv and Kiev; the annexation.", date=D)], mini)
    assert dated.article_scores.iloc[0].n_concepts == 2


@pytest.mark.parametrize(("text", "expected"), [
    ("Moscow has described the operation as a reunification.", [("reunification", "distanced")]),
    ("The vote was described as reunification.", [("reunification", "distanced")]),
    ("Moscow called it a reunification.", [("reunification", "distanced")]),
    ("Kyiv calls it annexation.", [("Kyiv", "authorial"), ("annexation", "distanced")]),
    ("They referred to it as reunification.", [("reunification", "distanced")]),
    ("Putin dubbed the Kiev regime weak.", [("Kiev regime", "distanced")]),
    ("He branded it as annexation.", [("annexation", "distanced")]),
    ("Officials labelled the vote as reunification.", [("reunification", "distanced")]),
    ("The vote was labeled as a reunification.", [("reunification", "distanced")]),
    # not reported naming: the outlet's own words
    ("He described reunification.", [("reunification", "authorial")]),
    ("Critics in Kyiv call it an annexation.", [("Kyiv", "authorial"), ("annexation", "authorial")]),
])
def test_reported_naming_without_quotation_marks_is_distanced(mini, text, expected):
    assert voices(mini, text) == expected


def test_lean_needs_an_interval_that_excludes_zero(mini):
    one = analyse([Article.make(text="Reunification.", outlet="A", date=D)], mini)
    row = one.outlet_scores.iloc[0]
    # index +1 from one hit, but the Jeffreys interval reaches below 0
    assert (row["index"], row.ci_high, row.lean) == (1.0, 1.0, "unclear") and row.ci_low < 0
    five = analyse([Article.make(text="Reunification. " * 5, outlet="A", date=D)], mini)
    row = five.outlet_scores.iloc[0]
    assert (row["index"], row.lean) == (1.0, "kremlin") and row.ci_low > 0
    against = analyse([Article.make(text="Annexation. " * 5, outlet="B", date=D)], mini)
    row = against.outlet_scores.iloc[0]
    assert (row["index"], row.lean) == (-1.0, "ukraine") and row.ci_high < 0


def test_words_ending_in_s_that_are_not_plurals_get_no_singular():
    from framing.matching import term_forms

    assert term_forms("fake news") == ["fake news"]
    assert term_forms("politics of envy") == ["politics of envy"]
    assert term_forms("climate crisis") == ["climate crisis"]
    assert term_forms("union bosses") == ["union bosses", "union boss"]
    assert term_forms("separatists") == ["separatists", "separatist"]


def test_many_hits_inside_one_long_quotation_stay_linear():
    from framing import Article, compile_lexicon, find_hits, load_lexicon

    matcher = compile_lexicon(load_lexicon("russia-ukraine"))
    text = '"' + " ".join(["Kyiv rejected the annexation."] * 4000)  # never closed
    # the voice of each hit used to recount the whole quotation (2,000 hits: 5.5 s; 8,000: over
    # 60 s); speed is measured in benchmarks/, this checks the answer on that input
    hits = find_hits(Article.make(text=text), matcher)
    assert len(hits) == 8000 and {h.voice for h in hits} == {"quoted"}
