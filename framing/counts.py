"""Term counts of groups of articles, in batches whose counts add up exactly.

This is the counting half of :func:`framing.contrast.contrast`; the scoring half is
:func:`framing.contrast.score_terms` (or :func:`framing.contrast.result_from_counts` for a whole
:class:`~framing.contrast.ContrastResult`). ``contrast`` itself runs these same functions on one
batch holding every article, so a run split into batches (one Dask task per batch, say) gives
the very same table as one process. Event-matched mode selects articles before counting
(:func:`framing.contrast.match_events`).

Two passes, both additive
-------------------------
1. :func:`line_counts` — for every (outlet, line key) pair, the number of articles of the batch
   containing that line. Summed over batches (``+`` or :meth:`LineCounts.sum`) it tells which lines
   are **boilerplate**: a line repeated verbatim (digits blanked in short lines) in at least
   ``boilerplate_min`` articles of the same outlet (:meth:`LineCounts.boilerplate`). This is the
   only corpus-level step of the cleaning; it needs the whole corpus, so it is a pass of its own.
2. :func:`count_terms` — with that boilerplate set and the **mask** (token sequences replaced by
   breaks: the outlets' names and aliases, :func:`mask_sequences`), every n-gram's occurrences in
   group A, group B and the background-only articles, and the number of articles of A and of B
   containing it (:class:`TermCounts`). Summed over batches, they are the counts of the whole.

The mask is not learned from the data: it is computed from the *set of outlets of both groups*
(and any extra names), which the caller knows before counting — pass the same mask to every
batch. Everything else (normalising, prompts, bylines, datelines, tokens, n-grams) looks at one
article at a time.

Exactness rules: every article goes into exactly one batch (with its group: A, B or background
only), and every batch gets the same ``max_n``, mask and boilerplate set. Counts are integers,
so the sums do not depend on how the articles were split or in which order the parts are added.

Example
-------
>>> from framing.counts import LineCounts, TermCounts, count_terms, line_counts, mask_sequences
>>> from framing.contrast import score_terms
>>> from framing.models import Article
>>> fox = [Article.make(text="Illegal aliens crossed the border.", outlet="Fox News"),
...        Article.make(text="Illegal aliens again, Fox News said.", outlet="Fox News")]
>>> cnn = [Article.make(text="Undocumented immigrants crossed the border.", outlet="CNN"),
...        Article.make(text="Undocumented immigrants, CNN reported.", outlet="CNN")]
>>> batches = [(fox[:1], cnn[:1]), (fox[1:], cnn[1:])]      # e.g. one Dask task each
>>> lines = LineCounts.sum(line_counts(a, b) for a, b in batches)             # pass 1
>>> boiler = lines.boilerplate(3)
>>> mask = mask_sequences({"Fox News", "CNN"})
>>> total = TermCounts.sum(count_terms(a, b, mask=mask, boilerplate=boiler)  # pass 2
...                        for a, b in batches)
>>> table = score_terms(total, min_count=2, min_docs=2)   # or result_from_counts(total, ...)
>>> table[["term", "count_a", "count_b"]].head(2).to_dict("records")
[{'term': 'aliens', 'count_a': 2, 'count_b': 0}, {'term': 'illegal', 'count_a': 2, 'count_b': 0}]

What is removed before counting (the cleaning)
----------------------------------------------
Each article's document (title, blank line, body) is normalised with
:func:`framing.text.normalize` and split into stripped, non-empty lines. A line is dropped when
it is boilerplate (pass 1), starts with a known prompt ("click here", "sign up", "subscribe",
"read more", "just watched", "story highlights", "advertisement", "copyright"…), is a byline
("By Jane Doe") or an agency credit ("… contributed to this report"); a dateline such as
"Washington (CNN) —" is cut from the start of a line. The kept lines of an article are joined by
a break, then tokenised (:mod:`framing.tokens`), and every masked token sequence becomes breaks,
so "CNN" is never CNN's top term and no n-gram runs across a masked name. A masked sequence is
matched within one article (a name with a break inside, "cnn.com", does not join one article's
last word to the next one's first), so masking, like the rest, looks at one article at a time.

How it is computed (and why it is fast)
---------------------------------------
Each article is normalised once, with its line breaks replaced by a printable character it does
not contain (the normaliser's fastest path). Line keys are numbered in one dictionary pass and
counted per outlet by sorting. Tokens: the texts are split at spaces and the chunks numbered by
Arrow's ``dictionary_encode`` (C++), and the tokenizer runs once over the *distinct* chunks.
Counting: every n-gram gets an exact int64 key — its words' codes written in base |vocabulary|
(when that outgrows an int64, the prefix is first numbered by hashing) — and (key, article)
pairs are packed into one integer and sorted with NumPy; occurrences and articles per group
come from ``np.bincount`` over the runs of equal keys. Positions, codes and article numbers are
int32 and large buffers are reused: at tens of millions of tokens, fresh memory (page faults)
costs as much as the arithmetic. An n-gram's string is built only when asked for
(:meth:`TermCounts.terms`: the rows a contrast reports; :attr:`TermCounts.table`: all rows,
when batches are summed), by Arrow, from its prefix's string and its last word. No Python
object is made per token or n-gram.

With ``workers=2`` (``contrast(..., workers=2)``) the caller and one forked process
(:mod:`framing.forks`) share each step:
normalising and then cleaning and tokenising take two runs of articles of about equal length
(the second run's vocabulary is merged into the very numbering one pass gives), and counting
splits each n-gram length's keys at a sampled median (the child writes its rows into memory
shared with the caller). The counts are those of one process, row for row.
"""

from __future__ import annotations

import mmap
import re
from collections import defaultdict
from dataclasses import dataclass
from functools import partial
from itertools import count
from typing import Iterable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from .errors import FramingError
from .forks import run_forked
from .models import Article
from .outlets import load_aliases
from .text import normalize
from .tokens import is_break, token_stream

__all__ = [
    "ContrastError",
    "LineCounts",
    "TermCounts",
    "PreparedBatch",
    "prepare_batch",
    "line_counts",
    "count_terms",
    "mask_sequences",
    "as_articles",
    "BREAK_TOKEN",
    "COUNT_COLUMNS",
    "MAX_N",
]

#: Columns of :attr:`TermCounts.table` after ``term``: n-gram length, occurrences in A, in B and
#: in background-only articles, and articles of A, of B and of the background containing it.
COUNT_COLUMNS = ("n", "count_a", "count_b", "count_bg", "docs_a", "docs_b", "docs_bg")
#: Longest n-gram that can be counted.
MAX_N = 5
#: How a break (a place an n-gram may not continue) is spelled in :meth:`PreparedBatch.tokens`.
BREAK_TOKEN = "|"


