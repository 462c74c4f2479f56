"""Command-line interface: ``python -m framing COMMAND``.

Thin commands over the library. Data goes to stdout, messages to stderr; any
:class:`~framing.errors.FramingError` becomes a one-line message and exit status 1.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Sequence

import click
import pandas as pd

from . import __version__
from .analysis import Analysis, analyse
from .errors import FramingError
from .export import provenance, to_csv, to_json
from .loaders import load_articles
from .models import VOICES

__all__ = ["main"]


class _Group(click.Group):
    """Turn library errors into clean messages and exit status 1."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except FramingError as exc:
            click.echo(f"Error: {exc}", err=True)
            ctx.exit(1)


@click.group(cls=_Group)
@click.version_option(__version__, prog_name="framing")
def main() -> None:
    """framing: how news outlets frame the same story.

    \b
    Examples:
      python -m framing score ../shared/seeds/000_7b49ad51175fd8cb.txt
      python -m framing outlets ../shared/data/ruwa
    """


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
         "(fields: text, title, outlet, date, url).",
)
_paths_argument = click.argument("paths", nargs=-1, required=True,
                                 type=click.Path(path_type=Path))


def _parse_mapping(pairs: Sequence[str]) -> dict[str, str] | None:
    mapping = {}
    for pair in pairs:
        field, sep, column = pair.partition("=")
        if not sep or not field.strip() or not column.strip():
            raise FramingError(f"--map {pair!r}: write FIELD=COLUMN, e.g. --map text=body")
        mapping[field.strip()] = column.strip()
    return mapping or None


def _analyse(paths: Sequence[Path], lexicon: str, voices: Sequence[str],
             mapping: Sequence[str] = ()) -> Analysis:
    report = load_articles(paths, mapping=_parse_mapping(mapping))
    for problem in report.problems:
        click.echo(f"Warning: {problem}", err=True)
    if not report.articles:
        raise FramingError(
            "no articles could be loaded from " + ", ".join(map(str, paths))
            + "; see the warnings above"
        )
    click.echo(f"Loaded {len(report.articles)} article(s).", err=True)
    return analyse(report.articles, lexicon, voices=voices)


def _emit(frame: pd.DataFrame, out: Path | None, prov: dict) -> None:
    if out is None:
        with pd.option_context("display.max_rows", 200, "display.width", 200,
                               "display.max_colwidth", 60, "display.float_format", "{:.3f}".format):
            click.echo(frame.to_string(index=False) if len(frame) else "(no rows)")
        return
    suffix = out.suffix.lower()
    if suffix == ".csv":
        text = to_csv(frame, prov)
    elif suffix == ".json":
        text = to_json(frame, prov)
    else:
        raise FramingError(f"--out {out}: unknown format {suffix or '(none)'}; end the file name "
                           "with .csv or .json")
    out.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {len(frame)} row(s) to {out}.", err=True)


@main.command()
@_paths_argument
@_lexicon_option
@_voices_option
@_map_option
@click.option("--hits", "per_hit", is_flag=True, help="One row per hit instead of per article.")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE.csv or FILE.json instead of printing a table.")
def score(paths: tuple[Path, ...], lexicon: str, voices: tuple[str, ...],
          mapping: tuple[str, ...], per_hit: bool, out: Path | None) -> None:
    """Score articles: framing index per article (or every hit with --hits).

    \b
    Examples:
      python -m framing score ../shared/seeds/000_7b49ad51175fd8cb.txt
      python -m framing score articles/ --hits --out hits.csv
      python -m framing score page.txt --voice authorial --voice quoted --out scores.json
      python -m framing score export.csv --map text=body --map outlet=source
    """
    result = _analyse(paths, lexicon, voices, mapping)
    if per_hit:
        frame = result.hits.drop(columns=["sentence_text"]) if out is None else result.hits
    else:
        frame = result.article_scores
    _emit(frame, out, provenance(result))


@main.command()
@_paths_argument
@_lexicon_option
@_voices_option
@_map_option
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path),
              help="Write to FILE.csv or FILE.json instead of printing a table.")
def outlets(paths: tuple[Path, ...], lexicon: str, voices: tuple[str, ...],
            mapping: tuple[str, ...], out: Path | None) -> None:
    """Per-outlet framing index with hit counts and 95% intervals.

    \b
    Example:
      python -m framing outlets ../shared/data/ruwa
      python -m framing outlets ../shared/data/ruwa --out outlets.csv
    """
    result = _analyse(paths, lexicon, voices, mapping)
    _emit(result.outlet_scores, out, provenance(result))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
