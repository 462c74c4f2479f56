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
``chi2`` is Pearson's statistic with one degree of freedom. Its p-value is the χ²(1) survival
function written as ``p_chi2 = erfc(√(χ²/2))`` (exact for one degree of freedom; 50× faster
than the incomplete-gamma route and equal to it within 1e-13 relative).

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

Ranking: :attr:`ContrastResult.terms` is ordered by z. :meth:`ContrastResult.top` can instead
rank by the conservative bound of δ̂ (Hardie 2014) and leave out proper names; the lexicon
candidates (:func:`framing.candidates.candidates`) do both by default.

How it is computed (and why it is fast)
---------------------------------------
Cleaning runs over all lines of all articles at once: each article is normalised once, the
boilerplate keys are numbered in one dictionary pass and counted per outlet by sorting, and the
prompt and dateline patterns are mapped over the line list at C level. Tokens: each text is
split at white space, the chunks numbered in one dictionary pass, and the tokenizer runs once
over the distinct chunks. Counting: every n-gram gets an exact int64 key (the row of its
(n-1)-gram prefix times the vocabulary size plus its last word's code); (key, position) pairs
are packed into one integer and sorted with NumPy's vectorised sort, and counts per group and
per article come from ``np.bincount`` over the runs of equal keys. No Python object is made per
token or n-gram, and the cost grows as n log n in the number of tokens.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import count
from typing import Any, Iterable, Sequence

import numpy as np
import pandas as pd
from scipy.special import erfc, ndtr, ndtri

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


def _doc_lines(docs: Sequence[_Doc]) -> tuple[list[str], np.ndarray]:
    """Normalised, stripped, non-empty lines of all documents, and how many each document has.

    Each document is normalised once as a whole, its line breaks first replaced by
    ``_LINE_SEP``; should the normaliser ever drop or add that character, the document's lines
    are normalised one by one instead (same lines, only slower).
    """
    lines: list[str] = []
    per_doc = np.zeros(len(docs), dtype=np.int64)
    for i, d in enumerate(docs):
        src = d.article.document.replace("\n", _LINE_SEP)
        text = normalize(src).text
        if text.count(_LINE_SEP) == src.count(_LINE_SEP):
            parts = text.split(_LINE_SEP)
        else:
            parts = [normalize(part).text for part in src.split(_LINE_SEP)]
        before = len(lines)
        lines.extend(filter(None, map(str.strip, parts)))
        per_doc[i] = len(lines) - before
    return lines, per_doc


def _object_array(items: list) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _repeated_lines(lines: np.ndarray, doc_idx: np.ndarray, outlet_of_doc: np.ndarray,
                    minimum: int) -> np.ndarray:
    """True for each line whose key occurs in at least ``minimum`` articles of its outlet.

    The key of a line of at most ``_KEY_MAX`` characters is the line with digit runs blanked
    ("#"), so "Updated 3:15 PM" repeats; longer lines are compared verbatim. All of it runs over
    the whole corpus at once: one substitution over the joined short lines, one dictionary pass
    to number the keys, and sorting for the per-outlet article counts.
    """
    n = lines.size
    if n == 0 or minimum <= 0:
        return np.zeros(n, dtype=bool)
    lengths = np.fromiter(map(len, lines), dtype=np.int64, count=n)
    short = np.flatnonzero(lengths <= _KEY_MAX)
    keys = lines.copy()
    if short.size:
        blanked = _DIGITS.sub("#", _LINE_SEP.join(lines[short].tolist())).split(_LINE_SEP)
        keys[short] = _object_array(blanked)
    key_id = np.fromiter(map(defaultdict(count().__next__).__getitem__, keys), dtype=np.int64,
                         count=n)
    ndocs = np.int64(outlet_of_doc.size)
    n_outlets = np.int64(int(outlet_of_doc.max(initial=0)) + 1)
    pairs = np.unique(key_id * ndocs + doc_idx)  # (key, article) once per article
    per_outlet = (pairs // ndocs) * n_outlets + outlet_of_doc[pairs % ndocs]
    combos, articles = np.unique(per_outlet, return_counts=True)
    return np.isin(key_id * n_outlets + outlet_of_doc[doc_idx], combos[articles >= minimum])


def _clean_texts(docs: Sequence[_Doc], boilerplate_min: int) -> list[str]:
    """Each document's kept lines joined by " | " (boilerplate, prompts and datelines removed)."""
    raw_lines, per_doc = _doc_lines(docs)
    lines = _object_array(raw_lines)
    del raw_lines
    n = lines.size
    ndocs = len(docs)
    doc_idx = np.repeat(np.arange(ndocs, dtype=np.int64), per_doc)
    outlet_ids: dict[str, int] = {}
    outlet_of_doc = np.fromiter((outlet_ids.setdefault(d.article.outlet, len(outlet_ids))
                                 for d in docs), dtype=np.int64, count=ndocs)
    drop = _repeated_lines(lines, doc_idx, outlet_of_doc, boilerplate_min)
    drop |= np.fromiter(map(bool, map(_PROMPT.match, lines)), dtype=bool, count=n)
    keep = np.flatnonzero(~drop)
    kept = lines[keep]
    dated = list(map(_DATELINE.match, kept))
    for i in np.flatnonzero(np.fromiter(map(bool, dated), dtype=bool, count=kept.size)).tolist():
        kept[i] = kept[i][dated[i].end():]
    bounds = np.searchsorted(doc_idx[keep], np.arange(ndocs + 1)).tolist()
    flat = kept.tolist()
    return [" | ".join(flat[bounds[i]:bounds[i + 1]]) for i in range(ndocs)]


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


def _chunk_sequences(chunks: list[str]
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Token codes of the distinct white-space chunks: flat codes, start and length per chunk,
    and the vocabulary (code -> token).

    The chunks are joined by line breaks and tokenised in one pass
    (:func:`framing.tokens.token_stream`); a line break is a marker of its own, and no token or
    rule of the tokenizer reaches across white space, so the items between two line breaks are
    exactly the chunk's tokens. Markers become code 0; words are numbered from 1 in order of
    first appearance.
    """
    items = token_stream("\n".join(chunks))
    item_ids = defaultdict(count().__next__)
    sep = item_ids["\n"]
    ids = np.fromiter(map(item_ids.__getitem__, items), dtype=np.int64, count=len(items))
    distinct = list(item_ids)
    words = [w for w in distinct if not is_break(w)]
    code_of = np.zeros(len(distinct), dtype=np.int64)
    word_ids = np.fromiter((item_ids[w] for w in words), dtype=np.int64, count=len(words))
    code_of[word_ids] = np.arange(1, len(words) + 1, dtype=np.int64)
    seps = np.flatnonzero(ids == sep)
    if seps.size != len(chunks) - 1:  # cannot happen with the rules above; stay exact anyway
        raise ContrastError("internal: chunk tokenisation lost its separators")
    seq_len = np.diff(np.concatenate(([-1], seps, [ids.size]))) - 1
    seq_flat = code_of[ids[ids != sep]]
    seq_start = np.cumsum(seq_len) - seq_len
    vocab = np.empty(len(words) + 1, dtype=object)
    vocab[0] = BREAK_TOKEN
    vocab[1:] = words
    return seq_flat, seq_start, seq_len, vocab


def _encode(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token codes of all texts (code 0 = break; one break closes each text), tokens per text,
    and the vocabulary (code -> token).

    Fast path: each text is split at white space (C speed) and the chunks are numbered with a
    dictionary in one C-level pass; the tokenizer then runs once over the *distinct* chunks
    (:func:`_chunk_sequences`). All of the tokenizer's rules look only at characters inside a
    chunk (white space counts as a non-word character for each of them), so the result equals
    running it on each whole text.
    """
    chunk_ids = defaultdict(count().__next__)
    get = chunk_ids.__getitem__
    bar = get(BREAK_TOKEN)
    raw_ids = array("q")
    chunks_per_text = np.empty(len(texts), dtype=np.int64)
    for i, text in enumerate(texts):
        chunks = text.split()
        raw_ids.extend(map(get, chunks))
        raw_ids.append(bar)
        chunks_per_text[i] = len(chunks) + 1
    raw = np.frombuffer(raw_ids, dtype=np.int64) if len(raw_ids) else np.zeros(0, np.int64)
    seq_flat, seq_start, seq_len, vocab = _chunk_sequences(list(chunk_ids))
    lens = seq_len[raw]
    bounds = np.cumsum(chunks_per_text) - chunks_per_text
    lengths = (np.add.reduceat(lens, bounds) if len(texts)
               else np.zeros(0, dtype=np.int64))
    nonempty = lens > 0
    starts = seq_start[raw[nonempty]]
    run = lens[nonempty]
    total = int(run.sum())
    if total == 0:
        return np.zeros(0, dtype=np.int64), lengths, vocab
    # positions into seq_flat: consecutive within a chunk, jumping to the next chunk's start
    step = np.ones(total, dtype=np.int64)
    out_start = np.cumsum(run) - run
    step[0] = starts[0]
    step[out_start[1:]] = starts[1:] - (starts[:-1] + run[:-1] - 1)
    return seq_flat[np.cumsum(step)], lengths, vocab


def _build_corpus(docs: list[_Doc], mask_seqs: list[list[str]], boilerplate_min: int) -> _Corpus:
    texts = _clean_texts(docs, boilerplate_min)
    codes, lengths, vocab = _encode(texts)
    del texts
    _apply_masks(codes, mask_seqs, {w: i for i, w in enumerate(vocab)})
    doc_of = np.repeat(np.arange(len(docs), dtype=np.int64), lengths)
    groups = np.fromiter((d.group for d in docs), dtype=np.int8, count=len(docs))
    return _Corpus(codes=codes, doc_of=doc_of, groups=groups, vocab=vocab)


def _apply_masks(codes: np.ndarray, seqs: list[list[str]], lookup: dict[str, int]) -> None:
    """Replace every occurrence of each token sequence by breaks (code 0), in place.

    Longer sequences first. The positions of every sequence's first token are found in one
    pass and grouped by token, so each sequence looks only at the positions of its own first
    token (a corpus with hundreds of outlet aliases is not scanned hundreds of times).
    """
    wanted = []
    for seq in sorted(seqs, key=len, reverse=True):
        ids = [lookup.get(t) for t in seq]
        if any(i is None for i in ids) or len(ids) > codes.size:
            continue
        wanted.append(ids)
    if not wanted:
        return
    is_first = np.zeros(len(lookup), dtype=bool)
    is_first[[ids[0] for ids in wanted]] = True
    found = np.flatnonzero(is_first[codes])
    found = found[np.argsort(codes[found], kind="stable")]  # by first token, then position
    found_codes = codes[found]
    for ids in wanted:
        k = len(ids)
        lo, hi = np.searchsorted(found_codes, [ids[0], ids[0] + 1])
        hits = found[lo:hi]
        hits = hits[(hits <= codes.size - k) & (codes[hits] == ids[0])]
        for j in range(1, k):
            if hits.size == 0:
                break
            hits = hits[codes[hits + j] == ids[j]]
        for j in range(k):
            codes[hits + j] = 0


@dataclass(slots=True)
class _Order:
    """Counts of every distinct n-gram of one length (rows sorted by ``keys``)."""

    n: int
    keys: np.ndarray         # int64 key: prefix row at order n-1 times |vocab| plus last code
    counts: np.ndarray       # (rows, 3): occurrences in A, B, background-only articles
    docs: np.ndarray         # (rows, 2): articles of A and of B containing it
    first: np.ndarray        # code of the first word
    last: np.ndarray         # code of the last word


def _sorted_runs(key: np.ndarray, low: np.ndarray, low_bits: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Sort (key, low) pairs; return sorted keys, sorted lows, row per element, distinct keys.

    Each pair is packed into one int64 (key in the high bits, ``low < 2**low_bits`` in the low
    bits) and sorted with NumPy's vectorised ``sort``, several times faster than hashing or
    ``argsort``. When key and low together need more than 63 bits, the pairs are first split by
    the key's top bits with a stable radix ``argsort`` on 16-bit bucket numbers, and each
    bucket, holding keys that differ only in their lower bits, is packed and sorted alone.
    """
    size = key.size
    key_bits = int(key.max()).bit_length() if size else 0
    shift = 63 - low_bits
    mask = np.int64((1 << low_bits) - 1)
    if key_bits <= shift:
        packed = (key << np.int64(low_bits)) | low
        packed.sort()
        keys = packed >> np.int64(low_bits)
        lows = packed & mask
    elif shift >= 1 and key_bits - shift <= 16:
        bucket = (key >> np.int64(shift)).astype(np.uint16)
        order = np.argsort(bucket, kind="stable")
        ends = np.cumsum(np.bincount(bucket, minlength=1 << (key_bits - shift)))
        local = np.int64((1 << shift) - 1)
        keys = np.empty(size, dtype=np.int64)
        lows = np.empty(size, dtype=np.int64)
        start = 0
        for b, end in enumerate(ends.tolist()):
            if end > start:
                seg = order[start:end]
                packed = ((key[seg] & local) << np.int64(low_bits)) | low[seg]
                packed.sort()
                keys[start:end] = (packed >> np.int64(low_bits)) | (np.int64(b) << np.int64(shift))
                lows[start:end] = packed & mask
            start = end
    else:  # beyond any realistic corpus: rank the keys first (slower, same result)
        distinct_keys, rank = np.unique(key, return_inverse=True)
        keys_r, lows, row, distinct = _sorted_runs(rank.astype(np.int64).ravel(), low,
                                                   low_bits)
        return distinct_keys[keys_r], lows, row, distinct_keys[distinct]
    new = np.empty(size, dtype=bool)
    if size:
        new[0] = True
        np.not_equal(keys[1:], keys[:-1], out=new[1:])
    row = np.cumsum(new, dtype=np.int64) - 1  # dtype given: a bool cumsum is 10x slower
    return keys, lows, row, keys[new]


def _count_orders(corpus: _Corpus, hi: int) -> dict[int, _Order]:
    """Counts per group and document frequencies of every n-gram of lengths 1..``hi``.

    An n-gram is identified by an exact integer key: its (n-1)-gram prefix's row number times
    the vocabulary size plus its last word's code (the unigram key is the word's code). For
    each length, the (key, position) pairs are sorted once (:func:`_sorted_runs`); equal keys
    then form runs, and counts per group and per article come from ``np.bincount`` over the
    runs. Positions run in text order, so within a run the articles are in order and an
    article's first occurrence is where the article number changes. No Python object is made
    per token or per n-gram.
    """
    codes = corpus.codes
    size = codes.size
    vsize = np.int64(len(corpus.vocab))
    groups = corpus.groups.astype(np.int64)
    pos = np.flatnonzero(codes != 0)
    key = codes[pos]
    out: dict[int, _Order] = {}
    prev: _Order | None = None
    ndocs = corpus.groups.size
    for n in range(1, hi + 1):
        need_rows = n < hi
        if need_rows:  # pack the position's index: its row is needed for the next length
            low_bits = max(1, int(pos.size).bit_length())
            keys, lows, row, distinct = _sorted_runs(key, np.arange(pos.size, dtype=np.int64),
                                                     low_bits)
            doc = corpus.doc_of[pos][lows]
        else:  # the article number is all that is needed
            low_bits = max(1, int(ndocs).bit_length())
            keys, doc, row, distinct = _sorted_runs(key, corpus.doc_of[pos], low_bits)
        grp = groups[doc]
        rows = distinct.size
        counts = np.bincount(row * 3 + grp, minlength=3 * rows).reshape(rows, 3)
        first_in_doc = np.empty(keys.size, dtype=bool)
        if keys.size:
            first_in_doc[0] = True
            first_in_doc[1:] = (keys[1:] != keys[:-1]) | (doc[1:] != doc[:-1])
        sel = first_in_doc & (grp < 2)
        docs = np.bincount(row[sel] * 2 + grp[sel], minlength=2 * rows).reshape(rows, 2)
        if n == 1:
            first = last = distinct
        else:
            first = prev.first[distinct // vsize]
            last = distinct % vsize
        order = _Order(n=n, keys=distinct, counts=counts, docs=docs, first=first, last=last)
        out[n] = order
        prev = order
        if need_rows:
            row_at = np.empty(pos.size, dtype=np.int64)
            row_at[lows] = row
            nxt = pos + n
            ok = nxt < size
            ok[ok] = codes[nxt[ok]] != 0
            pos = pos[ok]
            key = row_at[ok] * vsize + codes[nxt[ok]]
    return out


def _spell(orders: dict[int, _Order], n: int, rows: np.ndarray, vocab: np.ndarray) -> np.ndarray:
    """The n-grams of ``rows`` at length ``n`` as strings, words joined by one space."""
    vsize = np.int64(len(vocab))
    parts = []
    for k in range(n, 1, -1):
        keys = orders[k].keys[rows]
        parts.append(vocab[keys % vsize])
        rows = keys // vsize
    parts.append(vocab[orders[1].keys[rows]])
    parts.reverse()
    if n == 1:
        return parts[0]
    return _object_array([" ".join(words) for words in zip(*parts)])


def _score_order(orders: dict[int, _Order], n: int, vocab: np.ndarray, *, alpha0: float,
                 prior: str, variance: str, min_count: int, min_docs: int,
                 stop_codes: np.ndarray) -> tuple[pd.DataFrame, dict[str, int]]:
    empty = pd.DataFrame(columns=list(TERM_COLUMNS))
    order = orders[n]
    counts = order.counts
    y_a_all = counts[:, 0]
    y_b_all = counts[:, 1]
    n_a = float(y_a_all.sum())
    n_b = float(y_b_all.sum())
    totals = {"a": int(n_a), "b": int(n_b)}
    if n_a == 0 or n_b == 0:
        return empty, totals
    in_ab = (y_a_all + y_b_all) > 0
    bg_all = counts.sum(axis=1)
    if prior == "informative":
        a0 = float(alpha0)
        prior_scale = a0 / float(bg_all[in_ab].sum())
    else:
        a0 = UNINFORMATIVE_ALPHA * int(in_ab.sum())
        prior_scale = 0.0
    keep = in_ab & ((y_a_all + y_b_all) >= min_count)
    keep &= (order.docs[:, 0] + order.docs[:, 1]) >= min_docs
    if stop_codes.size:
        keep &= ~np.isin(order.first, stop_codes)
        keep &= ~np.isin(order.last, stop_codes)
    term_ids = np.flatnonzero(keep)
    y_a = y_a_all[term_ids].astype(float)
    y_b = y_b_all[term_ids].astype(float)
    bg = bg_all[term_ids]
    alpha_w = (bg * prior_scale if prior == "informative"
               else np.full(term_ids.size, UNINFORMATIVE_ALPHA))
    delta, var, z = log_odds_dirichlet(y_a, y_b, n_a, n_b, alpha_w, a0, variance=variance)
    chi = chi_squared(y_a, y_b, n_a, n_b)
    frame = pd.DataFrame({
        "term": _spell(orders, n, term_ids, vocab),
        "n": np.full(term_ids.size, n, dtype=np.int64),
        "count_a": y_a_all[term_ids].astype(np.int64),
        "count_b": y_b_all[term_ids].astype(np.int64),
        "rate_a": 1000.0 * y_a / n_a,
        "rate_b": 1000.0 * y_b / n_b,
        "docs_a": order.docs[term_ids, 0].astype(np.int64),
        "docs_b": order.docs[term_ids, 1].astype(np.int64),
        "background": bg.astype(np.int64),
        "alpha": alpha_w,
        "delta": delta,
        "se": np.sqrt(var),
        "z": z,
        "p": 2.0 * ndtr(-np.abs(z)),
        "q": np.zeros(term_ids.size),
        "chi2": chi,
        "p_chi2": erfc(np.sqrt(chi / 2.0)),
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
    orders = _count_orders(corpus, hi)
    for n in range(lo, hi + 1):
        frame, totals = _score_order(
            orders, n, corpus.vocab, alpha0=alpha0, prior=prior, variance=variance,
            min_count=min_count, min_docs=min_docs, stop_codes=stop_codes)
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
