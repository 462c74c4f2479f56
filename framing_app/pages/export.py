"""Export page: per-article scores, per-hit table, per-outlet summary and contrast terms as
CSV, JSON or Parquet, and the HTML report of the current comparison; every file carries its
provenance (lexicon name, version and hash, voices, date rules, package version, time)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

import framing
from framing import export, report
from framing_app import common
from framing_app.common import outlet_name, plain

SCOPES = {"comparison": "The comparison on the Compare page", "outlets": "Chosen outlets"}
TABLES = {"articles": "Per-article scores", "hits": "Per-hit table",
          "outlets": "Per-outlet summary", "contrast": "Distinguishing terms (contrast)"}
MIMES = {"csv": "text/csv", "json": "application/json",
         "parquet": "application/vnd.apache.parquet"}
PREVIEW_ROWS = 10
QUERY_KEYS = {"exp_scope": "scope", "exp_table": "table", "exp_format": "format"}


def _analyses(ctx: common.Context, scope: str) -> tuple[list[tuple[str, framing.Analysis]],
                                                         object, dict]:
    """(side label, analysis) pairs of the scope, the contrast (or None), extra provenance."""
    if scope == "comparison":
        comp = st.session_state.get("_comparison")
        if not comp:
            return [], None, {}
        labels = comp["labels"]
        return ([(f"A · {labels[0]}", comp["a"]), (f"B · {labels[1]}", comp["b"])],
                comp["contrast"], {"side_a": labels[0], "side_b": labels[1],
                                   **({"event": comp["event"]} if comp["event"] else {})})
    listing = common.article_listing(ctx.store.path, ctx.store.revision())
    counts = listing["outlet"].value_counts()
    ranked = sorted(counts.index, key=lambda o: (-counts[o], o))
    chosen = st.multiselect("Outlets", ranked, key="exp_outlets", format_func=outlet_name,
                            placeholder="All outlets")
    picked = chosen or ranked
    ids = tuple(sorted(listing.loc[listing["outlet"].isin(picked), "id"]))
    analysis = common.analyse_ids(ctx.store, ids, ctx.lexicon_ref, ctx.voices,
                                  f"{len(ids):,} articles")
    return [("", analysis)], None, {"outlets": "+".join(chosen) if chosen else "all"}


def table_of(kind: str, sides: list[tuple[str, framing.Analysis]], result) -> pd.DataFrame:
    """The chosen table over all sides (a ``side`` column first when there are two)."""
    if kind == "contrast":
        return export.contrast_table(result)
    make = {"articles": export.article_table, "hits": export.hit_table,
            "outlets": export.outlet_table}[kind]
    frames = []
    for label, analysis in sides:
        frame = make(analysis)
        if label:
            frame.insert(0, "side", label)
        frames.append(frame)
    return pd.concat(frames, ignore_index=True)


def run() -> None:
    ctx = common.page_start(
        "Export", "Download scores and evidence as CSV, JSON or Parquet, or the comparison as "
                  "one HTML report. Every file records the lexicon (name, version, hash), the "
                  "voices scored, the date rules, the framing version and the time.")
    if ctx is None:
        return
    common.seed_from_query("export", QUERY_KEYS)
    has_comparison = bool(st.session_state.get("_comparison"))
    if st.session_state.get("exp_scope") not in SCOPES:
        st.session_state["exp_scope"] = "comparison" if has_comparison else "outlets"
    scope = st.radio("What to export", list(SCOPES), key="exp_scope", format_func=SCOPES.get,
                     horizontal=True)
    if scope == "comparison" and not has_comparison:
        st.info("No comparison yet: open the Compare page first, pick two outlets, then come "
                "back here.", icon=":material/info:")
        st.page_link("framing_app/pages/compare.py", label="Open Compare",
                     icon=":material/compare_arrows:")
        return
    try:
        sides, result, extra = _analyses(ctx, scope)
    except framing.FramingError as exc:
        common.show_error(exc, "choose at least one voice under the sidebar's Lexicon button, "
                               "or fix the lexicon.")
        return
    tables = [t for t in TABLES if t != "contrast" or result is not None]
    if st.session_state.get("exp_table") not in tables:
        st.session_state["exp_table"] = "articles"
    c1, c2 = st.columns(2)
    kind = c1.selectbox("Table", tables, key="exp_table", format_func=TABLES.get)
    fmt = c2.selectbox("Format", list(export.TABLE_FORMATS), key="exp_format",
                       format_func=str.upper)
    if scope == "comparison" and result is None:
        st.caption("Distinguishing terms are exported once they are shown on the Compare page "
                   "(“Find distinguishing terms”).")
    common.sync_to_query({"scope": scope, "table": kind, "format": fmt,
                          "lexicon": ctx.lexicon_ref})
    frame = table_of(kind, sides, result)
    prov = (export.contrast_provenance(result, **extra) if kind == "contrast"
            else export.provenance(sides[0][1], **extra))
    st.caption(f"{len(frame):,} rows × {len(frame.columns)} columns. First rows:")
    st.dataframe(frame.head(PREVIEW_ROWS), hide_index=True, width="stretch")
    st.download_button(
        f"Download {TABLES[kind].lower()} ({fmt.upper()})", key="download_table",
        data=lambda: export.encode(frame, fmt, prov), file_name=f"framing-{kind}.{fmt}",
        mime=MIMES[fmt], on_click="ignore", icon=":material/download:", type="primary")
    with st.expander("Provenance recorded in the file"):
        st.json(prov)
    if scope == "comparison":
        comp = st.session_state["_comparison"]
        labels = comp["labels"]
        st.download_button(
            "Download the comparison as an HTML report", key="download_report_export",
            data=lambda: report.comparison_report(
                comp["a"], comp["b"], label_a=labels[0], label_b=labels[1],
                contrast=comp["contrast"], aligned=comp.get("aligned"),
                settings={"event": comp["event"]} if comp["event"] else None),
            file_name=common.report_file_name(labels), mime="text/html", on_click="ignore",
            icon=":material/description:")
        st.caption(plain(f"{labels[0]} vs {labels[1]}: one HTML file with scores, chart, "
                         "variant table and the highlighted articles; it opens offline."))


run()
