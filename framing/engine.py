"""Score a corpus bigger than one machine on Dask: partitions in, Parquet out, outlet scores summed.

:func:`score_corpus` reads Parquet, JSONL or CSV/TSV files (a path, a folder or a glob, local
or any fsspec URL the workers can read) in partitions, maps :func:`framing.batch.score_batch`
over them on a Dask cluster, and writes to ``out``::

    out/hits/part-00000.parquet …       one row per hit (framing.matching.HIT_COLUMNS)
    out/articles/part-00000.parquet …   one row per article (framing.scoring.article_scores)
    out/outlets.parquet                 outlet scores (framing.scoring.outlet_scores), provenance
                                        in its schema metadata (framing.export.to_parquet)
    out/outlet_counts/totals.parquet    the summed per-outlet counts (framing.batch.OutletCounts),
    out/outlet_counts/scored.parquet    so runs on more data can be added to them later
    out/manifest.json                   provenance, input, partitions, articles, hits, problems

Each partition is one task that reads its rows, matches and scores them, writes its two part
files from the worker and returns only its per-outlet counts (a few hundred numbers), so
neither hits nor texts ever travel to the client: memory per worker is about one partition
(``blocksize``) of text whatever the corpus size. The client adds the counts as partitions
finish (:func:`framing.batch.sum_counts`, exact integer sums) and computes the outlet intervals
once at the end, so every table equals what one process computes over the whole corpus (see
:mod:`framing.batch` for the exactness conditions).

How inputs become articles (the same rules as ``framing score FILE`` in one process):

* **Parquet** (``.parquet``, ``.parq``, ``.pq``): read with :func:`dask.dataframe.read_parquet`
  (its row-group partitions). A table holding ``article_id`` and ``text`` is a batch table
  (:data:`framing.batch.ARTICLE_COLUMNS`, e.g. written from ``articles_frame``) and its ids are
  kept; any other table, or any table when ``mapping`` is given, goes through the column rules
  of :func:`framing.formats.records_to_articles`.
* **JSONL** (``.jsonl``, ``.ndjson``) and **CSV/TSV** (``.csv``, ``.tsv``, ``.tab``): split into
  blocks of ``blocksize`` bytes at line ends (:func:`dask.bytes.read_bytes`); each block is
  decoded (:func:`framing.decoding.decode_bytes`) and read by :func:`framing.formats.read_jsonl`
  or :func:`framing.formats.read_csv` (the file's header line put before every CSV block). A
  compressed file (``.gz``, ``.bz2``, ``.xz``) cannot be split and is one partition. A CSV whose
  quoted cells hold line breaks must be read whole: pass ``blocksize=None``.

Without a scheduler address, :func:`dask_client` starts a ``LocalCluster`` sized to the machine:
one single-threaded worker process per core (matching is pure Python and holds the GIL), the
machine's memory shared among them.
"""

from __future__ import annotations

import contextlib
import json
import operator
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

import pandas as pd

from .batch import (
    ARTICLE_COLUMNS,
    OutletCounts,
    articles_frame,
    outlet_scores_from_counts,
    score_batch,
    sum_counts,
)
from .errors import FramingError, LoadError
from .lexicon import Lexicon
from .matching import compile_lexicon
from .scoring import DEFAULT_VOICES, _check_voices

__all__ = ["EngineError", "CorpusContrast", "CorpusScores", "DEFAULT_BLOCKSIZE", "contrast_corpus",
           "dask_client", "input_format", "score_corpus"]

#: Bytes of JSONL/CSV text per partition (about 10,000 news articles).
DEFAULT_BLOCKSIZE = 64 * 2**20
_PARQUET = (".parquet", ".parq", ".pq")
_SUFFIXES = {".jsonl": "jsonl", ".ndjson": "jsonl", ".csv": "csv", ".tsv": "tsv",
             ".tab": "tsv", **{s: "parquet" for s in _PARQUET}}
_COMPRESSED = (".gz", ".bz2", ".xz")
_MAX_PROBLEMS = 100  # problems kept in the result and manifest (all are counted)


