"""Score tables out: CSV, JSON and Parquet, each with the provenance that produced it.

Tables (columns documented in each function and in the README's *Exports* section):
:func:`article_table` (one row per article), :func:`hit_table` (one row per hit),
:func:`outlet_table` (one row per outlet) and :func:`contrast_table` (one row per term of a
:class:`framing.contrast.ContrastResult`). :func:`encode` turns any of them into the bytes of a
CSV, JSON or Parquet file; :func:`write_table` writes one, its format taken from the suffix.
Provenance (:func:`provenance`) travels with every file: trailing columns in CSV, a
``"provenance"`` object in JSON, the schema metadata key ``framing_provenance`` (a JSON text) in
Parquet.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return — OWASP, "CSV Injection") are prefixed with a single quote. Numbers are
left alone, so a negative score stays a number.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from importlib import metadata
from pathlib import Path
from typing import Any

import pandas as pd

from .analysis import Analysis
from .errors import FramingError
from .models import Article

__all__ = ["provenance", "contrast_provenance", "article_table", "hit_table", "outlet_table",
           "contrast_table", "adoption_table", "headline", "to_csv", "to_json", "to_parquet", "encode",
           "write_table", "read_parquet_provenance", "neutralise_formulas", "TABLE_FORMATS"]

#: File formats of :func:`encode` and :func:`write_table` (also their file suffixes).
TABLE_FORMATS = ("csv", "json", "parquet")
#: How date rules work, stated in every export's provenance (see :mod:`framing.matching`, rule 6).
DATE_RULES = ("a variant with since/until is scored only in articles dated inside its window; "
              "in an undated article no concept with a dated variant is scored")
PARQUET_KEY = b"framing_provenance"

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
HEADLINE_CHARS = 120
_SENTENCE_END = re.compile(r"(?<=[.!?])\s")


def _package_version() -> str:
    try:
        return metadata.version("framing")
    except metadata.PackageNotFoundError:
        from . import __version__

        return __version__


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def provenance(analysis: Analysis, **settings: Any) -> dict[str, Any]:
    """What produced a table: lexicon name, version and content hash, settings, versions, time.

    Parameters
    ----------
    analysis : Analysis
    **settings
        Further settings to record (e.g. ``outlets="RT+BBC News"``); values are kept as given.

    Returns
    -------
    dict
        ``lexicon``, ``lexicon_version``, ``lexicon_hash`` (:attr:`Lexicon.hash`), ``voices``
        (scored voices joined by ``+``), ``date_rules`` (:data:`DATE_RULES`),
        ``score_pole_positive``/``score_pole_negative`` (the frames counted as +1 and −1),
        ``framing_version``, ``created`` (UTC, ISO 8601), then ``settings``.
    """
    lex = analysis.lexicon
    return {
        "lexicon": lex.name,
        "lexicon_version": lex.version,
        "lexicon_hash": lex.hash,
        "voices": "+".join(analysis.voices),
        "date_rules": DATE_RULES,
        "score_pole_positive": lex.positive_frame,
        "score_pole_negative": lex.negative_frame,
        "framing_version": _package_version(),
        "created": _now(),
        **settings,
    }


def contrast_provenance(result: Any, **settings: Any) -> dict[str, Any]:
    """Provenance of a contrast table: groups, article counts, every contrast setting, time.

    Parameters
    ----------
    result : framing.contrast.ContrastResult
    **settings
        Further settings to record.

    Returns
    -------
    dict
        ``group_a``/``group_b`` (labels), ``articles_a``/``articles_b``, ``events`` (shared
        events in event-matched mode, else None), the result's ``settings`` (prior, alpha0,
        n-grams, …, as text), ``framing_version``, ``created``.
    """
    return {
        "group_a": result.label_a, "group_b": result.label_b,
        "articles_a": len(result.articles_a), "articles_b": len(result.articles_b),
        "events": result.events,
        **{k: v if isinstance(v, (int, float, str, bool)) or v is None else str(v)
           for k, v in result.settings.items()},
        "framing_version": _package_version(),
        "created": _now(),
        **settings,
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


def hit_table(analysis: Analysis) -> pd.DataFrame:
    """One row per hit, with the article's outlet, date and headline beside it.

    Returns
    -------
    pandas.DataFrame
        ``article_id``, ``outlet``, ``date``, ``headline`` (:func:`headline`), then the hit
        columns of :data:`framing.matching.HIT_COLUMNS` after ``article_id``: ``concept``,
        ``variant``, ``frame``, ``term`` (the lexicon term matched), ``start``/``end``
        (character offsets in :attr:`Article.document`, title + blank line + body), ``text``
        (as written), ``sentence`` (index), ``sentence_text``, ``voice``, ``loaded`` (False:
        shown, not scored; see ``note``), ``weight``, ``note``, ``negated``. In text order per
        article.
    """
    hits = analysis.hits
    by_id = {a.id: a for a in analysis.articles}
    meta = pd.DataFrame(
        [(a.id, a.outlet, a.date, headline(a)) for a in by_id.values()],
        columns=["article_id", "outlet", "date", "headline"])
    out = hits.merge(meta, on="article_id", how="left")
    rest = [c for c in hits.columns if c != "article_id"]
    return out[["article_id", "outlet", "date", "headline", *rest]].reset_index(drop=True)


def outlet_table(analysis: Analysis) -> pd.DataFrame:
    """One row per outlet: :attr:`Analysis.outlet_scores` (see :func:`framing.outlet_scores`).

    Returns
    -------
    pandas.DataFrame
        ``outlet``, ``n_articles``, ``n_articles_scored``, ``n_hits``, ``n_scored``,
        ``n_concepts``, ``n_pos``, ``n_neg``, ``index``, ``ci_low``, ``ci_high`` (95 % Jeffreys
        interval), ``lean`` (plus ``n_words``, ``n_<c>``, ``per_1k_<c>`` for a categories
        lexicon).
    """
    return analysis.outlet_scores.copy()


def contrast_table(result: Any) -> pd.DataFrame:
    """One row per term of a contrast, most typical of A first, with the groups named.

    Parameters
    ----------
    result : framing.contrast.ContrastResult

    Returns
    -------
    pandas.DataFrame
        ``group_a``, ``group_b``, then :attr:`ContrastResult.terms`: ``term``, ``n`` (words),
        ``count_a``/``count_b``, ``rate_a``/``rate_b`` (per 1,000 n-grams), ``docs_a``/``docs_b``,
        ``background``, ``alpha``, ``delta`` (log-odds ratio, Monroe, Colaresi & Quinn 2008),
        ``se``, ``z`` (> 0: typical of A), ``p``, ``q`` (Benjamini–Hochberg), ``chi2``,
        ``p_chi2``.
    """
    terms = result.terms.copy()
    terms.insert(0, "group_b", result.label_b)
    terms.insert(0, "group_a", result.label_a)
    return terms


#: Period names of :func:`adoption_table` -> pandas period frequency.
PERIODS = {"week": "W", "month": "M", "quarter": "Q", "year": "Y"}


def adoption_table(analysis: Analysis, concept: str, variant: str,
                   period: str = "month") -> pd.DataFrame:
    """How far each outlet adopted one variant of a concept, per period ("Kiev" -> "Kyiv").

    Hits in every voice count: the spelling of a name is the outlet's choice even inside a
    quotation it edits. Undated articles are left out.

    Parameters
    ----------
    analysis : Analysis
    concept, variant : str
        A concept id and the name of one of its variants (``Hit.variant``).
    period : {"week", "month", "quarter", "year"}

    Returns
    -------
    pandas.DataFrame
        One row per outlet and period with at least one dated article: ``outlet``, ``period``
        (pandas Period), ``start`` (its first day, Timestamp), ``articles`` (the outlet's
        articles in the period: its coverage), ``concept_hits``, ``variant_hits``, ``share``
        (variant_hits / concept_hits; NaN without a hit of the concept) and ``per_100``
        (100 · variant_hits / articles). Sorted by outlet, then period.

    Raises
    ------
    FramingError
        ``period`` is not one of :data:`PERIODS`.
    """
    if period not in PERIODS:
        raise FramingError(f"period {period!r}: choose one of {', '.join(PERIODS)}")
    dated = pd.DataFrame([(a.id, a.outlet, a.date) for a in analysis.articles if a.date],
                         columns=["article_id", "outlet", "date"])
    columns = ["outlet", "period", "start", "articles", "concept_hits", "variant_hits", "share",
               "per_100"]
    if dated.empty:
        return pd.DataFrame(columns=columns)
    dated["period"] = pd.PeriodIndex(pd.to_datetime(dated["date"]), freq=PERIODS[period])
    articles = dated.groupby(["outlet", "period"]).size().rename("articles")
    hits = analysis.hits[analysis.hits["concept"] == concept].merge(
        dated[["article_id", "outlet", "period"]], on="article_id")
    concept_hits = hits.groupby(["outlet", "period"]).size().rename("concept_hits")
    variant_hits = hits[hits["variant"] == variant].groupby(["outlet", "period"]).size() \
        .rename("variant_hits")
    table = pd.concat([articles, concept_hits, variant_hits], axis=1).fillna(0).astype("int64")
    table = table.reset_index().sort_values(["outlet", "period"], kind="stable")
    table["start"] = table["period"].dt.start_time
    table["share"] = (table["variant_hits"] / table["concept_hits"]).where(
        table["concept_hits"] > 0)
    table["per_100"] = 100 * table["variant_hits"] / table["articles"]
    return table[columns].reset_index(drop=True)


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
    """CSV text of ``frame`` with provenance as trailing columns (one value repeated on every
    row; a list or mapping as its JSON text) and formulas neutralised in every text cell, the
    provenance's included (a path or name a user chose can start with "=")."""
    out = frame.copy()
    for key, value in (prov or {}).items():
        if isinstance(value, (list, tuple, dict)):
            value = json.dumps(value, ensure_ascii=False, default=str)
        out[key] = [value] * len(out)  # a list: one cell a row, never spread over the rows
    return neutralise_formulas(out).to_csv(index=False)


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


