"""How fast the Compare page is with all 37,554 AllSides articles in the store, in a real browser.

Run: ``python benchmarks/dashboard.py`` (reads ``$FRAMING_DATA/allsides_article_bias``, default
``../shared/data``; needs Chromium at /usr/bin/chromium and the playwright package). The store is
built once in ``$FRAMING_BENCH_DB`` (default: a temporary folder, deleted afterwards) and the
hits of the two compared outlets are cached in it, as a user's store would after the first look.

Measured (wall clock, seconds, headless Chromium on the same machine as `streamlit run app.py`):

- ``compare_cold_render_s``: first visit to ``/?a=A&b=B`` after the server starts: no Streamlit
  cache yet (articles are read from SQLite and scored; hits come from the store's hit cache).
- ``compare_first_render_s``: navigation to the same link in a new browser session (a new
  Streamlit session, warm process cache) until the page is rendered: both sides' metrics, the
  highlighted articles and the chart are on screen. Goal < 2 s.
- ``compare_update_s``: from choosing another outlet B in its select box until the page shows
  that outlet's metric and highlighted articles and Streamlit is idle, warm cache (the outlet
  was viewed once before in another session). Goal < 0.5 s.
- ``library_compare_s`` (baseline, same process): the library work behind one Compare view
  without the browser: read both outlets' articles and hits from the store and score them
  (:func:`framing.analyse`). ``first_render_vs_library`` is the ratio.
- ``streamlit_hello_render_s`` (baseline): the same navigation to a one-metric Streamlit app
  served the same way: what the browser, Streamlit's page load and the websocket cost on this
  machine before any of our work. ``first_render_vs_hello`` is the ratio.
- ``articles_in_store``.

A and B are the two outlets with most articles; B' (the update) is the third; lexicon
``us-politics``.
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "tests"))

import framing  # noqa: E402
from framing.datasets import data_dir, load_dataset  # noqa: E402
from test_browser import CHROMIUM_ARGS, start_server, stop_server  # noqa: E402

NAME = "allsides_article_bias"
LEXICON = "us-politics"  # the lexicon written for US outlets such as AllSides'
REPEATS = 5


def build_store(db: Path) -> framing.ArticleStore:
    store = framing.ArticleStore(db)
    if store.count() < 37_000:
        t0 = time.perf_counter()
        report = load_dataset(NAME, data_dir() / NAME)
        store.add(report.articles, description=NAME)
        print(f"# stored {store.count():,} articles in {time.perf_counter() - t0:.1f} s",
              file=sys.stderr)
    return store


def warm_hits(store: framing.ArticleStore, outlets: list[str]) -> float:
    """Fill the store's hit cache for ``outlets`` (what the app's progress bar does once)."""
    matcher = framing.compile_lexicon(framing.load_lexicon(LEXICON))
    t0 = time.perf_counter()
    for outlet in outlets:
        store.hits(store.articles(outlets=[outlet]), matcher)
    return time.perf_counter() - t0


def library_compare(store: framing.ArticleStore, a: str, b: str) -> float:
    matcher = framing.compile_lexicon(framing.load_lexicon(LEXICON))
    t0 = time.perf_counter()
    for outlet in (a, b):
        arts = store.articles(outlets=[outlet])
        framing.analyse(arts, matcher, hits=store.hits(arts, matcher))
    return time.perf_counter() - t0


def wait_rendered(page, a: str, b: str, timeout: float = 600_000) -> None:
    """Both metrics, highlighted articles on both sides, the chart, and Streamlit idle."""
    for outlet in (a, b):
        page.locator('[data-testid="stMetric"]').filter(has_text=f"· {outlet} ·").first \
            .wait_for(timeout=timeout)
    page.locator(".framing-article").nth(1).locator("mark").first.wait_for(timeout=timeout)
    page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for(timeout=timeout)
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')"
        ".getAttribute('data-test-script-state') === 'notRunning'", timeout=timeout)


def choose_outlet_b(page, outlet: str) -> None:
    box = page.locator('[data-testid="stSelectbox"]').filter(
        has=page.get_by_text("Outlet B", exact=True)).first
    box.click()
    page.get_by_role("option", name=outlet, exact=True).click()


def main() -> None:
    from playwright.sync_api import sync_playwright

    tmp = Path(tempfile.mkdtemp(prefix="framing-bench-"))
    db = Path(os.environ.get("FRAMING_BENCH_DB") or tmp / "allsides.db")
    store = build_store(db)
    n_articles = store.count()
    ranked = list(store.outlets()["outlet"])
    a, b, b2 = ranked[0], ranked[1], ranked[2]
    print(f"# A = {a}, B = {b}, B' = {b2}", file=sys.stderr)
    warm_s = warm_hits(store, [a, b, b2])
    print(f"# hit cache filled in {warm_s:.1f} s", file=sys.stderr)
    library_s = statistics.median(library_compare(store, a, b) for _ in range(3))
    store.close()

    hello = tmp / "hello.py"
    hello.write_text('import streamlit as st\n\nst.metric("hello", 1)\n', encoding="utf-8")
    hello_proc, hello_url = start_server(db, tmp / "hello.log", hello)
    proc, url = start_server(db, tmp / "streamlit.log")
    link = f"{url}/?{urllib.parse.urlencode({'a': a, 'b': b, 'lexicon': LEXICON})}"
    link2 = f"{url}/?{urllib.parse.urlencode({'a': a, 'b': b2, 'lexicon': LEXICON})}"
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS)

            def visit(target: str, x: str, y: str) -> float:
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                t0 = time.perf_counter()
                page.goto(target)
                wait_rendered(page, x, y)
                elapsed = time.perf_counter() - t0
                context.close()
                return elapsed

            def visit_hello() -> float:
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                t0 = time.perf_counter()
                page.goto(hello_url)
                page.locator('[data-testid="stMetric"]').wait_for(timeout=600_000)
                page.wait_for_function(
                    "() => document.querySelector('[data-testid=stApp]')"
                    ".getAttribute('data-test-script-state') === 'notRunning'", timeout=600_000)
                elapsed = time.perf_counter() - t0
                context.close()
                return elapsed

            visit_hello()
            hellos = [visit_hello() for _ in range(REPEATS)]
            cold = visit(link, a, b)
            visit(link2, a, b2)  # B' seen once: its analysis is in the process cache
            firsts = [visit(link, a, b) for _ in range(REPEATS)]
            updates = []
            for _ in range(REPEATS):
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                page = context.new_page()
                page.goto(link)
                wait_rendered(page, a, b)
                t0 = time.perf_counter()
                choose_outlet_b(page, b2)
                wait_rendered(page, a, b2)
                updates.append(time.perf_counter() - t0)
                context.close()
            browser.close()
    finally:
        stop_server(proc)
        stop_server(hello_proc)
    first = statistics.median(firsts)
    hello_s = statistics.median(hellos)
    update = statistics.median(updates)
    print(f"# first renders: {', '.join(f'{x:.2f}' for x in firsts)}", file=sys.stderr)
    print(f"# updates: {', '.join(f'{x:.2f}' for x in updates)}", file=sys.stderr)
    print(f"compare_cold_render_s = {cold:.3f}")
    print(f"library_compare_s = {library_s:.3f}")
    print(f"first_render_vs_library = {first / library_s:.2f}")
    print(f"streamlit_hello_render_s = {hello_s:.3f}")
    print(f"first_render_vs_hello = {first / hello_s:.2f}")
    print(f"load_average_1min = {os.getloadavg()[0]:.1f}")
    print(f"compare_first_render_s = {first:.3f}")
    print(f"compare_update_s = {update:.3f}")
    print(f"articles_in_store = {n_articles}")


if __name__ == "__main__":
    main()