class EngineError(FramingError):
    """The engine cannot run as asked (no input found, unknown format, output folder in use)."""


# --- the cluster -------------------------------------------------------------------------------

def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@contextlib.contextmanager
def dask_client(scheduler: str | None = None, *, n_workers: int | None = None,
                memory_limit: str | float | None = "auto") -> Iterator[Any]:
    """A ``distributed.Client`` for the duration of a ``with`` block.

    Parameters
    ----------
    scheduler : str, optional
        Address of a running scheduler (``tcp://10.0.0.5:8786``) or the path of a scheduler
        file written by ``dask scheduler --scheduler-file``. Without it a ``LocalCluster`` is
        started and closed at the end of the block.
    n_workers : int, optional
        Worker processes of the local cluster (default: one per core this process may use);
        each has one thread.
    memory_limit : str or float, optional
        Per local worker (Dask's syntax: ``"4GiB"``; ``"auto"`` shares the machine's memory).

    Yields
    ------
    distributed.Client

    Raises
    ------
    EngineError
        The scheduler cannot be reached (the message names the address).
    """
    from distributed import Client, LocalCluster  # noqa: PLC0415 - only the engine needs it

    if scheduler:
        is_file = scheduler.endswith(".json") and Path(scheduler).is_file()
        try:
            client = (Client(scheduler_file=scheduler, timeout="30s") if is_file
                      else Client(scheduler, timeout="30s"))
        except (OSError, TimeoutError) as exc:
            raise EngineError(f"cannot reach the Dask scheduler at {scheduler} ({exc}); start "
                              "one with `dask scheduler`, give its tcp://HOST:8786 address or "
                              "scheduler file, or leave --scheduler out to run on this machine"
                              ) from exc
        with client:
            yield client
        return
    cluster = LocalCluster(n_workers=n_workers or _cores(), threads_per_worker=1,
                           processes=True, memory_limit=memory_limit, dashboard_address=":0")
    with cluster, Client(cluster) as client:
        yield client


# --- reading partitions ------------------------------------------------------------------------

def _expand(input_path: str | os.PathLike | Sequence[str | os.PathLike]) -> list[str]:
    """Files of a path, folder, glob (or list of them), sorted, hidden files left out."""
    from fsspec.core import url_to_fs  # noqa: PLC0415

    items = [input_path] if isinstance(input_path, (str, os.PathLike)) else list(input_path)
    files: list[str] = []
    for item in map(str, items):
        fs, path = url_to_fs(item)
        paths = sorted(fs.glob(path)) if any(c in path for c in "*?[") else [path]
        for path in paths:
            if fs.isdir(path):
                found = sorted(p for p in fs.find(path)
                               if not any(part.startswith(".") for part in
                                          Path(p).relative_to(path).parts)
                               and input_format(p) is not None)
                files += [fs.unstrip_protocol(p) if "://" in item else p for p in found]
            elif fs.exists(path):
                files.append(fs.unstrip_protocol(path) if "://" in item else path)
    if not files:
        raise EngineError(f"no input file found at {input_path}; give a Parquet, JSONL or CSV "
                          "file, a folder of them, or a glob such as 'data/*.parquet'")
    return files


def input_format(path: str) -> str | None:
    """``"parquet"``, ``"jsonl"``, ``"csv"``, ``"tsv"`` from a file name (``.gz`` etc. allowed),
    or None for other files."""
    name = path.lower()
    for suffix in _COMPRESSED:
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return next((fmt for suffix, fmt in _SUFFIXES.items() if name.endswith(suffix)), None)


@dataclass(frozen=True, slots=True)
class _Part:
    """How a task reads one partition: which reader, and what it needs besides the data."""

    fmt: str            # parquet | jsonl | csv | tsv
    source: str         # file (and block) named in problems and Article.source
    header: bytes = b""  # CSV: the file's header line, put before each block


