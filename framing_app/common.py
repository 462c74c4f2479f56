"""What every page of the dashboard shares: the store, the lexicon choice, cached library calls,
the sidebar, and the link between widget keys and the URL's query parameters.

Only Streamlit glue lives here; every computation is a call into :mod:`framing`. Article and
lexicon text reaches HTML only through :mod:`framing.render` / :mod:`framing.report`, which
escape it; plain Markdown gets :func:`plain`.
"""

from __future__ import annotations

import gc
import hashlib
import html
import io
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Mapping, Sequence

import altair as alt
import pandas as pd
import streamlit as st

import framing
from framing import export
from framing.candidates import user_lexicon_path
from framing.lexicon import LEXICON_DIR

UNKNOWN_OUTLET = "(unknown outlet)"
LABEL_CHARS = 200  # characters of a headline in article selects (all of it is searchable)
CHUNK = 250  # articles matched per step of a progress bar
DEFAULT_VOICES = ("authorial",)  # voices scored until the reader chooses others
EMPTY_STORE = ("Load articles first: open **Library** and upload files, give a path such as "
               "../shared/data/ruwa, or paste text.")

CSS = """
<style>
.block-container {padding-top: 2.5rem;}
.framing-article p {margin: 0 0 0.5em 0; line-height: 1.55;}
.framing-article .framing-item > p:first-of-type {font-weight: 600;}
.framing-article mark {padding: 0 2px; border-radius: 3px; color: inherit;}
.framing-article .framing-meta {font-size: 0.8em; color: #6b6b6b; margin-top: 0.9em;}
.framing-article .framing-item:first-child .framing-meta {margin-top: 0;}
.framing-article hr {margin: 0.6em 0; border: none; border-top: 1px solid #e3e3e3;}
.legend {display: flex; flex-wrap: wrap; justify-content: center; gap: 4px 6px;
        padding: 6px 10px; margin: 0.2em 0 0.6em 0; border: 1px solid #e3e3e3;
        border-radius: 6px; background: #fafafa;}
.legend span {display: inline-block;}
.framing-kwic {font-size: 0.9em;} .framing-kwic b {background: #fff3b0;}
.framing-panel {border: 1px solid rgba(128, 128, 128, 0.3); border-radius: 0.5rem;
        padding: calc(1rem - 1px);}
.framing-panel.framing-scroll {max-height: 560px; overflow-y: auto;}
.framing-heading {font-weight: 600; margin: 0 0 0.4rem 0;}
.framing-section {border-top: 1px solid rgba(128, 128, 128, 0.3); padding-top: 1.5rem;
        margin-top: 0.5rem;}
.framing-note {font-size: 0.875rem; color: inherit; opacity: 0.6; margin: 0.3rem 0 0 0;}
.framing-block {margin-top: 1rem;}
.framing-end {border-bottom: 1px solid rgba(128, 128, 128, 0.3); padding-bottom: 1.5rem;
        margin-bottom: 0.5rem;}
.framing-title h1 {font-size: 2.75rem; font-weight: 700; line-height: 1.2; margin: 0;
        padding: 1.25rem 0 1rem 0;}
.framing-metric {margin: 0 0 1rem 0;}
.framing-help {font-size: 0.8rem; opacity: 0.7; margin: 0.2rem 0 0 0;}
.framing-help summary {cursor: pointer;}
.framing-tagline {margin: 0 0 1rem 0;}
.framing-note code {font-size: 0.75rem; padding: 0.1em 0.25em; border-radius: 0.25rem;
        background: rgba(151, 166, 195, 0.15); overflow-wrap: anywhere;}
.framing-metric-label {font-size: 0.875rem; margin: 0;}
.framing-metric-value {font-size: 2.25rem; line-height: 1.4; margin: 0;}
.framing-table {max-height: 420px; overflow: auto; border: 1px solid #e3e3e3;
        border-radius: 6px;}
.framing-table table {border-collapse: collapse; width: 100%; font-size: 0.875rem; margin: 0;}
.framing-table th {position: sticky; top: 0; background: #f6f6f8; font-weight: 600;
        text-align: left;}
.framing-table td, .framing-table th {padding: 4px 10px; border-bottom: 1px solid #ececec;
        white-space: nowrap;}
.framing-table td.num {text-align: right; font-variant-numeric: tabular-nums;}
[data-testid="stFileUploaderDropzoneInstructions"] span,
[data-testid="stFileUploaderDropzoneInstructions"] small {white-space: normal; overflow: visible;
        text-overflow: clip; word-break: break-word;}
</style>
"""
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>#|~$])")


