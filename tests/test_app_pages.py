"""The dashboard's Library browsing, Compare extras, Outlets, Lexicon and Export pages, headless
(AppTest), on invented articles stored directly.

Hand counts (russia-ukraine lexicon; kremlin = +1; hits in title and body):
  North Wire  2022-03-01 "Talks in Kiev" / "Officials in Kiev welcomed the reunification vote."
              -> Kiev x2 (kremlin, concept kyiv), reunification x1 (kremlin, crimea-2014); event e1
  North Wire  2022-05-02 "Kyiv talks" / "Kyiv hosted talks."  -> Kyiv x2 (ukraine); event e2
  South Courier 2022-03-02 "Kyiv responds" / "Kyiv rejected the annexation."
              -> Kyiv x2, annexation x1 (ukraine); event e1
  Middle Post 2022-04-10 "Kyiv budget" / "The Kyiv council met. Kyiv approved funds. A Kiev
              bakery opened." -> Kyiv x3, Kiev x1
North Wire pooled: kyiv (2 - 2) / 4 = 0, crimea +1 -> index (0 + 1) / 2 = +0.50.
South Courier: -1.00. Middle Post: one concept, (1 - 3) / 4 = -0.50.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

import framing
from framing import export
from framing_app.common import plain
from test_app import html_metrics

APP = str(Path(__file__).resolve().parents[1] / "app.py")
PAGES = "framing_app/pages/"


def _article(outlet, title, text, date, event=None):
    return framing.Article.make(text=text, title=title, outlet=outlet,
                                date=dt.date.fromisoformat(date),
                                labels=(("event", event),) if event else ())


ARTICLES = [
    _article("North Wire", "Talks in Kiev", "Officials in Kiev welcomed the reunification vote.",
             "2022-03-01", "e1"),
    _article("North Wire", "Kyiv talks", "Kyiv hosted talks.", "2022-05-02", "e2"),
    _article("South Courier", "Kyiv responds", "Kyiv rejected the annexation.", "2022-03-02",
             "e1"),
    _article("Middle Post", "Kyiv budget",
             "The Kyiv council met. Kyiv approved funds. A Kiev bakery opened.", "2022-04-10"),
]


@pytest.fixture
def stored(framing_db) -> Path:
    with framing.ArticleStore(framing_db) as store:
        store.add(ARTICLES, "test")
    return framing_db


def page(name: str, **query: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    return at.switch_page(PAGES + f"{name}.py").run()


def test_library_filters_search_and_delete(stored):
    at = page("library")
    assert not at.exception and not at.error
    table = at.dataframe[0].value
    assert len(table) == 4 and "4 of 4 articles match." in [c.value for c in at.caption]

    at.multiselect(key="lib_outlets").set_value(["North Wire"]).run()
    assert at.dataframe[0].value["date — headline"].tolist() == [
        "2022-03-01 — Talks in Kiev", "2022-05-02 — Kyiv talks"]
    assert at.query_params["outlet"] == "North Wire"

    at.multiselect(key="lib_outlets").set_value([]).run()
    at.selectbox(key="lib_event").select("e1").run()
    assert sorted(at.dataframe[0].value["outlet"]) == ["North Wire", "South Courier"]
    at.selectbox(key="lib_event").select("").run()

    at.text_input(key="lib_search").input("annexation").run()
    found = at.dataframe[0].value
    assert found["outlet"].tolist() == ["South Courier"]
    assert "[annexation]" in found["snippet"].iloc[0]
    at.text_input(key="lib_search").input('"unclosed').run()
    assert not at.exception and "not valid" in at.error[0].value

    at.text_input(key="lib_search").input("").run()
    at.date_input(key="lib_dates").set_value((dt.date(2022, 3, 2), dt.date(2022, 4, 30))).run()
    assert sorted(at.dataframe[0].value["outlet"]) == ["Middle Post", "South Courier"]


def test_library_date_filter_follows_new_loads(stored):
    at = page("library")
    assert at.date_input(key="lib_dates").value == (dt.date(2022, 3, 1), dt.date(2022, 5, 2))
    with framing.ArticleStore(stored) as store:  # as a load from the page or another tab does
        store.add([_article("East Gazette", "Kyiv 2023", "Kyiv met.", "2023-01-05")], "more")
    at.run()
    assert at.date_input(key="lib_dates").value == (dt.date(2022, 3, 1), dt.date(2023, 1, 5))
    assert "5 of 5 articles match." in [c.value for c in at.caption]
    # a range the user narrowed stays as it was
    at.date_input(key="lib_dates").set_value((dt.date(2022, 3, 2), dt.date(2022, 4, 30))).run()
    with framing.ArticleStore(stored) as store:
        store.add([_article("East Gazette", "Kyiv 2021", "Kyiv met.", "2021-06-01")], "older")
    at.run()
    assert at.date_input(key="lib_dates").value == (dt.date(2022, 3, 2), dt.date(2022, 4, 30))


def test_library_deletes_selected_articles(stored):
    at = page("library")
    ids = at.dataframe[0].value["id"].tolist()
    # AppTest cannot click table rows; a selection arrives as the dataframe widget's state.
    at.session_state["lib_table"] = {"selection": {"rows": [0], "columns": []}}
    at.run()
    assert at.button(key="delete_selected").disabled
    at.checkbox(key="confirm_delete").check().run()
    at.button(key="delete_selected").click().run()
    assert not at.exception
    assert [s.value for s in at.success] == ["Deleted 1 article."]
    with framing.ArticleStore(stored) as store:
        assert store.count() == 3 and ids[0] not in set(store.index()["id"])


def test_compare_an_event_with_terms_and_a_candidate(stored, tmp_path):
    at = page("compare", event="e1", a="South Courier", b="North Wire", terms="1")
    assert not at.exception and not at.error
    assert at.selectbox(key="event").value == "e1"
    assert at.selectbox(key="outlet_a").options == ["North Wire", "South Courier"]
    # Only the event's articles: North Wire is its one e1 article, all kremlin -> +1.00.
    values = {m["label"]: m["value"] for m in html_metrics(at)}
    assert values["B · North Wire · framing index"] == "+1.00"
    assert values["A · South Courier · framing index"] == "-1.00"
    assert at.toggle(key="terms").value is True
    assert dict(at.query_params) == {"a": "South Courier", "b": "North Wire", "event": "e1",
                                     "terms": "1", "lexicon": "russia-ukraine"}
    summary = [c.value for c in at.caption if " vs " in c.value]
    assert summary and summary[0].startswith("South Courier (1 article) vs North Wire "
                                             "(1 article)")
    # The prior's background is every stored article (4), as in `framing contrast`.
    # ... and the caption says which terms count (the CLI's default lengths differ).
    assert summary[0].endswith("; prior background: every stored article (4); terms of 1 to 2 "
                               "words seen at least 2 times (`framing contrast` defaults to "
                               "1 to 3 words)")
    from framing.contrast import contrast
    kw = {"labels": ("South Courier", "North Wire"), "min_count": 2, "min_docs": 1,
          "ngrams": (1, 2)}
    full = contrast([ARTICLES[2]], [ARTICLES[0]], background=ARTICLES, **kw).top(10, "a")
    pair = contrast([ARTICLES[2]], [ARTICLES[0]], **kw).top(10, "a")
    [shown] = [d.value for d in at.dataframe if "z" in d.value.columns
               and d.value["term"].tolist() == full["term"].tolist()]
    assert shown["term"].tolist() == full["term"].tolist()
    assert shown["z"].tolist() == full["z"].tolist() != pair["z"].tolist()
    terms = at.selectbox(key="term_pick").options
    assert "kyiv" in terms  # South Courier: Kyiv x2, North Wire none (it wrote Kiev)
    at.selectbox(key="term_pick").select("kyiv").run()
    kwic = next(m.value for m in at.html if '<div class="framing-kwic">' in m.value)
    assert "<b>Kyiv</b> rejected the annexation." in kwic
    at.text_input(key="cand_category").input("ukraine-spelling")
    at.button(key="FormSubmitter:add_candidate-Add to my lexicon").click().run()
    assert not at.exception and not at.error
    path = stored.parent / "lexicons" / "my-terms.yaml"
    lexicon = framing.load_lexicon(path)
    assert [(c.id, [v.terms for v in c.variants]) for c in lexicon.concepts] == [
        ("kyiv", [("kyiv",)])]
    assert lexicon.frame_names == ("ukraine-spelling",)
    assert [m.value for m in at.success] == [
        f"Added “kyiv” to my-terms v1 ({plain(str(path))}). Choose it under the sidebar's "
        "Lexicon button or edit it on the Lexicon page."]
    options = at.selectbox(key="lexicon").options  # listed at once: the whole app reran
    assert options[-1] == "my-terms (yours)"
    at.button(key="FormSubmitter:add_candidate-Add to my lexicon").click().run()  # again
    assert not at.exception and not at.error
    assert [m.value for m in at.info] == [
        "“kyiv” is already in my-terms (concept 'kyiv'); nothing was added."]
    assert framing.load_lexicon(path) == lexicon
    at.session_state["lexicon"] = str(path)  # AppTest selects by label only for str options
    at.run()
    assert not at.exception and not at.error
    assert at.query_params["lexicon"] == str(path)
    # The one-term categories lexicon: South Courier's two "Kyiv" in 6 words (title and body): 1000 · 2 / 6.
    values = {m["label"]: m["value"] for m in html_metrics(at)}
    assert values["A · South Courier · loaded terms per 1,000 words"] == "333.3"


def test_outlets_page_index_and_adoption(stored):
    at = page("outlets")
    assert not at.exception and not at.error
    table = at.dataframe[0].value.set_index("outlet")
    assert table["index"].to_dict() == pytest.approx(
        {"South Courier": -1.0, "Middle Post": -0.5, "North Wire": 0.5})
    assert at.selectbox(key="out_concept").value == "kyiv"
    assert at.selectbox(key="out_variant").value == "Kyiv"
    assert at.query_params["concept"] == "kyiv" and at.query_params["period"] == "month"

    analysis = framing.analyse(ARTICLES, "russia-ukraine")
    got = export.adoption_table(analysis, "kyiv", "Kyiv", "month")
    assert [(o, str(p), a, c, v) for o, p, a, c, v in got[
        ["outlet", "period", "articles", "concept_hits", "variant_hits"]].itertuples(
        index=False)] == [("Middle Post", "2022-04", 1, 4, 3), ("North Wire", "2022-03", 1, 2, 0),
                          ("North Wire", "2022-05", 1, 2, 2), ("South Courier", "2022-03", 1, 2, 2)]
    assert got["share"].tolist() == [0.75, 0.0, 1.0, 1.0]
    assert got["per_100"].tolist() == [300.0, 0.0, 200.0, 200.0]
    yearly = export.adoption_table(analysis, "kyiv", "Kyiv", "year")
    assert yearly.loc[yearly["outlet"] == "North Wire", ["articles", "share"]].values.tolist() \
        == [[2, 0.5]]
    with pytest.raises(framing.FramingError, match="period 'day'"):
        export.adoption_table(analysis, "kyiv", "Kyiv", "day")


def test_lexicon_page_browse_validate_and_save(stored):
    at = page("lexicon")
    assert not at.exception and not at.error
    lexicon = framing.load_lexicon("russia-ukraine")
    assert any(f"hash `{lexicon.hash}`" in m.value for m in at.markdown)
    at.text_input(key="lex_search").input("Kyiv").run()
    rows = at.dataframe[1].value
    assert "kyiv" in set(rows["concept"]) and all(
        "kyiv" in " ".join(map(str, r)).casefold() for r in rows.values)

    at.text_area(key="lex_text").input("name: broken\nversion: 1\nframes: {a: x}\nconcepts: []\n")
    at.button(key="lex_validate").click().run()
    assert not at.exception
    assert at.error[0].value.endswith("problem(s); fix them and validate again:")
    assert len(at.error) >= 2  # every problem shown on its own line

    text = (Path(framing.lexicon.LEXICON_DIR) / "russia-ukraine.yaml").read_text("utf-8")
    at.text_area(key="lex_text").input(text.replace("version: ", "version: 9", 1))
    at.text_input(key="lex_save_name").input("mine")
    at.button(key="lex_save").click().run()
    assert not at.error
    saved = framing.load_lexicon(stored.parent / "lexicons" / "mine.yaml")
    assert saved.name == "russia-ukraine" and str(saved.version).startswith("9")
    assert [d.label for d in at.get("download_button")] == ["Download YAML"]


def test_export_page_tables_and_provenance(stored):
    at = page("export")  # the app opened on Compare first: its comparison is the default scope
    assert not at.exception and not at.error
    assert at.radio(key="exp_scope").value == "comparison"
    sides = at.dataframe[0].value["side"].tolist()
    assert sides == ["A · North Wire", "A · North Wire", "B · Middle Post"]
    assert [d.label for d in at.get("download_button")] == [
        "Download per-article scores (CSV)", "Download the comparison as an HTML report"]

    at.radio(key="exp_scope").set_value("outlets").run()
    preview = at.dataframe[0].value
    assert sorted(preview["outlet"]) == ["Middle Post", "North Wire", "North Wire",
                                         "South Courier"]
    at.selectbox(key="exp_table").select("hits").run()
    # 3 + 2 + 3 + 4 + 1 hits... counted per article: 3, 2, 3, 4 (see the module docstring)
    assert "12 rows × 18 columns. First rows:" in [c.value for c in at.caption]
    at.selectbox(key="exp_format").select("parquet").run()
    assert dict(at.query_params) == {"scope": "outlets", "table": "hits", "format": "parquet",
                                     "lexicon": "russia-ukraine"}
    prov = at.json[0].value
    assert '"lexicon_hash"' in prov and '"outlets": "all"' in prov
    assert [d.label for d in at.get("download_button")] == ["Download per-hit table (PARQUET)"]


# Invented labelled articles: left outlets write "workers" and "climate", right outlets
# "taxpayers" and "border"; two outlets per side, six articles each.
def _labelled():
    words = {"left": ("workers", "climate", "union"), "right": ("taxpayers", "border", "tariff")}
    arts = []
    for side, outlets in (("left", ("Left One", "Left Two")), ("right", ("Right One",
                                                                         "Right Two"))):
        w = words[side]
        for outlet in outlets:
            for i in range(6):
                arts.append(framing.Article.make(
                    text=f"The council met on day {i}. {w[0]} and {w[1]} were discussed; "
                         f"{w[2]} leaders spoke about {w[i % 2]}.",
                    title=f"{outlet} report {i}", outlet=outlet,
                    labels=(("bias", side),)))
    return arts


def test_classifier_page_trains_evaluates_and_explains(framing_db):
    with framing.ArticleStore(framing_db) as store:
        store.add(_labelled(), "test")
    at = page("classifier")
    assert not at.exception and not at.error
    assert at.selectbox(key="clf_label").value == "bias"
    at.button(key="clf_train").click().run()
    assert not at.exception and not at.error
    values = {m.label: m.value for m in at.metric}
    # The words separate the sides perfectly, so the held-out outlet is classified right.
    assert values["Accuracy"] == "1.000" and values["Macro-F1"] == "1.000"
    assert values["Mean absolute error"] == "0.000"
    [held] = [c.value for c in at.caption if c.value.startswith("Held out: ")]
    assert held in {f"Held out: {o}" for o in ("Left One", "Left Two", "Right One",
                                                "Right Two")}

    at.text_area(key="clf_text").input("Taxpayers worry about the border and the tariff.").run()
    values = {m.label: m.value for m in at.metric}
    assert values["Predicted"] == "right"
    terms = at.dataframe[-1].value
    assert {"taxpayers", "border", "tariff"} & set(terms["term"])
    assert (terms["contribution"] > 0).all()


def test_compare_two_articles_shows_aligned_sentences(framing_db):
    left = framing.Article.make(title="Monday", outlet="Left Wire", date=dt.date(2022, 3, 1),
                                text="Troops entered the city at dawn. The annexation was "
                                     "condemned by Kyiv.")
    right = framing.Article.make(title="Tuesday update", outlet="Right Wire",
                                 date=dt.date(2022, 3, 1),
                                 text="Troops entered the city at dawn. Moscow hailed the "
                                      "reunification.")
    with framing.ArticleStore(framing_db) as store:
        store.add([left, right], "test")
    at = page("compare", a="Left Wire", b="Right Wire", article_a=left.id, article_b=right.id)
    assert not at.exception and not at.error
    values = {m.label: m.value for m in at.metric}
    # The one sentence both wrote is shared; the titles and the framing sentences are not.
    assert (values["Shared (pairs)"], values["Only Left Wire"], values["Only Right Wire"]) == (
        "1", "2", "2")
    table = at.dataframe[0].value
    shared = table[table["status"] == "shared"]
    assert shared[["Left Wire", "Right Wire"]].values.tolist() == [
        ["Troops entered the city at dawn.", "Troops entered the city at dawn."]]
    only_a = table.loc[table["status"] == "only A", "Left Wire"].tolist()
    assert only_a == ["Monday", "The annexation was condemned by Kyiv."]
    assert table.loc[table["Left Wire"] == "The annexation was condemned by Kyiv.",
                     "hits_a"].tolist() == ["annexation [ukraine]; Kyiv [ukraine]"]


def test_library_groups_articles_into_events(framing_db):
    texts = ["Troops entered the city of Kherson at dawn after heavy shelling overnight.",
             "Heavy shelling overnight preceded troops entering Kherson city at dawn."]
    arts = [framing.Article.make(title=f"Kherson {i}", text=t, outlet=o,
                                 date=dt.date(2022, 3, 1))
            for i, (t, o) in enumerate(zip(texts, ("Left Wire", "Right Wire")))]
    arts.append(framing.Article.make(title="Budget", text="The harbour budget passed today.",
                                     outlet="Left Wire", date=dt.date(2022, 6, 1)))
    with framing.ArticleStore(framing_db) as store:
        store.add(arts, "test")
    at = page("library")
    at.button(key="group_events").click().run()
    assert not at.exception and not at.error
    assert [s.value for s in at.success] == [
        "Found 1 events of two or more articles; pick one on the Compare page."]
    table = at.dataframe[0].value.set_index("outlet")
    events = table["event"].dropna()
    assert len(events) == 2 and events.nunique() == 1  # the two Kherson reports, one event
    at.switch_page(PAGES + "compare.py").run()
    # shown by its earliest article (date and headline), the value stays the event's id
    assert at.selectbox(key="event").options[1] == "2022-03-01 — Kherson 0 (2 outlets)"


def test_long_article_lists_are_searched_not_listed(framing_db):
    arts = [framing.Article.make(title=f"Story {i:03d} about Kyiv", text="Kyiv said no.",
                                 outlet="Big Wire", date=dt.date(2022, 1, 1) + dt.timedelta(i))
            for i in range(250)]
    with framing.ArticleStore(framing_db) as store:
        store.add(arts, "test")
    at = page("compare")
    options = at.selectbox(key="article_a").options
    assert len(options) == 51 and options[0] == "All articles (250)"  # the newest 50
    assert options[1] == "2022-09-07 — Story 249 about Kyiv"  # newest first
    assert options[-1] == "2022-07-20 — Story 200 about Kyiv"
    at.text_input(key="find_a").input("story 007").run()
    assert at.selectbox(key="article_a").options == ["All articles (250)",
                                                     "2022-01-08 — Story 007 about Kyiv"]
    at.selectbox(key="article_a").select_index(1).run()
    at.text_input(key="find_a").input("").run()  # the chosen article stays selectable
    assert at.selectbox(key="article_a").value == arts[7].id
    assert at.selectbox(key="article_a").options[1] == "2022-01-08 — Story 007 about Kyiv"


def test_evidence_shows_five_articles_then_more_on_demand(framing_db):
    arts = [framing.Article.make(title=f"Story {i:02d} in Kyiv", text="Kyiv said no.",
                                 outlet="Big Wire", date=dt.date(2022, 1, 1) + dt.timedelta(i))
            for i in range(17)]
    with framing.ArticleStore(framing_db) as store:
        store.add(arts, "test")
    at = page("compare")

    def shown(side: int) -> list[str]:
        body = [h.value for h in at.html if '<div class="framing-article">' in h.value]
        return re.findall(r"Story (\d\d) in", body[side])

    assert shown(0) == shown(1) == ["00", "01", "02", "03", "04"]  # by date, oldest first
    assert sum(line.startswith("5 of 17 articles with hits shown")
               for m in html_metrics(at) for line in m["lines"]) == 2
    assert at.button(key="more_a").label == "Show 10 more articles of Big Wire"
    at.button(key="more_a").click().run()
    assert shown(0) == [f"{i:02d}" for i in range(15)] and len(shown(1)) == 5
    assert at.button(key="more_a").label == "Show 2 more articles of Big Wire"
    at.button(key="more_a").click().run()
    assert len(shown(0)) == 17 and not [b for b in at.button if b.key == "more_a"]
    at.multiselect(key="voices").select("quoted").run()  # another selection starts again at 5
    assert len(shown(0)) == 5


def test_only_labels_usable_as_classes_are_offered():
    from framing_app.labels import describe_labels
    rows = ([(f"a{i}", "row_id", f"r{i}") for i in range(60)]           # 60 values: an id
            + [(f"a{i}", "side", "L" if i < 4 else "R") for i in range(8)]  # 4 + 4: usable
            + [(f"a{i}", "tone", "x" if i < 2 else "y") for i in range(8)]  # 2 + 6: too few x
            + [(f"a{i}", "lang", "en") for i in range(5)])               # one value
    keys = describe_labels(pd.DataFrame(rows, columns=["article_id", "key", "value"]))
    assert keys.to_dict("list") == {
        "key": ["lang", "row_id", "side", "tone"], "articles": [5, 60, 8, 8],
        "values": [1, 60, 2, 2], "smallest": [5, 1, 4, 2],
        "usable": [False, False, True, False],
        "why": ["only one value", "60 distinct values (an id or free text, not a class)", "",
                "a value with only 2 articles (need 3 per value)"]}


def test_classifier_page_explains_why_no_label_can_be_learnt(framing_db):
    arts = [framing.Article.make(text=f"Text {i}.", title=f"T{i}", outlet="O",
                                 labels=(("basil_id", f"b{i}"), ("side", "L" if i else "R")))
            for i in range(4)]
    with framing.ArticleStore(framing_db) as store:
        store.add(arts, "test")
    at = page("classifier")
    assert not at.exception and [s.key for s in at.selectbox] == ["lexicon"]
    [info] = [i.value for i in at.info]
    assert "**basil\\_id**: a value with only 1 article (need 3 per value)" in info
    assert "**side**: a value with only 1 article (need 3 per value)" in info


def test_a_link_with_unknown_values_says_what_is_shown_instead(stored):
    at = page("compare", a="Nope", b="", lexicon="nope")
    assert not at.exception and not at.error
    # Outlets by article count, then name: North Wire (2), Middle Post, South Courier.
    assert at.selectbox(key="outlet_a").value == "North Wire"
    assert at.selectbox(key="outlet_b").value == "Middle Post"
    assert at.selectbox(key="lexicon").value == "russia-ukraine"
    assert sorted(w.value for w in at.warning) == [
        "The link's lexicon (lexicon=) “nope” was not found; showing russia-ukraine instead.",
        "The link's outlet A (a=) “Nope” was not found; showing North Wire instead.",
        "The link's outlet B (b=) is empty; showing Middle Post instead."]
    at.selectbox(key="outlet_a").select("South Courier").run()  # the reader moves on
    assert sorted(w.value for w in at.warning) == [
        "The link's lexicon (lexicon=) “nope” was not found; showing russia-ukraine instead.",
        "The link's outlet B (b=) is empty; showing Middle Post instead."]
    good = page("compare", a="South Courier", b="North Wire")
    assert not good.warning


def test_a_link_with_an_unknown_article_or_event_says_so(stored):
    at = page("compare", a="North Wire", article_a="no-such-id", event="no-such-event")
    assert not at.exception and not at.error
    assert at.selectbox(key="outlet_a").value == "North Wire"
    assert sorted(w.value for w in at.warning) == [
        "The link's article A (article_a=) “no-such-id” was not found; showing all articles of outlet A.",
        "The link's event (event=) “no-such-event” was not found; showing any event."]


def test_compare_says_when_both_sides_are_the_same_outlet(stored):
    at = page("compare", a="North Wire", b="North Wire")
    assert not at.exception and not at.error
    assert [i.value for i in at.info] == [
        "A and B are the same: North Wire. Pick another outlet for B, or one article on each "
        "side."]
    at = page("compare", a="North Wire", b="South Courier")
    assert not at.info
