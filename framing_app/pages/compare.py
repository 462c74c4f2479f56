"""Compare page: two outlets (or two articles, or one event) side by side.

Highlighted hits coloured by frame with their voice, the framing index with its interval, the
variant table, aligned sentences of two articles (shared / only A / only B), distinguishing
terms with counts and context (add one to your lexicon), and an offline HTML report. The
comparison lives in the URL: ``?a=RT&b=BBC%20News`` (also ``article_a``, ``article_b``,
``event``, ``terms=1``, ``lexicon``). The cached computations are in
:mod:`framing_app.compare_data`.
"""

from __future__ import annotations

import base64
import html

import altair as alt
import pandas as pd
import streamlit as st

import framing
from framing import render, report
from framing.candidates import (CandidateExists, add_from_contrast, candidate_defaults,
                                user_lexicon_path)
from framing_app import common, compare_data
from framing_app.common import outlet_name, plain

ALL_ARTICLES = ""  # option value of "All articles" in the article selects
ANY_EVENT = ""
# Articles with hits highlighted per side when "All articles" is chosen: a few at first, more
# on demand. The browser's work grows with the evidence's HTML (on 37k AllSides articles twenty
# excerpts were about 34 kB per side and most of a page update's time).
FIRST_SHOWN = 5
MORE_SHOWN = 10  # added by each "Show more"
MAX_OPTIONS = 50  # articles listed in an article select; a search box finds the others
POPOVER_CHARS = 70  # characters of the chosen article's label on its popover button
SCROLL_CHARS = 1000  # article text above which the side panel scrolls in a fixed-height box
SCROLL_ITEMS = 5  # articles above which it scrolls, whatever their length
TOP_TERMS = 15
# Widget key -> query parameter, so that a comparison can be shared as a link.
QUERY_KEYS = {"outlet_a": "a", "outlet_b": "b", "article_a": "article_a",
              "article_b": "article_b", "event": "event", "terms": "terms"}


# --------------------------------------------------------------------------------------------
# Choosing the sides


def _side_selects(side: str, outlets: list[str], default: str, listing: pd.DataFrame,
                  scope_key: tuple) -> tuple[str, str, pd.DataFrame, tuple[str, ...]]:
    okey, akey = f"outlet_{side}", f"article_{side}"
    if st.session_state.get(okey) not in outlets:
        st.session_state[okey] = default
    # The button names the choice before the widgets below run: their state already holds this
    # run's values (a choice reruns the script with it in session_state).
    outlet = st.session_state[okey]
    mine, labels, all_ids = compare_data.outlet_rows(scope_key, outlet, listing)
    if st.session_state.get(akey) not in labels:
        st.session_state[akey] = ALL_ARTICLES
    current = st.session_state[akey]
    shown = f"All articles ({len(labels):,})" if current == ALL_ARTICLES else labels[current]
    if len(shown) > POPOVER_CHARS:
        shown = shown[:POPOVER_CHARS] + "…"
    # The outlet select, the search box and the article list in one popover per side, whose
    # button shows the choice: the browser draws a popover's content only when it is opened.
    # The article widgets (50 headlines each) were about half a second of the page's first
    # draw (A/B in Chromium, 37k AllSides articles; removing them saved 0.85 s), the two outlet
    # selects 0.17 s more of it (median of 8 paired runs; an outlet change got no slower).
    with st.popover(plain(f"{side.upper()} · {outlet_name(outlet)} · {shown}"),
                    icon=":material/article:", width="stretch",
                    help=f"Choose outlet {side.upper()}, or one of its articles to read all of "
                         "it."):
        st.selectbox(f"Outlet {side.upper()}", outlets, key=okey, format_func=outlet_name)
        article = _article_select(side, mine, labels, akey)
    return outlet, article, mine, all_ids


