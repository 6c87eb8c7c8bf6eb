"""SQLite: how one write transaction sends its statements (the statements themselves, and
what the transaction does with them, are :mod:`planloop.store.sql_store`'s).

The store (sqlite.py) opens the transaction on its one writer connection and commits or
rolls it back; this is the work in between.

Every statement aiosqlite runs is a trip to its connection's thread and back (~60 µs on
an idle 2-core machine, more when busy; docs/benchmarks.md). A transaction here makes as
few trips as it can: a write waits in the transaction and goes with the next read (a
transaction that reads what it wrote still sees it) or with the commit, and ``BEGIN
IMMEDIATE`` goes with the first trip. Loading a run, appending its events and saving it
takes two trips instead of five.

The writer is taken at the first read, not at the start: a transaction that only writes
(an iteration's commit checks its run, ``check_run``, and reads nothing) never holds it.
Its writes go to the store's group commit (sqlite_batch.py) and are committed with
whatever else waits there, each such transaction apart in a savepoint: a thousand runs'
iterations and progress share a few trips instead of queueing one trip each.
"""

from __future__ import annotations

import asyncio
import functools
import json
import sqlite3
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar

import aiosqlite

from planloop.store.base import RunChanged, stamp
from planloop.store.sql import Dialect, Statements
from planloop.store.sql_store import Rows, SqlTransaction

# BEGIN IMMEDIATE makes the writer the only one: no row needs locking, no claim skipping.
SQL = Statements(
    Dialect(
        numbered=False,
        lock_rows="",
        skip_locked="",
        timestamp=stamp,
        id_list="SELECT value FROM json_each(?)",
        ids=json.dumps,
    )
)

T = TypeVar("T")

# How a statement is sent: once, once per row of parameters, or as a check that must
# find a row (else the transaction ends with RunChanged before anything is written).
ONCE, MANY, CHECK = "once", "many", "check"
Statement = tuple[str, Sequence[Any], str]  # sql, parameters, how


async def trip(conn: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """Run ``work`` on the connection's own thread: several statements, one trip.

    aiosqlite runs each of its own methods through ``Connection._execute``; it has no
    public way to run a batch, so this uses that one private method: pyproject.toml caps
    aiosqlite below the next minor release, and the store suite exercises it on every
    transaction.
    """
    result: T = await conn._execute(work, conn._conn)  # type: ignore[no-untyped-call]
    return result


def send(
    db: sqlite3.Connection,
    statements: Sequence[Statement],
    query: tuple[str, Sequence[Any]] | None,
) -> list[Any]:
    """In the connection's thread: the statements in order, then the query's rows."""
    for sql, params, how in statements:
        if how == MANY:
            db.executemany(sql, params)
            continue
        cursor = db.execute(sql, params)
        if how == CHECK and cursor.fetchone() is None:
            raise RunChanged(f"run {params[0]} was saved elsewhere since it was read")
    return db.execute(*query).fetchall() if query is not None else []


class SqliteTransaction(SqlTransaction):
    """One transaction on the store's writer connection.

    ``lock`` is the store's write lock, taken at the first read and held to the end
    (:meth:`release`); ``ready`` checks that the database file is still the one opened,
    before a commit; ``group`` commits a transaction that read nothing with the others
    that wait (``WriteGroups.add_writes``)."""

    __slots__ = ("_begun", "_conn", "_group", "_held", "_lock", "_ready", "_waiting")
    sql = SQL

    def __init__(
        self,
        conn: aiosqlite.Connection,
        lock: asyncio.Lock,
        ready: Callable[[], None],
        group: Callable[[list[Statement]], Awaitable[None]],
    ) -> None:
        self._conn, self._lock, self._ready, self._group = conn, lock, ready, group
        self._begun = False
        self._held = False
        self._waiting: list[Statement] = []

    def _take(self) -> list[Statement]:
        """The writes waiting to go, after ``BEGIN IMMEDIATE`` if none has gone yet."""
        taken, self._waiting = self._waiting, []
        if not self._begun:
            self._begun = True
            taken.insert(0, ("BEGIN IMMEDIATE", (), ONCE))
        return taken

    async def _rows(self, sql: str, params: Sequence[Any]) -> Rows:
        if not self._held:  # the first read: from here on the writer is this one's
            await self._lock.acquire()
            self._held = True
        return await trip(
            self._conn, functools.partial(send, statements=self._take(), query=(sql, params))
        )

    async def _write(self, sql: str, params: Sequence[Any]) -> None:
        self._waiting.append((sql, params, ONCE))

    async def _write_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        self._waiting.append((sql, rows, MANY))

    async def _check(self, sql: str, params: Sequence[Any]) -> None:
        # Sent with the writes, before them: nothing can change the row between the
        # check and them (the writer's transaction, or the group's, is immediate).
        self._waiting.append((sql, params, CHECK))

    async def commit(self) -> None:
        """Send what waits and commit: in one trip if this transaction read (it holds the
        writer), else with the group (none at all if nothing was written)."""
        if self._held:
            self._ready()  # nothing written to a lost file is acknowledged
            statements = [*self._take(), ("COMMIT", (), ONCE)]
            await trip(self._conn, functools.partial(send, statements=statements, query=None))
        elif self._waiting:
            writes, self._waiting = self._waiting, []
            await self._group(writes)

    async def abandon(self) -> None:
        """After a failure: roll back what this transaction began on the writer. Queued
        after any trip still in aiosqlite's thread (a caller cancelled while its BEGIN or
        COMMIT runs there), so nothing is left open for the next transaction; a no-op if
        it committed. A transaction that never held the writer has nothing there."""
        if self._held:
            await asyncio.shield(self._conn.rollback())

    def release(self) -> None:
        if self._held:
            self._held = False
            self._lock.release()
