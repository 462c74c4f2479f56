"""Group articles into events: the same happening covered by several outlets.

Comparing two outlets' wording only makes sense on the same event, and most users' files do not
say which articles belong together. :func:`group` finds out from the text and the dates alone
(labels such as BASIL's triplet id are never read):

1. **Features.** Each article becomes a TF-IDF vector (Salton & Buckley 1988, *Information
   Processing & Management* 24(5); scikit-learn's ``TfidfTransformer`` with
   ``sublinear_tf=True``, smoothed idf, L2 norm) made of up to three blocks, each of unit
   length, weighted by :data:`CONTENT_WEIGHT`, :data:`LEAD_WEIGHT` and :data:`NAME_WEIGHT`
   and joined into one unit-length row:

   * *content words* of the document (title and body): lower-cased words of two letters or
     more, without :data:`framing.tokens.STOP_WORDS` or scikit-learn's ``ENGLISH_STOP_WORDS``;
   * the same words in the *lead* only (the title and the first :data:`LEAD_CHARS` characters
     of the body): news writing puts what happened, who and where first (the inverted
     pyramid), while later paragraphs drift into background that neighbouring stories share;
   * *names*: capitalised word sequences ("Michael Steele", "Supreme Court", "Pyongyang" in
     mid-sentence) as whole features, a cheap stand-in for named entities. Off by default:
     on the tuning data below they did not improve the grouping.

   Snowball stemming (used for sentences in :mod:`framing.align`) made no difference to the
   grouping on the tuning data, so whole articles are not stemmed. The idf is learnt from the
   articles being grouped, so "Trump" weighs little in a corpus about Trump.
2. **Candidate pairs.** Cosine similarity of every pair of articles whose dates are at most
   ``window_days`` apart (articles without a date are compared with every article), computed as
   sparse matrix products over blocks of rows sorted by date, so memory stays bounded by
   :data:`BLOCK_BUDGET` similarity entries whatever the corpus size. Pairs below ``threshold``
   are dropped at once.
3. **Linkage.** Average linkage (UPGMA; Sokal & Michener 1958) cut at ``threshold``: two groups
   merge only while the *mean* similarity of all their cross pairs is at least ``threshold``,
   with pairs outside the date window counted as similarity 0. Unlike single linkage
   (connected components of the pair graph) one strong link cannot chain two stories into
   one. Two groups in different connected components of the pair graph have every cross pair
   below the threshold, so average linkage never joins them: linkage runs exactly, per
   component (``scipy.cluster.hierarchy.linkage``), which keeps it fast. A component larger
   than ``max_component`` articles (quadratic to link) is first cut into the components of its
   pairs at a stricter threshold (raised by 0.05 at a time); those parts are never re-joined,
   an approximation that only applies to such giant components.

Dates: an article's own date, else a date written in its URL (:func:`url_date`), else none.

The default threshold and feature weights were chosen on a tuning set — NewsWCL50 (10 events)
and the BASIL triplets of even rank when sorted by triplet id (50 events) — by the mean adjusted
Rand index of the two, over thresholds 0.12-0.32 and a few weight settings; the BASIL triplets
of odd rank were held out and ``benchmarks/events.py`` reports them separately. The date window
(:data:`DEFAULT_WINDOW_DAYS`, a week) was not tuned: BASIL's triplets span at most 4 days.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd
import scipy.sparse as sp

from .align import Alignment, align
from .errors import FramingError
from .models import Article
from .store import event_id
from .tokens import STOP_WORDS

__all__ = [
    "DEFAULT_THRESHOLD",
    "DEFAULT_WINDOW_DAYS",
    "Alignment",
    "EventError",
    "Grouping",
    "align",
    "article_features",
    "group",
    "url_date",
]

#: Default cut of the average linkage, in cosine similarity (0-1). See the module docstring and
#: ``benchmarks/events.py`` for how it was chosen.
DEFAULT_THRESHOLD = 0.18
#: Default date window in days: articles dated further apart are not compared (similarity 0).
DEFAULT_WINDOW_DAYS = 7
#: Relative weights of the feature blocks (content words of the whole document, of its lead,
#: names); each block has unit length before weighting and the joined row is normalised again.
#: Chosen with the threshold (module docstring); names did not help there, so they weigh 0.
CONTENT_WEIGHT = 1.0
LEAD_WEIGHT = 0.5
NAME_WEIGHT = 0.0
#: Characters of the body that make the lead (with the title).
LEAD_CHARS = 600
#: Most similarity entries held at once while comparing blocks of articles (about 12 bytes each).
BLOCK_BUDGET = 4_000_000
#: Largest connected component linked exactly (its dense similarity matrix is size**2 floats).
MAX_COMPONENT = 3000

# Lower-case Latin letters (a-z and the accented range); a simple class the re engine scans
# three times faster than a Unicode category.
_WORD = re.compile("[a-z\u00df-\u00f6\u00f8-\u024f]{2,}")
_CHUNK = 2000
# Capitalised sequences: two or more capitalised words in a row, or one capitalised word that
# follows a lower-case word or comma (so not merely the first word of a sentence).
_NAME = re.compile(
    r"(?:[A-Z][\w'-]*\.?(?:[ ](?:of[ ]|de[ ]|al-)?[A-Z][\w'-]*\.?)+)"
    r"|(?<=[a-z0-9,;][ ])[A-Z][\w'-]+")


@lru_cache(maxsize=1)
def _skip_words() -> frozenset[str]:
    """Our function words and scikit-learn's list (imported late: scikit-learn loads slowly)."""
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS  # noqa: PLC0415

    return STOP_WORDS | ENGLISH_STOP_WORDS