def _partitions(files: list[str], fmt: str | None, mapping: Mapping[str, Any] | None,
                blocksize: int | None) -> list[tuple[_Part, Any]]:
    """``(how to read, delayed data)`` for every partition of every file."""
    import dask.dataframe as dd  # noqa: PLC0415
    from dask.bytes import read_bytes  # noqa: PLC0415

    out: list[tuple[_Part, Any]] = []
    fmts = {f: fmt or input_format(f) for f in files}
    unknown = [f for f, v in fmts.items() if v is None]
    if unknown:
        raise EngineError(f"cannot tell the format of {unknown[0]}; name files .parquet, .jsonl "
                          "or .csv (optionally .gz), or give the format (--format jsonl)")
    parquet = [f for f in files if fmts[f] == "parquet"]
    if parquet:
        ddf = dd.read_parquet(parquet)
        columns = list(ddf.columns)
        if mapping is None and {"article_id", "text"} <= set(columns):
            ddf = ddf[[c for c in ARTICLE_COLUMNS if c in columns]]
        for i, part in enumerate(ddf.to_delayed()):
            out.append((_Part("parquet", f"{parquet[0] if len(parquet) == 1 else 'parquet'}"
                                         f"#partition{i}"), part))
    for f in files:
        if fmts[f] == "parquet":
            continue
        compressed = f.lower().endswith(_COMPRESSED)
        _, blocks = read_bytes(f, delimiter=b"\n", blocksize=None if compressed else blocksize,
                               sample=False, compression="infer")
        header = b""
        if fmts[f] in ("csv", "tsv"):
            header = _header_line(f)
        for j, block in enumerate(blocks[0]):
            source = f if len(blocks[0]) == 1 else f"{f}#block{j}"
            out.append((_Part(fmts[f], source, header if j else b""), block))
    return out


def _header_line(path: str) -> bytes:
    import fsspec  # noqa: PLC0415

    with fsspec.open(path, "rb", compression="infer") as handle:
        return handle.readline()


def _read_part(part: _Part, data: Any, mapping: Mapping[str, Any] | None,
               encoding: str | None) -> tuple[pd.DataFrame, list[str]]:
    """A partition as a batch table (:data:`framing.batch.ARTICLE_COLUMNS`) and its problems."""
    from .decoding import decode_bytes  # noqa: PLC0415
    from .formats import read_csv, read_jsonl, records_to_articles  # noqa: PLC0415

    if part.fmt == "parquet":
        if mapping is None and {"article_id", "text"} <= set(data.columns):
            return data, []
        records = [(f"{part.source}:row {i + 1}", row)
                   for i, row in enumerate(data.to_dict("records"))]
        if not records:
            return articles_frame([]), []
        try:
            articles, problems = records_to_articles(records, part.source, mapping,
                                                     columns=list(data.columns))
        except LoadError as exc:  # no text column, or a mapping naming a missing column
            return articles_frame([]), [str(exc)]
        return articles_frame(articles), [str(p) for p in problems]
    raw = part.header + data
    if not raw.strip(b"\r\n\t "):
        return articles_frame([]), []
    try:
        text = decode_bytes(raw, part.source, encoding=encoding)
        if part.fmt == "jsonl":
            articles, problems = read_jsonl(text, part.source, mapping)
        else:
            articles, problems = read_csv(text, part.source, mapping,
                                          delimiter="\t" if part.fmt == "tsv" else None)
    except LoadError as exc:
        return articles_frame([]), [str(exc)]
    return articles_frame(articles), [str(p) for p in problems]


# --- one task per partition --------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class _PartResult:
    counts: OutletCounts
    articles: int
    hits: int
    problems: tuple[str, ...]


