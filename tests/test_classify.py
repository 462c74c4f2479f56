"""Slant classifier, lexicon features, explanations and model files on tiny hand-written inputs."""

from __future__ import annotations

import json
import zipfile

import numpy as np
import pytest
from sklearn.linear_model import LogisticRegression
from sklearn.utils.estimator_checks import check_estimator

from framing.classify import (
    SIDES, ClassifierError, labelled, outlet_heldout_split, scores, slant_pipeline, train,
)
from framing.explain import (
    ExplainError, contributions, decision_values, intercepts, predict_with_explanation, top_terms,
)
from framing.lexicon_features import LexiconVectorizer
from framing.modelfile import (
    ModelError, TrainingOverlap, card_path, load_model, read_card, save_model, training_overlap,
    training_sketch,
)
from framing.models import Article

from helpers import MINI_LEXICON

# Six invented one-line "articles", two per side, each repeated three times (the calibration's
# 3-fold split needs three examples of each class).
TEXTS = [
    "Tax cuts and border security will restore freedom and liberty",
    "Border security and lower taxes mean freedom for families",
    "The committee met on Tuesday and reported figures",
    "Officials reported the figures to the committee on Tuesday",
    "Climate justice and health care for working families now",
    "Workers demand health care and climate action now",
] * 3
SIDES_OF = ["right", "right", "center", "center", "left", "left"] * 3
NEW_TEXTS = [
    "freedom and border security",
    "the committee reported on Tuesday",
    "climate action and health care",
]


@pytest.fixture(scope="module")
def model():
    return train(TEXTS, SIDES_OF, lexicons=[str(MINI_LEXICON)], word_min_df=1)


# -- LexiconVectorizer ---------------------------------------------------------------------------

def test_lexicon_vectorizer_passes_check_estimator():
    check_estimator(LexiconVectorizer(lexicons=[str(MINI_LEXICON)]))


def test_lexicon_vectorizer_counts_frames_per_voice():
    vec = LexiconVectorizer(lexicons=[str(MINI_LEXICON)], scale="count")
    docs = [
        "The annexation of Crimea. Moscow calls it reunification, or \"reunification\".",
        "Nothing here.",
    ]
    X = vec.fit_transform(docs).toarray()
    names = list(vec.get_feature_names_out())
    assert names == [f"mini:{frame}:{voice}" for frame in ("kremlin", "ukraine")
                     for voice in ("authorial", "quoted", "distanced")]
    # doc 0: "annexation" authorial (ukraine); "calls it reunification" is reported naming
    # (distanced); the one-word quotation "reunification" is scare quotes (distanced).
    assert X[0].tolist() == [0, 0, 2, 1, 0, 0]
    assert X[1].tolist() == [0, 0, 0, 0, 0, 0]


def test_lexicon_vectorizer_scales_and_columns():
    docs = ["annexation annexation annexation"]
    log = LexiconVectorizer(lexicons=[str(MINI_LEXICON)], voices=["authorial"]).fit(docs)
    assert list(log.get_feature_names_out()) == ["mini:kremlin:authorial", "mini:ukraine:authorial"]
    assert log.transform(docs).toarray().tolist() == [[0.0, pytest.approx(np.log(4.0))]]
    binary = LexiconVectorizer(lexicons=[str(MINI_LEXICON)], voices=["authorial"], scale="binary")
    assert binary.fit_transform(docs).toarray().tolist() == [[0.0, 1.0]]
    # two text columns (title, body) are joined; a different number of columns is refused
    two = LexiconVectorizer(lexicons=[str(MINI_LEXICON)], voices=["authorial"], scale="count")
    assert two.fit_transform([["Russian-backed separatists", "annexation"]]).toarray().tolist() == [[0.0, 2.0]]
    with pytest.raises(ValueError, match="expecting 2 features"):
        two.transform(["annexation"])