def plain(text: str) -> str:
    """``text`` with Markdown syntax escaped, for widgets that render Markdown."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def report_file_name(labels: tuple[str, str]) -> str:
    """The HTML report's download name, e.g. ``framing-report-rt-vs-bbc-news.html``: several
    downloaded comparisons do not overwrite each other (letters and digits kept)."""
    slugs = [re.sub(r"[\W_]+", "-", label.casefold()).strip("-")[:40] or side
             for label, side in zip(labels, ("a", "b"))]
    return f"framing-report-{slugs[0]}-vs-{slugs[1]}.html"


def outlet_name(outlet: str) -> str:
    return outlet or UNKNOWN_OUTLET


def show_error(exc: Exception, hint: str) -> None:
    """A library error as ``st.error`` with a hint: never a traceback."""
    st.error(f"{plain(str(exc))}\n\nHint: {hint}")


# --------------------------------------------------------------------------------------------
# Store and lexicons


@st.cache_resource(show_spinner=False)
def get_store(path: str) -> framing.ArticleStore:
    """One store connection per database file, shared by every session."""
    return framing.ArticleStore(path)


def db_path() -> str:
    return str(framing.default_db_path())


def user_lexicon_dir() -> Path:
    """Where lexicons edited or grown in the dashboard are saved: ``lexicons/`` beside the
    store file (the shipped ones in corpora/lexicons stay as released)."""
    return user_lexicon_path(db_path()).parent


def lexicon_choices() -> dict[str, str]:
    """Option value -> label: shipped names, then the user's files (their path as value)."""
    choices = {name: name for name in framing.available_lexicons()}
    folder = user_lexicon_dir()
    if folder.is_dir():
        for path in sorted(folder.glob("*.yaml")):
            choices[str(path)] = f"{path.stem} (yours)"
    return choices


def lexicon_path(ref: str) -> Path:
    path = Path(ref)
    return path if path.suffix else LEXICON_DIR / f"{ref}.yaml"


def _mtime(ref: str) -> float:
    path = lexicon_path(ref)
    return path.stat().st_mtime if path.exists() else 0.0


@st.cache_resource(show_spinner=False, max_entries=16)
def _matcher(ref: str, mtime: float) -> framing.Matcher:
    return framing.compile_lexicon(framing.load_lexicon(ref))


def get_matcher(ref: str) -> framing.Matcher:
    """The compiled lexicon; an edited file (new mtime) compiles afresh.

    Raises
    ------
    LexiconError
        The lexicon file is missing or invalid.
    """
    return _matcher(ref, _mtime(ref))


# --------------------------------------------------------------------------------------------
# Cached reads


@st.cache_resource(show_spinner=False, max_entries=8)
def article_listing(path: str, revision: int) -> pd.DataFrame:
    """Every stored article's ``id``, ``outlet``, ``date`` (ISO text or None), ``event`` (or
    None) and ``label`` ("date — headline").

    Shared by every session, not copied: treat it as read-only (filter or copy it). A copy
    per run, as ``st.cache_data`` makes, cost 30-100 ms on every page run with 37k articles.

    Read with :meth:`ArticleStore.index` (no bodies); only articles without a title have their
    text read, for a headline. Sorted by outlet, then date (undated last), then headline.
    ``revision`` (:meth:`ArticleStore.revision`) changes whenever articles are added or removed.
    """
    store = get_store(path)
    index = store.index()
    if index.empty:
        return pd.DataFrame(columns=["id", "outlet", "date", "event", "label"])
    heads = dict(zip(index["id"], index["title"].fillna("")))
    untitled = [i for i, t in heads.items() if not t.strip()]
    for article in (store.articles(ids=untitled) if untitled else []):
        heads[article.id] = export.headline(article, LABEL_CHARS)
    index["headline"] = [" ".join(heads[i].split())[:LABEL_CHARS] for i in index["id"]]
    index["label"] = [f"{d or 'undated'} — {h}" for d, h in zip(index["date"], index["headline"])]
    # An article's event: its data set's label (BASIL, NewsWCL50), else the group found by
    # framing.events and kept in the store (named groups by their name).
    labelled = store.labels("event").drop_duplicates("article_id").set_index("article_id")
    groups = store.event_groups().set_index("group_id")["name"]
    members = store.event_members()
    found = members.set_index("article_id")["group_id"].map(
        lambda g: groups.get(g) or f"event {g[:8]}")
    index["event"] = [
        label if isinstance(label, str) else group if isinstance(group, str) else None
        for label, group in zip(index["id"].map(labelled["value"]), index["id"].map(found))]
    index["_undated"] = index["date"].isna()
    index["_key"] = [h.casefold() for h in index["headline"]]
    ordered = index.sort_values(["outlet", "_undated", "date", "_key"], kind="stable")
    return ordered[["id", "outlet", "date", "event", "label"]].reset_index(drop=True)