def _arrow(frame: pd.DataFrame, prov: Mapping[str, Any]):
    """An Arrow table with types fixed by dtype (not by the values one partition happens to
    hold), so every part file of a folder has the same schema even when a partition has no
    rows or only missing dates."""
    import pyarrow as pa  # noqa: PLC0415

    fields = []
    for name, dtype in frame.dtypes.items():
        if name == "date":
            typ = pa.date32()
        elif pd.api.types.is_bool_dtype(dtype):
            typ = pa.bool_()
        elif pd.api.types.is_integer_dtype(dtype):
            typ = pa.int64()
        elif pd.api.types.is_float_dtype(dtype):
            typ = pa.float64()
        else:
            typ = pa.string()
        fields.append(pa.field(name, typ))
    meta = {b"framing_provenance": json.dumps(dict(prov), default=str).encode("utf-8")}
    schema = pa.schema(fields, metadata=meta)
    return pa.Table.from_pandas(frame.reset_index(drop=True), schema=schema, preserve_index=False)


def _write(frame: pd.DataFrame, path: str, prov: Mapping[str, Any]) -> None:
    import fsspec  # noqa: PLC0415
    import pyarrow.parquet as pq  # noqa: PLC0415

    with fsspec.open(path, "wb") as handle:
        pq.write_table(_arrow(frame, prov), handle)


def _run_partition(data: Any, part: _Part, index: int, lexicon: Lexicon, voices: tuple[str, ...],
                   mapping: Mapping[str, Any] | None, encoding: str | None, out: str,
                   prov: Mapping[str, Any]) -> _PartResult:
    """Read, match, score and write one partition; return its outlet counts (runs on a worker).

    The lexicon is compiled here (tens of milliseconds), so workers need nothing but the
    picklable :class:`Lexicon`.
    """
    frame, problems = _read_part(part, data, mapping, encoding)
    result = score_batch(frame, compile_lexicon(lexicon), voices=voices)
    name = f"part-{index:05d}.parquet"
    _write(result.hits, f"{out}/hits/{name}", prov)
    _write(result.article_scores, f"{out}/articles/{name}", prov)
    return _PartResult(counts=result.counts, articles=len(result.article_scores),
                       hits=len(result.hits), problems=tuple(problems))


# --- the driver --------------------------------------------------------------------------------

@dataclass(frozen=True, slots=True)
class CorpusScores:
    """What :func:`score_corpus` wrote and found.

    Attributes
    ----------
    out : str
        The output folder.
    partitions, articles, hits : int
        Partitions run, articles scored, hits found.
    outlet_scores : DataFrame
        As :func:`framing.scoring.outlet_scores` over the whole corpus (also in
        ``out/outlets.parquet``).
    counts : OutletCounts
        The summed per-outlet counts behind it.
    problems : tuple of str
        The first 100 rows, lines or blocks that could not be read (each names its source).
    n_problems : int
        All of them.
    seconds : float
        Wall time from submitting the first task to writing the outlet table.
    """

    out: str
    partitions: int
    articles: int
    hits: int
    outlet_scores: pd.DataFrame
    counts: OutletCounts
    problems: tuple[str, ...] = ()
    n_problems: int = 0
    seconds: float = 0.0
    provenance: dict = field(default_factory=dict)


def _prepare_out(out: str) -> str:
    import fsspec  # noqa: PLC0415

    fs, _, (path,) = fsspec.core.get_fs_token_paths(out)
    if fs.exists(path) and (not fs.isdir(path) or fs.ls(path)):
        raise EngineError(f"--out {out}: {'is a file' if not fs.isdir(path) else 'is not empty'}"
                          "; give a new folder (part files of an earlier run would mix with "
                          "this one's) or delete it first")
    for sub in ("hits", "articles", "outlet_counts"):
        fs.makedirs(f"{path}/{sub}", exist_ok=True)
    return out.rstrip("/")


def _stderr_progress(done: int, total: int, articles: int, hits: int, seconds: float) -> None:
    rate = articles / seconds if seconds > 0 else 0.0
    end = "\r" if sys.stderr.isatty() and done < total else "\n"
    print(f"[framing] {done}/{total} partitions, {articles:,} articles, {hits:,} hits, "
          f"{seconds:.0f} s, {rate:,.0f} articles/s", end=end, file=sys.stderr, flush=True)


