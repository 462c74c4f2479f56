"""Adapters for the public data sets the project reads (never copies) from ``../shared/data``.

=====================  =========================================================================
name                   what one :class:`~framing.models.Article` is
=====================  =========================================================================
``ruwa``               one RUWA row (Khairova et al. 2023): a 2022-war headline and its teaser
``ukraine_news_bias``  one article of Färber et al. (CIKM 2020), its sentences one per line
=====================  =========================================================================

The folder is given by the caller or found with :func:`data_dir` (environment variable
``FRAMING_DATA``, default ``<repo>/../shared/data``).
"""

from __future__ import annotations

import ast
import gzip
import json
import os
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from framing.errors import LoadError
from framing.loaders import LoadReport, parse_date
from framing.models import Article

__all__ = [
    "DATASETS",
    "DATASET_FILES",
    "data_dir",
    "detect_dataset",
    "load_dataset",
    "ukraine_sentences",
]

#: Known data sets and a one-line description of each.
DATASETS: dict[str, str] = {
    "ruwa": "RUWA: 16,545 Russia-Ukraine war headlines by outlet (Khairova et al., 2023)",
    "ukraine_news_bias": "90 articles of 2014 with sentence bias labels (Färber et al., 2020)",
}
#: The file inside each data set's folder that holds its records.
DATASET_FILES: dict[str, str] = {
    "ruwa": "ruwa.jsonl.gz",
    "ukraine_news_bias": "articles.jsonl.gz",
}

_REPO = Path(__file__).resolve().parent.parent


def data_dir() -> Path:
    """The folder holding the shared data sets.

    Returns
    -------
    pathlib.Path
        ``$FRAMING_DATA`` when that environment variable is set and not empty, otherwise
        ``<repo>/../shared/data`` (the repo is the folder above the ``framing`` package). The
        folder may not exist; callers check.
    """
    configured = os.environ.get("FRAMING_DATA", "").strip()
    if configured:
        return Path(configured).expanduser()
    return _REPO.parent / "shared" / "data"


def detect_dataset(folder: str | Path) -> str | None:
    """Recognise a data set folder by its files.

    Parameters
    ----------
    folder : str or pathlib.Path

    Returns
    -------
    str or None
        ``"ruwa"`` when the folder holds ``ruwa.jsonl.gz``; ``"ukraine_news_bias"`` when it
        holds ``articles.jsonl.gz`` whose first record has ``sentences`` carrying
        ``position_in_article``; ``None`` otherwise (also for a missing or unreadable folder).
    """
    path = Path(folder)
    if (path / DATASET_FILES["ruwa"]).is_file():
        return "ruwa"
    candidate = path / DATASET_FILES["ukraine_news_bias"]
    if candidate.is_file():
        try:
            with gzip.open(candidate, "rt", encoding="utf-8") as handle:
                first = json.loads(handle.readline())
        except (OSError, EOFError, zlib.error, UnicodeDecodeError, json.JSONDecodeError):
            return None
        if isinstance(first, dict) and "position_in_article" in str(first.get("sentences", "")):
            return "ukraine_news_bias"
    return None