def _article_select(side: str, mine: pd.DataFrame, labels: dict[str, str], akey: str) -> str:
    """A search box (for outlets with many articles) and the article select of one side."""
    listed = mine
    if len(mine) > MAX_OPTIONS:
        # Thousands of options make the browser slow to draw the page: list the newest, and
        # let the reader find any other by words of its date or headline.
        words = st.text_input(f"Find an article of outlet {side.upper()}", key=f"find_{side}",
                              placeholder="words of the headline or a date, e.g. 2014-03")
        folded = words.casefold().split()
        if folded:
            listed = mine[[all(w in label.casefold() for w in folded) for label in mine["label"]]]
        listed = listed.iloc[::-1].head(MAX_OPTIONS)  # newest first
    options = [ALL_ARTICLES, *listed["id"]]
    chosen = st.session_state[akey]
    if chosen != ALL_ARTICLES and not (listed["id"] == chosen).any():
        options.insert(1, chosen)  # the article in the URL stays selectable
    article = st.selectbox(
        f"Article of outlet {side.upper()}", options, key=akey,
        format_func=lambda i: f"All articles ({len(labels)})" if i == ALL_ARTICLES else labels[i],
        help="Type any part of the date or headline to find an article"
             + (f"; the newest {MAX_OPTIONS} are listed, search above for others."
                if len(mine) > MAX_OPTIONS else "."),
    )
    return article


def _event_select(listing: pd.DataFrame, store_key: tuple) -> pd.DataFrame:
    """The event choice (when the store knows events); returns the listing it leaves."""
    shown = compare_data.event_labels(store_key, listing)
    if not shown:
        return listing
    options = [ANY_EVENT, *shown]
    if st.session_state.get("event") not in options:
        st.session_state["event"] = ANY_EVENT
    event = st.selectbox("Event", options, key="event",
                         format_func=lambda e: "Any event (all articles)" if e == ANY_EVENT
                         else shown[e],
                         help="Compare the outlets on one event they all covered (shown by "
                              "its earliest article; the link names it by its id).")
    return listing if event == ANY_EVENT else listing[listing["event"] == event]


# --------------------------------------------------------------------------------------------
# One side


def _side_metric(side: str, outlet: str, analysis: framing.Analysis,
                 lexicon: framing.Lexicon) -> tuple[dict, str, str, str, str]:
    """The headline number of one side (framing index, or loaded terms per 1,000 words).

    Returns the summary for the chart and the metric's label, value, help text and the line of
    numbers under it; the side panel draws them in its one HTML element (see
    :func:`common.metric_html`)."""
    scores = analysis.outlet_scores
    row = scores.iloc[0] if len(scores) else None
    n_articles = len(analysis.articles)
    noun = "article" if n_articles == 1 else "articles"
    name = outlet_name(outlet)
    if lexicon.is_categorical:
        n_words = int(row["n_words"]) if row is not None else 0
        n_hits = sum(int(row[f"n_{c}"]) for c in lexicon.frame_names) if row is not None else 0
        rate = 1000 * n_hits / n_words if n_words else float("nan")
        return ({}, f"{side} · {name} · loaded terms per 1,000 words",
                "n/a" if pd.isna(rate) else f"{rate:.1f}",
                "Scored hits of every category per 1,000 words of title and body; the table "
                "below splits them by category. This lexicon has no poles, so there is no "
                "framing index.",
                f"{n_hits} scored hit{'s' if n_hits != 1 else ''} · {n_words:,} words · "
                f"{n_articles} {noun}")
    index = float(row["index"]) if row is not None else float("nan")
    summary = {"index": index,
               "ci_low": float(row["ci_low"]) if row is not None else -1.0,
               "ci_high": float(row["ci_high"]) if row is not None else 1.0}
    n_scored = int(row["n_scored"]) if row is not None else 0
    label = f"{side} · {name} · framing index"
    value = "n/a" if pd.isna(index) else f"{index:+.2f}"
    pos, neg = lexicon.positive_frame, lexicon.negative_frame
    help_text = (f"Mean over concepts of (n {pos} − n {neg}) / (n {pos} + n {neg}); +1 = only "
                 f"{pos} wording, −1 = only {neg} wording.")
    if pd.isna(index):
        return summary, label, value, help_text, f"No scored hits · {n_articles} {noun}"
    lean = str(row["lean"]) if row is not None and pd.notna(row["lean"]) else ""
    return summary, label, value, help_text, (
        f"95% interval {summary['ci_low']:+.2f} to {summary['ci_high']:+.2f} · {n_scored} "
        f"scored hit{'s' if n_scored != 1 else ''} · {n_articles} {noun}"
        + (f" · lean: {lean}" if lean else ""))


def _show_more(state_key: str, selection: tuple, limit: int) -> None:
    st.session_state[state_key] = (selection, limit)