def score_corpus(input_path: str | os.PathLike | Sequence[str | os.PathLike], lexicon: Lexicon,
                 out: str | os.PathLike, *, client: Any,
                 voices: Sequence[str] = DEFAULT_VOICES, fmt: str | None = None,
                 mapping: Mapping[str, Any] | None = None, encoding: str | None = None,
                 blocksize: int | None = DEFAULT_BLOCKSIZE,
                 progress: Callable[[int, int, int, int, float], None] | None = _stderr_progress,
                 ) -> CorpusScores:
    """Match and score every article of ``input_path`` on a Dask cluster; write Parquet to ``out``.

    Parameters
    ----------
    input_path : str, path or sequence of them
        Files, folders or globs of Parquet, JSONL or CSV/TSV (see the module docstring).
    lexicon : Lexicon
    out : str or path
        A new or empty folder (local or an fsspec URL every worker can write).
    client : distributed.Client
        E.g. from :func:`dask_client`.
    voices : sequence of str
        Voices scored (default ``("authorial",)``).
    fmt : {"parquet", "jsonl", "csv", "tsv"}, optional
        Read every file in this format instead of guessing from its name.
    mapping : Mapping, optional
        Field -> column, as in :func:`framing.load_articles`.
    encoding : str, optional
        Decode JSONL/CSV with this codec instead of detecting it.
    blocksize : int or None
        Bytes of JSONL/CSV per partition (default :data:`DEFAULT_BLOCKSIZE`); None: one
        partition per file.
    progress : callable, optional
        Called as partitions finish with ``(done, total, articles, hits, seconds)``; the
        default prints one line to stderr (updated in place on a terminal). None: silent.

    Returns
    -------
    CorpusScores

    Raises
    ------
    EngineError
        No input file, a file of unknown format, or ``out`` is a file or a non-empty folder.
    ScoringError
        ``voices`` holds an unknown voice.
    """
    import dask  # noqa: PLC0415
    from distributed import as_completed  # noqa: PLC0415

    voices = _check_voices(voices)
    if fmt is not None and fmt not in ("parquet", "jsonl", "csv", "tsv"):
        raise EngineError(f"format {fmt!r}: the engine reads parquet, jsonl, csv or tsv")
    files = _expand(input_path)
    parts = _partitions(files, fmt, mapping, blocksize)
    out = _prepare_out(os.fspath(out))
    prov = _provenance(lexicon, voices, input_path, len(parts))
    lex = dask.delayed(lexicon, pure=True)  # one copy in the graph, not one per task
    tasks = [dask.delayed(_run_partition, pure=False)(data, part, i, lex, voices, mapping,
                                                      encoding, out, prov)
             for i, (part, data) in enumerate(parts)]
    start = time.perf_counter()
    futures = client.compute(tasks)
    pending: list[OutletCounts] = []
    total = sum_counts([])
    articles = hits = done = n_problems = 0
    problems: list[str] = []
    for future in as_completed(futures):
        result: _PartResult = future.result()
        future.release()
        done += 1
        articles += result.articles
        hits += result.hits
        n_problems += len(result.problems)
        problems += result.problems[: max(0, _MAX_PROBLEMS - len(problems))]
        pending.append(result.counts)
        if len(pending) >= 64:  # keep the client's memory flat: fold counts in as they come
            total = sum_counts([total, *pending])
            pending = []
        if progress is not None:
            progress(done, len(futures), articles, hits, time.perf_counter() - start)
    total = sum_counts([total, *pending])
    outlets = outlet_scores_from_counts(total, lexicon)
    prov = {**prov, "articles": articles, "hits": hits, "problems": n_problems}
    _finish(out, outlets, total, prov, problems)
    return CorpusScores(out=out, partitions=len(parts), articles=articles, hits=hits,
                        outlet_scores=outlets, counts=total, problems=tuple(problems),
                        n_problems=n_problems, seconds=time.perf_counter() - start,
                        provenance=prov)