def to_parquet(frame: pd.DataFrame, prov: dict[str, Any] | None = None) -> bytes:
    """Parquet bytes of ``frame``; provenance as JSON under the schema metadata key
    ``framing_provenance`` (read it back with :func:`read_parquet_provenance`).

    Dates stay dates (Parquet ``date32``); object columns holding dates and missing values are
    written as dates too. Text is not neutralised: Parquet is not opened by spreadsheets as
    formulas.
    """
    import pyarrow as pa  # noqa: PLC0415  (pyarrow is only needed for Parquet)
    import pyarrow.parquet as pq  # noqa: PLC0415

    table = pa.Table.from_pandas(frame.reset_index(drop=True), preserve_index=False)
    meta = dict(table.schema.metadata or {})
    meta[PARQUET_KEY] = json.dumps(prov or {}, ensure_ascii=False, default=str).encode("utf-8")
    sink = io.BytesIO()
    pq.write_table(table.replace_schema_metadata(meta), sink)
    return sink.getvalue()


def read_parquet_provenance(data: bytes | str | Path) -> dict[str, Any]:
    """The provenance stored by :func:`to_parquet` in Parquet bytes or a Parquet file."""
    import pyarrow.parquet as pq  # noqa: PLC0415

    source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
    meta = pq.read_schema(source).metadata or {}
    return json.loads(meta.get(PARQUET_KEY, b"{}").decode("utf-8"))


