"""Slant classifier: scikit-learn pipelines that predict a side from text, and their evaluation.

The lexicon finds the terms we know; the classifier finds slant we did not list. A model is a
plain scikit-learn :class:`~sklearn.pipeline.Pipeline`::

    features   FeatureUnion(word n-gram TF-IDF, [character n-gram TF-IDF], LexiconVectorizer)
    classifier CalibratedClassifierCV(LinearSVC, method="sigmoid", ensemble=False)
               or LogisticRegression

so its decision is linear in the features and every prediction can be explained exactly
(:mod:`framing.explain`). Probabilities come from Platt scaling of the linear SVM's decision,
fitted on cross-validated decisions (Platt 1999; scikit-learn's ``CalibratedClassifierCV``), or
directly from the logistic regression.

Evaluation follows Baly et al. (2020, EMNLP, "We Can Detect Your Bias"): macro-F1, accuracy and,
for ordered labels (left < center < right), the mean absolute error of the label index; plus a
confusion matrix. :func:`outlet_heldout_split` holds whole outlets out, because a random split
rewards learning the outlet rather than the slant (Baly et al. 2020).

The preset ``babe-transformer`` (:func:`babe_transformer_ensemble`, :func:`train_ensemble`) is
a soft vote with equal weights (the untuned default) of the ``babe-sentence`` pipeline and a
fine-tuned all-MiniLM-L6-v2 (:mod:`framing.transformer_model`; optional, needs torch): its
TF-IDF part is still explained exactly term by term, its transformer part is not
(:func:`ensemble_predict_with_explanation`).

Related modules: :mod:`framing.lexicon_features` (``LexiconVectorizer``),
:mod:`framing.explain` (per-article and per-class terms), :mod:`framing.modelfile` (skops save
and load with a model card), :mod:`framing.loaded_words` (the BABE word model).
"""

from __future__ import annotations

import contextlib
import io
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import joblib
import numpy as np
import pandas as pd
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, confusion_matrix, f1_score
from sklearn.model_selection import GroupShuffleSplit
from sklearn.pipeline import FeatureUnion, Pipeline
from sklearn.svm import LinearSVC

from .errors import FramingError
from .explain import contributions, predict_with_explanation, top_terms
from .lexicon_features import LexiconVectorizer
from .loaded_words import LoadedWordModel, loaded_word_spans
from .models import Article
from .outlets import normalise_outlet

__all__ = [
    "PRESETS",
    "SIDES",
    "ClassifierError",
    "CompactTfidfVectorizer",
    "Evaluation",
    "LexiconVectorizer",
    "LoadedWordModel",
    "ENSEMBLE_PRESETS",
    "article_texts",
    "babe_transformer_ensemble",
    "ensemble_predict_with_explanation",
    "train_ensemble",
    "contributions",
    "loaded_word_spans",
    "predict_with_explanation",
    "top_terms",
    "evaluate",
    "labelled",
    "outlet_heldout_split",
    "scores",
    "slant_pipeline",
    "train",
]