def _provenance(lexicon: Lexicon, voices: tuple[str, ...], input_path: Any,
                partitions: int) -> dict[str, Any]:
    """The provenance of :func:`framing.export.provenance` plus the engine's settings."""
    from .analysis import Analysis  # noqa: PLC0415
    from .export import provenance  # noqa: PLC0415

    empty = pd.DataFrame()
    run = Analysis(lexicon=lexicon, voices=voices, articles=(), hits=empty,
                   article_scores=empty, outlet_scores=empty)
    paths = [os.fspath(p) for p in input_path] if isinstance(input_path, (list, tuple)) else \
        os.fspath(input_path)
    return provenance(run, engine="dask", input=paths, partitions=partitions)


def _finish(out: str, outlets: pd.DataFrame, counts: OutletCounts, prov: dict[str, Any],
            problems: list[str]) -> None:
    import fsspec  # noqa: PLC0415

    from .export import to_parquet  # noqa: PLC0415

    with fsspec.open(f"{out}/outlets.parquet", "wb") as handle:
        handle.write(to_parquet(outlets, prov))
    _write(counts.totals, f"{out}/outlet_counts/totals.parquet", prov)
    _write(counts.scored, f"{out}/outlet_counts/scored.parquet", prov)
    with fsspec.open(f"{out}/manifest.json", "w", encoding="utf-8") as handle:
        json.dump({**prov, "first_problems": problems}, handle, indent=2, default=str)
        handle.write("\n")


# --- contrast: two additive passes, summed on the cluster ---------------------------------------

@dataclass(frozen=True, slots=True)
class CorpusContrast:
    """What :func:`contrast_corpus` found.

    Attributes
    ----------
    result : framing.contrast.ContrastResult
        Its ``terms`` equal :func:`framing.contrast.contrast` over the whole corpus;
        ``articles_a``/``articles_b`` are empty (the articles stay on the workers, so
        :meth:`~framing.contrast.ContrastResult.kwic` has nothing to show).
    articles : (int, int, int)
        Articles of A, of B and of the background only.
    partitions : int
    boilerplate : int
        (outlet, line) pairs removed as boilerplate.
    problems : tuple of str
        The first 100 rows, lines or blocks that could not be read.
    n_problems : int
    seconds : float
        Wall time of both passes and the scoring.
    """

    result: Any
    articles: tuple[int, int, int]
    partitions: int
    boilerplate: int
    problems: tuple[str, ...] = ()
    n_problems: int = 0
    seconds: float = 0.0


def _groups(frame: pd.DataFrame, outlet_a: str, outlet_b: str) -> tuple[list, list, list]:
    """A batch's articles of outlet A, of outlet B, and the others (background only)."""
    from .batch import frame_articles  # noqa: PLC0415

    a, b, rest = [], [], []
    for article in frame_articles(frame):
        (a if article.outlet == outlet_a else b if article.outlet == outlet_b else rest).append(
            article)
    return a, b, rest


_INFO_META = {"a": "int64", "b": "int64", "rest": "int64", "problems": "object"}


