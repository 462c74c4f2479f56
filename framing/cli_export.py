"""``framing export``: the dashboard's exports from the command line.

Tables (``articles``, ``hits``, ``outlets``, ``contrast``) as CSV, JSON or Parquet, and the
offline HTML ``report`` of a comparison, each with its provenance (:mod:`framing.export`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

import click

from .analysis import Analysis, analyse
from .cli import (_check_lexicon, _lexicon_option, _load_options, _read_options, _store,
                  _stored_outlet, _two_outlets, _voices_option, _warn, main)
from .errors import FramingError
from .export import (TABLE_FORMATS, article_table, contrast_provenance, contrast_table, encode,
                     hit_table, outlet_table, provenance)
from .lexicon import load_lexicon
from .loaders import load_articles
from .matching import compile_lexicon
from .models import Article

__all__ = ["export_"]

TABLES = ("articles", "hits", "outlets", "contrast", "report")
_SUFFIXES = {**{f".{f}": f for f in TABLE_FORMATS}, ".html": "html", ".htm": "html"}


def _format(table: str, out: Path | None) -> str:
    """The output format from ``--out``'s suffix (CSV on stdout without ``--out``)."""
    if out is None:
        if table == "report":
            return "html"
        return "csv"
    fmt = _SUFFIXES.get(out.suffix.lower())
    if fmt is None or (fmt == "html") != (table == "report"):
        wanted = ".html" if table == "report" else ".csv, .json or .parquet"
        raise FramingError(f"--out {out}: the {table} export is written as {wanted}; end the "
                           "file name with that")
    if not out.parent.is_dir():
        raise FramingError(f"--out {out}: the folder {out.parent} does not exist; create it "
                           f"first (mkdir -p {out.parent})")
    return fmt


def _stored(ctx: click.Context, outlets: Sequence[str], event: str | None) -> list[Article]:
    store = _store(ctx)
    articles = store.articles(outlets=list(outlets) if outlets else None)
    if event is not None:
        articles = [a for a in articles if a.label("event") == event]
    if not articles:
        known = ", ".join(store.outlets()["outlet"].head(8)) or "none: the store is empty"
        what = f" of {', '.join(outlets)}" if outlets else ""
        raise FramingError(f"no stored articles{what}{f' on event {event}' if event else ''}; "
                           f"stored outlets include: {known}. Load articles first, e.g. "
                           "python -m framing load ../shared/data/ruwa")
    return articles


def _side(ctx, outlet: str, event: str | None, matcher, voices) -> Analysis:
    articles = _stored(ctx, [outlet], event)
    return analyse(articles, matcher, voices=voices, hits=_store(ctx).hits(articles, matcher))


@main.command(name="export")
@click.argument("table", type=click.Choice(TABLES))
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@_lexicon_option
@_voices_option
@_load_options
@click.option("--outlet", "outlets", multiple=True, metavar="OUTLET",
              help="Only these stored outlets (repeat for several); default all.")
@click.option("--a", "outlet_a", metavar="OUTLET", help="Side A of a contrast or report.")
@click.option("--b", "outlet_b", metavar="OUTLET", help="Side B of a contrast or report.")
@click.option("--event", metavar="EVENT", help="Only articles of this event (label 'event').")
@click.option("--terms/--no-terms", default=True, show_default=True,
              help="report: include distinguishing terms (log-odds) with context.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), metavar="FILE",
              help="FILE.csv, FILE.json or FILE.parquet (FILE.html for report); default CSV "
                   "(or HTML) on stdout.")
