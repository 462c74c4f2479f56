"""Which terms distinguish two groups of articles: log-odds with a Dirichlet prior, with evidence.

:func:`contrast` compares any two groups (two outlets, two frames, two periods) and returns a
:class:`ContrastResult`: one row per n-gram with its counts and rates in each group, the
log-odds ratio, its z-score, a Benjamini–Hochberg q-value and Pearson's chi-squared, plus
keyword-in-context lines on request (:meth:`ContrastResult.kwic`).

Statistics (per n-gram length ``k`` separately; ``w`` is a term of that length)
-------------------------------------------------------------------------------
Counts: ``y_w^A``, ``y_w^B`` occurrences of ``w`` in groups A and B; ``n^A``, ``n^B`` the number
of n-grams of length ``k`` in each group (all of them, including terms later left out of the
table, so the filters do not change any score).

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
``chi2`` is Pearson's statistic with one degree of freedom.

What is counted
---------------
Tokens and n-grams come from :mod:`framing.tokens` (the matcher's normalisation). Before
counting, each article's lines go through:

* **boilerplate removal** — a line repeated verbatim in at least ``boilerplate_min`` articles of
  the same outlet (subscription prompts, standard disclaimers), a line starting with a known
  prompt ("click here", "sign up", "subscribe", "read more", "just watched", "story highlights",
  "advertisement", "copyright"…), a byline ("By Jane Doe"), an agency credit ("… contributed to
  this report"), and a dateline such as "Washington (CNN) —" at the start of a line;
* **outlet masking** — the names of the outlets of both groups and their aliases
  (:func:`framing.outlets.load_aliases`), plus any ``mask`` terms, are replaced by a break, so
  "CNN" is never CNN's top term and no n-gram runs across a masked name.

Stop-word policy: everything is counted and scored; n-grams whose first or last word is in
``stop_words`` (default :data:`framing.tokens.STOP_WORDS`) are left out of the table, so
"of the" and "the" are not reported but "war on terror" is. Pass ``stop_words=()`` to report all.

Minimum counts: a term is reported when ``y^A + y^B >= min_count`` (default 5) and it occurs in
at least ``min_docs`` articles (default 2) of the two groups.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.special import ndtr
from scipy.stats import chi2 as _chi2_dist

from .errors import FramingError
from .models import Article
from .outlets import load_aliases
from .text import normalize
from .tokens import STOP_WORDS, is_break, token_stream

__all__ = [
    "ContrastError",
    "ContrastResult",
    "contrast",
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
#: Columns of :attr:`ContrastResult.terms`, in order.
TERM_COLUMNS = (
    "term", "n", "count_a", "count_b", "rate_a", "rate_b", "docs_a", "docs_b", "background",
    "alpha", "delta", "se", "z", "p", "q", "chi2", "p_chi2",
)
_MAX_N = 5


class ContrastError(FramingError):
    """Two groups cannot be contrasted as asked (empty group, no shared events, bad setting)."""


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


# --- preparing documents -----------------------------------------------------------------------

_PROMPT = re.compile(
    r"(?:click here|sign up|subscribe|read more|related:|related coverage|advertisement"
    r"|just watched|story highlights|must watch|more videos|hide caption|photos?:|watch:|video:"
    r"|copyright|all rights reserved|follow (?:us|him|her|them) on|\(ap photo|getty images"
    r"|by [a-z.' -]{2,60}$|[^.]{0,160}contributed to this report\.?$)"
)
_DATELINE = re.compile(r"[a-z][a-z .,'-]{0,40}\([a-z ./&]{1,25}\)\s*-*\s*")
_DIGITS = re.compile(r"\d+")
_KEY_MAX = 120  # lines up to this long are compared with their digits blanked out
_LINE_SEP = "\x00"
BREAK_TOKEN = "|"


@dataclass(frozen=True, slots=True)
class _Doc:
    article: Article
    group: int  # 0 = A, 1 = B, 2 = background only


def _as_articles(items: Iterable[Article | str], what: str) -> list[Article]:
    out: list[Article] = []
    for i, item in enumerate(items):
        if isinstance(item, Article):
            out.append(item)
        elif isinstance(item, str):
            out.append(Article.make(text=item, source=f"{what}[{i}]"))
        else:
            raise ContrastError(f"{what}[{i}] is a {type(item).__name__}; expected a "
                                "framing.Article or a str of text")
    return out


def _lines(article: Article) -> list[str]:
    text = normalize(article.document.replace("\n", _LINE_SEP)).text
    return [s for s in (line.strip() for line in text.split(_LINE_SEP)) if s]


def _line_key(line: str) -> str:
    return _DIGITS.sub("#", line) if len(line) <= _KEY_MAX else line


def _clean_lines(lines: list[str], repeated: set[str]) -> list[str]:
    kept = []
    for line in lines:
        if _PROMPT.match(line) or (repeated and _line_key(line) in repeated):
            continue
        if "(" in line[:45]:
            m = _DATELINE.match(line)
            if m is not None:
                line = line[m.end():]
        kept.append(line)
    return kept


def _mask_names(outlets: Iterable[str], extra: Iterable[str],
                aliases: dict[str, str] | None) -> list[list[str]]:
    """Token sequences to mask: the outlets, every alias of them, and ``extra``."""
    table = load_aliases() if aliases is None else aliases
    wanted = {o for o in outlets if o}
    ids = {table.get(o.lower(), o) for o in wanted}
    names = set(wanted) | ids | {alias for alias, oid in table.items() if oid in ids}
    names |= {e for e in extra if e and e.strip()}
    seqs = []
    for name in names:
        toks = [BREAK_TOKEN if is_break(t) else t for t in token_stream(normalize(name).text)]
        while toks and toks[-1] == BREAK_TOKEN:
            toks.pop()
        while toks and toks[0] == BREAK_TOKEN:
            toks.pop(0)
        if toks:
            seqs.append(toks)
    return seqs


# --- counting ----------------------------------------------------------------------------------

@dataclass(slots=True)
class _Corpus:
    codes: np.ndarray        # token code per position (int64); BREAK code 0
    doc_of: np.ndarray       # document index per position
    groups: np.ndarray       # group per document (int8)
    vocab: np.ndarray        # object array: code -> token string
    breaks: np.ndarray       # bool per code


def _encode(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token codes of each text (code 0 = break), one break at the end of each text.

    Fast path: the texts are split at white space (C speed) and the distinct chunks are
    factorised; :func:`framing.tokens.token_stream` then runs once per *distinct* chunk. All of
    the tokenizer's rules look only at characters inside a chunk (white space counts as a
    non-word character for each of them), so the result equals running it on the whole text.
    """
    chunk_ids: dict[str, int] = {}
    parts: list[np.ndarray] = []
    batch: list[str] = []
    doc_chunks = np.empty(len(texts), dtype=np.int64)

    def flush() -> None:
        if batch:
            local, uniques = pd.factorize(np.array(batch, dtype=object))
            lut = np.fromiter((chunk_ids.setdefault(u, len(chunk_ids)) for u in uniques),
                              dtype=np.int64, count=len(uniques))
            parts.append(lut[local])
            batch.clear()

    for i, text in enumerate(texts):
        chunks = text.split()
        chunks.append("|")
        doc_chunks[i] = len(chunks)
        batch.extend(chunks)
        if len(batch) > 2_000_000:
            flush()
    flush()
    raw = np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
    vocab: dict[str, int] = {BREAK_TOKEN: 0}
    seq_len = np.empty(len(chunk_ids), dtype=np.int64)
    flat: list[int] = []
    for chunk, cid in chunk_ids.items():
        seq = [0 if is_break(t) else vocab.setdefault(t, len(vocab)) for t in token_stream(chunk)]
        seq_len[cid] = len(seq)
        flat.extend(seq)
    seq_flat = np.array(flat, dtype=np.int64)
    seq_start = np.concatenate(([0], np.cumsum(seq_len)[:-1])).astype(np.int64)
    lens = seq_len[raw]
    total = int(lens.sum())
    first = np.repeat(seq_start[raw], lens)
    offset = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(lens) - lens, lens)
    codes = seq_flat[first + offset]
    bounds = np.concatenate(([0], np.cumsum(doc_chunks)[:-1])).astype(np.int64)
    lengths = np.add.reduceat(lens, bounds) if len(texts) else np.zeros(0, dtype=np.int64)
    words = np.empty(len(vocab), dtype=object)
    for w, c in vocab.items():
        words[c] = w
    return codes, lengths, words


