"""Which terms drove a linear classifier's decision: per article and per class, as tables.

For a linear model the decision value of class *k* on document *x* is exactly

    f_k(x) = b_k + sum_j w_kj * x_j

(``b`` the intercept, ``w`` the coefficients, ``x_j`` the feature values after the pipeline's
feature steps), so the contribution of feature *j* is ``w_kj * x_j`` and the contributions plus
the intercept add up to the decision value, to floating-point precision. This holds for
:class:`~sklearn.linear_model.LogisticRegression` and for
``CalibratedClassifierCV(LinearSVC, ensemble=False)`` (explained through its single refitted
SVM; the calibration is a monotone map of that decision per class). For a binary model,
scikit-learn keeps one coefficient row, the decision for ``classes_[1]``; the decision for
``classes_[0]`` is its negative.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import sparse
from sklearn.calibration import CalibratedClassifierCV
from sklearn.pipeline import Pipeline

from .errors import FramingError

__all__ = [
    "CONTRIBUTION_COLUMNS",
    "ExplainError",
    "contributions",
    "decision_values",
    "intercepts",
    "predict_with_explanation",
    "top_terms",
]

#: Columns of :func:`contributions`, in order.
CONTRIBUTION_COLUMNS = ("doc", "class", "feature", "kind", "value", "weight", "contribution")


class ExplainError(FramingError):
    """The model cannot be explained term by term (it is not a linear pipeline of ours)."""


def _parts(model: Pipeline):
    """(feature transformer, coefficients (n_classes, n_features), intercepts, classes)."""
    if not isinstance(model, Pipeline) or len(model.steps) < 2:
        raise ExplainError(f"expected a fitted scikit-learn Pipeline of feature steps and a "
                           f"linear classifier, got {type(model).__name__}")
    head = model.steps[-1][1]
    features = model[:-1]
    linear = head
    if isinstance(head, CalibratedClassifierCV):
        calibrated = getattr(head, "calibrated_classifiers_", None)
        if calibrated is None:
            raise ExplainError("the model is not fitted; train it first")
        if len(calibrated) != 1:
            raise ExplainError("CalibratedClassifierCV(ensemble=True) averages several linear "
                               "models, so no single set of term weights explains it; train "
                               "with ensemble=False")
        linear = calibrated[0].estimator
    coef = getattr(linear, "coef_", None)
    if coef is None:
        raise ExplainError(f"{type(linear).__name__} has no coef_; only linear models can be "
                           "explained term by term")
    coef = np.asarray(coef.toarray() if sparse.issparse(coef) else coef, dtype=np.float64)
    intercept = np.atleast_1d(np.asarray(linear.intercept_, dtype=np.float64))
    classes = np.asarray(head.classes_)
    if coef.shape[0] == 1 and len(classes) == 2:
        coef = np.vstack([-coef[0], coef[0]])
        intercept = np.array([-intercept[0], intercept[0]])
    return features, coef, intercept, classes


def _feature_names(features) -> np.ndarray:
    try:
        return np.asarray(features.get_feature_names_out(), dtype=object)
    except AttributeError as exc:  # a step without feature names
        raise ExplainError(f"a feature step cannot name its features ({exc})") from exc


def _split_name(name: str) -> tuple[str, str]:
    """``"word__death tax"`` -> ``("word", "death tax")`` (FeatureUnion prefixes each name)."""
    kind, _, feature = name.partition("__")
    return (kind, feature) if feature else ("", name)


def decision_values(model: Pipeline, texts: Sequence[str]) -> pd.DataFrame:
    """The linear decision value of every class for every text.

    Parameters
    ----------
    model : Pipeline
        Fitted, from :func:`framing.classify.slant_pipeline` or any feature steps + linear
        classifier (see the module docstring).
    texts : sequence of str, length n

    Returns
    -------
    pandas.DataFrame, shape (n, n_classes)
        Columns are the classes.

    Raises
    ------
    ExplainError
        The model is not a fitted linear pipeline.
    """
    features, coef, intercept, classes = _parts(model)
    X = sparse.csr_matrix(features.transform(list(texts)), dtype=np.float64)
    return pd.DataFrame(np.asarray(X @ coef.T) + intercept, columns=list(classes))


def contributions(model: Pipeline, texts: Sequence[str], *, classes: Sequence[str] | None = None,
                  top: int | None = None) -> pd.DataFrame:
    """Contribution of every present feature to each class's decision value.

    Parameters
    ----------
    model : Pipeline
        Fitted linear pipeline (see :func:`decision_values`).
    texts : sequence of str, length n
    classes : sequence of str, optional
        Only these classes (default: all).
    top : int, optional
        Keep the ``top`` features with the largest absolute contribution per (doc, class);
        ``None`` keeps all, so ``contribution`` summed per (doc, class) plus the intercept
        (:func:`intercepts`) equals :func:`decision_values`.

    Returns
    -------
    pandas.DataFrame
        Columns :data:`CONTRIBUTION_COLUMNS`: ``doc`` (position in ``texts``), ``class``,
        ``feature`` (the term, character n-gram or ``lexicon:frame:voice``), ``kind`` (the
        feature step: ``word``, ``char``, ``lexicon``), ``value`` (the feature value, e.g.
        TF-IDF weight), ``weight`` (the model coefficient), ``contribution`` (value × weight,
        in decision units). Sorted by doc, class, then contribution from most positive.

    Raises
    ------
    ExplainError
        The model is not a fitted linear pipeline, or a class is unknown.
    """
    features, coef, intercept, all_classes = _parts(model)
    names = _feature_names(features)
    # classes compared as text: a pipeline fitted on label codes (0..k-1, as inside a
    # VotingClassifier) is explained like one fitted on names
    wanted = [str(c) for c in (all_classes if classes is None else classes)]
    unknown = [c for c in wanted if c not in set(map(str, all_classes))]
    if unknown:
        raise ExplainError(f"unknown class(es) {unknown}; the model knows {list(all_classes)}")
    index = {str(c): i for i, c in enumerate(all_classes)}
    X = sparse.csr_matrix(features.transform(list(texts)), dtype=np.float64)
    frames = []
    for doc in range(X.shape[0]):
        row = X.getrow(doc)
        cols, vals = row.indices, row.data
        for cls in wanted:
            weights = coef[index[cls], cols]
            contrib = vals * weights
            order = np.argsort(-np.abs(contrib), kind="stable")
            if top is not None:
                order = order[:top]
            kinds, terms = zip(*(_split_name(n) for n in names[cols[order]])) if len(order) else ((), ())
            frames.append(pd.DataFrame({
                "doc": doc, "class": cls, "feature": list(terms), "kind": list(kinds),
                "value": vals[order], "weight": weights[order], "contribution": contrib[order]}))
    if not frames:
        return pd.DataFrame(columns=list(CONTRIBUTION_COLUMNS))
    table = pd.concat(frames, ignore_index=True)
    table = table.sort_values(["doc", "class", "contribution"], ascending=[True, True, False],
                              kind="stable")
    return table.reset_index(drop=True)[list(CONTRIBUTION_COLUMNS)]


def intercepts(model: Pipeline) -> pd.Series:
    """The intercept of each class's decision (index: class)."""
    _, _, intercept, classes = _parts(model)
    return pd.Series(intercept, index=list(classes), name="intercept")


