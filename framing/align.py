"""Align the sentences of two articles on one event: what both reported, what only one did.

:func:`align` splits both documents into sentences (:func:`framing.text.sentence_spans`, the
sentence numbering lexicon hits use), compares every sentence of A with every sentence of B and
pairs those that report the same content:

1. **Similarity**: cosine of TF-IDF vectors over content words (lower case, without
   :data:`framing.tokens.STOP_WORDS` and scikit-learn's ``ENGLISH_STOP_WORDS``, Snowball stems,
   so "annexed" meets "annexation"'s neighbour "annex" but not a different word); the idf is
   learnt from the sentences of the two articles, so words both articles repeat everywhere
   weigh less. Same features as :func:`framing.events.article_features`' content block.
2. **Assignment**: a one-to-one assignment maximising the summed similarity (the Hungarian
   method, Kuhn 1955, *Naval Research Logistics Quarterly* 2; ``scipy.optimize.
   linear_sum_assignment``); assigned pairs at or above ``threshold`` are ``shared``. With
   ``many=True`` (default) a sentence left over on either side then joins the sentence of the
   other side it is most similar to, when that similarity reaches ``threshold`` too: one long
   sentence often carries what the other outlet says in two.
3. **Labels**: every sentence not in a pair is ``only A`` or ``only B``.

For each shared pair the table lists the words that differ (tokens of :func:`framing.tokens.
tokenize`, function words left out) and, given a matcher, the lexicon hits in either sentence —
where "annexation" meets "reunification".

The default :data:`DEFAULT_THRESHOLD` was set from a null distribution: Fox News articles of
BASIL aligned one-to-one with the New York Times article of a *different* triplet, whose
sentences cannot report the same content. 0.25 is the lowest of 0.15, 0.20, … 0.40 at which at
most 2 % of the Fox sentences find such a partner (1.9 %; on the same triplet 22.9 % do);
``benchmarks/events.py`` prints the sweep.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from .errors import FramingError
from .models import Article
from .text import sentence_spans
from .tokens import STOP_WORDS, tokenize

if TYPE_CHECKING:
    from .matching import Matcher

__all__ = ["ALIGN_COLUMNS", "DEFAULT_THRESHOLD", "STATUSES", "Alignment", "AlignError",
           "align", "sentences"]

#: Cosine similarity (0-1) at which two sentences count as reporting the same content.
DEFAULT_THRESHOLD = 0.25
#: The three labels of a sentence.
STATUSES: tuple[str, ...] = ("shared", "only A", "only B")
#: Columns of :attr:`Alignment.table`, in order.
ALIGN_COLUMNS = ("status", "sentence_a", "sentence_b", "similarity", "text_a", "text_b",
                 "words_a", "words_b", "hits_a", "hits_b")


class AlignError(FramingError):
    """Two articles cannot be aligned as asked (bad threshold)."""


@dataclass(frozen=True, slots=True)
class Alignment:
    """The sentence alignment of two articles.

    Attributes
    ----------
    a, b : Article
        The two articles (A and B).
    sentences_a, sentences_b : tuple of str
        Their sentences, numbered as lexicon hits number them (0-based, in
        :attr:`Article.document`).
    table : pandas.DataFrame
        One row per shared pair and per unpaired sentence, in reading order: A's order, each
        sentence found only in B placed after the pair holding the B sentence before it (before
        the first pair if none does; after all of A when nothing is paired).
        Columns :data:`ALIGN_COLUMNS`: ``status`` (``"shared"``, ``"only A"``, ``"only B"``),
        ``sentence_a``, ``sentence_b`` (nullable Int64 sentence numbers), ``similarity``
        (cosine 0-1, NaN for unpaired rows), ``text_a``, ``text_b`` (``""`` when absent),
        ``words_a``, ``words_b`` (tuples: in a shared pair, the words of one sentence that the
        other lacks, function words left out; in an unpaired row, empty), ``hits_a``,
        ``hits_b`` (tuples of ``"text [frame]"`` lexicon hits in the sentence; empty without a
        matcher).
    hits : pandas.DataFrame or None
        The lexicon hits of both articles (:func:`framing.matching.hits_table`), when a
        matcher was given.
    settings : dict
        ``threshold`` and ``many``.
    """

    a: Article
    b: Article
    sentences_a: tuple[str, ...]
    sentences_b: tuple[str, ...]
    table: pd.DataFrame
    hits: pd.DataFrame | None = None
    settings: dict[str, Any] = field(default_factory=dict)

    def status_a(self) -> list[str]:
        """The label of each sentence of A (``"shared"`` or ``"only A"``), in order."""
        return self._status(self.sentences_a, "sentence_a", "only A")

    def status_b(self) -> list[str]:
        """The label of each sentence of B (``"shared"`` or ``"only B"``), in order."""
        return self._status(self.sentences_b, "sentence_b", "only B")

    def _status(self, sents: tuple[str, ...], column: str, alone: str) -> list[str]:
        shared = set(self.table.loc[self.table["status"] == "shared", column].astype(int))
        return ["shared" if k in shared else alone for k in range(len(sents))]

    def counts(self) -> dict[str, int]:
        """How many sentences fall in each label, and how many pairs were made.

        Returns
        -------
        dict
            ``shared_a`` and ``shared_b`` (sentences of A / of B in a shared pair; they differ
            when one sentence pairs with two), ``only_a``, ``only_b`` (sentences), ``pairs``
            (shared rows).
        """
        status_a, status_b = self.status_a(), self.status_b()
        return {"shared_a": status_a.count("shared"), "shared_b": status_b.count("shared"),
                "only_a": status_a.count("only A"), "only_b": status_b.count("only B"),
                "pairs": int((self.table["status"] == "shared").sum())}


def sentences(article: Article) -> tuple[str, ...]:
    """The sentences of an article's document, numbered as lexicon hits number them.

    Returns
    -------
    tuple of str
        ``document[start:end]`` for each span of :func:`framing.text.sentence_spans`.
    """
    document = article.document
    return tuple(document[s:e] for s, e in sentence_spans(document))


def _similarity(left: Sequence[str], right: Sequence[str]) -> np.ndarray:
    """Cosine similarity of the content-word TF-IDF vectors, shape (len(left), len(right))."""
    from .events import _content_words, _tfidf  # noqa: PLC0415 - events imports this module

    if not left or not right:
        return np.zeros((len(left), len(right)))
    matrix = _tfidf([_content_words(s) for s in (*left, *right)], stem=True)
    return (matrix[:len(left)] @ matrix[len(left):].T).toarray().astype(np.float64)


def _pairs(sim: np.ndarray, threshold: float, many: bool) -> list[tuple[int, int]]:
    from scipy.optimize import linear_sum_assignment  # noqa: PLC0415

    if sim.size == 0:
        return []
    rows, cols = linear_sum_assignment(sim, maximize=True)
    pairs = [(int(i), int(j)) for i, j in zip(rows, cols) if sim[i, j] >= threshold]
    if many:
        used_a = {i for i, _ in pairs}
        used_b = {j for _, j in pairs}
        extra = []
        for i in range(sim.shape[0]):
            j = int(np.argmax(sim[i]))
            if i not in used_a and sim[i, j] >= threshold:
                extra.append((i, j))
        for j in range(sim.shape[1]):
            i = int(np.argmax(sim[:, j]))
            if j not in used_b and sim[i, j] >= threshold:
                extra.append((i, j))
        pairs.extend(extra)
    return sorted(set(pairs))


def _differing(left: str, right: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Words of each sentence missing from the other (first occurrence order, no stop words)."""
    words_l, words_r = tokenize(left), tokenize(right)
    set_l, set_r = set(words_l), set(words_r)

    def only(words: list[str], other: set[str]) -> tuple[str, ...]:
        return tuple(dict.fromkeys(w for w in words if w not in other and w not in STOP_WORDS))

    return only(words_l, set_r), only(words_r, set_l)


