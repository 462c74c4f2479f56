"""The informative prior's background, counted once per store revision and kept on disk.

``framing contrast`` and the dashboard's Compare page take every stored article as the
background of the informative prior (:mod:`framing.contrast`). Counting it means normalising,
cleaning and tokenising the whole store on every run — 37,554 AllSides articles, 41 million
tokens: tens of seconds and gigabytes. :class:`StoreBackground` does that once per store
revision, saves the result beside the store, and later contrasts count only groups A and B
(and the few stored articles an outlet name is masked in). The table is *exactly* the one
counted from scratch (``tests/test_contrast_cache.py`` checks it with ``check_exact``).

Why the saved counts are enough (the statistics are in :mod:`framing.contrast`)
------------------------------------------------------------------------------------
A term's z-score needs its counts in A and B, the group totals, ``α_0`` and its background
count ``c_w`` — the masked count in the whole store, since A and B are part of it — and the sum
of ``c_v`` over the *compared* vocabulary (every term seen in A or B; not the background's
total). Everything except the mask is the same for every pair of groups:

* **Cleaning** is per article, except boilerplate, which is found per outlet over the whole
  batch — with the whole store as background, over the whole store: the same for every pair.
* **Masking** turns the token sequences of the outlets' names (and ``mask`` terms) into breaks.
  It can only remove n-gram occurrences — those that overlap a masked token — never add one. So
  the masked store counts are the unmasked ones minus, in the articles where a name was
  masked (usually a small share), their unmasked counts plus their masked counts. These few
  articles are counted at query time, from their saved tokens.
* **Dropped rare terms**: the saved counts keep only n-grams seen at least twice in the store
  (``FLOOR``; 3 in 4 of AllSides' trigrams are seen once). A term of A or B that is missing
  was therefore seen exactly once in the store (at least once, since A and B are in it), which
  is its count and its number of articles: exact for every ``min_count``.

What is saved, where, and when it is rebuilt
--------------------------------------------
A folder ``<store file>.cache/`` beside the store holds one folder per cache,
``contrast-background-<key>/``, of Arrow IPC files read by memory map (no pickle):
``tokens.arrow`` (the token code of every cleaned, unmasked position of every stored article,
int32, ~4 bytes a token), ``articles.arrow`` (article id and first position), ``vocab.arrow``
(code -> token) and ``counts.arrow`` (n-gram length, exact int64 key, occurrences, articles),
plus ``manifest.json``. The key hashes the store's revision (:meth:`ArticleStore.revision`,
which grows with every add, delete and clear), its article count and the SHA-256 of its article
ids (content hashes, so a store file deleted and loaded afresh is not mistaken for the old one),
``max_n``, ``boilerplate_min``, :data:`CACHE_FORMAT` and the source of the modules that clean,
normalise and tokenise (:data:`_CODE_MODULES`). Any change makes a new key: the new cache is
built and the folders of other states of the store or other code are deleted (caches of the
same store with other settings stay). A cache is never trusted blindly: the manifest lists each
file's size and CRC-32 and every file is checked against it when read, and the arrays' shapes,
ranges and order are checked; a cache that fails any check is deleted and rebuilt. When the
folder cannot be written (read-only media), the background is counted in memory and used
without being saved.

When the mask touches most of the articles outside A and B (left against right masks the
names of 273 outlets, among them "week" and "times"), correcting the saved counts would cost
more than counting, so every article is counted from its saved tokens — still without
normalising or tokenising anything. n-grams longer than the cache's ``max_n``, another
``boilerplate_min``, or groups with articles that are not in the store are counted from the
store's articles as before (:func:`framing.contrast.contrast` does it).

For AllSides (37,554 articles) the cache takes about 0.3 GB on disk beside a 0.6 GB store.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sys
import tempfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Sequence

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.ipc as ipc

from . import __version__
from .counts import (ContrastError, TermCounts, _apply_masks, _check_max_n, _Corpus,
                     _count_orders, _even_runs, _merge_encoded, _term_counts, check_whole,
                     prepare_batch)
from .errors import FramingError
from .models import Article
from .store import ArticleStore

__all__ = ["StoreBackground", "CACHE_FORMAT", "FLOOR", "cache_folder"]

#: Version of the files' layout and of how :func:`_build` fills them; part of the cache key
#: (bump it with any change to either: this module's own source is not hashed, so that a change
#: to how a contrast reads the cache does not throw every saved background away).
CACHE_FORMAT = 2
#: Saved n-grams occur at least this often in the store (see the module docstring: 2 keeps every
#: table exact for any ``min_count``; a higher floor would not).
FLOOR = 2
#: Modules whose source decides the counted tokens (cleaning, normalising, tokenising, keys):
#: a change to any of them makes a new cache key.
_CODE_MODULES = ("framing.counts", "framing.text", "framing.tokens", "framing.models")
#: Tokens per slice when the cache is built: the store is tokenised and counted a slice at a
#: time and the additive counts summed, so the peak memory follows the slice, not the store.
_SLICE_TOKENS = 6_000_000
_FILES = ("tokens", "articles", "vocab", "counts")


class CacheError(FramingError):
    """A saved background cache failed a check (it is then deleted and rebuilt, never used)."""


def cache_folder(store_path: str | os.PathLike) -> Path:
    """The folder that holds a store's caches: ``<store file>.cache`` beside it."""
    path = Path(store_path).expanduser()
    return path.with_name(path.name + ".cache")