#: The AllSides labels in their natural order (used for the mean absolute error).
SIDES: tuple[str, ...] = ("left", "center", "right")
#: Default lexicons whose hits become features of the slant model.
DEFAULT_LEXICONS: tuple[str, ...] = ("us-politics", "loaded-language")
#: Settings of :func:`slant_pipeline` per task of ``framing train``. ``slant``'s ``C`` was chosen
#: on the AllSides media *training* split only, by 3-fold cross-validation grouped by normalised
#: outlet: 0.02, 0.05, 0.1 and 0.2 scored in increasing order (mean macro-F1 of the folds;
#: pooled out-of-fold macro-F1 0.324 at 0.05, 0.357 at 0.2), so 0.2, the best value tried;
#: outlet-balanced sample weights scored lower and were left out. ``babe-sentence``: word and
#: character TF-IDF with logistic regression; C in 1, 4, 16 differed by under 0.002 macro-F1 in
#: BABE's 5-fold cross-validation. Figures: benchmarks/classify.py.
PRESETS: dict[str, dict] = {
    "slant": {"lexicons": DEFAULT_LEXICONS, "word_ngrams": (1, 2), "word_min_df": 3,
              "word_max_features": 400_000, "char_ngrams": None, "classifier": "svm",
              "C": 0.2, "class_weight": "balanced", "calibration_folds": 2, "n_jobs": 2},
    "babe-sentence": {"lexicons": ("loaded-language",), "word_ngrams": (1, 2), "word_min_df": 1,
                      "word_max_features": None, "char_ngrams": (2, 5),
                      "char_max_features": None, "classifier": "logistic", "C": 4.0,
                      "class_weight": "balanced"},
    # Soft vote (probability average) of the "babe-sentence" pipeline and a fine-tuned
    # transformer (framing.transformer_model; optional: requirements-transformer.txt). Equal
    # weights (None) are the untuned default of a soft vote; the transformer's settings are
    # the standard fine-tuning ones, fixed before BABE was scored. Built by
    # babe_transformer_ensemble; figures: benchmarks/classify.py --part babe-transformer.
    "babe-transformer": {"tfidf": "babe-sentence", "weights": None,
                         "transformer": {"encoder": None, "max_length": 96, "epochs": 3,
                                         "learning_rate": 5e-5, "batch_size": 16,
                                         "weight_decay": 0.01, "warmup": 0.1, "dropout": 0.1,
                                         "random_state": 0}},
}
#: Presets that are ensembles (built by :func:`babe_transformer_ensemble`, saved as a folder),
#: not settings of :func:`slant_pipeline`.
ENSEMBLE_PRESETS: frozenset[str] = frozenset({"babe-transformer"})


class ClassifierError(FramingError):
    """A classifier was asked for with data or settings it cannot use (the message says why)."""


class CompactTfidfVectorizer(TfidfVectorizer):
    """scikit-learn's ``TfidfVectorizer`` whose fitted vocabulary is saved as one text.

    Identical in fitting and transforming. Only its state for saving differs: skops writes a
    dict entry by entry (and each numpy integer that pruning by ``max_features`` leaves as a
    value as its own array file: 500 AllSides articles gave a 32,212-file model that took 33 s
    to save), so a 400,000-term ``vocabulary_`` took about 25 s to load with
    ``framing predict``; here the terms are joined in index order with line breaks (no term
    holds one: the word analyser's tokens have no white space and ``char_wb`` turns every run
    of white space into one space) and split again on loading (0.3 s). If a term should hold a
    line break anyway (a custom analyser), the dict is saved as it is.
    """

    def __getstate__(self):
        state = super().__getstate__()
        vocabulary = state.get("vocabulary_")
        if isinstance(vocabulary, dict):
            terms = [""] * len(vocabulary)
            for term, index in vocabulary.items():
                terms[index] = term
            if not any("\n" in term for term in terms):
                state = {**state, "vocabulary_": "\n".join(terms), "_vocabulary_joined": True}
        return state

    def __setstate__(self, state):
        state = dict(state)
        if state.pop("_vocabulary_joined", False):
            text = state["vocabulary_"]
            state["vocabulary_"] = {term: i for i, term in enumerate(text.split("\n"))} \
                if text else {}
        super().__setstate__(state)


def article_texts(articles: Iterable[Article]) -> list[str]:
    """The text a classifier reads for each article: :attr:`Article.document` (title + body)."""
    return [article.document for article in articles]


def labelled(articles: Iterable[Article], label: str) -> tuple[list[Article], list[str]]:
    """The articles that carry label ``label`` and their values.

    Parameters
    ----------
    articles : iterable of Article
    label : str
        A label key such as ``"bias"`` (AllSides, BASIL) or ``"label_bias"`` (BABE).

    Returns
    -------
    (list of Article, list of str)
        Articles with a non-empty value, in input order, and those values.

    Raises
    ------
    ClassifierError
        No article carries the label, or all carry the same value (nothing to learn).
    """
    kept: list[Article] = []
    values: list[str] = []
    seen_keys: set[str] = set()
    for article in articles:
        seen_keys.update(key for key, _ in article.labels)
        value = article.label(label)
        if value:
            kept.append(article)
            values.append(value)
    if not kept:
        known = ", ".join(sorted(seen_keys)) or "none"
        raise ClassifierError(f"no article carries the label {label!r}; labels present: {known}. "
                              "Pass --label with one of them")
    if len(set(values)) < 2:
        raise ClassifierError(f"every article has {label}={values[0]!r}; a classifier needs at "
                              "least two different values")
    return kept, values


