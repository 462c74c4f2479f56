"""Adapters for the public data sets the project reads (never copies) from ``../shared/data``.

=========================  ======================================================================
name                       what one :class:`~framing.models.Article` is
=========================  ======================================================================
``allsides_article_bias``  one AllSides article (Baly et al., EMNLP 2020): 37,554, rated
                           left/center/right, with its media and random splits
``basil``                  one BASIL article (Fan et al., EMNLP 2019): 300 in 100 events (Fox
                           News, The New York Times, HuffPost), with its bias spans
``newswcl50``              one NewsWCL50 article (Hamborg et al., JCDL 2019): 50 in 10 events
``babe_mbic``              one BABE sentence (Spinde et al., EMNLP Findings 2021): 3,674
                           sentences with expert biased/non-biased labels and biased words
``ruwa``                   one RUWA row (Khairova et al., 2023): a 2022-war headline and teaser
``ukraine_news_bias``      one article of Färber et al. (CIKM 2020), its sentences one per line
=========================  ======================================================================

Outlets go through the alias table (:func:`framing.outlets.normalise_outlet`), so the same
publisher has one id across data sets ("nyt", "New York Times - News" and "New York Times" are
all "The New York Times"). Events are ``("event", id)`` labels: BASIL's triplet uuid,
``newswcl50:<event_id>``, RUWA's event name. The folder is given by the caller or found with
:func:`data_dir` (environment variable ``FRAMING_DATA``, default ``<repo>/../shared/data``).
"""

from __future__ import annotations

