"""The dashboard in a real browser: `streamlit run app.py` and headless Debian Chromium via
Playwright.

In order, on one server with an empty store: upload the seed article on the Library page; load
the shared RUWA headlines through the path box; open the shared link ``/?a=RT&b=BBC%20News``
and check what a reader sees (RT's index above 0, the BBC's below, terms in the kremlin colour)
against the library's own numbers; take screenshots at 1400×900, at 390×844 (top of the page
and the evidence) and of the whole page (to pytest's tmp_path, or to docs/ with
``FRAMING_SCREENSHOT=1``); download the HTML report and open it
offline; download every table of the Export page in every format and check its content; load
an article holding ``<script>alert(1)</script>`` and ``<img src=x onerror=alert(1)>`` and check
that it is shown as text and no dialog ever opens.
"""

from __future__ import annotations

import io
import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing import render
from framing.export import read_parquet_provenance
from helpers import SEED

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
RUWA = framing.data_dir() / "ruwa"
DOCS = REPO / "docs"
START_TIMEOUT = 60  # seconds for the server to answer
LOAD_TIMEOUT = 180_000  # milliseconds for loading and analysing RUWA
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]
HOSTILE = "Council notes <script>alert(1)</script> and <img src=x onerror=alert(1)> in Kyiv."
HOSTILE_OUTLET = "Harbour Ledger"