def slant_pipeline(*, lexicons: Sequence[str] | None = DEFAULT_LEXICONS,
                   word_ngrams: tuple[int, int] = (1, 2), word_min_df: int = 3,
                   word_max_features: int | None = 300_000, char_ngrams: tuple[int, int] | None = None,
                   char_max_features: int | None = 200_000, classifier: str = "svm",
                   C: float = 0.1, class_weight: str | None = "balanced",
                   calibration_folds: int = 2, n_jobs: int | None = None,
                   random_state: int = 0) -> Pipeline:
    """A slant classifier, unfitted.

    Parameters
    ----------
    lexicons : sequence of str or None
        Lexicons whose hits become features (:class:`LexiconVectorizer`); an empty sequence
        leaves them out, ``None`` uses every shipped lexicon.
    word_ngrams : (int, int)
        Range of word n-gram lengths (scikit-learn's default tokens: runs of two or more
        letters or digits, lower-cased).
    word_min_df : int
        Drop n-grams found in fewer training documents.
    word_max_features : int or None
        Keep the most frequent n-grams only (memory and time scale with it).
    char_ngrams : (int, int) or None
        Range of character n-gram lengths inside word boundaries (``analyzer="char_wb"``);
        ``None`` leaves character features out.
    char_max_features : int or None
    classifier : {"svm", "logistic"}
        ``"svm"``: a linear SVM (squared hinge, L2) with sigmoid (Platt) calibration fitted on
        ``calibration_folds``-fold cross-validated decisions and one SVM refitted on all data
        (``CalibratedClassifierCV(ensemble=False)``), so the decision stays one linear function.
        ``"logistic"``: multinomial logistic regression (probabilities by construction).
    C : float
        Inverse regularisation strength of the linear model.
    class_weight : "balanced" or None
        ``"balanced"`` weights classes inversely to their frequency (macro-F1 counts each class
        equally).
    calibration_folds : int
        Folds of the SVM's calibration (at least 2). Two folds fit two SVMs on halves of the
        data where three fit three on two thirds: on the AllSides media split the calibration's
        fits cost 144 s instead of 196 s CPU, at the same test macro-F1 (benchmarks/README.md).
    n_jobs : int or None
        Calibration folds fitted at once (joblib; :func:`train` runs them in worker processes,
        which keeps fixed-seed results reproducible). ``None``: one at a time, unless a joblib
        ``parallel_config`` says otherwise.
    random_state : int
        Seed of every random step (fixed seeds give the same model on the same data).

    Returns
    -------
    sklearn.pipeline.Pipeline
        Steps ``features`` (FeatureUnion of ``word``, optionally ``char`` and ``lexicon``) and
        ``classifier``. Input: a sequence of documents (str).

    Raises
    ------
    ClassifierError
        Unknown ``classifier``, a non-positive ``C`` or fewer than 2 ``calibration_folds``.
    """
    if classifier not in ("svm", "logistic"):
        raise ClassifierError(f"classifier={classifier!r}: use 'svm' or 'logistic'")
    if not C > 0:
        raise ClassifierError(f"C={C!r}: the regularisation parameter must be positive")
    if not (isinstance(calibration_folds, int) and calibration_folds >= 2):
        raise ClassifierError(f"calibration_folds={calibration_folds!r}: give an integer of at "
                              "least 2")
    parts: list[tuple[str, object]] = [
        ("word", CompactTfidfVectorizer(sublinear_tf=True, ngram_range=tuple(word_ngrams),
                                 min_df=word_min_df, max_df=0.9, max_features=word_max_features, dtype=np.float32)),
    ]
    if char_ngrams is not None:
        parts.append(("char", CompactTfidfVectorizer(
            sublinear_tf=True, analyzer="char_wb", ngram_range=tuple(char_ngrams),
            min_df=word_min_df, max_df=0.9, max_features=char_max_features, dtype=np.float32)))
    if lexicons is None or len(lexicons):
        parts.append(("lexicon", LexiconVectorizer(
            lexicons=None if lexicons is None else tuple(lexicons))))
    if classifier == "svm":
        model = CalibratedClassifierCV(
            LinearSVC(C=C, class_weight=class_weight, random_state=random_state),
            method="sigmoid", cv=calibration_folds, ensemble=False, n_jobs=n_jobs)
    else:
        model = LogisticRegression(C=C, class_weight=class_weight, max_iter=2000,
                                   random_state=random_state)
    return Pipeline([("features", FeatureUnion(parts)), ("classifier", model)])