def test_lexicon_vectorizer_rejects_bad_settings():
    with pytest.raises(ValueError, match="scale="):
        LexiconVectorizer(lexicons=[str(MINI_LEXICON)], scale="sqrt").fit(["x"])
    with pytest.raises(ValueError, match="voices="):
        LexiconVectorizer(lexicons=[str(MINI_LEXICON)], voices=["shouted"]).fit(["x"])
    with pytest.raises(ValueError, match="one string"):
        LexiconVectorizer(lexicons=str(MINI_LEXICON)).fit(["x"])


# -- training and predictions -------------------------------------------------------------------

def test_fixed_seed_gives_exact_predictions(model):
    assert list(model.classes_) == ["center", "left", "right"]
    assert list(model.predict(NEW_TEXTS)) == ["right", "center", "left"]
    again = train(TEXTS, SIDES_OF, lexicons=[str(MINI_LEXICON)], word_min_df=1)
    assert np.array_equal(again.predict_proba(NEW_TEXTS), model.predict_proba(NEW_TEXTS))


def test_progress_reports_each_step_and_changes_nothing(model):
    lines: list[str] = []
    again = train(TEXTS, SIDES_OF, lexicons=[str(MINI_LEXICON)], word_min_df=1,
                  progress=lines.append)
    assert lines[0] == ("Fitting features (word, lexicon) and the classifier on 18 texts, "
                        f"{sum(map(len, TEXTS)) / 1e6:.1f} M characters ...")
    steps = [line.split("Processing ")[1].split(",")[0] for line in lines[1:]]
    assert steps == ["word", "lexicon", "features", "classifier"]
    assert again.get_params()["verbose"] is False
    assert again.get_params()["features__verbose"] is False
    assert np.array_equal(again.predict_proba(NEW_TEXTS), model.predict_proba(NEW_TEXTS))


def test_progress_may_print_to_stdout(capsys):
    """A progress callback that prints (as the benchmark's does) reaches the real stdout."""
    train(TEXTS, SIDES_OF, lexicons=[], word_min_df=1, progress=print)
    printed = capsys.readouterr().out.splitlines()
    assert printed[0].startswith("Fitting features (word) and the classifier on 18 texts")
    assert [line.split("Processing ")[1].split(",")[0] for line in printed[1:]] == [
        "word", "features", "classifier"]


def test_logistic_variant_predicts_the_same_sides():
    logistic = train(TEXTS, SIDES_OF, lexicons=[], word_min_df=1, classifier="logistic", C=10)
    assert list(logistic.predict(NEW_TEXTS)) == ["right", "center", "left"]
    assert list(logistic.named_steps["features"].transformer_list[0][0:1]) == ["word"]


def test_train_refuses_unusable_labels():
    with pytest.raises(ClassifierError, match="3 texts but 2 labels"):
        train(["a", "b", "c"], ["x", "y"])
    with pytest.raises(ClassifierError, match="fewer than two classes"):
        train(["a", "b", "c"], ["x", "x", "x"])
    with pytest.raises(ClassifierError, match="class 'y' has only 1"):
        train(["a", "b", "c", "d"], ["x", "x", "x", "y"])
    with pytest.raises(ClassifierError, match="classifier="):
        slant_pipeline(classifier="forest")


def test_labelled_picks_articles_with_the_label():
    arts = [Article.make(text="a", labels=(("bias", "left"),)), Article.make(text="b"),
            Article.make(text="c", labels=(("bias", "right"),))]
    kept, values = labelled(arts, "bias")
    assert [a.text for a in kept] == ["a", "c"] and values == ["left", "right"]
    with pytest.raises(ClassifierError, match="labels present: bias"):
        labelled(arts, "label_bias")


# -- evaluation ----------------------------------------------------------------------------------