def ids_key(ids: tuple[str, ...]) -> str:
    """A short digest of article ids: a cache key that Streamlit hashes in microseconds (a
    tuple of thousands of ids costs it a tenth of a second on every rerun)."""
    return hashlib.blake2b("\n".join(ids).encode("utf-8"), digest_size=16).hexdigest()


@st.cache_resource(show_spinner=False)
def _warmed() -> set:
    """Keys of (store revision, lexicon hash, ids) whose hits are known to be in the hit cache."""
    return set()


def warm_hits(store: framing.ArticleStore, ids: tuple[str, ...], matcher: framing.Matcher,
              what: str, slot=None) -> None:
    """Fill the store's hit cache for ``ids`` in steps, with a progress bar (in ``slot``, an
    ``st.empty()``, when given).

    Matching thousands of articles the first time takes seconds; afterwards the hits come from
    the store (any session, the CLI too). Done once per process per selection. A page that
    passes a ``slot`` it always creates keeps the same element positions whether or not a bar
    was shown, so the browser updates the elements below instead of drawing them anew.
    """
    key = (store.path, store.revision(), matcher.lexicon.hash, ids_key(ids))
    seen = _warmed()
    if key in seen or len(ids) <= CHUNK:
        seen.add(key)
        return
    bar = (slot or st).progress(0.0, text=f"Matching {what}…")
    for start in range(0, len(ids), CHUNK):
        chunk = store.articles(ids=list(ids[start:start + CHUNK]))
        store.hits(chunk, matcher)
        done = min(len(ids), start + CHUNK)
        bar.progress(done / len(ids), text=f"Matching {what}: {done:,} of {len(ids):,} articles")
    bar.empty()
    seen.add(key)


@st.cache_resource(show_spinner=False, max_entries=32)
def _analysis(path: str, revision: int, key: str, ref: str, lexicon_hash: str,
              voices: tuple[str, ...], _ids: tuple[str, ...]) -> framing.Analysis:
    store = get_store(path)
    articles = store.articles(ids=list(_ids)) if _ids else []
    matcher = get_matcher(ref)
    return framing.analyse(articles, matcher, voices=voices, hits=store.hits(articles, matcher))


def analyse_ids(store: framing.ArticleStore, ids: tuple[str, ...], ref: str,
                voices: tuple[str, ...], what: str = "articles",
                slot=None) -> framing.Analysis:
    """:func:`framing.analyse` of the stored articles ``ids``, cached per (ids, lexicon, voices).
    The progress bar of a first matching goes to ``slot`` (see :func:`warm_hits`).

    The result is shared, not copied (``cache_resource``): an :class:`Analysis` of thousands of
    articles would cost more to copy than a page update may take. Treat it as read-only.

    Raises
    ------
    LexiconError, ScoringError
        The lexicon is invalid, or no/unknown voices are chosen.
    """
    matcher = get_matcher(ref)
    warm_hits(store, ids, matcher, what, slot)
    return _analysis(store.path, store.revision(), ids_key(ids), ref, matcher.lexicon.hash,
                     voices, ids)


# --------------------------------------------------------------------------------------------
# Context shared by the pages: filled by the sidebar of app.py, read by every page


@dataclass(frozen=True)
class Context:
    store: framing.ArticleStore
    lexicon_ref: str  # a shipped lexicon's name or the path of a user lexicon file
    voices: tuple[str, ...]


