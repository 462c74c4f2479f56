"""Matching rules, each with exact spans, on a test lexicon written for these tests."""

from __future__ import annotations

import datetime as dt
import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import Article, compile_lexicon, find_hits, load_lexicon
from framing.analysis import analyse
from framing.matching import term_forms
from helpers import MINI_LEXICON

D2022 = dt.date(2022, 3, 1)


@pytest.fixture(scope="module")
def matcher():
    return compile_lexicon(load_lexicon(MINI_LEXICON))


def hits_of(matcher, text, date=D2022, title=""):
    return find_hits(Article.make(text=text, title=title, date=date), matcher)


def spans(hits):
    return [(h.start, h.end, h.text) for h in hits]


def test_three_sentence_article_exact(matcher):
    text = ("Russia completed the reunification of Crimea. "
            "Critics in Kyiv call it an annexation. "
            'Moscow said the "annexation" claims were false.')
    hits = hits_of(matcher, text)
    assert [(h.start, h.end, h.concept, h.frame, h.voice, h.sentence) for h in hits] == [
        (21, 34, "crimea", "kremlin", "authorial", 0),
        (57, 61, "capital", "ukraine", "authorial", 1),
        (73, 83, "crimea", "ukraine", "authorial", 1),
        (102, 112, "crimea", "ukraine", "quoted", 2),
    ]
    assert [h.text for h in hits] == ["reunification", "Kyiv", "annexation", "annexation"]
    assert hits[1].sentence_text == "Critics in Kyiv call it an annexation."
    # crimea: 1 kremlin vs 1 ukraine authorial -> 0; capital: 0 vs 1 -> -1; index = mean = -0.5
    result = analyse([Article.make(text=text, date=D2022)], matcher)
    row = result.article_scores.iloc[0]
    assert (row.n_hits, row.n_scored, row.n_concepts, row.n_pos, row.n_neg) == (4, 3, 2, 1.0, 2.0)
    assert row["index"] == -0.5
    # Var(2p-1) under Beta(1.5, 1.5) and Beta(0.5, 1.5) is 1/4 each: sd = sqrt(1/2) / 2
    half = 1.959963984540054 * math.sqrt(0.5) / 2
    # the lower bound -0.5 - half = -1.19 is clipped to -1
    assert (row.ci_low, row.ci_high) == (-1.0, pytest.approx(-0.5 + half, abs=1e-12))
    assert row.lean == "unclear"  # the interval (-1, 0.19) holds 0: no pole


def test_inflections_of_last_word(matcher):
    hits = hits_of(matcher, "Moscow annexed it; annexing, annexes; reunited.")
    assert [h.text for h in hits] == ["annexed", "annexing", "annexes", "reunited"]
    assert "annexes" in term_forms("annex") and "separatist" in term_forms("separatists")


def test_whole_words_only(matcher):
    assert hits_of(matcher, "Kievan Rus and Kyivstar and reannexation") == []


def test_hyphen_space_and_joined_variants(matcher):
    text = "pro-Russia forces; pro Russia forces; proRussia forces; pro\u2011Russia forces"
    assert [h.text for h in hits_of(matcher, text)] == [
        "pro-Russia forces", "pro Russia forces", "proRussia forces", "pro\u2011Russia forces"]


def test_line_break_and_double_space_inside_term(matcher):
    text = "the Kiev\nregime and the Russian-backed\n  separatists"
    hits = hits_of(matcher, text)
    assert spans(hits) == [(4, 15, "Kiev\nregime"), (24, 52, "Russian-backed\n  separatists")]


def test_possessive_and_curly_apostrophe(matcher):
    hits = hits_of(matcher, "Kyiv\u2019s mayor and Kyiv's parks")
    assert spans(hits) == [(0, 4, "Kyiv"), (17, 21, "Kyiv")]


def test_case_and_accent_insensitive(matcher):
    assert [h.text for h in hits_of(matcher, "KYIV. The ANNEXATION. Réunification.")] == [
        "KYIV", "ANNEXATION", "Réunification"]