def test_scores_by_hand():
    y_true = ["left", "left", "center", "right", "right", "right"]
    y_pred = ["left", "center", "center", "left", "right", "right"]
    ev = scores(y_true, y_pred, SIDES)
    # F1: left P=1/2 R=1/2 -> 0.5; center P=1/2 R=1 -> 2/3; right P=1 R=2/3 -> 0.8
    assert ev.macro_f1 == pytest.approx((0.5 + 2 / 3 + 0.8) / 3)
    assert ev.accuracy == pytest.approx(4 / 6)
    assert ev.mae == pytest.approx((0 + 1 + 0 + 2 + 0 + 0) / 6)
    assert ev.confusion.loc["right"].tolist() == [1, 0, 2]
    assert ev.confusion.loc["left"].tolist() == [1, 1, 0]
    assert ev.per_class.loc["center", "support"] == 1
    assert scores(y_true, y_pred).mae is None
    with pytest.raises(ClassifierError, match="not in the order"):
        scores(["left"], ["far-left"], SIDES)


def test_outlet_heldout_split_keeps_outlets_apart():
    outlets = ["Fox News", "Fox News", "CNN (Web News)", "CNN - Editorial", "Reuters", "Reuters",
               "Breitbart News", "HuffPost", "Vox", "Vox"]
    train_idx, test_idx = outlet_heldout_split(outlets, test_size=0.4, random_state=0)
    assert sorted(train_idx.tolist() + test_idx.tolist()) == list(range(10))
    from framing.outlets import normalise_outlet
    train_outlets = {normalise_outlet(outlets[i]) for i in train_idx}
    test_outlets = {normalise_outlet(outlets[i]) for i in test_idx}
    assert train_outlets and test_outlets and not train_outlets & test_outlets
    with pytest.raises(ClassifierError, match="at least two outlets"):
        outlet_heldout_split(["Vox", "Vox"])


# -- explanations --------------------------------------------------------------------------------

def test_contributions_and_intercept_sum_to_the_decision(model):
    decisions = decision_values(model, NEW_TEXTS)
    table = contributions(model, NEW_TEXTS)
    summed = table.groupby(["doc", "class"])["contribution"].sum().unstack() + intercepts(model)
    assert np.allclose(summed.to_numpy(), decisions[summed.columns].to_numpy(), rtol=0, atol=1e-12)
    # the SVM's decision ranks the classes as the calibrated probabilities do here
    assert decisions.idxmax(axis=1).tolist() == list(model.predict(NEW_TEXTS))
    assert np.allclose(table["value"] * table["weight"], table["contribution"])


def test_contributions_exact_for_logistic_regression_binary():
    texts = ["a great win", "a shameful disaster", "great news", "disaster looms"] * 3
    labels = ["pos", "neg", "pos", "neg"] * 3
    logistic = train(texts, labels, lexicons=[], word_min_df=1, classifier="logistic", C=5)
    got = decision_values(logistic, ["great disaster"])
    assert got["pos"].iloc[0] == pytest.approx(logistic.decision_function(["great disaster"])[0])
    assert got["neg"].iloc[0] == pytest.approx(-got["pos"].iloc[0])
    table = contributions(logistic, ["great disaster"], classes=["pos"])
    assert table["contribution"].sum() + intercepts(logistic)["pos"] == pytest.approx(
        got["pos"].iloc[0], abs=1e-12)
    assert table.iloc[0]["feature"] == "great" and table.iloc[-1]["feature"] == "disaster"


def test_top_terms_and_prediction_table(model):
    top = top_terms(model, n=2)
    assert top.columns.tolist() == ["class", "rank", "feature", "kind", "weight"]
    assert top.groupby("class").size().tolist() == [2, 2, 2]
    right = top[top["class"] == "right"]
    assert right["weight"].is_monotonic_decreasing
    assert set(right["feature"]) <= {"freedom", "border", "security", "border security",
                                     "freedom and", "and border", "liberty", "tax", "taxes"}
    table = predict_with_explanation(model, NEW_TEXTS, top=3)
    assert table["predicted"].tolist() == ["right", "center", "left"]
    assert np.allclose(table[["proba_center", "proba_left", "proba_right"]].sum(axis=1), 1.0)
    first = table.loc[0, "top_terms"]
    assert 1 <= len(first) <= 3 and all(c > 0 for _, c in first)
    assert [c for _, c in first] == sorted((c for _, c in first), reverse=True)


