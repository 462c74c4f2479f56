"""The loaded-word model: marks words that make a sentence biased, in context (trained on BABE).

BABE (Spinde et al., Findings of EMNLP 2021) gives, for each biased sentence, the words the
expert annotators marked as biased (``biased_words``). :class:`LoadedWordModel` learns to mark
such words from the word and its context, so the dashboard can highlight loaded words that no
lexicon lists. It is a token classifier: one logistic regression over sparse features of each
token —

* the word (lower case), its Snowball stem, its last three letters, its shape (capitalised,
  all capitals), whether it is a function word (:data:`framing.tokens.STOP_WORDS`);
* the words one and two positions before and after it;
* whether it is in a word list given at ``fit`` (e.g. BABE's ``bias_word_lexicon.txt``,
  Spinde et al. 2021, IP&M 58:102505), and the category of any hit of the shipped
  ``loaded-language`` lexicon that covers it.

The decision threshold is chosen at ``fit`` on 3-fold cross-validated probabilities of the
training sentences only (the one that maximises token F1), never on held-out data.
"""

from __future__ import annotations

import functools
import numbers
import re
from collections.abc import Iterable, Sequence

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator
from sklearn.feature_extraction import DictVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import precision_recall_curve
from sklearn.model_selection import KFold
from sklearn.utils.validation import check_is_fitted

from .errors import FramingError
from .lexicon_features import _matcher
from .models import Article
from .matching import hit_rows_many
from .tokens import STOP_WORDS, tokenize

__all__ = ["LoadedWordModel", "WORD_PATTERN", "annotated_words", "loaded_word_spans",
           "marked_words", "word_spans"]

#: A word: letters with inner apostrophes or hyphens ("anti-police", "don't"); digits are not
#: words here.
WORD_PATTERN = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")


def annotated_words(articles: Iterable[Article]) -> list[list[str]]:
    """Per article, the words its annotators marked as biased (its ``biased_word`` labels, as
    :func:`framing.datasets.load_dataset` reads BABE): the ``biased_words`` argument of
    :meth:`LoadedWordModel.fit`."""
    return [[v for k, v in article.labels if k == "biased_word"] for article in articles]


def word_spans(text: str) -> list[tuple[int, int, str]]:
    """``(start, end, word)`` of every word of ``text`` (character offsets, :data:`WORD_PATTERN`)."""
    return [(m.start(), m.end(), m.group()) for m in WORD_PATTERN.finditer(text)]