def sidebar():
    """Store path, lexicon and voices in the sidebar (every page); stops the app on a bad store.

    Returns the :class:`Context` and a slot for the tagline and article count, filled after
    the page ran (a page may have loaded or deleted articles; see :func:`sidebar_count`).
    """
    with st.sidebar:
        path = db_path()
        try:
            store = get_store(path)
        except framing.FramingError as exc:
            show_error(exc, "point the FRAMING_DB environment variable at a writable file.")
            st.stop()
        count_slot = st.empty()
        choices = lexicon_choices()
        if not choices:
            st.error("No lexicon found in corpora/lexicons. Hint: add a lexicon YAML file there.")
            st.stop()
        wanted = st.query_params.get("lexicon")
        if "lexicon" not in st.session_state and wanted is not None:
            if wanted in choices:
                st.session_state["lexicon"] = wanted
            else:
                st.session_state.setdefault("_refused_sidebar", {})["lexicon"] = ("lexicon",
                                                                                wanted)
        if st.session_state.get("lexicon") not in choices:
            st.session_state["lexicon"] = ("russia-ukraine" if "russia-ukraine" in choices
                                           else next(iter(choices)))
        if "voices" not in st.session_state:  # a shared link's voices, else the default
            st.session_state["voices"] = _voices_from_query(st.query_params.get("voices"))
        keep_widget_state(("lexicon", "voices"))  # drawn in a popover (see there)
        # The two boxes in a popover whose button shows the current choice: the browser draws
        # a popover's content only when it is opened, and the select and multiselect were
        # about a third of a second of every page's first draw (A/B in Chromium, 37k AllSides
        # articles, Compare page).
        chosen = st.session_state.get("voices", DEFAULT_VOICES)
        shown = (f"Lexicon: {choices[st.session_state['lexicon']]} · "
                 f"{', '.join(chosen) or 'no voice'}")
        with st.popover(plain(shown), icon=":material/tune:", width="stretch",
                        help="The lexicon (which loaded terms to look for) and the voices "
                             "scored."):
            ref = st.selectbox("Lexicon", list(choices), key="lexicon", format_func=choices.get,
                               help="Which loaded terms to look for (corpora/lexicons/*.yaml, "
                                    "and yours from the Lexicon page).")
            voices = st.multiselect(
                "Voices scored", list(framing.VOICES), key="voices",
                help="authorial: the outlet's own words; quoted: inside quotation marks; "
                     "distanced: scare quotes or 'so-called'. Other voices are highlighted, "
                     "not scored.")
        warn_refused("sidebar", lambda v: ", ".join(v) if isinstance(v, list)
                     else choices.get(v, v))
        # One element of plain HTML, not an expander holding the path and a hint, nor
        # Markdown: fewer elements and no parsing for the browser on every page. Not st.code:
        # its syntax highlighter is a large script the browser would load just for this path.
        st.html(f'<p class="framing-note">Article store: <code>{html.escape(path)}</code><br>'
                "The environment variable FRAMING_DB chooses another file.</p>")
    return Context(store=store, lexicon_ref=ref, voices=tuple(voices)), count_slot


def sidebar_count(slot, store: framing.ArticleStore) -> None:
    """The sidebar's tagline and article count, as one element in ``slot``."""
    slot.html('<p class="framing-note framing-tagline">How news outlets frame the same '
              "story.</p>" + metric_html("Articles in store", f"{store.count():,}"))


@st.cache_resource(show_spinner=False)
def freeze_long_lived() -> None:
    """Once per server process, after its first page run: exempt every object alive then
    (imported modules, the caches just filled) from the garbage collector's full passes
    (:func:`gc.freeze`).

    Why: the server holds ~170,000 container objects after importing Streamlit, pandas,
    Altair and framing; a full pass over them took 0.2-0.5 s (measured with gc callbacks in
    the dashboard's server while other jobs shared the two cores) and ran every few page
    runs, stopping every session's script and websocket meanwhile. Frozen objects are still
    freed by reference counting; only reference cycles alive at this moment stay — which is
    why it must happen once: freezing after every run would keep each run's cycles for good.
    """
    global _FROZEN
    if not _FROZEN:
        _FROZEN = True
        gc.freeze()


_FROZEN = False  # set by the first freeze_long_lived() of this process


def context() -> Context:
    """The context the sidebar made on this run (app.py stores it before running the page)."""
    return st.session_state["_context"]


# --------------------------------------------------------------------------------------------
# Charts


