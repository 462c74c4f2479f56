"""Contrast restricted to loaded language: marked_words, ContrastResult.holding, --loaded-model."""

from __future__ import annotations

import json

import pandas as pd
import pytest
from click.testing import CliRunner

from framing.cli import main
from framing.contrast import ContrastError, contrast
from framing.errors import FramingError
from framing.loaded_words import LoadedWordModel, loaded_word_spans, marked_words, word_spans
from framing.modelfile import save_model
from test_classify_words import SENTENCES, WORDS

# Invented articles: the first outlet's use the model's loaded words ("radical", "disastrous",
# "shameful"), the second's plain ones.
HERALD = ["The radical plan was disastrous for the town.",
          "A shameful and radical vote in the council, a disastrous day.",
          "Critics called the radical plan shameful.",
          "The radical council met on Monday after the disastrous vote."]
GAZETTE = ["The plan was announced on Monday.", "The council voted on the plan on Monday.",
           "The town announced the vote.", "The council met on Monday after the vote."]


@pytest.fixture(scope="module")
def word_model():
    return LoadedWordModel(lexicon=None, C=10.0).fit(SENTENCES, WORDS, word_list=["shameful"])


def test_marked_words_counts_uses_and_marks(word_model):
    texts = HERALD + GAZETTE
    table = marked_words(texts, word_model, min_marked=1, min_share=0.01)
    # the oracle: the model's own marks (loaded_word_spans) and every word (word_spans)
    marks = pd.Series([w.lower() for t in texts for *_, w, _ in loaded_word_spans(t, word_model)])
    uses = pd.Series([w.lower() for t in texts for *_, w in word_spans(t)]).value_counts()
    expected = marks.value_counts()
    assert dict(zip(table["word"], table["marked"])) == expected.to_dict()
    assert dict(zip(table["word"], table["uses"])) == uses[expected.index].to_dict()
    assert (table["share"] == table["marked"] / table["uses"]).all()
    assert {"radical", "disastrous", "shameful"} <= set(table["word"])
    assert list(table["marked"]) == sorted(table["marked"], reverse=True)


def test_marked_words_thresholds(word_model):
    everything = marked_words(HERALD, word_model, threshold=0.0)  # every use marked
    assert (everything["share"] == 1.0).all() and (everything["marked"] >= 2).all()
    assert "the" in set(everything["word"])
    assert marked_words(HERALD, word_model, threshold=1.0).empty  # no probability reaches 1
    # "radical" is used four times: min_marked=5 leaves it out, share 1.0 keeps it only if
    # every use is marked
    assert "radical" not in set(marked_words(HERALD, word_model, min_marked=5)["word"])
    words = "radical “so-called” don’t"
    folded = marked_words([words], word_model, threshold=0.0, min_marked=1)
    assert set(folded["word"]) == {"radical", "so-called", "don't"}  # normalised as terms are
    # a name (capitalised in 90 % of its uses or more) is not loaded language
    names = ["Radical Smith said so.", "Radical Smith left.", "The radical plan."]
    assert "radical" in set(marked_words(names, word_model, threshold=0.0)["word"])
    assert "smith" not in set(marked_words(names, word_model, threshold=0.0)["word"])
    with pytest.raises(FramingError, match="min_marked=0"):
        marked_words(HERALD, word_model, min_marked=0)
    with pytest.raises(FramingError, match="got one str; pass \\[text\\]"):
        marked_words(HERALD[0], word_model)
    with pytest.raises(FramingError, match="document 2 is a bytes"):
        marked_words([HERALD[0], b"radical"], word_model)
    with pytest.raises(FramingError, match="expected a fitted LoadedWordModel, got str"):
        marked_words(HERALD, "words.skops")
    with pytest.raises(FramingError, match="fitted LoadedWordModel, got LoadedWordModel"):
        marked_words(HERALD, LoadedWordModel())
    with pytest.raises(FramingError, match="min_share='0.5'"):
        marked_words(HERALD, word_model, min_share="0.5")
    for bad in (-0.1, 1.5, float("nan"), True, "high"):
        with pytest.raises(FramingError, match="expected a probability between 0 and 1"):
            marked_words(HERALD, word_model, threshold=bad)
    with pytest.raises(FramingError, match=r"min_share=1.5: expected a share in \(0, 1\]"):
        marked_words(HERALD, word_model, min_share=1.5)