class LoadedWordModel(BaseEstimator):
    """Token classifier for loaded words.

    Parameters
    ----------
    C : float, default 1.0
        Inverse regularisation strength of the logistic regression.
    lexicon : str or None, default "loaded-language"
        A shipped lexicon name or YAML path whose hits become features; ``None`` for none.
    random_state : int, default 0

    Attributes
    ----------
    vectorizer_ : sklearn.feature_extraction.DictVectorizer
    classifier_ : sklearn.linear_model.LogisticRegression
    word_list_ : tuple of str
        The extra word list given to ``fit`` (lower case, sorted).
    lexicon_text_ : str
        The lexicon as YAML ("" when none).
    threshold_ : float
        Probability at or above which a word is marked.
    """

    def __init__(self, *, C: float = 1.0, lexicon: str | None = "loaded-language",
                 random_state: int = 0) -> None:
        self.C = C
        self.lexicon = lexicon
        self.random_state = random_state

    # -- features --------------------------------------------------------------------------

    def _features(self, text: str) -> tuple[list[tuple[int, int, str]], list[dict]]:
        spans = word_spans(text)
        words = [w.lower() for _, _, w in spans]
        categories = self._lexicon_categories(text, spans)
        listed = set(self.word_list_)
        rows = []
        for i, (start, end, raw) in enumerate(spans):
            w = words[i]
            row = {"w=" + w: 1.0, "stem=" + _stem(w): 1.0, "suf3=" + w[-3:]: 1.0, "bias": 1.0}
            if raw[:1].isupper():
                row["title"] = 1.0
            if raw.isupper() and len(raw) > 1:
                row["upper"] = 1.0
            if w in STOP_WORDS:
                row["stop"] = 1.0
            if "-" in w:
                row["hyphen"] = 1.0
            if w in listed:
                row["listed"] = 1.0
            for category in categories[i]:
                row["lex=" + category] = 1.0
            for offset in (-2, -1, 1, 2):
                j = i + offset
                row[f"w{offset:+d}=" + (words[j] if 0 <= j < len(words) else "<edge>")] = 1.0
            rows.append(row)
        return spans, rows

    def _lexicon_categories(self, text: str, spans: list[tuple[int, int, str]]) -> list[list[str]]:
        out: list[list[str]] = [[] for _ in spans]
        if not self.lexicon_text_:
            return out
        matcher = _matcher(self.lexicon_text_)
        starts = [s for s, _, _ in spans]
        for hit in hit_rows_many(Article(id="", text=text), (matcher,))[0]:
            start, end, frame = hit[5], hit[6], hit[3]
            for i, s in enumerate(starts):
                if start <= s < end:
                    out[i].append(frame)
        return out

    # -- fit / predict ---------------------------------------------------------------------

    def fit(self, sentences: Sequence[str], biased_words: Sequence[Iterable[str]],
            word_list: Iterable[str] = ()) -> "LoadedWordModel":
        """Learn from sentences and the words marked as biased in each.

        Parameters
        ----------
        sentences : sequence of str, length n
        biased_words : sequence of iterable of str, length n
            The marked words of each sentence (any case); every occurrence of a marked word in
            its sentence is a positive token, every other word a negative one.
        word_list : iterable of str
            Extra list of loaded words (a feature, not a label).

        Returns
        -------
        self

        Raises
        ------
        FramingError
            Lengths differ, or no word is marked at all.
        """
        import yaml  # noqa: PLC0415

        from .lexicon import load_lexicon  # noqa: PLC0415

        sentences = list(sentences)
        biased_words = [list(ws) for ws in biased_words]
        if len(sentences) != len(biased_words):
            raise FramingError(f"{len(sentences)} sentences but {len(biased_words)} word lists; "
                               "give one list (maybe empty) per sentence")
        self.word_list_ = tuple(sorted({w.strip().lower() for w in word_list if w.strip()}))
        self.lexicon_text_ = "" if self.lexicon is None else yaml.safe_dump(
            load_lexicon(self.lexicon).to_dict(), sort_keys=False, allow_unicode=True)
        rows, labels, groups = [], [], []
        for k, (sentence, marked) in enumerate(zip(sentences, biased_words)):
            wanted = {w.lower() for w in marked}
            spans, features = self._features(sentence)
            rows.extend(features)
            labels.extend(int(w.lower() in wanted) for _, _, w in spans)
            groups.extend([k] * len(spans))
        y = np.asarray(labels)
        if not y.any():
            raise FramingError("no word of any sentence is marked as biased; nothing to learn")
        self.vectorizer_ = DictVectorizer()
        X = self.vectorizer_.fit_transform(rows)
        self.threshold_ = self._cv_threshold(X, y, np.asarray(groups))
        self.classifier_ = self._classifier().fit(X, y)
        return self

    def _classifier(self) -> LogisticRegression:
        return LogisticRegression(C=self.C, max_iter=2000, random_state=self.random_state)

    def _cv_threshold(self, X, y: np.ndarray, groups: np.ndarray) -> float:
        """Threshold maximising token F1 on 3-fold (by sentence) out-of-fold probabilities."""
        sentence_ids = np.unique(groups)
        proba = np.zeros(len(y))
        folds = KFold(n_splits=3, shuffle=True, random_state=self.random_state)
        for train_s, test_s in folds.split(sentence_ids):
            train_mask = np.isin(groups, sentence_ids[train_s])
            if not y[train_mask].any():
                proba[~train_mask] = 0.0
                continue
            model = self._classifier().fit(X[train_mask], y[train_mask])
            proba[~train_mask] = model.predict_proba(X[~train_mask])[:, 1]
        precision, recall, thresholds = precision_recall_curve(y, proba)
        f1 = np.divide(2 * precision * recall, precision + recall,
                       out=np.zeros_like(precision), where=(precision + recall) > 0)
        best = int(np.argmax(f1[:-1])) if len(thresholds) else 0
        return float(thresholds[best]) if len(thresholds) else 0.5

    def word_probabilities(self, text: str) -> list[tuple[int, int, str, float]]:
        """Every word of ``text`` with its probability of being loaded.

        Returns
        -------
        list of (int, int, str, float)
            ``(start, end, word, probability)``; offsets in characters of ``text``.
        """
        check_is_fitted(self, "classifier_")
        spans, rows = self._features(text)
        if not spans:
            return []
        proba = self.classifier_.predict_proba(self.vectorizer_.transform(rows))[:, 1]
        return [(s, e, w, float(p)) for (s, e, w), p in zip(spans, proba)]

    def predict_marked(self, sentences: Sequence[str]) -> list[list[bool]]:
        """Per sentence, per word (:func:`word_spans` order): marked as loaded or not."""
        return [[p >= self.threshold_ for *_, p in self.word_probabilities(s)] for s in sentences]


