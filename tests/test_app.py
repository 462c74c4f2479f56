"""The dashboard's Library and Compare pages run headless with Streamlit's AppTest, on articles
we invented (the other pages: tests/test_app_pages.py).

Expected scores are worked out by hand from the definitions in framing.scoring: a concept's score
is (n_kremlin - n_ukraine) / (n_kremlin + n_ukraine), the index is the mean over concepts, and the
95 % interval is the Jeffreys interval Beta(n_pos + 1/2, n_neg + 1/2) mapped by 2p - 1 (upper
bound +1 when every hit is kremlin-framed), averaged over concepts.
"""

from __future__ import annotations

import html
import io
import json
import os
from pathlib import Path

import lxml.html
import pandas as pd
import pytest
from scipy.stats import beta
from streamlit.testing.v1 import AppTest

import framing
from framing import render
from conftest import XSS_OUTLET, write_jsonl

APP = str(Path(__file__).resolve().parents[1] / "app.py")
EMPTY = ("Load articles first: open **Library** and upload files, give a path such as "
         "../shared/data/ruwa, or paste text.")
LIBRARY = "framing_app/pages/library.py"
COMPARE = "framing_app/pages/compare.py"

# Invented articles. Hits (russia-ukraine lexicon, first frame kremlin = +1):
#   North Wire:    Kiev x2 (kremlin, kyiv), reunification x1 (kremlin, crimea-2014)  -> +1.00
#   South Courier: Kyiv x2 (ukraine, kyiv), annexation x1 (ukraine, crimea-2014)     -> -1.00
#   Middle Post:   Kyiv x3 (ukraine), Kiev x1 (kremlin), one concept: (1-3)/4        -> -0.50
ARTICLES = [
    {"outlet": "North Wire", "title": "Talks in Kiev",
     "text": "Officials in Kiev welcomed the reunification vote.", "date": "2022-03-01"},
    {"outlet": "South Courier", "title": "Kyiv responds",
     "text": "Kyiv rejected the annexation.", "date": "2022-03-02"},
    {"outlet": "Middle Post", "title": "Kyiv budget",
     "text": "The Kyiv council met. Kyiv approved funds. A Kiev bakery opened.",
     "date": "2022-04-10"},
]


@pytest.fixture(autouse=True)
def tmp_path_allowed(tmp_path, monkeypatch):
    """Let the Library page read this test's tmp_path (it is outside home, cwd and the data
    folder, so it must be allowed through $FRAMING_PATH_ROOTS like any other folder)."""
    monkeypatch.setenv("FRAMING_PATH_ROOTS", str(tmp_path))


def jeffreys(n_pos: int, n_neg: int) -> tuple[float, float]:
    """The documented interval of one concept's score, computed here independently."""
    lo, hi = 2 * beta.ppf([0.025, 0.975], n_pos + 0.5, n_neg + 0.5) - 1
    return (-1.0 if n_pos == 0 else lo), (1.0 if n_neg == 0 else hi)


