"""Score tables out: CSV and JSON with the provenance that produced them.

CSV cells that a spreadsheet would run as a formula (starting with ``=``, ``+``, ``-``, ``@``,
tab or carriage return — OWASP, "CSV Injection") are prefixed with a single quote. Numbers are
left alone, so a negative score stays a number.
"""

from __future__ import annotations

import datetime as dt
import json
from importlib import metadata
from typing import Any

import pandas as pd

from .analysis import Analysis

__all__ = ["provenance", "to_csv", "to_json", "neutralise_formulas"]

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


def to_json(frame: pd.DataFrame, prov: dict[str, Any] | None = None) -> str:
    """JSON text ``{"provenance": {...}, "rows": [...]}``; dates in ISO format, NaN as null."""
    rows = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
    return json.dumps({"provenance": prov or {}, "rows": rows}, ensure_ascii=False, indent=1)
