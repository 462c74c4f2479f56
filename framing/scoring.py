"""Framing scores of concepts, articles and outlets, each with its hit count and interval.

Definitions (DESIGN.md, *Framing score*):

* For one concept, with ``n_pos`` the summed weights of scored hits carrying the lexicon's first
  frame and ``n_neg`` those carrying the second, the **concept score** is
  ``(n_pos - n_neg) / (n_pos + n_neg)`` in [−1, 1].
* A hit is *scored* when its voice is among ``voices`` (default: ``authorial`` only — a reporter
  quoting Moscow's "reunification" is not Moscow's frame) and it is ``loaded`` (date rules
  and ``neutral`` variants give unloaded hits).
* The **index** of an article (or outlet) is the unweighted mean of its concept scores, so one
  concept mentioned many times cannot dominate. An outlet's concept score pools the hits of all
  its articles.
* **Intervals** are Bayesian credible intervals from the Jeffreys prior Beta(½, ½) on the share
  ``p`` of first-frame hits (Brown, Cai & DasGupta 2001, *Statistical Science* 16(2), "Jeffreys
  interval"), mapped to the score by ``2p − 1``, 95 % equal-tailed. Boundary rule (same paper,
  §4.1.1): when every scored hit carries the first frame the upper bound is +1, and when every
  one carries the second the lower bound is −1, so a score of ±1 lies inside its interval.
* **Lean** of an article or outlet: the first frame when the 95 % interval of its index lies
  wholly above 0 (``ci_low > 0``), the second frame when it lies wholly below 0
  (``ci_high < 0``), otherwise ``"unclear"`` — the data cannot tell the sign, whatever the
  point estimate (an outlet at 0.064 with interval (−0.076, 0.204) is ``"unclear"``). There is
  no ``"balanced"`` label: an index of exactly 0 always has an interval around 0, so it is
  ``"unclear"`` too. ``""`` when there is no scored hit (and for categories lexicons).
* The interval of an **index** over ``k`` concepts: for ``k = 1`` the concept's Jeffreys
  interval; for ``k ≥ 2`` a normal approximation centred on the index, ``index ± 1.96·sd`` with
  ``sd² = Σ_c Var_c / k²`` and ``Var_c = 4ab / ((a+b)²(a+b+1))`` the variance of ``2p − 1``
  under the concept's Jeffreys posterior Beta(a, b), ``a = n_pos + ½``, ``b = n_neg + ½``
  (concepts treated as independent), clipped to [−1, 1], with the same boundary rule. Centring
  on the index keeps the reported score inside its interval; the posterior means would shrink
  concepts seen once towards 0 and leave the score outside.

* **Frame-free lexicons** (``kind: categories``, e.g. ``loaded-language``) have no poles, so
  no index: :func:`article_scores` and :func:`outlet_scores` keep their usual columns (with
  ``index`` NaN, ``ci_low``/``ci_high`` −1/+1, ``lean`` ``""``, ``n_pos``/``n_neg`` 0) and add
  ``n_words`` (words of the title and body: runs of letters/digits with inner apostrophes) and,
  for each category ``c`` in lexicon order, ``n_<c>`` (scored hits of that category) and
  ``per_1k_<c>`` (``1000 · n_<c> / n_words``, NaN for a text without words). A hit is
  scored as above (voice among ``voices``, loaded); negated hits count too (a negated
  intensifier is still an intensifier).

Tables are pandas DataFrames; their columns are listed in each function.
"""

from __future__ import annotations

import re
from typing import Iterable, Mapping, Sequence

import numpy as np
import pandas as pd

from .errors import ScoringError
from .lexicon import Lexicon
from .models import VOICES, Article

__all__ = [
    "DEFAULT_VOICES",
    "concept_scores",
    "article_scores",
    "outlet_scores",
    "variant_table",
    "jeffreys_interval",
    "jeffreys_intervals",
]

#: Voices counted by default.
DEFAULT_VOICES: tuple[str, ...] = ("authorial",)
_LEVEL = 0.95
_Z = 1.959963984540054  # standard normal 97.5 % quantile