def new_app(**query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    return at.run()


def go(at: AppTest, page: str) -> AppTest:
    return at.switch_page(page).run()


def load_path(at: AppTest, path: Path | str) -> AppTest:
    """Load ``path`` on the Library page (the app stays there)."""
    go(at, LIBRARY)
    at.text_input(key="load_path").input(str(path))
    at.button(key="load_path_button").click()
    return at.run()


def load_and_compare(at: AppTest, path: Path | str) -> AppTest:
    return go(load_path(at, path), COMPARE)


def html_metrics(at: AppTest, node=None) -> list[dict]:
    """Every number drawn with ``common.metric_html``: label, value, tooltip and the lines under
    it (unescaped text), read back from the HTML elements of ``node`` (default: the app)."""
    found = []
    for element in (node or at).html:
        tree = lxml.html.fragment_fromstring(element.value, create_parent="div")
        for box in tree.find_class("framing-metric"):
            [label] = box.find_class("framing-metric-label")
            [value] = box.find_class("framing-metric-value")
            notes = box.find_class("framing-note")
            lines = ([line.strip() for line in notes[0].itertext()] if notes else [])
            found.append({"label": label.text_content(), "value": value.text_content(),
                          "help": label.get("title", ""), "lines": lines})
    return found


def store_count(at: AppTest) -> str:
    [value] = [m["value"] for m in html_metrics(at, at.sidebar)
               if m["label"] == "Articles in store"]
    return value


def library_lean(articles: list[dict], outlet: str, lexicon: str = "russia-ukraine") -> str:
    """The ``lean`` the library gives ``outlet`` (shown as is by the app, never recomputed)."""
    arts = [framing.Article.make(text=a["text"], title=a.get("title", ""),
                                 outlet=framing.normalise_outlet(a["outlet"]) if a.get("outlet")
                                 else "", date=framing.parse_date(a.get("date")))
            for a in articles]
    scores = framing.analyse(arts, lexicon).outlet_scores.set_index("outlet")
    return str(scores.loc[outlet, "lean"])


def variant_table(at: AppTest) -> pd.DataFrame:
    """The Compare page's variant table, read back from its HTML (an escaped ``<table>``)."""
    [table] = [h.value for h in at.html if '<div class="framing-table">' in h.value]
    return pd.read_html(io.StringIO(table), flavor="lxml")[0]


def caption_lines(at: AppTest) -> list[str]:
    """Every line under a side's number (its numbers and its panel's note) and every line of
    every caption."""
    return ([line for m in html_metrics(at) for line in m["lines"]]
            + [line for c in at.caption for line in c.value.split("  \n")])


def metric(at: AppTest, outlet: str) -> str:
    """The framing index shown for ``outlet`` (the same on both sides if it is on both)."""
    [value] = {m["value"] for m in html_metrics(at) if f"· {outlet} ·" in m["label"]}
    return value


@pytest.fixture
def articles_file(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "mini.jsonl", ARTICLES)


def test_empty_store_shows_how_to_start(framing_db):
    at = new_app()
    assert not at.exception
    assert [i.value for i in at.info] == [EMPTY]
    assert store_count(at) == "0"
    assert [s.key for s in at.selectbox] == ["lexicon"]
    assert f"Article store: <code>{html.escape(str(framing_db))}</code>" in at.sidebar.html[-1].value
    go(at, LIBRARY)
    assert [i.value for i in at.info][0].startswith("The store is empty. Start here: upload")


def test_load_and_compare_two_outlets(framing_db, articles_file):
    at = load_path(new_app(), articles_file)
    assert not at.exception
    assert len(at.success) == 1
    assert at.success[0].value.startswith("Loaded 3 articles (3 new) from ")
    assert at.success[0].value.endswith("outlets: Middle Post, North Wire, South Courier.")
    assert not at.warning
    assert store_count(at) == "3"
    go(at, COMPARE)

    at.selectbox(key="outlet_a").select("North Wire")
    at.selectbox(key="outlet_b").select("Middle Post")
    at.run()
    assert not at.exception and not at.error
    assert metric(at, "North Wire") == "+1.00"
    assert metric(at, "Middle Post") == "-0.50"

    # Middle Post has one concept, so its interval is that concept's Jeffreys interval.
    # North Wire has two concepts, all kremlin: the upper bound is +1 (boundary rule).
    mid_low, mid_high = jeffreys(1, 3)
    assert (f"{mid_low:+.2f}", f"{mid_high:+.2f}") == ("-0.94", "+0.43")
    captions = caption_lines(at)
    mid_lean = library_lean(ARTICLES, "Middle Post")
    assert ("95% interval -0.94 to +0.43 · 4 scored hits · 1 article · lean: " + mid_lean
            in captions)
    north_lean = library_lean(ARTICLES, "North Wire")
    [north] = [c for c in captions
               if c.endswith(" to +1.00 · 3 scored hits · 1 article · lean: " + north_lean)]
    assert north.startswith("95% interval +") or north.startswith("95% interval -")

    assert not at.dataframe  # a plain table: no data grid on the first draw
    table = variant_table(at)
    expected = pd.DataFrame({  # variant and counts first: they fit a phone-wide screen
        # the concept with most hits first (kyiv 6, crimea-2014 1)
        "variant": ["Kiev", "Kyiv", "reunification"],
        "North Wire": [2, 0, 1],
        "Middle Post": [1, 3, 0],
        "frame": ["kremlin", "ukraine", "kremlin"],
        "concept": ["kyiv", "kyiv", "crimea-2014"],
    })
    pd.testing.assert_frame_equal(table, expected, check_dtype=False)

    labels = [b.label for b in at.get("download_button")]
    assert labels == ["Download this comparison as an HTML report"]
    assert dict(at.query_params) == {"a": "North Wire", "b": "Middle Post",
                                     "lexicon": "russia-ukraine"}

    # The highlighted text: every hit is a <mark> in its frame's colour.
    colours = render.frame_colours(["kremlin", "ukraine"])
    north_html = next(m.value for m in at.html if "Officials in" in m.value)
    assert north_html.count(f"background:{colours['kremlin']}") == 3
    assert north_html.count("<mark ") == 3

    # Loading the same file again adds nothing.
    at = load_path(at, articles_file)
    assert at.success[0].value.startswith("Loaded 3 articles (0 new) from ")


def test_voices_live_in_the_link(framing_db, articles_file):
    """A shared link carries voices other than the default, so it gives the same numbers."""
    with framing.ArticleStore(framing_db) as store:
        store.add(framing.load_articles(articles_file).articles, "test")
    at = new_app(a="South Courier", b="North Wire", voices="authorial,quoted")
    assert not at.exception and not at.error
    assert at.multiselect(key="voices").value == ["authorial", "quoted"]
    assert dict(at.query_params) == {"a": "South Courier", "b": "North Wire",
                                     "lexicon": "russia-ukraine", "voices": "authorial,quoted"}
    assert metric(at, "North Wire") == "+1.00"
    at.multiselect(key="voices").unselect("quoted").run()
    assert "voices" not in at.query_params  # the default is left out of the link
    bad = new_app(a="South Courier", b="North Wire", voices="shouted")
    assert bad.multiselect(key="voices").value == ["authorial"]
    assert any("voices=" in w.value and "“shouted” was not found" in w.value
               for w in bad.warning)


def test_the_comparison_survives_a_visit_to_another_page(framing_db, articles_file):
    with framing.ArticleStore(framing_db) as store:
        store.add(framing.load_articles(articles_file).articles, "test")
    at = new_app(a="South Courier", b="North Wire")
    at.selectbox(key="article_b").select_index(1).run()
    chosen = at.selectbox(key="article_b").value
    at = go(go(at, "framing_app/pages/outlets.py"), COMPARE)
    assert not at.exception and not at.error
    assert at.selectbox(key="outlet_a").value == "South Courier"
    assert at.selectbox(key="outlet_b").value == "North Wire"
    assert at.selectbox(key="article_b").value == chosen
    assert dict(at.query_params)["article_b"] == chosen
    # any page's linked choices too (registered by seed_from_query), e.g. the Outlets page's
    at = go(at, "framing_app/pages/outlets.py")
    assert at.radio(key="out_measure").value == "share"  # the default
    other = "per_100"
    at.radio(key="out_measure").set_value(other).run()
    at = go(go(at, COMPARE), "framing_app/pages/outlets.py")
    assert not at.exception and at.radio(key="out_measure").value == other


def test_one_article_and_a_shared_link(framing_db, articles_file):
    with framing.ArticleStore(framing_db) as store:
        store.add(framing.load_articles(articles_file).articles, "test")
    at = new_app(a="South Courier", b="North Wire")
    assert not at.exception and not at.error
    assert at.selectbox(key="outlet_a").value == "South Courier"
    assert at.selectbox(key="outlet_b").value == "North Wire"
    assert metric(at, "South Courier") == "-1.00"
    assert metric(at, "North Wire") == "+1.00"

    [only] = [o for o in at.selectbox(key="article_b").options if o.startswith("2022-03-01")]
    assert only == "2022-03-01 — Talks in Kiev"
    at.selectbox(key="article_b").select_index(1).run()
    assert metric(at, "North Wire") == "+1.00"
    article_id = at.selectbox(key="article_b").value
    assert dict(at.query_params) == {"a": "South Courier", "b": "North Wire",
                                     "article_b": article_id, "lexicon": "russia-ukraine"}
    assert any("1 of 1 articles with hits shown" in c for c in caption_lines(at))  # side A
    assert sum("Talks in" in m.value for m in at.html) == 1


def test_article_text_is_escaped(framing_db, xss_file):
    at = load_and_compare(new_app(), xss_file)
    at.selectbox(key="outlet_a").select(XSS_OUTLET).run()
    assert not at.exception
    bodies = [m.value for m in [*at.markdown, *at.html]]
    shown = [b for b in bodies if "Council notes" in b]
    assert len(shown) == 2  # the only outlet is on both sides
    assert all("&lt;script&gt;alert(1)&lt;/script&gt;" in b for b in shown)
    assert not any("<script" in b for b in bodies)


def test_bad_file_is_named_and_good_file_loads(framing_db, tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    write_jsonl(folder / "good.jsonl", ARTICLES[:1])
    (folder / "broken.json").write_text('{"outlet": "X", "text": ', encoding="utf-8")
    at = load_path(new_app(), folder)
    assert not at.exception
    assert at.success[0].value.startswith("Loaded 1 article (1 new) from ")
    assert len(at.warning) == 1
    assert "broken.json" in at.warning[0].value
    go(at, COMPARE)
    assert metric(at, "North Wire") == "+1.00"


def test_missing_path_and_no_voices_give_errors_not_tracebacks(framing_db, articles_file):
    at = load_path(new_app(), articles_file.parent / "nowhere.jsonl")
    assert not at.exception
    assert len(at.warning) == 1 and "nowhere.jsonl" in at.warning[0].value
    assert not at.success

    at = load_and_compare(at, articles_file)
    at.multiselect(key="voices").set_value([]).run()
    assert not at.exception
    assert len(at.error) == 1 and "choose at least one voice" in at.error[0].value


def test_clear_store_needs_confirmation(framing_db, articles_file):
    at = load_path(new_app(), articles_file)
    assert at.button(key="clear_store").disabled
    at.checkbox(key="confirm_clear").check().run()
    at.button(key="clear_store").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Cleared the store: 3 articles deleted."]
    assert store_count(at) == "0"
    assert [i.value for i in go(at, COMPARE).info] == [EMPTY]


def test_uploaded_files_and_pasted_text(framing_db):
    at = go(new_app(), LIBRARY)
    good = (json.dumps(ARTICLES[1]) + "\n").encode()
    at.file_uploader(key="uploads").set_value([
        ("good.jsonl", good, "application/json"),
        ("broken.json", b'{"outlet": ', "application/json"),
    ])
    at.run()
    at.button(key="load_uploads").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == [
        "Loaded 1 article (1 new) from good.jsonl, broken.json; outlets: South Courier."]
    assert len(at.warning) == 1 and at.warning[0].value.startswith("broken.json")
    assert "framing-upload-" not in at.warning[0].value  # no temporary folder in the message
    with framing.ArticleStore(framing_db) as store:
        [article] = store.articles()
    assert article.outlet == "South Courier" and article.source.startswith("upload:good.jsonl")

    # Pasted text without outlet or date: "Kiev" is found but not scored (its date rule needs a
    # date), "annexation" is scored: the index is -1.00 from one hit.
    at.text_area(key="paste_text").input("Deputies in Kiev debated the annexation at length.")
    at.button(key="load_paste").click().run()
    assert [s.value for s in at.success] == [
        "Loaded 1 article (1 new) from pasted text; outlets: (unknown outlet)."]
    go(at, COMPARE)
    at.selectbox(key="outlet_a").select("").run()
    assert metric(at, "(unknown outlet)") == "-1.00"
    low, high = jeffreys(0, 1)
    assert (low, f"{high:+.2f}") == (-1.0, "+0.71")
    lean = library_lean([{"text": "Deputies in Kiev debated the annexation at length."}],
                        "(unknown outlet)")
    assert ("95% interval -1.00 to +0.71 · 1 scored hit · 1 article · lean: " + lean
            in caption_lines(at))


# --------------------------------------------------------------------------------------------
# Categorical lexicons, the listing, column mapping, layout


# loaded-language (kind: categories) hits, counted by hand. Words are the title's and the body's:
#   North Wire:    "Budget vote" + "Officials claimed the budget was outrageous." = 8 words;
#                  claimed (doubt-verb), outrageous (subjective-negative) -> 125.0 each per 1,000
#   South Courier: "Plan B" + "The plan will perhaps pass, perhaps not." = 9 words;
#                  perhaps x2 (hedge) -> 2000 / 9 = 222.22 per 1,000
CATEGORY_ARTICLES = [
    {"outlet": "North Wire", "title": "Budget vote",
     "text": "Officials claimed the budget was outrageous.", "date": "2022-03-01"},
    {"outlet": "South Courier", "title": "Plan B",
     "text": "The plan will perhaps pass, perhaps not.", "date": "2022-03-02"},
]


def test_categorical_lexicon_shows_rates_per_category(framing_db, tmp_path):
    src = write_jsonl(tmp_path / "cat.jsonl", CATEGORY_ARTICLES)
    at = load_and_compare(new_app(lexicon="loaded-language"), src)
    at.selectbox(key="outlet_a").select("North Wire")
    at.selectbox(key="outlet_b").select("South Courier")
    at.run()
    assert not at.exception and not at.error
    assert at.selectbox(key="lexicon").value == "loaded-language"
    assert metric(at, "North Wire") == "250.0"
    assert metric(at, "South Courier") == "222.2"
    captions = caption_lines(at)
    assert "2 scored hits · 8 words · 1 article" in captions
    assert "2 scored hits · 9 words · 1 article" in captions
    assert not any(c.startswith("95% interval") for c in captions)  # no index without poles

    rates = at.dataframe[0].value.set_index("category")
    categories = list(framing.load_lexicon("loaded-language").frame_names)
    assert list(rates.index) == categories and list(rates.columns) == ["North Wire",
                                                                       "South Courier"]
    expected = {("doubt-verb", "North Wire"): 125.0,
                ("subjective-negative", "North Wire"): 125.0,
                ("hedge", "South Courier"): 2000 / 9}
    for category in categories:
        for outlet in ("North Wire", "South Courier"):
            assert rates.loc[category, outlet] == pytest.approx(
                expected.get((category, outlet), 0.0), abs=1e-9), (category, outlet)
    assert any("Loaded terms per 1,000 words" in m.value for m in at.markdown)
    variants = variant_table(at)
    assert sorted(variants["variant"]) == ["claim", "outrageous", "perhaps"]


def test_article_listing_labels_order_and_headlines(framing_db, tmp_path):
    long_title = ("A very long headline about the harbour council budget that goes on and on "
                  "about ferries, bridges, tolls, the night bus and the new library, and ends "
                  "with the word zebra")
    src = write_jsonl(tmp_path / "list.jsonl", [
        {"outlet": "North Wire", "title": "Beta talks", "text": "Kyiv said no.",
         "date": "2022-03-02"},
        {"outlet": "North Wire", "title": "", "text": "Kiev regime shells Donetsk. More text.",
         "date": "2022-03-01"},
        {"outlet": "North Wire", "title": "Alpha talks", "text": "Kyiv said yes.",
         "date": "2022-03-02"},
        {"outlet": "North Wire", "title": long_title, "text": "Kyiv budget.", "date": None},
    ])
    at = load_and_compare(new_app(), src)
    options = at.selectbox(key="article_a").options
    assert options == ["All articles (4)",
                       "2022-03-01 — Kiev regime shells Donetsk.",  # no title: first sentence
                       "2022-03-02 — Alpha talks", "2022-03-02 — Beta talks",
                       "undated — " + long_title]  # the whole title, so "zebra" finds it
    shown = [m.value for m in at.html if '<div class="framing-article">' in m.value]
    assert len(shown) == 2  # both sides show North Wire
    assert shown[0].count('<div class="framing-item">') == 4  # each article its own block
    order = [shown[0].index(t) for t in ("Kiev regime", "Alpha talks", "Beta talks", "zebra")]
    assert order == sorted(order)  # by date, then title, undated last


def test_csv_without_text_column_can_be_mapped_in_the_dashboard(framing_db):
    data = b"story_body,newspaper\nKyiv rejected the annexation.,South Courier\n"
    at = go(new_app(), LIBRARY)
    at.file_uploader(key="uploads").set_value([("export.csv", data, "text/csv")]).run()
    at.button(key="load_uploads").click().run()
    assert not at.exception and not at.success
    [warning] = at.warning
    assert warning.value.startswith("export.csv: no text column found; its columns are: "
                                    "'story\\_body', 'newspaper'.")
    assert warning.value.endswith(app_hint())

    at.text_input(key="map_text").input("story_body")
    at.text_input(key="map_outlet").input("newspaper")
    at.button(key="load_uploads").click().run()
    assert [s.value for s in at.success] == [
        "Loaded 1 article (1 new) from export.csv; outlets: South Courier."]
    assert metric(go(at, COMPARE), "South Courier") == "-1.00"
    go(at, LIBRARY)  # a widget left behind on another page forgets its value: upload again
    at.file_uploader(key="uploads").set_value([("export.csv", data, "text/csv")]).run()

    at.text_input(key="map_text").input("nope")
    at.button(key="load_uploads").click().run()
    assert not at.exception
    [warning] = at.warning
    assert "mapping names column 'nope' for text" in warning.value
    assert warning.value.endswith(app_hint())


def app_hint() -> str:
    return ("In the dashboard: open **Column mapping** under *Load articles*, type the column's "
            "name next to the field (e.g. Text: body) and load the file again.")


def test_streamlit_config_turns_off_usage_statistics_and_limits_uploads():
    import tomllib

    config = tomllib.loads((Path(APP).parent / ".streamlit" / "config.toml").read_text("utf-8"))
    assert config["browser"]["gatherUsageStats"] is False
    assert config["server"]["maxUploadSize"] == 200


def test_path_outside_the_allowed_folders_is_refused(framing_db, tmp_path, monkeypatch):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    write_jsonl(outside / "a.jsonl", ARTICLES[:1])
    monkeypatch.setenv("FRAMING_PATH_ROOTS", str(tmp_path / "allowed"))
    at = load_path(new_app(), outside / "a.jsonl")
    assert not at.exception and not at.success
    [error] = at.error
    assert f"`{outside / 'a.jsonl'}` is outside the folders" in error.value
    assert "FRAMING_PATH_ROOTS" in error.value
    assert store_count(at) == "0"
    # A system file is refused too (it is not under home, the cwd or the data folder).
    at = load_path(at, "/etc/os-release")
    assert [e.value.split(" is outside")[0] for e in at.error] == ["Not loaded: `/etc/os-release`"]
    assert store_count(at) == "0"
    # Allowing the folder through the variable lets it load.
    monkeypatch.setenv("FRAMING_PATH_ROOTS", str(tmp_path / "allowed") + os.pathsep + str(outside))
    at = load_path(at, outside / "a.jsonl")
    assert not at.error and store_count(at) == "1"


def test_metric_html_escapes_every_text():
    """Outlet names, help texts and lines reach the page's HTML only escaped."""
    from framing_app.common import metric_html

    got = metric_html('A · <img src=x onerror="alert(1)"> · framing index', "+0.50",
                      'say "hi" & <b>', ["95% interval <0 to 1>", "lean: a&b"])
    assert got == (
        '<div class="framing-metric"><p class="framing-metric-label" '
        'title="say &quot;hi&quot; &amp; &lt;b&gt;">A · &lt;img src=x '
        'onerror=&quot;alert(1)&quot;&gt; · framing index</p>'
        '<p class="framing-metric-value">+0.50</p><p class="framing-note">95% interval '
        '&lt;0 to 1&gt;<br>lean: a&amp;b</p><details class="framing-help"><summary>What is '
        'this number?</summary>say &quot;hi&quot; &amp; &lt;b&gt;</details></div>')
    assert metric_html("Articles in store", "3") == (  # no tooltip, no lines
        '<div class="framing-metric"><p class="framing-metric-label">Articles in store</p>'
        '<p class="framing-metric-value">3</p></div>')