class ContrastError(FramingError):
    """Two groups cannot be counted or contrasted as asked (empty group, no shared events, bad
    setting, counts of different settings added together)."""


def as_articles(items: Iterable[Article | str], what: str) -> list[Article]:
    """``items`` as articles; a plain string becomes an article without outlet or event.

    Raises
    ------
    ContrastError
        An item is neither an Article nor a str.
    """
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


# --- additive results --------------------------------------------------------------------------

_LINE_SCHEMA = pa.schema([("outlet", pa.large_string()), ("key", pa.large_string()),
                          ("articles", pa.int64())])
_TERM_SCHEMA = pa.schema([("term", pa.large_string()), ("n", pa.int8())]
                         + [(c, pa.int64()) for c in COUNT_COLUMNS[1:]])


@dataclass(frozen=True, slots=True)
class LineCounts:
    """Pass 1: in how many articles of each outlet each line key occurs (additive).

    Attributes
    ----------
    table : pyarrow.Table
        Columns ``outlet`` (str), ``key`` (the normalised line; in lines of at most 120
        characters every digit run is ``#``, so "Updated 3:15 PM" repeats) and ``articles``
        (int64, articles of the batch with that line), one row per distinct (outlet, key).
    """

    table: pa.Table

    def __add__(self, other: "LineCounts") -> "LineCounts":
        return LineCounts.sum((self, other))

    @staticmethod
    def sum(parts: Iterable["LineCounts"]) -> "LineCounts":
        """The counts of all ``parts`` together (articles must not repeat across parts)."""
        tables = [p.table for p in parts]
        if not tables:
            return LineCounts(_LINE_SCHEMA.empty_table())
        if len(tables) == 1:
            return LineCounts(tables[0])
        merged = pa.concat_tables(tables).group_by(["outlet", "key"]).aggregate(
            [("articles", "sum")]).rename_columns(["outlet", "key", "articles"])
        return LineCounts(merged.select(["outlet", "key", "articles"]))

    def boilerplate(self, minimum: int) -> frozenset[tuple[str, str]]:
        """The (outlet, key) pairs found in at least ``minimum`` articles; ``0`` gives none.

        Raises
        ------
        ContrastError
            ``minimum`` is not a whole number >= 0.
        """
        return _pairs_seen(self.table["outlet"].to_numpy(), self.table["key"].to_numpy(),
                           self.table["articles"].to_numpy(), minimum)


class _Speller:
    """Spells rows of a :class:`TermCounts` as n-gram strings (the term column, on demand)."""

    def __call__(self, rows: np.ndarray) -> pa.Array:  # pragma: no cover - interface
        raise NotImplementedError

    def edges(self, rows: np.ndarray) -> tuple[pa.Array, pa.Array]:
        """The first and the last word of each row's n-gram."""
        term = self(rows)
        return (pc.replace_substring_regex(term, " .*", ""),
                pc.replace_substring_regex(term, ".* ", ""))


@dataclass(frozen=True, slots=True)
class _ColumnSpeller(_Speller):
    """Rows of a term column that already exists (counts read or summed from tables)."""

    terms: pa.Array

    def __call__(self, rows: np.ndarray) -> pa.Array:
        return self.terms.take(pa.array(rows, pa.int64()))


@dataclass(frozen=True, slots=True)
class _OrderSpeller(_Speller):
    """Rows of a freshly counted batch, spelled from the n-gram keys: the string of an n-gram
    is its (n-1)-gram prefix's string joined to its last word, so only the rows asked for (and
    their prefixes) are ever spelled."""

    keys: dict[int, np.ndarray]                # n -> the key of each row of that length
    prefixes: dict[int, np.ndarray | None]     # n -> prefix number -> (n-1)-gram key, or None
    starts: np.ndarray                         # first TermCounts row of each length 1, 2, ...
    vocab: pa.Array                            # code -> word

    def __call__(self, rows: np.ndarray) -> pa.Array:
        rows = np.asarray(rows, dtype=np.int64)
        length = np.searchsorted(self.starts, rows, side="right")  # n of each row
        parts, order = [], []
        for n in np.unique(length).tolist():
            at = np.flatnonzero(length == n)
            parts.append(self._spell(n, self.keys[n][rows[at] - self.starts[n - 1]]))
            order.append(at)
        if not parts:
            return pa.array([], pa.large_string())
        spelled = pa.concat_arrays(parts)
        if len(parts) == 1:
            return spelled
        back = np.empty(rows.size, dtype=np.int64)
        back[np.concatenate(order)] = np.arange(rows.size, dtype=np.int64)
        return spelled.take(pa.array(back))

    def edges(self, rows: np.ndarray) -> tuple[pa.Array, pa.Array]:
        """The first and the last word of each row's n-gram, read off the keys."""
        rows = np.asarray(rows, dtype=np.int64)
        length = np.searchsorted(self.starts, rows, side="right")
        vsize = np.int64(len(self.vocab))
        first = np.empty(rows.size, dtype=np.int64)
        last = np.empty(rows.size, dtype=np.int64)
        for n in np.unique(length).tolist():
            at = np.flatnonzero(length == n)
            keys = self.keys[n][rows[at] - self.starts[n - 1]]
            last[at] = keys % vsize
            for m in range(n, 1, -1):  # walk the prefixes down to the first word
                keys = keys // vsize
                if self.prefixes[m] is not None:
                    keys = self.prefixes[m][keys]
            first[at] = keys
        return self.vocab.take(pa.array(first)), self.vocab.take(pa.array(last))

    def _spell(self, n: int, keys: np.ndarray) -> pa.Array:
        """The strings of n-grams of length ``n`` given by their keys."""
        if n == 1:
            return self.vocab.take(pa.array(keys))
        vsize = np.int64(len(self.vocab))
        prefix = keys // vsize
        table = self.prefixes[n]
        if table is not None:
            prefix = table[prefix]
        return pc.binary_join_element_wise(self._spell(n - 1, prefix),
                                           self.vocab.take(pa.array(keys % vsize)),
                                           pa.scalar(" ", pa.large_string()))