def _side_panel(side: str, outlet: str, article_id: str, analysis: framing.Analysis,
                lexicon: framing.Lexicon, order: list[str], key: tuple) -> dict:
    label = outlet_name(outlet) + (" (one article)" if article_id else "")
    numbers, name, value, help_text, line = _side_metric(side, outlet, analysis, lexicon)
    summary = {"side": side, "label": label, **numbers}
    # How many articles this side shows: FIRST_SHOWN, plus MORE_SHOWN per "Show more" click,
    # until the side's selection (outlet, articles, lexicon, voices) changes.
    state_key, selection = f"_shown_{side.lower()}", (key, article_id)
    saved = st.session_state.get(state_key)
    limit = saved[1] if saved and saved[0] == selection else FIRST_SHOWN
    note, page, n_shown, n_chars, hidden = compare_data.panel(key, article_id, limit, analysis,
                                                              tuple(order))
    # The number, its lines and the evidence in ONE st.html: each Streamlit element costs the
    # browser a React subtree, its styles and (for st.metric and captions) a Markdown parse
    # on every first draw; st.html is inserted as it is (sanitised by DOMPurify), and render
    # escapes every article text. The frame and the scrolling come from the page's CSS.
    parts = [common.metric_html(name, value, help_text, [line, note] if note else [line])]
    if page:
        long = n_shown > SCROLL_ITEMS or n_chars > SCROLL_CHARS
        parts.append(f'<div class="framing-panel{" framing-scroll" if long else ""}">{page}</div>')
    st.html("".join(parts))
    if hidden:
        st.button(f"Show {min(MORE_SHOWN, hidden)} more articles of {plain(outlet_name(outlet))}",
                  key=f"more_{side.lower()}", icon=":material/expand_more:", on_click=_show_more,
                  args=(state_key, selection, limit + MORE_SHOWN))
    return summary


# --------------------------------------------------------------------------------------------
# Both sides


def _column_names(sides) -> list[str]:
    """One table column name per side: the outlet, with the side added when both are one."""
    names: list[str] = []
    for side, outlet, _article_id, _analysis in sides:
        name = outlet_name(outlet)
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


def _index_chart_html(summaries: list[dict], lexicon: framing.Lexicon) -> str:
    """Both sides' index and interval with its heading: the HTML report's SVG chart as an
    image.

    Not a Vega-Lite chart: for two dots the browser would load and run Vega's scripts (a
    large part of the page's first draw). An image because st.html's sanitiser keeps HTML
    only, not inline SVG; the alt text carries the numbers.
    """
    rows = [(f"{s['side']} · {s['label']}", s["index"], s["ci_low"], s["ci_high"])
            for s in summaries]
    svg = report.interval_svg(rows, negative=lexicon.negative_frame,
                              positive=lexicon.positive_frame)
    alt = "; ".join(f"{label}: no scored hits" if pd.isna(value) else
                    f"{label}: {value:+.2f} ({low:+.2f} to {high:+.2f})"
                    for label, value, low, high in rows)
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return ('<div class="framing-chart framing-section"><p class="framing-heading">Framing '
            f'index with 95% interval</p><img src="{uri}" alt="{html.escape(alt)}" '
            'style="width:100%;max-width:560px"></div>')


def _variant_table_html(sides, key: tuple) -> str:
    """The variant table with its heading and note (or the note that there is none).

    A plain HTML table, not st.dataframe: the data grid's scripts (about 1.5 MB) and its
    canvas were a second of the page's first draw in the browser (37k AllSides articles,
    measured A/B in Chromium). Variant and the two counts first, so that a phone-wide screen
    (390 px) shows them without scrolling sideways; frame and concept follow. The box scrolls
    on its own (at most 420 px high) with the header kept in view."""
    names = _column_names(sides)
    table = compare_data.variants(key, tuple(names), tuple(s[3] for s in sides))
    heading = '<p class="framing-heading">Which variant each outlet used</p>'
    if table.empty:
        return (f'<div class="framing-block">{heading}<p class="framing-note">Neither side uses '
                'a term of this lexicon.</p></div>')
    return (f'<div class="framing-block">{heading}<div class="framing-table">'
            f'{report.table_html(table)}</div><p class="framing-note">Hits in any voice; the '
            "index counts only the voices chosen in the sidebar and terms loaded on the "
            "article's date.</p></div>")


