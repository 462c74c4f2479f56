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
LABEL_CHARS = 200  # characters of a headline in the article selects (all of it is searchable)
SCROLL_CHARS = 1000  # article text above which the side panel scrolls in a fixed-height box
SCROLL_ITEMS = 5  # articles above which it scrolls, whatever their length
MAPPING_FIELDS = ("text", "title", "outlet", "date", "url")
MAPPING_HINT = ("In the dashboard: open **Column mapping** under *Load articles*, type the "
                "column's name next to the field (e.g. Text: body) and load the file again.")
# Problems that a column mapping fixes (their reasons come from framing.formats).
_MAPPING_PROBLEMS = ("no text column found", "several columns could hold the article text",
                     "mapping names column")
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
.framing-article .framing-item > p:first-of-type {font-weight: 600;}
.framing-article mark {padding: 0 2px; border-radius: 3px; color: inherit;}
.framing-article .framing-meta {font-size: 0.8em; color: #6b6b6b; margin-top: 0.9em;}
.framing-article hr {margin: 0.6em 0; border: none; border-top: 1px solid #e3e3e3;}
.legend {display: flex; flex-wrap: wrap; justify-content: center; gap: 4px 6px;
        padding: 6px 10px; margin: 0.2em 0 0.6em 0; border: 1px solid #e3e3e3;
        border-radius: 6px; background: #fafafa;}
.legend span {display: inline-block;}
[data-testid="stFileUploaderDropzoneInstructions"] span,
[data-testid="stFileUploaderDropzoneInstructions"] small {white-space: normal; overflow: visible;
        text-overflow: clip; word-break: break-word;}
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


@st.cache_data(show_spinner=False, max_entries=8)
def article_listing(db_path: str, revision: int) -> pd.DataFrame:
    """Every stored article's ``id``, ``outlet``, ``date`` (ISO text or None) and ``label``.

    Read with :meth:`ArticleStore.index` (no bodies); only articles without a title have their
    text read, for a headline (:func:`framing.export.headline`). Sorted by outlet, then date
    (undated last), then headline. ``revision`` (:meth:`ArticleStore.revision`) changes
    whenever articles are added or removed, so it is the cache key.
    """
    store = get_store(db_path)
    index = store.index()
    if index.empty:
        return pd.DataFrame(columns=["id", "outlet", "date", "label"])
    heads = dict(zip(index["id"], index["title"].fillna("")))
    untitled = [i for i, t in heads.items() if not t.strip()]
    for article in (store.articles(ids=untitled) if untitled else []):
        heads[article.id] = export.headline(article, LABEL_CHARS)
    index["headline"] = [" ".join(heads[i].split())[:LABEL_CHARS] for i in index["id"]]
    index["label"] = [f"{d or 'undated'} — {h}" for d, h in zip(index["date"], index["headline"])]
    index["_undated"] = index["date"].isna()
    index["_key"] = [h.casefold() for h in index["headline"]]
    ordered = index.sort_values(["outlet", "_undated", "date", "_key"], kind="stable")
    return ordered[["id", "outlet", "date", "label"]].reset_index(drop=True)


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
    store.clear()  # bumps the store's revision: the cached listing is read afresh
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
        mapping = _mapping_inputs()

    if upload_clicked and files:
        _load_uploads(store, files, mapping)
    if path_clicked:
        if not path.strip():
            st.error("Give a file or folder path first, e.g. ../shared/data/ruwa.")
        else:
            target = Path(path.strip()).expanduser()
            report = _load_or_error(lambda: framing.load_articles([target], mapping=mapping),
                                    f"Loading {path.strip()}…")
            if report is not None:
                _store_report(store, report, str(target))
    if paste_clicked:
        report = framing.load_text(pasted)  # a page scrape, Markdown or HTML
        if not report.articles:
            (problem,) = report.problems
            st.error(f"{_plain(str(problem))}\n\nHint: paste the article's text into the box "
                     "first.")
        else:
            _store_report(store, report, "pasted text")


def _mapping_inputs() -> dict[str, str] | None:
    """The "Column mapping" control: field -> column for CSV/JSON files, None when all empty."""
    with st.expander("Column mapping (CSV, JSON, JSONL)", icon=":material/table_chart:"):
        st.caption("Which column holds each field. Leave a box empty to find it by its usual "
                   "names (text/content/body, title/headline, outlet/source, date, url).")
        cols = st.columns(len(MAPPING_FIELDS))
        mapping = {}
        for col, field in zip(cols, MAPPING_FIELDS):
            with col:
                value = st.text_input("URL" if field == "url" else field.capitalize(),
                                      key=f"map_{field}",
                                      placeholder="auto-detect")
            if value.strip():
                mapping[field] = value.strip()
    return mapping or None


def _load_or_error(load, spinner: str) -> framing.LoadReport | None:
    """Run ``load()``; a :class:`framing.FramingError` (e.g. a bad mapping) is shown, not raised."""
    try:
        with st.spinner(spinner):
            return load()
    except framing.FramingError as exc:
        st.error(f"{_plain(str(exc))}\n\nHint: fix the column names under Column mapping, or "
                 "leave them empty to detect the columns.")
        return None


def _load_uploads(store: framing.ArticleStore, files, mapping: dict[str, str] | None) -> None:
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
        report = _load_or_error(lambda: framing.load_articles(paths, mapping=mapping),
                                "Loading the uploaded files…")
        if report is None:
            return
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
    n = len(report.articles)
    outlets = sorted({_outlet_name(a.outlet) for a in report.articles})
    shown = ", ".join(outlets[:6]) + (f" and {len(outlets) - 6} more" if len(outlets) > 6 else "")
    if n:
        noun = "article" if n == 1 else "articles"
        st.success(_plain(f"Loaded {n} {noun} ({new} new) from {what}; outlets: {shown}."))
    elif not report.problems:
        st.warning(_plain(f"No articles found in {what}."))
    for problem in report.problems:
        hint = ("\n\n" + MAPPING_HINT
                if any(p in problem.reason for p in _MAPPING_PROBLEMS) else "")
        st.warning(_plain(f"{problem.source}: {problem.reason}") + hint)


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


def _side_selects(side: str, outlets: list[str], default: str,
                  listing: pd.DataFrame) -> tuple[str, str, pd.DataFrame]:
    okey, akey = f"outlet_{side}", f"article_{side}"
    if st.session_state.get(okey) not in outlets:
        st.session_state[okey] = default
    outlet = st.selectbox(f"Outlet {side.upper()}", outlets, key=okey, format_func=_outlet_name)
    mine = listing[listing["outlet"] == outlet]
    options = [ALL_ARTICLES, *mine["id"]]
    labels = dict(zip(mine["id"], mine["label"]))
    if st.session_state.get(akey) not in labels:
        st.session_state[akey] = ALL_ARTICLES
    article = st.selectbox(
        f"Article of outlet {side.upper()}", options, key=akey,
        format_func=lambda i: f"All articles ({len(labels)})" if i == ALL_ARTICLES else labels[i],
        help="Type any part of the date or headline to find an article.",
    )
    return outlet, article, mine


def compare_section(store: framing.ArticleStore, lexicon_name: str,
                    voices: tuple[str, ...]) -> None:
    st.subheader("Compare two outlets")
    listing = article_listing(store.path, store.revision())
    if listing.empty:
        st.info(EMPTY_MESSAGE, icon=":material/info:")
        _sync_to_query({"lexicon": lexicon_name})
        return
    counts = listing["outlet"].value_counts()
    outlets = sorted(counts.index, key=lambda o: (-counts[o], o))  # most articles first
    _sync_from_query(outlets)

    sel_a, sel_b = st.columns(2, gap="large")
    with sel_a:
        a, art_a, listing_a = _side_selects("a", outlets, outlets[0], listing)
    with sel_b:
        b, art_b, listing_b = _side_selects("b", outlets, outlets[min(1, len(outlets) - 1)],
                                            listing)
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
    sides = [("A", a, art_a, an_a, listing_a), ("B", b, art_b, an_b, listing_b)]
    st.markdown(render.legend_html(dict(lexicon.frames), colours), unsafe_allow_html=True)
    columns = st.columns(2, gap="large")
    summaries = []
    for column, (side, outlet, article_id, analysis, mine) in zip(columns, sides):
        with column:
            summaries.append(_side_panel(side, outlet, article_id, analysis, colours, lexicon,
                                         list(mine["id"])))

    st.divider()
    sides = [s[:4] for s in sides]
    if lexicon.is_categorical:
        st.markdown("**Loaded terms per 1,000 words, by category**")
        _category_rates(sides, lexicon)
    else:
        st.markdown("**Framing index with 95% interval**")
        _index_chart(summaries, lexicon)
    st.markdown("**Which variant each outlet used**")
    _variant_table(sides)
    _downloads(sides)


def _side_label(outlet: str, article_id: str) -> str:
    return _outlet_name(outlet) + (" (one article)" if article_id else "")


def _side_metric(side: str, outlet: str, analysis: framing.Analysis,
                 lexicon: framing.Lexicon) -> dict:
    """The headline number of one side: framing index, or loaded terms per 1,000 words."""
    scores = analysis.outlet_scores
    row = scores.iloc[0] if len(scores) else None
    n_articles = len(analysis.articles)
    noun = "article" if n_articles == 1 else "articles"
    if lexicon.is_categorical:
        n_words = int(row["n_words"]) if row is not None else 0
        n_hits = sum(int(row[f"n_{c}"]) for c in lexicon.frame_names) if row is not None else 0
        rate = 1000 * n_hits / n_words if n_words else float("nan")
        st.metric(f"{side} · {_plain(_outlet_name(outlet))} · loaded terms per 1,000 words",
                  "n/a" if pd.isna(rate) else f"{rate:.1f}",
                  help="Scored hits of every category per 1,000 words of title and body; "
                       "the table below splits them by category. This lexicon has no poles, "
                       "so there is no framing index.")
        st.caption(f"{n_hits} scored hit{'s' if n_hits != 1 else ''} · {n_words:,} words · "
                   f"{n_articles} {noun}")
        return {}
    index = float(row["index"]) if row is not None else float("nan")
    summary = {"index": index,
               "ci_low": float(row["ci_low"]) if row is not None else -1.0,
               "ci_high": float(row["ci_high"]) if row is not None else 1.0}
    n_scored = int(row["n_scored"]) if row is not None else 0
    st.metric(
        f"{side} · {_plain(_outlet_name(outlet))} · framing index",
        "n/a" if pd.isna(index) else f"{index:+.2f}",
        help=f"Mean over concepts of (n {lexicon.positive_frame} − n {lexicon.negative_frame}) / "
             f"(n {lexicon.positive_frame} + n {lexicon.negative_frame}); +1 = only "
             f"{lexicon.positive_frame} wording, −1 = only {lexicon.negative_frame} wording.",
    )
    if pd.isna(index):
        st.caption(f"No scored hits · {n_articles} {noun}")
    else:
        lean = str(row["lean"]) if row is not None and pd.notna(row["lean"]) else ""
        st.caption(f"95% interval {summary['ci_low']:+.2f} to {summary['ci_high']:+.2f} · "
                   f"{n_scored} scored hit{'s' if n_scored != 1 else ''} · {n_articles} {noun}"
                   + (f" · lean: {_plain(lean)}" if lean else ""))
    return summary


def _side_panel(side: str, outlet: str, article_id: str, analysis: framing.Analysis,
                colours: dict[str, str], lexicon: framing.Lexicon, order: list[str]) -> dict:
    summary = {"side": side, "label": _side_label(outlet, article_id),
               **_side_metric(side, outlet, analysis, lexicon)}
    hits = analysis.hits
    if article_id:
        shown = [a for a in analysis.articles if a.id == article_id]
        note = ""
    else:
        rank = {i: n for n, i in enumerate(order)}  # the listing's order: date, then headline
        with_hits = set(hits["article_id"])
        candidates = sorted((a for a in analysis.articles if a.id in with_hits),
                            key=lambda a: rank.get(a.id, len(rank)))
        shown = candidates[:MAX_SHOWN]
        note = (f"{len(shown)} of {len(candidates)} articles with hits shown, by date; choose "
                "one article above to read any other." if candidates else "No article has a hit.")
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
        parts.append(f'<div class="framing-item"><div class="framing-meta">{" · ".join(meta)}'
                     f'</div>{render.highlight_html(art.document, art_hits, colours)}</div>')
    if parts:
        long = len(shown) > SCROLL_ITEMS or sum(len(a.document) for a in shown) > SCROLL_CHARS
        with st.container(height=560 if long else "content", border=True):
            st.markdown('<div class="framing-article">' + "<hr>".join(parts) + "</div>",
                        unsafe_allow_html=True)
    return summary


def _column_names(sides) -> list[str]:
    """One table column name per side: the outlet, with the side added when both are one."""
    names: list[str] = []
    for side, outlet, _article_id, _analysis in sides:
        name = _outlet_name(outlet)
        names.append(f"{name} ({side})" if name in names else name)
    return names


def _category_rates(sides, lexicon: framing.Lexicon) -> None:
    """Per-1,000-word rate of each category on both sides: a table and a grouped bar chart."""
    table = pd.DataFrame({"category": list(lexicon.frame_names)})
    names = _column_names(sides)
    for name, (_side, _outlet, _article_id, analysis) in zip(names, sides):
        scores = analysis.outlet_scores
        table[name] = [float(scores.iloc[0][f"per_1k_{c}"]) if len(scores) else float("nan")
                       for c in lexicon.frame_names]
    st.dataframe(table, hide_index=True, width="stretch",
                 column_config={n: st.column_config.NumberColumn(n, format="%.2f", width="small")
                                for n in names})
    long = table.melt("category", var_name="outlet", value_name="per_1k").dropna()
    chart = alt.Chart(long).mark_bar().encode(
        y=alt.Y("category:N", title=None, sort=list(lexicon.frame_names)),
        yOffset=alt.YOffset("outlet:N", sort=names),
        x=alt.X("per_1k:Q", title="loaded terms per 1,000 words"),
        color=alt.Color("outlet:N", sort=names, scale=alt.Scale(range=["#4c72b0", "#dd8452"]),
                        legend=alt.Legend(orient="top", title=None)),
        tooltip=[alt.Tooltip("outlet:N"), alt.Tooltip("category:N"),
                 alt.Tooltip("per_1k:Q", format=".2f", title="per 1,000 words")],
    ).properties(height=40 * len(table) + 40)
    st.altair_chart(chart, width="stretch")
    st.caption("Scored hits (voices chosen in the sidebar) of each category per 1,000 words of "
               "title and body, pooled over the side's articles.")


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
    names = _column_names(sides)
    for name, (_side, _outlet, _article_id, analysis) in zip(names, sides):
        v = analysis.variants()
        counts = v.groupby(["concept", "variant", "frame"])["n_hits"].sum().rename(name)
        tables.append(counts)
    table = pd.concat(tables, axis=1).fillna(0).astype("int64").reset_index()
    if table.empty:
        st.caption("Neither side uses a term of this lexicon.")
        return
    table = table.sort_values(["concept", "frame", "variant"]).reset_index(drop=True)
    # Variant and the two counts first, so that a phone-wide screen (390 px) shows them without
    # scrolling sideways; frame and concept follow.
    table = table[["variant", *names, "frame", "concept"]]
    st.dataframe(table, hide_index=True, width="stretch",
                 height=min(420, 38 + 35 * len(table)),
                 column_config={
                     "variant": st.column_config.TextColumn("variant", width=160),
                     **{n: st.column_config.NumberColumn(n, width="small") for n in names},
                 })
    st.caption("Hits in any voice; the index counts only the voices chosen in the sidebar and "
               "terms loaded on the article's date.")


def _downloads(sides) -> None:
    scores, hits = [], []
    for side, outlet, _article_id, analysis in sides:
        scores.append(export.article_table(analysis).assign(side=side))
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
