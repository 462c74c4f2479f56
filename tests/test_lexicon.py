"""Lexicon validation, round trip and the shipped russia-ukraine lexicon."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml

from framing import LexiconError, available_lexicons, load_lexicon, save_lexicon
from framing import Article, compile_lexicon, find_hits
from framing.lexicon import parse_lexicon, parse_lexicon_text
from helpers import MINI_LEXICON


def minimal(**overrides):
    data = {
        "name": "t", "version": 1, "description": "d",
        "frames": {"a": "first", "b": "second"},
        "concepts": [{"id": "c", "label": "C", "sources": ["s"], "variants": [
            {"terms": ["x"], "frame": "a"}, {"terms": ["y"], "frame": "b"}]}],
    }
    data.update(overrides)
    return data


def test_every_problem_is_reported_at_once_with_the_fix():
    data = minimal(concepts=[
        {"id": "c1", "label": "C1", "sources": ["s"], "variants": [
            {"terms": ["x"], "frmae": "a"},
            {"terms": [], "frame": "zzz"}]},
        {"id": "c2", "label": "C2", "sources": [], "variants": [
            {"terms": ["X", "(a|b)"], "frame": "a", "since": "last year"},
            {"terms": ["z"], "frame": "b"}]},
    ])
    with pytest.raises(LexiconError) as err:
        parse_lexicon(data, source="bad.yaml")
    message = str(err.value)
    assert message.startswith("lexicon bad.yaml has ")
    for expected in [
        "concept 'c1' variant #1: unknown key 'frmae'; did you mean 'frame'?",
        "concept 'c1' variant #1: unknown frame None; use one of: a, b, neutral",
        "concept 'c1' variant #2: 'terms' must be a non-empty list of texts",
        "concept 'c1' variant #2: unknown frame 'zzz'",
        "concept 'c2': 'sources' must be a non-empty list of texts",
        "concept 'c2' variant #1: term '(a|b)' can never match",
        "concept 'c2' variant #1: 'since' must be an ISO date such as 2019-08-14; got 'last year'",
        "concept 'c2': term 'X' is already listed in concept 'c1';",
    ]:
        assert expected in message, expected


def test_top_level_problems():
    with pytest.raises(LexiconError, match="'frames' must map exactly two frame names"):
        parse_lexicon(minimal(frames={"a": "only one"}))
    with pytest.raises(LexiconError, match="the top level must be a mapping .*; got a list"):
        parse_lexicon(["not", "a", "mapping"])


def test_messages_blame_the_right_thing():
    """A broken frames section is one problem, not one per variant; a variant left out for
    its own problem does not make its concept 'single-framed'; a repeated id names both."""
    with pytest.raises(LexiconError) as err:
        parse_lexicon(minimal(frames={"a": "1", "b": "2", "c": "3"}))
    assert "'frames' must map exactly two frame names" in str(err.value)
    assert "unknown frame" not in str(err.value)
    with pytest.raises(LexiconError) as err:
        parse_lexicon(minimal(concepts=[{"id": "c", "label": "C", "sources": ["s"], "variants": [
            {"terms": ["x"], "frame": "a"}, {"terms": [], "frame": "b"}]}]))
    assert err.value.problems == [
        "concept 'c' variant #2: 'terms' must be a non-empty list of texts"]
    with pytest.raises(LexiconError) as err:
        parse_lexicon(minimal(concepts=[{"id": "c", "label": "C", "sources": ["s"], "variants": [
            {"terms": ["x"], "frame": "a"}, {"terms": ["z"], "frame": "a"}]}]))
    assert err.value.problems == [
        "concept 'c': all variants carry frame 'a'; a concept needs variants with at least two "
        "different frames (or one pole and 'neutral')"]
    twin = {"id": "c", "label": "C2", "sources": ["s"], "variants": [
        {"terms": ["p"], "frame": "a"}, {"terms": ["q"], "frame": "b"}]}
    with pytest.raises(LexiconError) as err:
        parse_lexicon(minimal(concepts=minimal()["concepts"] + [twin]))
    assert err.value.problems == [
        "concept 'c' (concept #2): concept #1 has the same id; give each concept its own id"]


def test_empty_lexicon_file_says_it_is_empty(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text("# only a comment\n", encoding="utf-8")
    with pytest.raises(LexiconError, match="the file is empty .*copy one from corpora/"):
        load_lexicon(path)


def test_missing_file_names_the_shipped_lexicons(tmp_path):
    with pytest.raises(LexiconError, match="russia-ukraine"):
        load_lexicon("no-such-lexicon")
    bad = tmp_path / "broken.yaml"
    bad.write_text("name: [unclosed", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"(?s)broken.yaml.*not valid YAML at line 1, column 16"):
        load_lexicon(bad)


def test_round_trip_keeps_content_and_hash(tmp_path):
    lexicon = load_lexicon(MINI_LEXICON)
    again = load_lexicon(save_lexicon(lexicon, tmp_path / "copy.yaml"))
    assert again.to_dict() == lexicon.to_dict()
    assert again.hash == lexicon.hash and len(lexicon.hash) == 12
    capital = again.concept("capital")
    assert capital.variants[1].since == dt.date(2019, 8, 14)
    assert capital.exclude == ("Chicken Kiev",)


def test_hash_changes_with_content():
    base = parse_lexicon(minimal())
    changed = parse_lexicon(minimal(version=2))
    assert base.hash != changed.hash


def test_shipped_russia_ukraine_lexicon():
    assert "russia-ukraine" in available_lexicons()
    lexicon = load_lexicon("russia-ukraine")
    assert lexicon.frame_names == ("kremlin", "ukraine")
    assert len(lexicon.concepts) >= 15
    ids = {c.id for c in lexicon.concepts}
    for needed in ("crimea-2014", "kyiv", "luhansk", "donbas", "kharkiv", "odesa",
                   "donbas-armed-groups", "kyiv-government", "maidan-2014", "invasion-2022",
                   "occupied-territories", "ato-2014", "referendums"):
        assert needed in ids, needed
    for concept in lexicon.concepts:
        assert concept.sources, concept.id
        assert len({v.frame for v in concept.variants}) >= 2, concept.id
    kiev = [v for v in lexicon.concept("kyiv").variants if "Kiev" in v.terms][0]
    assert kiev.frame == "kremlin" and kiev.since == dt.date(2019, 8, 14)
    # the file is plain YAML that safe_load reads
    assert yaml.safe_load(open(lexicon.source, encoding="utf-8"))["name"] == "russia-ukraine"


def test_shipped_us_politics_and_loaded_language_lexicons():
    assert {"us-politics", "loaded-language"} <= set(available_lexicons())
    us = load_lexicon("us-politics")
    assert us.frame_names == ("right", "left") and us.kind == "frames"
    assert len(us.concepts) >= 25
    estate = us.concept("estate-tax")
    assert [(v.frame, v.terms[0]) for v in estate.variants] == [("left", "estate tax"), ("right", "death tax")]
    loaded = load_lexicon("loaded-language")
    assert loaded.kind == "categories" and loaded.positive_frame == ""
    assert {"doubt-verb", "factive-verb", "hedge", "intensifier", "subjective-negative"} <= set(loaded.frame_names)
    for lexicon in (us, loaded, load_lexicon("russia-ukraine")):
        for concept in lexicon.concepts:
            assert concept.sources, (lexicon.name, concept.id)
    assert len(load_lexicon("russia-ukraine").concepts) >= 30


STRICT = """name: t
version: 1
description: d
frames: {a: A, b: B}
concepts:
  - id: kyiv
    label: K
    sources: [s]
    variants:
      - terms: [Kyiv]
        frame: a
      - terms: [Kiev]
        frame: b
        since: 2022-13-45