def top_terms(model: Pipeline, n: int = 20) -> pd.DataFrame:
    """The features with the largest weights toward each class.

    Parameters
    ----------
    model : Pipeline
        Fitted linear pipeline.
    n : int
        Features per class.

    Returns
    -------
    pandas.DataFrame
        Columns ``class``, ``rank`` (1 = strongest), ``feature``, ``kind``, ``weight``; ``n``
        rows per class, by descending weight.
    """
    features, coef, _, classes = _parts(model)
    names = _feature_names(features)
    rows = []
    for k, cls in enumerate(classes):
        order = np.argsort(-coef[k], kind="stable")[:n]
        for rank, j in enumerate(order, start=1):
            kind, term = _split_name(names[j])
            rows.append({"class": str(cls), "rank": rank, "feature": term, "kind": kind,
                         "weight": float(coef[k, j])})
    return pd.DataFrame(rows, columns=["class", "rank", "feature", "kind", "weight"])


def predict_with_explanation(model: Pipeline, texts: Sequence[str], *, top: int = 5,
                             proba: np.ndarray | None = None,
                             classes: Sequence | None = None) -> pd.DataFrame:
    """Predicted label, class probabilities and the terms that pushed toward the prediction.

    Parameters
    ----------
    model : Pipeline
        Fitted linear pipeline with ``predict_proba``.
    texts : sequence of str, length n
    top : int
        Terms listed per text.
    proba : ndarray, shape (n, n_classes), optional
        Probabilities to predict from instead of ``model``'s, in the order of
        ``model.classes_`` — an ensemble's, of which ``model`` is the linear part
        (:func:`framing.classify.ensemble_predict_with_explanation`); the terms and
        ``decision`` stay ``model``'s.
    classes : sequence, optional
        Names shown for ``model.classes_`` (default those; an ensemble's part may know its
        classes only by code).

    Returns
    -------
    pandas.DataFrame
        One row per text: ``doc``, ``predicted``, ``probability`` (of the predicted class),
        ``proba_<class>`` per class, ``decision`` (linear decision value of the predicted
        class), ``top_terms`` (list of ``(feature, contribution)`` toward the predicted class,
        largest first, positive contributions only).
    """
    texts = list(texts)
    proba = model.predict_proba(texts) if proba is None else np.asarray(proba)
    shown = [str(c) for c in (model.classes_ if classes is None else classes)]
    decisions = decision_values(model, texts)
    table = contributions(model, texts)
    rows = []
    for doc in range(len(texts)):
        k = int(np.argmax(proba[doc]))
        own = model.classes_[k]
        mine = table[(table["doc"] == doc) & (table["class"] == str(own))
                     & (table["contribution"] > 0)]
        row = {"doc": doc, "predicted": shown[k], "probability": float(proba[doc, k])}
        row.update({f"proba_{c}": float(proba[doc, i]) for i, c in enumerate(shown)})
        row["decision"] = float(decisions.iloc[doc][own])
        row["top_terms"] = [(f, float(c)) for f, c in
                            zip(mine["feature"].head(top), mine["contribution"].head(top))]
        rows.append(row)
    return pd.DataFrame(rows)