@dataclass(frozen=True, slots=True, eq=False)
class TermCounts:
    """Pass 2: counts of every n-gram in groups A, B and the background (additive).

    Attributes
    ----------
    n : ndarray of int8, shape (rows,)
        Words in each n-gram (1 to ``max_n``).
    counts : ndarray of int64, shape (rows, 6)
        Columns :data:`COUNT_COLUMNS` after ``n``: ``count_a``, ``count_b``, ``count_bg``
        (occurrences in A, in B, in background-only articles), ``docs_a``, ``docs_b``,
        ``docs_bg`` (articles of A, of B and background-only articles containing it).
    max_n : int
        Longest n-gram counted.
    articles : tuple of int
        Articles counted in A, in B and in the background only.

    The n-gram strings come from :meth:`terms` (some rows) or :attr:`table` (all of them);
    a freshly counted batch spells only what is asked for. Row order is not meaningful.
    """

    n: np.ndarray
    counts: np.ndarray
    max_n: int
    articles: tuple[int, int, int]
    speller: _Speller

    @property
    def table(self) -> pa.Table:
        """Every row as a table: ``term`` (words joined by one space) and
        :data:`COUNT_COLUMNS` (``n`` int8, the counts int64)."""
        cols = {"term": self.terms(np.arange(self.n.size, dtype=np.int64)),
                "n": pa.array(self.n, pa.int8())}
        for j, name in enumerate(COUNT_COLUMNS[1:]):
            cols[name] = pa.array(np.ascontiguousarray(self.counts[:, j]), pa.int64())
        return pa.table(cols, schema=_TERM_SCHEMA)

    def terms(self, rows: np.ndarray) -> pa.Array:
        """The n-gram strings of ``rows`` (int indices), in that order."""
        return self.speller(rows)

    def edge_words(self, rows: np.ndarray) -> tuple[pa.Array, pa.Array]:
        """The first and the last word of the n-grams of ``rows`` (the same word for a
        unigram), e.g. for a stop-word rule; a freshly counted batch reads them off its keys
        without spelling the n-grams."""
        return self.speller.edges(rows)

    @staticmethod
    def from_table(table: pa.Table, max_n: int, articles: tuple[int, int, int]) -> "TermCounts":
        """Counts from a table shaped like :attr:`table` (e.g. read back from Parquet)."""
        counts = np.column_stack([table[c].to_numpy().astype(np.int64)
                                  for c in COUNT_COLUMNS[1:]]) if table.num_rows else np.zeros(
            (0, len(COUNT_COLUMNS) - 1), dtype=np.int64)
        terms = table["term"].combine_chunks().cast(pa.large_string())
        return TermCounts(n=table["n"].to_numpy().astype(np.int8), counts=counts,
                          max_n=max_n, articles=tuple(articles), speller=_ColumnSpeller(terms))

    def __add__(self, other: "TermCounts") -> "TermCounts":
        return TermCounts.sum((self, other))

    @staticmethod
    def sum(parts: Iterable["TermCounts"]) -> "TermCounts":
        """The counts of all ``parts`` together (grouped by term with Arrow's hash aggregation).

        Raises
        ------
        ContrastError
            No parts, or parts counted with different ``max_n``.
        """
        parts = list(parts)
        if not parts:
            raise ContrastError("TermCounts.sum got no parts; count at least one batch")
        sizes = {p.max_n for p in parts}
        if len(sizes) != 1:
            raise ContrastError(f"cannot add term counts of different n-gram lengths "
                                f"{sorted(sizes)}; count every batch with the same max_n")
        if len(parts) == 1:
            return parts[0]
        articles = tuple(int(sum(p.articles[i] for p in parts)) for i in range(3))
        cols = list(COUNT_COLUMNS[1:])
        merged = pa.concat_tables([p.table for p in parts]).group_by(["term", "n"]).aggregate(
            [(c, "sum") for c in cols]).rename_columns(["term", "n", *cols])
        return TermCounts.from_table(merged, parts[0].max_n, articles)

    def totals(self) -> dict[int, tuple[int, int]]:
        """``{n: (n^A, n^B)}``: the n-grams of each length counted in A and in B."""
        size = self.max_n + 1
        # float sums of integer counts are exact below 2**53 n-grams
        a = np.bincount(self.n, weights=self.counts[:, 0], minlength=size)
        b = np.bincount(self.n, weights=self.counts[:, 1], minlength=size)
        return {n: (int(a[n]), int(b[n])) for n in range(1, size)}


# --- preparing a batch: normalised lines -------------------------------------------------------

_PROMPT = re.compile(
    r"(?:click here|sign up|subscribe|read more|related:|related coverage|advertisement"
    r"|just watched|story highlights|must watch|more videos|hide caption|photos?:|watch:|video:"
    r"|copyright|all rights reserved|follow (?:us|him|her|them) on|\(ap photo|getty images"
    r"|by [a-z.' -]{2,60}$|[^.]{0,160}contributed to this report\.?$)"
)
_DATELINE = re.compile(r"[a-z][a-z .,'-]{0,40}\([a-z ./&]{1,25}\)\s*-*\s*")
_DIGITS = re.compile(r"\d+")
_KEY_MAX = 120  # lines up to this long are compared with their digits blanked out
# Stand-ins for a line break while a document is normalised: printable ASCII that normalize()
# keeps as it is (its fast path needs a printable text); the first one the document lacks is
# used, "\x00" (slower path, same lines) when it has them all.
_LINE_SEPS = "~^|{}\\@#$*+=<>"
_KEY_JOIN = "\x00"


def _object_array(items: list) -> np.ndarray:
    out = np.empty(len(items), dtype=object)
    out[:] = items
    return out


def _doc_lines(articles: Sequence[Article]) -> tuple[list[str], np.ndarray]:
    """Normalised, stripped, non-empty lines of all articles, and how many each one has.

    Each document is normalised once as a whole, its line breaks first replaced by a stand-in
    (``_LINE_SEPS``); should the normaliser change how many stand-ins there are (a full-width
    "～" folds to "~"), the document's lines are normalised one by one instead (same lines,
    only slower).
    """
    lines: list[str] = []
    per_doc = np.zeros(len(articles), dtype=np.int64)
    for i, art in enumerate(articles):
        doc = art.document
        sep = next((s for s in _LINE_SEPS if s not in doc), "\x00")
        src = doc.replace("\n", sep)
        text = normalize(src).text
        if text.count(sep) == src.count(sep):
            parts = text.split(sep)
        else:
            parts = [normalize(part).text for part in doc.split("\n")]
        before = len(lines)
        lines.extend(filter(None, map(str.strip, parts)))
        per_doc[i] = len(lines) - before
    return lines, per_doc


