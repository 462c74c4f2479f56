"""The SQLite article store: the only module with persistent state.

One file, nothing to install. Articles are keyed by their content-derived id (the SHA-256 of
outlet, title, text and url, see :meth:`framing.models.Article.make`), so loading the same
article twice adds nothing. Each :meth:`ArticleStore.add` is one transaction: a batch is stored
whole or not at all, even if the process is killed midway (SQLite's write-ahead log). The
database runs in WAL mode so the dashboard and the CLI can read while the other writes.

Tables (schema version :data:`SCHEMA_VERSION`, in ``PRAGMA user_version``):

``articles``
    id, outlet, date (ISO text or NULL), title, text, url, source, labels (JSON list of
    pairs), event, batch.
``articles_fts``
    FTS5 index over title and text (external content: the text is stored once).
``outlets``, ``events``
    One row per outlet id / event id met.
``labels``
    article_id, key, value: the articles' labels, one row each, for queries.
``batches``
    id, created (UTC ISO), description, added (articles new in that batch).
``hits``
    The hit cache: article_id, key (lexicon hash + hit columns + matcher code), rows (JSON).
``meta``
    key/value; ``revision`` grows with every change.
``event_groups``, ``event_members``
    Events found by :func:`framing.events.group` (``origin`` ``auto``) or edited by a user
    (merge, split, name: ``origin`` ``edit``), and which article is in which (one group per
    article). Created when missing whatever the schema version: a framing that does not know
    them ignores them, so no version bump is needed. User edits survive a new grouping:
    :meth:`ArticleStore.save_event_groups` replaces only ``auto`` groups and never moves an
    article out of an ``edit`` group.

Default location: ``$FRAMING_DB`` if set, else ``$XDG_DATA_HOME/framing/framing.db`` (XDG Base
Directory spec; ``~/.local/share/framing/framing.db`` when ``XDG_DATA_HOME`` is unset).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import closing, contextmanager
from pathlib import Path

import pandas as pd

from .errors import StoreError
from .models import Article

__all__ = ["ArticleStore", "default_db_path", "event_id", "SCHEMA_VERSION"]

#: Version of the table layout; :class:`ArticleStore` refuses a newer file and upgrades older ones
#: (1: articles and batches only; 2: adds FTS5, outlets, events, labels, the hit cache, meta).
SCHEMA_VERSION = 2

_SCHEMA_1 = """
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

_SCHEMA_2 = """
ALTER TABLE articles ADD COLUMN event TEXT;
CREATE INDEX articles_event ON articles(event);
CREATE INDEX articles_batch ON articles(batch);
CREATE VIRTUAL TABLE articles_fts USING fts5(
    title, text, content='articles', content_rowid='rowid', tokenize='unicode61'
);
CREATE TABLE outlets (name TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE events (id TEXT PRIMARY KEY) WITHOUT ROWID;
CREATE TABLE labels (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value TEXT NOT NULL
);
CREATE INDEX labels_article ON labels(article_id);
CREATE INDEX labels_key_value ON labels(key, value);
CREATE TABLE hits (
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    rows TEXT NOT NULL,
    PRIMARY KEY (article_id, key)
) WITHOUT ROWID;
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
INSERT INTO meta VALUES ('revision', '0');
"""

_EVENT_TABLES = """
CREATE TABLE IF NOT EXISTS event_groups (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL DEFAULT '',
    origin TEXT NOT NULL CHECK (origin IN ('auto', 'edit')),
    created TEXT NOT NULL,
    settings TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS event_members (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    group_id TEXT NOT NULL REFERENCES event_groups(id) ON DELETE CASCADE
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS event_members_group ON event_members(group_id);
"""


def event_id(article_ids: Iterable[str]) -> str:
    """The id of the event made of these articles: the same members always give the same id.

    Parameters
    ----------
    article_ids : iterable of str
        Article ids, in any order.

    Returns
    -------
    str
        ``"ev-"`` and the first 10 hex characters of the SHA-256 of the sorted ids joined by
        the unit separator.
    """
    joined = "\x1f".join(sorted(article_ids))
    return "ev-" + hashlib.sha256(joined.encode("utf-8")).hexdigest()[:10]


