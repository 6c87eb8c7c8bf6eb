"""The memory index in SQLite: FTS5 full-text search plus the graph's tables.

One file, ``<memory>/.planloop/index.db``, owned by the memory package and rebuilt from the
folder whenever it is missing, unreadable or of another schema version. WAL mode and a busy
timeout let the server, its watcher and a command line share it; one connection per index,
used under a lock (every call is short).
"""

from __future__ import annotations

import contextlib
import json
import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from planloop.memory.index import FileStamp, GraphEntity, GraphRelation, IndexedNote, SearchHit

log = logging.getLogger(__name__)

SCHEMA_VERSION = "2"
CANDIDATES = 50  # how many BM25 leaders are re-ranked by the number of terms they contain
SNIPPET_TOKENS = 16
NAME_WEIGHT = 4.0  # a term in the entity's name counts four times one in its text
_CHUNK = 500

_SCHEMA = """
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE notes (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    path TEXT NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    inode INTEGER NOT NULL,
    version TEXT NOT NULL,
    kind TEXT NOT NULL,
    description TEXT NOT NULL,
    observations TEXT NOT NULL,
    written TEXT
);
CREATE INDEX notes_kind ON notes (kind, name);
CREATE TABLE relations (
    source TEXT NOT NULL,
    pos INTEGER NOT NULL,
    target TEXT NOT NULL,
    type TEXT NOT NULL,
    PRIMARY KEY (source, pos)
) WITHOUT ROWID;
CREATE INDEX relations_target ON relations (target);
CREATE VIRTUAL TABLE fts USING fts5 (
    name, body, tokenize = 'porter unicode61 remove_diacritics 2'
);
INSERT INTO fts (fts, rank) VALUES ('rank', 'bm25({NAME_WEIGHT}, 1.0)');
"""


