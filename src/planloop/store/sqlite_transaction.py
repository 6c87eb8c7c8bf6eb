"""SQLite: how one write transaction sends its statements (the statements themselves, and
what the transaction does with them, are :mod:`planloop.store.sql_store`'s).

The store (sqlite.py) opens the transaction on its one writer connection and commits or
rolls it back; this is the work in between.

A transaction's statements run on the writer (sqlite_writer.py): on the event loop, or in
aiosqlite's thread when they must wait for a lock. Either way each piece of work has a
fixed cost (a trip to the thread and back was ~60 µs on an idle 2-core machine, more when
busy; docs/benchmarks.md), so a transaction sends as few as it can: a write waits in the
transaction and goes with the next read (a transaction that reads what it wrote still sees
it) or with the commit, and ``BEGIN IMMEDIATE`` goes with the first. Loading a run,
appending its events and saving it is two pieces of work instead of five.

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
from typing import Any

from planloop.store.base import RunChanged, stamp
from planloop.store.sql import Dialect, Statements
from planloop.store.sql_store import Rows, SqlTransaction
from planloop.store.sqlite_writer import Writer

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

# How a statement is sent: once, once per row of parameters, or as a check that must
# find a row (else the transaction ends with RunChanged before anything is written).
ONCE, MANY, CHECK = "once", "many", "check"
Statement = tuple[str, Sequence[Any], str]  # sql, parameters, how


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
            raise RunChanged.of(params[0])
    return db.execute(*query).fetchall() if query is not None else []


class SqliteTransaction(SqlTransaction):
    """One transaction on the store's writer connection.

    ``lock`` is the store's write lock, taken at the first read and held to the end
    (:meth:`release`); ``ready`` checks that the database file is still the one opened,
    before a commit; ``group`` commits a transaction that read nothing with the others
    that wait (``WriteGroups.add_writes``)."""

    __slots__ = ("_begun", "_group", "_held", "_lock", "_ready", "_waiting", "_writer")
    sql = SQL

    def __init__(
        self,
        writer: Writer,
        lock: asyncio.Lock,
        ready: Callable[[], None],
        group: Callable[[list[Statement]], Awaitable[None]],
    ) -> None:
        self._writer, self._lock, self._ready, self._group = writer, lock, ready, group
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
        return await self._writer.run(
            functools.partial(send, statements=self._take(), query=(sql, params))
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
            await self._writer.run(functools.partial(send, statements=statements, query=None))
        elif self._waiting:
            writes, self._waiting = self._waiting, []
            await self._group(writes)

    async def abandon(self) -> None:
        """After a failure: roll back what this transaction began on the writer; a no-op if
        it committed, or if it never held the writer. On the loop that is done at once.
        Work of its own still in the connection's thread (a caller cancelled there) is
        rolled back behind it, and the writer stays taken until that is back: the next
        transaction finds none open, whatever happens to this caller meanwhile."""
        if not self._held:
            return
        if self._writer.idle:
            await self._writer.run(_roll_back)  # nothing to wait for: done before it returns
            return
        rollback = asyncio.ensure_future(self._writer.away(_roll_back))
        self._held = False
        rollback.add_done_callback(self._released_after)
        await asyncio.shield(rollback)

    def _released_after(self, rollback: asyncio.Future[None]) -> None:
        if not rollback.cancelled():
            rollback.exception()  # the caller's failure is the one raised, not this
        self._lock.release()

    def release(self) -> None:
        if self._held:
            self._held = False
            self._lock.release()


def _roll_back(db: sqlite3.Connection) -> None:
    if db.in_transaction:
        db.execute("ROLLBACK")