def _line_task(data: Any, part: _Part, mapping: Mapping[str, Any] | None, encoding: str | None,
               outlet_a: str, outlet_b: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Pass 1 on one partition (runs on a worker): its line counts, and one row with its
    group sizes and problems."""
    from .counts import line_counts  # noqa: PLC0415

    frame, problems = _read_part(part, data, mapping, encoding)
    a, b, rest = _groups(frame, outlet_a, outlet_b)
    # the problems as one JSON text: Dask turns object columns into strings on the way
    # (a tuple became "()", read back as two problems "(" and ")")
    info = pd.DataFrame({"a": [len(a)], "b": [len(b)], "rest": [len(rest)],
                         "problems": [json.dumps(list(problems))]})
    return line_counts(a, b, rest).table.to_pandas(), info


def _term_task(data: Any, part: _Part, mapping: Mapping[str, Any] | None, encoding: str | None,
               outlet_a: str, outlet_b: str, mask: list, boilerplate: frozenset,
               max_n: int) -> pd.DataFrame:
    """Pass 2 on one partition (runs on a worker): its n-gram counts."""
    from .counts import count_terms  # noqa: PLC0415

    frame, _ = _read_part(part, data, mapping, encoding)
    a, b, rest = _groups(frame, outlet_a, outlet_b)
    return count_terms(a, b, rest, max_n=max_n, mask=mask, boilerplate=boilerplate,
                       background_only=True).table.to_pandas()


def _wait(client: Any, collections: list, show: bool) -> list:
    """Compute ``collections`` on the cluster, with Dask's progress bar on stderr."""
    from distributed import progress as progress_bar  # noqa: PLC0415

    futures = client.compute(collections)
    if show:
        with contextlib.redirect_stdout(sys.stderr):  # the bar writes to stdout: data goes there
            progress_bar(futures)
        print(file=sys.stderr)
    return client.gather(futures)


def contrast_corpus(input_path: str | os.PathLike | Sequence[str | os.PathLike],
                    outlet_a: str, outlet_b: str, *, client: Any,
                    ngrams: tuple[int, int] = (1, 3), alpha0: float | None = None,
                    min_count: int = 5, min_docs: int = 2, boilerplate_min: int = 3,
                    mask: Sequence[str] = (), aliases: dict[str, str] | None = None,
                    fmt: str | None = None, mapping: Mapping[str, Any] | None = None,
                    encoding: str | None = None, blocksize: int | None = DEFAULT_BLOCKSIZE,
                    progress: bool = True, **score_options: Any) -> CorpusContrast:
    """Terms that distinguish outlet A from outlet B over a whole corpus, on a Dask cluster.

    Group A is every article of ``outlet_a``, group B every article of ``outlet_b``, and the
    informative prior's background is every article of the corpus (as ``framing contrast``
    does with the store). The two additive passes of :mod:`framing.counts` run as one task per
    partition each, and their counts are summed on the cluster by a shuffle (``groupby(...)
    .sum(split_out=…)``, exact integer sums), so no worker and not the client ever holds more
    than a share of the corpus's distinct lines or n-grams:

    1. line counts per (outlet, line) -> the boilerplate set (pairs in ``boilerplate_min`` or
       more articles of their outlet), brought to the client;
    2. n-gram counts per group with that boilerplate set and the outlet-name mask -> summed,
       and only n-grams seen in A or B are brought to the client (the statistics use no other:
       see :func:`framing.contrast.score_terms`), then scored once.

    Each partition is read twice (once per pass) rather than kept in memory.

    Parameters
    ----------
    input_path : str, path or sequence of them
        As in :func:`score_corpus`.
    outlet_a, outlet_b : str
        Outlet ids of the two groups (as the loaders normalise them).
    client : distributed.Client
    ngrams, alpha0, min_count, min_docs, boilerplate_min, mask, aliases
        As in :func:`framing.contrast.contrast` (``alpha0`` None: its default).
    fmt, mapping, encoding, blocksize
        As in :func:`score_corpus`.
    progress : bool
        Show Dask's progress bar on stderr for each pass.
    **score_options
        ``prior``, ``variance``, ``stop_words``, ``unit``: passed to
        :func:`framing.contrast.score_terms`.

    Returns
    -------
    CorpusContrast

    Raises
    ------
    EngineError
        No input file or a file of unknown format.
    ContrastError
        A setting is out of range, or a group has no article or no n-gram.
    """
    import dask  # noqa: PLC0415
    import dask.dataframe as dd  # noqa: PLC0415
    import pyarrow as pa  # noqa: PLC0415

    from .contrast import DEFAULT_ALPHA0, result_from_counts  # noqa: PLC0415
    from .counts import COUNT_COLUMNS, ContrastError, TermCounts, mask_sequences  # noqa: PLC0415

    alpha0 = DEFAULT_ALPHA0 if alpha0 is None else alpha0
    hi = ngrams[1]
    files = _expand(input_path)
    parts = _partitions(files, fmt, mapping, blocksize)
    split = max(1, len(parts) // 4)
    start = time.perf_counter()

    # pass 1: boilerplate lines and group sizes
    first = [dask.delayed(_line_task, pure=False)(data, part, mapping, encoding, outlet_a,
                                                  outlet_b) for part, data in parts]
    lines = dd.from_delayed([dask.delayed(operator.getitem)(r, 0) for r in first],
                            verify_meta=False,
                            meta=pd.DataFrame({"outlet": pd.Series(dtype="str"),
                                               "key": pd.Series(dtype="str"),
                                               "articles": pd.Series(dtype="int64")}))
    per_line = lines.groupby(["outlet", "key"])["articles"].sum(split_out=split)
    repeated = per_line[per_line >= max(boilerplate_min, 1)]
    info = dd.from_delayed([dask.delayed(operator.getitem)(r, 1) for r in first],
                           meta=pd.DataFrame({c: pd.Series(dtype=t)
                                              for c, t in _INFO_META.items()}),
                           verify_meta=False)
    if progress:
        print(f"[framing] pass 1 of 2: boilerplate lines of {len(parts)} partition(s)",
              file=sys.stderr)
    repeated, info = _wait(client, [repeated, info], progress)
    boiler = (frozenset(repeated.index.tolist()) if boilerplate_min > 0 else frozenset())
    articles = tuple(int(info[c].sum()) for c in ("a", "b", "rest"))
    problems = [p for row in info["problems"] for p in json.loads(row)]
    for name, n in (("A", articles[0]), ("B", articles[1])):
        if n == 0:
            raise ContrastError(
                f"group {name} has no articles: no article of outlet "
                f"{outlet_a if name == 'A' else outlet_b!r} in {input_path}; check the outlet "
                "name (as `framing outlets FILE` prints it)")

    # pass 2: n-gram counts, summed, only those seen in A or B brought back
    mask_seqs = dask.delayed(mask_sequences({outlet_a, outlet_b}, mask, aliases), pure=True)
    boiler_d = dask.delayed(boiler, pure=True)
    second = [dask.delayed(_term_task, pure=False)(data, part, mapping, encoding, outlet_a,
                                                   outlet_b, mask_seqs, boiler_d, hi)
              for part, data in parts]
    meta = pd.DataFrame({"term": pd.Series(dtype="str"), "n": pd.Series(dtype="int8"),
                         **{c: pd.Series(dtype="int64") for c in COUNT_COLUMNS[1:]}})
    terms = dd.from_delayed(second, meta=meta, verify_meta=False)
    summed = terms.groupby(["term", "n"]).sum(split_out=split)
    compared = summed[(summed["count_a"] + summed["count_b"]) > 0]
    if progress:
        print(f"[framing] pass 2 of 2: n-gram counts ({len(boiler)} boilerplate line(s))",
              file=sys.stderr)
    (table,) = _wait(client, [compared], progress)
    table = table.reset_index().sort_values(["n", "term"], kind="mergesort")
    arrow = pa.table({"term": pa.array(table["term"].tolist(), pa.large_string()),
                      "n": pa.array(table["n"].to_numpy(), pa.int8()),
                      **{c: pa.array(table[c].to_numpy(), pa.int64())
                         for c in COUNT_COLUMNS[1:]}})
    counts = TermCounts.from_table(arrow, hi, articles)
    result = result_from_counts(
        counts, (), (), labels=(outlet_a, outlet_b), alpha0=alpha0, ngrams=ngrams,
        min_count=min_count, min_docs=min_docs,
        unit=score_options.pop("unit", "occurrences"), **score_options,
        settings={"mask": list(mask), "events_only": False, "boilerplate_min": boilerplate_min,
                  "engine": "dask", "partitions": len(parts)})
    return CorpusContrast(result=result, articles=articles, partitions=len(parts),
                          boilerplate=len(boiler), problems=tuple(problems[:_MAX_PROBLEMS]),
                          n_problems=len(problems), seconds=time.perf_counter() - start)