def encode(frame: pd.DataFrame, fmt: str, prov: dict[str, Any] | None = None) -> bytes:
    """The bytes of ``frame`` as a ``"csv"``, ``"json"`` or ``"parquet"`` file (UTF-8 text).

    Raises
    ------
    FramingError
        ``fmt`` is not one of :data:`TABLE_FORMATS`.
    """
    if fmt == "csv":
        return to_csv(frame, prov).encode("utf-8")
    if fmt == "json":
        return to_json(frame, prov).encode("utf-8")
    if fmt == "parquet":
        return to_parquet(frame, prov)
    raise FramingError(f"unknown export format {fmt!r}; choose one of {', '.join(TABLE_FORMATS)}")


def write_table(frame: pd.DataFrame, path: str | Path, prov: dict[str, Any] | None = None) -> Path:
    """Write ``frame`` to ``path``, the format taken from its suffix (.csv, .json, .parquet).

    Raises
    ------
    FramingError
        The suffix is not one of :data:`TABLE_FORMATS`, or the file cannot be written.
    """
    path = Path(path)
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in TABLE_FORMATS:
        raise FramingError(f"{path}: unknown format {path.suffix or '(no suffix)'}; end the file "
                           "name with .csv, .json or .parquet")
    try:
        data = encode(frame, fmt, prov)
    except (TypeError, ValueError) as exc:  # pyarrow's ArrowInvalid/ArrowTypeError among them
        raise FramingError(f"{path}: the table cannot be written as {fmt} ({exc}); write .csv "
                           "or .json instead") from exc
    try:
        path.write_bytes(data)
    except OSError as exc:
        raise FramingError(f"{path}: cannot write the file ({exc.strerror}); choose another "
                           "path") from exc
    return path