def loaded_word_spans(text: str, model: LoadedWordModel, *,
                      threshold: float | None = None) -> list[tuple[int, int, str, float]]:
    """The loaded words the word model marks in ``text``.

    Parameters
    ----------
    text : str
        A sentence or a whole article (words are classified in their context of two words on
        each side).
    model : LoadedWordModel
        Fitted (e.g. loaded with :func:`framing.modelfile.load_model`, kind ``"babe-words"``).
    threshold : float, optional
        Mark words with at least this probability; default the model's ``threshold_``.

    Returns
    -------
    list of (int, int, str, float)
        ``(start, end, word, probability)`` of each marked word, in text order; ``start`` and
        ``end`` are character offsets into ``text``, so ``text[start:end] == word``.
    """
    cut = model.threshold_ if threshold is None else float(threshold)
    return [span for span in model.word_probabilities(text) if span[3] >= cut]


#: Defaults of :func:`marked_words`: a word is loaded language in a corpus when the model marks
#: it at least twice and in at least half of its uses there, and it is not a name.
MIN_MARKED = 2
MIN_SHARE = 0.5
#: A word written with a capital first letter in at least this share of its uses in the texts
#: is a name ("Bash" of Dana Bash, "Trump"), not loaded language — the threshold of
#: :meth:`framing.contrast.ContrastResult.top`'s ``exclude_names``, which counts article bodies
#: only; here the texts given are counted as they are (a word used mostly in title-case
#: headlines can pass for a name: give bodies to avoid that).
NAME_SHARE = 0.9


