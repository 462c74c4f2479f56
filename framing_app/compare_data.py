"""The Compare page's cached computations: outlet lists, evidence HTML, the variant table,
aligned sentences and distinguishing terms.

They live in a module, not in the page script, because Streamlit executes a page script on
every run and each ``st.cache_resource`` decorator then hashes its function's source
(:func:`inspect.getsource`): six of them took 40-100 ms of every Compare run. A module is
imported once per process. Results are shared between sessions, not copied: treat them as
read-only.
"""

from __future__ import annotations

import pandas as pd
import streamlit as st

import framing
from framing import render, report
from framing_app import common


@st.cache_resource(show_spinner=False, max_entries=8)
def outlet_order(scope_key: tuple, _scope: pd.DataFrame) -> list[str]:
    """The outlets of the listing ``_scope`` (made by ``scope_key``: store, revision, event),
    most articles first."""
    counts = _scope["outlet"].value_counts()
    return sorted(counts.index, key=lambda o: (-counts[o], o))


@st.cache_resource(show_spinner=False, max_entries=8)
def event_labels(store_key: tuple, _listing: pd.DataFrame) -> dict[str, str]:
    """Event id -> what the event select shows, for the events of the listing ``_listing``
    (made by ``store_key``: store, revision) that two or more outlets covered, in id order:
    the earliest article's date and headline and the number of outlets — data sets name events
    by ids (BASIL's are UUIDs), which say nothing to a reader. Empty when no article has an
    event."""
    events = _listing.dropna(subset=["event"])
    if events.empty:
        return {}
    covered = events.groupby("event")["outlet"].nunique()
    first = events.sort_values(["date", "label"], na_position="last").groupby("event")["label"]\
        .first()
    return {e: f"{first[e]} ({covered[e]} outlets)" for e in sorted(covered[covered >= 2].index)}


@st.cache_resource(show_spinner=False, max_entries=64)
def outlet_rows(scope_key: tuple, outlet: str,
                _scope: pd.DataFrame) -> tuple[pd.DataFrame, dict[str, str], tuple[str, ...]]:
    """One outlet's rows of the listing, its article id -> label map and its sorted ids.

    Shared, not copied (treat as read-only): an outlet of 3,500 articles costs tens of
    milliseconds to filter and map on every rerun otherwise."""
    mine = _scope[_scope["outlet"] == outlet]
    return mine, dict(zip(mine["id"], mine["label"])), tuple(sorted(mine["id"]))


@st.cache_resource(show_spinner=False, max_entries=64)
def panel(key: tuple, article_id: str, limit: int, _analysis: framing.Analysis,
          _order: tuple[str, ...]) -> tuple[str, str, int, int, int]:
    """The evidence of one side: (caption, HTML of its articles, articles shown, characters of
    their documents, articles with hits not shown yet). At most ``limit`` articles with hits
    are shown when no article is chosen. Cached by ``key`` (what made the analysis), the
    article chosen and ``limit``: on a warm page the side costs nothing to build."""
    analysis = _analysis
    hits = analysis.hits
    if article_id:
        shown = [a for a in analysis.articles if a.id == article_id]
        note = ""
        hidden = 0
    else:
        rank = {i: n for n, i in enumerate(_order)}  # the listing's order: date, then headline
        with_hits = set(hits["article_id"])
        candidates = sorted((a for a in analysis.articles if a.id in with_hits),
                            key=lambda a: rank.get(a.id, len(rank)))
        shown = candidates[:limit]
        hidden = len(candidates) - len(shown)
        note = (f"{len(shown)} of {len(candidates)} articles with hits shown, by date, as the "
                "passages around each hit; choose one article above to read all of it."
                if candidates else "No article has a hit.")
    colours = render.frame_colours(analysis.lexicon.frame_names)
    index = analysis.article_scores.set_index("article_id")["index"]
    wanted = {a.id for a in shown}
    by_article = dict(tuple(hits[hits["article_id"].isin(wanted)].groupby("article_id")))
    parts = []
    for art in shown:
        art_hits = by_article.get(art.id, hits.iloc[:0])
        value = index.get(art.id, float("nan"))
        meta = [art.date.isoformat() if art.date else "undated",
                f"{len(art_hits)} hit{'s' if len(art_hits) != 1 else ''}"]
        if not pd.isna(value):
            meta.append(f"index {value:+.2f}")
        # One article: all of it. Many: the title and the passages around each hit, so that
        # twenty long articles stay readable (and quick to send to the browser).
        body = (render.highlight_html(art.document, art_hits, colours) if article_id else
                render.excerpts_html(art.document, art_hits, colours, title_chars=300))
        parts.append(f'<div class="framing-item"><div class="framing-meta">{" · ".join(meta)}'
                     f'</div>{body}</div>')
    page = '<div class="framing-article">' + "<hr>".join(parts) + "</div>" if parts else ""
    return note, page, len(shown), sum(len(a.document) for a in shown), hidden


@st.cache_resource(show_spinner=False, max_entries=16)
def variants(key: tuple, names: tuple[str, ...], _analyses: tuple) -> pd.DataFrame:
    """:func:`framing.report.variant_comparison`, cached by what made the analyses (``key``)."""
    return report.variant_comparison(dict(zip(names, _analyses)))


@st.cache_resource(show_spinner=False, max_entries=16)
def alignment(path: str, revision: int, id_a: str, id_b: str, ref: str, lexicon_hash: str):
    """:func:`framing.align.align` of two stored articles, with the lexicon's hits."""
    from framing.align import align  # noqa: PLC0415  (scikit-learn/scipy; only when asked for)

    store = common.get_store(path)
    by_id = {a.id: a for a in store.articles(ids=[id_a, id_b])}
    return align(by_id[id_a], by_id[id_b], matcher=common.get_matcher(ref))


@st.cache_resource(show_spinner=False, max_entries=2)
def background(path: str, revision: int):
    """The store's saved background (:class:`framing.bgcache.StoreBackground`), read and
    checked once per store revision and shared by every session and pair (read-only): reading
    and checking its files again for each new pair took 1-2 s on 37k AllSides articles."""
    from framing.bgcache import StoreBackground  # noqa: PLC0415  (only when asked for)
    from framing.counts import ContrastError  # noqa: PLC0415

    try:
        return StoreBackground.for_store(common.get_store(path))
    except ContrastError:  # too many distinct words for the saved counts' keys
        return None  # contrast() counts every stored article instead


@st.cache_resource(show_spinner=False, max_entries=8)
def contrast(path: str, revision: int, key_a: str, key_b: str, labels: tuple[str, str],
             _ids_a: tuple[str, ...], _ids_b: tuple[str, ...]):
    """:func:`framing.contrast.contrast` of two sets of stored articles (shared, read-only).

    The prior's background is every stored article, as in ``framing contrast``: it is counted
    once per store revision and saved beside the store (:class:`framing.bgcache.StoreBackground`,
    shared with the CLI), so a new pair counts only its two sides (and the articles an outlet
    name is masked in); the table is the same as counting the whole store. The result is
    cached per store revision and pair.
    """
    from framing.contrast import contrast  # noqa: PLC0415  (only when asked for)

    store = common.get_store(path)
    a = store.articles(ids=list(_ids_a))
    b = store.articles(ids=list(_ids_b))
    small = len(a) + len(b) < 10  # a pair of articles: every repeated word counts
    saved = background(path, revision)
    return contrast(a, b, background=store.articles() if saved is None else saved, labels=labels,
                    min_count=2 if small else 5, min_docs=1 if small else 2, ngrams=(1, 2))