class EventError(FramingError):
    """Events cannot be grouped or aligned as asked (bad setting, unknown article)."""


@dataclass(frozen=True, slots=True)
class Grouping:
    """The events found in a set of articles.

    Attributes
    ----------
    members : pandas.DataFrame
        One row per article, in input order. Columns ``article_id`` (str), ``event`` (str:
        :func:`framing.store.event_id` of the members, so the same members always get the
        same id), ``outlet``, ``date`` (``datetime.date`` or None),
        ``title``.
    events : pandas.DataFrame
        One row per event, largest first, then earliest. Columns ``event``, ``n_articles``,
        ``n_outlets`` (int), ``first_date``, ``last_date`` (``datetime.date`` or None),
        ``title`` (of the member with the most central text), ``article_ids`` (tuple of str,
        in input order).
    settings : dict
        ``window_days``, ``threshold``, ``max_component`` and the feature weights used.
    """

    members: pd.DataFrame
    events: pd.DataFrame
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def labels(self) -> np.ndarray:
        """Integer event label per article (input order), for ``adjusted_rand_score``.

        Returns
        -------
        numpy.ndarray of int, shape (n_articles,)
        """
        return pd.factorize(self.members["event"])[0]

    def multi(self) -> pd.DataFrame:
        """The rows of :attr:`events` with at least two articles (what a comparison can use)."""
        return self.events[self.events["n_articles"] >= 2].reset_index(drop=True)


# --------------------------------------------------------------------------------------------
# Features


@lru_cache(maxsize=1)
def _stemmer():
    from nltk.stem.snowball import SnowballStemmer  # noqa: PLC0415 - nltk loads slowly

    return SnowballStemmer("english", ignore_stopwords=False)


def _content_words(text: str) -> list[str]:
    """Lower-cased words of two letters or more, without stop words (one regex pass)."""
    skip = _skip_words()
    return [w for w in _WORD.findall(text.lower()) if w not in skip]


def _words(text: str) -> list[str]:
    """Lower-cased words of two letters or more, stop words included (removed as columns)."""
    return _WORD.findall(text.lower())