pytestmark = [
    pytest.mark.skipif(not CHROMIUM.exists(), reason=f"no Chromium at {CHROMIUM}; "
                       "install it with `apt-get install -y chromium`"),
    pytest.mark.skipif(not RUWA.exists(), reason=f"shared RUWA data not found at {RUWA}; "
                       "set FRAMING_DATA to the shared data folder"),
    pytest.mark.skipif(not SEED.exists(), reason=f"seed article not found at {SEED}; "
                       "set FRAMING_SEEDS to the seeds folder"),
]
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is missing")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db: Path, log_path: Path, script: Path = REPO / "app.py"
                 ) -> tuple[subprocess.Popen, str]:
    """`streamlit run app.py` (or ``script``) on a free port with ``FRAMING_DB=db``; returns
    (process, url) once its health check answers. Also used by benchmarks/dashboard.py."""
    port = _free_port()
    env = {**os.environ, "FRAMING_DB": str(db)}
    log = open(log_path, "wb")
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
         "--server.port", str(port), "--browser.gatherUsageStats", "false",
         "--server.fileWatcherType", "none"],  # edits elsewhere in the tree must not rerun it
        cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        if proc.poll() is not None:
            raise RuntimeError(f"streamlit exited with {proc.returncode}: "
                               f"{log_path.read_text(errors='replace')[-2000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as r:
                if r.status == 200:
                    return proc, url
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.terminate()
            raise RuntimeError(f"streamlit did not answer on port {port} within "
                               f"{START_TIMEOUT} s")
        time.sleep(0.3)


def stop_server(proc: subprocess.Popen) -> None:
    proc.terminate()
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A server with an empty store; yields (url, store path)."""
    tmp = tmp_path_factory.mktemp("browser")
    try:
        proc, url = start_server(tmp / "framing.db", tmp / "streamlit.log")
    except RuntimeError as exc:
        pytest.fail(str(exc))
    try:
        yield url, tmp / "framing.db"
    finally:
        stop_server(proc)


@pytest.fixture(scope="module")
def page(server):
    """One browser tab for the whole module (the tests build on each other's state); every
    dialog it opens is recorded in ``page.dialogs`` and dismissed."""
    pw = sync_api.sync_playwright().start()
    chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
    tab = chromium.new_page(viewport={"width": 1400, "height": 900}, accept_downloads=True)
    tab.dialogs = []
    tab.on("dialog", lambda d: (tab.dialogs.append(d.message), d.dismiss()))
    try:
        yield tab
    finally:
        chromium.close()
        pw.stop()


def wait_idle(page, timeout: float = 600_000) -> None:
    """Until Streamlit says no script (or fragment) is running for this page. Also used by
    benchmarks/dashboard.py."""
    page.wait_for_function(
        "() => document.querySelector('[data-testid=stApp]')"
        ".getAttribute('data-test-script-state') === 'notRunning'", timeout=timeout)


def nav(page, name: str) -> None:
    """Open a page through the sidebar's navigation (keeps the session and its state), once
    the current run has finished: leaving earlier stops it, like a reader who leaves early,
    and what it would have kept (e.g. the Compare page's contrast for the Export page) is
    not kept."""
    wait_idle(page, 120_000)
    page.locator('[data-testid="stSidebarNav"]').get_by_role("link", name=name).click()
    page.get_by_role("heading", name=name if name != "Compare" else "Compare two outlets",
                     exact=True).wait_for()


def open_load_expander(page) -> None:
    """Open "Load articles" (closed once the store holds articles) until its boxes show."""
    expander = page.locator('[data-testid="stExpander"]').filter(has_text="Load articles").first
    expander.wait_for()
    box = page.get_by_label("File or folder on the server", exact=True)
    for _ in range(5):
        if expander.locator("details").first.get_attribute("open") is None:
            expander.locator("summary").first.click()
        try:
            box.wait_for(state="visible", timeout=3_000)
            page.wait_for_timeout(300)  # the opening animation leaves the content inert
            return
        except sync_api.TimeoutError:
            continue
    box.wait_for(state="visible")


def upload(page, path: Path) -> None:
    open_load_expander(page)
    page.locator('[data-testid="stFileUploader"] input[type="file"]').set_input_files(str(path))
    page.locator(f'[data-testid="stFileChipName"][title="{path.name}"]').wait_for()
    button = page.get_by_role("button", name="Load uploaded files")
    sync_api.expect(button).to_be_enabled(timeout=30_000)
    button.click()
    page.get_by_text(re.compile(r"^Loaded \d+ articles? \(\d+ new\) from " + re.escape(path.name))
                     ).wait_for(timeout=60_000)


def choose(page, label: str, option: str) -> None:
    """Pick ``option`` in the Streamlit selectbox labelled ``label``."""
    box = page.locator('[data-testid="stSelectbox"]').filter(
        has=page.get_by_text(label, exact=True)).first
    box.click()
    page.get_by_role("option", name=option, exact=True).click()


def index_of(page, outlet: str) -> float:
    metric = page.locator(".framing-metric").filter(has_text=f"· {outlet} ·").first
    value = metric.locator(".framing-metric-value").inner_text().strip()
    return float(value.replace("−", "-"))


def _rgb(hex_colour: str) -> str:
    h = hex_colour.lstrip("#")
    return "rgb({}, {}, {})".format(*(int(h[i:i + 2], 16) for i in (0, 2, 4)))


def shot_path(name: str, tmp_path: Path) -> Path:
    return DOCS / name if os.environ.get("FRAMING_SCREENSHOT") == "1" else tmp_path / name


def download(page, button: str, file_name: str | None = None) -> bytes:
    """The bytes the button downloads (and, when given, check the file name it suggests)."""
    with page.expect_download(timeout=60_000) as info:
        page.get_by_role("button", name=button).click()
    if file_name is not None:
        assert info.value.suggested_filename == file_name
    return Path(info.value.path()).read_bytes()


def ruwa_expected() -> pd.DataFrame:
    """RT's and BBC News's outlet scores computed by the library from the shared data."""
    arts = [a for a in framing.load_articles([RUWA]).articles if a.outlet in ("RT", "BBC News")]
    return framing.analyse(arts, "russia-ukraine").outlet_scores.set_index("outlet")


# --------------------------------------------------------------------------------------------


def test_upload_the_seed_article(server, page):
    url, _db = server
    page.goto(f"{url}/library")
    page.get_by_text("The store is empty. Start here", exact=False).wait_for(timeout=60_000)
    upload(page, SEED)
    assert page.get_by_text(f"Loaded 1 article (1 new) from {SEED.name}").count() == 1
    rows = page.locator('[data-testid="stDataFrame"]').first
    rows.wait_for()
    metric = page.locator('[data-testid="stSidebar"] .framing-metric-value').first
    assert metric.inner_text().strip() == "1"


def test_compare_rt_and_bbc_from_ruwa(server, page, tmp_path):
    url, _db = server
    nav(page, "Library")
    open_load_expander(page)
    box = page.get_by_label("File or folder on the server", exact=True)
    box.fill(str(RUWA))
    box.press("Enter")
    page.get_by_role("button", name="Load path").click()
    page.get_by_text(re.compile(r"^Loaded 16,?\d{3} articles \(\d+ new\)")).wait_for(
        timeout=LOAD_TIMEOUT)

    page.goto(f"{url}/?{urllib.parse.urlencode({'a': 'RT', 'b': 'BBC News'})}")
    page.locator(".framing-article mark").first.wait_for(timeout=LOAD_TIMEOUT)
    page.locator(".framing-metric").filter(has_text="· BBC News ·").wait_for()
    page.locator(".framing-chart img").first.wait_for()
    expected = ruwa_expected()
    assert index_of(page, "RT") == round(expected.loc["RT", "index"], 2) > 0
    assert index_of(page, "BBC News") == round(expected.loc["BBC News", "index"], 2) < 0
    lexicon = framing.load_lexicon("russia-ukraine")
    kremlin = _rgb(render.frame_colours(lexicon.frame_names)["kremlin"])
    backgrounds = page.locator(".framing-article mark").evaluate_all(
        "els => els.map(e => getComputedStyle(e).backgroundColor)")
    assert kremlin in backgrounds
    query = urllib.parse.parse_qs(urllib.parse.urlsplit(page.url).query)
    assert (query["a"], query["b"]) == (["RT"], ["BBC News"])  # the link stays shareable

    page.wait_for_timeout(500)  # let the chart finish its layout
    page.screenshot(path=str(shot_path("compare-1400x900.png", tmp_path)))
    # The README's picture: the whole page (Streamlit scrolls inside its main container, so
    # the viewport grows to the container's content for a "full page").
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll("
        "'[data-testid=stMain], [data-testid=stAppViewContainer], section.main')]"
        ".map(e => e.scrollHeight), document.body.scrollHeight)")
    page.set_viewport_size({"width": 1400, "height": min(int(height) + 40, 6000)})
    page.wait_for_timeout(500)
    full = shot_path("screenshot.png", tmp_path)
    page.screenshot(path=str(full), full_page=True)
    assert full.stat().st_size > 50_000  # a rendered page, not a blank one
    page.set_viewport_size({"width": 390, "height": 844})
    page.locator(".framing-article mark").first.wait_for()
    page.wait_for_timeout(800)
    phone = shot_path("compare-390x844.png", tmp_path)
    page.screenshot(path=str(phone))
    # RT's metric and evidence at the top of the screen (scroll_into_view_if_needed would not
    # move when the metric is already in view at the bottom).
    page.locator(".framing-metric").filter(has_text="· RT ·").first.evaluate(
        "e => e.scrollIntoView({block: 'start'})")
    page.wait_for_timeout(500)
    page.screenshot(path=str(shot_path("compare-390x844-evidence.png", tmp_path)))
    # Nothing wider than the phone's screen but the tables' own scrolling.
    overflow = page.evaluate("() => document.documentElement.scrollWidth")
    assert overflow <= 390
    page.set_viewport_size({"width": 1400, "height": 900})


def test_one_article_is_chosen_in_the_sides_popover(server, page):
    """The outlet select, the article search and the article select are drawn only when their
    side's popover is opened; choosing an article names it on the popover's button and in the
    link."""
    url, _db = server
    tab = page.context.browser.new_page(viewport={"width": 1400, "height": 900})
    try:
        tab.goto(f"{url}/?{urllib.parse.urlencode({'a': 'RT', 'b': 'BBC News'})}")
        tab.locator(".framing-article mark").first.wait_for(timeout=LOAD_TIMEOUT)
        wait_idle(tab)
        assert tab.get_by_text("Article of outlet B", exact=True).count() == 0  # not drawn
        assert tab.get_by_text("Outlet B", exact=True).count() == 0
        n_bbc = len([a for a in framing.load_articles([RUWA]).articles
                     if a.outlet == "BBC News"])
        tab.get_by_role("button", name=f"B · BBC News · All articles ({n_bbc:,})").click()
        outlet = tab.locator('[data-testid="stSelectbox"]').filter(
            has=tab.get_by_text("Outlet B", exact=True))
        assert outlet.locator("input").first.input_value() == "BBC News"
        box = tab.locator('[data-testid="stSelectbox"]').filter(
            has=tab.get_by_text("Article of outlet B", exact=True))
        box.click()
        options = tab.get_by_role("option")
        options.nth(1).wait_for()
        label = options.nth(1).inner_text().strip()  # the newest BBC News headline
        options.nth(1).click()
        tab.get_by_text(re.compile(r"· 1 article( ·|$)")).first.wait_for()
        wait_idle(tab)
        assert tab.get_by_role("button", name=label[:70]).count() == 1
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(tab.url).query)
        assert len(query["article_b"][0]) > 0 and "article_a" not in query
        # Side A's popover, opened after B changed, holds A's outlet (it once came up with the
        # first outlet of the list, which the next choice then sent back as A's outlet).
        tab.keyboard.press("Escape")
        tab.get_by_role("button", name=label[:70]).click()
        outlet.locator("input").first.click()
        tab.get_by_role("option", name="TASS", exact=True).click()
        tab.get_by_role("button", name="B · TASS · All articles").wait_for()
        wait_idle(tab)
        tab.keyboard.press("Escape")
        tab.get_by_role("button", name="A · RT · All articles").click()
        outlet_a = tab.locator('[data-testid="stSelectbox"]').filter(
            has=tab.get_by_text("Outlet A", exact=True))
        assert outlet_a.locator("input").first.input_value() == "RT"
    finally:
        tab.context.close()


def test_report_downloads_and_opens_offline(server, page, tmp_path):
    data = download(page, "Download this comparison as an HTML report",
                    "framing-report-rt-vs-bbc-news.html")
    text = data.decode("utf-8")
    assert "<title>RT vs BBC News</title>" in text and "<script" not in text
    report = tmp_path / "report.html"
    report.write_bytes(data)
    offline = page.context.browser.new_context(offline=True).new_page()
    try:
        offline.on("dialog", lambda d: (page.dialogs.append(d.message), d.dismiss()))
        requests: list[str] = []
        offline.on("request", lambda r: requests.append(r.url))
        offline.goto(report.as_uri())
        assert offline.title() == "RT vs BBC News"
        assert offline.locator("svg circle").count() == 2  # both sides' index drawn
        assert offline.locator("mark").count() > 10
        assert requests == [report.as_uri()]  # nothing fetched beside the file itself
    finally:
        offline.context.close()


def test_every_export_downloads_with_its_content(server, page):
    expected = ruwa_expected()
    page.get_by_text("Find distinguishing terms").click()
    page.get_by_text("Most typical of RT").wait_for(timeout=120_000)
    nav(page, "Export")
    page.get_by_text("The comparison on the Compare page").wait_for()
    checks = {
        "Per-article scores": lambda f: (
            len(f) == expected["n_articles"].sum()
            and set(f["side"]) == {"A · RT", "B · BBC News"}),
        "Per-hit table": lambda f: (
            len(f) == expected["n_hits"].sum()
            and set(f["outlet"]) == {"RT", "BBC News"}),
        "Per-outlet summary": lambda f: (
            f.set_index("outlet")["index"].round(6).to_dict()
            == expected["index"].round(6).to_dict()),
        "Distinguishing terms (contrast)": lambda f: (
            set(f["group_a"]) == {"RT"} and f["z"].iloc[0] > 0 > f["z"].iloc[-1]),
    }
    hash_ = framing.load_lexicon("russia-ukraine").hash
    for table, check in checks.items():
        choose(page, "Table", table)
        for fmt in ("CSV", "JSON", "PARQUET"):
            choose(page, "Format", fmt)
            data = download(page, f"Download {table.lower()} ({fmt})")
            if fmt == "CSV":
                frame = pd.read_csv(io.BytesIO(data))
                prov = frame.iloc[0].to_dict()
            elif fmt == "JSON":
                doc = json.loads(data)
                frame, prov = pd.DataFrame(doc["rows"]), doc["provenance"]
            else:
                frame, prov = pd.read_parquet(io.BytesIO(data)), read_parquet_provenance(data)
            assert check(frame), (table, fmt)
            assert "framing_version" in prov and "created" in prov, (table, fmt)
            if table != "Distinguishing terms (contrast)":
                assert prov["lexicon_hash"] == hash_, (table, fmt)


def test_hostile_text_is_shown_literally_and_never_runs(server, page, tmp_path):
    url, _db = server
    nav(page, "Library")
    src = tmp_path / "hostile.jsonl"
    src.write_text(json.dumps({"outlet": HOSTILE_OUTLET, "title": "Harbour council minutes",
                               "text": HOSTILE, "date": "2022-05-02"}) + "\n", encoding="utf-8")
    upload(page, src)
    page.goto(f"{url}/?{urllib.parse.urlencode({'a': HOSTILE_OUTLET, 'b': 'BBC News'})}")
    shown = page.locator(".framing-article").filter(has_text="Council notes")
    shown.first.wait_for(timeout=60_000)
    text = shown.first.inner_text()
    assert "<script>alert(1)</script>" in text and "<img src=x onerror=alert(1)>" in text
    assert page.locator(".framing-article script, .framing-article img").count() == 0
    page.wait_for_timeout(500)  # grace for a dialog that a script would open (none expected)
    assert page.dialogs == []
