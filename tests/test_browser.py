"""The dashboard in a real browser: `streamlit run app.py` and headless Chromium via Playwright.

Loads the shared RUWA headlines through the path box, opens the shared link
``?a=RT&b=BBC%20News`` and checks what a reader sees: RT's index above 0 and the BBC's below,
highlighted terms in the kremlin colour. Saves a full-page screenshot and a 390 px wide (phone)
one to pytest's tmp_path; with ``FRAMING_SCREENSHOT=1`` the full-page one goes to
docs/screenshot.png (the README's picture) instead. Then loads an invented article holding
``<script>alert(1)</script>`` and checks it is shown as text and never run.
"""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

import framing
from framing import render
from conftest import XSS_OUTLET, XSS_TEXT

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
RUWA = framing.data_dir() / "ruwa"
README_SCREENSHOT = REPO / "docs" / "screenshot.png"
START_TIMEOUT = 60  # seconds for the server to answer
LOAD_TIMEOUT = 180_000  # milliseconds for loading and analysing RUWA

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}; "
                       "install it with `apt-get install -y chromium`"),
    pytest.mark.skipif(not RUWA.exists(), reason=f"shared RUWA data not found at {RUWA}; "
                       "set FRAMING_DATA to the shared data folder"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """A `streamlit run app.py` server on a free port with an empty store; yields its URL."""
    tmp = tmp_path_factory.mktemp("browser")
    port = _free_port()
    env = {**os.environ, "FRAMING_DB": str(tmp / "framing.db")}
    log = open(tmp / "streamlit.log", "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false"],
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            if proc.poll() is not None:
                pytest.fail(f"streamlit exited with {proc.returncode}: "
                            f"{(tmp / 'streamlit.log').read_text(errors='replace')[-2000:]}")
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"streamlit did not answer on port {port} within {START_TIMEOUT} s")
            time.sleep(0.3)
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        log.close()


@pytest.fixture(scope="module")
def browser():
    pw = sync_api.sync_playwright().start()
    chromium = pw.chromium.launch(
        executable_path=str(CHROMIUM),
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
              "--disable-component-update", "--disable-sync"],
    )
    try:
        yield chromium
    finally:
        chromium.close()
        pw.stop()


def _load_path(page, path: Path) -> None:
    """Type ``path`` into the path box, press Load and wait for the success message."""
    expander = page.locator('[data-testid="stExpander"]').filter(has_text="Load articles").first
    expander.wait_for()
    if expander.locator("details").first.get_attribute("open") is None:
        expander.locator("summary").first.click()
    box = page.get_by_label("File or folder on the server", exact=True)
    box.wait_for(state="visible")
    box.fill(str(path))
    box.press("Enter")
    page.get_by_role("button", name="Load path").click()
    page.get_by_text(re.compile(r"^Loaded \d+ articles? \(\d+ new\)")).wait_for(
        timeout=LOAD_TIMEOUT)


def _index_of(page, outlet: str) -> float:
    """The framing index the page shows for ``outlet`` (read from its metric)."""
    metric = page.locator('[data-testid="stMetric"]').filter(has_text=f"· {outlet} ·").first
    value = metric.locator('[data-testid="stMetricValue"]').inner_text().strip()
    return float(value.replace("−", "-"))


def _rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


def test_compare_rt_and_bbc_in_a_browser(app_url, browser, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        page.goto(app_url)
        page.get_by_text("Load articles first", exact=False).wait_for(timeout=60_000)
        _load_path(page, RUWA)

        page.goto(f"{app_url}/?{urllib.parse.urlencode({'a': 'RT', 'b': 'BBC News'})}")
        page.locator(".framing-article mark").first.wait_for(timeout=LOAD_TIMEOUT)
        page.locator('[data-testid="stMetric"]').filter(has_text="· BBC News ·").wait_for()
        page.locator('[data-testid="stVegaLiteChart"], .vega-embed').first.wait_for()
        rt, bbc = _index_of(page, "RT"), _index_of(page, "BBC News")
        assert rt > 0, f"RT index shown as {rt}"
        assert bbc < 0, f"BBC News index shown as {bbc}"

        lexicon = framing.load_lexicon("russia-ukraine")
        kremlin = _rgb(render.frame_colours(lexicon.frame_names)["kremlin"])
        backgrounds = page.locator(".framing-article mark").evaluate_all(
            "els => els.map(e => getComputedStyle(e).backgroundColor)")
        assert kremlin in backgrounds
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
        assert (query["a"], query["b"]) == (["RT"], ["BBC News"])  # the link stays shareable

        # Streamlit scrolls inside its main container, so "full page" needs a viewport as tall
        # as that container's content.
        height = page.evaluate(
            "() => Math.max(...[...document.querySelectorAll("
            "'[data-testid=stMain], [data-testid=stAppViewContainer], section.main')]"
            ".map(e => e.scrollHeight), document.body.scrollHeight)")
        page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 6000)})
        page.locator(".vega-embed canvas, .vega-embed svg").first.wait_for()
        screenshot = (README_SCREENSHOT if os.environ.get("FRAMING_SCREENSHOT") == "1"
                      else tmp_path / "screenshot.png")
        page.screenshot(path=str(screenshot), full_page=True)
        assert screenshot.stat().st_size > 50_000  # a rendered page, not a blank one

        # A phone-wide screen, saved for a look at the layout.
        page.set_viewport_size({"width": 390, "height": 844})
        page.locator(".framing-article mark").first.wait_for()
        table = page.locator('[data-testid="stDataFrame"]').last
        table.scroll_into_view_if_needed()
        page.wait_for_timeout(500)
        page.screenshot(path=str(tmp_path / "screenshot-390.png"), full_page=False)
        page.set_viewport_size({"width": 1400, "height": 1000})

        # Article text with a script tag: shown literally, never run.
        xss = tmp_path / "xss.jsonl"
        xss.write_text(
            '{"outlet": "%s", "title": "Harbour council minutes", "text": "%s", '
            '"date": "2022-05-02"}\n' % (XSS_OUTLET, XSS_TEXT), encoding="utf-8")
        _load_path(page, xss)
        page.goto(f"{app_url}/?{urllib.parse.urlencode({'a': XSS_OUTLET, 'b': 'BBC News'})}")
        shown = page.locator(".framing-article").filter(has_text="Council notes")
        shown.first.wait_for(timeout=60_000)
        assert "<script>alert(1)</script>" in shown.first.inner_text()
        assert page.locator(".framing-article script").count() == 0
        page.wait_for_timeout(300)  # grace for a dialog that a script would open (none expected)
        assert dialogs == []
    finally:
        page.close()
