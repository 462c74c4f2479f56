"""The SQLite article store."""

from __future__ import annotations

import datetime as dt
import sqlite3

import pandas as pd
import pytest

from framing import Article, ArticleStore, StoreError


def articles():
    return [
        Article.make(text="one", title="T1", outlet="A", date=dt.date(2022, 1, 2),
                     labels=(("event", "e1"),)),
        Article.make(text="two", outlet="A", date=dt.date(2022, 3, 4)),
        Article.make(text="three", outlet="B"),
    ]


def test_add_is_idempotent_and_round_trips(tmp_path):
    path = tmp_path / "s.db"
    with ArticleStore(path) as store:
        assert store.add(articles(), "first") == 3
        assert store.add(articles(), "again") == 0
        assert store.count() == 3
    with ArticleStore(path) as store:  # survives a restart
        assert store.articles() == articles()
        assert [a.outlet for a in store.articles(outlets=["B"])] == ["B"]
        table = store.outlets()
        assert table.to_dict("records") == [
            {"outlet": "A", "n_articles": 2, "first_date": "2022-01-02", "last_date": "2022-03-04"},
            {"outlet": "B", "n_articles": 1, "first_date": None, "last_date": None},
        ]
        assert store.delete([articles()[0].id]) == 1
        assert store.count() == 2
        mode = store._conn.execute("PRAGMA journal_mode").fetchone()[0]  # noqa: SLF001
        assert mode == "wal"


def test_not_a_database_is_a_clear_error(tmp_path):
    bad = tmp_path / "notes.db"
    bad.write_text("this is not sqlite " * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="cannot open the article store .*notes.db"):
        ArticleStore(bad)


def test_newer_schema_is_refused(tmp_path):
    path = tmp_path / "future.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version=99")
    conn.close()
    with pytest.raises(StoreError, match="newer framing"):
        ArticleStore(path)


def test_schema_1_file_is_migrated(tmp_path):
    path = tmp_path / "old.db"
    conn = sqlite3.connect(path)
    conn.executescript("""
        CREATE TABLE articles (id TEXT PRIMARY KEY, outlet TEXT NOT NULL, date TEXT,
            title TEXT NOT NULL, text TEXT NOT NULL, url TEXT NOT NULL, source TEXT NOT NULL,
            labels TEXT NOT NULL, batch INTEGER NOT NULL REFERENCES batches(id));
        CREATE INDEX articles_outlet ON articles(outlet);
        CREATE TABLE batches (id INTEGER PRIMARY KEY AUTOINCREMENT, created TEXT NOT NULL,
            description TEXT NOT NULL, added INTEGER NOT NULL);
        INSERT INTO batches VALUES (1, '2025-01-01T00:00:00+00:00', 'old', 2);
        PRAGMA user_version=1;
    """)
    one, two = articles()[:2]
    conn.executemany("INSERT INTO articles VALUES (?, ?, ?, ?, ?, '', '', ?, 1)", [
        (one.id, "A", "2022-01-02", "T1", "one", '[["event", "e1"]]'),
        (two.id, "A", "2022-03-04", "", "two", "[]"),
    ])
    conn.commit()
    conn.close()
    with ArticleStore(path) as store:
        assert store.schema_version() == 2
        assert store.articles() == articles()[:2]
        assert store.events().to_dict("records") == [
            {"event": "e1", "n_articles": 1, "n_outlets": 1}]
        assert store.labels().to_dict("records") == [
            {"article_id": one.id, "key": "event", "value": "e1"}]
        assert list(store.search("two")["id"]) == [two.id]
        assert store.add(articles(), "new") == 1  # only "three" is new
        assert store.batches()["added"].tolist() == [2, 1]


