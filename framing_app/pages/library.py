"""Library page: load articles (upload files or a zip, a server path, pasted text), then find
them (outlet, date, event, full-text search) and delete what is not wanted."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tempfile
from pathlib import Path

import pandas as pd
import streamlit as st

import framing
from framing_app import common
from framing_app.common import plain
from framing_app.paths import allowed_roots, is_allowed_path, refusal

MAPPING_FIELDS = ("text", "title", "outlet", "date", "url")
MAPPING_HINT = ("In the dashboard: open **Column mapping** under *Load articles*, type the "
                "column's name next to the field (e.g. Text: body) and load the file again.")
# Problems that a column mapping fixes (their reasons come from framing.formats).
_MAPPING_PROBLEMS = ("no text column found", "several columns could hold the article text",
                     "mapping names column")
UPLOAD_TYPES = ["txt", "text", "md", "markdown", "html", "htm", "json", "jsonl", "ndjson", "csv",
                "tsv", "zip", "gz"]
SHOWN_ROWS = 500  # rows of the filtered listing shown (the search finds any other)
QUERY_KEYS = {"lib_outlets": "outlet", "lib_event": "event", "lib_search": "q"}


# --------------------------------------------------------------------------------------------
# Loading


def load_section(store: framing.ArticleStore) -> None:
    """Upload files, load a server path, or paste an article; report what happened."""
    with st.expander("Load articles", expanded=True, icon=":material/upload_file:"):
        up_col, path_col, paste_col = st.columns(3, gap="large")
        with up_col:
            files = st.file_uploader(
                "Upload files", type=UPLOAD_TYPES, accept_multiple_files=True, key="uploads",
                help="Plain-text page scrapes, Markdown, HTML, JSON/JSONL, CSV/TSV, or a zip of "
                     "them (at most 200 MB per file).")
            upload_clicked = st.button("Load uploaded files", key="load_uploads",
                                       disabled=not files)
        with path_col:
            path = st.text_input("File or folder on the server", key="load_path",
                                 placeholder="../shared/data/ruwa",
                                 help="Folders are read recursively; a known data set folder "
                                      "(AllSides, BASIL, NewsWCL50, BABE, RUWA, "
                                      "ukraine_news_bias) is read by its adapter. Only "
                                      "paths under the data folder, the folder the app runs "
                                      "in, your home or FRAMING_PATH_ROOTS are read.")
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
            if not is_allowed_path(target, allowed_roots()):
                st.error(refusal(path.strip()))
            else:
                report = _load_or_error(lambda: framing.load_articles([target], mapping=mapping),
                                        f"Loading {path.strip()}…")
                if report is not None:
                    _store_report(store, report, str(target))
    if paste_clicked:
        report = framing.load_text(pasted)  # a page scrape, Markdown or HTML
        if not report.articles:
            (problem,) = report.problems
            st.error(f"{plain(str(problem))}\n\nHint: paste the article's text into the box "
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
                                      key=f"map_{field}", placeholder="auto-detect")
            if value.strip():
                mapping[field] = value.strip()
    return mapping or None


def _load_or_error(load, spinner: str) -> framing.LoadReport | None:
    """Run ``load()``; a :class:`framing.FramingError` (e.g. a bad mapping) is shown, not raised."""
    try:
        with st.spinner(spinner):
            return load()
    except framing.FramingError as exc:
        common.show_error(exc, "fix the column names under Column mapping, or leave them empty "
                               "to detect the columns.")
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
    articles = report.articles
    try:
        if len(articles) > 2 * common.CHUNK:  # big loads get a progress bar
            bar = st.progress(0.0, text=f"Storing {len(articles):,} articles…")
            new = 0
            for start in range(0, len(articles), 2000):
                new += store.add(articles[start:start + 2000], description=what)
                done = min(len(articles), start + 2000)
                bar.progress(done / len(articles),
                             text=f"Storing articles: {done:,} of {len(articles):,}")
            bar.empty()
        else:
            new = store.add(articles, description=what)
    except framing.FramingError as exc:
        common.show_error(exc, "check that the store file is writable.")
        return
    n = len(articles)
    outlets = sorted({common.outlet_name(a.outlet) for a in articles})
    shown = ", ".join(outlets[:6]) + (f" and {len(outlets) - 6} more" if len(outlets) > 6 else "")
    if n:
        noun = "article" if n == 1 else "articles"
        st.success(plain(f"Loaded {n} {noun} ({new} new) from {what}; outlets: {shown}."))
        st.page_link("framing_app/pages/compare.py", label="Compare two outlets",
                     icon=":material/compare_arrows:")
    elif not report.problems:
        st.warning(plain(f"No articles found in {what}."))
    for problem in report.problems:
        hint = ("\n\n" + MAPPING_HINT
                if any(p in problem.reason for p in _MAPPING_PROBLEMS) else "")
        st.warning(plain(f"{problem.source}: {problem.reason}") + hint)


# --------------------------------------------------------------------------------------------
# Browsing, searching, deleting


def _follow_date_span(days: tuple[dt.date, dt.date] | None) -> None:
    """Keep the date filter on the whole span when the stored span changes (a load or a delete):
    a filter left on the old whole span would hide the new articles. A range the user narrowed
    stays, clipped to the new span."""
    before = st.session_state.get("lib_dates_span")
    st.session_state["lib_dates_span"] = days
    chosen = st.session_state.get("lib_dates")
    if before == days or chosen is None or days is None:
        return
    if tuple(chosen) == before or len(chosen) != 2:
        st.session_state["lib_dates"] = days
    else:
        lo, hi = max(chosen[0], days[0]), min(chosen[1], days[1])
        st.session_state["lib_dates"] = (lo, hi) if lo <= hi else days


def _filtered(store: framing.ArticleStore, listing: pd.DataFrame) -> pd.DataFrame | None:
    """The filter widgets and the rows they select (None after a search error)."""
    outlets = sorted(listing["outlet"].unique())
    events = sorted(e for e in listing["event"].dropna().unique())
    common.seed_from_query("library", QUERY_KEYS)
    if st.session_state.get("lib_event") not in ["", *events]:
        st.session_state["lib_event"] = ""
    wanted = st.session_state.get("lib_outlets")
    if isinstance(wanted, str):  # seeded from the URL: outlets joined by "|"
        st.session_state["lib_outlets"] = [o for o in wanted.split("|") if o in outlets]
    c1, c2 = st.columns(2)
    with c1:
        chosen = st.multiselect("Outlets", outlets, key="lib_outlets",
                                format_func=common.outlet_name, placeholder="All outlets")
        query = st.text_input("Search titles and text", key="lib_search",
                              placeholder='e.g. annexation Crimea, "special military operation"',
                              help='Every word must occur; "exact phrase", word* for a prefix, '
                                   "a OR b.")
    with c2:
        dated = listing["date"].dropna()
        days = (dt.date.fromisoformat(dated.min()), dt.date.fromisoformat(dated.max())) \
            if len(dated) else None
        _follow_date_span(days)
        span = st.date_input("Dates", value=days, key="lib_dates", min_value=days[0],
                             max_value=days[1], help="Undated articles are kept only when the "
                                                     "whole span is chosen.") if days else None
        event = st.selectbox("Event", ["", *events], key="lib_event",
                             format_func=lambda e: e or "Any event", disabled=not events,
                             help="Events come from data sets that group articles by event "
                                  "(BASIL, NewsWCL50).")
    common.sync_to_query({"outlet": "|".join(chosen), "event": event, "q": query.strip(),
                          "lexicon": common.context().lexicon_ref})
    rows = listing
    if chosen:
        rows = rows[rows["outlet"].isin(chosen)]
    if event:
        rows = rows[rows["event"] == event]
    if days and isinstance(span, tuple) and len(span) == 2 and tuple(span) != days:
        lo, hi = span[0].isoformat(), span[1].isoformat()
        rows = rows[rows["date"].notna() & (rows["date"] >= lo) & (rows["date"] <= hi)]
    if query.strip():
        try:
            found = store.search(query, limit=SHOWN_ROWS, outlets=chosen or None)
        except framing.FramingError as exc:
            common.show_error(exc, 'write plain words, a "quoted phrase", word* or a OR b.')
            return None
        snippets = dict(zip(found["id"], found["snippet"]))
        rows = rows[rows["id"].isin(snippets)].copy()
        rows["snippet"] = rows["id"].map(snippets)
        rows = rows.set_index("id").loc[[i for i in found["id"] if i in set(rows["id"])]]
        rows = rows.reset_index()
    return rows


def browse_section(store: framing.ArticleStore) -> None:
    listing = common.article_listing(store.path, store.revision())
    st.subheader("Stored articles")
    rows = _filtered(store, listing)
    if rows is None:
        return
    st.caption(f"{len(rows):,} of {len(listing):,} articles match"
               + (f"; the first {SHOWN_ROWS} are listed." if len(rows) > SHOWN_ROWS else "."))
    shown = rows.head(SHOWN_ROWS)
    columns = ["outlet", "label", *(["snippet"] if "snippet" in shown else []), "event", "id"]
    table = shown[columns].rename(columns={"label": "date — headline"})
    table["outlet"] = table["outlet"].map(common.outlet_name)
    picked = st.dataframe(table, hide_index=True, width="stretch", key="lib_table",
                          on_select="rerun", selection_mode="multi-row",
                          height=min(420, 38 + 35 * max(1, len(table))),
                          column_config={"date — headline": st.column_config.TextColumn(
                              width="large")})
    selected = [shown["id"].iloc[i] for i in picked.selection.rows] if picked else []
    with st.container(horizontal=True):
        confirm = st.checkbox(f"Delete the {len(selected)} selected article(s)",
                              key="confirm_delete", disabled=not selected)
        st.button("Delete", key="delete_selected", disabled=not (selected and confirm),
                  on_click=_delete, args=(store.path, tuple(selected)),
                  icon=":material/delete:")
    with st.expander("Group articles into events"):
        st.caption("Finds articles on the same happening from their words and dates "
                   "(framing.events: TF-IDF, a week's window, average linkage), so that Compare "
                   "can put two outlets side by side on one event. Edits made with `framing "
                   "events merge/split/name` are kept.")
        st.button("Group into events", key="group_events", on_click=_group_events,
                  args=(store.path,), icon=":material/hub:")
    with st.expander("Delete everything"):
        confirm_all = st.checkbox("I want to delete every stored article", key="confirm_clear")
        st.button("Clear store", key="clear_store", disabled=not confirm_all,
                  on_click=_clear_store, args=(store.path,),
                  help="Deletes every article from the store file.")


def _group_events(path: str) -> None:
    from framing.events import group  # noqa: PLC0415  (scikit-learn; only when asked for)

    store = common.get_store(path)
    with st.spinner(f"Grouping {store.count():,} articles into events…"):
        try:
            grouping = group(store.articles())
            stored = store.save_event_groups(
                dict(zip(grouping.events["event"], grouping.events["article_ids"])),
                grouping.settings)
        except framing.FramingError as exc:
            st.session_state["flash_error"] = f"{exc}"
            return
    st.session_state["flash"] = (f"Found {stored:,} events of two or more articles; pick one "
                                 "on the Compare page.")


def _delete(path: str, ids: tuple[str, ...]) -> None:
    n = common.get_store(path).delete(list(ids))
    st.session_state["confirm_delete"] = False
    st.session_state["flash"] = f"Deleted {n} article{'s' if n != 1 else ''}."


def _clear_store(path: str) -> None:
    store = common.get_store(path)
    n = store.count()
    store.clear()  # bumps the store's revision: the cached listing is read afresh
    st.session_state["confirm_clear"] = False
    for key in ("outlet_a", "outlet_b", "article_a", "article_b", "event"):
        st.session_state.pop(key, None)
    st.session_state["flash"] = f"Cleared the store: {n} articles deleted."


def run() -> None:
    ctx = common.context()
    st.title("Library")
    st.caption("Load articles into the store, then find and tidy them. The store survives "
               "restarts.")
    flash = st.session_state.pop("flash", None)
    if flash:
        st.success(flash)
    failed = st.session_state.pop("flash_error", None)
    if failed:
        st.error(f"{plain(failed)}\n\nHint: load more articles, with dates, and try again.")
    load_section(ctx.store)
    if ctx.store.count() == 0:
        st.info("The store is empty. Start here: upload the files of a few articles (a saved "
                "web page, JSON, CSV or a zip), give the path of a data set folder such as "
                "../shared/data/ruwa, or paste an article's text above.", icon=":material/info:")
        return
    browse_section(ctx.store)


run()