def _checked(texts: Sequence[str], labels: Sequence[str]) -> tuple[list[str], list[str]]:
    """Texts and labels (as str) as lists, or :class:`ClassifierError` when they cannot train
    a model (see :func:`train`)."""
    texts = list(texts)
    labels = [str(label) for label in labels]
    if len(texts) != len(labels):
        raise ClassifierError(f"{len(texts)} texts but {len(labels)} labels; give one label "
                              "per text")
    counts = pd.Series(labels).value_counts()
    if len(counts) < 2:
        raise ClassifierError("the labels hold fewer than two classes; nothing to learn")
    if counts.min() < 3:
        raise ClassifierError(f"class {counts.idxmin()!r} has only {counts.min()} example(s); "
                              "give at least 3 per class")
    return texts, labels


def train(texts: Sequence[str], labels: Sequence[str], *,
          progress: Callable[[str], None] | None = None, **settings) -> Pipeline:
    """Fit :func:`slant_pipeline` (with ``settings``) on texts and their labels.

    Parameters
    ----------
    texts : sequence of str, length n_samples
    labels : sequence of str, length n_samples
    progress : callable taking a str, optional
        Called with a line of text before fitting and after each long step (each feature
        block, then the classifier), with its elapsed time: scikit-learn's ``verbose`` step
        messages, passed on instead of printed. ``framing train`` writes them to stderr.
    **settings
        Keyword arguments of :func:`slant_pipeline`.

    Returns
    -------
    sklearn.pipeline.Pipeline
        Fitted; ``classes_`` holds the labels in sorted order.

    Raises
    ------
    ClassifierError
        Lengths differ, fewer than two classes, a class with fewer than 3 examples (the
        calibration's cross-validated split needs examples of each class in every fold), or
        no word passes the vectorisers' document-frequency limits.
    """
    texts, labels = _checked(texts, labels)
    model = slant_pipeline(**settings)
    stdout = contextlib.nullcontext()
    if progress is not None:
        blocks = ", ".join(name for name, _ in model.named_steps["features"].transformer_list)
        progress(f"Fitting features ({blocks}) and the classifier on {len(texts):,} texts, "
                 f"{sum(map(len, texts)) / 1e6:.1f} M characters ...")
        # scikit-learn prints its step timings on stdout: hand them to ``progress`` instead
        # (verbose is switched off again below, so the saved model is as without progress).
        model.set_params(verbose=True, features__verbose=True)
        stdout = contextlib.redirect_stdout(_LineWriter(progress))
    # Processes, not threads, for the calibration folds: liblinear draws from the C library's
    # one rand() state, which two threads share, so threaded fits of the same seed differed
    # run to run (in the 6th decimal of probabilities, and in the 3rd of macro-F1); each worker
    # process has its own state, and the result equals fitting the folds one at a time.
    try:
        with stdout, joblib.parallel_config(backend="loky"):
            model.fit(texts, labels)
    except ValueError as exc:
        if "no terms remain" not in str(exc):
            raise
        # scikit-learn's TfidfVectorizer kept no word: each is in over 90 % of the texts or
        # in fewer than min_df of them
        raise ClassifierError(
            "no word is left to learn from: every word is in over 90 % of the texts or in too "
            "few of them; give more, and more varied, texts") from exc
    return model.set_params(verbose=False, features__verbose=False)


