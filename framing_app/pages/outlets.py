"""Outlets page: the framing index of every outlet with its interval, and how a concept's
variants were adopted over time (e.g. "Kiev" -> "Kyiv"), per outlet, normalised by coverage."""

from __future__ import annotations

import altair as alt
import pandas as pd
import streamlit as st

import framing
from framing import export
from framing_app import common
from framing_app.common import outlet_name, plain

DEFAULT_OUTLETS = 12  # outlets chosen at first: those with most articles
MEASURES = {
    "share": "share of the concept's hits (adoption)",
    "per_100": "hits per 100 articles of the outlet (normalised by coverage)",
}
QUERY_KEYS = {"out_outlets": "outlets", "out_concept": "concept", "out_variant": "variant",
              "out_period": "period", "out_measure": "measure"}


def index_section(ctx: common.Context, listing: pd.DataFrame, outlets: list[str],
                  lexicon: framing.Lexicon) -> framing.Analysis | None:
    ids = tuple(sorted(listing.loc[listing["outlet"].isin(outlets), "id"]))
    try:
        analysis = common.analyse_ids(ctx.store, ids, ctx.lexicon_ref, ctx.voices,
                                      f"{len(outlets)} outlets")
    except framing.FramingError as exc:
        common.show_error(exc, "choose at least one voice under the sidebar's Lexicon button, "
                               "or fix the lexicon.")
        return None
    scores = analysis.outlet_scores.copy()
    scores["outlet"] = scores["outlet"].map(outlet_name)
    if lexicon.is_categorical:
        st.subheader("Loaded terms per 1,000 words")
        cols = ["outlet", "n_articles", "n_words", *[f"per_1k_{c}" for c in lexicon.frame_names]]
        st.dataframe(scores[cols], hide_index=True, width="stretch")
        return analysis
    st.subheader("Framing index per outlet, with 95% interval")
    ordered = scores.sort_values("index", na_position="last")
    common.index_chart(ordered, lexicon, name="outlet")
    st.dataframe(ordered[["outlet", "index", "ci_low", "ci_high", "lean", "n_scored",
                          "n_articles"]],
                 hide_index=True, width="stretch",
                 column_config={c: st.column_config.NumberColumn(format="%+.2f")
                                for c in ("index", "ci_low", "ci_high")})
    return analysis


def adoption_section(analysis: framing.Analysis,
                     lexicon: framing.Lexicon) -> None:
    st.subheader("Term adoption over time")
    used = analysis.hits.groupby("concept").size().sort_values(ascending=False)
    if used.empty:
        st.caption("No hits of this lexicon in these outlets.")
        return
    concepts = list(used.index)
    if st.session_state.get("out_concept") not in concepts:
        st.session_state["out_concept"] = "kyiv" if "kyiv" in concepts else concepts[0]
    c1, c2, c3 = st.columns(3)
    concept = c1.selectbox("Concept", concepts, key="out_concept",
                           format_func=lambda c: f"{lexicon.concept(c).label} ({c})")
    variants = list(analysis.hits.loc[analysis.hits["concept"] == concept, "variant"]
                    .value_counts().index)
    if st.session_state.get("out_variant") not in variants:
        preferred = [v for v in variants if v.lower() == "kyiv"]
        st.session_state["out_variant"] = preferred[0] if preferred else variants[0]
    variant = c2.selectbox("Variant", variants, key="out_variant")
    if st.session_state.get("out_period") not in export.PERIODS:
        st.session_state["out_period"] = "month"
    period = c3.selectbox("Period", list(export.PERIODS), key="out_period")
    if st.session_state.get("out_measure") not in MEASURES:
        st.session_state["out_measure"] = "share"
    measure = st.radio("Measure", list(MEASURES), key="out_measure", format_func=MEASURES.get,
                       horizontal=True)
    table = export.adoption_table(analysis, concept, variant, period)
    table = table[table["concept_hits"] > 0] if measure == "share" else table
    if table.empty:
        st.caption("No dated article with this concept: adoption needs dates.")
        return
    table["outlet"] = table["outlet"].map(outlet_name)
    y_title = MEASURES[measure]
    chart = alt.Chart(table).mark_line(point=True).encode(
        x=alt.X("start:T", title=period),
        y=alt.Y(f"{measure}:Q", title=y_title,
                axis=alt.Axis(format="%" if measure == "share" else ".1f")),
        color=alt.Color("outlet:N", legend=alt.Legend(orient="bottom", title=None)),
        tooltip=["outlet:N", alt.Tooltip("start:T", title=period), "variant_hits:Q",
                 "concept_hits:Q", "articles:Q",
                 alt.Tooltip(f"{measure}:Q", format=".2f")],
    ).properties(height=320)
    st.altair_chart(chart, width="stretch")
    st.caption(plain(f"“{variant}” among all hits of {concept} (every voice), per outlet and "
                     f"{period}; articles = the outlet's stored articles in the {period}."))


def run() -> None:
    ctx = common.page_start("Outlets", "Every outlet's framing index with its interval, and how "
                                       "each one's wording changed over time.")
    if ctx is None:
        return
    listing = common.article_listing(ctx.store.path, ctx.store.revision())
    counts = listing["outlet"].value_counts()
    ranked = sorted(counts.index, key=lambda o: (-counts[o], o))
    common.seed_from_query("outlets", QUERY_KEYS)
    wanted = st.session_state.get("out_outlets")
    if isinstance(wanted, str):
        st.session_state["out_outlets"] = [o for o in wanted.split("|") if o in counts]
    if "out_outlets" not in st.session_state or not st.session_state["out_outlets"]:
        st.session_state["out_outlets"] = ranked[:DEFAULT_OUTLETS]
    outlets = st.multiselect("Outlets", ranked, key="out_outlets", format_func=outlet_name,
                             help="The outlets with most articles are chosen first.")
    if not outlets:
        st.info("Choose at least one outlet above.", icon=":material/info:")
        return
    try:
        lexicon = common.get_matcher(ctx.lexicon_ref).lexicon
    except framing.FramingError as exc:
        common.show_error(exc, "fix the lexicon on the Lexicon page or choose another one.")
        return
    analysis = index_section(ctx, listing, outlets, lexicon)
    if analysis is not None:
        adoption_section(analysis, lexicon)
    common.sync_to_query({"outlets": "|".join(outlets),
                          **{QUERY_KEYS[k]: st.session_state.get(k) for k in QUERY_KEYS
                             if k != "out_outlets"},
                          "lexicon": ctx.lexicon_ref})


run()
