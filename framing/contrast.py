"""Which terms distinguish two groups of articles: log-odds with a Dirichlet prior, with evidence.

:func:`contrast` compares any two groups (two outlets, two frames, two periods) and returns a
:class:`ContrastResult`: one row per n-gram with its counts and rates in each group, the
log-odds ratio, its z-score, a Benjamini–Hochberg q-value and Pearson's chi-squared, plus
keyword-in-context lines on request (:meth:`ContrastResult.kwic`).

Statistics (per n-gram length ``k`` separately; ``w`` is a term of that length)
-------------------------------------------------------------------------------
Counts: ``y_w^A``, ``y_w^B`` occurrences of ``w`` in groups A and B (or articles containing it:
see "Unit of counting"); ``n^A``, ``n^B`` the number of n-grams of length ``k`` in each group
(all of them, including terms later left out of the table, so the filters do not change any
score).

*Log-odds ratio with informative Dirichlet prior* (Monroe, Colaresi & Quinn 2008, "Fightin'
Words", *Political Analysis* 16(4): 372–403, eq. 16, variance eq. 20, z-score eq. 22)::

    δ̂_w = log[(y_w^A + α_w) / (n^A + α_0 − y_w^A − α_w)]
        − log[(y_w^B + α_w) / (n^B + α_0 − y_w^B − α_w)]
    σ²(δ̂_w) ≈ 1/(y_w^A + α_w) + 1/(y_w^B + α_w)
    z_w = δ̂_w / σ(δ̂_w)

with ``α_w = α_0 · c_w / Σ_v c_v``: ``c_w`` is the count of ``w`` in the background corpus and
the sum runs over the compared vocabulary (terms of length ``k`` seen in A or B), so the
``α_w`` add up to ``α_0`` exactly as in Monroe et al. The background is the union (by article id)
of the ``background`` articles — by default every article passed in — and groups A and B, so
every compared term has a positive prior. ``alpha0`` defaults to :data:`DEFAULT_ALPHA0` = 1,000
pseudo-counts: next to news corpora of 10⁴–10⁷ n-grams it shrinks only terms seen a few times;
raise it to damp rare terms more. ``variance="full"`` adds the two terms
``1/(n^A + α_0 − y_w^A − α_w) + 1/(n^B + α_0 − y_w^B − α_w)`` that scattertext's
``LogOddsRatioInformativeDirichletPrior`` keeps; they are tiny next to the first two unless a
term is a large share of its group.

*Uninformative variant* (``prior="uninformative"``): ``α_w = 0.01`` for every term and
``α_0 = 0.01 · |V|`` (|V| the compared vocabulary size), the flat prior of Monroe et al.'s
Section 3.5 example.

*p- and q-values*: ``p = 2 Φ(−|z|)`` (two-sided, normal); ``q`` are Benjamini & Hochberg (1995,
*JRSS B* 57(1)) adjusted p-values over all rows of the table (after the filters below).

*Chi-squared* (Gentzkow & Shapiro 2010, *Econometrica* 78(1), eq. 1): the 2×2 table of a phrase's
count against the count of every other phrase of the same length, in A and in B::

    χ²_w = N (y^A (n^B − y^B) − y^B (n^A − y^A))² / ((y^A + y^B)(n^A)(n^B)(N − y^A − y^B))

with ``N = n^A + n^B``. Gentzkow & Shapiro write the statistic without the factor ``N``, which is
the same for every phrase of one length and so does not change their ranking; we keep it so that
``chi2`` is Pearson's statistic with one degree of freedom. Its p-value is the χ²(1) survival
function written as ``p_chi2 = erfc(√(χ²/2))`` (exact for one degree of freedom; 50× faster
than the incomplete-gamma route and equal to it within 1e-13 relative).

What is counted
---------------
Tokens and n-grams come from :mod:`framing.tokens` (the matcher's normalisation), after the
cleaning described in :mod:`framing.counts`: **boilerplate** lines (repeated verbatim in at
least ``boilerplate_min`` articles of one outlet), prompts, bylines, agency credits and
datelines are dropped, and the **names of the outlets** of both groups, their aliases
(:func:`framing.outlets.load_aliases`) and any ``mask`` terms become breaks, so "CNN" is never
CNN's top term and no n-gram runs across a masked name.

Stop-word policy: everything is counted and scored; n-grams whose first or last word is in
``stop_words`` (default :data:`framing.tokens.STOP_WORDS`) are left out of the table, so
"of the" and "the" are not reported but "war on terror" is. Pass ``stop_words=()`` to report all.

Minimum counts: a term is reported when ``y^A + y^B >= min_count`` (default 5) and it occurs in
at least ``min_docs`` articles (default 2) of the two groups.

Ranking: :attr:`ContrastResult.terms` is ordered by z. :meth:`ContrastResult.top` can instead
rank by the conservative bound of δ̂ (Hardie 2014) and leave out proper names; the lexicon
candidates (:func:`framing.candidates.candidates`) do both by default.
:meth:`ContrastResult.holding` lists only the terms holding given words — with the words a
loaded-word model marks in most of their uses (:func:`framing.loaded_words.marked_words`,
``framing contrast --loaded-model``) the list is the *loaded* language that distinguishes the
groups. On small event-matched samples this is what surfaces loaded terms: on BASIL's 100
Fox News / HuffPost events the plain z order is led by reporting style ("saying", "officials")
and no term reaches q ≤ 0.05 (``benchmarks/contrast.py --basil-only``).

Unit of counting: ``unit="occurrences"`` (the default outside event-matched mode) counts every
use of a term. ``unit="articles"`` (the default in event-matched mode) counts an article once per
term — ``y_w`` is then the number of articles of a group containing ``w`` and ``n`` the sum of
those numbers over the terms of that length, with the background counted the same way. In
event-matched mode each shared event brings one article or a few per outlet, so this compares
*in how many of the same stories* each outlet used a term: a topical word that one long article
repeats twenty times, or a name that dominates one event, counts once, as it does for the other
outlet's article on that event. The formulas above are unchanged; ``count_*`` and ``rate_*``
always report occurrences, ``docs_*`` articles.

How it is computed: counting and scoring, in batches
----------------------------------------------------
:func:`contrast` is two steps: :mod:`framing.counts` counts every n-gram per group (two
additive passes — boilerplate lines, then terms — over one batch holding every article), and
:func:`score_terms` scores the counts. A distributed run counts batches with
:func:`framing.counts.line_counts` and :func:`framing.counts.count_terms`, adds the parts and
calls :func:`score_terms` on the sum; the table is identical to ``contrast``'s (see the example
in :mod:`framing.counts`, which also says how the counting is made fast).

When the background is every article of a store (``framing contrast``, the Compare page), pass
``background=StoreBackground.for_store(store)`` (:mod:`framing.bgcache`): the store is counted
once per revision and saved beside it, later contrasts count only A and B, and the table is
the same, exactly.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
from scipy.special import erfc, ndtr, ndtri

from .bgcache import StoreBackground
from .counts import (BREAK_TOKEN, COUNT_COLUMNS, MAX_N, ContrastError, TermCounts, as_articles,
                     check_whole, mask_sequences, prepare_batch)
from .models import Article
from .text import normalize
from .tokens import STOP_WORDS, tokenize

__all__ = [
    "ContrastError",
    "ContrastResult",
    "contrast",
    "score_terms",
    "result_from_counts",
    "match_events",
    "counted_tokens",
    "BREAK_TOKEN",
    "log_odds_dirichlet",
    "chi_squared",
    "bh_qvalues",
    "DEFAULT_ALPHA0",
    "UNINFORMATIVE_ALPHA",
    "TERM_COLUMNS",
]

#: Default total weight α_0 of the informative prior (pseudo-counts per n-gram length).
DEFAULT_ALPHA0 = 1000.0
#: α_w of every term under the uninformative prior (Monroe et al. 2008, Section 3.5).
UNINFORMATIVE_ALPHA = 0.01
#: What the statistics count (see :func:`contrast`'s ``unit``).
UNITS = ("occurrences", "articles")
#: Columns of :attr:`ContrastResult.terms`, in order.
TERM_COLUMNS = (
    "term", "n", "count_a", "count_b", "rate_a", "rate_b", "docs_a", "docs_b", "background",
    "alpha", "delta", "se", "z", "p", "q", "chi2", "p_chi2",
)

# --- statistics --------------------------------------------------------------------------------

def log_odds_dirichlet(y_a: np.ndarray, y_b: np.ndarray, n_a: float, n_b: float,
                       alpha_w: np.ndarray | float, alpha0: float, *,
                       variance: str = "monroe") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Log-odds ratio with a Dirichlet prior, its variance and z-score (Monroe et al. 2008).

    Parameters
    ----------
    y_a, y_b : ndarray, shape (m,)
        Counts of each term in groups A and B.
    n_a, n_b : float
        Total counts of all terms (of this n-gram length) in A and B.
    alpha_w : ndarray of shape (m,) or float
        Prior pseudo-count of each term.
    alpha0 : float
        Sum of the prior pseudo-counts over the whole vocabulary.
    variance : {"monroe", "full"}
        ``"monroe"``: ``1/(y^A+α_w) + 1/(y^B+α_w)`` (eq. 20); ``"full"``: plus
        ``1/(n^A+α_0−y^A−α_w) + 1/(n^B+α_0−y^B−α_w)`` (as scattertext computes it).

    Returns
    -------
    delta, var, z : ndarray, shape (m,)
        δ̂_w (natural log), σ²(δ̂_w) and z_w = δ̂_w/σ. Positive means more typical of A.

    Raises
    ------
    ContrastError
        ``variance`` is neither ``"monroe"`` nor ``"full"``.
    """
    if variance not in ("monroe", "full"):
        raise ContrastError(f"variance={variance!r}: expected 'monroe' (Monroe et al. eq. 20) or "
                            "'full' (scattertext's four-term form)")
    a_in = y_a + alpha_w
    b_in = y_b + alpha_w
    a_out = n_a + alpha0 - y_a - alpha_w
    b_out = n_b + alpha0 - y_b - alpha_w
    delta = np.log(a_in) - np.log(a_out) - np.log(b_in) + np.log(b_out)
    var = 1.0 / a_in + 1.0 / b_in
    if variance == "full":
        var = var + 1.0 / a_out + 1.0 / b_out
    return delta, var, delta / np.sqrt(var)