def test_longest_match_wins(matcher):
    hits = hits_of(matcher, "the Kiev regime fell; an illegal annexation")
    assert [(h.concept, h.text) for h in hits] == [
        ("government", "Kiev regime"), ("crimea", "illegal annexation")]


def test_exclusion_suppresses_term(matcher):
    hits = hits_of(matcher, "Chicken Kiev is served in Kiev.")
    assert spans(hits) == [(26, 30, "Kiev")]


def test_date_rule_for_kiev(matcher):
    (old,) = hits_of(matcher, "Troops left Kiev.", date=dt.date(2015, 9, 22))
    assert (old.loaded, old.frame) == (False, "kremlin")
    assert "since 2019-08-14" in old.note
    (new,) = hits_of(matcher, "Troops left Kiev.", date=dt.date(2019, 8, 14))
    assert new.loaded and new.note == ""
    (undated,) = hits_of(matcher, "Troops left Kiev.", date=None)
    assert not undated.loaded and undated.note.startswith("undated article")


def test_neutral_variant_is_never_scored(matcher):
    (hit,) = hits_of(matcher, "The Ukrainian government met.")
    assert (hit.frame, hit.loaded) == ("neutral", False)


def test_voice_scare_quotes_and_so_called(matcher):
    text = 'Moscow\u2019s \u201cannexation\u201d story. A so-called annexation. The alleged "reunification".'
    assert [(h.text, h.voice) for h in hits_of(matcher, text)] == [
        ("annexation", "distanced"), ("annexation", "distanced"), ("reunification", "distanced")]


def test_voice_long_quotation_and_angle_quotes(matcher):
    text = ('He said: "Crimea chose reunification with Russia freely and fairly." '
            "\u00abThe annexation was illegal under every law we know\u00bb, Kyiv replied.")
    assert [(h.text, h.voice) for h in hits_of(matcher, text)] == [
        ("reunification", "quoted"), ("annexation", "quoted"), ("Kyiv", "authorial")]


def test_voice_quote_running_over_paragraphs(matcher):
    text = ('"We will never accept the annexation of our land.\n\n'
            '"Nor will we accept any reunification story," the minister said.\n\n'
            "Reunification, the outlet wrote.")
    assert [(h.text, h.voice) for h in hits_of(matcher, text)] == [
        ("annexation", "quoted"), ("reunification", "quoted"), ("Reunification", "authorial")]


def test_unclosed_quote_ends_with_its_paragraph(matcher):
    text = '"Annexation is a lie, said nobody in this long quote\n\nAnnexation again.'
    assert [h.voice for h in hits_of(matcher, text)] == ["quoted", "authorial"]


def test_title_is_matched_and_spans_index_the_document(matcher):
    article = Article.make(title="Kyiv rejects annexation", text="Nothing else.", date=D2022)
    hits = find_hits(article, matcher)
    assert spans(hits) == [(0, 4, "Kyiv"), (13, 23, "annexation")]
    assert all(article.document[h.start:h.end] == h.text for h in hits)
    assert hits[0].sentence == 0 and hits[0].sentence_text == "Kyiv rejects annexation"


@settings(max_examples=120, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Kiev yv annexation-\u2019'\"\u201c\u201d \n\u00a0\ufb01\u0130\u00e9.,"))
               | st.characters(), max_size=200))
def test_property_spans_reproduce_text_and_scoring_never_fails(text):
    matcher = _MATCHER
    article = Article.make(text=text, date=D2022)
    hits = find_hits(article, matcher)
    doc = article.document
    for h in hits:
        assert doc[h.start:h.end] == h.text
        assert 0 <= h.start < h.end <= len(doc)
    result = analyse([article], matcher)
    assert len(result.article_scores) == 1


_MATCHER = compile_lexicon(load_lexicon(MINI_LEXICON))