def load_dataset(name: str, path: str | Path | None = None) -> LoadReport:
    """Load a known data set as articles.

    Parameters
    ----------
    name : {"ruwa", "ukraine_news_bias"}
    path : str or pathlib.Path, optional
        The data set's folder; default ``data_dir() / name``.

    Returns
    -------
    LoadReport
        Articles unique by id. ``ruwa`` (16,545 rows): one article per row that has a title or a
        teaser; ``title`` = ``title``, ``text`` = ``desc`` (when ``title`` is empty, as in RT
        rows, ``title`` stays ``""`` and the headline-like ``desc`` is the text, so every
        headline is in the document exactly once); ``outlet`` = ``Site`` lower-cased without
        ``www.`` (domain ids such as ``"rt.com"``, not looked up in the alias table); ``date``
        from ``date_iso``; ``url`` = ``src``; labels ``event``, ``dataset``, ``row_id``; source
        ``"ruwa:row <row_id>"``. Rows with neither title nor desc are counted in one problem.
        ``ukraine_news_bias`` (90 articles): see :func:`ukraine_sentences` for the sentence
        table; ``text`` is the sentences' ``content`` in ``position_in_article`` order, one per
        line (joined by ``"\\n"``, so line *i* is sentence *i*); ``title`` ``""``, ``outlet``
        ``""`` and ``date`` ``None`` (the data set has none); labels ``dataset``,
        ``article_id`` and the article-level bias ratios ``bias_pro_russia_maj``,
        ``bias_pro_west_maj``, ``bias_pro_russia_avg``, ``bias_pro_west_avg`` (as ``str`` of
        the float, fraction of sentences in 0-1); source ``"ukraine_news_bias:<id>"``.

    Raises
    ------
    LoadError
        Unknown ``name`` (the message lists the known names); the folder or its data file is
        missing (the message names the path and says to set ``FRAMING_DATA``); the data file
        is not valid gzip.
    """
    if name not in DATASETS:
        raise LoadError(name, f"unknown data set; known data sets: {', '.join(sorted(DATASETS))}")
    folder = Path(path) if path is not None else data_dir() / name
    file = _data_file(name, folder)
    if name == "ruwa":
        return _load_ruwa(file)
    return _load_ukraine(file)


def ukraine_sentences(path: str | Path | None = None) -> pd.DataFrame:
    """The ukraine_news_bias sentences with their pro-Russia / pro-West bias labels.

    Parameters
    ----------
    path : str or pathlib.Path, optional
        The data set's folder; default ``data_dir() / "ukraine_news_bias"``.

    Returns
    -------
    pandas.DataFrame
        One row per sentence (2,057 in the published data), in article order then
        ``position``. Columns: ``article_id`` (str), ``position`` (int, 0-based within the
        article), ``content`` (str), ``pro_russia_maj``, ``pro_west_maj`` (float, majority vote
        of 5 crowd workers), ``pro_russia_avg``, ``pro_west_avg`` (float, mean vote).

    Raises
    ------
    LoadError
        The folder or ``articles.jsonl.gz`` is missing or unreadable, or a record lacks the
        fields above.
    """
    folder = Path(path) if path is not None else data_dir() / "ukraine_news_bias"
    file = _data_file("ukraine_news_bias", folder)
    rows: list[dict[str, Any]] = []
    for where, record in _records(file, "ukraine_news_bias"):
        article_id = str(record.get("id", ""))
        try:
            for sentence in _sorted_sentences(record):
                bias = _nested(sentence.get("bias"), "bias")
                score = _nested(bias.get("score"), "bias.score")
                russia = _lower_keys(_nested(score.get("pro-russia", score.get("pro-Russia")),
                                             "pro-russia"))
                west = _lower_keys(_nested(score.get("pro-west", score.get("pro-West")),
                                           "pro-west"))
                rows.append({
                    "article_id": article_id,
                    "position": int(sentence["position_in_article"]),
                    "content": str(sentence.get("content") or ""),
                    "pro_russia_maj": float(russia["maj"]),
                    "pro_west_maj": float(west["maj"]),
                    "pro_russia_avg": float(russia["avg"]),
                    "pro_west_avg": float(west["avg"]),
                })
        except (KeyError, TypeError, ValueError) as exc:
            raise LoadError(where, f"sentence record lacks a field or value: {exc}") from exc
    columns = ["article_id", "position", "content", "pro_russia_maj", "pro_west_maj",
               "pro_russia_avg", "pro_west_avg"]
    return pd.DataFrame(rows, columns=columns)


# --------------------------------------------------------------------------------------------


def _data_file(name: str, folder: Path) -> Path:
    if not folder.is_dir():
        raise LoadError(
            str(folder),
            f"data set folder for {name!r} not found; pass its path, or set the environment "
            "variable FRAMING_DATA to the folder holding the data sets "
            f"(currently looking in {data_dir()})",
        )
    file = folder / DATASET_FILES[name]
    if not file.is_file():
        raise LoadError(str(file), f"{DATASET_FILES[name]} is missing from the {name} folder; "
                                   "point the path (or FRAMING_DATA) at an unmodified copy")
    return file


