"""framing dashboard: load articles, then compare how two outlets name the same things.

Run with ``streamlit run app.py``. The store is ``$FRAMING_DB`` (default
:func:`framing.default_db_path`). All logic lives in :mod:`framing`; this file only turns widgets
into cached library calls and shows the results. Article and lexicon text reaches HTML only through
:mod:`framing.render`, which escapes it.

A comparison can be shared as a link: ``?a=RT&b=BBC%20News`` (also ``article_a``,
``article_b`` with article ids, and ``lexicon``).
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
from pathlib import Path

import streamlit as st

st.set_page_config(page_title="framing", page_icon="📰", layout="wide")

import altair as alt  # noqa: E402  (set_page_config must be the first Streamlit call)
import pandas as pd  # noqa: E402

import framing  # noqa: E402
from framing import export, render  # noqa: E402

EMPTY_MESSAGE = (
    "Load articles first: upload files, give a path such as ../shared/data/ruwa, or paste text."
)
ALL_ARTICLES = ""  # option value of "All articles" in the article selects
MAX_SHOWN = 20  # articles with hits shown per outlet when "All articles" is chosen
UPLOAD_TYPES = ["txt", "text", "md", "markdown", "html", "htm", "json", "jsonl", "ndjson", "csv",
                "tsv", "zip", "gz"]
# Widget key -> query parameter, so that a comparison can be shared as a link.
QUERY_KEYS = {"outlet_a": "a", "outlet_b": "b", "article_a": "article_a",
              "article_b": "article_b", "lexicon": "lexicon"}
UNKNOWN_OUTLET = "(unknown outlet)"

_CSS = """
<style>
.block-container {padding-top: 2.5rem;}
.framing-article p {margin: 0 0 0.5em 0; line-height: 1.55;}
.framing-article p:first-of-type {font-weight: 600;}
.framing-article mark {padding: 0 2px; border-radius: 3px; color: inherit;}
.framing-article .framing-meta {font-size: 0.8em; color: #6b6b6b; margin-top: 0.9em;}
.framing-article hr {margin: 0.6em 0; border: none; border-top: 1px solid #e3e3e3;}
.legend span {display: inline-block; margin-bottom: 4px;}
</style>
"""
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")


def _plain(text: str) -> str:
    """``text`` with Markdown syntax escaped, for widgets that render Markdown (names, reasons)."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def _outlet_name(outlet: str) -> str:
    return outlet or UNKNOWN_OUTLET


# --------------------------------------------------------------------------------------------
# Cached library calls


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> framing.ArticleStore:
    """One store connection per database file, shared by every session."""
    return framing.ArticleStore(path)


@st.cache_resource(show_spinner=False)
def get_matcher(name: str, mtime: float) -> framing.Matcher:
    """The compiled lexicon; ``mtime`` makes an edited lexicon file compile afresh."""
    return framing.compile_lexicon(framing.load_lexicon(name))


def _lexicon_mtime(name: str) -> float:
    path = framing.lexicon.LEXICON_DIR / f"{name}.yaml"
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_data(show_spinner=False, max_entries=64)
def outlet_articles(db_path: str, outlet: str, signature: tuple) -> pd.DataFrame:
    """Columns ``id``, ``date``, ``label`` of an outlet's articles, oldest first.

    ``signature`` (the store's outlet table) changes whenever articles are added or removed.
    """
    rows = []
    for a in get_store(db_path).articles(outlets=[outlet]):
        head = a.title or " ".join(a.text.split())
        head = head if len(head) <= 90 else head[:89] + "…"
        day = a.date.isoformat() if a.date else "undated"
        rows.append((a.id, a.date, f"{day} — {head}"))
    df = pd.DataFrame(rows, columns=["id", "date", "label"])
    df["_undated"] = df["date"].isna()
    return df.sort_values(["_undated", "date"], kind="stable").drop(columns="_undated")


@st.cache_data(show_spinner="Matching and scoring…", max_entries=32)
def analyse_ids(db_path: str, ids: tuple[str, ...], lexicon_name: str, lexicon_hash: str,
                voices: tuple[str, ...]) -> framing.Analysis:
    """:func:`framing.analyse` of the stored articles ``ids`` (cache key: ids, lexicon, voices).

    Hits come from the store's hit cache (keyed by article and lexicon hash), so re-scoring
    articles matched once before, in any session or in the CLI, skips matching.
    """
    store = get_store(db_path)
    articles = store.articles(ids=list(ids)) if ids else []
    matcher = get_matcher(lexicon_name, _lexicon_mtime(lexicon_name))
    return framing.analyse(articles, matcher, voices=voices, hits=store.hits(articles, matcher))


def _store_signature(outlets: pd.DataFrame) -> tuple:
    return tuple(outlets.itertuples(index=False, name=None))


def _store_changed() -> None:
    outlet_articles.clear()


# --------------------------------------------------------------------------------------------
# Sidebar


def sidebar() -> tuple[framing.ArticleStore, str, tuple[str, ...], object]:
    """Store, lexicon name, voices, and a slot for the article count (filled at the end)."""
    with st.sidebar:
        st.header("framing")
        st.caption("How news outlets frame the same story.")
        db_path = str(framing.default_db_path())
        st.markdown("**Article store**")
        st.code(db_path, language=None, wrap_lines=True)
        st.caption("Set the environment variable FRAMING_DB to use another file.")
        try:
            store = get_store(db_path)
        except framing.FramingError as exc:
            st.error(f"{_plain(str(exc))}\n\nHint: point FRAMING_DB at a writable file.")
            st.stop()
        count_slot = st.empty()

        lexicons = framing.available_lexicons()
        if not lexicons:
            st.error("No lexicon found in corpora/lexicons. Hint: add a lexicon YAML file there.")
            st.stop()
        wanted = st.query_params.get("lexicon")
        if "lexicon" not in st.session_state and wanted in lexicons:
            st.session_state["lexicon"] = wanted
        if st.session_state.get("lexicon") not in lexicons:
            st.session_state["lexicon"] = ("russia-ukraine" if "russia-ukraine" in lexicons
                                           else lexicons[0])
        lexicon = st.selectbox("Lexicon", lexicons, key="lexicon",
                               help="Which loaded terms to look for (corpora/lexicons/*.yaml).")
        voices = st.multiselect(
            "Voices scored", list(framing.VOICES), default=["authorial"], key="voices",
            help="authorial: the outlet's own words; quoted: inside quotation marks; "
                 "distanced: scare quotes or 'so-called'. Other voices are highlighted, not scored.",
        )
        st.divider()
        confirm = st.checkbox("I want to delete every stored article", key="confirm_clear")
        st.button("Clear store", key="clear_store", disabled=not confirm, on_click=_clear_store,
                  args=(db_path,), help="Deletes every article from the store file above.")
    return store, lexicon, tuple(voices), count_slot


def _clear_store(db_path: str) -> None:
    store = get_store(db_path)
    n = store.count()
    store.clear()
    _store_changed()
    st.session_state["confirm_clear"] = False
    for key in ("outlet_a", "outlet_b", "article_a", "article_b"):
        st.session_state.pop(key, None)
    st.session_state["flash"] = f"Cleared the store: {n} articles deleted."


# --------------------------------------------------------------------------------------------
# Loading


def load_section(store: framing.ArticleStore) -> None:
    """Upload files, load a server path, or paste an article; report what happened."""
    with st.expander("Load articles", expanded=store.count() == 0, icon=":material/upload_file:"):
        up_col, path_col, paste_col = st.columns(3, gap="large")
        with up_col:
            files = st.file_uploader(
                "Upload files", type=UPLOAD_TYPES, accept_multiple_files=True, key="uploads",
                help="Plain-text page scrapes, Markdown, HTML, JSON/JSONL, CSV/TSV, or a zip of "
                     "them.",
            )
            upload_clicked = st.button("Load uploaded files", key="load_uploads",
                                       disabled=not files)
        with path_col:
            path = st.text_input("File or folder on the server", key="load_path",
                                 placeholder="../shared/data/ruwa",
                                 help="Folders are read recursively; a known data set folder "
                                      "(AllSides, BASIL, NewsWCL50, BABE, RUWA, "
                                      "ukraine_news_bias) is read by its adapter.")
            path_clicked = st.button("Load path", key="load_path_button")
        with paste_col:
            pasted = st.text_area("Paste an article", key="paste_text", height=120,
                                  placeholder="Headline, outlet, date and body as copied from "
                                              "a web page, or Markdown, or HTML")
            paste_clicked = st.button("Load pasted text", key="load_paste")

    if upload_clicked and files:
        _load_uploads(store, files)
    if path_clicked:
        if not path.strip():
            st.error("Give a file or folder path first, e.g. ../shared/data/ruwa.")
        else:
            target = Path(path.strip()).expanduser()
            with st.spinner(f"Loading {path.strip()}…"):
                report = framing.load_articles([target])
            _store_report(store, report, str(target))
    if paste_clicked:
        report = framing.load_text(pasted)  # a page scrape, Markdown or HTML
        if not report.articles:
            (problem,) = report.problems
            st.error(f"{_plain(str(problem))}\n\nHint: paste the article's text into the box "
                     "first.")
        else:
            _store_report(store, report, "pasted text")


def _load_uploads(store: framing.ArticleStore, files) -> None:
    with tempfile.TemporaryDirectory(prefix="framing-upload-") as tmp:
        paths, names = [], {}
        for i, f in enumerate(files):
            name = Path(f.name).name
            if name in ("", ".", ".."):
                name = f"upload-{i}"
            if name in names.values():
                name = f"{i}-{name}"
            target = Path(tmp) / name
            target.write_bytes(f.getvalue())
            paths.append(target)
            names[str(target)] = name
        report = framing.load_articles(paths)
        prefix = tmp.rstrip("/") + "/"
        articles = tuple(
            dataclasses.replace(a, source="upload:" + a.source[len(prefix):])
            if a.source.startswith(prefix) else a
            for a in report.articles
        )
        problems = tuple(
            framing.LoadError(p.source.replace(prefix, ""), p.reason.replace(prefix, ""))
            for p in report.problems
        )
    label = ", ".join(names.values())
    _store_report(store, framing.LoadReport(articles=articles, problems=problems), label)


def _store_report(store: framing.ArticleStore, report: framing.LoadReport, what: str) -> None:
    try:
        new = store.add(report.articles, description=what)
    except framing.FramingError as exc:
        st.error(f"{_plain(str(exc))}\n\nHint: check that the store file is writable.")
        return
    _store_changed()
    n = len(report.articles)
    outlets = sorted({_outlet_name(a.outlet) for a in report.articles})
    shown = ", ".join(outlets[:6]) + (f" and {len(outlets) - 6} more" if len(outlets) > 6 else "")
    if n:
        noun = "article" if n == 1 else "articles"
        st.success(_plain(f"Loaded {n} {noun} ({new} new) from {what}; outlets: {shown}."))
    elif not report.problems:
        st.warning(_plain(f"No articles found in {what}."))
    for problem in report.problems:
        st.warning(_plain(f"{problem.source}: {problem.reason}"))


# --------------------------------------------------------------------------------------------
# Comparing


def _sync_from_query(outlets: list[str]) -> None:
    """Seed widget state from the URL once per session (a shared link opens its comparison)."""
    if st.session_state.get("_query_seeded"):
        return
    st.session_state["_query_seeded"] = True
    params = st.query_params
    for key in ("outlet_a", "outlet_b"):
        value = params.get(QUERY_KEYS[key])
        if value is not None and value in outlets:
            st.session_state[key] = value
    for key in ("article_a", "article_b"):
        value = params.get(QUERY_KEYS[key])
        if value:
            st.session_state[key] = value


def _sync_to_query(values: dict[str, str]) -> None:
    wanted = {QUERY_KEYS[k]: v for k, v in values.items() if v}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def _side_selects(side: str, outlets: list[str], default: str, signature: tuple,
                  db_path: str) -> tuple[str, str, pd.DataFrame]:
    okey, akey = f"outlet_{side}", f"article_{side}"
    if st.session_state.get(okey) not in outlets:
        st.session_state[okey] = default
    outlet = st.selectbox(f"Outlet {side.upper()}", outlets, key=okey, format_func=_outlet_name)
    listing = outlet_articles(db_path, outlet, signature)
    options = [ALL_ARTICLES, *listing["id"]]
    labels = dict(zip(listing["id"], listing["label"]))
    if st.session_state.get(akey) not in labels:
        st.session_state[akey] = ALL_ARTICLES
    article = st.selectbox(
        f"Article of outlet {side.upper()}", options, key=akey,
        format_func=lambda i: f"All articles ({len(labels)})" if i == ALL_ARTICLES else labels[i],
    )
    return outlet, article, listing


def compare_section(store: framing.ArticleStore, lexicon_name: str,
                    voices: tuple[str, ...]) -> None:
    st.subheader("Compare two outlets")
    outlets_df = store.outlets()
    if outlets_df.empty:
        st.info(EMPTY_MESSAGE, icon=":material/info:")
        _sync_to_query({"lexicon": lexicon_name})
        return
    outlets = list(outlets_df["outlet"])
    signature = _store_signature(outlets_df)
    _sync_from_query(outlets)

    sel_a, sel_b = st.columns(2, gap="large")
    with sel_a:
        a, art_a, listing_a = _side_selects("a", outlets, outlets[0], signature, store.path)
    with sel_b:
        b, art_b, listing_b = _side_selects("b", outlets, outlets[min(1, len(outlets) - 1)],
                                            signature, store.path)
    _sync_to_query({"outlet_a": a, "outlet_b": b, "article_a": art_a, "article_b": art_b,
                    "lexicon": lexicon_name})

    try:
        matcher = get_matcher(lexicon_name, _lexicon_mtime(lexicon_name))
        lexicon = matcher.lexicon
        ids_a = (art_a,) if art_a else tuple(sorted(listing_a["id"]))
        ids_b = (art_b,) if art_b else tuple(sorted(listing_b["id"]))
        an_a = analyse_ids(store.path, ids_a, lexicon_name, lexicon.hash, voices)
        an_b = analyse_ids(store.path, ids_b, lexicon_name, lexicon.hash, voices)
    except framing.FramingError as exc:
        hint = ("choose at least one voice in the sidebar" if isinstance(exc, framing.ScoringError)
                else "fix the lexicon file or choose another lexicon")
        st.error(f"{_plain(str(exc))}\n\nHint: {hint}.")
        return

    colours = render.frame_colours(lexicon.frame_names)
    sides = [("A", a, art_a, an_a), ("B", b, art_b, an_b)]
    st.markdown(render.legend_html(dict(lexicon.frames), colours), unsafe_allow_html=True)
    columns = st.columns(2, gap="large")
    summaries = []
    for column, (side, outlet, article_id, analysis) in zip(columns, sides):
        with column:
            summaries.append(_side_panel(side, outlet, article_id, analysis, colours, lexicon))

    st.divider()
    st.markdown("**Framing index with 95% interval**")
    _index_chart(summaries, lexicon)
    st.markdown("**Which variant each outlet used**")
    _variant_table(sides)
    _downloads(sides)


def _side_label(outlet: str, article_id: str) -> str:
    return _outlet_name(outlet) + (" (one article)" if article_id else "")


def _side_panel(side: str, outlet: str, article_id: str, analysis: framing.Analysis,
                colours: dict[str, str], lexicon: framing.Lexicon) -> dict:
    scores = analysis.outlet_scores
    row = scores.iloc[0] if len(scores) else None
    index = float(row["index"]) if row is not None else float("nan")
    summary = {"side": side, "label": _side_label(outlet, article_id), "index": index,
               "ci_low": float(row["ci_low"]) if row is not None else -1.0,
               "ci_high": float(row["ci_high"]) if row is not None else 1.0}
    n_articles = len(analysis.articles)
    n_scored = int(row["n_scored"]) if row is not None else 0
    st.metric(
        f"{side} · {_plain(_outlet_name(outlet))} · framing index",
        "n/a" if pd.isna(index) else f"{index:+.2f}",
        help=f"Mean over concepts of (n {lexicon.positive_frame} − n {lexicon.negative_frame}) / "
             f"(n {lexicon.positive_frame} + n {lexicon.negative_frame}); +1 = only "
             f"{lexicon.positive_frame} wording, −1 = only {lexicon.negative_frame} wording.",
    )
    noun = "article" if n_articles == 1 else "articles"
    if pd.isna(index):
        st.caption(f"No scored hits · {n_articles} {noun}")
    else:
        st.caption(f"95% interval {summary['ci_low']:+.2f} to {summary['ci_high']:+.2f} · "
                   f"{n_scored} scored hit{'s' if n_scored != 1 else ''} · {n_articles} {noun}")

    hits = analysis.hits
    if article_id:
        shown = [a for a in analysis.articles if a.id == article_id]
        note = ""
    else:
        with_hits = set(hits["article_id"])
        candidates = [a for a in analysis.articles if a.id in with_hits]
        shown = candidates[:MAX_SHOWN]
        note = (f"{len(shown)} of {len(candidates)} articles with hits shown; choose one "
                "article above to read any other." if candidates else "No article has a hit.")
    if note:
        st.caption(note)
    per_article = analysis.article_scores.set_index("article_id")
    parts = []
    for art in shown:
        art_hits = analysis.hits_of(art.id)
        idx = per_article["index"].get(art.id, float("nan"))
        meta = [art.date.isoformat() if art.date else "undated",
                f"{len(art_hits)} hit{'s' if len(art_hits) != 1 else ''}"]
        if not pd.isna(idx):
            meta.append(f"index {idx:+.2f}")
        parts.append(f'<div class="framing-meta">{" · ".join(meta)}</div>'
                     + render.highlight_html(art.document, art_hits, colours))
    if parts:
        with st.container(height=560, border=True):
            st.markdown('<div class="framing-article">' + "<hr>".join(parts) + "</div>",
                        unsafe_allow_html=True)
    return summary


def _index_chart(summaries: list[dict], lexicon: framing.Lexicon) -> None:
    data = pd.DataFrame(summaries)
    data["name"] = data["side"] + " · " + data["label"]
    data = data[data["index"].notna()]
    if data.empty:
        st.caption("No scored hits on either side.")
        return
    pos, neg = lexicon.positive_frame, lexicon.negative_frame
    x_scale = alt.Scale(domain=[-1, 1])
    axis = alt.Axis(values=[-1, -0.5, 0, 0.5, 1], format="+.1f")
    title = f"← {neg}  ·  framing index  ·  {pos} →"
    base = alt.Chart(data).encode(y=alt.Y("name:N", title=None, sort=None))
    bars = base.mark_rule(strokeWidth=4, color="#666").encode(
        x=alt.X("ci_low:Q", scale=x_scale, axis=axis, title=title), x2="ci_high:Q")
    points = base.mark_point(filled=True, size=220, color="#222", opacity=1).encode(
        x="index:Q",
        tooltip=[alt.Tooltip("name:N", title="side"), alt.Tooltip("index:Q", format="+.2f"),
                 alt.Tooltip("ci_low:Q", format="+.2f", title="95% low"),
                 alt.Tooltip("ci_high:Q", format="+.2f", title="95% high")])
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 4], color="#999").encode(
        x=alt.X("x:Q", scale=x_scale))
    chart = (zero + bars + points).properties(height=50 + 50 * len(data)).configure_axis(
        labelFontSize=13, titleFontSize=13).configure_axisY(labelLimit=320)
    st.altair_chart(chart, width="stretch")