def _build_corpus(docs: list[_Doc], mask_seqs: list[list[str]], boilerplate_min: int) -> _Corpus:
    all_lines = [_lines(d.article) for d in docs]
    repeated: dict[str, set[str]] = {}
    if boilerplate_min > 0:
        per_outlet: Counter = Counter()
        for d, lines in zip(docs, all_lines):
            outlet = d.article.outlet
            per_outlet.update((outlet, key) for key in {_line_key(line) for line in lines})
        for (outlet, key), n in per_outlet.items():
            if n >= boilerplate_min:
                repeated.setdefault(outlet, set()).add(key)
    empty: set[str] = set()
    texts = [" | ".join(_clean_lines(lines, repeated.get(d.article.outlet, empty)))
             for d, lines in zip(docs, all_lines)]
    del all_lines
    codes, lengths, vocab = _encode(texts)
    del texts
    breaks = np.zeros(len(vocab), dtype=bool)
    breaks[0] = True
    lookup = {w: i for i, w in enumerate(vocab)}
    _apply_masks(codes, mask_seqs, lookup)
    doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    groups = np.fromiter((d.group for d in docs), dtype=np.int8, count=len(docs))
    return _Corpus(codes=codes, doc_of=doc_of, groups=groups, vocab=vocab, breaks=breaks)


