"""Command-line interface: ``python -m framing COMMAND`` (or ``framing COMMAND``).

Thin commands over the library. Data goes to stdout, messages to stderr; any
:class:`~framing.errors.FramingError` becomes a one-line message and exit status 1. ``load``,
``list`` and ``search`` work on the article store (``--db``); ``score`` and ``outlets`` work on
the paths given, or on the store when no path is given.
"""

from __future__ import annotations

import glob
import os
import sys
from pathlib import Path
from typing import Sequence

import click
import pandas as pd

from . import __version__
from .analysis import Analysis, analyse
from .datasets import DATASETS, data_dir, load_dataset
from .errors import FramingError
from .export import article_table, contrast_table, hit_table, provenance, write_table
from .formats import FORMATS, MAPPING_KEYS
from .lexicon import LEXICON_DIR, available_lexicons, load_lexicon
from .loaders import Limits, LoadReport, load_articles
from .matching import compile_lexicon
from .models import VOICES
from .outlets import ALIASES_ENV, default_aliases, normalise_outlet
from .store import ArticleStore, default_db_path

__all__ = ["main"]


class _Group(click.Group):
    """Turn library errors into clean messages and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except FramingError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)


_MAX_SHOWN_PROBLEMS = 20
_MAX_PRINTED_ROWS = 200
_MAX_CELL = 60  # characters of a printed cell
#: Score columns that only mean something for a lexicon with two poles (not ``kind: categories``).
_POLE_COLUMNS = ("n_pos", "n_neg", "index", "ci_low", "ci_high", "lean")


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="framing")
@click.option("--db", "db", type=click.Path(dir_okay=False, path_type=Path), envvar="FRAMING_DB",
              metavar="PATH", help="The article store (SQLite file). Default: $FRAMING_DB, else "
                                   f"{default_db_path()}.")
@click.option("--aliases", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              metavar="FILE", help=f"Outlet alias file merged over corpora/outlets.yaml (also "
                                   f"${ALIASES_ENV}).")
@click.pass_context
def main(ctx: click.Context, db: Path | None, aliases: Path | None) -> None:
    """framing: how news outlets frame the same story.

    \b
    Examples:
      python -m framing load ../shared/data/ruwa
      python -m framing outlets
      python -m framing search "special military operation"
      python -m framing score ../shared/seeds/000_7b49ad51175fd8cb.txt
      python -m framing outlets ../shared/data/ruwa
    """
    ctx.obj = {"db": db}
    if aliases is not None:
        previous = os.environ.get(ALIASES_ENV)
        os.environ[ALIASES_ENV] = str(aliases)  # read by framing.outlets during this command

        def restore() -> None:
            if previous is None:
                os.environ.pop(ALIASES_ENV, None)
            else:
                os.environ[ALIASES_ENV] = previous

        ctx.call_on_close(restore)
    if os.environ.get(ALIASES_ENV, "").strip():
        # A broken alias file would otherwise surface once per data file, deep inside a load;
        # check it once here, before any data is read (raises LoadError naming the file).
        default_aliases()


def _store(ctx: click.Context, create: bool = False) -> ArticleStore:
    """The command's store, opened once per command and closed when it ends.

    Only commands that write articles or events pass ``create=True``; the others must not leave
    an empty database (or its folder) behind for a mistyped ``--db``.

    Raises
    ------
    FramingError
        ``create`` is false and the store file does not exist.
    """
    ctx.obj = ctx.obj if ctx.obj is not None else {}
    store = ctx.obj.get("store")
    if store is None:
        path = ctx.obj.get("db") or default_db_path()
        if not create and str(path) != ":memory:" and not Path(path).expanduser().is_file():
            raise FramingError(f"no article store at {path}; load articles first with "
                               "`framing load PATH` (or give --db)")
        store = ctx.obj["store"] = ArticleStore(ctx.obj.get("db"))
        ctx.call_on_close(store.close)
    return store


_MAX_LISTED_OUTLETS = 20


def _stored_outlet(store: ArticleStore, name: str, flag: str) -> str:
    """The stored outlet id that ``name`` (an id, alias or domain) stands for.

    Aliases resolve through :func:`framing.outlets.normalise_outlet` (with ``--aliases``).

    Raises
    ------
    FramingError
        No stored article has that outlet; the message lists the stored outlets.
    """
    outlet = normalise_outlet(name)
    known = list(store.outlets()["outlet"])
    if outlet in known:
        return outlet
    shown = ", ".join(known[:_MAX_LISTED_OUTLETS]) or "none: the store is empty"
    more = f" (and {len(known) - _MAX_LISTED_OUTLETS} more)" if len(known) > _MAX_LISTED_OUTLETS else ""
    what = name if outlet == name else f"{name} ({outlet})"
    raise FramingError(f"{flag} {what}: no stored articles from that outlet; stored outlets: "
                       f"{shown}{more}. See them with `framing outlets` or `framing list`")


def _two_outlets(a: str, b: str) -> None:
    """Refuse ``--a`` and ``--b`` naming the same outlet (a contrast of a group with itself)."""
    if a == b:
        raise FramingError(f"--a and --b are the same outlet ({a}); give two different outlets")


def _parse_ngrams(ngrams: str) -> tuple[int, int]:
    """``--ngrams LO-HI`` (or ``N``) -> (lo, hi).

    Raises
    ------
    FramingError
        Not LO-HI with whole numbers, LO > HI, or outside 1 to :data:`framing.counts.MAX_N`.
    """
    from .counts import MAX_N  # noqa: PLC0415  (numpy-heavy; only contrast needs it)

    lo, sep, hi = ngrams.partition("-")
    if not (lo.isdigit() and (not sep or hi.isdigit())):
        raise FramingError(f"--ngrams {ngrams!r}: write LO-HI, e.g. --ngrams 1-3")
    span = (int(lo), int(hi or lo))
    if span[0] > span[1]:
        raise FramingError(f"--ngrams {ngrams}: LO must be ≤ HI, e.g. --ngrams {span[1]}-{span[0]}")
    if span[0] < 1 or span[1] > MAX_N:
        raise FramingError(f"--ngrams {ngrams}: n-grams run from 1 word to {MAX_N} words; "
                           "e.g. --ngrams 1-3")
    return span


def _warn(problems: Sequence[FramingError]) -> None:
    for problem in problems[:_MAX_SHOWN_PROBLEMS]:
        click.echo(f"Warning: {problem}", err=True)
    if len(problems) > _MAX_SHOWN_PROBLEMS:
        click.echo(f"Warning: … and {len(problems) - _MAX_SHOWN_PROBLEMS} more problem(s)",
                   err=True)


_lexicon_option = click.option(
    "--lexicon", "lexicon", default="russia-ukraine", show_default=True, metavar="NAME|FILE",
    help="A shipped lexicon's name or the path of a lexicon YAML file.",
)
_voices_option = click.option(
    "--voice", "voices", multiple=True, type=click.Choice(VOICES), default=("authorial",),
    show_default=True, help="Voice(s) to score; repeat for several.",
)
_map_option = click.option(
    "--map", "mapping", multiple=True, metavar="FIELD=COLUMN",
    help="Column mapping for CSV/JSON files, e.g. --map text=body --map outlet=source "
         "(fields: text, title, outlet, date, url; labels=COL1,COL2 keeps those columns as "
         "article labels). Unmapped fields are found by their usual names.",
)
_OUT_SUFFIXES = (".csv", ".json", ".parquet")
_out_option = click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
    help="Write to FILE.csv, FILE.json or FILE.parquet instead of printing a table. Its folder "
         "must exist.",
)
_paths_argument = click.argument("paths", nargs=-1, type=click.Path(path_type=Path))


def _load_options(command):
    """The options of ``load`` that shape how files are read (also on ``score``, ``outlets``)."""
    for option in reversed([
        click.option("--format", "fmt", type=click.Choice(FORMATS),
                     help="Read every file in this format whatever its extension."),
        _map_option,
        click.option("--encoding", help="Decode files with this codec instead of detecting it."),
        click.option("--max-file-mb", type=click.IntRange(min=1), default=Limits().max_file_bytes // 2**20,
                     show_default=True, help="Refuse files bigger than this (MiB, after gzip)."),
        click.option("--max-records", type=click.IntRange(min=1), default=Limits().max_records,
                     show_default=True, help="Refuse table files with more records than this."),
    ]):
        command = option(command)
    return command


def _read_options(fmt: str | None, mapping: Sequence[str], encoding: str | None,
                  max_file_mb: int, max_records: int) -> dict:
    """Keyword arguments of :func:`framing.load_articles` from the loading options."""
    return {"format": fmt, "mapping": _parse_mapping(mapping), "encoding": encoding,
            "limits": Limits(max_file_bytes=max_file_mb * 1024 * 1024, max_records=max_records)}


def _parse_mapping(pairs: Sequence[str]) -> dict[str, str | list[str]] | None:
    """``--map FIELD=COLUMN`` options -> the ``mapping`` of :func:`framing.load_articles`.

    Raises
    ------
    FramingError
        A pair is not FIELD=COLUMN, or FIELD is not one of the fields ``--help`` lists.
    """
    mapping: dict[str, str | list[str]] = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        field, column = field.strip().lower(), column.strip()
        if not sep or not field or not column:
            raise FramingError(f"--map {pair}: write FIELD=COLUMN, e.g. --map text=body")
        if field not in MAPPING_KEYS:
            raise FramingError(
                f"--map {pair}: unknown field {field!r}; FIELD is one of "
                f"{', '.join(MAPPING_KEYS)}, e.g. --map text=body --map outlet=source")
        if field == "labels":
            mapping[field] = [c.strip() for c in column.split(",") if c.strip()]
        else:
            mapping[field] = column
    return mapping or None


def _check_out(out: Path | None) -> None:
    """Refuse an ``--out`` path that cannot be written, before any loading or scoring.

    Raises
    ------
    FramingError
        The name does not end in .csv, .json or .parquet, or its folder does not exist (it is not
        created: a mistyped folder should not appear on disk).
    """
    if out is None:
        return
    suffix = out.suffix.lower()
    if suffix not in _OUT_SUFFIXES:
        raise FramingError(f"--out {out}: unknown format {suffix or '(none)'}; end the file name "
                           "with .csv, .json or .parquet")
    folder = out.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise FramingError(f"--out {out}: the folder {folder} {what}; create it first "
                           f"(mkdir -p {folder}) or write somewhere else")


def _check_lexicon(lexicon: str) -> None:
    """Refuse a folder given as ``--lexicon`` with a message that says what to give instead."""
    path = Path(lexicon).expanduser()
    if path.is_dir():
        files = sorted(p.name for p in path.glob("*.yaml")) + sorted(
            p.name for p in path.glob("*.yml"))
        inside = (f"; it holds {', '.join(files[:5])}" + (" …" if len(files) > 5 else "")
                  if files else "")
        example = path / files[0] if files else LEXICON_DIR / "russia-ukraine.yaml"
        raise FramingError(
            f"--lexicon {lexicon}: is a folder, not a lexicon file{inside}. Give one YAML file, "
            f"e.g. --lexicon {example}, or a shipped name: {', '.join(available_lexicons())}")


def _analyse(ctx: click.Context, paths: Sequence[Path], lexicon: str, voices: Sequence[str],
             read: dict) -> Analysis:
    _check_lexicon(lexicon)
    matcher = compile_lexicon(load_lexicon(lexicon))  # a bad lexicon fails before any loading
    if not paths:
        store = _store(ctx)
        articles = store.articles()
        if not articles:
            raise FramingError(f"the store {store.path} is empty; load articles first, e.g. "
                               "python -m framing load ../shared/data/ruwa, or give PATHs")
        click.echo(f"Scoring {len(articles)} stored article(s) from {store.path}.", err=True)
        return analyse(articles, matcher, voices=voices, hits=store.hits(articles, matcher))
    report = load_articles(paths, **read)
    _warn(report.problems)
    if not report.articles:
        raise FramingError(
            "no articles could be loaded from " + ", ".join(map(str, paths))
            + "; see the warnings above"
        )
    click.echo(f"Loaded {len(report.articles)} article(s).", err=True)
    return analyse(report.articles, matcher, voices=voices)


def _cell(value) -> str:
    """One table cell for the terminal: empty for None/NaN/NaT, floats with 3 decimals."""
    if value is None or (not isinstance(value, str) and pd.api.types.is_scalar(value)
                         and pd.isna(value)):
        return ""
    if isinstance(value, float):
        return f"{value:.3f}"
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10] if getattr(value, "hour", 0) == 0 else value.isoformat()
    return str(value)


def _display(frame: pd.DataFrame, max_rows: int | None = _MAX_PRINTED_ROWS) -> str:
    """``frame`` as a plain text table: empty cells instead of None/NaN, numbers right-aligned;
    at most ``max_rows`` rows (``None``: all)."""
    if not len(frame):
        return "(no rows)"
    max_rows = len(frame) if max_rows is None else max_rows
    cells = frame.head(max_rows).apply(lambda col: col.map(_cell)).astype(object)
    cells = cells.apply(lambda col: col.map(
        lambda v: v if len(v) <= _MAX_CELL else v[:_MAX_CELL - 1] + "…"))
    with pd.option_context("display.max_rows", None, "display.width", 10_000,
                           "display.max_colwidth", None):
        text = cells.to_string(index=False)
    if len(frame) > max_rows:
        text += f"\n… {len(frame) - max_rows} more row(s); write them all with --out FILE"
    return text


def _emit(frame: pd.DataFrame, out: Path | None, prov: dict, *,
          max_rows: int | None = _MAX_PRINTED_ROWS) -> None:
    if out is None:
        click.echo(_display(frame, max_rows))
        return
    _check_out(out)
    write_table(frame, out, prov)  # format from the suffix; provenance in each format's way
    click.echo(f"Wrote {len(frame)} row(s) to {out}.", err=True)


_engine_option = click.option(
    "--engine", type=click.Choice(("local", "dask")), default="local", show_default=True,
    help="local: this process. dask: partitions of --input on a Dask cluster (docs/scale.md).")
_scheduler_option = click.option(
    "--scheduler", metavar="ADDRESS",
    help="Dask scheduler address (tcp://HOST:8786) or scheduler file; default: a local cluster "
         "with one worker process per core. Only with --engine dask.")
_input_option = click.option(
    "--input", "inputs", multiple=True, metavar="PATH_OR_GLOB",
    help="Parquet, JSONL or CSV file, folder or glob ('data/*.parquet'); repeat for several.")
_workers_option = click.option(
    "--workers", type=click.IntRange(min=1), metavar="N",
    help="Worker processes of the local Dask cluster (default: one per core).")
_blocksize_option = click.option(
    "--blocksize", metavar="SIZE",
    help="Bytes of JSONL/CSV per Dask partition (default 64MiB; 0: one per file).")


def _dask_options(command):
    """``--engine``, ``--scheduler``, ``--input``, ``--workers``, ``--blocksize`` (on ``score``
    and ``contrast``)."""
    for option in reversed([_engine_option, _scheduler_option, _input_option, _workers_option,
                            _blocksize_option]):
        command = option(command)
    return command
_DASK_ONLY = ("--scheduler", "--workers", "--blocksize")


def _engine_args(engine: str, paths: Sequence[Path], inputs: Sequence[str],
                 out: Path | None, given: dict, *, out_dir: bool = True) -> list[Path]:
    """Check the engine options; return the PATHs the local engine reads (PATHs + --input).

    Raises
    ------
    FramingError
        A Dask-only option without ``--engine dask``, or ``--engine dask`` without ``--input``
        (or without ``--out DIR`` when ``out_dir``), or with PATHs.
    """
    if engine == "local":
        used = [name for name, value in given.items() if value is not None]
        if used:
            raise FramingError(f"{used[0]} works only with --engine dask")
        expanded: list[Path] = list(paths)
        for pattern in inputs:
            matches = sorted(glob.glob(pattern))
            expanded += [Path(m) for m in matches] if matches else [Path(pattern)]
        return expanded
    if paths:
        raise FramingError("--engine dask reads --input PATH_OR_GLOB, not PATHs; e.g. "
                           f"--input {paths[0]}")
    if not inputs:
        raise FramingError("--engine dask needs --input PATH_OR_GLOB, e.g. "
                           "--input 'data/*.parquet'")
    if out_dir and out is None:
        raise FramingError("--engine dask needs --out DIR for its Parquet files, e.g. "
                           "--out scored/")
    return []


def _blocksize(blocksize: str | None) -> int | None:
    """``--blocksize`` in bytes (None: one partition per file)."""
    from dask.utils import parse_bytes  # noqa: PLC0415 - dask is only needed here

    from .engine import DEFAULT_BLOCKSIZE  # noqa: PLC0415

    try:
        return DEFAULT_BLOCKSIZE if blocksize is None else parse_bytes(blocksize) or None
    except ValueError as exc:
        raise FramingError(f"--blocksize {blocksize}: write a size such as 64MiB, or 0 for one "
                           "partition per file") from exc


def _dask_contrast(inputs: Sequence[str], outlet_a: str, outlet_b: str, ngrams: tuple[int, int],
                   alpha0: float, min_count: int, scheduler: str | None, workers: int | None,
                   blocksize: str | None):
    """Run :func:`framing.engine.contrast_corpus` for ``contrast --engine dask``."""
    from .engine import contrast_corpus, dask_client  # noqa: PLC0415

    size = _blocksize(blocksize)
    with dask_client(scheduler, n_workers=workers) as client:
        run = contrast_corpus(list(inputs), outlet_a, outlet_b, client=client, ngrams=ngrams,
                              alpha0=alpha0, min_count=min_count, blocksize=size)
    _warn([FramingError(p) for p in run.problems])
    a, b, rest = run.articles
    click.echo(f"{outlet_a} ({a:,} articles) vs {outlet_b} ({b:,} articles), {rest:,} more in "
               f"the background; {len(run.result.terms)} terms reported; {run.partitions} "
               f"partition(s), {run.boilerplate} boilerplate line(s), {run.n_problems} "
               f"problem(s), {run.seconds:.1f} s.", err=True)
    return run.result


def _dask_score(inputs: Sequence[str], lexicon: str, voices: Sequence[str], out: Path,
                read: dict, scheduler: str | None, workers: int | None,
                blocksize: str | None) -> pd.DataFrame:
    """Run :func:`framing.engine.score_corpus` for ``score --engine dask``; the outlet table."""
    from .engine import dask_client, score_corpus  # noqa: PLC0415

    _check_lexicon(lexicon)
    lex = load_lexicon(lexicon)
    size = _blocksize(blocksize)
    fmt = read["format"] if read["format"] in ("jsonl", "csv", "tsv") else None
    if read["format"] not in (None, "jsonl", "csv", "tsv"):
        raise FramingError(f"--format {read['format']}: --engine dask reads parquet, jsonl, csv "
                           "or tsv (Parquet by its .parquet name)")
    with dask_client(scheduler, n_workers=workers) as client:
        click.echo(f"Dask: {len(client.scheduler_info(n_workers=-1)['workers'])} worker(s) at "
                   f"{client.scheduler.address}.", err=True)
        run = score_corpus(list(inputs), lex, out, client=client, voices=voices, fmt=fmt,
                           mapping=read["mapping"], encoding=read["encoding"], blocksize=size)
    _warn([FramingError(p) for p in run.problems])
    click.echo(f"Scored {run.articles:,} articles in {run.partitions} partition(s), "
               f"{run.hits:,} hits, {run.n_problems} problem(s), {run.seconds:.1f} s; wrote "
               f"{out}/hits, {out}/articles, {out}/outlets.parquet.", err=True)
    return run.outlet_scores


@main.command()
@_paths_argument
@_lexicon_option
@_voices_option
@_load_options
@click.option("--hits", "per_hit", is_flag=True, help="One row per hit instead of per article.")
@click.option("--out", type=click.Path(path_type=Path), metavar="FILE|DIR",
              help="Write to FILE.csv, FILE.json or FILE.parquet instead of printing a table "
                   "(its folder must exist); with --engine dask the folder DIR for the Parquet "
                   "output.")
@_dask_options
@click.pass_context
def score(ctx: click.Context, paths: tuple[Path, ...], lexicon: str, voices: tuple[str, ...],
          fmt: str | None, mapping: tuple[str, ...], encoding: str | None, max_file_mb: int,
          max_records: int, per_hit: bool, out: Path | None, engine: str,
          scheduler: str | None, inputs: tuple[str, ...], workers: int | None,
          blocksize: str | None) -> None:
    """Score articles: framing index per article (or every hit with --hits).

    Scores the files and folders given, or every stored article when no PATH is given. Each
    article row names its article: headline (the title, or the text's first sentence when there
    is no title), url and source (file and row); the printed table leaves out title and url.
    With --hits each hit row carries its article's outlet, date and headline (the export's hit
    table; printed without headline and sentence text).

    With --engine dask the files of --input are scored in partitions on a Dask cluster (a
    local one, or --scheduler ADDRESS) and --out DIR receives Parquet: hits/, articles/ (one
    part file per partition), outlets.parquet, outlet_counts/ and manifest.json; the outlet
    table is printed. The numbers equal the local engine's (docs/scale.md).

    \b
    Examples:
      python -m framing score
      python -m framing score ../shared/seeds/000_7b49ad51175fd8cb.txt
      python -m framing score articles/ --hits --out hits.csv
      python -m framing score page.txt --voice authorial --voice quoted --out scores.json
      python -m framing score export.csv --map text=body --map outlet=source
      python -m framing score --engine dask --input 'corpus/*.parquet' --out scored/
      python -m framing score --engine dask --scheduler tcp://10.0.0.5:8786 \\
          --input 's3://bucket/news/*.jsonl' --out s3://bucket/scored/
    """
    paths = tuple(_engine_args(engine, paths, inputs, out, dict(zip(
        _DASK_ONLY, (scheduler, workers, blocksize)))))
    if engine == "dask":
        read = _read_options(fmt, mapping, encoding, max_file_mb, max_records)
        _emit(_dask_score(inputs, lexicon, voices, out, read, scheduler, workers, blocksize),
              None, {})
        return
    _check_out(out)
    read = _read_options(fmt, mapping, encoding, max_file_mb, max_records)
    result = _analyse(ctx, paths, lexicon, voices, read)
    if per_hit:
        # the export's hit table: outlet, date and headline beside each hit, as `export hits`
        frame = hit_table(result)
        if out is None:
            frame = frame.drop(columns=["sentence_text", "headline"])
    else:
        frame = article_table(result)
        if out is None:
            frame = frame.drop(columns=["title", "url"])
            if result.lexicon.is_categorical:  # no poles: the index columns say nothing
                frame = frame.drop(columns=list(_POLE_COLUMNS))
    _emit(frame, out, provenance(result))


@main.command()
@_paths_argument
@_lexicon_option
@_voices_option
@_load_options
@_out_option
@click.pass_context
def outlets(ctx: click.Context, paths: tuple[Path, ...], lexicon: str, voices: tuple[str, ...],
            fmt: str | None, mapping: tuple[str, ...], encoding: str | None, max_file_mb: int,
            max_records: int, out: Path | None) -> None:
    """Per-outlet article counts, date range and framing index with 95% intervals.

    Without PATH: every outlet in the store with its article count, first and last date, and
    its framing index (n_scored, index, ci_low, ci_high, lean; hits are cached in the store, so
    the second run is fast). With PATHs: the full outlet score table of those files.

    \b
    Examples:
      python -m framing outlets
      python -m framing --db study.db outlets --out outlets.csv
      python -m framing outlets ../shared/data/ruwa
    """
    _check_out(out)
    read = _read_options(fmt, mapping, encoding, max_file_mb, max_records)
    result = _analyse(ctx, paths, lexicon, voices, read)
    if paths:
        _emit(result.outlet_scores, out, provenance(result))
        return
    table = _store(ctx).outlets()
    scores = result.outlet_scores[["outlet", "n_scored", "index", "ci_low", "ci_high", "lean"]]
    merged = table.merge(scores, on="outlet", how="left")
    merged["n_scored"] = merged["n_scored"].fillna(0).astype("int64")
    merged["outlet"] = merged["outlet"].replace("", "(unknown)")
    click.echo(f"{len(merged)} outlet(s), {int(merged['n_articles'].sum())} article(s).",
               err=True)
    _emit(merged, out, provenance(result))


@main.command()
@_paths_argument
@click.option("--dataset", type=click.Choice(sorted(DATASETS)),
              help="Read PATH (default: $FRAMING_DATA/NAME) with this data set's adapter.")
@_load_options
@click.pass_context
def load(ctx: click.Context, paths: tuple[Path, ...], dataset: str | None, fmt: str | None,
         mapping: tuple[str, ...], encoding: str | None, max_file_mb: int,
         max_records: int) -> None:
    """Load files, folders, zip archives or a data set into the store (one batch per PATH).

    Every file or row that cannot be loaded is named with the reason, and the rest is stored.
    Loading the same articles again adds nothing.

    \b
    Examples:
      python -m framing load ../shared/seeds/000_7b49ad51175fd8cb.txt
      python -m framing load ../shared/data/ruwa ../shared/data/basil
      python -m framing load --dataset allsides_article_bias
      python -m framing load export.csv --map text=body --map outlet=source
      python -m framing --db study.db load pages/ --format text
    """
    if not paths and dataset is None:
        raise FramingError("give at least one PATH to load, or --dataset NAME "
                           f"(one of {', '.join(sorted(DATASETS))})")
    read = _read_options(fmt, mapping, encoding, max_file_mb, max_records)
    store = _store(ctx, create=True)
    targets: list[Path | None] = list(paths) or [None]
    total_new = total_read = total_problems = 0
    for target in targets:
        if dataset is not None:
            report: LoadReport = load_dataset(dataset, target)
            what = f"{dataset} from {target or data_dir() / dataset}"
        else:
            report = load_articles([target], **read)
            what = str(target)
        _warn(report.problems)
        new = store.add(report.articles, description=what)
        total_new += new
        total_read += len(report.articles)
        total_problems += len(report.problems)
        click.echo(f"{what}: {len(report.articles)} article(s) read, {new} new, "
                   f"{len(report.problems)} problem(s).", err=True)
    click.echo(f"Store {store.path}: {store.count()} article(s); {total_new} added.", err=True)
    if total_read == 0 and total_problems:
        # Nothing readable at all is a failure (scripts check the exit status); files whose
        # articles were already stored still read them, so they keep exit 0.
        raise FramingError(f"no articles loaded: every file had a problem ({total_problems}, "
                           "see the warnings above); fix them, or give --format/--map/--encoding")


_OPENING = 80  # characters of an untitled article's body read for its listing line


@main.command(name="list")
@click.option("--outlet", "outlet_ids", multiple=True, metavar="OUTLET",
              help="Only this outlet id; repeat for several.")
@click.option("--limit", type=click.IntRange(min=0), default=50, show_default=True,
              help="Most rows shown (0: all).")
@_out_option
@click.pass_context
def list_(ctx: click.Context, outlet_ids: tuple[str, ...], limit: int, out: Path | None) -> None:
    """List stored articles: id, outlet, date, title (oldest import first).

    On screen, an article without a title shows the start of its text in brackets instead; a
    file from --out keeps the title empty and has the start of the text in a column "opening".

    \b
    Examples:
      python -m framing list
      python -m framing list --outlet RT --outlet "BBC News" --limit 0
      python -m framing list --outlet "Fox News" --out fox.csv
    """
    _check_out(out)
    store = _store(ctx)
    outlets = [_stored_outlet(store, name, "--outlet") for name in outlet_ids]
    table = store.index(outlets or None, opening=_OPENING)
    if out is None:  # on screen only: a file keeps the data as it is
        untitled = table["title"].fillna("") == ""
        table.loc[untitled, "title"] = [
            f"[{' '.join(text.split())[:_MAX_CELL - 3]}…]" if text.strip() else ""
            for text in table.loc[untitled, "opening"].fillna("")]
        table = table.drop(columns=["opening"])
    click.echo(f"{len(table)} article(s).", err=True)
    shown = table if limit == 0 else table.head(limit)
    _emit(shown.fillna(""), out, {"store": store.path}, max_rows=None)


@main.command()
@click.argument("query")
@click.option("--outlet", "outlet_ids", multiple=True, metavar="OUTLET",
              help="Only this outlet id; repeat for several.")
@click.option("--limit", type=click.IntRange(min=1), default=20, show_default=True,
              help="Most rows shown, best first.")
@click.pass_context
def search(ctx: click.Context, query: str, outlet_ids: tuple[str, ...], limit: int) -> None:
    """Full-text search over stored titles and bodies (best matches first).

    \b
    Examples:
      python -m framing search annexation
      python -m framing search '"special military operation"' --outlet RT
      python -m framing search 'Kiev OR Kyiv' --limit 5
    """
    store = _store(ctx)
    outlets = [_stored_outlet(store, name, "--outlet") for name in outlet_ids]
    table = store.search(query, limit=limit, outlets=outlets or None)
    more = "; there may be more: raise --limit" if len(table) == limit else ""
    click.echo(f"{len(table)} match(es) shown, best first{more}.", err=True)
    _emit(table.drop(columns=["rank"]).fillna(""), None, {})


def stored_contrast(ctx: click.Context, outlet_a: str, outlet_b: str, *,
                    span: tuple[int, int], alpha0: float, events_only: bool,
                    min_count: int):
    """The contrast of two stored outlets against every stored article (``framing contrast``
    and ``framing candidates``); returns the result and the store's path.

    The background is counted once per store revision and saved beside the store
    (:mod:`framing.bgcache`), so A and B are counted alone; n-grams longer than 3 words count
    every stored article (the saved background holds up to trigrams)."""
    from .bgcache import StoreBackground  # noqa: PLC0415
    from .contrast import contrast  # noqa: PLC0415
    from .counts import ContrastError  # noqa: PLC0415

    store = _store(ctx)
    outlet_a = _stored_outlet(store, outlet_a, "--a")
    outlet_b = _stored_outlet(store, outlet_b, "--b")
    _two_outlets(outlet_a, outlet_b)
    background = None
    if span[1] > 3:
        click.echo(f"Counting all {store.count():,} stored articles for n-grams of up to "
                   f"{span[1]} words (the saved background holds up to 3: this run takes "
                   "longer and more memory) ...", err=True)
    else:
        try:
            background = StoreBackground.for_store(store,
                                                   progress=lambda m: click.echo(m, err=True))
        except ContrastError as exc:  # too many distinct words for the saved counts' keys
            click.echo(f"{exc}: counting every stored article instead ...", err=True)
    if background is None:
        background = store.articles()
        a = [x for x in background if x.outlet == outlet_a]
        b = [x for x in background if x.outlet == outlet_b]
    else:
        a, b = (store.articles(outlets=[o]) for o in (outlet_a, outlet_b))
    result = contrast(a, b, background=background, alpha0=alpha0, events_only=events_only,
                      ngrams=span, min_count=min_count)
    return result, store.path


def loaded_model_option(command):
    """``--loaded-model`` (on ``contrast`` and ``candidates``): list only loaded language."""
    return click.option(
        "--loaded-model", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
        help="A word model (framing train --task babe-words): list only terms holding a word it "
             "marks as loaded in at least half of its uses (and twice; names left out) in the "
             "two outlets' articles. Scores are unchanged. The model errs (token F1 about "
             "0.44 on BABE): read the list as candidates. Marking takes about a second per "
             "35,000 words (3 min for 6,500 long articles).")(command)


_TRAIN_WORDS = ("python -m framing train --dataset babe_mbic --task babe-words --word-list "
                "../shared/data/babe_mbic/bias_word_lexicon.txt --out models/words.skops")


def load_word_model(path: Path | None):
    """The ``--loaded-model`` file loaded (before any counting, so a wrong file fails at once);
    ``(model, card, path)``, or None without the option."""
    if path is None:
        return None
    from .modelfile import ModelError, load_model  # noqa: PLC0415

    click.echo(f"Loading the word model {path} ...", err=True)
    try:
        model, card = load_model(path, kind="babe-words")
    except ModelError as exc:
        raise FramingError(f"--loaded-model: {exc} (the option takes a word model: "
                           f"{_TRAIN_WORDS})") from exc
    return model, card, path


def loaded_only(loaded, result):
    """``--loaded-model``: the contrast listing only terms that hold a word the model marks as
    loaded in most of its uses in the contrast's articles (:func:`framing.loaded_words.
    marked_words`, :meth:`framing.contrast.ContrastResult.holding`), and provenance entries
    naming the model and the rule; ``(result, {})`` without a model (``loaded`` None)."""
    if loaded is None:
        return result, {}
    from .loaded_words import MIN_MARKED, MIN_SHARE, marked_words  # noqa: PLC0415

    model, card, path = loaded
    if result.terms.empty:  # nothing to narrow: do not spend minutes marking
        return result, {"loaded_model": str(path), "loaded_words": "0"}
    docs = [x.document for x in (*result.articles_a, *result.articles_b)]
    step = max(1, len(docs) // 10)  # ten progress lines at most

    def progress(done: int, total: int) -> None:
        if done % step == 0 or done == total:
            click.echo(f"  {done:,} of {total:,} articles", err=True)

    click.echo(f"Marking loaded words in {len(docs):,} article(s) ...", err=True)
    words = marked_words(docs, model, progress=progress)
    kept = result.holding(words["word"])
    strong = int((kept.terms["q"] <= 0.05).sum())
    click.echo(f"{len(words):,} word(s) marked as loaded in at least {MIN_SHARE:.0%} of their "
               f"uses (and at least {MIN_MARKED} times); {len(kept.terms):,} of "
               f"{len(result.terms):,} terms hold one and are listed, "
               + (f"{strong:,} of them with q <= 0.05." if strong else "none of them with q <= "
                  "0.05: read the lists as leads, not findings."), err=True)
    return kept, {"loaded_model": str(path),
                  "loaded_model_sha256": str(card.get("sha256", "")),
                  "loaded_threshold": f"{model.threshold_:.6g}",
                  "loaded_min_share": f"{MIN_SHARE:g}", "loaded_min_marked": str(MIN_MARKED),
                  "loaded_words": str(len(words))}


def pair_options(command):
    """``--a``, ``--b``, ``--events-only`` and ``--ngrams`` (on ``contrast`` and
    ``candidates``)."""
    for option in reversed([
            click.option("--a", "outlet_a", required=True, metavar="OUTLET",
                         help="Outlet id of group A."),
            click.option("--b", "outlet_b", required=True, metavar="OUTLET",
                         help="Outlet id of group B."),
            click.option("--events-only", is_flag=True, help="Only articles on events both "
                         "outlets covered (needs an 'event' label)."),
            click.option("--ngrams", default="1-3", show_default=True, metavar="LO-HI",
                         help="Shortest and longest n-gram, e.g. 1-1 or 1-3.")]):
        command = option(command)
    return command


@main.command(name="contrast")
@pair_options
@click.option("--top", type=click.IntRange(min=1), default=20, show_default=True,
              help="Terms shown per side.")
@click.option("--alpha0", type=float, default=1000.0, show_default=True,
              help="Total weight of the informative prior (pseudo-counts).")
@click.option("--min-count", type=click.IntRange(min=1), default=5, show_default=True,
              help="Report terms seen at least this often in the two outlets together.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="Write every term to FILE.csv, FILE.json or FILE.parquet instead of "
                   "printing the top ones. Its folder must exist.")
@_dask_options
@loaded_model_option
@click.pass_context
def contrast_(ctx: click.Context, outlet_a: str, outlet_b: str, events_only: bool, ngrams: str,
              top: int, alpha0: float, min_count: int, out: Path | None, engine: str,
              scheduler: str | None, inputs: tuple[str, ...], workers: int | None,
              blocksize: str | None, loaded_model: Path | None) -> None:
    """Terms that distinguish two outlets (log-odds, informative Dirichlet prior).

    Uses the stored articles (or the files of --input); the prior's background is every one of
    them. The stored background is counted once per store revision and kept in a folder
    beside the store (STORE.cache/; delete it freely, it is rebuilt), so later runs count
    only the two outlets. With --engine dask the files of --input are counted in partitions
    on a Dask cluster, and the table is the same as in one process.

    \b
    Examples:
      python -m framing contrast --a "Fox News" --b CNN
      python -m framing contrast --a "Fox News" --b HuffPost --events-only --top 30
      python -m framing contrast --a RT --b "BBC News" --ngrams 1-2 --out rt-bbc.csv
      python -m framing contrast --a "Fox News" --b HuffPost --events-only \\
          --loaded-model models/words.skops
      python -m framing contrast --engine dask --input 'corpus/*.parquet' --a RT --b "BBC News"
    """
    from .contrast import contrast  # noqa: PLC0415

    _check_out(out)
    span = _parse_ngrams(ngrams)
    words_model = None if engine == "dask" else load_word_model(loaded_model)
    files = _engine_args(engine, (), inputs, out, dict(zip(_DASK_ONLY, (scheduler, workers,
                                                                       blocksize))), out_dir=False)
    if engine == "dask":
        if events_only:
            raise FramingError("--events-only works only with the store (--engine local): the "
                               "dask engine does not read event labels")
        if loaded_model is not None:
            raise FramingError("--loaded-model works only with --engine local (the store or "
                               "--input in this process): the dask engine returns counts, "
                               "not the articles the word model reads")
        outlet_a, outlet_b = normalise_outlet(outlet_a), normalise_outlet(outlet_b)
        _two_outlets(outlet_a, outlet_b)
        result = _dask_contrast(inputs, outlet_a, outlet_b, span, alpha0,
                                min_count, scheduler, workers, blocksize)
        prov = {"input": " ".join(inputs), **{k: str(v) for k, v in result.settings.items()}}
    else:
        if files:  # --input in this process: the same table the dask engine gives
            outlet_a, outlet_b = normalise_outlet(outlet_a), normalise_outlet(outlet_b)
            _two_outlets(outlet_a, outlet_b)
            report = load_articles(files)
            _warn(report.problems)
            everything, where = list(report.articles), " ".join(inputs)
            a = [x for x in everything if x.outlet == outlet_a]
            b = [x for x in everything if x.outlet == outlet_b]
            result = contrast(a, b, background=everything, alpha0=alpha0,
                              events_only=events_only, ngrams=span, min_count=min_count)
        else:
            result, where = stored_contrast(ctx, outlet_a, outlet_b, span=span, alpha0=alpha0,
                                            events_only=events_only, min_count=min_count)
        click.echo(result.summary(), err=True)
        prov = {"input" if files else "store": where,
                **{k: str(v) for k, v in result.settings.items()}}
    if result.terms.empty:
        click.echo(f"No term reached --min-count {min_count} (occurrences in A and B together) "
                   "and 2 articles; with few articles give a lower --min-count, e.g. "
                   "--min-count 2.", err=True)
    result, loaded = loaded_only(words_model, result)
    prov.update(loaded)
    if out is not None:
        # the export's table: which group is A and which B travels with the file
        _emit(contrast_table(result), out, prov)
        return
    cols = ["term", "count_a", "count_b", "rate_a", "rate_b", "z", "q"]
    if result.settings.get("unit") == "articles":  # z counts articles: show those counts first
        cols = ["term", "docs_a", "docs_b", "count_a", "count_b", "z", "q"]
    for label, side in ((result.label_a, "a"), (result.label_b, "b")):
        click.echo(f"Most typical of {label}:")
        _emit(result.top(top, side)[cols], None, prov)


from . import cli_export  # noqa: E402,F401  (registers its commands)


from . import cli_classify  # noqa: E402,F401  (registers its commands)
from . import cli_events  # noqa: E402,F401  (registers its commands)
from . import cli_candidates  # noqa: E402,F401  (registers its commands)

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