# --------------------------------------------------------------------------------------------
# Aligned sentences


def aligned_section(ctx: common.Context, art_a: str, art_b: str, labels: tuple[str, str],
                    lexicon_hash: str, lead: str = "") -> pd.DataFrame | None:
    """Shared / only-A / only-B sentences of the two chosen articles; their table, or None.
    ``lead`` is HTML drawn in the same element as the section's heading."""
    # What comes before (the chart and the variant table), the heading, the rule above it
    # (CSS) and the first-visit hint in one element: each Streamlit element costs the browser
    # a React subtree and its styles on every first draw.
    heading = '<p class="framing-heading">Aligned sentences</p>'
    if not (art_a and art_b):
        st.html(f'{lead}<div class="framing-section framing-end">{heading}<p '
                'class="framing-note">Choose one article on each side (ideally of one event) '
                "to see which sentences both report and which only one does.</p></div>")
        return None
    st.html(f'{lead}<div class="framing-section">{heading}</div>')
    if art_a == art_b:
        st.caption("Both sides show the same article.")
        return None
    try:
        with st.spinner("Aligning the sentences…"):
            result = compare_data.alignment(ctx.store.path, ctx.store.revision(), art_a, art_b,
                                ctx.lexicon_ref, lexicon_hash)
    except framing.FramingError as exc:
        common.show_error(exc, "choose two other articles.")
        return None
    counts = result.counts()
    with st.container(horizontal=True):
        st.metric("Shared (pairs)", counts["pairs"])
        st.metric(f"Only {labels[0]}", counts["only_a"])
        st.metric(f"Only {labels[1]}", counts["only_b"])
    table = result.table.assign(
        words_a=result.table["words_a"].map(" ".join),
        words_b=result.table["words_b"].map(" ".join),
        hits_a=result.table["hits_a"].map("; ".join), hits_b=result.table["hits_b"].map("; ".join))
    shown = table[["status", "text_a", "text_b", "words_a", "words_b", "hits_a", "hits_b",
                   "similarity"]].rename(columns={"text_a": labels[0], "text_b": labels[1]})
    st.dataframe(shown, hide_index=True, width="stretch", key="aligned",
                 height=min(460, 38 + 35 * len(shown)),
                 column_config={labels[0]: st.column_config.TextColumn(width="large"),
                                labels[1]: st.column_config.TextColumn(width="large"),
                                "similarity": st.column_config.NumberColumn(format="%.2f")})
    st.caption("Pairs by TF-IDF cosine and a one-to-one assignment (framing.align); words_a / "
               "words_b: words one sentence has and the other lacks; hits: lexicon terms in "
               "the sentence.")
    return table[["status", "text_a", "text_b", "words_a", "words_b"]].rename(
        columns={"text_a": f"A · {labels[0]}", "text_b": f"B · {labels[1]}"})


# --------------------------------------------------------------------------------------------
# Distinguishing terms


def _kwic_html(lines: pd.DataFrame) -> str:
    rows = [f"<div>{render.kwic_line_html(r.left, r.match, r.right)}"
            f" <small>({html.escape(outlet_name(r.outlet))})</small></div>"
            for r in lines.itertuples(index=False)]
    return '<div class="framing-kwic">' + "".join(rows) + "</div>"


def terms_section(ctx: common.Context, ids_a, ids_b, labels: tuple[str, str]):
    """Distinguishing terms on demand (a toggle kept in the URL); returns the contrast or None."""
    on = st.toggle("Find distinguishing terms", key="terms",
                   help="Log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi "
                        "& Quinn 2008): the words and two-word phrases one side uses more "
                        "than the other. Takes a few seconds on thousands of articles.")
    if not on:
        return None
    try:
        with st.spinner("Counting words and phrases on both sides…"):
            result = compare_data.contrast(ctx.store.path, ctx.store.revision(),
                                           common.ids_key(ids_a), common.ids_key(ids_b), labels,
                                           ids_a, ids_b)
    except framing.FramingError as exc:
        common.show_error(exc, "choose sides with more text, e.g. all articles of each outlet.")
        return None
    n_background = result.settings.get("background_articles")
    lo, _, hi = str(result.settings.get("ngrams", "1-2")).partition("-")
    st.caption(plain(result.summary()) + f"; prior background: every stored article "
               f"({n_background:,}); terms of {lo} to {hi or lo} words seen at least "
               f"{result.settings.get('min_count')} times (`framing contrast` defaults to 1 "
               "to 3 words)")
    cols = st.columns(2, gap="large")
    tops = {}
    for col, side, label in zip(cols, ("a", "b"), labels):
        top = result.top(TOP_TERMS, side)
        tops[side] = top
        with col:
            st.markdown(f"**Most typical of {plain(label)}**")
            if top.empty:
                st.caption("No term passes the thresholds.")
                continue
            st.dataframe(top[["term", "count_a", "count_b", "z"]].rename(
                columns={"count_a": f"count {labels[0]}", "count_b": f"count {labels[1]}"}),
                hide_index=True, width="stretch", key=f"terms_{side}",
                column_config={"z": st.column_config.NumberColumn(format="%.1f")})
    choices = [*tops["a"]["term"], *tops["b"]["term"]]
    if not choices:
        return result
    term = st.selectbox("Show a term in context", choices, key="term_pick")
    st.html(_kwic_html(result.kwic(term, limit=5, width=60)))
    _add_candidate_form(result, term)
    return result