def index_chart(data: pd.DataFrame, lexicon: framing.Lexicon, name: str = "name") -> None:
    """Dot-and-interval chart of ``index`` with ``ci_low``/``ci_high``, one row per ``name``."""
    data = data[data["index"].notna()]
    if data.empty:
        st.caption("No scored hits.")
        return
    rows = data[[name, "index", "ci_low", "ci_high"]].to_json(orient="records")
    spec = _index_spec(rows, lexicon.positive_frame, lexicon.negative_frame, name)
    st.vega_lite_chart(spec=spec, width="stretch")


@st.cache_data(show_spinner=False, max_entries=64)
def _index_spec(rows: str, pos: str, neg: str, name: str) -> dict:
    """The Vega-Lite spec of :func:`index_chart` (Altair's validation costs a few tenths of a
    second, so the spec is built once per data)."""
    data = pd.read_json(io.StringIO(rows), orient="records")
    x_scale = alt.Scale(domain=[-1, 1])
    axis = alt.Axis(values=[-1, -0.5, 0, 0.5, 1], format="+.1f")
    title = f"← {neg}  ·  framing index  ·  {pos} →"
    base = alt.Chart(data).encode(y=alt.Y(f"{name}:N", title=None, sort=None))
    bars = base.mark_rule(strokeWidth=4, color="#666").encode(
        x=alt.X("ci_low:Q", scale=x_scale, axis=axis, title=title), x2="ci_high:Q")
    points = base.mark_point(filled=True, size=220, color="#222", opacity=1).encode(
        x="index:Q",
        tooltip=[alt.Tooltip(f"{name}:N"), alt.Tooltip("index:Q", format="+.2f"),
                 alt.Tooltip("ci_low:Q", format="+.2f", title="95% low"),
                 alt.Tooltip("ci_high:Q", format="+.2f", title="95% high")])
    zero = alt.Chart(pd.DataFrame({"x": [0.0]})).mark_rule(strokeDash=[4, 4], color="#999").encode(
        x=alt.X("x:Q", scale=x_scale))
    chart = (zero + bars + points).properties(height=50 + 40 * len(data)).configure_axis(
        labelFontSize=13, titleFontSize=13).configure_axisY(labelLimit=240)
    return chart.to_dict()


# --------------------------------------------------------------------------------------------
# URL state: widget key <-> query parameter


def seed_from_query(page: str, keys: Mapping[str, str],
                    valid: Mapping[str, Callable[[str], bool]] | None = None) -> None:
    """Copy query parameters into widget state once per session and page, so a shared link
    opens the same view. ``keys`` maps widget key -> query parameter; ``valid`` may refuse
    a value (e.g. an outlet not in the store)."""
    # registered for keep_linked_widgets: the values outlive visits to other pages
    st.session_state.setdefault("_linked_keys", {}).update(dict.fromkeys(keys))
    flag = f"_seeded_{page}"
    if st.session_state.get(flag):
        return
    st.session_state[flag] = True
    refused = {}
    for key, param in keys.items():
        value = st.query_params.get(param)
        if value is None:
            continue
        if valid and key in valid and not valid[key](value):
            refused[key] = (param, value)
            continue
        st.session_state[key] = value
    st.session_state[f"_refused_{page}"] = refused


#: What a shared link's query parameter names, in the warnings about refused values.
_QUERY_NAMES = {"a": "outlet A", "b": "outlet B", "article_a": "article A",
                "article_b": "article B"}


def warn_refused(page: str, shown: Callable[[str], str] = str,
                 empty: Mapping[str, str] | None = None) -> None:
    """Warn about the shared link's values :func:`seed_from_query` refused for ``page``, naming
    what is shown instead (``empty`` names what an empty widget value shows, per widget key);
    the warning stays until the reader picks another value."""
    refused = st.session_state.get(f"_refused_{page}", {})
    substitutes = st.session_state.setdefault(f"_substitutes_{page}", {})
    for key, (param, value) in refused.items():
        current = st.session_state.get(key)
        substitutes.setdefault(key, current)
        if current != substitutes[key]:
            continue  # the reader chose something else: the link no longer matters
        what = f"“{value}” was not found" if value.strip() else "is empty"
        instead = (f"showing {shown(current)} instead" if current else
                   f"showing {(empty or {}).get(key, 'the default')}")
        name = _QUERY_NAMES.get(param, param)
        st.warning(f"The link's {name} ({param}=) {plain(what)}; {plain(instead)}.",
                   icon=":material/link_off:")


