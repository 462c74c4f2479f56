"""The SQLite article store: the only module with persistent state.

One file, nothing to install. Articles are keyed by their content-derived id, so loading the
same article twice adds nothing. Each :meth:`ArticleStore.add` is one transaction: a batch is
stored whole or not at all. The database runs in WAL mode so the dashboard and the CLI can read
while the other writes.

Default location: ``$FRAMING_DB`` if set, else ``$XDG_DATA_HOME/framing/framing.db`` (XDG Base
Directory spec; ``~/.local/share/framing/framing.db`` when ``XDG_DATA_HOME`` is unset).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Iterable, Sequence

import pandas as pd

from .errors import StoreError
from .models import Article

__all__ = ["ArticleStore", "default_db_path", "SCHEMA_VERSION"]

#: Version of the table layout; :class:`ArticleStore` refuses a newer file and upgrades older ones.
SCHEMA_VERSION = 1

_SCHEMA = """
CREATE TABLE IF NOT EXISTS articles (
    id TEXT PRIMARY KEY,
    outlet TEXT NOT NULL,
    date TEXT,
    title TEXT NOT NULL,
    text TEXT NOT NULL,
    url TEXT NOT NULL,
    source TEXT NOT NULL,
    labels TEXT NOT NULL,
    batch INTEGER NOT NULL REFERENCES batches(id)
);
CREATE INDEX IF NOT EXISTS articles_outlet ON articles(outlet);
CREATE TABLE IF NOT EXISTS batches (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    created TEXT NOT NULL,
    description TEXT NOT NULL,
    added INTEGER NOT NULL
);
"""


def default_db_path() -> Path:
    """Where the store lives unless told otherwise (see module docstring)."""
    env = os.environ.get("FRAMING_DB")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "framing" / "framing.db"


class ArticleStore:
    """Articles in a SQLite file.

    Parameters
    ----------
    path : str or Path or None
        The database file (created with its folder when missing); ``None`` for
        :func:`default_db_path`; ``":memory:"`` for a throw-away store.

    Raises
    ------
    StoreError
        The file cannot be opened or created, is not a framing store, or was written by a newer
        version of framing.
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(default_db_path() if path is None else path)
        try:
            if self.path != ":memory:":
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(self.path, check_same_thread=False)
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open the article store {self.path}: {exc}. Give another file with --db "
                "(or FRAMING_DB), or move this one away to start afresh."
            ) from exc
        except OSError as exc:
            raise StoreError(f"cannot create the article store {self.path}: {exc}") from exc

    def _migrate(self) -> None:
        version = self._conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer framing (schema {version}, this one reads up "
                f"to {SCHEMA_VERSION}); upgrade framing or use another --db file"
            )
        with self._conn:
            self._conn.executescript(_SCHEMA)
            self._conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> "ArticleStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def add(self, articles: Iterable[Article], description: str = "") -> int:
        """Store articles in one transaction; articles already stored (same id) are skipped.

        Returns
        -------
        int
            How many articles were new.

        Raises
        ------
        StoreError
            Nothing of the batch was stored.
        """
        rows = [
            (a.id, a.outlet, a.date.isoformat() if a.date else None, a.title, a.text, a.url,
             a.source, json.dumps(list(a.labels)))
            for a in articles
        ]
        try:
            with self._conn:
                cur = self._conn.execute(
                    "INSERT INTO batches(created, description, added) VALUES (?, ?, 0)",
                    (dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"), description),
                )
                batch = cur.lastrowid
                before = self._conn.total_changes
                self._conn.executemany(
                    "INSERT OR IGNORE INTO articles(id, outlet, date, title, text, url, source, "
                    "labels, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    [r + (batch,) for r in rows],
                )
                added = self._conn.total_changes - before
                self._conn.execute("UPDATE batches SET added=? WHERE id=?", (added, batch))
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"could not store the batch in {self.path}: {exc}; nothing was stored") from exc
        return added

    def articles(self, *, outlets: Sequence[str] | None = None,
                 ids: Sequence[str] | None = None) -> list[Article]:
        """Stored articles, oldest batch first, optionally only some outlets or ids."""
        sql = "SELECT id, text, title, outlet, date, url, source, labels FROM articles"
        clauses, params = [], []
        if outlets is not None:
            clauses.append(f"outlet IN ({','.join('?' * len(outlets))})")
            params += list(outlets)
        if ids is not None:
            clauses.append(f"id IN ({','.join('?' * len(ids))})")
            params += list(ids)
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        sql += " ORDER BY rowid"
        with closing(self._conn.execute(sql, params)) as cur:
            return [
                Article(id=r[0], text=r[1], title=r[2], outlet=r[3],
                        date=dt.date.fromisoformat(r[4]) if r[4] else None, url=r[5], source=r[6],
                        labels=tuple(tuple(x) for x in json.loads(r[7])))
                for r in cur.fetchall()
            ]

    def count(self) -> int:
        """Number of stored articles."""
        return self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]

    def outlets(self) -> pd.DataFrame:
        """Columns ``outlet``, ``n_articles``, ``first_date``, ``last_date`` (ISO text or None)."""
        rows = self._conn.execute(
            "SELECT outlet, COUNT(*) AS n_articles, MIN(date) AS first_date, MAX(date) AS last_date "
            "FROM articles GROUP BY outlet ORDER BY n_articles DESC, outlet"
        ).fetchall()
        return pd.DataFrame(rows, columns=["outlet", "n_articles", "first_date", "last_date"],
                            dtype=object).astype({"n_articles": "int64"})

    def delete(self, ids: Sequence[str]) -> int:
        """Delete articles by id; returns how many were deleted."""
        with self._conn:
            cur = self._conn.executemany("DELETE FROM articles WHERE id=?", [(i,) for i in ids])
        return cur.rowcount if cur.rowcount >= 0 else 0

    def clear(self) -> None:
        """Delete every article and batch."""
        with self._conn:
            self._conn.execute("DELETE FROM articles")
            self._conn.execute("DELETE FROM batches")