def _phrase(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def _chunks(items: Sequence[str]) -> Iterator[Sequence[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class SqliteIndex:
    """:class:`~planloop.memory.index.MemoryIndex` in one SQLite file."""

    def __init__(self, path: Path) -> None:
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            self._db = self._open()
        except sqlite3.DatabaseError as exc:  # not a database, or damaged: it is only a cache
            log.warning("rebuilding the memory index %s: %s", path, exc)
            for suffix in ("", "-wal", "-shm"):
                with contextlib.suppress(FileNotFoundError):
                    Path(f"{path}{suffix}").unlink()
            self._db = self._open()

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None, check_same_thread=False)
        try:
            db.execute("PRAGMA busy_timeout = 30000")
            db.execute("PRAGMA journal_mode = WAL")
            db.execute("PRAGMA synchronous = NORMAL")
            db.execute("BEGIN IMMEDIATE")
            try:
                tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master")}
                version = None
                if "meta" in tables:
                    row = db.execute("SELECT value FROM meta WHERE key = 'schema'").fetchone()
                    version = row[0] if row else None
                if version != SCHEMA_VERSION:
                    for table in ("fts", "relations", "notes", "meta"):
                        db.execute(f"DROP TABLE IF EXISTS {table}")
                    for statement in _SCHEMA.format(NAME_WEIGHT=NAME_WEIGHT).split(";\n"):
                        if statement.strip():
                            db.execute(statement)
                    db.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        except BaseException:
            db.close()
            raise
        return db

    @contextlib.contextmanager
    def _tx(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

    def _rows(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    # -- keeping it in step with the folder ---------------------------------------------------

    def stamps(self) -> dict[str, FileStamp]:
        rows = self._rows("SELECT name, path, mtime_ns, size, inode FROM notes")
        return {r[0]: FileStamp(r[1], r[2], r[3], r[4]) for r in rows}

    def upsert(self, items: Sequence[IndexedNote]) -> None:
        with self._tx() as db:
            for item in items:
                st = item.stamp
                values = (
                    st.path,
                    st.mtime_ns,
                    st.size,
                    st.inode,
                    item.version,
                    item.kind,
                    item.description,
                    json.dumps(list(item.observations), ensure_ascii=False),
                )
                row = db.execute("SELECT id FROM notes WHERE name = ?", (item.name,)).fetchone()
                if row is None:
                    cur = db.execute(
                        "INSERT INTO notes (path, mtime_ns, size, inode, version, kind,"
                        " description, observations, name) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        (*values, item.name),
                    )
                    rowid = cur.lastrowid
                else:
                    rowid = row[0]
                    db.execute(
                        "UPDATE notes SET path = ?, mtime_ns = ?, size = ?, inode = ?,"
                        " version = ?, kind = ?, description = ?, observations = ?"
                        " WHERE id = ?",
                        (*values, rowid),
                    )
                    db.execute("DELETE FROM fts WHERE rowid = ?", (rowid,))
                db.execute(
                    "INSERT INTO fts (rowid, name, body) VALUES (?, ?, ?)",
                    (rowid, item.name, item.text),
                )
                db.execute("DELETE FROM relations WHERE source = ?", (item.name,))
                db.executemany(
                    "INSERT INTO relations (source, pos, target, type) VALUES (?, ?, ?, ?)",
                    [(item.name, i, to, kind) for i, (kind, to) in enumerate(item.relations)],
                )

    def remove(self, names: Iterable[str]) -> None:
        wanted = list(names)
        if not wanted:
            return
        with self._tx() as db:
            for name in wanted:
                row = db.execute("SELECT id FROM notes WHERE name = ?", (name,)).fetchone()
                if row is not None:
                    db.execute("DELETE FROM fts WHERE rowid = ?", (row[0],))
                    db.execute("DELETE FROM notes WHERE id = ?", (row[0],))
                db.execute("DELETE FROM relations WHERE source = ?", (name,))

    def path_of(self, name: str) -> str | None:
        rows = self._rows("SELECT path FROM notes WHERE name = ?", (name,))
        return str(rows[0][0]) if rows else None

    def written(self, name: str) -> str | None:
        rows = self._rows("SELECT written FROM notes WHERE name = ?", (name,))
        return rows[0][0] if rows and rows[0][0] is not None else None

    def mark_written(self, name: str, version: str | None) -> None:
        with self._tx() as db:
            db.execute("UPDATE notes SET written = ? WHERE name = ?", (version, name))

    # -- reading ------------------------------------------------------------------------------

    def search(
        self, terms: Sequence[str], limit: int, *, snippets: bool = False
    ) -> list[SearchHit]:
        """The best ``CANDIDATES`` notes by BM25 (FTS5's own top-k), re-ranked by how many
        distinct terms they contain, then BM25, then name; the first ``limit`` of them."""
        if not terms or limit <= 0:
            return []
        phrases = [_phrase(t) for t in terms]
        query = " OR ".join(phrases)
        top = {
            r[0]: float(r[1])
            for r in self._rows(
                "SELECT rowid, rank FROM fts WHERE fts MATCH ? ORDER BY rank LIMIT ?",
                [query, max(limit, CANDIDATES)],
            )
        }
        if not top:
            return []
        marks = ",".join("?" * len(top))
        matched = dict.fromkeys(top, 1 if len(phrases) == 1 else 0)
        for phrase in phrases if len(phrases) > 1 else []:
            for (rowid,) in self._rows(
                f"SELECT rowid FROM fts WHERE fts MATCH ? AND rowid IN ({marks})",  # noqa: S608
                [phrase, *top],
            ):
                matched[rowid] += 1
        notes = self._rows(
            f"SELECT id, name, kind, description FROM notes WHERE id IN ({marks})",  # noqa: S608
            list(top),
        )
        notes.sort(key=lambda r: (-matched[r[0]], top[r[0]], r[1]))
        best = notes[:limit]
        quotes: dict[int, str] = {}
        if snippets:
            marks = ",".join("?" * len(best))
            quotes = {
                r[0]: " ".join(str(r[1]).split())
                for r in self._rows(
                    f"SELECT rowid, snippet(fts, 1, '', '', '…', {SNIPPET_TOKENS})"  # noqa: S608
                    f" FROM fts WHERE fts MATCH ? AND rowid IN ({marks})",
                    [query, *(r[0] for r in best)],
                )
            }
        return [
            SearchHit(r[1], r[2], r[3], matched[r[0]], -top[r[0]], quotes.get(r[0], ""))
            for r in best
        ]

    def containing(self, words: str) -> list[str]:
        """Names of the notes whose text holds ``words`` in a row (as the full-text index
        splits and stems them; a superset of the notes holding them verbatim), by name."""
        rows = self._rows(
            "SELECT n.name FROM fts JOIN notes n ON n.id = fts.rowid"
            " WHERE fts MATCH ? ORDER BY n.name",
            ["body : " + _phrase(words)],
        )
        return [r[0] for r in rows]

    def summaries(self, kind: str | None = None) -> list[tuple[str, str, str]]:
        if kind is None:
            rows = self._rows("SELECT name, description, kind FROM notes ORDER BY name")
        else:
            rows = self._rows(
                "SELECT name, description, kind FROM notes WHERE kind = ? ORDER BY name", (kind,)
            )
        return [(r[0], r[1], r[2]) for r in rows]

    def entities(self, names: Iterable[str] | None = None) -> list[GraphEntity]:
        sql = "SELECT name, kind, observations FROM notes"
        if names is None:
            rows = self._rows(sql)
        else:
            wanted = list(dict.fromkeys(names))
            rows = []
            for part in _chunks(wanted):
                marks = ",".join("?" * len(part))
                rows += self._rows(f"{sql} WHERE name IN ({marks})", part)
        found = [GraphEntity(r[0], r[1], list(json.loads(r[2]))) for r in rows]
        return sorted(found, key=lambda e: e.name)

    def relations(self, names: Iterable[str] | None = None) -> list[GraphRelation]:
        sql = (
            "SELECT r.source, r.target, r.type, r.pos FROM relations r"
            " JOIN notes n ON n.name = r.target"
        )
        if names is None:
            rows = self._rows(sql)
        else:
            wanted = list(dict.fromkeys(names))
            rows = []
            for part in _chunks(wanted):
                marks = ",".join("?" * len(part))
                rows += self._rows(
                    f"{sql} WHERE r.source IN ({marks}) OR r.target IN ({marks})", [*part, *part]
                )
        ordered = sorted({(r[0], r[3]): r for r in rows}.values(), key=lambda r: (r[0], r[3]))
        unique = dict.fromkeys(GraphRelation(r[0], r[1], r[2]) for r in ordered)
        return list(unique)

    def links_in(self, name: str) -> list[str]:
        rows = self._rows(
            "SELECT DISTINCT source FROM relations WHERE target = ? AND source != ?"
            " ORDER BY source",
            (name, name),
        )
        return [r[0] for r in rows]

    def close(self) -> None:
        with self._lock:
            self._db.close()