def _drop_stop_words(counts: sp.csr_matrix, vocabulary: dict[str, int]) -> sp.csr_matrix:
    """Zero the columns of stop words (one vectorised step instead of a test per token)."""
    skip = _skip_words()
    stop = [column for word, column in vocabulary.items() if word in skip]
    if not stop:
        return counts
    keep = np.ones(counts.shape[1], dtype=np.float32)
    keep[stop] = 0.0
    counts = counts @ sp.diags(keep)
    counts.eliminate_zeros()
    return sp.csr_matrix(counts)


def _names(text: str) -> list[str]:
    out = []
    for match in _NAME.findall(text):
        words = [w for w in match.lower().replace(".", "").split() if w not in _skip_words()]
        if words:
            out.append(" ".join(words))
    return out


def _count(token_lists: Iterable[list[str]], vocabulary: dict[str, int], *,
           grow: bool) -> sp.csr_matrix:
    """Term counts of token lists, one row each (float32), in chunks of :data:`_CHUNK` rows.

    Tokens are hashed with ``pandas.factorize`` per chunk (C speed) instead of one dictionary
    look-up per token; ``vocabulary`` maps a word to its column and grows when ``grow`` (else
    unknown words are dropped). Memory is bounded by one chunk's tokens.
    """
    blocks: list[sp.csr_matrix] = []
    for chunk in _chunks(token_lists, _CHUNK):
        lengths = np.fromiter((len(t) for t in chunk), dtype=np.int64, count=len(chunk))
        flat = list(itertools.chain.from_iterable(chunk))
        codes, uniques = pd.factorize(pd.Series(flat, dtype=object), sort=False)
        if grow:
            ids = np.fromiter((vocabulary.setdefault(u, len(vocabulary)) for u in uniques),
                              dtype=np.int64, count=len(uniques))
        else:
            ids = np.fromiter((vocabulary.get(u, -1) for u in uniques), dtype=np.int64,
                              count=len(uniques))
        cols = ids[codes] if len(codes) else np.zeros(0, dtype=np.int64)
        rows = np.repeat(np.arange(len(chunk)), lengths)
        keep = cols >= 0
        blocks.append(sp.csr_matrix(
            (np.ones(int(keep.sum()), dtype=np.float32), (rows[keep], cols[keep])),
            shape=(len(chunk), max(len(vocabulary), 1))))
    width = max(len(vocabulary), 1)
    for block in blocks:
        block.resize((block.shape[0], width))
    if not blocks:
        return sp.csr_matrix((0, width), dtype=np.float32)
    return sp.csr_matrix(sp.vstack(blocks, format="csr"), dtype=np.float32)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def _weigh(counts: sp.csr_matrix) -> sp.csr_matrix:
    """Sublinear TF-IDF with smoothed idf, rows L2-normalised (scikit-learn), float32."""
    from sklearn.feature_extraction.text import TfidfTransformer  # noqa: PLC0415

    if counts.shape[0] == 0 or counts.nnz == 0:
        return sp.csr_matrix(counts.shape, dtype=np.float32)
    tfidf = TfidfTransformer(sublinear_tf=True, smooth_idf=True, norm="l2")
    return sp.csr_matrix(tfidf.fit_transform(counts), dtype=np.float32)


def _tfidf(docs: list[list[str]], stem: bool) -> sp.csr_matrix:
    """Rows: L2-normalised sublinear TF-IDF over the given token lists (float32).

    With ``stem``, the columns of the words sharing a Snowball stem are summed first (one stem
    call per distinct word, not per token).
    """
    vocabulary: dict[str, int] = {}
    counts = _count(docs, vocabulary, grow=True)
    if stem and vocabulary:
        stems = [_stemmer().stem(word) for word in vocabulary]
        codes, _ = pd.factorize(pd.Series(stems, dtype=object))
        merge = sp.csr_matrix((np.ones(len(codes), dtype=np.float32),
                               (np.arange(len(codes)), codes)))
        counts = counts @ merge
    return _weigh(counts)


