"""Event grouping (framing.events) and its persistence in the store, on hand-written articles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import math

import pytest

from framing import Article, ArticleStore, StoreError
from framing.events import EventError, article_features, group, url_date
from framing.store import event_id

DAY = dt.date(2024, 5, 6)


def story(outlet: str, text: str, title: str = "", date: dt.date | None = DAY,
          url: str = "") -> Article:
    return Article.make(text=text, title=title, outlet=outlet, date=date, url=url,
                        labels=(("event", "never read"),))


WILDFIRE = [
    story("A", "Senate passes wildfire relief bill for California counties. The wildfire relief "
               "bill sends money to Sonoma and Napa after the blaze destroyed homes."),
    story("B", "California wildfire relief bill clears the Senate. Sonoma and Napa homes lost "
               "in the blaze will be rebuilt with the relief money.", date=DAY + dt.timedelta(1)),
    story("C", "Senators approve relief for wildfire victims in Sonoma and Napa, California, "
               "where the blaze destroyed homes.", date=DAY + dt.timedelta(2)),
]
VOLCANO = [
    story("A", "Volcano erupts in Iceland near Grindavik; flights grounded as ash drifts over "
               "Reykjavik airport."),
    story("B", "Iceland volcano eruption grounds flights at Reykjavik airport; Grindavik "
               "evacuated as ash spreads."),
]
RECIPE = story("C", "Whisk eggs with sugar, fold in flour and bake the sponge cake for thirty "
                    "minutes.")


def groups_of(grouping) -> list[set[str]]:
    return sorted((set(ids) for ids in grouping.events["article_ids"]), key=len, reverse=True)


def test_cosine_of_two_documents_equals_the_hand_computed_tfidf():
    # sublinear tf 1; smoothed idf ln((1+n)/(1+df)) + 1: alpha 1, beta = gamma = ln(1.5) + 1
    one, two = Article.make(text="alpha beta"), Article.make(text="alpha gamma")
    features = article_features([one, two], content_weight=1.0, lead_weight=0.0,
                                name_weight=0.0)
    idf = math.log(1.5) + 1
    assert (features @ features.T).toarray()[0, 1] == pytest.approx(1 / (1 + idf**2), rel=1e-6)


def test_events_found_exactly_without_reading_labels():
    articles = [*WILDFIRE, RECIPE, *VOLCANO]
    grouping = group(articles)
    ids = lambda xs: {a.id for a in xs}  # noqa: E731
    assert groups_of(grouping) == [ids(WILDFIRE), ids(VOLCANO), {RECIPE.id}]
    events = grouping.events
    assert events["n_articles"].tolist() == [3, 2, 1]
    assert events["n_outlets"].tolist() == [3, 2, 1]
    assert events["first_date"].tolist() == [DAY, DAY, DAY]
    assert events["last_date"].tolist() == [DAY + dt.timedelta(2), DAY, DAY]
    # the id is derived from the members, so the same members get the same id in any order
    assert events["event"].tolist()[0] == event_id([a.id for a in reversed(WILDFIRE)])
    assert list(grouping.members["article_id"]) == [a.id for a in articles]
    assert grouping.labels.tolist() == [0, 0, 0, 1, 2, 2]
    assert len(grouping.multi()) == 2
    # removing the labels changes nothing: they are not read
    bare = [dataclasses.replace(a, labels=()) for a in articles]
    assert group(bare).labels.tolist() == grouping.labels.tolist()


def test_average_linkage_does_not_chain_what_single_linkage_would():
    a = story("A", "orchard harvest apples cider press autumn")
    b = story("B", "orchard harvest apples cider press festival")
    c = story("C", "cider press festival parade music fireworks")
    sim = (lambda f: (f @ f.T).toarray())(article_features([a, b, c]))
    # a-b 0.757, b-c 0.356, a-c 0.182: a-b-c is one chain at 0.3, but c's mean is 0.269
    assert sim[0, 1] > 0.3 and sim[1, 2] > 0.3 and (sim[0, 2] + sim[1, 2]) / 2 < 0.3
    assert groups_of(group([a, b, c], threshold=0.3)) == [{a.id, b.id}, {c.id}]
    assert groups_of(group([a, b, c], threshold=0.18)) == [{a.id, b.id, c.id}]


def test_date_window_keeps_apart_what_text_joins():
    later = dataclasses.replace(WILDFIRE[0], id="later", date=DAY + dt.timedelta(days=30))
    articles = [WILDFIRE[0], later]
    assert groups_of(group(articles)) == [{WILDFIRE[0].id}, {"later"}]
    assert groups_of(group(articles, window_days=30)) == [{WILDFIRE[0].id, "later"}]
    assert groups_of(group(articles, window_days=None)) == [{WILDFIRE[0].id, "later"}]


def test_undated_articles_join_by_text_and_urls_give_dates():
    undated = dataclasses.replace(VOLCANO[0], id="undated", date=None)
    far = dataclasses.replace(VOLCANO[1], id="far", date=None,
                              url="https://example.com/world/2019/01/02/volcano.html")
    assert groups_of(group([VOLCANO[1], undated])) == [{VOLCANO[1].id, "undated"}]
    # the URL dates "far" to 2019, more than a week from the other
    assert groups_of(group([VOLCANO[0], far])) == [{VOLCANO[0].id}, {"far"}]
    assert groups_of(group([VOLCANO[0], far], url_dates=False)) == [{VOLCANO[0].id, "far"}]


def test_url_date():
    assert url_date("http://www.foxnews.com/politics/2018/04/17/cia.html") == dt.date(2018, 4, 17)
    assert url_date("https://www.usatoday.com/story/news/2018/4/7/x/522179002/") == dt.date(
        2018, 4, 7)
    assert url_date("https://example.com/2018/02/30/not-a-day/") is None
    assert url_date("https://example.com/2018/04/17") is None  # no slash after the day
    assert url_date("") is None


def test_small_blocks_give_the_same_groups():
    articles = [*WILDFIRE, RECIPE, *VOLCANO]
    assert (group(articles, block_budget=1).labels.tolist()
            == group(articles).labels.tolist())


def test_giant_component_is_cut_at_a_stricter_level():
    articles = [*WILDFIRE, *VOLCANO]
    sim = (lambda f: (f @ f.T).toarray())(article_features(articles))
    # wildfire pairs 0-1 0.622, 0-2 0.542, 1-2 0.460: with max_component=2 the component of 3
    # is cut at 0.23, 0.28, ... 0.58, the first level where 0-2 drops out; parts never rejoin
    assert sim[0, 2] < 0.58 <= sim[0, 1]
    assert groups_of(group(articles, max_component=2)) == [
        {WILDFIRE[0].id, WILDFIRE[1].id}, {VOLCANO[0].id, VOLCANO[1].id}, {WILDFIRE[2].id}]


def test_bad_settings_are_clear_errors():
    with pytest.raises(EventError, match=r"threshold must be .* \(0, 1\]; got 0"):
        group(WILDFIRE, threshold=0)
    with pytest.raises(EventError, match="window_days must be >= 0"):
        group(WILDFIRE, window_days=-1)
    with pytest.raises(EventError, match="given more than once"):
        group([WILDFIRE[0], WILDFIRE[0]])
    with pytest.raises(EventError, match="not all 0"):
        article_features(WILDFIRE, content_weight=0, lead_weight=0, name_weight=0)
    assert group([]).events.empty


# --- store ------------------------------------------------------------------------------------


@pytest.fixture
def store(tmp_path):
    with ArticleStore(tmp_path / "s.db") as opened:
        opened.add([*WILDFIRE, RECIPE, *VOLCANO])
        yield opened


def save(store, articles) -> int:
    grouping = group(articles)
    multi = grouping.multi()
    return store.save_event_groups(dict(zip(multi["event"], multi["article_ids"])),
                                   grouping.settings)


def test_groups_are_saved_and_replaced_by_a_new_grouping(store, tmp_path):
    assert save(store, store.articles()) == 2
    table = store.event_groups()
    assert table["n_articles"].tolist() == [3, 2]
    assert table["origin"].tolist() == ["auto", "auto"]
    assert table["group_id"].tolist() == [event_id([a.id for a in WILDFIRE]),
                                          event_id([a.id for a in VOLCANO])]
    assert set(store.event_members(table["group_id"][1])["article_id"]) == {
        a.id for a in VOLCANO}
    assert save(store, VOLCANO) == 1  # a new grouping replaces the automatic groups
    assert store.event_groups()["n_articles"].tolist() == [2]
    with ArticleStore(tmp_path / "s.db") as again:  # persists
        assert again.event_groups()["n_articles"].tolist() == [2]


def test_user_edits_persist_through_regrouping(store, tmp_path):
    save(store, store.articles())
    wildfire, volcano = store.event_groups()["group_id"]
    merged = store.merge_events([wildfire, volcano], name="Disasters")
    assert merged == event_id([a.id for a in [*WILDFIRE, *VOLCANO]])
    rest, moved = store.split_event(merged, [VOLCANO[0].id], name="Eruption")
    assert moved == event_id([VOLCANO[0].id])
    save(store, store.articles())  # the automatic grouping would undo both edits
    with ArticleStore(tmp_path / "s.db") as again:
        table = again.event_groups()
        assert table[["group_id", "name", "origin", "n_articles"]].values.tolist() == [
            [rest, "Disasters", "edit", 4], [moved, "Eruption", "edit", 1]]
        again.name_event(rest, "Fires and ash")
        assert again.event_groups()["name"].tolist() == ["Fires and ash", "Eruption"]


def test_naming_keeps_an_automatic_group(store):
    save(store, store.articles())
    wildfire = store.event_groups()["group_id"][0]
    store.name_event(wildfire, "  Wildfire relief ")
    assert store.event_groups()[["name", "origin"]].values.tolist()[0] == [
        "Wildfire relief", "edit"]
    save(store, [])  # no automatic groups left, the named one stays
    assert store.event_groups()["group_id"].tolist() == [wildfire]


def test_deleting_articles_updates_groups(store):
    save(store, store.articles())
    store.delete([a.id for a in VOLCANO])
    assert store.event_groups()["n_articles"].tolist() == [3]
    store.clear()
    assert store.event_groups().empty and store.event_members().empty


def test_edit_errors_say_what_to_do(store):
    save(store, store.articles())
    wildfire, volcano = store.event_groups()["group_id"]
    with pytest.raises(StoreError, match="no event group 'ev-nope'.*framing events list"):
        store.name_event("ev-nope", "x")
    with pytest.raises(StoreError, match="two or more event groups"):
        store.merge_events([wildfire, wildfire])
    with pytest.raises(StoreError, match=f"not in event group {wildfire}"):
        store.split_event(wildfire, [VOLCANO[0].id])
    with pytest.raises(StoreError, match="leave at least one"):
        store.split_event(volcano, [a.id for a in VOLCANO])
    with pytest.raises(StoreError, match="in two groups"):
        store.save_event_groups({"x": [RECIPE.id, WILDFIRE[0].id], "y": [RECIPE.id]})
    assert store.event_groups()["origin"].tolist() == ["auto", "auto"]  # nothing changed