@click.pass_context
def export_(ctx: click.Context, table: str, paths: tuple[Path, ...], lexicon: str,
            voices: tuple[str, ...], fmt: str | None, mapping: tuple[str, ...],
            encoding: str | None, max_file_mb: int, max_records: int, outlets: tuple[str, ...],
            outlet_a: str | None, outlet_b: str | None, event: str | None, terms: bool,
            out: Path | None) -> None:
    """Export a table or a comparison report, with provenance.

    TABLE is articles (per-article scores), hits (one row per hit), outlets (per-outlet
    summary), contrast (distinguishing terms of --a vs --b) or report (offline HTML of --a vs
    --b). articles, hits and outlets read the PATHs given, else the store (--outlet to pick);
    contrast and report read the store. The format follows --out's suffix; every file records
    the lexicon (name, version, hash), voices, date rules, framing version and time (CSV:
    trailing columns; JSON: "provenance"; Parquet: schema metadata framing_provenance).

    \b
    Examples:
      python -m framing export articles --out scores.parquet
      python -m framing export hits --outlet RT --out rt-hits.csv
      python -m framing export outlets ../shared/data/ruwa --out outlets.json
      python -m framing export contrast --a RT --b "BBC News" --out rt-bbc.csv
      python -m framing export report --a RT --b "BBC News" --out rt-bbc.html
    """
    out_fmt = _format(table, out)
    paired = table in ("contrast", "report")
    if paired and not (outlet_a and outlet_b):
        raise FramingError(f"export {table} needs two stored outlets: --a OUTLET --b OUTLET, "
                           'e.g. --a RT --b "BBC News"')
    if paired and paths:
        raise FramingError(f"export {table} reads the store, not PATHs; load them first with "
                           "python -m framing load PATH")
    if not paired and (outlet_a or outlet_b):
        raise FramingError(f"--a/--b belong to export contrast and export report; for {table} "
                           "pick outlets with --outlet")
    if paired:
        outlet_a = _stored_outlet(_store(ctx), outlet_a, "--a")
        outlet_b = _stored_outlet(_store(ctx), outlet_b, "--b")
        _two_outlets(outlet_a, outlet_b)
    elif outlets and not paths:
        outlets = tuple(_stored_outlet(_store(ctx), o, "--outlet") for o in outlets)
    settings = {k: v for k, v in (("event", event), ("outlets", "+".join(outlets))) if v}
    if table == "contrast":
        from .contrast import contrast  # noqa: PLC0415  (numpy-heavy; only when asked for)

        # The prior's background is every stored article (of --event), as in `framing contrast`,
        # so the same outlets give the same z in both commands.
        everything = _stored(ctx, (), event)
        a = [x for x in everything if x.outlet == outlet_a]
        b = [x for x in everything if x.outlet == outlet_b]
        result = contrast(a, b, background=everything)
        click.echo(result.summary(), err=True)
        frame, prov = contrast_table(result), contrast_provenance(result, **settings)
    else:
        _check_lexicon(lexicon)
        matcher = compile_lexicon(load_lexicon(lexicon))
        if table == "report":
            _report(ctx, outlet_a, outlet_b, event, matcher, voices, terms, out, settings)
            return
        if paths:
            report = load_articles(paths, **_read_options(fmt, mapping, encoding, max_file_mb,
                                                          max_records))
            _warn(report.problems)
            if not report.articles:
                raise FramingError("no articles could be loaded from "
                                   + ", ".join(map(str, paths)) + "; see the warnings above")
            analysis = analyse(report.articles, matcher, voices=voices)
        else:
            articles = _stored(ctx, outlets, event)
            analysis = analyse(articles, matcher, voices=voices,
                               hits=_store(ctx).hits(articles, matcher))
        make = {"articles": article_table, "hits": hit_table, "outlets": outlet_table}[table]
        frame, prov = make(analysis), provenance(analysis, **settings)
    data = encode(frame, out_fmt, prov)
    _write(data, out, f"{len(frame)} row(s)")


def _report(ctx, outlet_a: str, outlet_b: str, event: str | None, matcher, voices, terms: bool,
            out: Path | None, settings: dict) -> None:
    from .report import comparison_report  # noqa: PLC0415

    a = _side(ctx, outlet_a, event, matcher, voices)
    b = _side(ctx, outlet_b, event, matcher, voices)
    result = None
    if terms:
        from .contrast import contrast  # noqa: PLC0415

        try:
            result = contrast(a.articles, b.articles)
        except FramingError as exc:  # too little text for terms: the report goes without
            click.echo(f"Warning: no distinguishing terms ({exc})", err=True)
    page = comparison_report(a, b, label_a=outlet_a, label_b=outlet_b, contrast=result,
                             settings=settings)
    _write(page.encode("utf-8"), out, "the report")


def _write(data: bytes, out: Path | None, what: str) -> None:
    if out is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return
    try:
        out.write_bytes(data)
    except OSError as exc:
        raise FramingError(f"--out {out}: cannot write the file ({exc.strerror}); choose "
                           "another path") from exc
    click.echo(f"Wrote {what} to {out}.", err=True)
