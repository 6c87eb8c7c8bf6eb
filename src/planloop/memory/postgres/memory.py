"""Memory in PostgreSQL: the notes every replica shares (``PLANLOOP_DATABASE_URL=postgresql://``).

One row per entity (``memory_entities``: name, Markdown text, version, what is derived from
the text, a ``tsvector`` with a GIN index), its relations (``memory_relations``) and user.md
(``memory_user``), each row in a ``space`` (:mod:`planloop.memory.spaces`) — schema migrations
3 and 6 of :mod:`planloop.store.postgres_schema`. The folder
is not live in this mode: ``planloop memory export|import --vault DIR``
(:mod:`planloop.memory.postgres.folder_sync`) syncs a folder with these rows, both ways.

Why psycopg (3, synchronous) next to the store's asyncpg: the memory API is synchronous —
called through :func:`asyncio.to_thread` by the server, directly by the command line, the
graph operations and the MCP tools — and a note edit runs Python (``change(text)``) between
its read and its write inside one transaction. psycopg's thread-safe pool gives each call a
connection of its own; bridging asyncpg would need a private event loop thread and a hop per
statement. The one read on a request's path, the grounding of a new run, is also sent from
the event loop, on psycopg's asyncio connections (:mod:`.connections`).

Concurrency: every write is one transaction. Whole-note edits are optimistic
(``UPDATE … WHERE version = <base>``: a stale edit is refused with :class:`StaleEntity`);
graph edits lock the row (``FOR UPDATE``), so concurrent ones apply one after the other;
plan saves take one advisory lock, so two replicas saving the same run make one entity.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, LiteralString

import psycopg
from psycopg_pool import ConnectionPool

from planloop.domain import MemoryNote
from planloop.memory import markup, notes
from planloop.memory.base import EntitySummary, GraphIndex, NoteReads, entity_exists
from planloop.memory.index import GraphEntity, GraphRelation, SearchHit
from planloop.memory.names import (
    EntityNotFound,
    InvalidEntityName,
    is_entity_name,
    validate_entity_name,
)
from planloop.memory.postgres import search
from planloop.memory.postgres.connections import (
    CONNECT_TIMEOUT_S,
    LoopPool,
    database_url,
    still_open,
)
from planloop.memory.postgres.plans import save_plan
from planloop.memory.postgres.rows import (
    Conn,
    derive,
    edit_user,
    find_by_run,
    insert,
    migrate,
    refuse,
    replace,
    storable,
)
from planloop.memory.spaces import SHARED, check_space_id


@dataclass(frozen=True)
class StoredNote:
    """A note as the database holds it (for the folder sync)."""

    text: str
    version: str
    folder: str | None


class PgMemory(NoteReads):
    """:class:`planloop.memory.base.Memory` over PostgreSQL (see the module docstring): the
    notes of one space (:mod:`planloop.memory.spaces`; ``''``, the shared one, by default).
    :meth:`in_space` gives another space on the same connections."""

    def __init__(
        self, url: str, *, min_size: int = 1, max_size: int = 8, space: str = SHARED
    ) -> None:
        self.url = database_url(url)
        self.space = check_space_id(space)
        self._owns_pool = True
        # One plain connection first: a database that is not there fails here, at once and
        # clearly, instead of in the pool's background retries.
        with psycopg.connect(self.url, autocommit=True, connect_timeout=CONNECT_TIMEOUT_S) as conn:
            migrate(conn)
        self.pool: ConnectionPool[Conn] = ConnectionPool(
            self.url,
            min_size=min_size,
            max_size=max_size,
            kwargs={"autocommit": True, "connect_timeout": CONNECT_TIMEOUT_S},
            check=still_open,
            open=False,
            name="planloop-memory",
        )
        self._local = threading.local()
        self.pool.open(wait=False)
        # Reads on the event loop (a grounding): opened by the first, closed by aclose().
        self.loop_pool = LoopPool(self.url, max_size=max_size, connect_timeout=CONNECT_TIMEOUT_S)

    def in_space(self, space: str) -> PgMemory:
        """The notes of ``space``, on this memory's pool (closing it closes nothing)."""
        view = object.__new__(PgMemory)
        view.url, view.pool, view.space = self.url, self.pool, check_space_id(space)
        view.loop_pool = self.loop_pool
        view._owns_pool = False
        view._local = threading.local()
        return view

    async def aclose(self) -> None:
        if self._owns_pool:
            await self.loop_pool.close()

    def close(self) -> None:
        if self._owns_pool:
            self.pool.close()

    # -- connections and transactions --------------------------------------------------------

    @contextlib.contextmanager
    def _conn(self) -> Iterator[Conn]:
        outer: Conn | None = getattr(self._local, "conn", None)
        if outer is not None:  # inside transaction(): part of it
            yield outer
            return
        with self.pool.connection() as conn:
            yield conn

    @contextlib.contextmanager
    def _write(self) -> Iterator[Conn]:
        """One transaction (a savepoint inside :meth:`transaction`)."""
        with self._conn() as conn, conn.transaction():
            yield conn

    @contextlib.contextmanager
    def transaction(self, *, exclusive: bool = False) -> Iterator[None]:
        """Every read and write of this thread in the block is one transaction: all of it
        commits, or (on an exception) none. ``exclusive`` also keeps other writers out until
        it ends (the folder import, which compares and then writes)."""
        if getattr(self._local, "conn", None) is not None:
            yield
            return
        with self.pool.connection() as conn, conn.transaction():
            if exclusive:
                conn.execute("LOCK TABLE memory_entities, memory_user IN EXCLUSIVE MODE")
            self._local.conn = conn
            try:
                yield
            finally:
                self._local.conn = None

    def _rows(
        self, sql: LiteralString, params: Sequence[Any] | Mapping[str, Any] = ()
    ) -> list[tuple[Any, ...]]:
        """A read's rows. A pooled connection the server closed just as it was handed out
        (its goodbye not yet arrived: see :func:`.connections.still_open`) fails the read; a
        read can be sent again, so it is, once, on another connection (not inside a
        transaction)."""
        try:
            with self._conn() as conn:
                return conn.execute(sql, params).fetchall()
        except psycopg.OperationalError:
            if getattr(self._local, "conn", None) is not None:
                raise
        with self._conn() as conn:  # the pool dropped the broken one when it came back
            return conn.execute(sql, params).fetchall()

    # -- reading -----------------------------------------------------------------------------

    @property
    def index(self) -> GraphIndex:
        return self

    def ensure_synced(self) -> None:
        """Nothing to do: the rows are the memory."""

    def list_entities(self, kind: str | None = None) -> list[EntitySummary]:
        sql: LiteralString = "SELECT name, description, kind FROM memory_entities WHERE space = %s"
        if kind is None:
            rows = self._rows(sql + " ORDER BY name", (self.space,))
        else:
            rows = self._rows(sql + " AND kind = %s ORDER BY name", (self.space, kind))
        return [EntitySummary(*row) for row in rows]

    def exists(self, name: str) -> bool:
        try:
            validate_entity_name(name)
        except InvalidEntityName:
            return False
        return bool(
            self._rows(
                "SELECT 1 FROM memory_entities WHERE space = %s AND name = %s", (self.space, name)
            )
        )

    def read_versioned(self, name: str) -> tuple[str, str]:
        validate_entity_name(name)
        rows = self._rows(
            "SELECT text, version FROM memory_entities WHERE space = %s AND name = %s",
            (self.space, name),
        )
        if not rows:
            raise EntityNotFound(name)
        return rows[0][0], rows[0][1]

    def read_many(self, names: Sequence[str]) -> dict[str, str]:
        """One query for all of them (a grounding looks up to 24 names and 20 hits)."""
        valid = [name for name in names if is_entity_name(name)]
        if not valid:
            return {}
        rows = self._rows(
            "SELECT name, text FROM memory_entities WHERE space = %s AND name = ANY(%s)",
            (self.space, valid),
        )
        return {name: text for name, text in rows}

    def entity_type(self, name: str, text: str) -> str:
        rows = self._rows(
            "SELECT folder FROM memory_entities WHERE space = %s AND name = %s", (self.space, name)
        )
        return notes.kind_of(name, text, rows[0][0] if rows else None)

    def search_hits(
        self, query: str, limit: int = 10, *, snippets: bool = False
    ) -> list[SearchHit]:
        return search.hits(self._rows, self.space, query, limit, snippets=snippets)

    def found_notes(self, named: Sequence[str], query: str, limit: int) -> list[MemoryNote]:
        """Found and read in one statement (a grounding, at every run's creation)."""
        found = search.found(self._rows, self.space, named, query, limit)
        return self.existing_notes(named) if found is None else found

    async def found_notes_async(
        self, named: Sequence[str], query: str, limit: int
    ) -> list[MemoryNote]:
        """The same statement, sent from the event loop (see :mod:`.connections`)."""
        asked = search.finding(self.space, named, query, limit)
        if asked is None:  # no term to search for: the named notes alone, in a thread
            return await super().found_notes_async(named, query, limit)
        return asked.notes(await self.loop_pool.rows(asked.sql, asked.params))

    def links_in(self, name: str) -> list[str]:
        rows = self._rows(
            "SELECT DISTINCT source FROM memory_relations"
            " WHERE space = %s AND target = %s AND source <> %s ORDER BY source",
            (self.space, name, name),
        )
        return [r[0] for r in rows]

    def find_by_run(self, run_id: str) -> str | None:
        """The plan entity saved for ``run_id`` (by its ``- run_id:`` fact), if any."""
        with self._conn() as conn:
            return find_by_run(conn, self.space, run_id)

    def entities(self, names: Iterable[str] | None = None) -> list[GraphEntity]:
        sql: LiteralString = "SELECT name, kind, observations FROM memory_entities WHERE space = %s"
        if names is None:
            rows = self._rows(sql + " ORDER BY name", (self.space,))
        else:
            rows = self._rows(sql + " AND name = ANY(%s) ORDER BY name", (self.space, list(names)))
        return [GraphEntity(r[0], r[1], list(r[2])) for r in rows]

    def relations(self, names: Iterable[str] | None = None) -> list[GraphRelation]:
        sql: LiteralString = (
            "SELECT r.source, r.target, r.type FROM memory_relations r"
            " JOIN memory_entities n ON n.space = r.space AND n.name = r.target"
            " WHERE r.space = %s"
        )
        order: LiteralString = " ORDER BY r.source, r.pos"
        if names is None:
            rows = self._rows(sql + order, (self.space,))
        else:
            wanted = list(names)
            rows = self._rows(
                sql + " AND (r.source = ANY(%s) OR r.target = ANY(%s))" + order,
                (self.space, wanted, wanted),
            )
        return list(dict.fromkeys(GraphRelation(r[0], r[1], r[2]) for r in rows))

    # -- writing -----------------------------------------------------------------------------

    def save_plan(
        self,
        *,
        run_id: str,
        goal: str,
        plan: str,
        facts: Mapping[str, str],
        links: Sequence[str] = (),
    ) -> str:
        """As :meth:`planloop.memory.folder.vault.Vault.save_plan`, in one transaction."""
        with self._write() as conn:
            return save_plan(
                conn, self.space, run_id=run_id, goal=goal, plan=plan, facts=facts, links=links
            )

    def create(self, name: str, markdown: str) -> str:
        validate_entity_name(name)
        row = derive(name, storable(notes.check_text(markdown, "markdown")))
        with self._write() as conn:
            if not insert(conn, self.space, row, written=True):
                raise entity_exists(name)
            edit_user(conn, self.space, lambda text: notes.add_entity_link(text, name))
        return row.version

    def update(self, name: str, markdown: str, base_version: str | None = None) -> str:
        """Replace the note's text: ``UPDATE … WHERE version = base_version`` (when given);
        an edit based on an older version is refused with :class:`StaleEntity`."""
        validate_entity_name(name)
        text = storable(notes.check_text(markdown, "markdown"))
        with self._write() as conn:
            found = conn.execute(
                "SELECT version, folder FROM memory_entities WHERE space = %s AND name = %s",
                (self.space, name),
            ).fetchone()
            if found is None:
                raise EntityNotFound(name)
            row = derive(name, text, found[1])
            if row.version == found[0] and base_version in (None, found[0]):
                return row.version
            if not replace(conn, self.space, row, written=True, base_version=base_version):
                refuse(conn, self.space, name, base_version)
        return row.version

    def edit(self, name: str, change: Callable[[str], str]) -> bool:
        """Apply ``change`` to the note with its row locked: concurrent edits apply one
        after the other, each to the other's result."""
        validate_entity_name(name)
        with self._write() as conn:
            found = conn.execute(
                "SELECT text, version, folder FROM memory_entities"
                " WHERE space = %s AND name = %s FOR UPDATE",
                (self.space, name),
            ).fetchone()
            if found is None:
                raise EntityNotFound(name)
            text = storable(change(found[0]))
            if text == found[0]:
                return False
            row = derive(name, text, found[2])
            replace(conn, self.space, row, written=True, base_version=found[1])
        return True

    def delete(self, name: str, base_version: str | None = None) -> None:
        validate_entity_name(name)
        with self._write() as conn:
            gone = conn.execute(
                "DELETE FROM memory_entities WHERE space = %s AND name = %s"
                " AND (%s::text IS NULL OR version = %s) RETURNING name",
                (self.space, name, base_version, base_version),
            ).fetchone()
            if gone is None:
                refuse(conn, self.space, name, base_version)
            edit_user(conn, self.space, lambda text: markup.delete_links_to(text, name)[0])

    # -- user.md and the folder sync (.folder_sync) ----------------------------------------

    def user_text(self) -> str | None:
        """user.md as the database holds it (``None`` until something was linked)."""
        rows = self._rows("SELECT text FROM memory_user WHERE space = %s", (self.space,))
        return str(rows[0][0]) if rows else None

    def memory_id(self) -> str:
        """This memory's random id (which database, and which space of it, a folder was last
        synced with)."""
        found = str(self._rows("SELECT value FROM memory_meta WHERE key = 'id'")[0][0])
        return f"{found}/{self.space}" if self.space else found

    def stored_notes(self) -> dict[str, StoredNote]:
        """Every note's text, version and folder, by name."""
        rows = self._rows(
            "SELECT name, text, version, folder FROM memory_entities WHERE space = %s",
            (self.space,),
        )
        return {r[0]: StoredNote(r[1], r[2], r[3]) for r in rows}

    def put_note(self, name: str, markdown: str, folder: str | None) -> None:
        """Create or replace a note as a person wrote it (not planloop's own version, so a
        plan note changed this way is kept as it is), without touching user.md."""
        validate_entity_name(name)
        row = derive(name, storable(markdown), folder)
        with self._write() as conn:
            if not insert(conn, self.space, row, written=False):
                replace(conn, self.space, row, written=False, base_version=None)

    def drop_note(self, name: str) -> None:
        """Delete a note without touching user.md or other notes."""
        with self._write() as conn:
            conn.execute(
                "DELETE FROM memory_entities WHERE space = %s AND name = %s", (self.space, name)
            )

    def set_user_text(self, text: str) -> None:
        with self._write() as conn:
            edit_user(conn, self.space, lambda _: text)