def test_explain_refuses_a_non_linear_or_bare_model():
    with pytest.raises(ExplainError, match="Pipeline"):
        decision_values(LogisticRegression(), ["x"])


# -- model files ---------------------------------------------------------------------------------

def test_save_and_load_round_trip(model, tmp_path):
    path = tmp_path / "slant.skops"
    card_file = save_model(model, path, kind="slant", card={"data": "hand-written", "split": "none"})
    assert card_file == card_path(path) == tmp_path / "slant.card.json"
    loaded, card = load_model(path, kind="slant")
    assert np.array_equal(loaded.predict_proba(NEW_TEXTS), model.predict_proba(NEW_TEXTS))
    assert card["data"] == "hand-written" and card["kind"] == "slant"
    assert card["versions"]["scikit-learn"] and len(card["sha256"]) == 64
    assert read_card(path)["created"] == card["created"]
    with pytest.raises(ModelError, match="'slant' model, but a 'babe-words'"):
        load_model(path, kind="babe-words")


def test_pruned_vocabularies_are_saved_compactly(tmp_path):
    # max_features pruning leaves numpy integers in vocabulary_; skops would write one array
    # file per numpy integer (minutes for a real vocabulary). CompactTfidfVectorizer saves the
    # vocabulary as one text: the file stays small, the loaded vocabulary holds plain ints and
    # the predictions do not change.
    pruned = train(TEXTS, SIDES_OF, lexicons=[str(MINI_LEXICON)], word_min_df=1,
                   word_max_features=20)
    word = pruned.named_steps["features"].transformer_list[0][1]
    assert any(isinstance(v, np.integer) for v in word.vocabulary_.values())
    before = pruned.predict_proba(NEW_TEXTS)
    path = tmp_path / "pruned.skops"
    save_model(pruned, path, kind="slant")
    with zipfile.ZipFile(path) as archive:
        assert len(archive.namelist()) < 30  # was one file per vocabulary entry and more
    loaded, _ = load_model(path, kind="slant")
    vocabulary = loaded.named_steps["features"].transformer_list[0][1].vocabulary_
    assert len(vocabulary) == 20 and all(type(v) is int for v in vocabulary.values())
    assert np.array_equal(loaded.predict_proba(NEW_TEXTS), before)


def test_compact_vectorizer_saves_its_vocabulary_as_one_text():
    from framing.classify import CompactTfidfVectorizer

    docs = ["a bb cc", "bb dd dd"]
    fitted = CompactTfidfVectorizer().fit(docs)
    state = fitted.__getstate__()
    assert state["vocabulary_"] == "bb\ncc\ndd" and state["_vocabulary_joined"]
    assert isinstance(fitted.vocabulary_, dict)  # the live object is untouched
    copy = CompactTfidfVectorizer.__new__(CompactTfidfVectorizer)
    copy.__setstate__(state)
    assert copy.vocabulary_ == {"bb": 0, "cc": 1, "dd": 2} == fitted.vocabulary_
    assert (copy.transform(docs) != fitted.transform(docs)).nnz == 0
    # a term with a line break (possible only with a custom analyser) keeps the dict
    odd = CompactTfidfVectorizer(analyzer=lambda doc: doc.split("|")).fit(["x\ny|z"])
    assert odd.__getstate__()["vocabulary_"] == {"x\ny": 0, "z": 1}


