"""Score tables out: CSV and JSON with the provenance that produced them.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return — OWASP, "CSV Injection") are prefixed with a single quote. Numbers are
left alone, so a negative score stays a number.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from importlib import metadata
from typing import Any

import pandas as pd

from .analysis import Analysis
from .models import Article

__all__ = ["provenance", "article_table", "headline", "to_csv", "to_json",
           "neutralise_formulas"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADLINE_CHARS = 120
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _package_version() -> str:
    try:
        return metadata.version("framing")
    except metadata.PackageNotFoundError:
        from . import __version__

        return __version__


def provenance(analysis: Analysis) -> dict[str, Any]:
    """What produced a table: lexicon name, version and content hash, voices, versions, time."""
    lex = analysis.lexicon
    return {
        "lexicon": lex.name,
        "lexicon_version": lex.version,
        "lexicon_hash": lex.hash,
        "voices": "+".join(analysis.voices),
        "score_pole_positive": lex.positive_frame,
        "score_pole_negative": lex.negative_frame,
        "framing_version": _package_version(),
        "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }


def headline(article: Article, limit: int = HEADLINE_CHARS) -> str:
    """What names an article in a table: its title, else the first line or sentence of its text.

    Parameters
    ----------
    article : Article
    limit : int, optional
        Most characters (default 120); a longer headline is cut at a word and ends with "…".

    Returns
    -------
    str
        One line of text (whitespace collapsed); ``""`` only for an article without text.
    """
    head = article.title.strip()
    if not head:
        first_line = article.text.strip().split("\n", 1)[0]
        head = _SENTENCE_END.split(first_line, 1)[0]
    head = " ".join(head.split())
    if len(head) <= limit:
        return head
    cut = head[:limit - 1]
    if " " in cut[limit // 2:]:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:") + "…"


def article_table(analysis: Analysis) -> pd.DataFrame:
    """The per-article score table with columns that say which article each row is.

    Parameters
    ----------
    analysis : Analysis

    Returns
    -------
    pandas.DataFrame
        :attr:`Analysis.article_scores` with ``headline`` (:func:`headline`), ``url`` and
        ``source`` (the file, row or upload the article came from) inserted after ``title``.
    """
    scores = analysis.article_scores.copy()
    by_id = {a.id: a for a in analysis.articles}
    at = list(scores.columns).index("title") + 1 if "title" in scores.columns else len(scores.columns)
    for offset, (name, value) in enumerate((("headline", headline), ("url", lambda a: a.url),
                                            ("source", lambda a: a.source))):
        scores.insert(at + offset, name, [value(by_id[i]) if i in by_id else ""
                                          for i in scores["article_id"]])
    return scores


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` whose text cells cannot be run as spreadsheet formulas."""
    out = frame.copy()
    for col in out.columns:
        if out[col].dtype == object or pd.api.types.is_string_dtype(out[col]):
            out[col] = out[col].map(
                lambda v: "'" + v if isinstance(v, str) and v.startswith(_FORMULA_START) else v
            )
    return out


def to_csv(frame: pd.DataFrame, prov: dict[str, Any] | None = None) -> str:
    """CSV text of ``frame`` with formulas neutralised and provenance as trailing columns."""
    out = neutralise_formulas(frame)
    if prov:
        for key, value in prov.items():
            out[key] = value
    return out.to_csv(index=False)


def _iso(value: Any) -> Any:
    """A date as ``YYYY-MM-DD``, a datetime as ISO text (date only at midnight), else as is."""
    if isinstance(value, (dt.datetime, pd.Timestamp)):
        if pd.isna(value):
            return None
        if value.time() == dt.time(0) and value.tzinfo is None:
            return value.date().isoformat()
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def to_json(frame: pd.DataFrame, prov: dict[str, Any] | None = None) -> str:
    """JSON text ``{"provenance": {...}, "rows": [...]}``; NaN as null.

    Dates are plain ISO dates (``"2015-09-22"``, as in the CSV); a time of day other than
    midnight is kept (``"2015-09-22T14:47:00"``).
    """
    out = frame.copy()
    for col in out.columns:
        if pd.api.types.is_datetime64_any_dtype(out[col]) or out[col].dtype == object:
            out[col] = out[col].astype(object).map(_iso)
    rows = json.loads(out.to_json(orient="records", date_format="iso", force_ascii=False))
    return json.dumps({"provenance": prov or {}, "rows": rows}, ensure_ascii=False, indent=1)
