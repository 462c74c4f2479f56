"""Lexicon hits as features: :class:`LexiconVectorizer`, a scikit-learn transformer.

The slant classifier (:mod:`framing.classify`) puts these columns beside word and character
TF-IDF, so the terms a lexicon knows (``"death tax"`` / ``"estate tax"``) count as one signal each
however they are inflected or hyphenated, and the voice of a hit (the outlet's own words or a
quotation) is kept apart: a reporter quoting "reunification" is not using that frame.

One column per (lexicon, frame, voice): the number of scored hits (``loaded`` hits, see
:mod:`framing.matching`) of that frame in that voice, after ``scale``. The lexicons are read at
``fit`` and kept in the fitted transformer as YAML text, so a saved model keeps matching with the
lexicon version it was trained on even after the shipped file changes.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence

import numpy as np
import yaml
from scipy import sparse
from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.utils.validation import check_is_fitted

from .lexicon import Lexicon, available_lexicons, load_lexicon, parse_lexicon_text
from .matching import Matcher, compile_lexicon, hit_rows_many
from .models import VOICES, Article

__all__ = ["LexiconVectorizer", "SCALES"]

#: How counts become feature values: raw counts, ``log(1 + count)`` (sublinear, like
#: ``TfidfVectorizer(sublinear_tf=True)``), or 1 when the frame occurs at all.
SCALES: tuple[str, ...] = ("count", "log1p", "binary")

# column of a hit row (fields of framing.models.Hit, in order)
_FRAME, _VOICE, _LOADED = 3, 10, 11


class LexiconVectorizer(TransformerMixin, BaseEstimator):
    """Count lexicon hits per frame and voice in each document.

    Parameters
    ----------
    lexicons : sequence of str or None, default None
        Shipped lexicon names or YAML paths (see :func:`framing.lexicon.load_lexicon`);
        ``None``: every shipped lexicon (:func:`framing.lexicon.available_lexicons`).
    voices : sequence of str, default ("authorial", "quoted", "distanced")
        Voices that get their own columns (see :data:`framing.models.VOICES`); hits in other
        voices are not counted.
    scale : {"count", "log1p", "binary"}, default "log1p"
        See :data:`SCALES`.

    Attributes
    ----------
    lexicon_texts_ : tuple of str
        The lexicons as YAML, read at ``fit`` (the fitted transformer matches with these).
    feature_names_out_ : numpy.ndarray of str, shape (n_features_out,)
        ``"<lexicon>:<frame>:<voice>"`` per column.
    n_features_in_ : int
        Number of text columns seen at ``fit`` (1 for a 1-D sequence of documents).

    Notes
    -----
    Input ``X`` is a 1-D sequence of documents (str), or a 2-D array-like of shape
    ``(n_samples, n_columns)`` whose cells are turned into text and joined with a blank line
    (e.g. title and body columns). ``transform`` returns a CSR matrix of shape
    ``(n_samples, n_features_out)``, float64.

    Examples
    --------
    >>> vec = LexiconVectorizer(lexicons=["us-politics"], voices=["authorial"], scale="count")
    >>> vec.fit_transform(["The death tax is back."]).toarray()  # doctest: +SKIP
    array([[1., 0.]])
    """

    def __init__(self, *, lexicons: Sequence[str] | None = None,
                 voices: Sequence[str] = VOICES, scale: str = "log1p") -> None:
        self.lexicons = lexicons
        self.voices = voices
        self.scale = scale

    def fit(self, X, y=None) -> "LexiconVectorizer":
        """Read the lexicons and fix the columns.

        Parameters
        ----------
        X : sequence of str, shape (n_samples,), or array-like, shape (n_samples, n_columns)
        y : ignored

        Returns
        -------
        self

        Raises
        ------
        ValueError
            ``X`` is empty, holds NaN or infinity, or is 1-D but not text; ``scale`` or a
            voice is unknown.
        TypeError
            ``X`` is a sparse matrix.
        framing.errors.LexiconError
            A lexicon is missing or invalid.
        """
        self._check_params()
        documents, n_columns = _documents(X)
        del documents
        names = list(available_lexicons()) if self.lexicons is None else list(self.lexicons)
        loaded = [load_lexicon(name) for name in names]
        self.lexicon_texts_ = tuple(
            yaml.safe_dump(lex.to_dict(), sort_keys=False, allow_unicode=True) for lex in loaded)
        self.feature_names_out_ = np.asarray(
            [f"{lex.name}:{frame}:{voice}" for lex in loaded for frame in lex.frame_names
             for voice in self.voices], dtype=object)
        self.n_features_in_ = n_columns
        return self

    def transform(self, X) -> sparse.csr_matrix:
        """Count the hits.

        Parameters
        ----------
        X : sequence of str, shape (n_samples,), or array-like, shape (n_samples, n_columns)
            With as many columns as at ``fit``.

        Returns
        -------
        scipy.sparse.csr_matrix, shape (n_samples, n_features_out)
            Scaled hit counts (see :data:`SCALES`).

        Raises
        ------
        ValueError
            ``X`` has another number of columns than at ``fit``, or is invalid as in ``fit``.
        """
        check_is_fitted(self, "lexicon_texts_")
        documents, n_columns = _documents(X)
        if n_columns != self.n_features_in_:
            raise ValueError(f"X has {n_columns} features, but LexiconVectorizer is expecting "
                             f"{self.n_features_in_} features as input; pass the same text "
                             "columns as at fit")
        matchers = tuple(_matcher(text) for text in self.lexicon_texts_)
        column = {name: i for i, name in enumerate(self.feature_names_out_)}
        voices = set(self.voices)
        rows: list[int] = []
        cols: list[int] = []
        for i, document in enumerate(documents):
            article = Article(id="", text=document)
            for matcher, hits in zip(matchers, hit_rows_many(article, matchers)):
                name = matcher.lexicon.name
                for hit in hits:
                    if hit[_LOADED] and hit[_VOICE] in voices:
                        rows.append(i)
                        cols.append(column[f"{name}:{hit[_FRAME]}:{hit[_VOICE]}"])
        counts = sparse.csr_matrix(
            (np.ones(len(rows)), (np.asarray(rows, dtype=np.int64), np.asarray(cols, dtype=np.int64))),
            shape=(len(documents), len(self.feature_names_out_)), dtype=np.float64)
        counts.sum_duplicates()
        if self.scale == "log1p":
            counts.data = np.log1p(counts.data)
        elif self.scale == "binary":
            counts.data = np.ones_like(counts.data)
        return counts

    def get_feature_names_out(self, input_features=None) -> np.ndarray:
        """``"<lexicon>:<frame>:<voice>"`` per output column (``input_features`` is ignored)."""
        check_is_fitted(self, "feature_names_out_")
        return self.feature_names_out_.copy()

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.string = True
        tags.input_tags.sparse = False
        return tags

    def _check_params(self) -> None:
        if self.scale not in SCALES:
            raise ValueError(f"scale={self.scale!r} is not one of {', '.join(SCALES)}")
        unknown = [v for v in self.voices if v not in VOICES]
        if unknown or not len(self.voices):
            raise ValueError(f"voices={tuple(self.voices)!r}: give one or more of "
                             f"{', '.join(VOICES)}")
        if isinstance(self.lexicons, str):
            raise ValueError(f"lexicons={self.lexicons!r} is one string; pass a list of names, "
                             f"e.g. lexicons=[{self.lexicons!r}]")


@functools.lru_cache(maxsize=16)
def _matcher(lexicon_text: str) -> Matcher:
    """The compiled matcher of a lexicon's YAML (cached: compiling costs more than a batch)."""
    lexicon: Lexicon = parse_lexicon_text(lexicon_text, source="<lexicon kept in a model>")
    return compile_lexicon(lexicon)