def jeffreys_interval(n_pos: float, n_neg: float, level: float = _LEVEL) -> tuple[float, float]:
    """Equal-tailed Jeffreys credible interval of the score ``2p − 1``.

    Parameters
    ----------
    n_pos, n_neg : float
        (Weighted) counts of first-frame and second-frame hits, ≥ 0.
    level : float
        Credibility, default 0.95.

    Returns
    -------
    (float, float)
        Lower and upper bound in [−1, 1]; (−1, 1) is close to what no evidence gives.
    """
    from scipy.special import betaincinv  # noqa: PLC0415 - scipy.special takes ~1 s to import

    a, b = n_pos + 0.5, n_neg + 0.5
    tail = (1 - level) / 2
    lo, hi = betaincinv(a, b, [tail, 1 - tail])
    lo, hi = float(2 * lo - 1), float(2 * hi - 1)
    if n_neg == 0 and n_pos > 0:
        hi = 1.0
    if n_pos == 0 and n_neg > 0:
        lo = -1.0
    return lo, hi


def jeffreys_intervals(n_pos, n_neg, level: float = _LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """:func:`jeffreys_interval` for arrays of counts at once (same values, bit for bit).

    Parameters
    ----------
    n_pos, n_neg : array_like of float, shape (n,)
        (Weighted) counts of first-frame and second-frame hits, ≥ 0.
    level : float
        Credibility, default 0.95.

    Returns
    -------
    (ndarray, ndarray)
        Lower and upper bounds, float64, shape (n,), in [−1, 1]: the Jeffreys interval of
        ``2p − 1`` (Brown, Cai & DasGupta 2001) with the boundary rule of
        :func:`jeffreys_interval`.
    """
    # The Beta quantile is scipy.special's inverse regularised incomplete beta function, the
    # very function scipy.stats.beta.ppf evaluates (equal on a 40,000-value grid), without
    # importing scipy.stats (~2 s, most of a short CLI command).
    from scipy.special import betaincinv  # noqa: PLC0415 - scipy.special takes ~1 s to import

    n_pos = np.asarray(n_pos, dtype="float64")
    n_neg = np.asarray(n_neg, dtype="float64")
    a, b = n_pos + 0.5, n_neg + 0.5
    tail = (1 - level) / 2
    lo = 2 * np.asarray(betaincinv(a, b, tail), dtype="float64") - 1
    hi = 2 * np.asarray(betaincinv(a, b, 1 - tail), dtype="float64") - 1
    hi = np.where((n_neg == 0) & (n_pos > 0), 1.0, hi)
    lo = np.where((n_pos == 0) & (n_neg > 0), -1.0, lo)
    return lo, hi


def _check_voices(voices: Sequence[str]) -> tuple[str, ...]:
    voices = tuple(voices)
    bad = [v for v in voices if v not in VOICES]
    if not voices:
        raise ScoringError(f"no voice chosen; choose one or more of {', '.join(VOICES)}")
    if bad:
        raise ScoringError(
            f"unknown voice(s) {bad!r}; choose one or more of {', '.join(VOICES)}"
        )
    return voices


def _scored(hits: pd.DataFrame, lexicon: Lexicon, voices: Sequence[str]) -> pd.DataFrame:
    """Scored hits with a signed weight column ``pos``/``neg``."""
    voices = _check_voices(voices)
    mask = hits["loaded"].astype(bool) & hits["voice"].isin(voices)
    mask &= hits["frame"].isin(lexicon.frame_names)
    scored = hits.loc[mask, ["article_id", "concept", "frame", "weight"]].copy()
    scored["pos"] = np.where(scored["frame"] == lexicon.positive_frame, scored["weight"], 0.0)
    scored["neg"] = np.where(scored["frame"] == lexicon.negative_frame, scored["weight"], 0.0)
    return scored


def scored_counts(hits: pd.DataFrame, lexicon: Lexicon, *, by: str = "article_id",
                  voices: Sequence[str] = DEFAULT_VOICES) -> pd.DataFrame:
    """Scored hits counted per group, concept, frame and variant weight.

    Every score of this module is computed from these counts (:func:`concept_table`), and
    counts of disjoint sets of articles add up, which is how :mod:`framing.batch` sums a corpus
    in parts and still gets the same tables.

    Parameters
    ----------
    hits : DataFrame
        As from :func:`framing.matching.hits_table`, plus the column named by ``by`` if it is not
        ``article_id``.
    lexicon : Lexicon
    by : str
        Grouping column (``"article_id"`` or ``"outlet"``).
    voices : sequence of str

    Returns
    -------
    DataFrame
        Columns ``by``, ``concept``, ``frame``, ``weight`` (float) and ``n`` (int64, scored
        hits); one row per key with ``n > 0``, sorted by the four keys.

    Raises
    ------
    ScoringError
        ``voices`` holds an unknown voice.
    """
    scored = _scored(hits, lexicon, voices)
    if by != "article_id":
        scored[by] = hits.loc[scored.index, by]
    keys = [by, "concept", "frame", "weight"]
    return scored.groupby(keys, sort=True).size().rename("n").reset_index().astype(
        {"n": "int64", "weight": "float64"})


def outlet_counts_of(per_article: pd.DataFrame,
                     outlet_of: Mapping[str, str]) -> tuple[pd.DataFrame, pd.Series]:
    """Per-article :func:`scored_counts` summed per outlet.

    Returns
    -------
    (DataFrame, Series)
        The counts keyed by ``outlet`` instead of ``article_id`` (same columns otherwise,
        sorted by the four keys), and ``n_articles_scored``: articles with a scored hit per
        outlet (int64, indexed by outlet).
    """
    # astype: mapping an empty Series gives float64, which would not merge with outlet names
    outlets = per_article["article_id"].map(outlet_of).astype("object")
    with_outlet = per_article.assign(outlet=outlets)
    n_articles = (with_outlet.drop_duplicates("article_id")["outlet"].value_counts()
                  .rename("n_articles_scored").astype("int64"))
    keyed = (with_outlet.groupby(["outlet", "concept", "frame", "weight"], sort=True)["n"].sum()
             .reset_index().astype({"n": "int64", "weight": "float64"}))
    return keyed, n_articles


def concept_table(counts: pd.DataFrame, lexicon: Lexicon, by: str) -> pd.DataFrame:
    """Concept scores and Jeffreys intervals from :func:`scored_counts`-shaped counts.

    ``n_pos``/``n_neg`` are sums of ``n × weight`` over the variants of each pole.

    Returns
    -------
    DataFrame
        Columns ``by``, ``concept``, ``n_hits`` (scored hits), ``n_pos``, ``n_neg`` (weighted),
        ``score``, ``ci_low``, ``ci_high``; one row per group and concept, sorted by both.
    """
    weighted = counts["n"] * counts["weight"]
    table = counts.assign(
        pos=np.where(counts["frame"] == lexicon.positive_frame, weighted, 0.0),
        neg=np.where(counts["frame"] == lexicon.negative_frame, weighted, 0.0),
    ).groupby([by, "concept"], sort=True).agg(
        n_hits=("n", "sum"), n_pos=("pos", "sum"), n_neg=("neg", "sum")).reset_index()
    table["n_hits"] = table["n_hits"].astype("int64")
    table["score"] = (table["n_pos"] - table["n_neg"]) / (table["n_pos"] + table["n_neg"])
    table["ci_low"], table["ci_high"] = jeffreys_intervals(table["n_pos"].to_numpy(float),
                                                           table["n_neg"].to_numpy(float))
    return table


def concept_scores(hits: pd.DataFrame, lexicon: Lexicon, *, by: str = "article_id",
                   voices: Sequence[str] = DEFAULT_VOICES) -> pd.DataFrame:
    """Concept scores per group of hits: :func:`concept_table` of :func:`scored_counts`
    (parameters and raised errors as there).

    Returns
    -------
    DataFrame
        Columns ``by``, ``concept``, ``n_hits`` (scored hits), ``n_pos``, ``n_neg`` (weighted),
        ``score``, ``ci_low``, ``ci_high``; one row per group and concept with scored hits.
    """
    return concept_table(scored_counts(hits, lexicon, by=by, voices=voices), lexicon, by)


def _index_rows(concepts: pd.DataFrame, by: str, lexicon: Lexicon) -> pd.DataFrame:
    """Index, interval and lean per group of concept rows (module docstring), groups in order
    of first appearance.

    Vectorised over groups: the rows are put in group order (stable, so each group keeps its
    row order) and every per-group sum is an ``np.add.reduceat`` over contiguous slices, each
    led by a 0. That is numpy's own pairwise summation of each slice from 0, as
    ``Series.sum``/``mean`` and ``ndarray.sum`` do per group, so the figures equal a per-group
    loop's bit for bit (pandas' groupby sums use Kahan summation and can differ in the last
    bit).
    """
    columns = [by, "n_scored", "n_concepts", "n_pos", "n_neg", "index", "ci_low", "ci_high",
               "lean"]
    # Groups numbered in order of first appearance (groupby(sort=False)); NaN keys get -1 and
    # are dropped, as groupby does.
    codes, keys = pd.factorize(concepts[by], sort=False)
    rows = np.flatnonzero(codes >= 0)
    if not len(rows):
        return pd.DataFrame([], columns=columns)
    order = rows[np.argsort(codes[rows], kind="stable")]
    starts = np.flatnonzero(np.r_[True, np.diff(codes[order]) != 0])
    k = np.diff(np.r_[starts, len(order)])
    padded_starts = starts + np.arange(len(starts))

    def sums(values: np.ndarray) -> np.ndarray:
        # A 0 before each slice: reduceat starts from a slice's first element and adds the
        # pairwise sum of the rest, while ndarray.sum starts from 0 and adds the pairwise sum
        # of all; with the 0 first both add the same terms in the same order.
        return np.add.reduceat(np.insert(values[order], starts, 0), padded_starts)

    n_pos = concepts["n_pos"].to_numpy(float)
    n_neg = concepts["n_neg"].to_numpy(float)
    score = concepts["score"].to_numpy(float)
    # Series.mean: NaN scores skipped (summed as 0, not counted).
    n_valid = sums((~np.isnan(score)).astype("float64"))
    with np.errstate(invalid="ignore", divide="ignore"):
        index = sums(np.where(np.isnan(score), 0.0, score)) / n_valid
    index[n_valid == 0] = np.nan
    # k ≥ 2: normal approximation centred on the index, Var_c of 2p − 1 under Beta(a, b).
    a, b = n_pos + 0.5, n_neg + 0.5
    half = _Z * np.sqrt(sums(4 * a * b / ((a + b) ** 2 * (a + b + 1)))) / k
    lo, hi = index - half, index + half
    lo = np.where(lo > -1.0, lo, -1.0)  # max(-1, x) / min(1, x) of floats: NaN gives the bound
    hi = np.where(hi < 1.0, hi, 1.0)
    hi[sums((n_neg != 0).astype("int64")) == 0] = 1.0
    lo[sums((n_pos != 0).astype("int64")) == 0] = -1.0
    # k = 1: the concept's own Jeffreys interval.
    single = k == 1
    lo[single] = concepts["ci_low"].to_numpy(float)[order[starts[single]]]
    hi[single] = concepts["ci_high"].to_numpy(float)[order[starts[single]]]
    lean = np.select([np.isnan(index), lo > 0, hi < 0],
                     ["", lexicon.positive_frame, lexicon.negative_frame], "unclear")
    return pd.DataFrame({
        by: list(keys),
        "n_scored": sums(concepts["n_hits"].to_numpy()).astype("int64"),
        "n_concepts": k.astype("int64"),
        "n_pos": sums(n_pos),
        "n_neg": sums(n_neg),
        "index": index,
        "ci_low": lo,
        "ci_high": hi,
        "lean": lean.tolist(),
    }, columns=columns)


_WORD = re.compile(r"\w+(?:['\u2019]\w+)*")


def _word_count(text: str) -> int:
    return len(_WORD.findall(text))


def empty_index(counts: pd.DataFrame, by: str) -> pd.DataFrame:
    """Index rows of a categories lexicon from :func:`scored_counts`: counts only, no pole
    index (module docstring)."""
    rows = counts.groupby(by).agg(n_scored=("n", "sum"),
                                  n_concepts=("concept", "nunique")).reset_index()
    rows = rows.astype({"n_scored": "int64", "n_concepts": "int64"})
    for col, value in (("n_pos", 0.0), ("n_neg", 0.0), ("index", np.nan), ("ci_low", -1.0),
                       ("ci_high", 1.0), ("lean", "")):
        rows[col] = value
    return rows


def category_columns(out: pd.DataFrame, by: str, words: pd.Series, counts: pd.DataFrame,
                     lexicon: Lexicon) -> pd.DataFrame:
    """Add ``n_words`` and ``n_<c>``, ``per_1k_<c>`` for each category ``c`` (module docstring).

    ``words`` maps each value of ``by`` to its word count; ``counts`` is
    :func:`scored_counts`-shaped (column ``by``, ``frame``, ``n``).
    """
    out = out.copy()
    out["n_words"] = out[by].map(words).fillna(0).astype("int64")
    per_frame = (counts.groupby([by, "frame"])["n"].sum().unstack(fill_value=0)
                 if len(counts) else None)
    for cat in lexicon.frame_names:
        if per_frame is not None and cat in per_frame.columns:
            n = out[by].map(per_frame[cat]).fillna(0).astype("int64")
        else:
            n = pd.Series(0, index=out.index, dtype="int64")
        out[f"n_{cat}"] = n
        with np.errstate(divide="ignore", invalid="ignore"):
            rate = np.where(out["n_words"] > 0, 1000.0 * n / out["n_words"].replace(0, 1), np.nan)
        out[f"per_1k_{cat}"] = rate.astype("float64")
    return out


def article_scores(articles: Iterable[Article], hits: pd.DataFrame, lexicon: Lexicon, *,
                   voices: Sequence[str] = DEFAULT_VOICES) -> pd.DataFrame:
    """One row per article: its framing index with interval and counts.

    Returns
    -------
    DataFrame
        Columns ``article_id``, ``outlet``, ``date``, ``title``, ``n_hits`` (all hits, any
        voice), ``n_scored``, ``n_concepts``, ``n_pos``, ``n_neg``, ``index`` (NaN without
        scored hits), ``ci_low``, ``ci_high``, ``lean`` (frame name when the interval excludes 0,
        ``"unclear"`` when it holds 0, ``""`` without scored hits; module docstring);
        for a ``kind: categories`` lexicon also ``n_words``, ``n_<c>``, ``per_1k_<c>`` per
        category (module docstring).
    """
    articles = list(articles)
    meta = pd.DataFrame(
        [(a.id, a.outlet, a.date, a.title) for a in articles],
        columns=["article_id", "outlet", "date", "title"],
    ).drop_duplicates("article_id")
    n_hits = hits.groupby("article_id").size().rename("n_hits")
    counts = scored_counts(hits, lexicon, voices=voices)
    if lexicon.is_categorical:
        idx = empty_index(counts, "article_id")
        out = meta.merge(n_hits, on="article_id", how="left").merge(idx, on="article_id", how="left")
        words = pd.Series({a.id: _word_count(a.document) for a in articles}, dtype="int64")
        return category_columns(_fill_empty(out), "article_id", words, counts, lexicon)
    idx = _index_rows(concept_table(counts, lexicon, "article_id"), "article_id", lexicon)
    out = meta.merge(n_hits, on="article_id", how="left").merge(idx, on="article_id", how="left")
    return _fill_empty(out)


def outlet_scores(articles: Iterable[Article], hits: pd.DataFrame, lexicon: Lexicon, *,
                  voices: Sequence[str] = DEFAULT_VOICES) -> pd.DataFrame:
    """One row per outlet: the index over concepts of its pooled hits, with interval.

    Returns
    -------
    DataFrame
        Columns ``outlet``, ``n_articles``, ``n_articles_scored`` (with ≥ 1 scored hit),
        ``n_hits``, ``n_scored``, ``n_concepts``, ``n_pos``, ``n_neg``, ``index``, ``ci_low``,
        ``ci_high``, ``lean``; sorted by ``index`` descending (outlets without scored hits last).
        For a ``kind: categories`` lexicon also ``n_words``, ``n_<c>``, ``per_1k_<c>`` per
        category (pooled over the outlet's articles), sorted by outlet.
    """
    articles = list(articles)
    outlet_of = {a.id: (a.outlet or "(unknown outlet)") for a in articles}
    counts = pd.Series(list(outlet_of.values()), dtype="object").value_counts().rename("n_articles")
    counts.index.name = "outlet"
    hit_outlets = hits["article_id"].map(outlet_of).astype("object").rename("outlet")
    n_hits = hits.groupby(hit_outlets).size().rename("n_hits")
    keyed, n_scored_articles = outlet_counts_of(scored_counts(hits, lexicon, voices=voices),
                                                outlet_of)
    if lexicon.is_categorical:
        idx = empty_index(keyed, "outlet")
    else:
        idx = _index_rows(concept_table(keyed, lexicon, "outlet"), "outlet", lexicon)
    out = counts.reset_index().merge(n_scored_articles, left_on="outlet", right_index=True, how="left")
    out = out.merge(n_hits, left_on="outlet", right_index=True, how="left")
    out = out.merge(idx, on="outlet", how="left")
    out = _fill_empty(out)
    out["n_articles_scored"] = out["n_articles_scored"].fillna(0).astype("int64")
    out = out.sort_values(["index", "outlet"], ascending=[False, True], na_position="last")
    out = out[["outlet", "n_articles", "n_articles_scored", "n_hits", "n_scored", "n_concepts",
               "n_pos", "n_neg", "index", "ci_low", "ci_high", "lean"]].reset_index(drop=True)
    if lexicon.is_categorical:
        words = pd.Series([_word_count(a.document) for a in articles],
                          index=[outlet_of[a.id] for a in articles], dtype="int64")
        out = category_columns(out, "outlet", words.groupby(level=0).sum(), keyed, lexicon)
    return out


def _fill_empty(out: pd.DataFrame) -> pd.DataFrame:
    for col in ("n_hits", "n_scored", "n_concepts"):
        out[col] = out[col].fillna(0).astype("int64")
    for col in ("n_pos", "n_neg", "index", "ci_low", "ci_high"):
        out[col] = out[col].astype("float64")
    for col in ("n_pos", "n_neg"):
        out[col] = out[col].fillna(0.0)
    out["ci_low"] = out["ci_low"].fillna(-1.0)
    out["ci_high"] = out["ci_high"].fillna(1.0)
    out["lean"] = out["lean"].fillna("")
    return out


def variant_table(articles: Iterable[Article], hits: pd.DataFrame,
                  outlets: Sequence[str] | None = None) -> pd.DataFrame:
    """Which variant each outlet used for each concept.

    Returns
    -------
    DataFrame
        Columns ``outlet``, ``concept``, ``variant``, ``frame``, ``n_hits`` (any voice),
        ``n_authorial``, ``n_scored`` (authorial and loaded: what the default score counts);
        restricted to ``outlets`` when given.
    """
    outlet_of = {a.id: (a.outlet or "(unknown outlet)") for a in articles}
    h = hits.assign(outlet=hits["article_id"].map(outlet_of))
    if outlets is not None:
        h = h[h["outlet"].isin(list(outlets))]
    h = h.assign(authorial=h["voice"] == "authorial")
    h = h.assign(counted=h["authorial"] & h["loaded"].astype(bool))
    table = h.groupby(["outlet", "concept", "variant", "frame"], sort=True).agg(
        n_hits=("voice", "size"), n_authorial=("authorial", "sum"), n_scored=("counted", "sum")
    ).reset_index()
    return table.astype({"n_hits": "int64", "n_authorial": "int64", "n_scored": "int64"})
