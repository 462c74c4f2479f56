"""The loaded-word model and the classifier commands, on tiny hand-written inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from framing.cli import main
from framing.errors import FramingError
from framing.loaded_words import LoadedWordModel, loaded_word_spans, word_spans
from framing.modelfile import load_model, save_model

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "classify" / "sides.csv"

# Invented sentences: the loaded words are "radical", "disastrous" and "shameful".
SENTENCES = [
    "The radical plan was disastrous for the town.",
    "The plan was announced on Monday.",
    "A shameful and radical vote in the council.",
    "The council voted on Monday.",
    "Critics called the disastrous plan shameful.",
    "The town announced the vote.",
] * 2
WORDS = [["radical", "disastrous"], [], ["shameful", "radical"], [], ["disastrous", "shameful"],
         []] * 2


@pytest.fixture(scope="module")
def word_model():
    return LoadedWordModel(lexicon=None, C=10.0).fit(SENTENCES, WORDS, word_list=["shameful"])


def test_word_spans_are_character_offsets():
    text = "Anti-police protests, don't they?"
    assert word_spans(text) == [(0, 11, "Anti-police"), (12, 20, "protests"), (22, 27, "don't"),
                                (28, 32, "they")]


def test_word_model_marks_the_loaded_words(word_model):
    text = "A radical and disastrous decision on Monday."
    spans = loaded_word_spans(text, word_model)
    assert [(s, e, w) for s, e, w, _ in spans] == [(2, 9, "radical"), (14, 24, "disastrous")]
    assert all(text[s:e] == w and 0.0 <= p <= 1.0 for s, e, w, p in spans)
    everything = word_model.word_probabilities(text)
    assert [w for *_, w, _ in everything] == ["A", "radical", "and", "disastrous", "decision",
                                                "on", "Monday"]
    assert word_model.predict_marked([text]) == [[False, True, False, True, False, False, False]]
    assert loaded_word_spans(text, word_model, threshold=1.0) == []
    assert word_model.word_list_ == ("shameful",)


def test_word_model_refuses_bad_training_data():
    with pytest.raises(FramingError, match="2 sentences but 1 word lists"):
        LoadedWordModel(lexicon=None).fit(["a b", "c d"], [[]])
    with pytest.raises(FramingError, match="no word of any sentence"):
        LoadedWordModel(lexicon=None).fit(["a b", "c d"], [[], []])


def test_word_model_round_trips_through_a_model_file(word_model, tmp_path):
    path = tmp_path / "words.skops"
    save_model(word_model, path, kind="babe-words", card={"data": "hand-written"})
    loaded, card = load_model(path, kind="babe-words")
    text = "Shameful, radical and disastrous."
    assert loaded_word_spans(text, loaded) == loaded_word_spans(text, word_model)
    assert card["kind"] == "babe-words"


def test_cli_train_evaluate_predict(tmp_path, framing_db):
    runner = CliRunner()
    model = tmp_path / "sides.skops"
    common = [str(FIXTURE), "--map", "labels=side,part", "--map", "outlet=outlet"]
    result = runner.invoke(main, ["train", *common, "--where", "part=train", "--label", "side",
                                  "--out", str(model)])
    assert result.exit_code == 0, result.output
    card = json.loads((tmp_path / "sides.card.json").read_text())
    assert card["n"] == 9 and card["classes"] == {"center": 3, "left": 3, "right": 3}
    assert card["data"].endswith("where part=train") and card["kind"] == "slant"
    assert card["training_sketch"]["n_distinct"] == 9
    assert "Processing classifier" in result.stderr  # progress of the long steps, on stderr

    result = runner.invoke(main, ["evaluate", str(model), *common, "--where", "part=test",
                                  "--label", "side"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["n", "macro_f1", "accuracy", "mae"]
    assert lines[1].split() == ["3", "1.000", "1.000", "0.000"]
    assert "Warning" not in result.stderr

    # the whole file holds the 9 training rows and 3 test rows: warned, figures still printed
    result = runner.invoke(main, ["evaluate", str(model), *common, "--label", "side"])
    assert result.exit_code == 0, result.output
    assert "Warning: 9 of the 12 evaluation texts were used to train" in result.stderr
    assert result.stdout.splitlines()[1].split()[0] == "12"

    out = tmp_path / "predictions.csv"
    result = runner.invoke(main, ["predict", str(model), "--text", "border security and freedom",
                                  "--text", "climate action now", "--out", str(out)])
    assert result.exit_code == 0, result.output
    body = [line for line in out.read_text().splitlines() if not line.startswith("#")]
    assert body[0].startswith("article,predicted,probability")
    assert [line.split(",")[1] for line in body[1:]] == ["right", "left"]


def test_cli_refuses_a_foreign_model_file(tmp_path):
    fake = tmp_path / "fake.skops"
    fake.write_bytes(b"not a model")
    result = CliRunner().invoke(main, ["predict", str(fake), "--text", "x"])
    assert result.exit_code == 1
    assert "no model card" in result.stderr



def test_train_warns_when_the_model_predicts_one_class(capsys):
    """A model that gives every training text the same class learned nothing usable: say so,
    with the classes in the data."""
    from framing.cli_classify import _warn_if_one_class

    class Constant:
        def predict(self, texts):
            return ["left"] * len(texts)

    _warn_if_one_class(Constant(), ["a", "b", "c", "d"], ["left", "left", "left", "right"])
    assert capsys.readouterr().err.startswith(
        "Warning: the model predicts 'left' for every training text it was checked on; "
        "classes in the data: left 3, right 1.")

    class Two:
        def predict(self, texts):
            return ["left", "right"] * (len(texts) // 2)

    _warn_if_one_class(Two(), ["a", "b", "c", "d"], ["left", "left", "right", "right"])
    assert capsys.readouterr().err == ""


def test_cli_train_on_texts_with_nothing_to_learn_says_why(tmp_path, framing_db):
    rows = [{"text": "the same words in every article", "outlet": f"o{i}", "side": side}
            for i, side in enumerate(["left"] * 3 + ["right"] * 3)]
    data = tmp_path / "same.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    result = CliRunner().invoke(main, ["train", str(data), "--map", "labels=side", "--label",
                                       "side", "--out", str(tmp_path / "same.skops")])
    assert result.exit_code == 1
    assert "no word is left to learn from: every word is in over 90 % of the texts" in (
        result.stderr)
    assert "Traceback" not in result.output