def _voices_from_query(value: str | None) -> list[str]:
    """The voices of a shared link's ``voices=`` (comma-separated), or the default; a value
    naming no known voice is refused with a warning (:func:`warn_refused`)."""
    if value is None:
        return list(DEFAULT_VOICES)
    voices = [v for v in framing.VOICES if v in {p.strip() for p in value.split(",")}]
    if not voices:
        st.session_state.setdefault("_refused_sidebar", {})["voices"] = ("voices", value)
        return list(DEFAULT_VOICES)
    return voices


def keep_widget_state(keys: Iterable[str]) -> None:
    """Write the values of the widgets ``keys`` back into session state (Streamlit's idiom
    ``st.session_state[k] = st.session_state[k]``), before the widgets are drawn.

    Two things go wrong without it. Streamlit forgets the value of a widget that a run does not
    draw, so a visit to another page reset a page's choices (its link is read on the first
    visit only). And the browser draws a popover's widgets only when it is opened, from the
    last run's element: a widget whose value that run did not set arrives holding its default,
    shows it, and sends it back with the next choice (Compare's side A turned into the first
    outlet when a reader changed B, then opened A's popover). A value written back is sent
    with the widget and kept whatever page runs.
    """
    for key in keys:
        if key in st.session_state:
            st.session_state[key] = st.session_state[key]


def keep_linked_widgets() -> None:
    """:func:`keep_widget_state` for every widget a page keeps in its link (registered by
    :func:`seed_from_query`): called by app.py before each page runs, so each page's choices
    survive visits to the others."""
    keep_widget_state(st.session_state.get("_linked_keys", {}))


def sync_to_query(values: Mapping[str, str]) -> None:
    """Make the URL's query parameters exactly ``values`` (empty values left out), plus the
    sidebar's lexicon and voices (the voices only when not the default), so that a shared link
    gives the same numbers."""
    chosen = tuple(st.session_state.get("voices", DEFAULT_VOICES))
    values = {"lexicon": st.session_state.get("lexicon"),
              "voices": "" if chosen == DEFAULT_VOICES else ",".join(chosen), **values}
    wanted = {k: str(v) for k, v in values.items() if v not in (None, "", False)}
    if dict(st.query_params) != wanted:
        st.query_params.from_dict(wanted)


def metric_html(label: str, value: str, help_text: str = "", lines: Sequence[str] = ()) -> str:
    """A headline number as HTML: label, value and lines of plain text under it, all escaped;
    ``help_text`` is the label's tooltip (``title``). Drawn inside a larger st.html instead of
    ``st.metric`` + ``st.caption``: fewer elements for the browser to draw and no Markdown to
    parse."""
    title = f' title="{html.escape(help_text, quote=True)}"' if help_text else ""
    notes = ('<p class="framing-note">' + "<br>".join(html.escape(line) for line in lines)
             + "</p>") if lines else ""
    # The tooltip serves a mouse; a disclosure the keyboard and a finger can open serves the
    # rest (st.metric's "?" icon did both).
    more = (f'<details class="framing-help"><summary>What is this number?</summary>'
            f"{html.escape(help_text)}</details>") if help_text else ""
    return (f'<div class="framing-metric"><p class="framing-metric-label"{title}>'
            f'{html.escape(label)}</p><p class="framing-metric-value">{html.escape(value)}</p>'
            f"{notes}{more}</div>")


def page_start(title: str, caption: str) -> Context | None:
    """Title and caption of a page (plain text, one element); the context, or None (after
    saying what to do first) when the store is empty."""
    ctx = context()
    # One st.html, not st.title + st.caption: one element less per page and no Markdown.
    st.html(f'<div class="framing-title"><h1>{html.escape(title)}</h1>'
            f'<p class="framing-note">{html.escape(caption)}</p></div>')
    return None if empty_store_note(ctx) else ctx


def empty_store_note(ctx: Context) -> bool:
    """When the store is empty, say what to do first (with a link) and return True."""
    if ctx.store.count():
        return False
    st.info(EMPTY_STORE, icon=":material/info:")
    st.page_link("framing_app/pages/library.py", label="Open the Library to load articles",
                 icon=":material/library_books:")
    return True