import ast
import csv
import functools
import gzip
import json
import os
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from framing.dates import parse_date
from framing.errors import LoadError
from framing.loaders import LoadReport
from framing.models import Article
from framing.outlets import ALIASES_ENV, normalise_outlet

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
    "allsides_article_bias": "AllSides: 37,554 US articles rated left/center/right "
                             "(Baly et al., 2020)",
    "basil": "BASIL: 300 articles in 100 events by Fox News, NYT and HuffPost (Fan et al., 2019)",
    "newswcl50": "NewsWCL50: 50 articles in 10 events by 5 US outlets (Hamborg et al., 2019)",
    "babe_mbic": "BABE: 3,674 sentences with expert bias labels (Spinde et al., 2021)",
    "ruwa": "RUWA: 16,545 Russia-Ukraine war headlines by outlet (Khairova et al., 2023)",
    "ukraine_news_bias": "90 articles of 2014 with sentence bias labels (Färber et al., 2020)",
}
#: The files inside each data set's folder that hold its records (the first one identifies it).
DATASET_FILES: dict[str, tuple[str, ...]] = {
    "allsides_article_bias": ("articles-part1.jsonl.gz", "articles-part2.jsonl.gz",
                              "splits.csv"),
    "basil": ("basil.jsonl",),
    "newswcl50": ("articles.jsonl",),
    "babe_mbic": ("babe_sg2.jsonl",),
    "ruwa": ("ruwa.jsonl.gz",),
    "ukraine_news_bias": ("articles.jsonl.gz",),
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
        ``"allsides_article_bias"`` when the folder holds ``articles-part1.jsonl.gz`` and
        ``splits.csv``; ``"basil"`` for ``basil.jsonl``; ``"newswcl50"`` for ``articles.jsonl``
        beside ``annotations.csv``; ``"babe_mbic"`` for ``babe_sg2.jsonl``; ``"ruwa"`` for
        ``ruwa.jsonl.gz``; ``"ukraine_news_bias"`` when it holds ``articles.jsonl.gz`` whose
        first record has ``sentences`` carrying ``position_in_article``; ``None`` otherwise
        (also for a missing or unreadable folder).
    """
    path = Path(folder)
    if (path / "articles-part1.jsonl.gz").is_file() and (path / "splits.csv").is_file():
        return "allsides_article_bias"
    if (path / "basil.jsonl").is_file():
        return "basil"
    if (path / "articles.jsonl").is_file() and (path / "annotations.csv").is_file():
        return "newswcl50"
    if (path / "babe_sg2.jsonl").is_file():
        return "babe_mbic"
    if (path / "ruwa.jsonl.gz").is_file():
        return "ruwa"
    candidate = path / "articles.jsonl.gz"
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
    name : str
        One of :data:`DATASETS`.
    path : str or pathlib.Path, optional
        The data set's folder; default ``data_dir() / name``.

    Returns
    -------
    LoadReport
        Articles unique by id, with ``source`` ``"<name>:<record id>"`` and a
        ``("dataset", name)`` label; problems name the record and the reason.

        ``allsides_article_bias`` (37,554): ``text`` = ``content_original`` (the unmasked
        body), ``title``, ``outlet`` = ``source`` normalised, ``date`` from the mixed-format
        ``date`` (empty or ambiguous -> ``None``), ``url``; labels ``bias`` (left/center/right),
        ``topic``, ``allsides_id``, ``authors`` (when given), ``split_media`` and
        ``split_random`` (train/valid/test, from ``splits.csv``, when listed).
        ``basil`` (300): ``text`` = ``body-paragraphs``, sentences joined by a space and
        paragraphs by ``"\\n\\n"``; ``outlet`` from ``source`` (fox/nyt/hpo, any case);
        labels ``event`` (``triplet-uuid``), ``basil_id`` (``file_id``), ``relative_stance``
        and one ``lex_span`` / ``inf_span`` per phrase-level annotation (its ``txt``).
        ``newswcl50`` (50): ``title``, ``text`` (without the title line it starts with),
        ``outlet``, ``url``; no date (``None``); labels ``event`` (``newswcl50:<event_id>``),
        ``publisher_id``. ``babe_mbic`` (3,674, from ``babe_sg2.jsonl``, BABE proper): one
        article per sentence, ``text`` the sentence, ``outlet``, ``url`` = ``news_link``;
        labels ``bias`` (the outlet's leaning ``type``, when given), ``topic``, ``label_bias``
        (Biased/Non-biased/No agreement), ``label_opinion`` and one ``biased_word`` per word.
        ``ruwa`` and ``ukraine_news_bias``: see :func:`_load_ruwa` and
        :func:`ukraine_sentences`.

    Raises
    ------
    LoadError
        Unknown ``name`` (the message lists the known names); the folder or a data file is
        missing (the message names the path and says to set ``FRAMING_DATA``); a data file is
        not valid gzip or JSON.
    """
    if name not in DATASETS:
        raise LoadError(name, f"unknown data set; known data sets: {', '.join(sorted(DATASETS))}")
    folder = Path(path) if path is not None else data_dir() / name
    files = [_data_file(name, folder, file) for file in DATASET_FILES[name]]
    return _ADAPTERS[name](files)


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
    file = _data_file("ukraine_news_bias", folder, DATASET_FILES["ukraine_news_bias"][0])
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


def _data_file(name: str, folder: Path, filename: str) -> Path:
    if not folder.is_dir():
        raise LoadError(
            str(folder),
            f"data set folder for {name!r} not found; pass its path, or set the environment "
            "variable FRAMING_DATA to the folder holding the data sets "
            f"(currently looking in {data_dir()})",
        )
    file = folder / filename
    if not file.is_file():
        raise LoadError(str(file), f"{filename} is missing from the {name} folder; "
                                   "point the path (or FRAMING_DATA) at an unmodified copy")
    return file


def _records(file: Path, label: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Yield ``(where, record)`` for each JSON line (gzip or plain); raise LoadError if broken."""
    opener = gzip.open if file.name.endswith(".gz") else open
    try:
        with opener(file, "rt", encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                where = f"{file}:{number}"
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise LoadError(where, f"line {number} of the {label} file is not valid "
                                           f"JSON ({exc.msg}); the file looks damaged") from exc
                if not isinstance(record, dict):
                    raise LoadError(where, f"line {number} is not a JSON object")
                yield where, record
    except (OSError, EOFError, zlib.error, UnicodeDecodeError) as exc:
        raise LoadError(str(file), f"cannot read this file ({exc})") from exc


def _clean(value: Any) -> str:
    return " ".join(str(value).split()) if value is not None else ""


def _outlet(name: str) -> str:
    """Outlet id of a data set's outlet name (cached: data sets repeat a few hundred names).

    The cache is keyed on the user alias file in force too, so ``--aliases`` /
    ``$FRAMING_ALIASES`` changes are honoured within one process.
    """
    return _outlet_for(name, os.environ.get(ALIASES_ENV, ""))


@functools.lru_cache(maxsize=4096)
def _outlet_for(name: str, user_aliases: str) -> str:
    del user_aliases  # part of the cache key only
    return normalise_outlet(name)


def _unique(articles: Iterator[Article], problems: list[LoadError]) -> tuple[Article, ...]:
    """Articles unique by id; each repeat is reported in ``problems`` and dropped."""
    seen: dict[str, Article] = {}
    for article in articles:
        first = seen.setdefault(article.id, article)
        if first is not article:
            problems.append(LoadError(article.source, f"repeats {first.source} (same outlet, "
                                                      "title, text and url); kept once"))
    return tuple(seen.values())


def _load_allsides(files: list[Path]) -> LoadReport:
    *parts, splits_file = files
    splits: dict[str, list[tuple[str, str]]] = {}
    try:
        with splits_file.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                splits.setdefault(row["ID"], []).append(
                    (f"split_{row['split_type']}", row["split"]))
    except (OSError, KeyError, csv.Error, UnicodeDecodeError) as exc:
        raise LoadError(str(splits_file), f"cannot read the splits table ({exc}); expected "
                                          "columns ID, split_type, split, bias") from exc
    articles: list[Article] = []
    problems: list[LoadError] = []
    for file in parts:
        for where, row in _records(file, "allsides_article_bias"):
            text = str(row.get("content_original") or "").replace("\r\n", "\n").strip()
            allsides_id = str(row.get("ID", ""))
            if not text:
                problems.append(LoadError(where, f"article {allsides_id} has no "
                                                 "content_original; skipped"))
                continue
            labels = [("dataset", "allsides_article_bias"), ("allsides_id", allsides_id),
                      ("bias", _clean(row.get("bias_text"))), ("topic", _clean(row.get("topic")))]
            authors = _clean(row.get("authors"))
            if authors:
                labels.append(("authors", authors))
            labels.extend(splits.get(allsides_id, ()))
            articles.append(Article.make(
                text=text, title=_clean(row.get("title")), outlet=_outlet(_clean(row.get("source"))),
                date=parse_date(row.get("date")), url=_clean(row.get("url")),
                source=f"allsides_article_bias:{allsides_id}", labels=tuple(labels)))
    return LoadReport(articles=_unique(iter(articles), problems), problems=tuple(problems))


def _load_basil(files: list[Path]) -> LoadReport:
    articles: list[Article] = []
    problems: list[LoadError] = []
    for where, row in _records(files[0], "basil"):
        file_id = _clean(row.get("file_id"))
        try:
            paragraphs = row.get("body-paragraphs")
            if isinstance(paragraphs, str):
                paragraphs = ast.literal_eval(paragraphs)
            annotations = _nested(row.get("annotations") or {}, "annotations")
            text = "\n\n".join(
                " ".join(_clean(sentence) for sentence in paragraph if _clean(sentence))
                for paragraph in paragraphs if any(_clean(s) for s in paragraph))
            spans = annotations.get("phrase-level-annotations") or []
            stance = _clean((annotations.get("article-level-annotations") or {})
                            .get("relative_stance"))
        except (ValueError, SyntaxError, TypeError, AttributeError) as exc:
            problems.append(LoadError(where, f"article {file_id or '?'} skipped: {exc}"))
            continue
        if not text:
            problems.append(LoadError(where, f"article {file_id} has no body; skipped"))
            continue
        labels = [("dataset", "basil"), ("event", _clean(row.get("triplet-uuid"))),
                  ("basil_id", file_id)]
        if stance:
            labels.append(("relative_stance", stance))
        labels.extend((f"{_clean(span.get('bias'))}_span", _clean(span.get("txt")))
                      for span in spans if isinstance(span, dict) and span.get("txt"))
        articles.append(Article.make(
            text=text, title=_clean(row.get("title")), outlet=_outlet(_clean(row.get("source"))),
            date=parse_date(row.get("date")), url=_clean(row.get("url")),
            source=f"basil:{file_id}", labels=tuple(labels)))
    return LoadReport(articles=_unique(iter(articles), problems), problems=tuple(problems))


def _load_newswcl50(files: list[Path]) -> LoadReport:
    articles: list[Article] = []
    problems: list[LoadError] = []
    for where, row in _records(files[0], "newswcl50"):
        event, publisher = _clean(row.get("event_id")), _clean(row.get("publisher_id"))
        title = _clean(row.get("title"))
        lines = [" ".join(line.split()) for line in str(row.get("text") or "").split("\n")]
        lines = [line for line in lines if line]
        if lines and title and lines[0].casefold() == title.casefold():
            lines = lines[1:]
        if not lines:
            problems.append(LoadError(where, f"article {event}-{publisher} has no text; skipped"))
            continue
        articles.append(Article.make(
            text="\n\n".join(lines), title=title, outlet=_outlet(_clean(row.get("outlet"))),
            url=_clean(row.get("url")), source=f"newswcl50:{event}-{publisher}",
            labels=(("dataset", "newswcl50"), ("event", f"newswcl50:{event}"),
                    ("publisher_id", publisher))))
    return LoadReport(articles=_unique(iter(articles), problems), problems=tuple(problems))


def _load_babe(files: list[Path]) -> LoadReport:
    articles: list[Article] = []
    problems: list[LoadError] = []
    for where, row in _records(files[0], "babe_mbic"):
        text = _clean(row.get("text"))
        number = where.rsplit(":", 1)[1]
        if not text:
            problems.append(LoadError(where, "sentence has no text; skipped"))
            continue
        words = row.get("biased_words") or []
        if isinstance(words, str):
            try:
                words = ast.literal_eval(words)
            except (ValueError, SyntaxError):
                words = [words]
        labels = [("dataset", "babe_mbic"), ("topic", _clean(row.get("topic"))),
                  ("label_bias", _clean(row.get("label_bias"))),
                  ("label_opinion", _clean(row.get("label_opinion")))]
        if _clean(row.get("type")):
            labels.insert(1, ("bias", _clean(row.get("type"))))
        labels.extend(("biased_word", _clean(w)) for w in words if _clean(w))
        articles.append(Article.make(
            text=text, outlet=_outlet(_clean(row.get("outlet"))),
            url=_clean(row.get("news_link")), source=f"babe_mbic:sg2 line {number}",
            labels=tuple(labels)))
    return LoadReport(articles=_unique(iter(articles), problems), problems=tuple(problems))


def _load_ruwa(files: list[Path]) -> LoadReport:
    """RUWA (16,545 rows): one article per row that has a title or a teaser.

    ``title`` = ``title``, ``text`` = ``desc`` (when ``title`` is empty, as in RT rows,
    ``title`` stays ``""`` and the headline-like ``desc`` is the text, so every headline is in
    the document exactly once); ``outlet`` = ``Site`` through the alias table (``"rt.com"`` ->
    ``"RT"``); ``date`` from ``date_iso``; ``url`` = ``src``; labels ``event``, ``dataset``,
    ``row_id``; source ``"ruwa:row <row_id>"``. Rows with neither title nor desc are counted
    in one problem.
    """
    file = files[0]
    articles: list[Article] = []
    empty = 0
    for _, row in _records(file, "ruwa"):
        title = _clean(row.get("title"))
        desc = _clean(row.get("desc"))
        if not title and not desc:
            empty += 1
            continue
        row_id = str(row.get("row_id", ""))
        articles.append(Article.make(
            text=desc,
            title=title,
            outlet=_outlet(_clean(row.get("Site"))),
            date=parse_date(row.get("date_iso")),
            url=_clean(row.get("src")),
            source=f"ruwa:row {row_id}",
            labels=(("event", _clean(row.get("Event"))), ("dataset", "ruwa"), ("row_id", row_id)),
        ))
    problems: list[LoadError] = []
    if empty:
        problems.append(LoadError(str(file), f"{empty} rows had neither a title nor a desc and "
                                             "were skipped (no text to analyse)"))
    unique = _unique(iter(articles), problems)
    return LoadReport(articles=unique, problems=tuple(problems))


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


def _load_ukraine(files: list[Path]) -> LoadReport:
    file = files[0]
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


_ADAPTERS: dict[str, Callable[[list[Path]], LoadReport]] = {
    "allsides_article_bias": _load_allsides,
    "basil": _load_basil,
    "newswcl50": _load_newswcl50,
    "babe_mbic": _load_babe,
    "ruwa": _load_ruwa,
    "ukraine_news_bias": _load_ukraine,
}