def chi_squared(y_a: np.ndarray, y_b: np.ndarray, n_a: float, n_b: float) -> np.ndarray:
    """Pearson's χ² of each term's 2×2 table (term vs other terms, A vs B).

    Gentzkow & Shapiro (2010), eq. (1), times ``N = n_a + n_b`` (see the module docstring).

    Parameters
    ----------
    y_a, y_b : ndarray, shape (m,)
        Counts of each term in A and B.
    n_a, n_b : float
        Total counts of all terms of the same length in A and B.

    Returns
    -------
    ndarray, shape (m,)
        χ² with one degree of freedom; 0 where a margin is empty.
    """
    y_a = np.asarray(y_a, dtype=float)
    y_b = np.asarray(y_b, dtype=float)
    total = n_a + n_b
    num = y_a * (n_b - y_b) - y_b * (n_a - y_a)
    den = (y_a + y_b) * n_a * n_b * (total - y_a - y_b)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(den > 0, total * num * num / np.where(den > 0, den, 1.0), 0.0)
    return out


def bh_qvalues(p: np.ndarray) -> np.ndarray:
    """Benjamini–Hochberg adjusted p-values (q-values) of ``p``, same order.

    ``q_(i) = min_{j >= i} min(1, m p_(j) / j)`` over the ascending p-values (Benjamini &
    Hochberg 1995); a term with ``q <= 0.05`` is a discovery at a 5 % false discovery rate.
    """
    p = np.asarray(p, dtype=float)
    m = p.size
    if m == 0:
        return p.copy()
    order = np.argsort(p, kind="mergesort")
    ranked = p[order] * m / np.arange(1, m + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    out = np.empty(m)
    out[order] = np.minimum(ranked, 1.0)
    return out


# --- scoring summed counts ---------------------------------------------------------------------

def score_terms(counts: TermCounts, *, alpha0: float = DEFAULT_ALPHA0,
                prior: str = "informative", variance: str = "monroe",
                ngrams: tuple[int, int] = (1, 3), min_count: int = 5, min_docs: int = 2,
                stop_words: Iterable[str] | None = STOP_WORDS,
                unit: str = "occurrences") -> pd.DataFrame:
    """Score term counts (one batch or the sum of many): the table of :attr:`ContrastResult.terms`.

    This is the scoring half of :func:`contrast` (the counting half is
    :func:`framing.counts.count_terms`); see the module docstring for every statistic and for
    the filters. The result does not depend on the row order of the counts, so counts summed in
    any order score the same.

    Parameters
    ----------
    counts : framing.counts.TermCounts
        Counts of every n-gram up to at least ``ngrams[1]`` words.
    alpha0, prior, variance, ngrams, min_count, min_docs, stop_words, unit
        As in :func:`contrast`.

    Returns
    -------
    DataFrame
        Columns :data:`TERM_COLUMNS`, one row per reported term, sorted by ``z`` descending
        (ties by term); ``q`` over all rows.

    Raises
    ------
    ContrastError
        A setting is out of range, ``ngrams`` asks for longer n-grams than were counted, or a
        group has no n-grams of some length in ``ngrams``.
    """
    _check_settings(alpha0, prior, variance, ngrams, min_count, min_docs, 0)
    if unit not in UNITS:
        raise ContrastError(f"unit={unit!r}: expected 'occurrences' (every use of a term "
                            "counts) or 'articles' (an article counts once per term)")
    lo, hi = ngrams
    if hi > counts.max_n:
        raise ContrastError(f"ngrams={ngrams!r} but terms were counted up to {counts.max_n} "
                            f"words; count with max_n={hi} or ask for at most {counts.max_n}")
    n_col = counts.n
    col = {c: counts.counts[:, j] for j, c in enumerate(COUNT_COLUMNS[1:])}
    # the statistics' y: occurrences, or articles containing the term (document frequency)
    ya_c, yb_c, bg_c = (("count_a", "count_b", "count_bg") if unit == "occurrences"
                        else ("docs_a", "docs_b", "docs_bg"))
    stops = pa.array(sorted(set(stop_words or ())), pa.large_string())
    parts = []
    for n in range(lo, hi + 1):
        rows = np.flatnonzero(n_col == n)
        y_a_all = col[ya_c][rows]
        y_b_all = col[yb_c][rows]
        n_a = float(y_a_all.sum())
        n_b = float(y_b_all.sum())
        occ_a = float(col["count_a"][rows].sum())
        occ_b = float(col["count_b"][rows].sum())
        if occ_a == 0 or occ_b == 0:
            raise ContrastError(
                f"a group has no {n}-grams left after masking and boilerplate removal; "
                "pass longer texts or a smaller n-gram range")
        in_ab = (y_a_all + y_b_all) > 0
        bg_all = y_a_all + y_b_all + col[bg_c][rows]
        if prior == "informative":
            a0 = float(alpha0)
            prior_scale = a0 / float(bg_all[in_ab].sum())
        else:
            a0 = UNINFORMATIVE_ALPHA * int(in_ab.sum())
            prior_scale = 0.0
        keep = in_ab & ((y_a_all + y_b_all) >= min_count)
        keep &= (col["docs_a"][rows] + col["docs_b"][rows]) >= min_docs
        kept = np.flatnonzero(keep)
        if len(stops) and kept.size:
            first, last = counts.edge_words(rows[kept])
            edge = pc.is_in(first, value_set=stops)
            if n > 1:
                edge = pc.or_(edge, pc.is_in(last, value_set=stops))
            kept = kept[~edge.to_numpy(zero_copy_only=False)]
        term = counts.terms(rows[kept])
        parts.append(_score_rows(term, n, rows[kept], col, (ya_c, yb_c, bg_c), (n_a, n_b),
                                 (occ_a, occ_b), a0, prior_scale, prior, variance))
    columns = {c: np.concatenate([p[c] for p in parts]) for c in TERM_COLUMNS if c != "term"}
    terms = pa.concat_arrays([p["term"] for p in parts])
    columns["q"] = bh_qvalues(columns["p"])
    # z descending, ties by term: Arrow sorts the two keys in C++ (pandas would first
    # factorize the million strings of a large table)
    order = pc.sort_indices(pa.table({"z": columns["z"], "term": terms}),
                            sort_keys=[("z", "descending"), ("term", "ascending")]).to_numpy()
    out = {"term": pd.array(terms.take(pa.array(order)), dtype=_STR)}
    out.update((c, v[order]) for c, v in columns.items())
    return pd.DataFrame(out, columns=list(TERM_COLUMNS))


_STR = pd.StringDtype("pyarrow", na_value=np.nan)  # pandas' default "str" dtype, from Arrow


def _score_rows(term: pa.Array, n: int, at: np.ndarray, col: dict[str, np.ndarray],
                unit_cols: tuple[str, str, str], totals: tuple[float, float],
                occurrences: tuple[float, float], a0: float, prior_scale: float, prior: str,
                variance: str) -> dict[str, Any]:
    """The columns of rows ``at`` of the counts, all of length ``n`` (``q`` comes later)."""
    ya_c, yb_c, bg_c = unit_cols
    n_a, n_b = totals
    y_a = col[ya_c][at].astype(float)
    y_b = col[yb_c][at].astype(float)
    bg = col[ya_c][at] + col[yb_c][at] + col[bg_c][at]
    alpha_w = (bg * prior_scale if prior == "informative"
               else np.full(at.size, UNINFORMATIVE_ALPHA))
    delta, var, z = log_odds_dirichlet(y_a, y_b, n_a, n_b, alpha_w, a0, variance=variance)
    chi = chi_squared(y_a, y_b, n_a, n_b)
    return {
        "term": term.cast(pa.large_string()),
        "n": np.full(at.size, n, dtype=np.int64),
        "count_a": col["count_a"][at].astype(np.int64),
        "count_b": col["count_b"][at].astype(np.int64),
        "rate_a": 1000.0 * col["count_a"][at] / occurrences[0],
        "rate_b": 1000.0 * col["count_b"][at] / occurrences[1],
        "docs_a": col["docs_a"][at].astype(np.int64),
        "docs_b": col["docs_b"][at].astype(np.int64),
        "background": bg.astype(np.int64),
        "alpha": alpha_w,
        "delta": delta,
        "se": np.sqrt(var),
        "z": z,
        "p": 2.0 * ndtr(-np.abs(z)),
        "q": np.zeros(at.size),
        "chi2": chi,
        "p_chi2": erfc(np.sqrt(chi / 2.0)),
    }

# --- result ------------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class ContrastResult:
    """Distinguishing terms of group A against group B, with what went in.

    Attributes
    ----------
    terms : DataFrame
        One row per reported n-gram, sorted by ``z`` descending (most typical of A first, most
        typical of B last). Columns (:data:`TERM_COLUMNS`): ``term`` (words joined by one space),
        ``n`` (words in the term), ``count_a``/``count_b`` (occurrences), ``rate_a``/``rate_b``
        (per 1,000 n-grams of the same length in the group), ``docs_a``/``docs_b`` (articles
        containing it), ``background`` (count in the prior's corpus), ``alpha`` (α_w),
        ``delta`` (δ̂_w, natural log), ``se`` (σ), ``z``, ``p`` (two-sided), ``q``
        (Benjamini–Hochberg), ``chi2`` (Pearson χ², 1 df) and ``p_chi2``.
    label_a, label_b : str
        Names of the groups (their outlet when a group has one outlet, else ``"A"``/``"B"``).
    articles_a, articles_b : tuple of Article
        The articles that went in (after the event match); used by :meth:`kwic`.
    events : int or None
        Events both groups covered (event-matched mode), ``None`` otherwise.
    ngrams_a, ngrams_b : dict of int to int
        ``n^A`` and ``n^B``: n-grams counted per length.
    settings : dict
        Every setting that produced the table (for provenance in exports).
    """

    terms: pd.DataFrame
    label_a: str
    label_b: str
    articles_a: tuple[Article, ...]
    articles_b: tuple[Article, ...]
    events: int | None
    ngrams_a: dict[int, int]
    ngrams_b: dict[int, int]
    settings: dict[str, Any] = field(default_factory=dict)

    def summary(self) -> str:
        """One line saying what was compared: groups, articles, events, n-gram counts."""
        def n(count: int, noun: str) -> str:
            return f"{count} {noun}{'' if count == 1 else 's'}"

        ev = f" on {n(self.events, 'shared event')}" if self.events is not None else ""
        return (f"{self.label_a} ({n(len(self.articles_a), 'article')}) vs {self.label_b} "
                f"({n(len(self.articles_b), 'article')}){ev}; {n(len(self.terms), 'term')} "
                f"reported; prior {self.settings.get('prior')}, alpha0 "
                f"{self.settings.get('alpha0')}")

    def top(self, k: int = 20, side: str = "a", *, rank: str = "z", level: float = 0.95,
            exclude_names: bool = False, name_share: float = 0.9) -> pd.DataFrame:
        """The ``k`` terms most typical of one side.

        Parameters
        ----------
        k : int
        side : {"a", "b"}
            ``"a"``: terms typical of A (positive z); ``"b"``: of B (negative z).
        rank : {"z", "conservative"}
            ``"z"`` (default): by z-score, the table's order (Monroe et al. 2008). z grows with
            the square root of a term's count, so in large groups (10⁴–10⁵ words a side and
            up) frequent words with a modest difference in rate ("said", "president") outrank
            rarer, much more one-sided words.
            ``"conservative"``: by the bound of δ̂_w's two-sided ``level`` interval that lies
            closest to zero, ``δ̂_w − c·σ_w`` for A and ``δ̂_w + c·σ_w`` for B with
            ``c = Φ⁻¹((1 + level)/2)`` (1.96 for 95 %); only terms whose interval excludes zero
            are kept. This is Hardie's (2014) "conservative Log Ratio" (a keyness measure used in
            corpus linguistics, e.g. CQPweb) applied to Monroe et al.'s δ̂ and σ: it ranks by how
            large the difference in rate is *at least*, so a word used three times as often wins
            over one used 1.2 times as often however frequent the latter, while a word seen a
            few times wins only if its interval is narrow enough. The returned frame gains a
            column ``bound``.
        level : float
            Interval level for ``rank="conservative"`` (0 < level < 1).
        exclude_names : bool
            Leave out terms with a *name word*: a word whose occurrences in the bodies
            (``Article.text``) of both groups start with a capital letter at least ``name_share``
            of the time ("Pelosi", "Mosul", "GOP"). Names say what an event is about more than
            how it is worded; ordinary words are capitalised only at the start of a sentence or
            in a heading. A multi-word term goes when any of its words is a name word. Words
            whose accents were folded by the normaliser are not found in the original text and
            are kept. Loaded proper nouns ("Obamacare") go too: turn this off to see them.
        name_share : float
            Threshold of the name rule (default 0.9).

        Returns
        -------
        DataFrame
            Rows of :attr:`terms`, best first (plus ``bound`` for the conservative rank).

        Raises
        ------
        ContrastError
            ``side``, ``rank``, ``level`` or ``name_share`` is out of range.
        """
        if side not in ("a", "b"):
            raise ContrastError(f"side={side!r}: expected 'a' or 'b'")
        if rank not in ("z", "conservative"):
            raise ContrastError(f"rank={rank!r}: expected 'z' (Monroe et al.'s z-score) or "
                                "'conservative' (interval bound closest to zero)")
        if not 0.0 < level < 1.0:
            raise ContrastError(f"level={level!r}: expected a number between 0 and 1, e.g. 0.95")
        if not 0.0 < name_share <= 1.0:
            raise ContrastError(f"name_share={name_share!r}: expected a share in (0, 1], "
                                "e.g. 0.9")
        terms = self.terms
        sign = 1.0 if side == "a" else -1.0
        if rank == "z":
            terms = terms[terms["z"] * sign > 0]
            if side == "b":
                terms = terms.iloc[::-1]
        else:
            crit = float(ndtri(0.5 + level / 2.0))
            bound = sign * terms["delta"] - crit * terms["se"]
            terms = terms.assign(bound=sign * bound)[bound.to_numpy() > 0]
            terms = terms.assign(_key=-bound[bound > 0]).sort_values(
                ["_key", "term"], kind="mergesort").drop(columns="_key")
        if exclude_names and len(terms):
            words = {w for t in terms["term"] for w in t.split()}
            names = _name_words(self.articles_a + self.articles_b, words, name_share)
            if names:
                terms = terms[[not (set(t.split()) & names) for t in terms["term"]]]
        return terms.head(k).reset_index(drop=True)

    def holding(self, words: Iterable[str]) -> "ContrastResult":
        """The same contrast listing only the terms that hold at least one of ``words``.

        For instance the words a loaded-word model marks in most of their uses
        (:func:`framing.loaded_words.marked_words`): the listed terms are then the *loaded*
        language that distinguishes the two groups. Only what is listed changes: every row
        keeps its counts, z and q (the q-values stay those of the whole table, so the
        restriction does not make a term look more significant).

        Parameters
        ----------
        words : iterable of str
            Words or phrases; each is normalised and tokenised as terms are
            (:func:`framing.tokens.tokenize`: "Régime" finds "regime"), and a phrase of several
            words finds the terms holding it as consecutive words ("russian meddling").

        Returns
        -------
        ContrastResult
            A copy whose :attr:`terms` keeps the rows holding a word, in the same order, and
            whose ``settings["holding_words"]`` says how many distinct words were given.

        Raises
        ------
        ContrastError
            ``words`` is one str (pass a list) or holds something else than str.
        """
        if isinstance(words, (str, bytes)) or words is None:
            raise ContrastError(f"words: expected a list of words, got {words!r}; e.g. "
                                f"result.holding([{words!r}]) for one word")
        singles: set[str] = set()
        phrases: set[str] = set()
        for word in words:
            if not isinstance(word, str):
                raise ContrastError(f"words: {word!r} is not a str")
            tokens = tokenize(word)
            (singles if len(tokens) == 1 else phrases).update(
                [" ".join(tokens)] if tokens else [])
        padded = [f" {p} " for p in phrases]
        keep = [not singles.isdisjoint(t.split()) or any(p in f" {t} " for p in padded)
                for t in self.terms["term"]]
        return replace(self, terms=self.terms[keep].reset_index(drop=True),
                       settings={**self.settings, "holding_words": len(singles | phrases)})

    def evidence(self, term: str, *, width: int = 60, limit: int = 10) -> dict[str, Any]:
        """Counts, rates and statistics of one term, with keyword-in-context lines.

        Returns
        -------
        dict
            The term's row of :attr:`terms` as a dict, plus ``"kwic"``: a DataFrame from
            :meth:`kwic`.

        Raises
        ------
        ContrastError
            The term is not in :attr:`terms`.
        """
        rows = self.terms[self.terms["term"] == term]
        if rows.empty:
            raise ContrastError(f"term {term!r} is not in this contrast's table; pick one from "
                                "result.terms['term'] (terms are lower case, words joined by "
                                "one space)")
        out = rows.iloc[0].to_dict()
        out["kwic"] = self.kwic(term, width=width, limit=limit)
        return out

    def kwic(self, term: str, *, group: str | None = None, width: int = 60,
             limit: int = 20) -> pd.DataFrame:
        """Keyword-in-context lines of ``term`` in the articles of one or both groups.

        The term is found on the normalised text with the tokenizer's rules (whole words,
        possessive ``'s`` allowed after each word, any non-break characters between words) and
        shown in the original text.

        Parameters
        ----------
        term : str
            A term as spelled in :attr:`terms`.
        group : {"a", "b"} or None
            Only this group; both when ``None``.
        width : int
            Characters of context on each side.
        limit : int
            At most this many lines per group.

        Returns
        -------
        DataFrame
            Columns ``group`` (the group's label), ``article_id``, ``outlet``, ``title``,
            ``left``, ``match``, ``right``; line breaks in the context shown as spaces.
        """
        pattern = _kwic_pattern(term)
        rows = []
        sides = [("a", self.label_a, self.articles_a), ("b", self.label_b, self.articles_b)]
        for key, label, articles in sides:
            if group is not None and group != key:
                continue
            found = 0
            for art in articles:
                if found >= limit:
                    break
                doc = art.document
                norm = normalize(doc)
                for m in pattern.finditer(norm.text):
                    s, e = norm.to_original(m.start(), m.end())
                    rows.append((label, art.id, art.outlet, art.title,
                                 _flat(doc[max(0, s - width):s]), doc[s:e],
                                 _flat(doc[e:e + width])))
                    found += 1
                    if found >= limit:
                        break
        return pd.DataFrame(rows, columns=["group", "article_id", "outlet", "title", "left",
                                           "match", "right"])


_CASED_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")


def _name_words(articles: Sequence[Article], words: set[str], share: float) -> set[str]:
    """The ``words`` (lower case) written with a capital first letter at least ``share`` of the
    times they occur in the articles' bodies (see :meth:`ContrastResult.top`)."""
    forms: Counter = Counter()
    for art in articles:
        forms.update(_CASED_WORD.findall(art.text))
    total: Counter = Counter()
    upper: Counter = Counter()
    for form, n in forms.items():
        low = form.lower()
        if low.endswith("'s"):
            low = low[:-2]
        if low in words:
            total[low] += n
            if form[0].isupper():
                upper[low] += n
    return {w for w, n in total.items() if upper[w] >= share * n}


def _flat(text: str) -> str:
    """Runs of white space (line breaks included) as one space, keeping a leading or trailing
    space: the context beside a keyword must not lose the space that separates it from the
    keyword ("if Moscow occupies", not "if Moscowoccupies")."""
    return _SPACE_RUN.sub(" ", text) if "\n" in text else text


_SPACE_RUN = re.compile(r"\s+")


def _kwic_pattern(term: str) -> re.Pattern:
    words = [re.escape(w) for w in term.split()]
    if not words:
        raise ContrastError("an empty term has no context; pass a term from result.terms")
    sep = r"(?:'s)?[^\w.!?;:,()\[\]{}\"]+"
    return re.compile(r"(?<![^\W_])" + sep.join(words) + r"(?:'s)?(?![^\W_])")


# --- the public entry point --------------------------------------------------------------------

def contrast(a: Iterable[Article | str], b: Iterable[Article | str], *,
             background: Iterable[Article | str] | StoreBackground | None = None,
             alpha0: float = DEFAULT_ALPHA0, prior: str = "informative",
             variance: str = "monroe", ngrams: tuple[int, int] = (1, 3), min_count: int = 5,
             min_docs: int = 2, stop_words: Iterable[str] | None = STOP_WORDS,
             mask: Sequence[str] = (), aliases: dict[str, str] | None = None,
             events_only: bool = False, event_label: str = "event",
             boilerplate_min: int = 3, labels: tuple[str, str] | None = None,
             unit: str | None = None, workers: int = 1) -> ContrastResult:
    """Terms that distinguish the articles of group A from those of group B.

    See the module docstring for the exact statistics, what is masked and the stop-word policy.

    Parameters
    ----------
    a, b : iterable of Article or str
        The two groups (plain strings become articles without outlet or event).
    background : iterable of Article or str, or StoreBackground, optional
        Corpus whose counts shape the informative prior; it is joined (by article id) with A and
        B. Default: A and B themselves (every article passed in). Ignored by the uninformative
        prior. A :class:`framing.bgcache.StoreBackground` stands for every article of its
        store, counted once and saved: A and B (stored articles) are then counted alone and
        the table is the same; where the saved counts cannot give it exactly (an article of A
        or B not in the store, longer n-grams or another ``boilerplate_min`` than it was
        built with), the store's articles are read and counted as usual.
    alpha0 : float
        Total prior weight α_0 per n-gram length (default :data:`DEFAULT_ALPHA0`).
    prior : {"informative", "uninformative"}
    variance : {"monroe", "full"}
        See :func:`log_odds_dirichlet`.
    ngrams : (int, int)
        Shortest and longest n-gram, 1 ≤ lo ≤ hi ≤ 5 (default unigrams to trigrams).
    min_count : int
        Report a term only when it occurs at least this often in A and B together.
    min_docs : int
        … and in at least this many articles of A and B together.
    stop_words : iterable of str or None
        N-grams starting or ending with one of these are not reported (still counted).
    mask : sequence of str
        Extra names or phrases to mask before counting (outlet names are always masked).
    aliases : dict of str to str, optional
        Alias table (lower-cased alias -> outlet id); default the project's
        (:func:`framing.outlets.load_aliases`).
    events_only : bool
        Event-matched mode: keep only articles whose event (label ``event_label``) both groups
        covered.
    event_label : str
        Label name of an article's event (``Article.label``).
    boilerplate_min : int
        A line repeated in this many articles of one outlet is boilerplate; 0 turns the rule off.
    labels : (str, str), optional
        Names of the groups; default their outlet when a group has one outlet.
    unit : {"occurrences", "articles"}, optional
        What the statistics count (module docstring, "Unit of counting"); default
        ``"articles"`` when ``events_only`` and ``"occurrences"`` otherwise.
    workers : int
        Processes that normalise, tokenise and count at once (:func:`framing.counts.count_terms`,
        forked); the table is the same for any number. Default 1: on Fox News vs CNN (6,540
        articles) two took about 50 % more CPU and were no faster in wall time on this
        project's two-core machine with other jobs running (benchmarks/README.md); try 2 on
        an idle multi-core machine.

    Returns
    -------
    ContrastResult

    Raises
    ------
    ContrastError
        A group is empty (before or after the event match), a setting is out of range (``unit``
        and ``workers`` included), or an event-matched run gets articles without an event
        label.
    """
    arts_a = as_articles(a, "a")
    arts_b = as_articles(b, "b")
    _check_settings(alpha0, prior, variance, ngrams, min_count, min_docs, boilerplate_min)
    for name, arts in (("A", arts_a), ("B", arts_b)):
        if not arts:
            raise ContrastError(f"group {name} has no articles; pass at least one article per "
                                "group (check the outlet name or filter that selected them)")
    saved = background if isinstance(background, StoreBackground) else None
    events: int | None = None
    if events_only:
        arts_a, arts_b, events = match_events(arts_a, arts_b, event_label)
    outlets = {x.outlet for x in arts_a} | {x.outlet for x in arts_b}
    masked = mask_sequences(outlets, mask, aliases)
    counts = None if saved is None else saved.term_counts(
        arts_a, arts_b, max_n=ngrams[1], mask=masked, boilerplate_min=boilerplate_min)
    if counts is None:
        if saved is not None:  # the saved counts cannot serve these settings: count them all
            background = saved.articles()
        bg_arts = (list(arts_a) + list(arts_b) if background is None
                   else as_articles(background, "background"))
        seen = {x.id for x in arts_a} | {x.id for x in arts_b}
        bg_only = []
        for x in bg_arts:
            if x.id not in seen:
                seen.add(x.id)
                bg_only.append(x)
        # the two additive passes of framing.counts on one batch holding every article
        batch = prepare_batch(arts_a, arts_b, bg_only, workers=workers)
        boiler = batch.boilerplate(boilerplate_min)
        counts = batch.term_counts(max_n=ngrams[1], mask=masked, boilerplate=boiler,
                                   background_only=False, workers=workers)
    return result_from_counts(
        counts, arts_a, arts_b, events=events, labels=labels, alpha0=alpha0, prior=prior,
        variance=variance, ngrams=ngrams, min_count=min_count, min_docs=min_docs,
        stop_words=stop_words, unit=unit or ("articles" if events_only else "occurrences"),
        settings={"mask": list(mask), "events_only": events_only,
                  "boilerplate_min": boilerplate_min})


def result_from_counts(counts: TermCounts, articles_a: Sequence[Article],
                       articles_b: Sequence[Article], *, events: int | None = None,
                       labels: tuple[str, str] | None = None, alpha0: float = DEFAULT_ALPHA0,
                       prior: str = "informative", variance: str = "monroe",
                       ngrams: tuple[int, int] = (1, 3), min_count: int = 5, min_docs: int = 2,
                       stop_words: Iterable[str] | None = STOP_WORDS, unit: str = "occurrences",
                       settings: dict[str, Any] | None = None) -> ContrastResult:
    """A :class:`ContrastResult` from (summed) counts: :func:`score_terms` plus what went in.

    :func:`contrast` ends with this call; a batched run calls it on the sum of its batches'
    :func:`framing.counts.count_terms` to get the same result object.

    Parameters
    ----------
    counts : framing.counts.TermCounts
    articles_a, articles_b : sequence of Article
        The articles of the two groups (after any event match), for :meth:`ContrastResult.kwic`
        and the name rule of :meth:`ContrastResult.top`.
    events : int, optional
        Shared events (event-matched mode).
    labels : (str, str), optional
        Names of the groups; default their outlet when a group has one outlet.
    alpha0, prior, variance, ngrams, min_count, min_docs, stop_words, unit
        As in :func:`score_terms` (``unit`` must be given explicitly here).
    settings : dict, optional
        More settings to record (``mask``, ``events_only``, ``boilerplate_min``).

    Raises
    ------
    ContrastError
        As :func:`score_terms`.
    """
    terms = score_terms(counts, alpha0=alpha0, prior=prior, variance=variance, ngrams=ngrams,
                        min_count=min_count, min_docs=min_docs, stop_words=stop_words,
                        unit=unit)
    totals = counts.totals()
    lo, hi = ngrams
    label_a, label_b = labels or (_label(articles_a, "A"), _label(articles_b, "B"))
    recorded = {
        "prior": prior, "alpha0": float(alpha0) if prior == "informative" else None,
        "variance": variance, "ngrams": f"{lo}-{hi}", "min_count": min_count,
        "min_docs": min_docs, "stop_words": len(frozenset(stop_words or ())),
        "mask": [], "events_only": events is not None, "boilerplate_min": None,
        **(settings or {}),
        "unit": unit, "background_articles": int(sum(counts.articles)),
        "method": "log-odds ratio, Dirichlet prior (Monroe, Colaresi & Quinn 2008)",
    }
    return ContrastResult(terms=terms, label_a=label_a, label_b=label_b,
                          articles_a=tuple(articles_a), articles_b=tuple(articles_b),
                          events=events,
                          ngrams_a={n: totals[n][0] for n in range(lo, hi + 1)},
                          ngrams_b={n: totals[n][1] for n in range(lo, hi + 1)},
                          settings=recorded)


def counted_tokens(a: Iterable[Article | str], b: Iterable[Article | str], *,
                   mask: Sequence[str] = (), aliases: dict[str, str] | None = None,
                   boilerplate_min: int = 3) -> list[list[str]]:
    """The token streams :func:`contrast` counts for A then B, after boilerplate and masking.

    For checking the counts against another implementation (``benchmarks/contrast.py`` feeds
    them to scattertext). Each article gives one list of tokens in text order, with
    :data:`BREAK_TOKEN` (``"|"``) wherever an n-gram may not continue.

    Raises
    ------
    ContrastError
        An item is neither an Article nor a str.
    """
    batch = prepare_batch(a, b)
    outlets = {x.outlet for x in batch.articles}
    return batch.tokens(mask=mask_sequences(outlets, mask, aliases),
                        boilerplate=batch.boilerplate(boilerplate_min))


def _label(arts: Sequence[Article], default: str) -> str:
    outlets = {x.outlet for x in arts}
    return next(iter(outlets)) if len(outlets) == 1 and "" not in outlets else default


def _check_settings(alpha0: float, prior: str, variance: str, ngrams: tuple[int, int],
                    min_count: int, min_docs: int, boilerplate_min: int) -> None:
    if prior not in ("informative", "uninformative"):
        raise ContrastError(f"prior={prior!r}: expected 'informative' or 'uninformative'")
    if variance not in ("monroe", "full"):
        raise ContrastError(f"variance={variance!r}: expected 'monroe' or 'full'")
    if not (isinstance(alpha0, (int, float)) and not isinstance(alpha0, bool) and alpha0 > 0):
        raise ContrastError(f"alpha0={alpha0!r}: expected a positive number of pseudo-counts "
                            f"(default {DEFAULT_ALPHA0:g})")
    ok = (isinstance(ngrams, (tuple, list)) and len(ngrams) == 2
          and all(isinstance(k, int) and not isinstance(k, bool) for k in ngrams)
          and 1 <= ngrams[0] <= ngrams[1] <= MAX_N)
    if not ok:
        raise ContrastError(f"ngrams={ngrams!r}: expected (shortest, longest) with "
                            f"1 <= shortest <= longest <= {MAX_N}, e.g. (1, 3)")
    for name, value in (("min_count", min_count), ("min_docs", min_docs),
                        ("boilerplate_min", boilerplate_min)):
        check_whole(name, value)


def match_events(arts_a: Sequence[Article], arts_b: Sequence[Article],
                 label: str = "event") -> tuple[list[Article], list[Article], int]:
    """Event-matched mode's selection: the articles of each group on events both covered.

    Returns
    -------
    (list of Article, list of Article, int)
        A's and B's articles whose ``label`` is an event of both groups, and how many such
        events there are.

    Raises
    ------
    ContrastError
        No article of a group has the label, or the groups share no event.
    """
    for name, arts in (("A", arts_a), ("B", arts_b)):
        missing = sum(1 for x in arts if not x.label(label))
        if missing == len(arts):
            raise ContrastError(
                f"event-matched mode: no article of group {name} has a {label!r} label; load a "
                "data set with events (e.g. BASIL) or group articles into events first, or "
                "drop --events-only")
    ev_a = {x.label(label) for x in arts_a} - {""}
    ev_b = {x.label(label) for x in arts_b} - {""}
    shared = ev_a & ev_b
    if not shared:
        raise ContrastError(f"event-matched mode: groups A ({len(ev_a)} events) and B "
                            f"({len(ev_b)} events) share no event; compare without --events-only "
                            "or choose outlets that covered the same events")
    keep_a = [x for x in arts_a if x.label(label) in shared]
    keep_b = [x for x in arts_b if x.label(label) in shared]
    return keep_a, keep_b, len(shared)
