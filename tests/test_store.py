"""The SQLite article store."""

from __future__ import annotations

import datetime as dt
import sqlite3

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