"""


def test_impossible_unquoted_date_is_a_lexicon_error_naming_the_concept(tmp_path):
    path = tmp_path / "dates.yaml"
    path.write_text(STRICT, encoding="utf-8")
    with pytest.raises(LexiconError) as err:
        load_lexicon(path)
    assert str(err.value) == (
        f"lexicon {path} has 1 problem(s):\n  - concept 'kyiv' variant #2: 'since' must be an ISO "
        "date such as 2019-08-14; got '2022-13-45' — that is not a calendar date; check the "
        "month (1-12) and the day")


def test_duplicate_keys_are_rejected_with_concept_and_lines():
    text = STRICT.replace("        since: 2022-13-45\n", "        frame: a\n")
    with pytest.raises(LexiconError) as err:
        parse_lexicon_text(text, source="dup.yaml")
    assert err.value.problems == [
        "concept 'kyiv': key 'frame' is given twice (lines 13 and 14); YAML keeps only the last "
        "one, so one of them is silently lost — keep one"]
    top = "name: t\nname: u\n" + STRICT.split("\n", 1)[1].replace("        since: 2022-13-45\n", "")
    with pytest.raises(LexiconError, match=r"top level: key 'name' is given twice \(lines 1 and 2\)"):
        parse_lexicon_text(top, source="dup.yaml")


def test_terms_are_validated_after_normalisation():
    # an en dash and a curly apostrophe are folded before matching, so such terms are valid
    data = minimal(concepts=[{"id": "c", "label": "C", "sources": ["s"], "variants": [
        {"terms": ["pro\u2013Russia forces"], "frame": "a"}, {"terms": ["Kyiv\u2019s army"], "frame": "b"}]}])
    lexicon = parse_lexicon(data)
    matcher = compile_lexicon(lexicon)
    hits = find_hits(Article.make(text="pro-Russia forces met Kyiv's army", date=dt.date(2022, 1, 1)), matcher)
    assert [(h.start, h.end, h.term) for h in hits] == [
        (0, 17, "pro\u2013Russia forces"), (22, 33, "Kyiv\u2019s army")]