def _variant_table(sides) -> None:
    tables = []
    names = []
    for side, outlet, article_id, analysis in sides:
        name = _outlet_name(outlet)
        if name in names:
            name = f"{name} ({side})"
        names.append(name)
        v = analysis.variants()
        counts = v.groupby(["concept", "variant", "frame"])["n_hits"].sum().rename(name)
        tables.append(counts)
    table = pd.concat(tables, axis=1).fillna(0).astype("int64").reset_index()
    if table.empty:
        st.caption("Neither side uses a term of this lexicon.")
        return
    table = table.sort_values(["concept", "frame", "variant"]).reset_index(drop=True)
    st.dataframe(table, hide_index=True, width="stretch",
                 height=min(420, 38 + 35 * len(table)))
    st.caption("Hits in any voice; the index counts only the voices chosen in the sidebar and "
               "terms loaded on the article's date.")


def _downloads(sides) -> None:
    scores, hits = [], []
    for side, outlet, _article_id, analysis in sides:
        scores.append(analysis.article_scores.assign(side=side))
        hits.append(analysis.hits.assign(
            side=side, outlet=analysis.hits["article_id"].map(
                {a.id: a.outlet for a in analysis.articles})))
    prov = export.provenance(sides[0][3])
    with st.container(horizontal=True):
        st.download_button("Download scores (CSV)", export.to_csv(pd.concat(scores), prov),
                           file_name="framing-article-scores.csv", mime="text/csv",
                           key="download_scores", on_click="ignore", icon=":material/download:")
        st.download_button("Download hits (CSV)", export.to_csv(pd.concat(hits), prov),
                           file_name="framing-hits.csv", mime="text/csv",
                           key="download_hits", on_click="ignore", icon=":material/download:")


# --------------------------------------------------------------------------------------------


def run() -> None:
    st.markdown(_CSS, unsafe_allow_html=True)
    store, lexicon_name, voices, count_slot = sidebar()
    st.title("framing")
    st.caption("Which words do two outlets choose for the same things? Load articles, pick two "
               "outlets, read the highlighted evidence.")
    flash = st.session_state.pop("flash", None)
    if flash:
        st.success(flash)
    load_section(store)
    compare_section(store, lexicon_name, voices)
    count_slot.metric("Articles in store", f"{store.count():,}")


run()