def _documents(X) -> tuple[list[str], int]:
    """The documents of ``X`` and its number of text columns (see the class Notes)."""
    if sparse.issparse(X):
        raise TypeError("LexiconVectorizer takes text, not a sparse matrix; pass the documents "
                        "as a list of str")
    if isinstance(X, str):
        raise ValueError("X is one string; pass a list of documents, e.g. [text]")
    if hasattr(X, "iloc") and getattr(X, "ndim", 2) == 1:  # pandas Series of documents
        X = X.tolist()
    array = np.asarray(X, dtype=object) if not hasattr(X, "to_numpy") else X.to_numpy(dtype=object)
    if array.ndim == 1:
        if array.size and not all(isinstance(cell, str) for cell in array):
            raise ValueError("1-D input must be a sequence of documents (str); got "
                             f"{type(next(c for c in array if not isinstance(c, str))).__name__}; "
                             "Reshape your data with X.reshape(-1, 1) if it is one feature column")
        array = array.reshape(-1, 1)
    if array.ndim != 2:
        raise ValueError(f"expected a 1-D sequence of documents or a 2-D array, got "
                         f"{array.ndim} dimensions")
    n_samples, n_columns = array.shape
    if n_samples == 0 or n_columns == 0:
        raise ValueError(f"Found array with {n_samples} sample(s) and {n_columns} feature(s) "
                         "(shape=%s) while a minimum of 1 is required." % (array.shape,))
    documents = []
    for row in array:
        cells = []
        for cell in row:
            if cell is None or (isinstance(cell, float) and not math.isfinite(cell)) or (
                    isinstance(cell, np.floating) and not np.isfinite(cell)):
                raise ValueError("Input X contains NaN, infinity or None; fill missing texts "
                                 "with '' first")
            if isinstance(cell, (complex, np.complexfloating)):
                raise ValueError("Complex data not supported; pass text or real numbers")
            if isinstance(cell, (dict, list, set, tuple)):
                raise TypeError(f"argument must be a string or a number, not "
                                f"{type(cell).__name__!r}")
            cells.append(cell if isinstance(cell, str) else str(cell))
        documents.append("\n\n".join(cells))
    return documents, n_columns