@dataclass(frozen=True, slots=True)
class PreparedBatch:
    """A batch of articles normalised into lines, ready for both passes.

    :func:`prepare_batch` builds it; :meth:`line_counts` and :meth:`term_counts` are what
    :func:`line_counts` and :func:`count_terms` return, without normalising twice.

    Attributes
    ----------
    articles : tuple of Article
        A's articles, then B's, then the background-only ones.
    groups : ndarray of int8, shape (articles,)
        0 = A, 1 = B, 2 = background only.
    lines : ndarray of object, shape (lines,)
        Normalised, stripped, non-empty lines of all articles in order.
    doc_of_line : ndarray of int64, shape (lines,)
        Article index of each line.
    combo_of_line : ndarray of int64, shape (lines,)
        Row of each line's (outlet, key) pair in ``combo_outlet``/``combo_key``.
    combo_outlet, combo_key : ndarray of object
        The distinct (outlet, key) pairs of the batch.
    combo_articles : ndarray of int64
        Articles of the batch containing each pair.
    """

    articles: tuple[Article, ...]
    groups: np.ndarray
    lines: np.ndarray
    doc_of_line: np.ndarray
    combo_of_line: np.ndarray
    combo_outlet: np.ndarray
    combo_key: np.ndarray
    combo_articles: np.ndarray

    def line_counts(self) -> LineCounts:
        """Pass 1 for this batch (see :func:`line_counts`)."""
        table = pa.table({"outlet": pa.array(self.combo_outlet.tolist(), pa.large_string()),
                          "key": pa.array(self.combo_key.tolist(), pa.large_string()),
                          "articles": pa.array(self.combo_articles, pa.int64())},
                         schema=_LINE_SCHEMA)
        return LineCounts(table)

    def boilerplate(self, minimum: int) -> frozenset[tuple[str, str]]:
        """``self.line_counts().boilerplate(minimum)`` (same errors) read off the batch's
        arrays: the boilerplate of a batch that holds every article (as in
        :func:`framing.contrast.contrast`), without building the pass-1 table."""
        return _pairs_seen(self.combo_outlet, self.combo_key, self.combo_articles, minimum)

    def term_counts(self, *, max_n: int = 3, mask: Sequence[Sequence[str]] = (),
                    boilerplate: frozenset[tuple[str, str]] | set = frozenset(),
                    background_only: bool = True, workers: int = 1) -> TermCounts:
        """Pass 2 for this batch (see :func:`count_terms`)."""
        _check_max_n(max_n)
        _check_workers(workers)
        corpus = self._corpus(mask, boilerplate, workers)
        orders = _count_orders(corpus, max_n, workers)
        return _term_counts(orders, corpus, max_n, background_only)

    def tokens(self, *, mask: Sequence[Sequence[str]] = (),
               boilerplate: frozenset[tuple[str, str]] | set = frozenset()) -> list[list[str]]:
        """The token streams pass 2 counts, one list per article in order, with
        :data:`BREAK_TOKEN` wherever an n-gram may not continue."""
        corpus = self._corpus(mask, boilerplate)
        bounds = np.flatnonzero(np.diff(corpus.doc_of)) + 1
        words = corpus.vocab
        # every article's codes end with the break that closes it: leave that one out
        return [list(words[chunk[:-1]]) for chunk in np.split(corpus.codes, bounds)]

    def _corpus(self, mask: Sequence[Sequence[str]],
                boilerplate: frozenset[tuple[str, str]] | set, workers: int = 1) -> "_Corpus":
        if workers > 1 and len(self.articles) > 1:
            # each process cleans and tokenises a run of articles; the vocabularies are merged
            # into the one a single pass numbers (see _merge_encoded)
            tasks = [partial(self._encoded, boilerplate, lo, hi)
                     for lo, hi in self._split(workers)]
            codes, lengths, vocab = _merge_encoded(run_forked(tasks))
        else:
            codes, lengths, vocab = self._encoded(boilerplate)
        doc_of = np.repeat(np.arange(len(self.articles), dtype=np.int32), lengths)
        _apply_masks(codes, mask, {w: i for i, w in enumerate(vocab.tolist())}, doc_of)
        return _Corpus(codes=codes, doc_of=doc_of, groups=self.groups, vocab=vocab)

    def _encoded(self, boilerplate: frozenset[tuple[str, str]] | set, start: int = 0,
                 stop: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """:func:`_encode` of the cleaned texts of articles ``start``..``stop``."""
        return _encode(self._clean_texts(boilerplate, start, stop))

    def _clean_texts(self, boilerplate: frozenset[tuple[str, str]] | set, start: int = 0,
                     stop: int | None = None) -> list[str]:
        """Kept lines of articles ``start``..``stop`` (default all), each article's joined by
        " | " (boilerplate, prompts, datelines gone)."""
        ndocs = len(self.articles)
        stop = ndocs if stop is None else stop
        first, end = np.searchsorted(self.doc_of_line, [start, stop]).tolist()
        lines = self.lines[first:end]
        n = lines.size
        if boilerplate:
            pairs = zip(self.combo_outlet.tolist(), self.combo_key.tolist())
            bad = np.fromiter(map(boilerplate.__contains__, pairs), dtype=bool,
                              count=self.combo_key.size)
            drop = bad[self.combo_of_line[first:end]]
        else:
            drop = np.zeros(n, dtype=bool)
        drop |= np.fromiter(map(bool, map(_PROMPT.match, lines)), dtype=bool, count=n)
        keep = np.flatnonzero(~drop)
        kept = lines[keep]
        dated = list(map(_DATELINE.match, kept))
        for i in np.flatnonzero(np.fromiter(map(bool, dated), dtype=bool,
                                            count=kept.size)).tolist():
            kept[i] = kept[i][dated[i].end():]
        bounds = np.searchsorted(self.doc_of_line[first:end][keep],
                                 np.arange(start, stop + 1)).tolist()
        flat = kept.tolist()
        return [" | ".join(flat[bounds[i]:bounds[i + 1]]) for i in range(stop - start)]

    def _split(self, parts: int) -> list[tuple[int, int]]:
        """``parts`` runs of consecutive articles with about the same number of characters."""
        return _even_runs(np.bincount(self.doc_of_line, minlength=len(self.articles),
                                      weights=np.fromiter(map(len, self.lines),
                                                          dtype=np.float64,
                                                          count=self.lines.size)), parts)


def _even_runs(sizes: np.ndarray, parts: int) -> list[tuple[int, int]]:
    """At most ``parts`` non-empty runs (start, stop) of consecutive items, covering them all,
    whose ``sizes`` add up to about the same."""
    cuts = np.searchsorted(np.cumsum(sizes), sizes.sum() * np.arange(1, parts) / parts)
    bounds = np.unique(np.concatenate(([0], np.minimum(cuts + 1, sizes.size), [sizes.size])))
    return list(zip(bounds[:-1].tolist(), bounds[1:].tolist()))


def _line_keys(articles: Sequence[Article]) -> tuple[list[str], np.ndarray, list[str]]:
    """:func:`_doc_lines` of the articles, and each line's key: the line itself, or in lines
    of at most ``_KEY_MAX`` characters, the line with every digit run blanked to ``#``."""
    lines, per_doc = _doc_lines(articles)
    keys = list(lines)  # the same str objects: a forked worker's answer pickles each once
    short = [i for i, line in enumerate(lines) if len(line) <= _KEY_MAX]
    if short:
        joined = _KEY_JOIN.join([lines[i] for i in short])
        for i, key in zip(short, _DIGITS.sub("#", joined).split(_KEY_JOIN)):
            keys[i] = key
    return lines, per_doc, keys


def prepare_batch(a: Iterable[Article | str] = (), b: Iterable[Article | str] = (),
                  background: Iterable[Article | str] = (), *,
                  workers: int = 1) -> PreparedBatch:
    """Normalise a batch of articles (A's, B's and background-only ones) into lines.

    ``workers`` (default 1) processes normalise runs of the articles at once, as in
    :func:`count_terms`; the batch is the same for any number.

    Raises
    ------
    ContrastError
        An item is neither an Article nor a str, or ``workers`` is out of range.
    """
    _check_workers(workers)
    groups_in = [as_articles(a, "a"), as_articles(b, "b"), as_articles(background, "background")]
    arts = [x for g in groups_in for x in g]
    groups = np.repeat(np.arange(3, dtype=np.int8), [len(g) for g in groups_in])
    if workers > 1 and len(arts) > 1:
        sizes = np.fromiter((len(x.text) + len(x.title) for x in arts), dtype=np.float64,
                            count=len(arts))
        parts = run_forked([partial(_line_keys, arts[lo:hi])
                            for lo, hi in _even_runs(sizes, workers)])
    else:
        parts = [_line_keys(arts)]
    lines = _object_array([line for part in parts for line in part[0]])
    keys = _object_array([key for part in parts for key in part[2]])
    per_doc = np.concatenate([part[1] for part in parts])
    del parts
    n = lines.size
    doc_of_line = np.repeat(np.arange(len(arts), dtype=np.int64), per_doc)
    key_ids = defaultdict(count().__next__)
    key_id = np.fromiter(map(key_ids.__getitem__, keys), dtype=np.int64, count=n)
    outlet_ids: dict[str, int] = {}
    outlet_of_doc = np.fromiter((outlet_ids.setdefault(x.outlet, len(outlet_ids)) for x in arts),
                                dtype=np.int64, count=len(arts))
    n_outlets = np.int64(max(1, len(outlet_ids)))
    combo = key_id * n_outlets + outlet_of_doc[doc_of_line]
    ndocs = np.int64(max(1, len(arts)))
    pairs = np.sort(combo * ndocs + doc_of_line)
    pairs = pairs[np.diff(pairs, prepend=-1) != 0]  # (combo, article) once per article
    combos, articles = np.unique(pairs // ndocs, return_counts=True)
    combo_of_line = np.searchsorted(combos, combo)
    key_names = _object_array(list(key_ids))
    outlet_names = _object_array(list(outlet_ids) or [""])
    return PreparedBatch(articles=tuple(arts), groups=groups, lines=lines,
                         doc_of_line=doc_of_line, combo_of_line=combo_of_line,
                         combo_outlet=outlet_names[combos % n_outlets],
                         combo_key=key_names[combos // n_outlets],
                         combo_articles=articles.astype(np.int64))


def line_counts(a: Iterable[Article | str] = (), b: Iterable[Article | str] = (),
                background: Iterable[Article | str] = ()) -> LineCounts:
    """Pass 1 on one batch: articles per (outlet, line key); add the batches' results.

    The group of an article does not matter here, only its outlet; the three arguments mirror
    :func:`count_terms` so a batch is passed the same way to both.

    Returns
    -------
    LineCounts

    Raises
    ------
    ContrastError
        An item is neither an Article nor a str.
    """
    return prepare_batch(a, b, background).line_counts()


def count_terms(a: Iterable[Article | str] = (), b: Iterable[Article | str] = (),
                background: Iterable[Article | str] = (), *, max_n: int = 3,
                mask: Sequence[Sequence[str]] = (),
                boilerplate: frozenset[tuple[str, str]] | set = frozenset(),
                background_only: bool = True, workers: int = 1) -> TermCounts:
    """Pass 2 on one batch: counts of every n-gram of length 1 to ``max_n`` per group.

    Parameters
    ----------
    a, b, background : iterable of Article or str
        The batch's articles of group A, of group B, and of the background only (used by the
        informative prior). An article belongs to one group and one batch.
    max_n : int
        Longest n-gram (1 to :data:`MAX_N`).
    mask : sequence of token sequences
        What to mask, from :func:`mask_sequences`; the same for every batch.
    boilerplate : set of (outlet, key)
        Lines to drop, from :meth:`LineCounts.boilerplate` over all batches.
    background_only : bool
        Keep n-grams seen only in background articles (default). They are needed when batches
        are summed (a later batch may see the n-gram in A); a single batch may pass ``False``,
        since the statistics never use them, to save time and memory.
    workers : int
        Processes that clean, tokenise and count at once (default 1). With more, the work is
        split between forked processes (:func:`framing.forks.run_forked`; one after another
        where a process cannot fork) and the counts are exactly those of one process, row for
        row. Forking and handing the work over cost time, and two processes share the memory
        bandwidth: on Fox News vs CNN (6,540 articles) two were no faster than one on this
        project's busy two-core machine; a batch already running on a worker of its own should
        keep 1.

    Returns
    -------
    TermCounts

    Raises
    ------
    ContrastError
        ``max_n`` or ``workers`` is out of range, or an item is neither an Article nor a str.
    """
    _check_max_n(max_n)
    _check_workers(workers)
    return prepare_batch(a, b, background).term_counts(
        max_n=max_n, mask=mask, boilerplate=boilerplate, background_only=background_only,
        workers=workers)


def mask_sequences(outlets: Iterable[str], extra: Iterable[str] = (),
                   aliases: dict[str, str] | None = None) -> list[list[str]]:
    """Token sequences to mask: the outlets, every alias of them, and ``extra``.

    Parameters
    ----------
    outlets : iterable of str
        Outlet ids of both groups (empty strings are ignored).
    extra : iterable of str
        More names or phrases to mask.
    aliases : dict of str to str, optional
        Alias table (lower-cased alias -> outlet id); default the project's
        (:func:`framing.outlets.load_aliases`).

    Returns
    -------
    list of list of str
        One token sequence per distinct name, in a fixed (sorted) order.
    """
    table = load_aliases() if aliases is None else aliases
    wanted = {o for o in outlets if o}
    ids = {table.get(o.lower(), o) for o in wanted}
    names = set(wanted) | ids | {alias for alias, oid in table.items() if oid in ids}
    names |= {e for e in extra if e and e.strip()}
    seqs = []
    for name in sorted(names):
        toks = [BREAK_TOKEN if is_break(t) else t for t in token_stream(normalize(name).text)]
        while toks and toks[-1] == BREAK_TOKEN:
            toks.pop()
        while toks and toks[0] == BREAK_TOKEN:
            toks.pop(0)
        if toks:
            seqs.append(toks)
    return seqs


def _pairs_seen(outlets: np.ndarray, keys: np.ndarray, articles: np.ndarray,
                minimum: int) -> frozenset[tuple[str, str]]:
    """The (outlet, key) pairs of rows with at least ``minimum`` articles; ``0`` gives none."""
    if not isinstance(minimum, int) or isinstance(minimum, bool) or minimum < 0:
        raise ContrastError(f"boilerplate minimum={minimum!r}: expected a whole number >= 0")
    if minimum == 0:
        return frozenset()
    hit = np.flatnonzero(articles >= minimum)
    return frozenset(zip(outlets[hit].tolist(), keys[hit].tolist()))


def _check_workers(workers: int) -> None:
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ContrastError(f"workers={workers!r}: expected a whole number of processes >= 1")


def check_whole(name: str, value: int) -> None:
    """Refuse a count setting (``min_count``, ``boilerplate_min`` …) that is not a whole
    number >= 0.

    Raises
    ------
    ContrastError
    """
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise ContrastError(f"{name}={value!r}: expected a whole number >= 0")


def _check_max_n(max_n: int) -> None:
    if not isinstance(max_n, int) or isinstance(max_n, bool) or not 1 <= max_n <= MAX_N:
        raise ContrastError(f"max_n={max_n!r}: expected a whole number from 1 to {MAX_N}")


# --- tokens ------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Corpus:
    codes: np.ndarray        # token code per position (int32); break code 0, closing each text
    doc_of: np.ndarray       # article index per position (int32)
    groups: np.ndarray       # group per article (int8)
    vocab: np.ndarray | pa.Array  # code -> token string (code 0 = BREAK_TOKEN): an object
                                  # array, or a saved background's Arrow array


def _chunk_sequences(chunks: list[str]
                     ) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Token codes of the distinct space-free chunks: flat codes, start and length per chunk,
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
    distinct = list(item_ids)  # in order of their ids
    # a token starts with a letter or digit, a marker does not (framing.tokens.is_break)
    is_word = np.fromiter(map(str.isalnum, (w[:1] for w in distinct)), dtype=bool,
                          count=len(distinct))
    word_ids = np.flatnonzero(is_word)
    words = [distinct[i] for i in word_ids.tolist()]
    code_of = np.zeros(len(distinct), dtype=np.int32)
    code_of[word_ids] = np.arange(1, len(words) + 1, dtype=np.int32)
    seps = np.flatnonzero(ids == sep)
    if seps.size != len(chunks) - 1:  # a chunk held a line break: cannot happen after normalize
        raise ContrastError("internal: chunk tokenisation lost its separators")
    seq_len = (np.diff(np.concatenate(([-1], seps, [ids.size]))) - 1).astype(np.int32)
    seq_flat = code_of[ids[ids != sep]]
    seq_start = np.cumsum(seq_len, dtype=np.int64) - seq_len
    vocab = np.empty(len(words) + 1, dtype=object)
    vocab[0] = BREAK_TOKEN
    vocab[1:] = words
    return seq_flat, seq_start, seq_len, vocab


def _encode(texts: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Token codes of all texts (code 0 = break; one break closes each text), tokens per text,
    and the vocabulary (code -> token).

    Each text (normalised, so its only white space is single spaces) gets a closing ``" |"``
    and is split at spaces by Arrow; the chunks are numbered by Arrow's ``dictionary_encode``
    and the tokenizer runs once over the *distinct* chunks (:func:`_chunk_sequences`). No rule
    of the tokenizer looks across white space, so the result equals tokenising each text.
    """
    if not texts:
        return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.int64), np.array(
            [BREAK_TOKEN], dtype=object)
    # 32-bit offsets while the UTF-8 surely fits (at most 4 bytes a character): Arrow splits
    # and hashes such strings about a third faster than large (64-bit) ones
    kind = pa.string() if 4 * sum(map(len, texts)) < 2**31 - 2 * len(texts) else pa.large_string()
    arr = pc.binary_join_element_wise(pa.array(texts, kind), pa.scalar(BREAK_TOKEN, kind),
                                      pa.scalar(" ", kind))
    split = pc.split_pattern(arr, " ")
    chunks_per_text = np.diff(split.offsets.to_numpy())
    encoded = pc.dictionary_encode(split.flatten())
    raw = encoded.indices.to_numpy()  # int32: fine as an index
    seq_flat, seq_start, seq_len, vocab = _chunk_sequences(encoded.dictionary.to_pylist())
    lens = seq_len[raw]
    # positions as int32 while they fit: half the memory to fill and read
    index = np.int32 if seq_start[-1] + raw.size * int(seq_len.max()) < 2**31 else np.int64
    out_start = np.cumsum(lens, dtype=index)  # each chunk's end, for now
    ends = out_start[np.cumsum(chunks_per_text) - 1].astype(np.int64)
    lengths = np.diff(ends, prepend=0)
    out_start -= lens
    # output position p of a chunk holds seq_flat[seq_start[chunk] + (p - out_start[chunk])]
    shift = seq_start.astype(index)[raw]
    shift -= out_start
    del out_start
    idx = np.repeat(shift, lens)
    del shift
    idx += np.arange(idx.size, dtype=index)
    return seq_flat[idx], lengths, vocab


def _merge_encoded(parts: list[tuple[np.ndarray, np.ndarray, np.ndarray]]
                   ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """:func:`_encode`'s results for consecutive runs of texts as one result for all the texts.

    Words keep the first run's codes; each later run's words not seen before are numbered on,
    in that run's order. This is exactly the numbering of one pass over all the texts: it
    numbers words by their first appearance in the distinct chunks, and the chunks a later
    run adds come after every chunk of the earlier runs, in the later run's own order (a word
    new to a run cannot sit in a chunk an earlier run had). So the merged codes, and every
    n-gram key built from them, equal a single pass's.
    """
    codes, lengths, vocab = parts[0]
    index = {w: i for i, w in enumerate(vocab.tolist())}
    all_codes, all_lengths = [codes], [lengths]
    for codes, lengths, vocab in parts[1:]:
        recode = np.fromiter((index.setdefault(w, len(index)) for w in vocab.tolist()),
                             dtype=np.int32, count=vocab.size)
        all_codes.append(recode[codes])
        all_lengths.append(lengths)
    return (np.concatenate(all_codes), np.concatenate(all_lengths),
            _object_array(list(index)))


def _apply_masks(codes: np.ndarray, seqs: Sequence[Sequence[str]],
                 lookup: dict[str, int], doc_of: np.ndarray, vsize: int | None = None) -> None:
    """Replace every occurrence of each token sequence by breaks (code 0), in place.

    Longer sequences first. The positions of every sequence's first token are found in one
    pass and grouped by token, so each sequence looks only at the positions of its own first
    token (a corpus with hundreds of outlet aliases is not scanned hundreds of times).
    An occurrence lies within one article (``doc_of``: article of each position): a name with
    a break inside ("cnn.com" is cnn | com) must not join an article's last word to the next
    one's first through the break that closes the article, or the counts would depend on which
    articles sit side by side in a batch. ``vsize``: the number of codes, when ``lookup``
    holds only some of the vocabulary (default ``len(lookup)``).
    """
    wanted = []
    for seq in sorted(seqs, key=len, reverse=True):
        ids = [lookup.get(t) for t in seq]
        if any(i is None for i in ids) or len(ids) > codes.size:
            continue
        wanted.append(ids)
    if not wanted:
        return
    is_first = np.zeros(len(lookup) if vsize is None else vsize, dtype=bool)
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
        if k > 1 and hits.size:
            hits = hits[doc_of[hits] == doc_of[hits + (k - 1)]]
        for j in range(k):
            codes[hits + j] = 0


# --- counting ----------------------------------------------------------------------------------

@dataclass(slots=True)
class _Order:
    """Counts of every distinct n-gram of one length."""

    n: int
    keys: np.ndarray            # int64 key per row: prefix * |vocab| + the last word's code
    prefixes: np.ndarray | None  # None: the prefix is the (n-1)-gram's key; else the prefix
                                 # is a number and this maps it to the (n-1)-gram's key
    occurrences: np.ndarray     # (rows, 3) occurrences in A, B and background-only articles
    articles: np.ndarray        # (rows, 3) articles of A, B and background only containing it


def _count_order(key: np.ndarray, doc: np.ndarray, groups: np.ndarray, doc_bits: int
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Distinct keys (sorted), and per key and group its occurrences and articles.

    The (key, article) pairs are packed into one int64 (``key << doc_bits | doc``; the caller
    makes sure the key fits) and sorted in place with NumPy's vectorised sort, several times
    faster than hashing or ``argsort``. Equal keys then form runs with their articles in
    order: the XOR of neighbours tells where a key changes (a new row) and where the article
    changes (a new article for that key), and ``np.bincount`` adds up each run per group.
    Buffers are reused where they can be: at this scale fresh memory (page faults) costs as
    much as the arithmetic.
    """
    size = key.size
    packed = key << np.int64(doc_bits)
    packed |= doc
    packed.sort()
    work = np.empty(size, dtype=np.int64)
    if size:
        work[0] = -1  # the first element starts a row and an article
        np.bitwise_xor(packed[1:], packed[:-1], out=work[1:])
    first_in_doc = work != 0
    new_row = np.greater_equal(work, np.int64(1) << np.int64(doc_bits))
    new_row[:1] = True
    distinct = packed[new_row] >> np.int64(doc_bits)
    rows = distinct.size
    slot = np.cumsum(new_row, dtype=np.int64, out=work)  # row number + 1 of each element
    del new_row
    slot -= 1
    slot *= 3
    packed &= np.int64((1 << doc_bits) - 1)  # the article of each element
    slot += groups[packed]
    del packed
    occurrences = np.bincount(slot, minlength=3 * rows).reshape(rows, 3)
    articles = np.bincount(slot[first_in_doc], minlength=3 * rows).reshape(rows, 3)
    return distinct, occurrences, articles


def _count_orders(corpus: _Corpus, hi: int, workers: int = 1) -> dict[int, _Order]:
    """Counts per group and document frequencies of every n-gram of lengths 1..``hi``.

    With ``workers > 1`` the n-grams of each length are cut into that many ranges of keys
    (:func:`_count_share`), counted at once in forked processes (:func:`framing.forks.run_forked`)
    and put one after another: the rows, in their order, are those of one process's count.
    The forked processes write their rows into memory shared with this one
    (:func:`_count_into`): sent through a pipe, the ~100 MB of Fox/CNN's counts cost the
    caller more time to receive than the second process saved.
    """
    if workers <= 1:
        return _count_share(corpus, hi)
    bound = max(1, int(corpus.codes.size))  # no length has more distinct n-grams than tokens
    try:
        shared = [mmap.mmap(-1, hi * _SHARED_ROW * bound) for _ in range(workers - 1)]
    except (OSError, OverflowError):  # no room for the address space: count here
        return _count_share(corpus, hi)
    parts = run_forked([partial(_count_share, corpus, hi, 0, workers)]
                       + [partial(_count_into, buf, corpus, hi, share, workers)
                          for share, buf in enumerate(shared, start=1)])
    out = parts[0]
    for n, order in out.items():
        pieces = [order] + [_shared_order(buf, n, part[n], bound)
                            for buf, part in zip(shared, parts[1:])]
        out[n] = _Order(n=n, keys=np.concatenate([p.keys for p in pieces]),
                        prefixes=order.prefixes,
                        occurrences=np.concatenate([p.occurrences for p in pieces]),
                        articles=np.concatenate([p.articles for p in pieces]))
    return out


_SHARED_ROW = 7 * 8  # bytes per row of a shared count: key, 3 occurrences, 3 articles (int64)


def _shared_order(buf: mmap.mmap, n: int, rows: int, bound: int) -> _Order:
    """Views of the rows of length ``n`` a forked share wrote into ``buf`` (see
    :func:`_count_into`); each length has room for ``bound`` rows."""
    base = (n - 1) * _SHARED_ROW * bound
    return _Order(n=n, keys=np.ndarray(rows, np.int64, buf, base), prefixes=None,
                  occurrences=np.ndarray((rows, 3), np.int64, buf, base + 8 * bound),
                  articles=np.ndarray((rows, 3), np.int64, buf, base + 32 * bound))


def _count_into(buf: mmap.mmap, corpus: _Corpus, hi: int, share: int,
                shares: int) -> dict[int, int]:
    """:func:`_count_share` writing its rows into ``buf`` (memory shared with the caller);
    returns the number of rows of each length."""
    rows = {}
    bound = max(1, int(corpus.codes.size))
    for n, order in _count_share(corpus, hi, share, shares, with_prefixes=False).items():
        view = _shared_order(buf, n, order.keys.size, bound)
        view.keys[:] = order.keys
        view.occurrences[:] = order.occurrences
        view.articles[:] = order.articles
        rows[n] = int(order.keys.size)
    return rows


def _count_share(corpus: _Corpus, hi: int, share: int = 0, shares: int = 1,
                 with_prefixes: bool = True) -> dict[int, _Order]:
    """Counts of the n-grams of lengths 1..``hi`` in share ``share`` of ``shares`` (all: 1).

    An n-gram is identified by an exact integer key: its (n-1)-gram prefix's key times the
    vocabulary size plus its last word's code (the unigram key is the word's code), so the key
    is the n-gram's word codes written in base |vocab|. When that would no longer fit in an
    int64 beside the article number (long n-grams, large vocabularies), the prefixes are first
    numbered by hashing (``pandas.factorize``) and the number takes the key's place; the table
    of prefixes is kept for spelling (``with_prefixes=False`` leaves it out: a forked share's
    caller has its own). Each length is then counted by :func:`_count_order`. No Python object
    is made per token or n-gram.

    Shares: every share computes the keys of all positions (cheap), then counts only those
    whose key (or number) falls in its range (:func:`_share_mask`); the ranges follow the
    order :func:`_count_order` sorts by, so share 0's rows, then share 1's, ... are the rows
    of one count with ``shares=1``.
    """
    codes = corpus.codes
    vsize = len(corpus.vocab)
    groups = corpus.groups.astype(np.int8)
    doc_bits = max(1, int(corpus.groups.size).bit_length())
    fits = 63 - doc_bits  # key bits that fit beside the article number
    pos = np.flatnonzero(codes != 0)
    if codes.size < 2**31:  # half the memory to read and write in every step below
        pos = pos.astype(np.int32)
    key = codes[pos].astype(np.int64)
    prefixes = None
    out: dict[int, _Order] = {}
    for n in range(1, hi + 1):
        doc = corpus.doc_of[pos]
        largest = int(key.max()) if key.size else 0
        value, ranked = key, None
        if largest.bit_length() > fits:  # beyond realistic corpora
            number, ranked = pd.factorize(key)
            value = number.astype(np.int64)
        if shares > 1:
            mine = _share_mask(value, share, shares)
            value, doc = value[mine], doc[mine]
            del mine
        distinct, occurrences, articles = _count_order(value, doc, groups, doc_bits)
        if ranked is not None:
            distinct = ranked[distinct]
        del doc, value
        out[n] = _Order(n=n, keys=distinct, prefixes=prefixes if with_prefixes else None,
                        occurrences=occurrences, articles=articles)
        if n == hi:
            break
        # codes end with a break, so an n-gram's next position is always inside them
        nxt = codes[n:].take(pos)
        ok = nxt != 0
        pos = pos[ok]
        key = key[ok]
        nxt = nxt[ok]
        del ok
        if (largest * vsize + vsize - 1).bit_length() > fits:
            number, prefixes = pd.factorize(key)
            key = number.astype(np.int64)
        else:
            prefixes = None
        key *= np.int64(vsize)
        key += nxt
    return out


def _share_mask(value: np.ndarray, share: int, shares: int) -> np.ndarray:
    """Which positions belong to share ``share`` of ``shares``: consecutive ranges of values
    holding about equally many positions, cut at quantiles of a fixed sample (every 1/65,536th
    position), so each share finds the same cuts without seeing the others' work."""
    mask = np.ones(value.size, dtype=bool)
    if value.size == 0:
        return mask
    sample = np.sort(value[::max(1, value.size // 65536)])
    cuts = sample[(np.arange(1, shares) * sample.size) // shares]
    if share > 0:
        mask &= value >= cuts[share - 1]
    if share < shares - 1:
        mask &= value < cuts[share]
    return mask


def _term_counts(orders: dict[int, _Order], corpus: _Corpus, max_n: int,
                 background_only: bool) -> TermCounts:
    """The counted orders as :class:`TermCounts` (strings spelled later, on demand)."""
    keep = {}
    for n in range(1, max_n + 1):
        occ = orders[n].occurrences
        if background_only or not occ[:, 2].any():
            keep[n] = slice(None)
        else:
            keep[n] = np.flatnonzero(occ[:, 0] + occ[:, 1] > 0)
    sizes = [orders[n].keys[keep[n]].size for n in range(1, max_n + 1)]
    starts = np.cumsum([0] + sizes[:-1]).astype(np.int64)
    counts = np.empty((sum(sizes), 6), dtype=np.int64)
    keys = {}
    for n in range(1, max_n + 1):
        at = slice(int(starts[n - 1]), int(starts[n - 1]) + sizes[n - 1])
        counts[at, :3] = orders[n].occurrences[keep[n]]
        counts[at, 3:] = orders[n].articles[keep[n]]
        keys[n] = orders[n].keys[keep[n]]
    vocab = corpus.vocab if isinstance(corpus.vocab, pa.Array) else pa.array(
        corpus.vocab.tolist(), pa.large_string())
    speller = _OrderSpeller(keys=keys, prefixes={n: orders[n].prefixes for n in orders},
                            starts=starts, vocab=vocab)
    articles = tuple(int((corpus.groups == g).sum()) for g in range(3))
    return TermCounts(n=np.repeat(np.arange(1, max_n + 1, dtype=np.int8), sizes),
                      counts=counts, max_n=max_n, articles=articles, speller=speller)