def babe_transformer_ensemble(*, preset: str = "babe-transformer", **transformer_settings):
    """Soft vote of the TF-IDF sentence pipeline and a fine-tuned transformer (unfitted).

    The ensemble's probability is the (weighted; by default plain) mean of its parts'
    probabilities (scikit-learn's ``VotingClassifier(voting="soft")``): the TF-IDF pipeline of
    preset ``"babe-sentence"`` (:func:`slant_pipeline`) and
    :class:`framing.transformer_model.TransformerSentenceClassifier` (all-MiniLM-L6-v2, Wang et
    al. 2020, mean-pooled as in Reimers & Gurevych 2019 and fine-tuned as in Devlin et al. 2019).
    The 0.5/0.5 weights are the untuned default of a soft vote, not fitted to BABE. On BABE SG2
    (Spinde et al. 2021, whose RoBERTa reached macro-F1 0.804) see
    ``benchmarks/classify.py --part babe-transformer`` for the 5-fold figures.

    ``VotingClassifier`` fits both parts on the label-encoded targets (0..k-1 in sorted label
    order) and maps predictions back to the labels.

    Only the TF-IDF part is explained per term (:func:`framing.explain.contributions` on
    ``named_estimators_["tfidf"]``, exact for that linear part); the transformer part is not.

    Parameters
    ----------
    preset : str
        A key of :data:`PRESETS` that names the parts (``"babe-transformer"``).
    **transformer_settings
        Override settings of the transformer part (e.g. ``n_threads=1``, ``max_steps=3``,
        ``encoder="path/to/folder"``).

    Returns
    -------
    sklearn.ensemble.VotingClassifier
        Parts named ``"tfidf"`` and ``"transformer"``.

    Raises
    ------
    ClassifierError
        ``preset`` is not an ensemble preset.
    framing.transformer_model.TransformerUnavailable
        torch/transformers are not installed (the message names the pip command).
    """
    from sklearn.ensemble import VotingClassifier  # noqa: PLC0415 - only when used

    from .transformer_model import TransformerSentenceClassifier, _require  # noqa: PLC0415

    if preset not in ENSEMBLE_PRESETS:
        raise ClassifierError(f"{preset!r} is not an ensemble preset; use one of "
                              f"{sorted(ENSEMBLE_PRESETS)}")
    _require()
    settings = PRESETS[preset]
    transformer = TransformerSentenceClassifier(**{**settings["transformer"],
                                                   **transformer_settings})
    return VotingClassifier([("tfidf", slant_pipeline(**PRESETS[settings["tfidf"]])),
                             ("transformer", transformer)],
                            voting="soft", weights=settings["weights"])


def train_ensemble(texts: Sequence[str], labels: Sequence[str], *,
                   preset: str = "babe-transformer",
                   progress: Callable[[str], None] | None = None, **transformer_settings):
    """Fit :func:`babe_transformer_ensemble` on texts and their labels.

    Parameters
    ----------
    texts : sequence of str, length n_samples
    labels : sequence of str, length n_samples
    preset : str
        An ensemble preset (:data:`ENSEMBLE_PRESETS`).
    progress : callable taking a str, optional
        Called with a line before fitting (the transformer part takes about 10 minutes per
        3,000 sentences on one core).
    **transformer_settings
        Overrides of the transformer part's settings (see :func:`babe_transformer_ensemble`).

    Returns
    -------
    sklearn.ensemble.VotingClassifier
        Fitted; ``classes_`` holds the labels in sorted order.

    Raises
    ------
    ClassifierError
        As :func:`train` (lengths differ, fewer than two classes, a class with fewer than 3
        examples), or ``preset`` is not an ensemble preset.
    framing.transformer_model.TransformerUnavailable
        torch/transformers missing, or the encoder folder is unusable.
    """
    texts, labels = _checked(texts, labels)
    model = babe_transformer_ensemble(preset=preset, **transformer_settings)
    if progress is not None:
        net = model.named_estimators["transformer"]
        length = (f"{net.epochs} epoch(s)" if net.max_steps is None else
                  f"at most {net.max_steps} step(s)")
        progress(f"Fitting the TF-IDF part, then fine-tuning the transformer ({length}, "
                 f"batches of {net.batch_size}, {net.n_threads} thread(s)) on "
                 f"{len(texts):,} texts ...")
    return model.fit(texts, labels)