def test_a_changed_model_file_is_refused(model, tmp_path):
    path = tmp_path / "slant.skops"
    save_model(model, path, kind="slant")
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))
    with pytest.raises(ModelError, match="changed after it was saved"):
        load_model(path)


def test_a_foreign_file_is_refused(tmp_path):
    with pytest.raises(ModelError, match="no model card"):
        foreign = tmp_path / "foreign.skops"
        foreign.write_bytes(b"PK not really a model")
        load_model(foreign)
    with pytest.raises(ModelError, match="no such model file"):
        load_model(tmp_path / "missing.skops")
    (tmp_path / "models").mkdir()
    (tmp_path / "models" / "slant.skops").write_bytes(b"")
    with pytest.raises(ModelError, match=r"is a folder, not a model file; .*: slant\.skops"):
        load_model(tmp_path / "models")


def test_a_file_with_untrusted_types_is_refused(tmp_path):
    """A skops file holding a type outside our allow-list is refused even with a valid card."""
    import skops.io as sio

    path = tmp_path / "evil.skops"
    sio.dump({"f": zipfile.ZipFile}, path)  # a type skops does not trust and we do not allow
    save_card = save_model  # write a card whose SHA-256 matches, as an attacker could
    save_card({"f": 1}, tmp_path / "decoy.skops", kind="slant")
    card = json.loads(card_path(tmp_path / "decoy.skops").read_text())
    import hashlib

    card["sha256"] = hashlib.sha256(path.read_bytes()).hexdigest()
    card_path(path).write_text(json.dumps(card))
    with pytest.raises(ModelError, match="types framing does not trust: .*zipfile.ZipFile"):
        load_model(path)
    # a card that is not ours is refused too
    card_path(path).write_text(json.dumps({"format": "other"}))
    with pytest.raises(ModelError, match="not a framing model card"):
        load_model(path)


def _h(text: str) -> int:
    """The sketch's hash of one text, computed independently (first 8 bytes of SHA-256)."""
    import hashlib

    return int(hashlib.sha256(text.encode("utf-8")).hexdigest()[:16], 16)


def test_training_sketch_tells_which_texts_were_trained_on():
    whole = training_sketch(["a", "b", "a"])  # two distinct texts, both kept
    assert whole["n_distinct"] == 2
    assert whole["hashes"] == [f"{h:016x}" for h in sorted([_h("a"), _h("b")])]
    found = training_overlap({"training_sketch": whole}, ["a", "c", "c"])
    assert found == TrainingOverlap(n=2, n_checked=2, n_seen=1, share=0.5, exact=True)
    assert training_overlap({"data": "no sketch"}, ["a"]) is None

    # Keep only the smallest of ten hashes: a text is decided only when its hash is at most
    # that one, and then it is a training text exactly when its hash is the kept one.
    texts = [f"text {i}" for i in range(10)]
    smallest = min(texts, key=_h)
    small = training_sketch(texts, size=1)
    assert small["n_distinct"] == 10 and small["hashes"] == [f"{_h(smallest):016x}"]
    others = [f"other {i}" for i in range(40)]
    below = sum(_h(t) <= _h(smallest) for t in others)
    result = training_overlap({"training_sketch": small}, texts + others)
    assert result == TrainingOverlap(n=50, n_checked=1 + below, n_seen=1,
                                     share=1 / (1 + below), exact=False)


def test_a_trusted_estimator_that_is_not_ours_is_refused(tmp_path):
    """A bare scikit-learn estimator (all types trusted) with a card claiming 'slant' is
    refused at load, not with a traceback at predict time."""
    from sklearn.linear_model import LogisticRegression

    bare = LogisticRegression().fit([[0.0], [1.0]], ["left", "right"])
    path = tmp_path / "bare.skops"
    save_model(bare, path, kind="slant")
    with pytest.raises(ModelError, match=r"holds a LogisticRegression, not a framing 'slant' "
                                         r"model \(a Pipeline written by `framing train`\)"):
        load_model(path)
