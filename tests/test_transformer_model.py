"""The optional transformer backend and the babe-transformer ensemble, on a tiny encoder built
here (2 layers, 32 wide, word-level tokenizer: no download, fast)."""
import json

import numpy as np
import pytest
from click.testing import CliRunner

torch = pytest.importorskip("torch", reason="the transformer backend needs torch (optional)")
pytest.importorskip("transformers", reason="the transformer backend needs transformers (optional)")

from framing import transformer_model  # noqa: E402
from framing.classify import (PRESETS, babe_transformer_ensemble,  # noqa: E402
                              ensemble_predict_with_explanation, train_ensemble)
from framing.cli import main  # noqa: E402
from framing.errors import FramingError  # noqa: E402
from framing.explain import contributions, decision_values  # noqa: E402
from framing.modelfile import ModelError, load_model  # noqa: E402
from framing.transformer_model import (TransformerSentenceClassifier,  # noqa: E402
                                       TransformerUnavailable, bundled_encoder, load_transformer,
                                       save_ensemble, save_transformer)

SENTENCES = ["The senator's reckless scheme will wreck the economy.",
             "The senator proposed a budget on Tuesday.",
             "Radical activists stormed the hearing in a disgraceful stunt.",
             "Activists attended the hearing.",
             "The regime's brutal crackdown terrorised peaceful citizens.",
             "Police detained twelve people after the protest.",
             "This outrageous bill is a shameless giveaway to cronies.",
             "The bill passed the committee by a vote of 12 to 9."]
LABELS = ["Biased", "Non-biased"] * 4
TINY = {"epochs": 3, "batch_size": 4, "learning_rate": 1e-3, "n_threads": 1, "random_state": 0}