def test_holding_lists_only_terms_with_a_word_and_keeps_their_scores():
    result = contrast(HERALD, GAZETTE, ngrams=(1, 2), min_count=2, min_docs=1)
    kept = result.holding(["radical", "disastrous"])
    assert len(kept.terms) < len(result.terms)
    assert all({"radical", "disastrous"} & set(t.split()) for t in kept.terms["term"])
    assert {"radical", "disastrous", "radical plan"} <= set(kept.terms["term"])
    # the same rows, same order, same statistics (q stays that of the whole table)
    rows = result.terms[result.terms["term"].isin(kept.terms["term"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(kept.terms, rows)
    assert kept.settings["holding_words"] == 2 and "holding_words" not in result.settings
    # top() ranks what is left: A's listed terms in the full list's order, less the others
    full = result.top(len(result.terms), "a")["term"]
    assert list(kept.top(3, "a")["term"]) == [t for t in full if t in set(kept.terms["term"])][:3]
    assert result.holding([]).terms.empty
    # words are normalised as terms are; a phrase finds the terms holding it
    assert list(result.holding(["RADICAL ", "Disastrous"]).terms["term"]) == list(
        kept.terms["term"])
    assert set(result.holding(["radical plan"]).terms["term"]) == {"radical plan"}
    folded = contrast(["The régime fell.", "A régime rose.", "Régime change now."],
                      ["The army won.", "An army lost.", "Army news."], min_count=2, min_docs=1)
    assert list(folded.holding(["Régime"]).terms["term"]) == ["regime"]
    with pytest.raises(ContrastError, match=r"expected a list of words, got 'radical'.*"
                                            r"holding\(\['radical'\]\)"):
        result.holding("radical")
    with pytest.raises(ContrastError, match="3 is not a str"):
        result.holding(["radical", 3])


def _run(*args):
    return CliRunner().invoke(main, list(map(str, args)))


def test_cli_loaded_model_lists_loaded_terms_with_provenance(word_model, tmp_path):
    model = tmp_path / "words.skops"
    save_model(word_model, model, kind="babe-words", card={"data": "hand-written"})
    src = tmp_path / "in.jsonl"
    rows = ([{"outlet": "Hill Herald", "title": "", "text": t} for t in HERALD]
            + [{"outlet": "Dale Gazette", "title": "", "text": t} for t in GAZETTE])
    src.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    db = tmp_path / "s.db"
    assert _run("--db", db, "load", src).exit_code == 0
    pair = ["--db", db, "contrast", "--a", "Hill Herald", "--b", "Dale Gazette", "--ngrams",
            "1-2", "--min-count", "2"]
    plain = _run(*pair)
    loaded = _run(*pair, "--loaded-model", model)
    assert loaded.exit_code == 0, loaded.output
    assert "Marking loaded words in 8 article(s)" in loaded.stderr
    assert "terms hold one and are listed, none of them with q <= 0.05" in loaded.stderr
    assert "monday" in plain.stdout and "monday" not in loaded.stdout
    assert "radical" in loaded.stdout
    out = tmp_path / "loaded.csv"
    assert _run(*pair, "--loaded-model", model, "--out", out).exit_code == 0
    table = pd.read_csv(out)
    marked = set(marked_words(HERALD + GAZETTE, word_model)["word"])
    assert len(table) and all(marked & set(t.split()) for t in table["term"])
    assert (table["loaded_model"] == str(model)).all()
    assert table["loaded_model_sha256"].str.fullmatch("[0-9a-f]{64}").all()
    listed = _run("--db", db, "candidates", "--a", "Hill Herald", "--b", "Dale Gazette",
                  "--min-count", "2", "--loaded-model", model)
    assert listed.exit_code == 0, listed.output
    missing = _run(*pair, "--loaded-model", tmp_path / "none.skops")
    assert missing.exit_code == 1 and "none.skops" in missing.output
    assert "Marking" not in missing.output  # refused before any counting
    assert "--task babe-words" in missing.output  # how to get a word model
    dask = _run(*pair, "--loaded-model", model, "--engine", "dask", "--input", src)
    assert dask.exit_code == 1 and "--loaded-model works only with --engine local" in dask.output
    add = _run("--db", db, "candidates", "--a", "Hill Herald", "--b", "Dale Gazette",
               "--add", "radical", "--loaded-model", model)
    assert add.exit_code == 1 and "leave --loaded-model out" in add.output