def align(a: Article, b: Article, *, threshold: float = DEFAULT_THRESHOLD, many: bool = True,
          matcher: "Matcher | None" = None) -> Alignment:
    """Pair the sentences of two articles that report the same content.

    Parameters
    ----------
    a, b : Article
        The two articles (ideally of one event, see :func:`framing.events.group`).
    threshold : float, default :data:`DEFAULT_THRESHOLD`
        Cosine similarity (0-1] two sentences need to be paired.
    many : bool, default True
        Let a sentence left over by the one-to-one assignment join its most similar sentence
        on the other side (one-to-many); ``False`` keeps the assignment strictly one-to-one.
    matcher : framing.matching.Matcher, optional
        A compiled lexicon; its hits are listed per sentence.

    Returns
    -------
    Alignment
        See :class:`Alignment`; the method is in the module docstring.

    Raises
    ------
    AlignError
        ``threshold`` outside (0, 1].

    Examples
    --------
    >>> result = align(fox_article, nyt_article)  # doctest: +SKIP
    >>> result.counts()  # doctest: +SKIP
    {'shared_a': 12, 'shared_b': 13, 'only_a': 9, 'only_b': 20, 'pairs': 14}
    """
    if not 0.0 < threshold <= 1.0:
        raise AlignError(f"threshold must be a cosine similarity in (0, 1]; got {threshold}. "
                         f"The default is {DEFAULT_THRESHOLD}")
    sents_a, sents_b = sentences(a), sentences(b)
    sim = _similarity(sents_a, sents_b)
    pairs = _pairs(sim, threshold, many)
    hits = None
    marks: dict[tuple[str, int], tuple[str, ...]] = {}
    if matcher is not None:
        from .matching import hits_table  # noqa: PLC0415 - matching loads the lexicon module

        hits = hits_table([a, b] if a.id != b.id else [a], matcher)
        for (article_id, sentence), rows in hits.groupby(["article_id", "sentence"], sort=False):
            marks[(article_id, int(sentence))] = tuple(
                f"{t} [{f}]" for t, f in zip(rows["text"], rows["frame"]))
    rows = []
    paired_a = {i for i, _ in pairs}
    paired_b = {j for _, j in pairs}
    a_of_b: dict[int, int] = {}
    for i, j in pairs:
        a_of_b.setdefault(j, i)
        words_a, words_b = _differing(sents_a[i], sents_b[j])
        rows.append(((i, 0, j), "shared", i, j, float(sim[i, j]), sents_a[i], sents_b[j],
                     words_a, words_b, marks.get((a.id, i), ()), marks.get((b.id, j), ())))
    for i in range(len(sents_a)):
        if i not in paired_a:
            rows.append(((i, 0, -1), "only A", i, None, np.nan, sents_a[i], "", (), (),
                         marks.get((a.id, i), ()), ()))
    # An unpaired B sentence goes after the pair holding the paired B sentence before it; before
    # the first pair when none precedes it; after all of A when nothing is paired.
    following = sorted(a_of_b)
    anchor: tuple[int, int] | None = None
    for j in range(len(sents_b)):
        if j in paired_b:
            anchor = (a_of_b[j], 1)
            continue
        if anchor is None:
            anchor = (a_of_b[following[0]], -1) if following else (len(sents_a), 1)
        rows.append(((*anchor, j), "only B", None, j, np.nan, "", sents_b[j], (), (), (),
                     marks.get((b.id, j), ())))
    rows.sort(key=lambda r: r[0])
    table = pd.DataFrame([r[1:] for r in rows], columns=list(ALIGN_COLUMNS))
    table = table.astype({"sentence_a": "Int64", "sentence_b": "Int64", "similarity": "float64"})
    return Alignment(a=a, b=b, sentences_a=sents_a, sentences_b=sents_b, table=table, hits=hits,
                     settings={"threshold": threshold, "many": many})