@pytest.fixture(scope="module")
def encoder(tmp_path_factory):
    """A 2-layer, 32-wide BERT with a word-level tokenizer over the sentences above."""
    from tokenizers import Tokenizer, models, pre_tokenizers, trainers
    from transformers import BertConfig, BertModel
    folder = tmp_path_factory.mktemp("tiny-encoder")
    tok = Tokenizer(models.WordLevel(unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.train_from_iterator(SENTENCES, trainers.WordLevelTrainer(special_tokens=["[PAD]", "[UNK]"]))
    tok.save(str(folder / "tokenizer.json"))
    torch.manual_seed(0)
    config = BertConfig(vocab_size=tok.get_vocab_size(), hidden_size=32, num_hidden_layers=2,
                        num_attention_heads=2, intermediate_size=64, pad_token_id=0)
    BertModel(config).save_pretrained(folder)
    return folder


def fitted(encoder, steps=6):
    return TransformerSentenceClassifier(encoder=str(encoder), max_steps=steps,
                                         **TINY).fit(SENTENCES, LABELS)


@pytest.fixture(scope="module")
def ensemble(encoder):
    return train_ensemble(SENTENCES, LABELS, encoder=str(encoder), max_steps=6, **TINY)


# -- the transformer on its own ------------------------------------------------------------------
def test_round_trip_gives_identical_probabilities(encoder, tmp_path):
    model = fitted(encoder)
    assert model.n_steps_ == 6
    assert list(model.classes_) == ["Biased", "Non-biased"]
    proba = model.predict_proba(SENTENCES)
    assert proba.shape == (8, 2)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    save_transformer(model, tmp_path / "m", card={"data": "eight hand-written sentences"})
    loaded, card = load_transformer(tmp_path / "m")
    assert card["data"] == "eight hand-written sentences" and card["n_steps"] == 6
    np.testing.assert_array_equal(loaded.predict_proba(SENTENCES), proba)
    np.testing.assert_array_equal(loaded.predict(SENTENCES), model.predict(SENTENCES))
    # decision_function is the logit difference of the positive class (classes_[1])
    np.testing.assert_allclose(1 / (1 + np.exp(-loaded.decision_function(SENTENCES))), proba[:, 1])


def test_same_seed_same_model(encoder):
    np.testing.assert_array_equal(fitted(encoder).predict_proba(SENTENCES),
                                  fitted(encoder).predict_proba(SENTENCES))


def test_training_moves_the_model(encoder):
    before = fitted(encoder, steps=1).predict_proba(SENTENCES)
    after = fitted(encoder, steps=12).predict_proba(SENTENCES)
    assert np.abs(after - before).max() > 1e-3


def test_each_epoch_visits_every_sentence_once_in_batches_of_similar_length():
    model = TransformerSentenceClassifier(batch_size=3)
    lengths = [5, 1, 4, 2, 3, 9, 7]  # 7 sentences: one chunk of 20 batches, 3 batches
    batches = model._order([[0] * n for n in lengths], np.random.default_rng(0))
    assert sorted(i for b in batches for i in b) == list(range(7))
    assert sorted(len(b) for b in batches) == [1, 3, 3]
    # inside a chunk, batches are cut from the sentences sorted by length
    assert sorted((sorted(lengths[i] for i in b) for b in batches), key=min) == [
        [1, 2, 3], [4, 5, 7], [9]]


def test_changed_or_foreign_folder_is_refused(encoder, tmp_path):
    save_transformer(fitted(encoder), tmp_path / "m")
    weights = tmp_path / "m" / "model.safetensors"
    data = bytearray(weights.read_bytes())
    data[-1] ^= 1
    weights.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="SHA-256 differs"):
        load_transformer(tmp_path / "m")
    with pytest.raises(ModelError, match="not a transformer model saved by framing"):
        load_transformer(encoder)
    card = tmp_path / "m" / "framing-transformer.json"
    card.write_text(json.dumps({"format": "other/1"}))
    with pytest.raises(ModelError, match="format"):
        load_transformer(tmp_path / "m")


def test_encoder_folder_without_weights_is_refused(tmp_path):
    with pytest.raises(TransformerUnavailable, match="lacks config.json, tokenizer.json, "
                                                     "model.safetensors"):
        TransformerSentenceClassifier(encoder=str(tmp_path)).fit(SENTENCES, LABELS)


def test_missing_torch_names_the_pip_command(monkeypatch):
    monkeypatch.setattr(transformer_model, "_MISSING", ImportError("No module named 'torch'"))
    with pytest.raises(TransformerUnavailable, match=r"No module named 'torch'.*pip install -r "
                                                     r"requirements-transformer.txt"):
        babe_transformer_ensemble()
    assert issubclass(TransformerUnavailable, FramingError)


def test_default_encoder_is_the_bundled_minilm():
    folder = bundled_encoder()
    config = json.loads((folder / "config.json").read_text())
    assert (config["model_type"], config["num_hidden_layers"], config["hidden_size"]) == (
        "bert", 6, 384)
    assert (folder / "tokenizer.json").is_file() and (folder / "model.safetensors").is_file()
    assert TransformerSentenceClassifier().encoder is None  # resolved to that folder in fit


# -- the ensemble ----------------------------------------------------------------------------------
def test_ensemble_probability_is_the_mean_of_its_parts(ensemble):
    assert ensemble.voting == "soft" and ensemble.weights is None
    assert list(ensemble.classes_) == ["Biased", "Non-biased"]
    tfidf = ensemble.named_estimators_["tfidf"]
    net = ensemble.named_estimators_["transformer"]
    assert net.n_steps_ == 6 and list(net.classes_) == [0, 1]  # parts see encoded labels
    assert tfidf.get_params()["classifier__C"] == PRESETS["babe-sentence"]["C"]
    parts = np.stack([tfidf.predict_proba(SENTENCES), net.predict_proba(SENTENCES)])
    proba = ensemble.predict_proba(SENTENCES)
    np.testing.assert_array_equal(proba, parts.mean(axis=0))
    np.testing.assert_array_equal(ensemble.predict(SENTENCES),
                                  np.array(["Biased", "Non-biased"])[proba.argmax(axis=1)])


def test_ensemble_folder_round_trip_and_card(ensemble, tmp_path):
    folder = tmp_path / "ens"
    save_ensemble(ensemble, folder, kind="babe-transformer",
                  card={"data": "eight sentences", "split": "none", "metrics": {}})
    assert sorted(p.name for p in folder.iterdir()) == [
        "framing-ensemble.json", "tfidf.card.json", "tfidf.skops", "transformer"]
    loaded, card = load_model(folder, kind="babe-transformer")
    np.testing.assert_array_equal(loaded.predict_proba(SENTENCES),
                                  ensemble.predict_proba(SENTENCES))
    np.testing.assert_array_equal(loaded.predict(SENTENCES), ensemble.predict(SENTENCES))
    assert card["parts"] == {"tfidf": "tfidf.skops", "transformer": "transformer"}
    assert card["weights"] is None and card["voting"] == "soft"
    assert card["classes"] == ["Biased", "Non-biased"] and card["data"] == "eight sentences"
    assert card["versions"]["torch"].startswith("2.13.0") and "scikit-learn" in card["versions"]
    assert "created" in card
    with pytest.raises(ModelError, match="not an empty folder"):
        save_ensemble(ensemble, folder, kind="babe-transformer")
    with pytest.raises(ModelError, match="a 'babe-transformer' model, but a 'slant' model"):
        load_model(folder, kind="slant")


@pytest.mark.parametrize("changed, message", [
    ("tfidf.skops", "tfidf.skops: the file's SHA-256 differs from its model card"),
    ("transformer/model.safetensors", "model.safetensors: its SHA-256 differs from the card"),
    ("tfidf.card.json", "tfidf.card.json: its SHA-256 differs from the ensemble card"),
    ("framing-ensemble.json", "not a framing ensemble card"),
])
def test_tampered_ensemble_folder_is_refused(ensemble, tmp_path, changed, message):
    folder = tmp_path / "ens"
    save_ensemble(ensemble, folder, kind="babe-transformer")
    target = folder / changed
    if target.suffix == ".json":
        content = json.loads(target.read_text())
        content["format"] = content["format"] if changed != "framing-ensemble.json" else "x/1"
        content["data"] = "edited"
        target.write_text(json.dumps(content))
    else:
        data = bytearray(target.read_bytes())
        data[len(data) // 2] ^= 1
        target.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=message):
        load_model(folder)


@pytest.mark.parametrize("edit, message", [
    ({"classes": ["Non-biased", "biased"]}, "changed after saving"),  # would flip every label
    ({"weights": [-5, 6]}, "changed after saving"),
    ({"weights": "abc"}, "changed after saving"),
])
def test_an_edited_ensemble_card_is_refused(ensemble, tmp_path, edit, message):
    folder = tmp_path / "ens"
    save_ensemble(ensemble, folder, kind="babe-transformer")
    target = folder / "framing-ensemble.json"
    target.write_text(json.dumps({**json.loads(target.read_text()), **edit}))
    with pytest.raises(ModelError, match=message):
        load_model(folder)


@pytest.mark.parametrize("edit, message", [
    ({"classes": ["Non-biased", "Biased"]}, "not the sorted, distinct class names"),
    ({"classes": ["Biased"]}, "not the sorted, distinct class names"),
    ({"weights": [1]}, "not two numbers >= 0 with a positive sum"),
    ({"weights": [0, 0]}, "not two numbers >= 0 with a positive sum"),
    ({"weights": ["a", 1]}, "not two numbers >= 0 with a positive sum"),
])
def test_a_card_with_impossible_votes_is_refused_even_with_its_digest(ensemble, tmp_path, edit,
                                                                      message):
    from framing.transformer_model import _card_digest  # noqa: PLC0415
    folder = tmp_path / "ens"
    save_ensemble(ensemble, folder, kind="babe-transformer")
    target = folder / "framing-ensemble.json"
    card = {**json.loads(target.read_text()), **edit}
    card["card_sha256"] = _card_digest(card)
    target.write_text(json.dumps(card))
    with pytest.raises(ModelError, match=message):
        load_model(folder)


def test_the_tfidf_part_alone_is_refused_with_the_folder_named(ensemble, tmp_path):
    folder = tmp_path / "ens"
    save_ensemble(ensemble, folder, kind="babe-transformer")
    with pytest.raises(ModelError, match=r"the TF-IDF part of a babe-transformer model folder, "
                                         r"not a model on its own; give the folder"):
        load_model(folder / "tfidf.skops")


def test_a_folder_without_ensemble_card_is_refused(tmp_path):
    with pytest.raises(ModelError, match="is a folder, not a model file"):
        load_model(tmp_path)


def test_explanation_gives_the_tfidf_parts_terms_toward_the_ensembles_class(ensemble):
    frame = ensemble_predict_with_explanation(ensemble, SENTENCES, top=3)
    proba = ensemble.predict_proba(SENTENCES)
    tfidf = ensemble.named_estimators_["tfidf"]
    table = contributions(tfidf, SENTENCES, classes=["0", "1"])
    decisions = decision_values(tfidf, SENTENCES)
    for doc, row in frame.iterrows():
        k = int(proba[doc].argmax())
        assert row["predicted"] == ensemble.classes_[k]
        assert row["probability"] == proba[doc, k] == row[f"proba_{ensemble.classes_[k]}"]
        assert row["proba_tfidf"] == tfidf.predict_proba(SENTENCES)[doc, k]
        assert row["decision"] == decisions.iloc[doc][k]
        mine = table[(table["doc"] == doc) & (table["class"] == str(k)) & (table["contribution"] > 0)]
        assert row["top_terms"] == list(zip(mine["feature"].head(3), mine["contribution"].head(3)))


def test_cli_train_evaluate_predict_round_trip(encoder, tmp_path, framing_db):
    rows = [{"text": t, "outlet": f"o{i}", "label_bias": y}
            for i, (t, y) in enumerate(zip(SENTENCES, LABELS))]
    data = tmp_path / "babe.jsonl"
    data.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    out = tmp_path / "ens"
    runner = CliRunner()
    result = runner.invoke(main, ["train", str(data), "--map", "labels=label_bias", "--preset",
                                  "babe-transformer", "--encoder", str(encoder), "--max-steps",
                                  "2", "--threads", "1", "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "fine-tuning the transformer (at most 2 step(s), batches of 16" in result.stderr
    card = json.loads((out / "framing-ensemble.json").read_text())
    assert card["kind"] == "babe-transformer" and card["label"] == "label_bias"
    assert card["n"] == 8 and card["classes"] == ["Biased", "Non-biased"]
    assert card["transformer_overrides"]["max_steps"] == 2
    assert json.loads((out / "transformer" / "framing-transformer.json").read_text())[
        "n_steps"] == 2

    as_file = runner.invoke(main, ["train", str(data), "--map", "labels=label_bias", "--preset",
                                   "babe-transformer", "--out", str(tmp_path / "ens.skops")])
    assert as_file.exit_code == 1 and "not a .skops file; give a folder name, e.g. --out" in (
        as_file.output) and not (tmp_path / "ens.skops").exists()

    result = runner.invoke(main, ["evaluate", str(out), str(data), "--map", "labels=label_bias"])
    assert result.exit_code == 0, result.output
    assert "Warning: 8 of the 8 evaluation texts were used to train" in result.stderr
    assert result.stdout.splitlines()[0].split() == ["n", "macro_f1", "accuracy", "mae"]

    predictions = tmp_path / "p.json"
    result = runner.invoke(main, ["predict", str(out), "--text", SENTENCES[0], "--text",
                                  SENTENCES[1], "--out", str(predictions)])
    assert result.exit_code == 0, result.output
    assert "the transformer part is not explained per term" in result.stderr
    model, _ = load_model(out)
    written = json.loads(predictions.read_text())
    assert written["provenance"]["model_kind"] == "babe-transformer"
    rows = written["rows"]
    assert [r["predicted"] for r in rows] == list(model.predict(SENTENCES[:2]))
    # pandas writes JSON floats with 10 decimals
    assert [r["probability"] for r in rows] == pytest.approx(
        model.predict_proba(SENTENCES[:2]).max(axis=1), abs=1e-10)

    result = runner.invoke(main, ["train", str(data), "--map", "labels=label_bias", "--preset",
                                  "babe-transformer", "--out", str(out)])
    assert result.exit_code == 1 and "give a new (or empty) folder" in result.stderr