def _can_write(folder: Path) -> bool:
    """Whether ``folder`` (or, when it does not exist yet, its parent) may be written."""
    return os.access(folder if folder.exists() else folder.parent, os.W_OK)


def _code_digest() -> str:
    h = hashlib.sha256()
    for name in _CODE_MODULES:
        h.update(Path(sys.modules[name].__file__).read_bytes())
    return h.hexdigest()


@dataclass(frozen=True, slots=True, eq=False)
class StoreBackground:
    """Every stored article's tokens and n-gram counts, as the informative prior needs them.

    Build or read one with :meth:`for_store`, pass it as ``background`` to
    :func:`framing.contrast.contrast` (with A and B stored articles), and the table is the one
    counted from every stored article, counting only A, B and the articles a name is masked in.

    Attributes
    ----------
    store_path : str
        The store it was counted from.
    revision : int
        The store's revision then (:meth:`framing.store.ArticleStore.revision`).
    max_n : int
        Longest n-gram counted.
    boilerplate_min : int
        Boilerplate rule it was cleaned with (see :func:`framing.contrast.contrast`).
    ids : dict of str to int
        Article id -> article number (store order).
    starts : ndarray of int64, shape (articles + 1,)
        First token position of each article; the last entry is the number of positions.
    codes : ndarray of int32, shape (positions,)
        Token code of every position (0 = a break; one closes each article), unmasked.
    vocab : pyarrow.Array of large_string
        Code -> token (code 0 is the break ``"|"``).
    keys, occurrences, documents : dict of int to ndarray of int64
        Per n-gram length: sorted exact keys (the words' codes written in base ``len(vocab)``),
        the occurrences of each in the store and the articles containing it; n-grams seen
        fewer than :data:`FLOOR` times are left out.
    """

    store_path: str
    revision: int
    max_n: int
    boilerplate_min: int
    ids: dict
    starts: np.ndarray
    codes: np.ndarray
    vocab: pa.Array
    keys: dict
    occurrences: dict
    documents: dict
    memory_store: ArticleStore | None = None  # an in-memory store has no path to reopen

    # --- reading or building ---------------------------------------------------------------

    @classmethod
    def for_store(cls, store: ArticleStore, *, max_n: int = 3, boilerplate_min: int = 3,
                  folder: str | os.PathLike | None = None,
                  progress: Callable[[str], None] | None = None) -> "StoreBackground":
        """The store's background: read from its cache, or counted (and saved) when the cache
        is missing, stale or fails a check.

        Parameters
        ----------
        store : ArticleStore
        max_n : int
            Longest n-gram to count (1 to 5; default 3, which also serves shorter ranges).
        boilerplate_min : int
            As :func:`framing.contrast.contrast`'s (default 3).
        folder : path, optional
            Where caches live; default :func:`cache_folder` of the store. Nothing is saved
            for an in-memory store (``":memory:"``).
        progress : callable, optional
            Called with one line of text before the whole store is counted (the slow case:
            about 45 s for 37,554 AllSides articles on one core), e.g. ``click.echo``.

        Returns
        -------
        StoreBackground

        Raises
        ------
        framing.counts.ContrastError
            ``max_n`` or ``boilerplate_min`` is out of range, or the store has so many
            distinct words that keys of ``max_n`` words would not fit 64 bits (AllSides'
            208,027 words allow 3; :func:`framing.contrast.contrast` then counts as usual).
        """
        _check_max_n(max_n)
        check_whole("boilerplate_min", boilerplate_min)
        revision = store.revision()
        ids = store.index()["id"].tolist()
        meta = {"format": CACHE_FORMAT, "framing": __version__, "code": _code_digest(),
                "revision": revision, "articles": len(ids),
                "ids": hashlib.sha256("\n".join(ids).encode()).hexdigest(),
                "max_n": max_n, "boilerplate_min": boilerplate_min, "floor": FLOOR}
        key = hashlib.sha256(json.dumps(meta, sort_keys=True).encode()).hexdigest()[:24]
        memory_only = str(store.path) == ":memory:"
        root = Path(folder) if folder is not None else (
            None if memory_only else cache_folder(store.path))
        target = None if root is None else root / f"contrast-background-{key}"
        if target is not None and target.is_dir():
            try:
                return _read(target, meta, str(store.path))
            except (CacheError, OSError, ValueError, KeyError, TypeError, pa.ArrowException):
                shutil.rmtree(target, ignore_errors=True)  # never trusted: count again
        arts = store.articles()
        if [x.id for x in arts] != ids:  # the store changed under us: count what is stored,
            target = None                # and do not save it under the key of what was
        if target is not None and not _can_write(root):
            target = None  # read-only media: count in memory, save nothing
        if progress is not None:
            where = (f"; saved in {root} for the next runs" if target is not None else
                     "; not saved: the store's folder cannot be written")
            progress(f"Counting all {len(arts):,} stored articles for the prior's background "
                     f"(once per state of the store{where}) ...")
        built = _build(arts, max_n, boilerplate_min, str(store.path), revision)
        if target is not None:
            _save(built, root, target, meta)
        if memory_only:
            built = dataclasses.replace(built, memory_store=store)
        return built

    # --- counting a contrast -------------------------------------------------------------

    def term_counts(self, a: Sequence[Article], b: Sequence[Article], *, max_n: int,
                    mask: Sequence[Sequence[str]],
                    boilerplate_min: int) -> TermCounts | None:
        """Counts of A and B with the whole store as background, as
        :meth:`framing.counts.PreparedBatch.term_counts` gives them for a batch of A, B and
        every other stored article (``background_only=False``), or ``None`` when this cache
        cannot give them exactly: an article of A or B is not in it (or in both groups, or
        twice), ``max_n`` or ``boilerplate_min`` differs from what it was built with.

        Parameters
        ----------
        a, b : sequence of Article
            The groups (stored articles).
        max_n : int
            Longest n-gram (at most :attr:`max_n`).
        mask : sequence of token sequences
            From :func:`framing.counts.mask_sequences`.
        boilerplate_min : int

        Returns
        -------
        framing.counts.TermCounts or None
        """
        if max_n > self.max_n or boilerplate_min != self.boilerplate_min:
            return None
        sel = [self.ids.get(x.id) for x in a] + [self.ids.get(x.id) for x in b]
        if any(i is None for i in sel) or len(set(sel)) != len(sel):
            return None
        sel_arr = np.asarray(sel, dtype=np.int64)
        groups = np.repeat(np.array([0, 1], dtype=np.int8), [len(a), len(b)])
        lookup = self._mask_lookup(mask)
        vsize = len(self.vocab)
        candidates = self._mask_candidates(mask, lookup)
        rest = np.ones(len(self.ids), dtype=bool)
        rest[sel_arr] = False
        sizes = np.diff(self.starts)
        if sizes[candidates & rest].sum() * 2 > sizes[rest].sum():
            # the mask touches most of the other articles (left against right masks 273
            # outlets, among them words such as "week" and "times"): correcting the saved
            # counts would cost more than counting every article's saved tokens, so count
            # them all (still without normalising or tokenising anything)
            return self._count_all(sel_arr, np.flatnonzero(rest), groups, mask, lookup,
                                   max_n)
        # what the mask takes from the store's counts first: its scratch memory is gone before
        # the larger count of A and B begins
        delta = self._mask_delta(mask, lookup, max_n, np.flatnonzero(candidates))
        codes, lengths = self._gather(sel_arr)
        doc_of = np.repeat(np.arange(sel_arr.size, dtype=np.int32), lengths)
        _apply_masks(codes, mask, lookup, doc_of, vsize)
        corpus = _Corpus(codes=codes, doc_of=doc_of, groups=groups, vocab=self.vocab)
        del codes, doc_of
        orders = _count_orders(corpus, max_n)
        counts = _term_counts(orders, corpus, max_n, background_only=False)
        gkeys = [_global_keys(orders, n, vsize) for n in range(1, max_n + 1)]
        del orders, corpus  # the rows' counts are in `counts` now
        total = counts.counts  # fresh from the count above: filled in place (0.4 GB for Fox/CNN)
        start = 0
        for n, gkey in enumerate(gkeys, start=1):
            at = slice(start, start + gkey.size)
            start += gkey.size
            occ, docs = _lookup(self.keys[n], gkey, self.occurrences[n], self.documents[n], 1)
            d_keys, d_occ, d_docs = delta[n]
            d_o, d_d = _lookup(d_keys, gkey, d_occ, d_docs, 0)
            occ -= d_o
            docs -= d_d
            total[at, 2] = occ - total[at, 0] - total[at, 1]
            total[at, 5] = docs - total[at, 3] - total[at, 4]
        if (total[:, 2] < 0).any() or (total[:, 5] < 0).any():
            # the store's counts cannot be below A's and B's: this cache does not belong to
            # these articles (it is not used; the caller counts from scratch)
            return None
        rest = len(self.ids) - len(sel)
        return TermCounts(n=counts.n, counts=total, max_n=max_n,
                          articles=(len(a), len(b), rest), speller=counts.speller)

    def articles(self) -> list[Article]:
        """Every article of the store it was counted from (to count without the cache)."""
        if self.memory_store is not None:
            return self.memory_store.articles()
        store = ArticleStore(self.store_path)
        try:
            return store.articles()
        finally:
            store.close()

    def _gather(self, docs: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """The codes of articles ``docs`` one after another (a copy), and each one's length."""
        lo, hi = self.starts[docs], self.starts[docs + 1]
        lengths = hi - lo
        # position p of the output reads input position lo[article] + (p - its output start)
        shift = np.repeat(lo - (np.cumsum(lengths) - lengths), lengths)
        shift += np.arange(shift.size, dtype=np.int64)
        return self.codes[shift], lengths

    def _mask_lookup(self, mask: Sequence[Sequence[str]]) -> dict[str, int]:
        """Token -> code for the tokens of ``mask`` that occur in the store."""
        words = sorted({t for seq in mask for t in seq})
        if not words:
            return {}
        at = pc.index_in(pa.array(words, pa.large_string()), value_set=self.vocab)
        return {w: int(i) for w, i in zip(words, at.to_pylist()) if i is not None}

    def _count_all(self, sel: np.ndarray, rest: np.ndarray, groups: np.ndarray,
                   mask: Sequence[Sequence[str]], lookup: dict[str, int],
                   max_n: int) -> TermCounts:
        """A's and B's articles (``sel``) and every other one (``rest``) counted from their
        saved tokens, masked: what a batch of the whole store counts."""
        docs = np.concatenate([sel, rest])
        codes, lengths = self._gather(docs)
        doc_of = np.repeat(np.arange(docs.size, dtype=np.int32), lengths)
        _apply_masks(codes, mask, lookup, doc_of, len(self.vocab))
        corpus = _Corpus(codes=codes, doc_of=doc_of,
                         groups=np.concatenate([groups, np.full(rest.size, 2, np.int8)]),
                         vocab=self.vocab)
        del codes, doc_of
        return _term_counts(_count_orders(corpus, max_n), corpus, max_n, background_only=False)

    def _mask_candidates(self, mask: Sequence[Sequence[str]],
                         lookup: dict[str, int]) -> np.ndarray:
        """Which articles (bool per article) hold a chosen word of some masked name — its
        rarest in the store ("york" of "the new york times", not "the") unless another of its
        words is chosen already: only they can lose anything to the mask. A name with a word
        the store lacks cannot occur."""
        has = np.zeros(len(self.ids), dtype=bool)
        known = np.array(sorted(set(lookup.values()) - {0}), dtype=np.int64)
        if not known.size or not has.size:
            return has
        seen = dict(zip(known.tolist(), _lookup(self.keys[1], known, self.occurrences[1],
                                                self.documents[1], 1)[0].tolist()))
        # one word per name, few articles in all: a name with a word already chosen needs no
        # other ("cnn international" is covered by "cnn"), so one-word names go first
        names = [[i for i in ids if i] for ids in ([lookup.get(t) for t in seq] for seq in mask)
                 if None not in ids and any(ids)]
        chosen: set[int] = set()
        for words in sorted(names, key=lambda w: (len(set(w)), min(map(seen.__getitem__, w)))):
            if chosen.isdisjoint(words):
                chosen.add(min(words, key=seen.__getitem__))
        rare = np.zeros(len(self.vocab), dtype=bool)
        rare[list(chosen)] = True
        return np.logical_or.reduceat(rare[self.codes], self.starts[:-1])

    def _mask_delta(self, mask: Sequence[Sequence[str]], lookup: dict[str, int],
                    max_n: int, docs: np.ndarray
                    ) -> dict[int, tuple[np.ndarray, np.ndarray, np.ndarray]]:
        """Per n-gram length, what masking takes from the store's counts: sorted keys, and the
        occurrences and articles lost.

        Only articles where something is masked lose anything: the candidates ``docs`` (from
        :meth:`_mask_candidates`) are masked as a batch would be. An occurrence is lost when it
        overlaps a masked token; an article loses a term when every occurrence of the term in
        it is lost. Both are read off the unmasked tokens of those articles around the masked
        positions, with running sums, without counting the articles' n-grams in full.
        """
        empty = np.zeros(0, dtype=np.int64)
        out = {n: (empty, empty, empty) for n in range(1, max_n + 1)}
        if not docs.size:
            return out
        unmasked, lengths = self._gather(docs)
        doc_of = np.repeat(np.arange(docs.size, dtype=np.int32), lengths)
        work = unmasked.copy()
        _apply_masks(work, mask, lookup, doc_of, len(self.vocab))
        masked_at = np.flatnonzero((work == 0) & (unmasked != 0))  # the masked positions
        del work
        if not masked_at.size:
            return out
        # a window [s, s + n) is an n-gram iff it holds no break: the running count of
        # breaks is the same at both ends (every article ends with a break, so such a window
        # lies inside one article); it is lost iff it holds a masked position
        run_break = np.concatenate(([0], np.cumsum(unmasked == 0, dtype=np.int32)))
        run_lost = np.zeros(unmasked.size + 1, dtype=np.int32)
        run_lost[masked_at + 1] = 1
        np.cumsum(run_lost, out=run_lost)
        vsize = np.int64(len(self.vocab))
        size = np.int64(unmasked.size)
        ndocs = np.int64(docs.size)
        for n in range(1, max_n + 1):
            # lost windows start at most n - 1 positions before a masked one
            gone = np.unique((masked_at[:, None] - np.arange(n)).ravel())
            gone = gone[(gone >= 0) & (gone + n <= size)]
            gone = gone[run_break[gone + n] == run_break[gone]]
            keys_gone = _window_keys(unmasked, gone, n, vsize)
            terms, inverse = np.unique(keys_gone, return_inverse=True)
            lost_occ = np.bincount(inverse, minlength=terms.size).astype(np.int64)
            # an article loses a term when none of the term's occurrences there survives:
            # look for survivors among the windows that start with a lost term's first word
            starts_term = np.zeros(len(self.vocab), dtype=bool)
            starts_term[terms // vsize ** np.int64(n - 1)] = True
            kept = np.flatnonzero(starts_term[unmasked[:size - n + 1]])
            kept = kept[(run_break[kept + n] == run_break[kept])
                        & (run_lost[kept + n] == run_lost[kept])]
            which = pd.Index(terms).get_indexer(_window_keys(unmasked, kept, n, vsize))
            survived = np.unique(which[which >= 0] * ndocs + doc_of[kept[which >= 0]])
            pairs = np.unique(inverse * ndocs + doc_of[gone])
            emptied = pairs[~np.isin(pairs, survived, assume_unique=True)]
            lost_docs = np.bincount(emptied // ndocs, minlength=terms.size).astype(np.int64)
            out[n] = (terms, lost_occ, lost_docs)
        return out


def _window_keys(codes: np.ndarray, starts: np.ndarray, n: int, vsize: np.int64) -> np.ndarray:
    """The exact keys (codes in base ``vsize``) of the n-grams starting at ``starts``."""
    key = codes[starts].astype(np.int64)
    for i in range(1, n):
        key *= vsize
        key += codes[starts + i]
    return key


def _lookup(keys: np.ndarray, wanted: np.ndarray, occ: np.ndarray, docs: np.ndarray,
            default: int) -> tuple[np.ndarray, np.ndarray]:
    """Occurrences and articles of the ``wanted`` keys among the distinct ``keys`` (``default``
    for keys not there). A hash table (pandas' index): with millions of unsorted keys wanted,
    binary search took three to five times longer here."""
    out_o = np.full(wanted.size, default, dtype=np.int64)
    out_d = np.full(wanted.size, default, dtype=np.int64)
    if keys.size and wanted.size:
        at = pd.Index(keys).get_indexer(wanted)
        found = at >= 0
        out_o[found] = occ[at[found]]
        out_d[found] = docs[at[found]]
    return out_o, out_d


def _global_keys(orders: dict, n: int, vsize: int, keys: np.ndarray | None = None) -> np.ndarray:
    """The exact key of every row of length ``n`` of a count (or of the given ``keys`` of that
    length): its words' codes written in base ``vsize``, whatever numbering the count used for
    long prefixes (see :func:`framing.counts._count_share`). The caller makes sure
    ``vsize ** n`` fits an int64."""
    keys = orders[n].keys if keys is None else keys
    if n == 1:
        return keys.astype(np.int64, copy=True)
    last = keys % np.int64(vsize)
    prefix = keys // np.int64(vsize)
    if orders[n].prefixes is not None:
        prefix = orders[n].prefixes[prefix]
    out = _global_keys(orders, n - 1, vsize, prefix)
    out *= np.int64(vsize)
    out += last
    return out


# --- building ----------------------------------------------------------------------------------

def _build(arts: list[Article], max_n: int, boilerplate_min: int, store_path: str,
           revision: int) -> StoreBackground:
    """Clean, tokenise and count every article; tokenising and counting go a slice of
    articles at a time (one numbering of the words, as :func:`framing.counts._merge_encoded`
    makes it), and the slices' counts are added."""
    batch = prepare_batch(background=arts)
    boiler = batch.boilerplate(boilerplate_min)
    # ~6 characters a token: runs of about _SLICE_TOKENS tokens, numbered as one pass would
    chars = sum(map(len, batch.lines))
    runs = batch._split(max(1, int(chars // (6 * _SLICE_TOKENS)) + 1)) or [(0, 0)]
    codes, lengths, vocab_words = _merge_encoded(
        [batch._encoded(boiler, lo, hi) for lo, hi in runs])
    del batch
    vocab = pa.array(vocab_words.tolist(), pa.large_string())
    vsize = len(vocab)
    if vsize ** max_n >= 2 ** 63:
        raise ContrastError(f"the store has {vsize} distinct words: {max_n}-gram keys would "
                            "not fit 64 bits; count without the cache")
    starts = np.concatenate(([0], np.cumsum(lengths))).astype(np.int64)
    parts: dict[int, list] = {n: [] for n in range(1, max_n + 1)}
    for lo, hi in _even_runs(np.diff(starts), int(starts[-1]) // _SLICE_TOKENS + 1):
        piece = codes[int(starts[lo]):int(starts[hi])]
        doc_of = np.repeat(np.arange(hi - lo, dtype=np.int32), np.diff(starts[lo:hi + 1]))
        corpus = _Corpus(codes=piece, doc_of=doc_of, groups=np.zeros(hi - lo, dtype=np.int8),
                         vocab=vocab)
        orders = _count_orders(corpus, max_n)
        for n in range(1, max_n + 1):
            parts[n].append((_global_keys(orders, n, vsize), orders[n].occurrences[:, 0].copy(),
                             orders[n].articles[:, 0].copy()))
        del orders, corpus, doc_of
    keys, occurrences, documents = {}, {}, {}
    for n in range(1, max_n + 1):
        k, o, d = _sum_parts(parts.pop(n))
        keep = o >= FLOOR
        keys[n], occurrences[n], documents[n] = k[keep], o[keep], d[keep]
    return StoreBackground(store_path=store_path, revision=revision, max_n=max_n,
                           boilerplate_min=boilerplate_min,
                           ids={x.id: i for i, x in enumerate(arts)}, starts=starts,
                           codes=codes, vocab=vocab, keys=keys, occurrences=occurrences,
                           documents=documents)


def _sum_parts(parts: list) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """The slices' (keys, occurrences, articles) added up by key, sorted by key."""
    if not parts:  # an empty store
        return (np.zeros(0, dtype=np.int64),) * 3
    if len(parts) == 1:
        k, o, d = parts[0]
        sort = np.argsort(k)
        return k[sort], o[sort], d[sort]
    k = np.concatenate([p[0] for p in parts])
    o = np.concatenate([p[1] for p in parts])
    d = np.concatenate([p[2] for p in parts])
    parts.clear()
    sort = np.argsort(k)
    k, o, d = k[sort], o[sort], d[sort]
    del sort
    if k.size == 0:
        return k, o, d
    first = np.flatnonzero(np.concatenate(([True], k[1:] != k[:-1])))
    return k[first], np.add.reduceat(o, first), np.add.reduceat(d, first)


# --- the files ---------------------------------------------------------------------------------

def _tables(bg: StoreBackground) -> dict[str, pa.Table]:
    ns = list(range(1, bg.max_n + 1))
    ids = sorted(bg.ids, key=bg.ids.__getitem__)
    return {
        "tokens": pa.table({"code": pa.array(bg.codes, pa.int32())}),
        "articles": pa.table({"id": pa.array(ids, pa.large_string()),
                              "start": pa.array(bg.starts[:-1], pa.int64())}),
        "vocab": pa.table({"word": bg.vocab}),
        "counts": pa.table({
            "n": pa.array(np.repeat(np.array(ns, dtype=np.int8),
                                    [bg.keys[n].size for n in ns]), pa.int8()),
            "key": pa.array(np.concatenate([bg.keys[n] for n in ns]), pa.int64()),
            "occurrences": pa.array(np.concatenate([bg.occurrences[n] for n in ns]), pa.int64()),
            "articles": pa.array(np.concatenate([bg.documents[n] for n in ns]), pa.int64())}),
    }


def _digest(path: Path) -> int:
    """CRC-32 of a file: it catches damage (a flipped bit, a lost block) for a tenth of a
    second per 166 MB here, where BLAKE2b took 0.37 s; the cache guards against accidents,
    not against someone who can write beside the store."""
    crc = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 22):
            crc = zlib.crc32(chunk, crc)
    return crc


def _save(bg: StoreBackground, root: Path, target: Path, meta: dict) -> None:
    """Write the cache into a fresh folder and move it into place; delete older caches.
    A folder that cannot be written leaves the background unsaved (it is still used)."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
        tmp.chmod(0o755)  # mkdtemp makes it private; the cache is as readable as the store
    except OSError:
        return
    try:
        files = {}
        for name, table in _tables(bg).items():
            path = tmp / f"{name}.arrow"
            with ipc.new_file(path, table.schema) as writer:
                writer.write_table(table)
            files[name] = {"bytes": path.stat().st_size, "crc32": _digest(path)}
        manifest = {**meta, "tokens": int(bg.codes.size), "files": files}
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=1, sort_keys=True))
        try:
            tmp.rename(target)
        except OSError:  # another process saved the same cache first: keep theirs
            shutil.rmtree(tmp, ignore_errors=True)
            return
        for old in root.glob("contrast-background-*"):
            if old != target and old.is_dir() and _stale(old, meta):
                shutil.rmtree(old, ignore_errors=True)
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True)


def _stale(folder: Path, meta: dict) -> bool:
    """Whether a saved cache was made from another state of the store or by other code (a
    cache of the same store with other settings, ``max_n`` say, is kept)."""
    try:
        saved = json.loads((folder / "manifest.json").read_text())
    except (OSError, ValueError):
        return True
    return any(saved.get(k) != meta[k]
               for k in ("format", "framing", "code", "revision", "articles", "ids"))


def _read(target: Path, meta: dict, store_path: str) -> StoreBackground:
    """Read a saved cache, checking it against ``meta`` and its manifest.

    Raises
    ------
    CacheError
        A file is missing, changed or inconsistent.
    """
    manifest = json.loads((target / "manifest.json").read_text())
    for key, value in meta.items():
        if manifest.get(key) != value:
            raise CacheError(f"{target}: {key} is {manifest.get(key)!r}, expected {value!r}")
    tables = {}
    for name in _FILES:
        path = target / f"{name}.arrow"
        entry = manifest["files"][name]
        if path.stat().st_size != entry["bytes"] or _digest(path) != entry["crc32"]:
            raise CacheError(f"{path} does not match its manifest (changed or truncated)")
        tables[name] = ipc.open_file(pa.memory_map(str(path))).read_all()
    codes = _column(tables["tokens"], "code", np.int32)
    starts = np.append(_column(tables["articles"], "start", np.int64), np.int64(codes.size))
    ids = tables["articles"]["id"].to_pylist()
    vocab = tables["vocab"]["word"].combine_chunks()
    counts = tables["counts"]
    n_col = _column(counts, "n", np.int8)
    ok = (codes.size == manifest["tokens"] and len(ids) == meta["articles"]
          and (starts.size == 1 or (starts[0] == 0 and (np.diff(starts) > 0).all()))
          and (codes.size == 0 or (int(codes.min()) >= 0 and int(codes.max()) < len(vocab)))
          and len(vocab) > 0 and vocab[0].as_py() == "|"
          and hashlib.sha256("\n".join(ids).encode()).hexdigest() == meta["ids"])
    if not ok:
        raise CacheError(f"{target}: the arrays do not fit together")
    keys, occurrences, documents = {}, {}, {}
    all_keys = _column(counts, "key", np.int64)
    all_occ = _column(counts, "occurrences", np.int64)
    all_docs = _column(counts, "articles", np.int64)
    for n in range(1, meta["max_n"] + 1):
        lo, hi = np.searchsorted(n_col, [n, n + 1])
        k = all_keys[lo:hi]
        if k.size > 1 and not (k[1:] > k[:-1]).all():
            raise CacheError(f"{target}: the {n}-gram keys are not sorted")
        keys[n], occurrences[n], documents[n] = k, all_occ[lo:hi], all_docs[lo:hi]
        if k.size and (occurrences[n].min() < FLOOR or (documents[n] < 1).any()
                       or (documents[n] > occurrences[n]).any()):
            raise CacheError(f"{target}: impossible {n}-gram counts")
    return StoreBackground(store_path=store_path, revision=meta["revision"],
                           max_n=meta["max_n"], boilerplate_min=meta["boilerplate_min"],
                           ids={x: i for i, x in enumerate(ids)}, starts=starts, codes=codes,
                           vocab=vocab, keys=keys, occurrences=occurrences,
                           documents=documents)


def _column(table: pa.Table, name: str, dtype) -> np.ndarray:
    col = table[name]
    arr = col.chunk(0) if col.num_chunks == 1 else col.combine_chunks()
    out = arr.to_numpy(zero_copy_only=False)
    if out.dtype != dtype:
        raise CacheError(f"column {name} is {out.dtype}, expected {np.dtype(dtype)}")
    return out