def ensemble_predict_with_explanation(model, texts: Sequence[str], *,
                                      top: int = 5) -> pd.DataFrame:
    """:func:`framing.explain.predict_with_explanation` for a soft-vote ensemble
    (:func:`babe_transformer_ensemble`): the ensemble's label and probabilities, with the terms
    of its TF-IDF part only.

    The TF-IDF part is linear, so its per-term contributions are exact (they sum, with its
    intercept, to its decision value); the transformer part has no per-term explanation, and
    its share of the vote is shown as its probability, not as terms.

    Parameters
    ----------
    model : sklearn.ensemble.VotingClassifier
        Fitted, with parts ``"tfidf"`` and ``"transformer"``.
    texts : sequence of str, length n
    top : int
        Terms listed per text.

    Returns
    -------
    pandas.DataFrame
        One row per text: ``doc``, ``predicted``, ``probability`` (the ensemble's, of the
        predicted class), ``proba_<class>`` per class (the ensemble's), ``proba_tfidf`` and
        ``proba_transformer`` (each part's probability of the predicted class), ``decision``
        (the TF-IDF part's linear decision value of the predicted class), ``top_terms`` (list
        of ``(feature, contribution)`` of the TF-IDF part toward the predicted class, largest
        first, positive only).
    """
    texts = list(texts)
    names = ("tfidf", "transformer")
    # each part predicts once (the transformer is the slow one); the vote is
    # VotingClassifier.predict_proba's weighted average of the same arrays
    parts = [model.named_estimators_[name].predict_proba(texts) for name in names]
    proba = np.average(parts, axis=0, weights=model._weights_not_none)
    # the parts were fitted on the label-encoded targets: their class k is model.classes_[k]
    table = predict_with_explanation(model.named_estimators_["tfidf"], texts, top=top,
                                     proba=proba, classes=model.classes_)
    chosen = proba.argmax(axis=1)
    at = table.columns.get_loc("decision")
    for offset, (name, part) in enumerate(zip(names, parts)):
        table.insert(at + offset, f"proba_{name}", part[np.arange(len(texts)), chosen])
    return table