def article_features(articles: Sequence[Article], *, content_weight: float = CONTENT_WEIGHT,
                     lead_weight: float = LEAD_WEIGHT,
                     name_weight: float = NAME_WEIGHT) -> sp.csr_matrix:
    """The TF-IDF vectors :func:`group` compares (see the module docstring, step 1).

    Parameters
    ----------
    articles : sequence of Article
    content_weight, lead_weight, name_weight : float
        Weights of the three feature blocks: content words of the whole document, content
        words of its lead (title and first :data:`LEAD_CHARS` characters of the body), names
        (all >= 0, not all 0).

    Returns
    -------
    scipy.sparse.csr_matrix of float32, shape (n_articles, n_features)
        Rows of unit length (zero for an article without any word), so a row product is the
        cosine similarity.

    Raises
    ------
    EventError
        A weight is negative or all are 0.
    """
    weights = (content_weight, lead_weight, name_weight)
    if min(weights) < 0 or sum(weights) == 0:
        raise EventError(f"feature weights must be >= 0 and not all 0; got content "
                         f"{content_weight}, lead {lead_weight}, names {name_weight}")
    blocks = []
    if content_weight or lead_weight:
        # The lead is part of the document, so one vocabulary serves both blocks.
        vocabulary: dict[str, int] = {}
        body = _count((_words(a.document) for a in articles), vocabulary, grow=True)
        if content_weight:
            blocks.append(content_weight * _weigh(_drop_stop_words(body, vocabulary)))
        if lead_weight:
            leads = (_words(f"{a.title}\n\n{a.text[:LEAD_CHARS]}") for a in articles)
            lead = _count(leads, vocabulary, grow=False)
            blocks.append(lead_weight * _weigh(_drop_stop_words(lead, vocabulary)))
    if name_weight:
        blocks.append(name_weight * _tfidf([_names(a.document) for a in articles], stem=False))
    joined = sp.hstack(blocks, format="csr", dtype=np.float32)
    norms = np.sqrt(np.asarray(joined.multiply(joined).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    return sp.csr_matrix(sp.diags(1.0 / norms).astype(np.float32) @ joined)


# --------------------------------------------------------------------------------------------
# Candidate pairs


_URL_DATE = re.compile(r"/((?:19|20)\d\d)/(0?[1-9]|1[0-2])/(0?[1-9]|[12]\d|3[01])(?=/)")


def url_date(url: str) -> dt.date | None:
    """The publication date written in a news URL's path (``/2018/04/17/``), if any.

    Many outlets put the date in the path (Fox News, The New York Times, USA Today,
    Breitbart); articles scraped without a date often still carry their URL.

    Parameters
    ----------
    url : str

    Returns
    -------
    datetime.date or None
        The first ``/YYYY/MM/DD/`` of the URL that is a real date (years 1900-2099); ``None``
        when there is none.

    Examples
    --------
    >>> url_date("http://www.foxnews.com/politics/2018/04/17/cia-director.html")
    datetime.date(2018, 4, 17)
    >>> url_date("https://example.com/news/12345") is None
    True
    """
    for match in _URL_DATE.finditer(url or ""):
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            continue
    return None


def _day_numbers(articles: Sequence[Article], use_url: bool) -> np.ndarray:
    """Proleptic ordinal of each article's date (or URL date); NaN when there is none."""
    days = np.full(len(articles), np.nan)
    for k, article in enumerate(articles):
        date = article.date or (url_date(article.url) if use_url else None)
        if date is not None:
            days[k] = date.toordinal()
    return days


def _pairs(features: sp.csr_matrix, days: np.ndarray, window: float,
           threshold: float, budget: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Pairs (i < j) with cosine >= threshold and dates within the window.

    Rows are visited in date order; a block of dated rows (spanning at most one window) is
    compared only with the dated articles inside the block's date range widened by the
    window; undated rows are compared with everything. Each product holds at most about
    ``budget`` entries.
    """
    n = features.shape[0]
    order = np.argsort(np.where(np.isnan(days), np.inf, days), kind="stable")
    dated = order[~np.isnan(days[order])]
    undated = order[np.isnan(days[order])]
    sorted_days = days[dated]
    rows_i: list[np.ndarray] = []
    rows_j: list[np.ndarray] = []
    sims: list[np.ndarray] = []

    is_undated = np.isnan(days)

    def compare(block: np.ndarray, candidates: np.ndarray, right=None) -> None:
        if right is None:
            right = features[candidates].T.tocsr()
        product = (features[block] @ right).tocoo()
        keep = product.data >= threshold
        i, j = block[product.row[keep]], candidates[product.col[keep]]
        s = product.data[keep]
        close = ~(np.abs(days[i] - days[j]) > window)  # NaN (undated) compares as close
        # Each pair once: dated pairs and undated pairs when i < j, a dated-undated pair from
        # the undated side (undated rows are compared with every article).
        once = np.where(is_undated[i] == is_undated[j], i < j, is_undated[i])
        keep = close & once
        rows_i.append(np.minimum(i[keep], j[keep]))
        rows_j.append(np.maximum(i[keep], j[keep]))
        sims.append(s[keep])

    start = 0
    while start < len(dated):
        # Grow the block while it spans at most one window (so at most about two thirds of the
        # pairs computed are out of the window) and its product stays within the budget.
        lo_day = sorted_days[start]
        lo = np.searchsorted(sorted_days, lo_day - window, side="left")
        last = np.searchsorted(sorted_days, lo_day + max(window, 1.0), side="right")
        stop = start + 1
        step = 64
        while stop < min(last, len(dated)):
            nxt = min(last, stop + step)
            hi = np.searchsorted(sorted_days, sorted_days[nxt - 1] + window, side="right")
            if (nxt - start) * (hi - lo) > budget:
                break
            stop = nxt
        hi = np.searchsorted(sorted_days, sorted_days[stop - 1] + window, side="right")
        compare(dated[start:stop], dated[lo:hi])
        start = stop
    if len(undated):
        rows = max(1, budget // max(n, 1))
        everything = np.arange(n)
        transposed = features.T.tocsr()  # once, not per block: the right side is everything
        for start in range(0, len(undated), rows):
            compare(undated[start:start + rows], everything, transposed)
    if not sims:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty, np.zeros(0, dtype=np.float32)
    return np.concatenate(rows_i), np.concatenate(rows_j), np.concatenate(sims)


# --------------------------------------------------------------------------------------------
# Linkage


def _average_linkage(features: sp.csr_matrix, days: np.ndarray, window: float,
                     threshold: float, members: np.ndarray) -> list[np.ndarray]:
    """Exact average linkage cut at ``threshold`` over ``members`` (dense, size**2 memory)."""
    from scipy.cluster.hierarchy import fcluster, linkage  # noqa: PLC0415
    from scipy.spatial.distance import squareform  # noqa: PLC0415

    if len(members) == 1:
        return [members]
    block = features[members]
    sim = (block @ block.T).toarray().astype(np.float64)
    d = days[members]
    far = np.abs(d[:, None] - d[None, :]) > window  # NaN compares False: undated are close
    sim[far] = 0.0
    distance = np.clip(1.0 - sim, 0.0, 2.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    # fcluster's 'distance' criterion keeps merges at height <= t; similarity >= threshold.
    labels = fcluster(tree, t=1.0 - threshold + 1e-9, criterion="distance")
    return [members[labels == k] for k in np.unique(labels)]


def _components(n: int, i: np.ndarray, j: np.ndarray) -> np.ndarray:
    from scipy.sparse.csgraph import connected_components  # noqa: PLC0415

    graph = sp.coo_matrix((np.ones(len(i), dtype=np.int8), (i, j)), shape=(n, n))
    return connected_components(graph, directed=False)[1]


def _parts(members: np.ndarray, labels: np.ndarray, i: np.ndarray, j: np.ndarray,
           s: np.ndarray) -> Iterator[tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]]:
    """Each component (``labels`` of ``members``) with its pairs, in one sort (no scan per part).

    ``i`` and ``j`` are article indices; ``labels[k]`` is the component of ``members[k]``.
    """
    where = np.argsort(members)
    edge_label = labels[where[np.searchsorted(members[where], i)]]
    order = np.argsort(labels, kind="stable")
    bounds = np.flatnonzero(np.diff(labels[order])) + 1
    edge_order = np.argsort(edge_label, kind="stable")
    edge_bounds = np.searchsorted(edge_label[edge_order], np.arange(labels.max() + 2))
    for part in np.split(order, bounds):
        label = labels[part[0]]
        sel = edge_order[edge_bounds[label]:edge_bounds[label + 1]]
        yield members[part], i[sel], j[sel], s[sel]


def _link(features, days, window, threshold, members, i, j, s, max_component,
          level) -> list[np.ndarray]:
    """Average linkage over one component; giant components are cut at a stricter level."""
    if len(members) <= 2:  # one article, or two joined by a pair within the window
        return [members]
    if len(members) <= max_component or level >= 1.0:
        return _average_linkage(features, days, window, threshold, members)
    stricter = level + 0.05
    keep = s >= stricter
    i, j, s = i[keep], j[keep], s[keep]
    where = np.argsort(members)
    local_i = where[np.searchsorted(members[where], i)]
    local_j = where[np.searchsorted(members[where], j)]
    labels = _components(len(members), local_i, local_j)
    groups: list[np.ndarray] = []
    for part, pi, pj, ps in _parts(members, labels, i, j, s):
        groups.extend(_link(features, days, window, threshold, part, pi, pj, ps,
                            max_component, stricter))
    return groups


# --------------------------------------------------------------------------------------------
# Public


def group(articles: Sequence[Article], *, window_days: float | None = DEFAULT_WINDOW_DAYS,
          threshold: float = DEFAULT_THRESHOLD, max_component: int = MAX_COMPONENT,
          content_weight: float = CONTENT_WEIGHT, lead_weight: float = LEAD_WEIGHT,
          name_weight: float = NAME_WEIGHT, block_budget: int = BLOCK_BUDGET,
          url_dates: bool = True) -> Grouping:
    """Group articles into events by text similarity within a date window.

    Labels the articles carry (an ``event`` label included) are not read. The method and the
    source of each step are in the module docstring.

    Parameters
    ----------
    articles : sequence of Article
        The articles to group (ids must be unique).
    window_days : float or None, default :data:`DEFAULT_WINDOW_DAYS`
        Two dated articles more than this many days apart are not compared and count as
        unrelated (similarity 0 in the linkage), so two such articles alone never make an
        event, and a longer event needs its other pairs to make up for them; ``None`` ignores
        dates. Articles without a date may join any event.
    threshold : float, default :data:`DEFAULT_THRESHOLD`
        Cosine similarity (0-1) at which average linkage stops: in every event of two or more
        articles, the mean similarity between the two halves of its last merge is at least
        this. Higher gives smaller, surer events.
    max_component : int
        Largest set of linked articles handled exactly (memory ``8 * max_component**2``
        bytes); larger ones are cut first (see the module docstring).
    content_weight, lead_weight, name_weight : float
        Relative weights of the feature blocks (see :func:`article_features`); defaults
        :data:`CONTENT_WEIGHT`, :data:`LEAD_WEIGHT`, :data:`NAME_WEIGHT`.
    block_budget : int
        Most pair similarities computed at once (memory about 12 bytes each).
    url_dates : bool, default True
        An article without a date takes the date written in its URL (:func:`url_date`).

    Returns
    -------
    Grouping
        Every article in exactly one event; an article like no other is an event of one.

    Raises
    ------
    EventError
        ``threshold`` outside (0, 1], a negative ``window_days``, ``max_component`` or
        ``block_budget`` below 1, an article id given twice, or feature weights that are
        negative or all 0.

    Notes
    -----
    Time: the features are linear in the corpus size; each dated article is compared with the
    articles dated within the window (linear for a corpus spread over time), each undated
    article with every article (time grows with undated x all articles: on AllSides 4,444 of
    the 37,554 are undated). Memory is bounded by ``block_budget`` and ``max_component``
    besides the features themselves.

    Examples
    --------
    >>> grouping = group(articles, window_days=7, threshold=0.25)  # doctest: +SKIP
    >>> grouping.multi()[["event", "n_articles", "n_outlets", "title"]]  # doctest: +SKIP
    """
    if not 0.0 < threshold <= 1.0:
        raise EventError(f"threshold must be a cosine similarity in (0, 1]; got {threshold}. "
                         f"The default is {DEFAULT_THRESHOLD}")
    if window_days is not None and window_days < 0:
        raise EventError(f"window_days must be >= 0 days (or None to ignore dates); got "
                         f"{window_days}")
    if max_component < 1 or block_budget < 1:
        raise EventError(f"max_component and block_budget must be >= 1; got {max_component} "
                         f"and {block_budget}")
    articles = list(articles)
    ids = [a.id for a in articles]
    if len(set(ids)) != len(ids):
        repeated = pd.Series(ids)[pd.Series(ids).duplicated()].iloc[0]
        raise EventError(f"article {repeated} is given more than once; pass each article once")
    settings = {"window_days": window_days, "threshold": threshold,
                "max_component": max_component, "content_weight": content_weight,
                "lead_weight": lead_weight, "name_weight": name_weight, "url_dates": url_dates}
    n = len(articles)
    if n == 0:
        return _grouping(articles, [], None, settings)
    features = article_features(articles, content_weight=content_weight,
                                lead_weight=lead_weight, name_weight=name_weight)
    days = _day_numbers(articles, url_dates)
    window = np.inf if window_days is None else float(window_days)
    if window_days is None:
        days = np.zeros(n)  # every pair in the window; "undated" would mean the same
    i, j, s = _pairs(features, days, window, threshold, block_budget)
    labels = _components(n, i, j)
    groups: list[np.ndarray] = []
    for members, pi, pj, ps in _parts(np.arange(n), labels, i, j, s):
        groups.extend(_link(features, days, window, threshold, members, pi, pj, ps,
                            max_component, threshold))
    return _grouping(articles, groups, features, settings)


def _grouping(articles: list[Article], groups: list[np.ndarray], features,
              settings: dict[str, Any]) -> Grouping:
    event_of = [""] * len(articles)
    rows = []
    for members in groups:
        members = np.sort(members)
        member_ids = [articles[k].id for k in members]
        event = event_id(member_ids)
        for k in members:
            event_of[k] = event
        dates = [articles[k].date for k in members if articles[k].date]
        if len(members) > 2 and features is not None:
            block = features[members]
            centre = int(np.argmax(np.asarray((block @ block.T).sum(axis=1)).ravel()))
        else:
            centre = 0
        rows.append({
            "event": event, "n_articles": len(members),
            "n_outlets": len({articles[k].outlet for k in members}),
            "first_date": min(dates) if dates else None,
            "last_date": max(dates) if dates else None,
            "title": articles[members[centre]].title, "article_ids": tuple(member_ids),
            "_first": int(members[0]),
        })
    members = pd.DataFrame({
        "article_id": [a.id for a in articles], "event": event_of,
        "outlet": [a.outlet for a in articles], "date": [a.date for a in articles],
        "title": [a.title for a in articles]})
    columns = ["event", "n_articles", "n_outlets", "first_date", "last_date", "title",
               "article_ids"]
    if not rows:
        return Grouping(members=members, events=pd.DataFrame(columns=columns), settings=settings)
    events = pd.DataFrame(rows)
    events["_date"] = events["first_date"].map(lambda d: d or dt.date.max)
    events = (events.sort_values(["n_articles", "_date", "_first"], ascending=[False, True, True])
              .reset_index(drop=True)[columns])
    return Grouping(members=members, events=events, settings=settings)