def _apply_masks(codes: np.ndarray, seqs: list[list[str]], lookup: dict[str, int]) -> None:
    """Replace every occurrence of each token sequence by breaks (code 0), in place."""
    for seq in sorted(seqs, key=len, reverse=True):
        ids = [lookup.get(t) for t in seq]
        if any(i is None for i in ids):
            continue
        k = len(ids)
        if k > codes.size:
            continue
        hits = np.flatnonzero(codes[: codes.size - k + 1] == ids[0])
        for j in range(1, k):
            if hits.size == 0:
                break
            hits = hits[codes[hits + j] == ids[j]]
        for j in range(k):
            codes[hits + j] = 0


def _score_order(corpus: _Corpus, n: int, *, alpha0: float, prior: str, variance: str,
                 min_count: int, min_docs: int,
                 stop_codes: np.ndarray) -> tuple[pd.DataFrame, dict[str, int]]:
    codes = corpus.codes
    m = codes.size - n + 1
    empty = pd.DataFrame(columns=list(TERM_COLUMNS))
    if m <= 0:
        return empty, {"a": 0, "b": 0}
    nonbreak = codes != 0
    valid = nonbreak[:m].copy()
    for j in range(1, n):
        valid &= nonbreak[j:j + m]
    pos = np.flatnonzero(valid)
    # one integer key per n-gram: base-V digits, re-factorised whenever they would overflow
    vsize = np.int64(len(corpus.vocab))
    key = codes[pos]
    for j in range(1, n):
        if int(key.max(initial=0)) >= (2**62) // int(vsize):
            key = pd.factorize(key)[0].astype(np.int64)
        key = key * vsize + codes[pos + j]
    tid, uniques = pd.factorize(key)
    tid = tid.astype(np.int64)
    kterms = len(uniques)
    group = corpus.groups[corpus.doc_of[pos]]
    counts = np.bincount(tid * 3 + group, minlength=3 * kterms).reshape(kterms, 3)
    y_a_all = counts[:, 0]
    y_b_all = counts[:, 1]
    n_a = float(y_a_all.sum())
    n_b = float(y_b_all.sum())
    totals = {"a": int(n_a), "b": int(n_b)}
    in_ab = (y_a_all + y_b_all) > 0
    if n_a == 0 or n_b == 0:
        return empty, totals
    bg_all = counts.sum(axis=1)
    if prior == "informative":
        a0 = float(alpha0)
        prior_scale = a0 / float(bg_all[in_ab].sum())
    else:
        a0 = UNINFORMATIVE_ALPHA * int(in_ab.sum())
        prior_scale = 0.0
    # representative position of each term, to spell it and test its edge words
    rep = np.empty(kterms, dtype=np.int64)
    rep[tid] = pos
    keep = in_ab & ((y_a_all + y_b_all) >= min_count)
    if stop_codes.size:
        keep &= ~np.isin(codes[rep], stop_codes)
        keep &= ~np.isin(codes[rep + n - 1], stop_codes)
    term_ids = np.flatnonzero(keep)
    # document frequencies of the kept terms in A and B
    kept_mask = np.zeros(kterms, dtype=bool)
    kept_mask[term_ids] = True
    p_sel = np.flatnonzero(kept_mask[tid] & (group < 2))
    ndocs = np.int64(corpus.groups.size)
    pairs = pd.unique(tid[p_sel] * ndocs + corpus.doc_of[pos[p_sel]])
    d_term = pairs // ndocs
    d_group = corpus.groups[pairs % ndocs].astype(np.int64)
    dcount = np.bincount(d_term * 2 + d_group, minlength=2 * kterms).reshape(kterms, 2)
    dkeep = (dcount[term_ids, 0] + dcount[term_ids, 1]) >= min_docs
    term_ids = term_ids[dkeep]
    y_a = y_a_all[term_ids].astype(float)
    y_b = y_b_all[term_ids].astype(float)
    bg = bg_all[term_ids]
    alpha_w = (bg * prior_scale if prior == "informative"
               else np.full(term_ids.size, UNINFORMATIVE_ALPHA))
    delta, var, z = log_odds_dirichlet(y_a, y_b, n_a, n_b, alpha_w, a0, variance=variance)
    chi = chi_squared(y_a, y_b, n_a, n_b)
    vocab = corpus.vocab
    starts = rep[term_ids]
    if n == 1:
        spelled = vocab[codes[starts]]
    else:
        cols = [vocab[codes[starts + j]] for j in range(n)]
        spelled = np.array([" ".join(t) for t in zip(*cols)], dtype=object)
    frame = pd.DataFrame({
        "term": spelled,
        "n": np.full(term_ids.size, n, dtype=np.int64),
        "count_a": y_a_all[term_ids].astype(np.int64),
        "count_b": y_b_all[term_ids].astype(np.int64),
        "rate_a": 1000.0 * y_a / n_a,
        "rate_b": 1000.0 * y_b / n_b,
        "docs_a": dcount[term_ids, 0].astype(np.int64),
        "docs_b": dcount[term_ids, 1].astype(np.int64),
        "background": bg.astype(np.int64),
        "alpha": alpha_w,
        "delta": delta,
        "se": np.sqrt(var),
        "z": z,
        "p": 2.0 * ndtr(-np.abs(z)),
        "q": np.zeros(term_ids.size),
        "chi2": chi,
        "p_chi2": _chi2_dist.sf(chi, 1),
    })
    return frame, totals


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
        ev = f" on {self.events} shared event(s)" if self.events is not None else ""
        return (f"{self.label_a} ({len(self.articles_a)} articles) vs {self.label_b} "
                f"({len(self.articles_b)} articles){ev}; {len(self.terms)} terms reported; "
                f"prior {self.settings.get('prior')}, alpha0 {self.settings.get('alpha0')}")

    def top(self, k: int = 20, side: str = "a") -> pd.DataFrame:
        """The ``k`` terms most typical of one side.

        Parameters
        ----------
        k : int
        side : {"a", "b"}
            ``"a"``: highest z first; ``"b"``: lowest z first.

        Raises
        ------
        ContrastError
            ``side`` is not ``"a"`` or ``"b"``.
        """
        if side == "a":
            return self.terms.head(k).reset_index(drop=True)
        if side == "b":
            return self.terms.iloc[::-1].head(k).reset_index(drop=True)
        raise ContrastError(f"side={side!r}: expected 'a' or 'b'")

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