def _is_number(value) -> bool:
    """A real number, not a bool (True is not a share or a probability)."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool)


def marked_words(texts: Iterable[str], model: LoadedWordModel, *, min_marked: int = MIN_MARKED,
                 min_share: float = MIN_SHARE, threshold: float | None = None,
                 progress=None) -> pd.DataFrame:
    """The words that the word model marks as loaded in most of their uses in ``texts``.

    A vocabulary of the loaded language of a corpus, for restricting a contrast to it
    (:meth:`framing.contrast.ContrastResult.holding`): the contrast then lists the loaded
    words that distinguish two groups instead of every word. The model judges each use in its
    context (two words on each side), so a word that is loaded in some contexts only ("war",
    "claim") qualifies where most of its uses are marked; counting a majority of uses, not any
    one, keeps out a word the model marks once by chance. Names are left out (capitalised in
    at least :data:`NAME_SHARE` of their uses). The model's own errors remain: its token F1
    on held-out BABE sentences is about 0.44 (README), so some listed words are topical
    ("plant" in "nuclear plant" was marked on RUWA): read the list as candidates.

    Cost: the model classifies every word of every text — some 35,000 words a second on this
    project's machine (6,540 AllSides articles took 3 min 20 s, 200 BASIL articles 3 s).

    Parameters
    ----------
    texts : iterable of str
        The documents (e.g. :attr:`framing.models.Article.document` of both groups); not one
        str.
    model : LoadedWordModel
        Fitted (``framing train --task babe-words``; BABE's annotations, Spinde et al. 2021).
    min_marked : int
        Keep a word marked at least this many times (default :data:`MIN_MARKED`).
    min_share : float
        … in at least this share of its uses, 0 < share ≤ 1 (default :data:`MIN_SHARE`).
    threshold : float, optional
        Probability (0 to 1) from which a use is marked; default the model's ``threshold_``
        (chosen at ``fit`` on cross-validated training folds).
    progress : callable, optional
        Called with ``(done, total)`` after each text when ``texts`` has a length.

    Returns
    -------
    DataFrame
        One row per kept word: ``word`` (normalised and tokenised as contrast terms are: lower
        case, accents and quotation marks folded, :func:`framing.tokens.tokenize`), ``marked``
        (uses marked), ``uses`` (all uses) and ``share`` (``marked / uses``); most marked
        first, then by word.

    Raises
    ------
    FramingError
        ``texts`` is one str or holds something else than str; ``model`` is not a fitted
        :class:`LoadedWordModel`; ``min_marked`` is not a whole number ≥ 1, ``min_share`` not
        in (0, 1] or ``threshold`` not in [0, 1].
    """
    if isinstance(texts, (str, bytes)):
        raise FramingError("texts: expected several documents (a list of str), got one "
                           f"{type(texts).__name__}; pass [text] for a single document")
    if not isinstance(model, LoadedWordModel) or not hasattr(model, "classifier_"):
        raise FramingError(f"model: expected a fitted LoadedWordModel, got "
                           f"{type(model).__name__}; load one with framing.modelfile.load_model"
                           "(path, kind='babe-words') or fit it first")
    if isinstance(min_marked, bool) or not isinstance(min_marked, int) or min_marked < 1:
        raise FramingError(f"min_marked={min_marked!r}: expected a whole number of at least 1")
    if not _is_number(min_share) or not 0.0 < min_share <= 1.0:
        raise FramingError(f"min_share={min_share!r}: expected a share in (0, 1], e.g. 0.5")
    if threshold is not None and not _is_number(threshold):
        raise FramingError(f"threshold={threshold!r}: expected a probability between 0 and 1, or "
                           "None for the model's own")
    cut = model.threshold_ if threshold is None else float(threshold)
    if not 0.0 <= cut <= 1.0:  # also refuses NaN
        raise FramingError(f"threshold={threshold!r}: expected a probability between 0 and 1, or "
                           "None for the model's own")
    total = len(texts) if hasattr(texts, "__len__") else None
    marked: dict[str, int] = {}
    uses: dict[str, int] = {}
    capital: dict[str, int] = {}
    keys: dict[str, str] = {}  # surface form -> normalised word ("" when it is not one token)
    for done, text in enumerate(texts, 1):
        if not isinstance(text, str):
            raise FramingError(f"texts: document {done} is a {type(text).__name__}, not a str")
        for _, _, word, p in model.word_probabilities(text):
            key = keys.get(word)
            if key is None:
                tokens = tokenize(word)
                key = keys[word] = tokens[0] if len(tokens) == 1 else ""
            if not key:
                continue
            uses[key] = uses.get(key, 0) + 1
            if word[0].isupper():
                capital[key] = capital.get(key, 0) + 1
            if p >= cut:
                marked[key] = marked.get(key, 0) + 1
        if progress is not None and total:
            progress(done, total)
    rows = [(w, n, uses[w], n / uses[w]) for w, n in marked.items()
            if n >= min_marked and n / uses[w] >= min_share
            and capital.get(w, 0) < NAME_SHARE * uses[w]]
    table = pd.DataFrame(rows, columns=["word", "marked", "uses", "share"])
    return table.sort_values(["marked", "word"], ascending=[False, True],
                             kind="mergesort").reset_index(drop=True)


@functools.lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer  # noqa: PLC0415 - needs no NLTK data

    return SnowballStemmer("english")


@functools.lru_cache(maxsize=200_000)
def _stem(word: str) -> str:
    """Snowball (Porter 2) stem of a lower-case word, cached (news text repeats its words)."""
    return _stemmer().stem(word)