def _add_candidate_form(result, term: str) -> None:
    """Add the term to the user's lexicon (``my-terms.yaml`` in the user lexicon folder)."""
    path = user_lexicon_path(common.db_path())
    concept_default, category_default = candidate_defaults(result, term)
    if "_candidate_added" in st.session_state:
        st.success(st.session_state.pop("_candidate_added"))
    with st.form("add_candidate", border=True):
        st.markdown(f"**Add “{plain(term)}” to your lexicon** ({plain(path.name)})")
        c1, c2 = st.columns(2)
        concept = c1.text_input("Concept id", value=concept_default, key="cand_concept")
        category = c2.text_input("Category", value=category_default, key="cand_category")
        added = st.form_submit_button("Add to my lexicon", icon=":material/add:")
    if added:
        try:
            lex = add_from_contrast(path, result, term, concept=concept, category=category)
        except CandidateExists as exc:
            st.info(plain(str(exc)) + ".")
            return
        except framing.FramingError as exc:
            common.show_error(exc, "change the concept id or category, or edit the file on the "
                                   "Lexicon page.")
            return
        # The whole app reruns (not only this fragment) so that the sidebar's Lexicon box lists
        # the new file at once; the message is shown by that run.
        st.session_state["_candidate_added"] = plain(
            f"Added “{term}” to {lex.name} v{lex.version} ({path}). Choose it under the "
            "sidebar's Lexicon button or edit it on the Lexicon page.")
        st.rerun()


# --------------------------------------------------------------------------------------------


def run() -> None:
    ctx = common.page_start("Compare two outlets",
                            "Which words do two outlets choose for the same things? Pick two "
                            "outlets (or two articles, or one event) and read the highlighted "
                            "evidence.")
    if ctx is None:
        common.sync_to_query({"lexicon": common.context().lexicon_ref})
        return
    store = ctx.store
    listing = common.article_listing(store.path, store.revision())
    all_outlets = set(compare_data.outlet_order((store.path, store.revision(), ANY_EVENT),
                                                listing))
    def stored(column: str):  # a link's article or event must be in the store
        return lambda value: bool((listing[column] == value).any())

    common.seed_from_query("compare", QUERY_KEYS, {
        "outlet_a": all_outlets.__contains__, "outlet_b": all_outlets.__contains__,
        "article_a": stored("id"), "article_b": stored("id"), "event": stored("event"),
        "terms": lambda v: v == "1"})
    if st.session_state.get("terms") == "1":
        st.session_state["terms"] = True
    comparison(ctx, listing)


