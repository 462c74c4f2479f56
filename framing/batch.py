"""Pure batch functions: a table of articles and a compiled lexicon in, hit and score tables out.

These are the units of work the Dask engine (:mod:`framing.engine`) maps over partitions, and
they run just as well in one process or a pool: no global state, no I/O, every input an
argument. The pieces:

:func:`articles_frame` / :func:`frame_articles`
    Articles <-> a pandas DataFrame with the columns of :data:`ARTICLE_COLUMNS`.
:func:`score_batch`
    One batch -> :class:`BatchResult`: its hits (:data:`framing.matching.HIT_COLUMNS`), its
    per-article scores (:func:`framing.scoring.article_scores`) and its :class:`OutletCounts`.
:func:`outlet_counts`, :func:`sum_counts`, :func:`outlet_scores_from_counts`
    Per-outlet aggregates as partial sums: every figure an outlet score needs is a count that
    adds up exactly across batches (integers; weighted hit counts are kept as integer counts per
    variant weight). Only after all batches are summed is the interval computed, once, so the
    outlet table equals :func:`framing.scoring.outlet_scores` over the whole corpus.

Exactness
---------
Hits and article scores depend on one article only, so splitting a corpus into batches changes
nothing. Outlet scores go through the same count-based core as
:func:`framing.scoring.outlet_scores` — :func:`framing.scoring.scored_counts` (integer counts per
outlet, concept, frame and variant weight), :func:`framing.scoring.concept_table` (``n_pos`` and
``n_neg`` as sums of ``count × weight``, Jeffreys interval per concept), then the index, its
interval and lean (see :mod:`framing.scoring` for the statistics and their sources) — so the
summed counts of any split give the very table one pass gives, bit for bit.

Article ids must be unique across the whole corpus (the loaders and data set adapters make them
so): an article given in two batches is counted twice, whereas one process would count it once.
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np
import pandas as pd

from .dates import parse_date
from .errors import FramingError
from .lexicon import Lexicon
from .matching import Matcher, hits_table
from .models import Article
from .scoring import (
    DEFAULT_VOICES,
    _check_voices,
    _fill_empty,
    _index_rows,
    _word_count,
    article_scores,
    category_columns,
    concept_table,
    empty_index,
    outlet_counts_of,
    scored_counts,
)

__all__ = [
    "ARTICLE_COLUMNS",
    "BatchError",
    "BatchResult",
    "OutletCounts",
    "UNKNOWN_OUTLET",
    "articles_frame",
    "frame_articles",
    "outlet_counts",
    "outlet_scores_from_counts",
    "score_batch",
    "sum_counts",
]

#: Columns of a batch of articles (:func:`articles_frame`), in order. Only ``text`` is required
#: by :func:`frame_articles`:
#:
#: ``article_id`` (str, :attr:`Article.id`; derived from outlet, title, text and url when the
#: column is missing), ``title``, ``text``, ``outlet`` (str, ``""`` when unknown), ``date``
#: (``datetime.date``, a timestamp, an ISO text or missing), ``url``, ``source`` (str).
ARTICLE_COLUMNS = ("article_id", "title", "text", "outlet", "date", "url", "source")
#: Outlet name given to articles without one (as :func:`framing.scoring.outlet_scores` does).
UNKNOWN_OUTLET = "(unknown outlet)"

_TOTAL_COLUMNS = ("outlet", "n_articles", "n_articles_scored", "n_hits", "n_words")
_SCORED_COLUMNS = ("outlet", "concept", "frame", "weight", "n")
_OUTLET_TABLE = ("outlet", "n_articles", "n_articles_scored", "n_hits", "n_scored",
                 "n_concepts", "n_pos", "n_neg", "index", "ci_low", "ci_high", "lean")


class BatchError(FramingError):
    """A batch of articles is not a table the batch functions can read."""


# --- articles <-> frames -----------------------------------------------------------------------

def articles_frame(articles: Iterable[Article]) -> pd.DataFrame:
    """A batch of articles as a DataFrame with the columns of :data:`ARTICLE_COLUMNS`.

    Labels are not kept (scoring does not use them). ``date`` holds ``datetime.date`` objects
    or None, so the frame writes to Parquet as a ``date32`` column.

    Parameters
    ----------
    articles : iterable of Article

    Returns
    -------
    DataFrame
        One row per article, in the order given.
    """
    rows = [(a.id, a.title, a.text, a.outlet, a.date, a.url, a.source) for a in articles]
    frame = pd.DataFrame(rows, columns=list(ARTICLE_COLUMNS))
    frame["date"] = frame["date"].astype(object)
    return frame


def frame_articles(frame: pd.DataFrame) -> list[Article]:
    """The articles of a batch table (the inverse of :func:`articles_frame`).

    Parameters
    ----------
    frame : DataFrame
        Columns of :data:`ARTICLE_COLUMNS`; only ``text`` is required. Missing cells (None,
        NaN, NaT) are empty strings, or no date. Without an ``article_id`` column (or where it
        is empty) the id is derived from the content as :meth:`Article.make` does.

    Returns
    -------
    list of Article
        One per row, in row order.

    Raises
    ------
    BatchError
        ``frame`` is not a DataFrame, has no ``text`` column, or a ``date`` cell is neither a
        date, a timestamp, a text nor missing.
    """
    if not isinstance(frame, pd.DataFrame):
        raise BatchError(f"a batch must be a pandas DataFrame, got {type(frame).__name__}; "
                         "build one with framing.batch.articles_frame(articles)")
    if "text" not in frame.columns:
        raise BatchError(f"a batch needs a 'text' column; it has {', '.join(map(str, frame.columns))}"
                         f". Columns of a batch: {', '.join(ARTICLE_COLUMNS)}")
    n = len(frame)
    cols = {c: (frame[c].tolist() if c in frame.columns else [None] * n) for c in ARTICLE_COLUMNS}
    out: list[Article] = []
    for i in range(n):
        text, title, outlet, url, source = (_text(cols[c][i]) for c in
                                            ("text", "title", "outlet", "url", "source"))
        date = _date(cols["date"][i], i)
        article_id = _text(cols["article_id"][i])
        if article_id:
            out.append(Article(id=article_id, text=text, title=title, outlet=outlet, date=date,
                               url=url, source=source))
        else:
            out.append(Article.make(text=text, title=title, outlet=outlet, date=date, url=url,
                                    source=source))
    return out


def _missing(value) -> bool:
    return value is None or value is pd.NaT or (isinstance(value, float) and math.isnan(value))


def _text(value) -> str:
    return "" if _missing(value) else str(value)


def _date(value, row: int) -> dt.date | None:
    if _missing(value) or value is pd.NA:
        return None
    if isinstance(value, dt.datetime):  # pandas Timestamps are datetimes
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, np.datetime64):
        return None if np.isnat(value) else pd.Timestamp(value).date()
    if isinstance(value, str):
        return parse_date(value)
    raise BatchError(f"row {row}: date {value!r} is a {type(value).__name__}; give a "
                     "datetime.date, a timestamp, an ISO date text (2022-03-01) or nothing")


# --- outlet counts: exact partial sums ---------------------------------------------------------

@dataclass(frozen=True, slots=True)
class OutletCounts:
    """Per-outlet counts of a batch; counts of disjoint batches add up (:func:`sum_counts`).

    Attributes
    ----------
    totals : DataFrame
        One row per outlet: ``outlet``, ``n_articles``, ``n_articles_scored`` (articles with at
        least one scored hit), ``n_hits`` (hits in any voice), ``n_words`` (words of title and
        body, :mod:`framing.scoring`'s rule; counted only for a ``kind: categories`` lexicon,
        else 0). All counts int64; sorted by outlet.
    scored : DataFrame
        Sparse counts of scored hits: ``outlet``, ``concept``, ``frame``, ``weight`` (the
        variant's weight, float) and ``n`` (int64, hits); one row per key with ``n > 0``,
        sorted by the four keys.
    """

    totals: pd.DataFrame
    scored: pd.DataFrame


def outlet_counts(articles: Sequence[Article], hits: pd.DataFrame, lexicon: Lexicon, *,
                  voices: Sequence[str] = DEFAULT_VOICES) -> OutletCounts:
    """Per-outlet partial sums of one batch (all :func:`outlet_scores_from_counts` needs).

    Parameters
    ----------
    articles : sequence of Article
        The batch; ids unique across all batches.
    hits : DataFrame
        Their hits (:func:`framing.matching.hits_table`).
    lexicon : Lexicon
    voices : sequence of str
        Voices scored, as in :func:`framing.scoring.outlet_scores`.

    Returns
    -------
    OutletCounts

    Raises
    ------
    ScoringError
        ``voices`` holds an unknown voice.
    """
    voices = _check_voices(voices)
    unique = list({a.id: a for a in articles}.values())
    outlet_of = {a.id: (a.outlet or UNKNOWN_OUTLET) for a in unique}
    outlets = pd.Series([outlet_of[a.id] for a in unique], dtype=object)
    totals = pd.DataFrame({"outlet": outlets, "n_articles": 1})
    totals["n_words"] = ([_word_count(a.document) for a in unique] if lexicon.is_categorical
                         else 0)
    totals = totals.groupby("outlet", sort=True)[["n_articles", "n_words"]].sum()
    hit_outlets = hits["article_id"].map(outlet_of)
    totals["n_hits"] = hit_outlets.value_counts()
    keyed, totals["n_articles_scored"] = outlet_counts_of(
        scored_counts(hits, lexicon, voices=voices), outlet_of)
    totals = totals.reset_index().fillna(0)
    totals = totals.astype({"outlet": object, **{c: "int64" for c in _TOTAL_COLUMNS[1:]}})
    totals = totals[list(_TOTAL_COLUMNS)]
    return OutletCounts(totals=totals, scored=_scored_frame(keyed))


def _scored_frame(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.astype({"outlet": object, "concept": object, "frame": object,
                         "weight": "float64", "n": "int64"})[list(_SCORED_COLUMNS)]


def sum_counts(parts: Iterable[OutletCounts]) -> OutletCounts:
    """Add the counts of disjoint batches (exact: integer sums, any order, any grouping).

    Parameters
    ----------
    parts : iterable of OutletCounts

    Returns
    -------
    OutletCounts
        Sorted as :class:`OutletCounts` says; empty tables when ``parts`` is empty.
    """
    parts = list(parts)
    totals = [p.totals for p in parts if len(p.totals)]
    scored = [p.scored for p in parts if len(p.scored)]
    if totals:
        summed = pd.concat(totals, ignore_index=True).groupby("outlet", sort=True).sum()
        summed = summed.reset_index()[list(_TOTAL_COLUMNS)]
    else:
        summed = pd.DataFrame({c: pd.Series(dtype=object if c == "outlet" else "int64")
                               for c in _TOTAL_COLUMNS})
    if scored:
        keys = list(_SCORED_COLUMNS[:-1])
        keyed = pd.concat(scored, ignore_index=True).groupby(keys, sort=True)["n"].sum()
        keyed = keyed.reset_index()
    else:
        keyed = pd.DataFrame({c: pd.Series(dtype=object) for c in _SCORED_COLUMNS})
    return OutletCounts(totals=summed.astype({"outlet": object}), scored=_scored_frame(keyed))


def outlet_scores_from_counts(counts: OutletCounts, lexicon: Lexicon) -> pd.DataFrame:
    """The outlet score table from summed counts; equals :func:`framing.scoring.outlet_scores`.

    Parameters
    ----------
    counts : OutletCounts
        Usually :func:`sum_counts` of every batch of the corpus.
    lexicon : Lexicon
        The lexicon the counts were made with.

    Returns
    -------
    DataFrame
        The columns, order and sorting of :func:`framing.scoring.outlet_scores` (for a
        ``kind: categories`` lexicon also ``n_words``, ``n_<c>``, ``per_1k_<c>``).
    """
    totals = counts.totals.astype({"outlet": object})
    scored = counts.scored
    if lexicon.is_categorical:
        idx = empty_index(scored, "outlet")
    else:
        idx = _index_rows(concept_table(scored, lexicon, "outlet"), "outlet", lexicon)
    out = totals[["outlet", "n_articles", "n_articles_scored", "n_hits"]]
    out = out.merge(idx.astype({"outlet": object}), on="outlet", how="left")
    out = _fill_empty(out)
    out = out.sort_values(["index", "outlet"], ascending=[False, True], na_position="last")
    out = out[list(_OUTLET_TABLE)].reset_index(drop=True)
    out = out.astype({"lean": "str"})  # also when empty (object by default)
    if lexicon.is_categorical:
        out = category_columns(out, "outlet", totals.set_index("outlet")["n_words"], scored,
                               lexicon)
    return out


# --- one batch ---------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class BatchResult:
    """What :func:`score_batch` returns for one batch.

    Attributes
    ----------
    hits : DataFrame
        :data:`framing.matching.HIT_COLUMNS`, in article order then ``start``.
    article_scores : DataFrame
        :func:`framing.scoring.article_scores` of the batch.
    counts : OutletCounts
        The batch's per-outlet partial sums.
    """

    hits: pd.DataFrame
    article_scores: pd.DataFrame
    counts: OutletCounts


def score_batch(frame: pd.DataFrame, matcher: Matcher, *,
                voices: Sequence[str] = DEFAULT_VOICES) -> BatchResult:
    """Match and score one batch of articles.

    Parameters
    ----------
    frame : DataFrame
        Columns of :data:`ARTICLE_COLUMNS` (see :func:`frame_articles`).
    matcher : Matcher
        :func:`framing.matching.compile_lexicon` of the lexicon.
    voices : sequence of str
        Voices scored (default ``("authorial",)``).

    Returns
    -------
    BatchResult

    Raises
    ------
    BatchError
        ``frame`` is not a batch table (see :func:`frame_articles`).
    ScoringError
        ``voices`` holds an unknown voice.
    """
    voices = _check_voices(voices)
    articles = frame_articles(frame)
    hits = hits_table(articles, matcher)
    lexicon = matcher.lexicon
    return BatchResult(
        hits=hits,
        article_scores=article_scores(articles, hits, lexicon, voices=voices),
        counts=outlet_counts(articles, hits, lexicon, voices=voices),
    )