def test_search_index_and_revision(tmp_path):
    with ArticleStore(tmp_path / "s.db") as store:
        assert store.revision() == 0
        store.add([
            Article.make(text="Crimea was annexed in 2014.", title="Annexation anniversary",
                         outlet="A", date=dt.date(2024, 3, 18)),
            Article.make(text="Officials spoke of reunification.", outlet="B"),
        ])
        assert store.revision() == 1
        found = store.search("annexed")
        assert found[["outlet", "title"]].values.tolist() == [["A", "Annexation anniversary"]]
        assert found["snippet"].iloc[0] == "Crimea was [annexed] in 2014."
        assert store.search("annex*")["outlet"].tolist() == ["A"]
        assert store.search("reunification", outlets=["A"]).empty
        with pytest.raises(StoreError, match="not valid"):
            store.search('"unbalanced')
        with pytest.raises(StoreError, match="empty"):
            store.search("  ")
        assert store.index(["B"]).to_dict("records") == [
            {"id": store.index()["id"][1], "outlet": "B", "date": None, "title": ""}]
        # an untitled article's opening, for listings; titled ones get ""
        assert store.index(opening=9)["opening"].tolist() == ["", "Officials"]
        store.add([])  # an empty batch still counts as a change
        assert store.revision() == 2
        store.delete(list(store.index(["A"])["id"]))
        assert store.revision() == 3 and store.search("annexed").empty


def test_hit_cache_returns_what_matching_returns(tmp_path, monkeypatch):
    from framing import compile_lexicon, hits_table, load_lexicon
    from framing.matching import HIT_COLUMNS

    matcher = compile_lexicon(load_lexicon("russia-ukraine"))
    batch = [Article.make(text="Moscow calls it the reunification of Crimea.", outlet="A"),
             Article.make(text="Nothing loaded here.", outlet="B")]
    with ArticleStore(tmp_path / "s.db") as store:
        store.add(batch)
        first = store.hits(batch, matcher)

        def no_matching(*args, **kwargs):
            raise AssertionError("matching ran although every article was cached")

        monkeypatch.setattr("framing.matching.hits_table", no_matching)
        second = store.hits(batch, matcher)
        monkeypatch.undo()
    expected = hits_table(batch, matcher)
    assert list(first.columns) == list(HIT_COLUMNS)
    pd.testing.assert_frame_equal(first, expected)
    pd.testing.assert_frame_equal(second, expected)
    assert first["concept"].tolist() == ["crimea-2014"]


def test_outlets_table_with_unknown_outlet(tmp_path):
    with ArticleStore(tmp_path / "s.db") as store:
        store.add([Article.make(text="x"), Article.make(text="y", outlet="A")])
        assert store.outlets()["outlet"].tolist() == ["", "A"]
        store.clear()
        assert store.count() == 0 and store.search("x").empty and store.outlets().empty


def test_same_article_twice_in_one_batch_is_stored_and_labelled_once(tmp_path):
    article = Article.make(text="one", outlet="A", labels=(("event", "e1"), ("bias", "left")))
    with ArticleStore(tmp_path / "dup.db") as store:
        assert store.add([article, article]) == 1
        assert store.labels().values.tolist() == [
            [article.id, "event", "e1"], [article.id, "bias", "left"]]


def test_a_store_that_cannot_be_written_is_read_and_never_written(tmp_path, monkeypatch):
    """Read-only media (as root, chmod does not stop writes, so the check is patched): every
    read works, writes say what to do, the hit cache is not saved, the file is untouched."""
    from framing import compile_lexicon, hits_table, load_lexicon

    path = tmp_path / "s.db"
    with ArticleStore(path) as store:
        store.add(articles())
        store._conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # noqa: SLF001
    before = path.read_bytes()
    files = sorted(p.name for p in tmp_path.iterdir())
    monkeypatch.setattr("framing.store._unwritable", lambda p: True)
    matcher = compile_lexicon(load_lexicon("russia-ukraine"))
    with ArticleStore(path) as store:
        assert store.read_only and store.count() == 3 and store.articles() == articles()
        assert list(store.search("two")["id"]) == [articles()[1].id]
        pd.testing.assert_frame_equal(store.hits(store.articles(), matcher),
                                      hits_table(store.articles(), matcher))
        for write in (lambda: store.add([Article.make(text="four", outlet="C")]),
                      lambda: store.delete([articles()[0].id]), store.clear):
            with pytest.raises(StoreError, match=r"is read-only here .* copy it to a writable "
                                                 r"folder and give the copy with --db"):
                write()
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == files  # no -wal or -shm written