@st.fragment
def comparison(ctx: common.Context, listing: pd.DataFrame) -> None:
    """Everything the page's own widgets change, as a fragment: choosing another outlet,
    article or event reruns only this part (not the sidebar and the page frame), and the
    elements that did not change are not sent again. The sidebar's choices rerun it all."""
    store = ctx.store
    # app.py writes them back before full runs; a run of this fragment alone does it here
    # (the sides' widgets are in popovers: see keep_widget_state)
    common.keep_widget_state(QUERY_KEYS)
    scope = _event_select(listing, (store.path, store.revision()))
    event = st.session_state.get("event", ANY_EVENT)
    scope_key = (store.path, store.revision(), event)
    outlets = compare_data.outlet_order(scope_key, scope)
    sel_a, sel_b = st.columns(2, gap="medium")
    with sel_a:
        a, art_a, listing_a, all_a = _side_selects("a", outlets, outlets[0], scope, scope_key)
    with sel_b:
        b, art_b, listing_b, all_b = _side_selects(
            "b", outlets, outlets[min(1, len(outlets) - 1)], scope, scope_key)
    common.warn_refused("compare", outlet_name, {
        "article_a": "all articles of outlet A", "article_b": "all articles of outlet B",
        "event": "any event"})
    if a == b and art_a == art_b and len(outlets) > 1:  # e.g. a shared link ?a=RT&b=RT
        st.info(f"A and B are the same: {plain(outlet_name(a))}. Pick another outlet for B, or "
                "one article on each side.")

    def link(terms: bool) -> None:
        common.sync_to_query({"a": a, "b": b, "article_a": art_a, "article_b": art_b,
                              "event": event, "terms": "1" if terms else "",
                              "lexicon": ctx.lexicon_ref})

    link(bool(st.session_state.get("terms")))
    ids_a = (art_a,) if art_a else all_a
    ids_b = (art_b,) if art_b else all_b
    slot = st.empty()  # always there, so that a progress bar does not shift what follows
    try:
        lexicon = common.get_matcher(ctx.lexicon_ref).lexicon
        an_a = common.analyse_ids(store, ids_a, ctx.lexicon_ref, ctx.voices,
                                  f"{outlet_name(a)} (A)", slot)
        an_b = common.analyse_ids(store, ids_b, ctx.lexicon_ref, ctx.voices,
                                  f"{outlet_name(b)} (B)", slot)
    except framing.FramingError as exc:
        hint = ("choose at least one voice under the sidebar's Lexicon button"
                if isinstance(exc, framing.ScoringError)
                else "fix the lexicon on the Lexicon page or choose another lexicon")
        common.show_error(exc, hint + ".")
        return

    colours = render.frame_colours(lexicon.frame_names)
    lexicon_hash = lexicon.hash  # computed on each access
    key_a = (store.path, store.revision(), common.ids_key(ids_a), lexicon_hash, ctx.voices)
    key_b = (store.path, store.revision(), common.ids_key(ids_b), lexicon_hash, ctx.voices)
    sides = [("A", a, art_a, an_a, listing_a, key_a), ("B", b, art_b, an_b, listing_b, key_b)]
    # st.html, not st.markdown(unsafe_allow_html=True): Markdown with HTML makes the browser
    # load and run a 190 kB HTML parser (rehype-raw) for this one line.
    st.html(render.legend_html(dict(lexicon.frames), colours))
    columns = st.columns(2, gap="large")
    summaries = []
    for column, (side, outlet, article_id, analysis, mine, key) in zip(columns, sides):
        with column:
            summaries.append(_side_panel(side, outlet, article_id, analysis, lexicon,
                                         list(mine["id"]), key))
    sides = [s[:4] for s in sides]
    lead = ""
    if lexicon.is_categorical:
        st.divider()
        st.markdown("**Loaded terms per 1,000 words, by category**")
        _category_rates(sides, lexicon)
    else:
        lead = _index_chart_html(summaries, lexicon)  # it draws the rule above it (CSS)
    lead += _variant_table_html(sides, (key_a, key_b))
    labels = tuple(_column_names(sides))
    aligned = aligned_section(ctx, art_a, art_b, labels, lexicon_hash, lead)
    if art_a and art_b:
        st.divider()  # else the hint's element draws the rule below it (CSS)
    result = terms_section(ctx, ids_a, ids_b, labels)
    st.session_state["_comparison"] = {"a": an_a, "b": an_b, "labels": labels,
                                       "contrast": result, "event": event, "aligned": aligned}
    st.download_button(
        "Download this comparison as an HTML report", key="download_report",
        data=lambda: report.comparison_report(
            an_a, an_b, label_a=labels[0], label_b=labels[1], contrast=result, aligned=aligned,
            settings={"event": event} if event else None),
        file_name=common.report_file_name(labels), mime="text/html", on_click="ignore",
        icon=":material/description:",
        help="One HTML file that opens offline: scores, chart, variant table, distinguishing "
             "terms (when shown) and the highlighted articles. More formats on the Export page.")


run()
