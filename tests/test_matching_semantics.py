"""Matching rules added with issue 3: negation, abbreviations, head words, nested quotes,
frame-free lexicons, combining lexicons and the fast normaliser; exact spans computed by hand."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from framing import Article, LexiconError, analyse, compile_lexicon, find_hits, load_lexicon
from framing.lexicon import combine_lexicons, parse_lexicon, parse_lexicon_text
from framing.matching import find_hits_many, term_forms
from framing.text import _normalize_by_char, normalize, quote_bounds, sentence_spans
from helpers import MINI_LEXICON

D = dt.date(2022, 3, 1)

CATEGORIES = {
    "name": "cats", "version": 1, "description": "test categories", "kind": "categories",
    "categories": {"doubt": "doubt verbs", "hedge": "hedges"},
    "concepts": [
        {"id": "verbs", "label": "Verbs", "sources": ["invented"],
         "variants": [{"terms": ["claim"], "category": "doubt"}]},
        {"id": "hedges", "label": "Hedges", "sources": ["invented"],
         "variants": [{"terms": ["perhaps"], "category": "hedge", "inflect": False}]},
    ],
}
ABBREV = {
    "name": "ab", "version": 1, "description": "d", "frames": {"a": "A", "b": "B"},
    "concepts": [{"id": "us", "label": "US", "sources": ["s"], "variants": [
        {"terms": ["U.S. troops"], "frame": "a"}, {"terms": ["reunite with Russia"], "frame": "b"}]}],
}


@pytest.fixture(scope="module")
def mini():
    return compile_lexicon(load_lexicon(MINI_LEXICON))


def hits(matcher, text):
    return find_hits(Article.make(text=text, date=D), matcher)


def test_negation_flag_window_and_scope(mini):
    text = "It was not an annexation. No one saw reunification. Annexation, not that. It isn't Kyiv."
    found = hits(mini, text)
    assert [(h.text, h.start, h.negated) for h in found] == [
        ("annexation", 14, True), ("reunification", 37, True), ("Annexation", 52, False),
        ("Kyiv", 83, True)]
    # six tokens between negator and hit: outside NegEx's five-token window
    (far,) = hits(mini, "Not one two three four five annexation.")
    assert far.negated is False
    # a comma ends the scope
    (cut,) = hits(mini, "Never mind, annexation.")
    assert cut.negated is False


def test_abbreviation_with_periods_and_head_word_inflection():
    matcher = compile_lexicon(parse_lexicon(ABBREV))
    text = "U.S. troops left; U. S. troop moved; US troops stay. Crimea reunited with Russia."
    assert [(h.start, h.end, h.text) for h in hits(matcher, text)] == [
        (0, 11, "U.S. troops"), (18, 29, "U. S. troop"), (60, 80, "reunited with Russia")]
    assert term_forms("reunite with Russia")[:3] == [
        "reunite with russia", "reunites with russia", "reunited with russia"]


def test_nested_single_quotes_inside_double_quotes_are_quoted(mini):
    text = "He said: \"They call it 'reunification' and we call it annexation.\" Kyiv agreed."
    assert [(h.text, h.voice) for h in hits(mini, text)] == [
        ("reunification", "quoted"), ("annexation", "quoted"), ("Kyiv", "authorial")]


def test_unclosed_quote_in_one_paragraph_continues_into_the_next_opened_one(mini):
    text = '\u201cThe annexation was planned.\n\n\u201cThe reunification story came later,\u201d she said. Kyiv.'
    assert [(h.text, h.voice) for h in hits(mini, text)] == [
        ("annexation", "quoted"), ("reunification", "quoted"), ("Kyiv", "authorial")]


def test_unclosed_quote_ends_with_its_paragraph_when_the_next_opens_without_a_mark(mini):
    # A paragraph without quotation marks between the open quotation and the next mark: the
    # quotation ended with its own paragraph, so the middle paragraph is the reporter's words.
    text = ('He said "the annexation was planned.\n\nThe annexation was planned.\n\n'
            'Then "the reunification" came up. Kyiv.')
    assert quote_bounds(text) == [(8, 36), (72, 91)]
    assert [(h.start, h.text, h.voice) for h in hits(mini, text)] == [
        (13, "annexation", "quoted"), (42, "annexation", "authorial"),
        (77, "reunification", "distanced"), (101, "Kyiv", "authorial")]  # 2 words: scare quotes


def test_short_quote_followed_by_its_attribution_is_quoted(mini):
    # quoted speech ends with a comma, "!" or "?" before the closing mark; then the verb after
    # the quotation attributes it. Without that ending a short quotation stays scare quotes.
    for text, voice in [
        ('"The annexation must stand," Lavrov said.', "quoted"),
        ("\u201cThe annexation must stand!\u201d says Lavrov", "quoted"),
        ('Lavrov said: "the annexation stands."', "quoted"),
        ('The "annexation" must stand, Lavrov said.', "distanced"),
        ('They call it an "annexation".', "distanced"),
    ]:
        assert [(h.text, h.voice) for h in hits(mini, text)] == [("annexation", voice)], text


def test_sentence_rules_abbreviations_and_initials():
    text = "Mr. Smith met Gen. Lee in the U.S. Army base. J. Doe left! Is it? yes. End"
    spans = sentence_spans(text)
    assert [text[s:e] for s, e in spans] == [
        "Mr. Smith met Gen. Lee in the U.S. Army base.", "J. Doe left!", "Is it? yes.", "End"]


def test_categories_lexicon_counts_and_rates_per_thousand_words():
    lexicon = parse_lexicon(CATEGORIES)
    assert (lexicon.kind, lexicon.positive_frame, lexicon.frame_names) == ("categories", "", ("doubt", "hedge"))
    # 10 words; 2 doubt hits (claimed, claims), 1 hedge (perhaps), 1 quoted claim not scored
    text = 'He claimed it and she claims perhaps more "claim" today'
    result = analyse([Article.make(text=text, outlet="X")], lexicon)
    assert list(result.hits["frame"]) == ["doubt", "doubt", "hedge", "doubt"]
    row = result.article_scores.iloc[0]
    assert (row.n_words, row["n_doubt"], row["n_hedge"], row.n_scored) == (10, 2, 1, 3)
    assert row["per_1k_doubt"] == pytest.approx(200.0) and row["per_1k_hedge"] == pytest.approx(100.0)
    assert row["index"] != row["index"] and row.lean == ""  # NaN: no poles
    outlet = result.outlet_scores.iloc[0]
    assert (outlet.outlet, outlet["n_doubt"], outlet["per_1k_hedge"]) == ("X", 2, pytest.approx(100.0))


def test_categories_lexicon_round_trips_and_validates(tmp_path):
    lexicon = parse_lexicon(CATEGORIES)
    from framing import save_lexicon
    again = load_lexicon(save_lexicon(lexicon, tmp_path / "cats.yaml"))
    assert again.to_dict() == lexicon.to_dict() and again.hash == lexicon.hash
    bad = dict(CATEGORIES, concepts=[{"id": "v", "label": "V", "sources": ["s"],
                                      "variants": [{"terms": ["claim"], "frame": "doubt"}]}])
    with pytest.raises(LexiconError) as err:
        parse_lexicon(bad, source="cats.yaml")
    assert "concept 'v' variant #1: a categories lexicon's variants name their category with 'category', not 'frame'; rename the key" in str(err.value)
    assert "concept 'v' variant #1: unknown category None; use one of: doubt, hedge, neutral" in str(err.value)


def test_validation_catches_terms_that_can_never_match():
    data = {"name": "t", "version": 1, "description": "d", "frames": {"a": "A", "b": "B"},
            "concepts": [{"id": "c", "label": "C", "sources": ["s"], "exclude": ["Chicken Kiev"],
                          "variants": [{"terms": ["anti-", "Chicken Kiev"], "frame": "a"},
                                       {"terms": ["Pro Russia", "pro-Russia"], "frame": "b"}]}]}
    with pytest.raises(LexiconError) as err:
        parse_lexicon(data, source="t.yaml")
    message = str(err.value)
    assert "term 'anti-' can never match a word: it ends with '-'" in message
    assert "term 'Chicken Kiev' is also an 'exclude' phrase of the concept" in message
    assert "term 'pro-Russia' is already listed in concept 'c'" in message


def test_combine_lexicons_rules():
    a = parse_lexicon(CATEGORIES)
    b = parse_lexicon(dict(CATEGORIES, name="more", concepts=[
        {"id": "more", "label": "M", "sources": ["s"], "variants": [{"terms": ["insist"], "category": "doubt"}]}]))
    both = combine_lexicons([a, b])
    assert (both.name, both.version, [c.id for c in both.concepts]) == ("cats+more", 2, ["verbs", "hedges", "more"])
    clash = parse_lexicon(dict(CATEGORIES, name="clash", concepts=[
        {"id": "x", "label": "X", "sources": ["s"], "variants": [{"terms": ["Claim"], "category": "doubt"}]}]))
    with pytest.raises(LexiconError, match="term 'Claim' is listed in cats:verbs and in clash:x"):
        combine_lexicons([a, clash])
    with pytest.raises(LexiconError, match="is a frames lexicon but 'cats' is a categories lexicon"):
        combine_lexicons([a, load_lexicon(MINI_LEXICON)])


def test_parse_lexicon_text_reports_yaml_errors():
    with pytest.raises(LexiconError, match=r"(?s)upload.yaml.*not valid YAML at line 1, column 9"):
        parse_lexicon_text("name: [x", source="upload.yaml")


def test_find_hits_many_equals_find_hits(mini):
    cats = compile_lexicon(parse_lexicon(CATEGORIES))
    article = Article.make(text='Kyiv claims "annexation" perhaps.', date=D)
    assert find_hits_many(article, [mini, cats]) == [find_hits(article, mini), find_hits(article, cats)]


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("Ab \n\t\u00a0\u2009\u2019\u201c\u2014\u2026\ufb01\u00e9\u0130\u00ad`\u200b.")),
               max_size=60))
def test_fast_normaliser_equals_the_character_by_character_one(text):
    fast, slow = normalize(text), _normalize_by_char(text)
    assert fast.text == slow.text
    for i in range(len(fast.text)):
        s, e = fast.to_original(i, i + 1)
        assert 0 <= s <= e <= len(text)


_SHIPPED = [compile_lexicon(load_lexicon(n)) for n in ("russia-ukraine", "us-politics", "loaded-language")]


@settings(max_examples=50, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("U.S. not claimed death tax Kyiv \u201c\u201d\u00ab\u00bb'\n\u00a0\u0130\ufb01"))
               | st.characters(), max_size=120))
def test_property_shipped_lexicons_spans_and_scoring_on_arbitrary_unicode(text):
    article = Article.make(text=text, title="Death tax", date=D)
    for matcher, found in zip(_SHIPPED, find_hits_many(article, _SHIPPED)):
        for h in found:
            assert article.document[h.start:h.end] == h.text
        result = analyse([article], matcher)
        assert len(result.article_scores) == 1 and len(result.outlet_scores) == 1
