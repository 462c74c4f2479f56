"""The offline HTML report: escaped text, no script or external resource, exact chart geometry
and tables computed by hand from invented articles."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest

import framing
from framing import report
from helpers import MINI_LEXICON
from test_export import contrast_groups

SCRIPT = "<script>alert(1)</script>"
IMG = "<img src=x onerror=alert(1)>"
NORTH = [framing.Article.make(
    text=f"Officials in Kiev hailed the reunification. {SCRIPT} Kiev again.",
    title="Talks", outlet=f"North {IMG}", date=dt.date(2022, 3, 1))]
SOUTH = [framing.Article.make(text=f"Kyiv rejected the annexation. {IMG}", title="Kyiv responds",
                              outlet="South Courier", date=dt.date(2022, 3, 2))]


def _analyses():
    lexicon = framing.compile_lexicon(framing.load_lexicon(MINI_LEXICON))
    return framing.analyse(NORTH, lexicon), framing.analyse(SOUTH, lexicon)


def test_variant_comparison_counts_each_side():
    a, b = _analyses()
    table = report.variant_comparison({"N": a, "S": b})
    expected = pd.DataFrame({"variant": ["Kiev", "Kyiv", "reunification", "annexation"],
                             "N": [2, 0, 1, 0], "S": [0, 2, 0, 1],
                             "frame": ["kremlin", "ukraine", "kremlin", "ukraine"],
                             "concept": ["capital", "capital", "crimea", "crimea"]})
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)
    quiet = framing.analyse([framing.Article.make(text="Nothing loaded here.", outlet="Q")],
                            MINI_LEXICON)
    empty = report.variant_comparison({"N": quiet})
    assert list(empty.columns) == ["variant", "N", "frame", "concept"] and empty.empty


def test_interval_svg_places_points_on_the_scale():
    svg = report.interval_svg([("A <b>", 1.0, 0.2, 1.0), ("B", -0.5, -1.0, 0.0),
                               ("C", float("nan"), -1, 1)])
    # x = 170 + (v + 1) / 2 * 370 (width 560, left margin 170, right margin 20)
    assert re.findall(r'<circle cx="([\d.]+)"', svg) == ["540.0", "262.5"]
    assert '<line x1="392.0" y1="43.0" x2="540.0" y2="43.0"' in svg  # A's interval 0.2 to 1
    assert "A &lt;b&gt;" in svg and "<b>" not in svg
    assert "no scored hits" in svg


def test_report_is_self_contained_and_escaped():
    a, b = _analyses()
    text = report.comparison_report(a, b, label_a=NORTH[0].outlet, label_b="South Courier",
                                    settings={"note": SCRIPT})
    assert text.startswith("<!DOCTYPE html>")
    assert "default-src 'none'" in text  # the browser may fetch and run nothing
    assert "<script" not in text.lower() and "<img" not in text.lower()
    assert not re.search(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//""", text)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "&lt;img src=x onerror=alert(1)&gt;" in text
    # Scores: North +1.00 (all kremlin), South -1.00; both points drawn.
    assert re.findall(r'<circle cx="([\d.]+)"', text) == ["540.0", "170.0"]
    assert text.count("<mark ") == 6  # Kiev x2, reunification; Kyiv x2 (title, body), annexation
    for key in ("lexicon_hash", "voices", "date_rules", "framing_version", "created"):
        assert f"<td>{key}</td>" in text
    assert framing.load_lexicon(MINI_LEXICON).hash in text


def test_report_lists_distinguishing_terms_with_context():
    a_arts, b_arts, result = contrast_groups("Alpha", "Beta")
    a = framing.analyse(a_arts, MINI_LEXICON)
    b = framing.analyse(b_arts, MINI_LEXICON)
    text = report.comparison_report(a, b, label_a="Alpha", label_b="Beta", contrast=result)
    assert "<h2>Distinguishing terms</h2>" in text
    assert "<td>regime</td><td class=\"num\">4</td><td class=\"num\">0</td>" in text
    assert "…The <b>regime</b> shelled the town again, day 0.…" in text
    assert "Neither side uses a term of this lexicon." in text


def _wide_report() -> str:
    """The contrast report with a long unbroken provenance value (a path, a hash)."""
    a_arts, b_arts, result = contrast_groups("Alpha", "Beta")
    a = framing.analyse(a_arts, MINI_LEXICON)
    b = framing.analyse(b_arts, MINI_LEXICON)
    return report.comparison_report(a, b, label_a="Alpha", label_b="Beta", contrast=result,
                                    settings={"input": "/data/" + "very-long-folder-name" * 12})


def test_every_table_scrolls_in_its_own_box():
    text = _wide_report()
    tables = re.findall(r"(.{20})<table", text)
    assert len(tables) >= 4 and all(t.endswith('<div class="scroll">') for t in tables)
    assert ".scroll{overflow-x:auto;max-width:100%}" in text
    assert "default-src 'none'" in text  # the CSP is unchanged


def test_report_does_not_scroll_sideways_on_a_phone(tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is missing")
    chromium = Path("/usr/bin/chromium")
    if not chromium.exists():
        pytest.skip(f"no Chromium at {chromium}")
    with sync_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(chromium),
                                     args=["--no-sandbox", "--disable-gpu"])
        try:
            tab = browser.new_page(viewport={"width": 390, "height": 844})
            tab.set_content(_wide_report())
            assert tab.evaluate("document.documentElement.scrollWidth") <= 390
        finally:
            browser.close()