def _records(file: Path, label: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(where, record)`` for each JSON line; raise LoadError for an unreadable file."""
    try:
        with gzip.open(file, "rt", encoding="utf-8") as handle:
            lines = handle.read().split("\n")
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise LoadError(str(file), f"cannot read this gzip file ({exc})") from exc
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{file}:{number}"
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise LoadError(where, f"line {number} of the {label} file is not valid JSON "
                                   f"({exc.msg}); the file looks damaged") from exc
        if not isinstance(record, dict):
            raise LoadError(where, f"line {number} is not a JSON object")
        yield where, record


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _load_ruwa(file: Path) -> LoadReport:
    articles: list[Article] = []
    seen: set[str] = set()
    empty = 0
    for _, row in _records(file, "ruwa"):
        title = _clean(row.get("title"))
        desc = _clean(row.get("desc"))
        if not title and not desc:
            empty += 1
            continue
        outlet = _clean(row.get("Site")).lower().removeprefix("www.")
        row_id = str(row.get("row_id", ""))
        article = Article.make(
            text=desc,
            title=title,
            outlet=outlet,
            date=parse_date(row.get("date_iso")),
            url=_clean(row.get("src")),
            source=f"ruwa:row {row_id}",
            labels=(("event", _clean(row.get("Event"))), ("dataset", "ruwa"), ("row_id", row_id)),
        )
        if article.id not in seen:
            seen.add(article.id)
            articles.append(article)
    problems: tuple[LoadError, ...] = ()
    if empty:
        problems = (LoadError(str(file), f"{empty} rows had neither a title nor a desc and were "
                                         "skipped (no text to analyse)"),)
    return LoadReport(articles=tuple(articles), problems=problems)


def _nested(value: Any, what: str) -> dict[str, Any]:
    """A nested field as a dict, parsing a Python-literal string safely (never ``eval``)."""
    if isinstance(value, str):
        try:
            value = ast.literal_eval(value)
        except (ValueError, SyntaxError) as exc:
            raise ValueError(f"field {what!r} is not a Python literal") from exc
    if not isinstance(value, dict):
        raise TypeError(f"field {what!r} is a {type(value).__name__}, expected a mapping")
    return value


def _lower_keys(value: dict[str, Any]) -> dict[str, Any]:
    return {str(k).lower(): v for k, v in value.items()}


def _sorted_sentences(record: dict[str, Any]) -> list[dict[str, Any]]:
    sentences = record.get("sentences")
    if isinstance(sentences, str):
        sentences = ast.literal_eval(sentences)
    if not isinstance(sentences, list):
        raise TypeError("field 'sentences' is not a list")
    parsed = [_nested(s, "sentence") for s in sentences]
    return sorted(parsed, key=lambda s: int(s["position_in_article"]))


def _load_ukraine(file: Path) -> LoadReport:
    articles: list[Article] = []
    problems: list[LoadError] = []
    seen: set[str] = set()
    for where, record in _records(file, "ukraine_news_bias"):
        article_id = _clean(record.get("id"))
        try:
            sentences = _sorted_sentences(record)
            bias = _lower_keys(_nested(record.get("bias"), "bias"))
            russia = _nested(bias["pro-russia"], "bias.pro-russia")
            west = _nested(bias["pro-west"], "bias.pro-west")
            labels = (
                ("dataset", "ukraine_news_bias"),
                ("article_id", article_id),
                ("bias_pro_russia_maj", str(float(russia["maj"]))),
                ("bias_pro_west_maj", str(float(west["maj"]))),
                ("bias_pro_russia_avg", str(float(russia["avg"]))),
                ("bias_pro_west_avg", str(float(west["avg"]))),
            )
        except (KeyError, TypeError, ValueError, SyntaxError) as exc:
            problems.append(LoadError(where, f"article {article_id or '?'} skipped: {exc}"))
            continue
        lines = [_clean(s.get("content")) for s in sentences]
        text = "\n".join(line for line in lines if line)
        if not text:
            problems.append(LoadError(where, f"article {article_id} has no sentence text"))
            continue
        article = Article.make(text=text, source=f"ukraine_news_bias:{article_id}",
                               labels=labels)
        if article.id not in seen:
            seen.add(article.id)
            articles.append(article)
    return LoadReport(articles=tuple(articles), problems=tuple(problems))