def default_db_path() -> Path:
    """Where the store lives unless told otherwise (see module docstring).

    Returns
    -------
    pathlib.Path
        ``$FRAMING_DB`` when set, else ``$XDG_DATA_HOME/framing/framing.db``, else
        ``~/.local/share/framing/framing.db``.
    """
    env = os.environ.get("FRAMING_DB")
    if env:
        return Path(env).expanduser()
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "framing" / "framing.db"


def _run_script(conn: sqlite3.Connection, script: str) -> None:
    """Run ``;``-separated statements inside the current transaction (executescript commits)."""
    for statement in script.split(";"):
        if statement.strip():
            conn.execute(statement)


def _unwritable(path: Path) -> bool:
    """An existing store file this process may not write, or whose folder it may not write
    (SQLite needs the folder for its journal)."""
    return path.is_file() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK))


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _matching_fingerprint() -> str:
    """Hash of the hit columns and of the matching code, part of every hit-cache key."""
    from . import matching, text  # noqa: PLC0415 - matching imports the lexicon, loaded late

    digest = hashlib.sha256("\x1f".join(matching.HIT_COLUMNS).encode("utf-8"))
    for module in (matching, text):
        path = getattr(module, "__file__", None)
        if path:
            digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:12]


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

    Notes
    -----
    A file written by an older framing is upgraded in place, in one transaction, when opened
    (schema 1 -> 2 builds the full-text index and the outlet, event and label tables from the
    stored articles).
    """

    def __init__(self, path: str | Path | None = None) -> None:
        self.path = str(default_db_path() if path is None else path)
        #: True for a store on a folder or file this process may not write (read-only media,
        #: a shared copy): opened immutable, every read works, writes raise StoreError and the
        #: hit cache is not saved.
        self.read_only = self.path != ":memory:" and _unwritable(Path(self.path))
        try:
            if self.read_only:
                # immutable: SQLite takes no lock and writes no -wal/-shm file, which a
                # read-only folder would refuse (nobody can change the file there meanwhile)
                self._conn = sqlite3.connect(f"{Path(self.path).resolve().as_uri()}?mode=ro&immutable=1",
                                             uri=True, check_same_thread=False,
                                             isolation_level=None)
            else:
                if self.path != ":memory:":
                    Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                self._conn = sqlite3.connect(self.path, check_same_thread=False,
                                             isolation_level=None)
                self._conn.execute("PRAGMA busy_timeout=10000")
                self._conn.execute("PRAGMA journal_mode=WAL")
                self._conn.execute("PRAGMA synchronous=NORMAL")
            self._conn.execute("PRAGMA foreign_keys=ON")
            self._migrate()
            self._ensure_event_tables()
        except sqlite3.DatabaseError as exc:
            raise StoreError(
                f"cannot open the article store {self.path}: {exc}. If it is not a framing store "
                "or is damaged, give another file with --db (or FRAMING_DB); keep this one if it "
                "holds articles you need."
            ) from exc
        except OSError as exc:
            raise StoreError(f"cannot create the article store {self.path}: {exc}") from exc
        self._fingerprint: str | None = None

    # ----------------------------------------------------------------------------------------
    # Schema

    def schema_version(self) -> int:
        """The schema version of the open file (``PRAGMA user_version``)."""
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrate(self) -> None:
        version = self.schema_version()
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer framing (schema {version}, this one reads up "
                f"to {SCHEMA_VERSION}); upgrade framing or use another --db file"
            )
        if version == SCHEMA_VERSION:
            return
        self._writable()  # creating or upgrading the schema writes
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            version = self.schema_version()  # re-read inside the write lock
            if version == 0:
                _run_script(conn, _SCHEMA_1)
                version = 1
            if version == 1:
                _run_script(conn, _SCHEMA_2)
                self._index_batch(None)
            conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: committed when the block ends, rolled back if it raises."""
        self._writable()
        conn = self._conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield conn
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def _writable(self) -> None:
        if self.read_only:
            raise StoreError(f"the article store {self.path} is read-only here (its file or "
                             "folder cannot be written); copy it to a writable folder and give "
                             "the copy with --db (or FRAMING_DB) to change it")

    def _ensure_event_tables(self) -> None:
        """Create the event-group tables when the file lacks them (see the module docstring)."""
        present = self._conn.execute(
            "SELECT COUNT(*) FROM sqlite_master WHERE type='table' AND name IN "
            "('event_groups', 'event_members')").fetchone()[0]
        if present != 2:
            with self._transaction() as conn:
                _run_script(conn, _EVENT_TABLES)

    def _index_batch(self, batch: int | None) -> None:
        """Fill the FTS index, outlets, events and labels for one batch (``None``: all rows)."""
        where, params = ("WHERE batch=?", (batch,)) if batch is not None else ("", ())
        conn = self._conn
        if batch is None:  # migration: events come from the labels JSON
            conn.execute(
                "UPDATE articles SET event=(SELECT json_extract(j.value, '$[1]') "
                "FROM json_each(articles.labels) j WHERE json_extract(j.value, '$[0]')='event' "
                "LIMIT 1)")
        conn.execute(f"INSERT INTO articles_fts(rowid, title, text) "
                     f"SELECT rowid, title, text FROM articles {where}", params)
        conn.execute(f"INSERT OR IGNORE INTO outlets(name) SELECT DISTINCT outlet FROM articles "
                     f"{where}", params)
        conn.execute(f"INSERT OR IGNORE INTO events(id) SELECT DISTINCT event FROM articles "
                     f"{where} {'AND' if where else 'WHERE'} event IS NOT NULL", params)
        if batch is None:
            conn.execute(
                "INSERT INTO labels(article_id, key, value) SELECT a.id, "
                "json_extract(j.value, '$[0]'), json_extract(j.value, '$[1]') "
                "FROM articles a, json_each(a.labels) j")

    def close(self) -> None:
        """Close the connection."""
        self._conn.close()

    def __enter__(self) -> "ArticleStore":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # ----------------------------------------------------------------------------------------
    # Writing

    def add(self, articles: Iterable[Article], description: str = "") -> int:
        """Store articles as one batch, in one transaction; articles already stored are skipped.

        Parameters
        ----------
        articles : iterable of Article
        description : str
            What was loaded (a path, ``"pasted text"``), kept in the batches table.

        Returns
        -------
        int
            How many articles were new (the batch's ``added``).

        Raises
        ------
        StoreError
            Nothing of the batch was stored (disk full, read-only file, locked for more than
            10 s by another writer).
        """
        articles = list(articles)
        known: set[str] = set()
        ids = [a.id for a in articles]
        for start in range(0, len(ids), 50000):  # skip stored articles before building rows
            known.update(r[0] for r in self._conn.execute(
                "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids[start:start + 50000]),)))
        rows = []
        label_rows = []
        for a in articles:
            if a.id in known:
                continue
            event = next((v for k, v in a.labels if k == "event"), None)
            rows.append((a.id, a.outlet, a.date.isoformat() if a.date else None, a.title,
                         a.text, a.url, a.source,
                         json.dumps([list(p) for p in a.labels], ensure_ascii=False), event))
            label_rows.extend((a.id, k, v) for k, v in a.labels)
            known.add(a.id)  # the same article twice in one batch is stored (and labelled) once
        self._writable()
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                batch = conn.execute(
                    "INSERT INTO batches(created, description, added) VALUES (?, ?, 0)",
                    (_now(), description)).lastrowid
                conn.executemany(
                    "INSERT OR IGNORE INTO articles(id, outlet, date, title, text, url, source, "
                    f"labels, event, batch) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, {int(batch)})",
                    rows)
                added = conn.execute("SELECT COUNT(*) FROM articles WHERE batch=?",
                                     (batch,)).fetchone()[0]
                if added:
                    self._index_batch(batch)
                    conn.execute(
                        "CREATE TEMP TABLE IF NOT EXISTS new_labels(article_id, key, value)")
                    conn.execute("DELETE FROM new_labels")
                    conn.executemany("INSERT INTO new_labels VALUES (?, ?, ?)", label_rows)
                    conn.execute(
                        "INSERT INTO labels(article_id, key, value) SELECT n.article_id, n.key, "
                        "n.value FROM new_labels n JOIN articles a ON a.id=n.article_id "
                        "WHERE a.batch=?", (batch,))
                    conn.execute("DELETE FROM new_labels")
                conn.execute("UPDATE batches SET added=? WHERE id=?", (added, batch))
                self._bump()
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"could not store the batch in {self.path}: {exc}; nothing was "
                             "stored") from exc
        return int(added)

    def _bump(self) -> None:
        self._conn.execute(
            "UPDATE meta SET value=CAST(value AS INTEGER) + 1 WHERE key='revision'")

    def delete(self, ids: Sequence[str]) -> int:
        """Delete articles by id (with their labels and cached hits).

        Returns
        -------
        int
            How many were deleted.
        """
        deleted = 0
        with self._transaction() as conn:
            for article_id in ids:
                row = conn.execute("SELECT rowid, title, text FROM articles WHERE id=?",
                                   (article_id,)).fetchone()
                if row is None:
                    continue
                conn.execute("INSERT INTO articles_fts(articles_fts, rowid, title, text) "
                             "VALUES ('delete', ?, ?, ?)", row)
                conn.execute("DELETE FROM articles WHERE id=?", (article_id,))
                deleted += 1
            if deleted:
                # Memberships went with the articles; an event left without members goes too.
                conn.execute("DELETE FROM event_groups WHERE id NOT IN "
                             "(SELECT group_id FROM event_members)")
                self._bump()
        return deleted

    def clear(self) -> None:
        """Delete every article, batch, outlet, event, label, cached hit and event group."""
        with self._transaction() as conn:
            for table in ("event_members", "event_groups", "hits", "labels", "articles",
                          "batches", "outlets", "events"):
                conn.execute(f"DELETE FROM {table}")
            conn.execute("INSERT INTO articles_fts(articles_fts) VALUES ('delete-all')")
            self._bump()

    # ----------------------------------------------------------------------------------------
    # Reading

    def revision(self) -> int:
        """A number that grows with every add, delete and clear: a cache key for readers.

        Returns
        -------
        int
            The same value as long as the stored articles are unchanged, in this process or
            any other using the same file.
        """
        return int(self._conn.execute("SELECT value FROM meta WHERE key='revision'")
                   .fetchone()[0])

    def articles(self, *, outlets: Sequence[str] | None = None,
                 ids: Sequence[str] | None = None) -> list[Article]:
        """Stored articles, oldest batch first, optionally only some outlets or ids.

        Parameters
        ----------
        outlets : sequence of str, optional
            Only these outlet ids.
        ids : sequence of str, optional
            Only these article ids.

        Returns
        -------
        list of Article
        """
        sql = "SELECT id, text, title, outlet, date, url, source, labels FROM articles"
        clauses, params = self._filters(outlets, ids)
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

    @staticmethod
    def _filters(outlets: Sequence[str] | None,
                 ids: Sequence[str] | None) -> tuple[list[str], list[str]]:
        clauses: list[str] = []
        params: list[str] = []
        if outlets is not None:
            clauses.append("outlet IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(outlets)))
        if ids is not None:
            clauses.append("id IN (SELECT value FROM json_each(?))")
            params.append(json.dumps(list(ids)))
        return clauses, params

    def index(self, outlets: Sequence[str] | None = None, *, opening: int = 0) -> pd.DataFrame:
        """Article ids with their metadata but without bodies (cheap for listings).

        Parameters
        ----------
        outlets : sequence of str, optional
            Only these outlet ids.
        opening : int
            When > 0, add a column ``opening``: the first ``opening`` characters of the body of
            each article *without a title* (``""`` for titled ones) — what a listing can show
            instead of an empty title (RUWA's RT rows keep their headline in the body).

        Returns
        -------
        pandas.DataFrame
            Columns ``id``, ``outlet``, ``date`` (ISO text or None), ``title`` (and
            ``opening``), oldest batch first.
        """
        clauses, params = self._filters(outlets, None)
        columns = ["id", "outlet", "date", "title"]
        sql = "SELECT id, outlet, date, title"
        if opening > 0:
            sql += ", CASE WHEN title = '' THEN substr(text, 1, ?) ELSE '' END"
            params = [int(opening), *params]
            columns.append("opening")
        sql += " FROM articles"
        if clauses:
            sql += " WHERE " + " AND ".join(clauses)
        rows = self._conn.execute(sql + " ORDER BY rowid", params).fetchall()
        return pd.DataFrame(rows, columns=columns, dtype=object)

    def count(self) -> int:
        """Number of stored articles."""
        return int(self._conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0])

    def outlets(self) -> pd.DataFrame:
        """One row per outlet: ``outlet``, ``n_articles``, ``first_date``, ``last_date``.

        Returns
        -------
        pandas.DataFrame
            Dates as ISO text, None when no article of the outlet is dated; most articles first,
            then by name.
        """
        rows = self._conn.execute(
            "SELECT outlet, COUNT(*) AS n_articles, MIN(date) AS first_date, MAX(date) AS last_date "
            "FROM articles GROUP BY outlet ORDER BY n_articles DESC, outlet"
        ).fetchall()
        return pd.DataFrame(rows, columns=["outlet", "n_articles", "first_date", "last_date"],
                            dtype=object).astype({"n_articles": "int64"})

    def events(self) -> pd.DataFrame:
        """One row per event: ``event``, ``n_articles``, ``n_outlets``, most articles first."""
        rows = self._conn.execute(
            "SELECT event, COUNT(*), COUNT(DISTINCT outlet) FROM articles WHERE event IS NOT NULL "
            "GROUP BY event ORDER BY 2 DESC, 1").fetchall()
        return pd.DataFrame(rows, columns=["event", "n_articles", "n_outlets"])

    def labels(self, key: str | None = None) -> pd.DataFrame:
        """The stored labels: columns ``article_id``, ``key``, ``value`` (only ``key`` if given)."""
        sql, params = "SELECT article_id, key, value FROM labels", ()
        if key is not None:
            sql, params = sql + " WHERE key=?", (key,)
        rows = self._conn.execute(sql + " ORDER BY rowid", params).fetchall()
        return pd.DataFrame(rows, columns=["article_id", "key", "value"])

    def batches(self) -> pd.DataFrame:
        """The import batches: columns ``id``, ``created``, ``description``, ``added``."""
        rows = self._conn.execute(
            "SELECT id, created, description, added FROM batches ORDER BY id").fetchall()
        return pd.DataFrame(rows, columns=["id", "created", "description", "added"])

    def search(self, query: str, *, limit: int = 20,
               outlets: Sequence[str] | None = None) -> pd.DataFrame:
        """Full-text search over titles and bodies (SQLite FTS5, BM25 ranking).

        Parameters
        ----------
        query : str
            Words to find; every word must occur. FTS5 syntax (``"exact phrase"``, ``OR``,
            ``NOT``, ``prefix*``) is used when the query contains a double quote, ``*`` or an
            upper-case ``OR``/``AND``/``NOT``; otherwise each word is searched literally.
        limit : int
            Most rows returned (best first).
        outlets : sequence of str, optional
            Only these outlet ids.

        Returns
        -------
        pandas.DataFrame
            Columns ``id``, ``outlet``, ``date``, ``title``, ``snippet`` (the best passage with
            matches in ``[...]``), ``rank`` (BM25, lower is better).

        Raises
        ------
        StoreError
            The query is empty or not valid FTS5 syntax (the message shows examples).
        """
        words = query.split()
        if not words:
            raise StoreError("the search query is empty; give words to find, e.g. "
                             "framing search 'annexation Crimea'")
        advanced = any(c in query for c in '"*') or any(w in ("OR", "AND", "NOT") for w in words)
        fts = query if advanced else " ".join('"' + w.replace('"', '""') + '"' for w in words)
        clauses, params = self._filters(outlets, None)
        extra = "".join(f" AND a.{c}" for c in clauses)
        sql = ("SELECT a.id, a.outlet, a.date, a.title, "
               "snippet(articles_fts, -1, '[', ']', ' … ', 12), bm25(articles_fts) "
               "FROM articles_fts JOIN articles a ON a.rowid = articles_fts.rowid "
               f"WHERE articles_fts MATCH ?{extra} ORDER BY bm25(articles_fts) LIMIT ?")
        try:
            rows = self._conn.execute(sql, [fts, *params, int(limit)]).fetchall()
        except sqlite3.OperationalError as exc:
            raise StoreError(f"search query {query!r} is not valid ({exc}); write plain words, "
                             "a \"quoted phrase\", word* for a prefix, or a OR b") from exc
        return pd.DataFrame(rows, columns=["id", "outlet", "date", "title", "snippet", "rank"])

    # ----------------------------------------------------------------------------------------
    # Event groups (framing.events) and the user's edits of them

    def save_event_groups(self, groups: Mapping[str, Sequence[str]],
                          settings: Mapping[str, object] | None = None) -> int:
        """Store a new automatic grouping in place of the previous one; user edits are kept.

        Every ``auto`` group is replaced, in one transaction. Articles in a group the user
        edited (merged, split or named) stay where they are: they are left out of the new
        groups, and a new group left with fewer than two stored articles is not stored.

        Parameters
        ----------
        groups : mapping of str to sequence of str
            Event id -> member article ids (e.g. ``dict(zip(events["event"],
            events["article_ids"]))`` of :class:`framing.events.Grouping`). Articles not in
            the store are skipped.
        settings : mapping, optional
            The grouping settings, kept as JSON with each group.

        Returns
        -------
        int
            How many groups were stored.

        Raises
        ------
        StoreError
            An article is listed in two groups, or nothing could be written (the previous
            grouping is then unchanged).
        """
        seen: dict[str, str] = {}
        for gid, members in groups.items():
            for article_id in members:
                if seen.setdefault(article_id, gid) != gid:
                    raise StoreError(f"article {article_id} is in two groups ({seen[article_id]} "
                                     f"and {gid}); each article belongs to one event")
        payload = json.dumps(dict(settings or {}), default=str, sort_keys=True)
        created = _now()
        stored = 0
        try:
            with self._transaction() as conn:
                conn.execute("DELETE FROM event_groups WHERE origin='auto'")
                kept = {r[0] for r in conn.execute("SELECT article_id FROM event_members")}
                known = self._known_ids(list(seen))
                for gid, members in groups.items():
                    free = [a for a in dict.fromkeys(members) if a in known and a not in kept]
                    if len(free) < 2:
                        continue
                    gid = gid if len(free) == len(members) else event_id(free)
                    conn.execute("INSERT OR REPLACE INTO event_groups(id, name, origin, created, "
                                 "settings) VALUES (?, '', 'auto', ?, ?)",
                                 (gid, created, payload))
                    conn.executemany("INSERT INTO event_members(article_id, group_id) "
                                     "VALUES (?, ?)", [(a, gid) for a in free])
                    stored += 1
                self._bump()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"could not store the event groups in {self.path}: {exc}; the "
                             "previous grouping is unchanged") from exc
        return stored

    def _known_ids(self, ids: list[str]) -> set[str]:
        known: set[str] = set()
        for start in range(0, len(ids), 50000):
            known.update(r[0] for r in self._conn.execute(
                "SELECT id FROM articles WHERE id IN (SELECT value FROM json_each(?))",
                (json.dumps(ids[start:start + 50000]),)))
        return known

    def event_groups(self) -> pd.DataFrame:
        """The stored event groups, largest first.

        Returns
        -------
        pandas.DataFrame
            One row per group with members: ``group_id``, ``name`` (``""`` until named),
            ``origin`` (``"auto"`` or ``"edit"``), ``n_articles``, ``n_outlets`` (int),
            ``first_date``, ``last_date`` (ISO text or None), ``created`` (UTC ISO).
        """
        rows = self._conn.execute(
            "SELECT g.id, g.name, g.origin, COUNT(*), COUNT(DISTINCT a.outlet), MIN(a.date), "
            "MAX(a.date), g.created FROM event_groups g "
            "JOIN event_members m ON m.group_id = g.id JOIN articles a ON a.id = m.article_id "
            "GROUP BY g.id ORDER BY 4 DESC, 6, 1").fetchall()
        columns = ["group_id", "name", "origin", "n_articles", "n_outlets", "first_date",
                   "last_date", "created"]
        return pd.DataFrame(rows, columns=columns).astype({"n_articles": "int64",
                                                           "n_outlets": "int64"})

    def event_members(self, group_id: str | None = None) -> pd.DataFrame:
        """Which stored article is in which event group.

        Parameters
        ----------
        group_id : str, optional
            Only this group's members.

        Returns
        -------
        pandas.DataFrame
            Columns ``group_id``, ``article_id``, ``outlet``, ``date`` (ISO text or None),
            ``title``, ``origin``; by group, then date, then article order.
        """
        sql = ("SELECT m.group_id, m.article_id, a.outlet, a.date, a.title, g.origin "
               "FROM event_members m JOIN articles a ON a.id = m.article_id "
               "JOIN event_groups g ON g.id = m.group_id")
        params: tuple = ()
        if group_id is not None:
            sql, params = sql + " WHERE m.group_id = ?", (group_id,)
        rows = self._conn.execute(sql + " ORDER BY m.group_id, a.date, a.rowid", params).fetchall()
        return pd.DataFrame(rows, columns=["group_id", "article_id", "outlet", "date", "title",
                                           "origin"])

    def _members(self, group_id: str) -> list[str]:
        ids = [r[0] for r in self._conn.execute(
            "SELECT m.article_id FROM event_members m JOIN articles a ON a.id = m.article_id "
            "WHERE m.group_id = ? ORDER BY a.rowid", (group_id,))]
        if not ids:
            raise StoreError(f"no event group {group_id!r} in {self.path}; list the groups "
                             "with: framing events list")
        return ids

    def _replace_groups(self, old: Sequence[str], new: Sequence[tuple[str, list[str]]]) -> None:
        """Drop groups ``old`` and store ``new`` (name, members) as ``edit`` groups."""
        with self._transaction() as conn:
            settings = conn.execute(
                "SELECT settings FROM event_groups WHERE id = ?", (old[0],)).fetchone()[0]
            conn.executemany("DELETE FROM event_groups WHERE id = ?", [(g,) for g in old])
            for name, members in new:
                gid = event_id(members)
                conn.execute("INSERT OR REPLACE INTO event_groups(id, name, origin, created, "
                             "settings) VALUES (?, ?, 'edit', ?, ?)",
                             (gid, name, _now(), settings))
                conn.executemany("INSERT OR REPLACE INTO event_members(article_id, group_id) "
                                 "VALUES (?, ?)", [(a, gid) for a in members])
            self._bump()

    def merge_events(self, group_ids: Sequence[str], name: str | None = None) -> str:
        """Merge event groups into one that a new grouping will not undo.

        Parameters
        ----------
        group_ids : sequence of str
            Two or more group ids (:meth:`event_groups`).
        name : str, optional
            The merged event's name; default the first named group's name (or ``""``).

        Returns
        -------
        str
            The merged group's id (:func:`event_id` of its members).

        Raises
        ------
        StoreError
            Fewer than two distinct groups, or a group id that is not stored.
        """
        group_ids = list(dict.fromkeys(group_ids))
        if len(group_ids) < 2:
            raise StoreError(f"merging needs two or more event groups; got {group_ids}. "
                             "Example: framing events merge ev-1a2b3c4d5e ev-6f7a8b9c0d")
        members = [a for g in group_ids for a in self._members(g)]
        if name is None:
            names = [self._name(g) for g in group_ids]
            name = next((n for n in names if n), "")
        self._replace_groups(group_ids, [(name, members)])
        return event_id(members)

    def _name(self, group_id: str) -> str:
        row = self._conn.execute("SELECT name FROM event_groups WHERE id = ?",
                                 (group_id,)).fetchone()
        return row[0] if row else ""

    def split_event(self, group_id: str, article_ids: Sequence[str],
                    name: str = "") -> tuple[str, str]:
        """Move some articles of an event group into a new group of their own.

        Both parts become ``edit`` groups, so a new grouping keeps them apart; the part left
        behind keeps the group's name.

        Parameters
        ----------
        group_id : str
        article_ids : sequence of str
            Members of the group to move out (at least one, not all).
        name : str
            Name of the new group.

        Returns
        -------
        tuple of str
            Ids of the part left behind and of the new group.

        Raises
        ------
        StoreError
            The group is not stored, an article is not in it, or the split would leave one
            side empty.
        """
        members = self._members(group_id)
        moved = list(dict.fromkeys(article_ids))
        stray = [a for a in moved if a not in members]
        if stray:
            raise StoreError(f"article(s) {', '.join(stray)} are not in event group {group_id}; "
                             f"its members are {', '.join(members)}")
        rest = [a for a in members if a not in moved]
        if not moved or not rest:
            raise StoreError(f"a split must move at least one article of {group_id} and leave "
                             f"at least one; it has {len(members)} and {len(moved)} were given")
        self._replace_groups([group_id], [(self._name(group_id), rest), (name, moved)])
        return event_id(rest), event_id(moved)

    def name_event(self, group_id: str, name: str) -> None:
        """Name an event group (which also keeps it as it is through new groupings).

        Raises
        ------
        StoreError
            The group is not stored.
        """
        self._members(group_id)
        with self._transaction() as conn:
            conn.execute("UPDATE event_groups SET name = ?, origin = 'edit' WHERE id = ?",
                         (name.strip(), group_id))
            self._bump()

    # ----------------------------------------------------------------------------------------
    # Hit cache

    def hits(self, articles: Sequence[Article], matcher) -> pd.DataFrame:
        """Hits of ``articles`` under ``matcher``, from the cache where possible.

        Cached rows are keyed by article id and by the lexicon's hash, the hit columns
        (:data:`framing.matching.HIT_COLUMNS`) and the matching code, so an edited lexicon or a
        new version of the matcher is matched afresh. Misses are computed with
        :func:`framing.matching.hits_table` and stored in one transaction.

        Parameters
        ----------
        articles : sequence of Article
            Articles (stored or not; only stored ones are cached).
        matcher : framing.matching.Matcher

        Returns
        -------
        pandas.DataFrame
            Exactly what ``hits_table(articles, matcher)`` returns: columns
            :data:`~framing.matching.HIT_COLUMNS`, in article order then ``start``.

        Raises
        ------
        StoreError
            The cache could not be written (the hits are still returned by recomputing them
            only if writing fails after matching; here the error is raised).
        """
        from .matching import HIT_COLUMNS, hits_table  # noqa: PLC0415 - see _matching_fingerprint

        if self._fingerprint is None:
            self._fingerprint = _matching_fingerprint()
        key = f"{matcher.lexicon.hash}:{self._fingerprint}"
        ids = [a.id for a in articles]
        cached: dict[str, str] = {}
        for start in range(0, len(ids), 20000):
            chunk = ids[start:start + 20000]
            cached.update(self._conn.execute(
                "SELECT article_id, rows FROM hits WHERE key=? AND article_id IN "
                "(SELECT value FROM json_each(?))", (key, json.dumps(chunk))).fetchall())
        missing = [a for a in articles if a.id not in cached]
        fresh = hits_table(missing, matcher) if missing else None
        if fresh is not None:
            by_article: dict[str, list] = {a.id: [] for a in missing}
            records = fresh.astype(object).itertuples(index=False, name=None)
            for row in records:
                by_article[row[0]].append(list(row[1:]))
            payload = {i: json.dumps(rows, ensure_ascii=False) for i, rows in by_article.items()}
            cached.update(payload)
            self._store_hits(key, payload)
        columns = list(HIT_COLUMNS)
        rows = [(article_id, *row) for article_id in ids
                for row in json.loads(cached.get(article_id, "[]"))]
        if not rows:
            return hits_table([], matcher)
        # JSON keeps ints, floats and booleans apart, so pandas infers hits_table's dtypes.
        return pd.DataFrame(rows, columns=columns)

    def _store_hits(self, key: str, payload: dict[str, str]) -> None:
        if self.read_only:
            return  # the cache only saves time: a read-only store recomputes hits each time
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany(
                    "INSERT OR REPLACE INTO hits(article_id, key, rows) SELECT ?, ?, ? "
                    "WHERE EXISTS (SELECT 1 FROM articles WHERE id=?)",
                    [(i, key, rows, i) for i, rows in payload.items()])
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"could not write the hit cache in {self.path}: {exc}") from exc