def _flat(text: str) -> str:
    return " ".join(text.split()) if "\n" in text else text


def _kwic_pattern(term: str) -> re.Pattern:
    words = [re.escape(w) for w in term.split()]
    if not words:
        raise ContrastError("an empty term has no context; pass a term from result.terms")
    sep = r"(?:'s)?[^\w.!?;:,()\[\]{}\"]+"
    return re.compile(r"(?<![^\W_])" + sep.join(words) + r"(?:'s)?(?![^\W_])")


# --- the public entry point --------------------------------------------------------------------

def contrast(a: Iterable[Article | str], b: Iterable[Article | str], *,
             background: Iterable[Article | str] | None = None,
             alpha0: float = DEFAULT_ALPHA0, prior: str = "informative",
             variance: str = "monroe", ngrams: tuple[int, int] = (1, 3), min_count: int = 5,
             min_docs: int = 2, stop_words: Iterable[str] | None = STOP_WORDS,
             mask: Sequence[str] = (), aliases: dict[str, str] | None = None,
             events_only: bool = False, event_label: str = "event",
             boilerplate_min: int = 3, labels: tuple[str, str] | None = None) -> ContrastResult:
    """Terms that distinguish the articles of group A from those of group B.

    See the module docstring for the exact statistics, what is masked and the stop-word policy.

    Parameters
    ----------
    a, b : iterable of Article or str
        The two groups (plain strings become articles without outlet or event).
    background : iterable of Article or str, optional
        Corpus whose counts shape the informative prior; it is joined (by article id) with A and
        B. Default: A and B themselves (every article passed in). Ignored by the uninformative
        prior.
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

    Returns
    -------
    ContrastResult

    Raises
    ------
    ContrastError
        A group is empty (before or after the event match), a setting is out of range, or an
        event-matched run gets articles without an event label.
    """
    arts_a = _as_articles(a, "a")
    arts_b = _as_articles(b, "b")
    _check_settings(alpha0, prior, variance, ngrams, min_count, min_docs, boilerplate_min)
    for name, arts in (("A", arts_a), ("B", arts_b)):
        if not arts:
            raise ContrastError(f"group {name} has no articles; pass at least one article per "
                                "group (check the outlet name or filter that selected them)")
    bg_arts = list(arts_a) + list(arts_b) if background is None else _as_articles(background,
                                                                                 "background")
    events: int | None = None
    if events_only:
        arts_a, arts_b, events = _match_events(arts_a, arts_b, event_label)
    in_groups = {x.id for x in arts_a} | {x.id for x in arts_b}
    docs = [_Doc(x, 0) for x in arts_a] + [_Doc(x, 1) for x in arts_b]
    seen = set(in_groups)
    for x in bg_arts:
        if x.id not in seen:
            seen.add(x.id)
            docs.append(_Doc(x, 2))
    outlets = {x.outlet for x in arts_a} | {x.outlet for x in arts_b}
    corpus = _build_corpus(docs, _mask_names(outlets, mask, aliases), boilerplate_min)
    stops = frozenset(stop_words or ())
    lookup = {w: i for i, w in enumerate(corpus.vocab)}
    stop_codes = np.array(sorted(lookup[s] for s in stops if s in lookup), dtype=np.int64)
    frames = []
    totals_a: dict[int, int] = {}
    totals_b: dict[int, int] = {}
    lo, hi = ngrams
    for n in range(lo, hi + 1):
        frame, totals = _score_order(
            corpus, n, alpha0=alpha0, prior=prior, variance=variance, min_count=min_count,
            min_docs=min_docs, stop_codes=stop_codes)
        frames.append(frame)
        totals_a[n] = totals["a"]
        totals_b[n] = totals["b"]
    for n, total in list(totals_a.items()) + list(totals_b.items()):
        if total == 0:
            raise ContrastError(
                f"a group has no {n}-grams left after masking and boilerplate removal; "
                "pass longer texts or a smaller n-gram range")
    terms = pd.concat([f for f in frames if len(f)], ignore_index=True) if any(
        len(f) for f in frames) else pd.DataFrame(columns=list(TERM_COLUMNS))
    if len(terms):
        terms["q"] = bh_qvalues(terms["p"].to_numpy())
        terms = terms.sort_values(["z", "term"], ascending=[False, True], kind="mergesort")
        terms = terms.reset_index(drop=True)
    label_a, label_b = labels or (_label(arts_a, "A"), _label(arts_b, "B"))
    settings = {
        "prior": prior, "alpha0": float(alpha0) if prior == "informative" else None,
        "variance": variance, "ngrams": f"{lo}-{hi}", "min_count": min_count,
        "min_docs": min_docs, "stop_words": len(stops), "mask": list(mask),
        "events_only": events_only, "boilerplate_min": boilerplate_min,
        "background_articles": sum(1 for d in docs),
        "method": "log-odds ratio, Dirichlet prior (Monroe, Colaresi & Quinn 2008)",
    }
    return ContrastResult(terms=terms[list(TERM_COLUMNS)] if len(terms) else terms,
                          label_a=label_a, label_b=label_b, articles_a=tuple(arts_a),
                          articles_b=tuple(arts_b), events=events, ngrams_a=totals_a,
                          ngrams_b=totals_b, settings=settings)


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
    arts = _as_articles(a, "a") + _as_articles(b, "b")
    docs = [_Doc(x, 0) for x in arts]
    outlets = {x.outlet for x in arts}
    corpus = _build_corpus(docs, _mask_names(outlets, mask, aliases), boilerplate_min)
    bounds = np.flatnonzero(np.diff(corpus.doc_of)) + 1
    words = corpus.vocab
    return [list(words[chunk[:-1]]) for chunk in np.split(corpus.codes, bounds)]


def _label(arts: list[Article], default: str) -> str:
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
          and 1 <= ngrams[0] <= ngrams[1] <= _MAX_N)
    if not ok:
        raise ContrastError(f"ngrams={ngrams!r}: expected (shortest, longest) with "
                            f"1 <= shortest <= longest <= {_MAX_N}, e.g. (1, 3)")
    for name, value in (("min_count", min_count), ("min_docs", min_docs),
                        ("boilerplate_min", boilerplate_min)):
        if not isinstance(value, int) or isinstance(value, bool) or value < 0:
            raise ContrastError(f"{name}={value!r}: expected a whole number >= 0")


def _match_events(arts_a: list[Article], arts_b: list[Article],
                  label: str) -> tuple[list[Article], list[Article], int]:
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