class _LineWriter(io.TextIOBase):
    """A text stream that passes each complete line to a callable (for redirect_stdout)."""

    def __init__(self, sink: Callable[[str], None]) -> None:
        super().__init__()
        self._sink = sink
        self._buffer = ""
        # the stdout before redirection: a sink that prints must not write back into us
        self._stdout = sys.stdout

    def writable(self) -> bool:
        return True

    def write(self, text: str) -> int:
        self._buffer += text
        *lines, self._buffer = self._buffer.split("\n")
        for line in lines:
            if line.strip():
                with contextlib.redirect_stdout(self._stdout):
                    self._sink(line.strip())
        return len(text)


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Quality of predictions against true labels.

    Attributes
    ----------
    n : int
        Number of examples scored.
    macro_f1 : float
        Unweighted mean of the per-class F1 (0–1), as in Baly et al. (2020).
    accuracy : float
        Share of correct predictions (0–1).
    mae : float or None
        Mean absolute difference of label positions in ``order`` (e.g. left=0, center=1,
        right=2), as in Baly et al. (2020); ``None`` when the labels have no order.
    confusion : pandas.DataFrame
        Counts; rows are true labels (index named ``true``), columns predicted labels.
    per_class : pandas.DataFrame
        Index: label; columns ``precision``, ``recall``, ``f1``, ``support``.
    """

    n: int
    macro_f1: float
    accuracy: float
    mae: float | None
    confusion: pd.DataFrame
    per_class: pd.DataFrame

    def as_dict(self) -> dict:
        """The figures as plain data (for a model card or JSON)."""
        return {
            "n": self.n, "macro_f1": self.macro_f1, "accuracy": self.accuracy, "mae": self.mae,
            "confusion": {"labels": list(self.confusion.columns),
                          "counts": self.confusion.to_numpy().tolist()},
        }


def scores(y_true: Sequence[str], y_pred: Sequence[str],
           order: Sequence[str] | None = None) -> Evaluation:
    """Macro-F1, accuracy, MAE and the confusion matrix of predictions.

    Parameters
    ----------
    y_true, y_pred : sequence of str, length n
    order : sequence of str, optional
        The labels in their natural order (e.g. :data:`SIDES`); enables the MAE. Every label in
        ``y_true`` and ``y_pred`` must be in it.

    Returns
    -------
    Evaluation

    Raises
    ------
    ClassifierError
        Lengths differ, no examples, or a label outside ``order``.
    """
    y_true = [str(v) for v in y_true]
    y_pred = [str(v) for v in y_pred]
    if len(y_true) != len(y_pred) or not y_true:
        raise ClassifierError(f"cannot score {len(y_pred)} predictions against {len(y_true)} "
                              "labels; give one prediction per label, at least one")
    labels = list(order) if order is not None else sorted(set(y_true) | set(y_pred))
    mae = None
    if order is not None:
        position = {label: i for i, label in enumerate(order)}
        outside = sorted((set(y_true) | set(y_pred)) - set(position))
        if outside:
            raise ClassifierError(f"labels {outside} are not in the order {list(order)}; "
                                  "give the full order or none")
        mae = float(np.mean([abs(position[t] - position[p]) for t, p in zip(y_true, y_pred)]))
    matrix = confusion_matrix(y_true, y_pred, labels=labels)
    confusion = pd.DataFrame(matrix, index=pd.Index(labels, name="true"),
                             columns=pd.Index(labels, name="predicted"))
    f1 = f1_score(y_true, y_pred, labels=labels, average=None, zero_division=0)
    support = matrix.sum(axis=1)
    predicted = matrix.sum(axis=0)
    diagonal = np.diag(matrix)
    per_class = pd.DataFrame({
        "precision": np.divide(diagonal, predicted, out=np.zeros(len(labels)), where=predicted > 0),
        "recall": np.divide(diagonal, support, out=np.zeros(len(labels)), where=support > 0),
        "f1": f1, "support": support}, index=pd.Index(labels, name="label"))
    present = [i for i, label in enumerate(labels) if support[i] > 0 or predicted[i] > 0]
    return Evaluation(n=len(y_true), macro_f1=float(np.mean(f1[present])),
                      accuracy=float(accuracy_score(y_true, y_pred)), mae=mae,
                      confusion=confusion, per_class=per_class)


def evaluate(model, texts: Sequence[str], labels: Sequence[str],
             order: Sequence[str] | None = None) -> Evaluation:
    """Score a fitted model's predictions on ``texts`` against ``labels`` (see :func:`scores`)."""
    return scores(labels, model.predict(list(texts)), order)


def outlet_heldout_split(outlets: Sequence[str], *, test_size: float = 0.2,
                         random_state: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Train and test positions with no outlet on both sides.

    Outlets are normalised first (:func:`framing.outlets.normalise_outlet`), so "CNN (Web
    News)" and "CNN - Editorial" count as one outlet when the alias table says so. The split
    is scikit-learn's ``GroupShuffleSplit`` with the outlet as group: about ``test_size`` of the
    *outlets* go to test.

    Parameters
    ----------
    outlets : sequence of str, length n_samples
    test_size : float
        Share of outlets held out (0–1).
    random_state : int

    Returns
    -------
    (numpy.ndarray, numpy.ndarray)
        Sorted integer positions of the training and test examples.

    Raises
    ------
    ClassifierError
        Fewer than two distinct outlets.
    """
    groups = np.asarray([normalise_outlet(o) or "(no outlet)" for o in outlets], dtype=object)
    if len(set(groups)) < 2:
        raise ClassifierError("an outlet-held-out split needs articles from at least two outlets")
    splitter = GroupShuffleSplit(n_splits=1, test_size=test_size, random_state=random_state)
    train_idx, test_idx = next(splitter.split(np.zeros(len(groups)), groups=groups))
    return np.sort(train_idx), np.sort(test_idx)
