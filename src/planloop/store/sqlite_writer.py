"""SQLite: where the writer connection's work runs, on the event loop or in its thread.

aiosqlite runs every call in the connection's own thread. A trip there and back wakes
that thread, waits for the GIL and wakes the loop again: ~0.1 ms on an idle 2-core
machine, far more when busy, against 0.01 to 0.04 ms for the SQL of a decision
(docs/benchmarks.md, latency against the floor). With WAL and ``synchronous=NORMAL`` a
commit writes to the WAL and does not sync, so a transaction's statements are cheaper run
on the loop itself, where they are now.

Only two things could hold the loop there, and neither is allowed to:

- *another process's write lock* (a ``planloop`` CLI on the same file, a backup). On the
  loop the busy timeout is 0: a statement that meets such a lock fails at once, before it
  has done anything, and is sent to the thread instead, where it waits up to the store's
  ``busy_timeout_ms`` as before (each trip there sets it and puts 0 back).
- *work already in the thread* (a group commit, a trip whose caller was cancelled): while
  any is there, everything goes to the thread behind it, so the connection is never used
  from two threads at once and its statements keep their order.

A group commit (sqlite_batch.py) runs on the loop too when it is small; a big one goes
to the thread on purpose: SQLite lets go of the GIL while it works, so the loop serves
streams meanwhile.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TypeVar

import aiosqlite

T = TypeVar("T")
Work = Callable[[sqlite3.Connection], T]


def is_busy(exc: BaseException) -> bool:
    """A lock held by another connection stopped the statement (SQLITE_BUSY/LOCKED)."""
    message = str(exc).lower()
    return isinstance(exc, sqlite3.OperationalError) and ("locked" in message or "busy" in message)


class Writer:
    """The store's one writer connection (``conn``, opened with ``check_same_thread`` off)
    and the two ways to run work on it: :meth:`run` (on the loop when it cannot wait) and
    :meth:`away` (in aiosqlite's thread). Used only under the store's write lock, so one
    piece of work at a time is started; :meth:`away` work may outlive a cancelled caller,
    which is why it is counted."""

    __slots__ = ("_back", "_busy_ms", "_db", "_sent", "conn")

    def __init__(self, conn: aiosqlite.Connection, busy_timeout_ms: int) -> None:
        self.conn = conn
        # aiosqlite's own sqlite3 connection: it has no public accessor (pyproject.toml
        # caps aiosqlite below the next minor release; the store suite runs on it).
        self._db: sqlite3.Connection = conn._conn
        self._busy_ms = busy_timeout_ms
        # Trips sent to the thread, counted on the loop, and trips back, counted in the
        # thread: each counter has one writer, so neither needs a lock.
        self._sent = 0
        self._back = 0

    def start(self) -> None:
        """From here on (the store opened, its migrations done in the thread) the
        connection does not wait for locks between trips: work on the loop fails at once
        instead, and a trip to the thread waits, for as long as the store says."""
        assert self.idle
        self._db.execute("PRAGMA busy_timeout=0")

    @property
    def idle(self) -> bool:
        """No work of this connection is in its thread (or queued there)."""
        return self._sent == self._back

    async def away(self, work: Work[T]) -> T:
        """``work`` in the connection's thread, behind whatever is there; a lock held
        elsewhere is waited for up to the busy timeout. It runs to its end even when the
        caller is cancelled meanwhile (a trip cannot be taken back)."""

        def waiting(db: sqlite3.Connection) -> T:
            try:
                db.execute(f"PRAGMA busy_timeout={self._busy_ms}")
                try:
                    return work(db)
                finally:
                    db.execute("PRAGMA busy_timeout=0")
            finally:
                self._back += 1

        if not self.conn._running:
            raise ValueError("Connection closed")  # as aiosqlite says it, before queueing
        self._sent += 1
        result: T = await self.conn._execute(waiting, self._db)  # type: ignore[no-untyped-call]
        return result

    async def run(self, work: Work[T]) -> T:
        """``work`` on the loop, now, unless the thread has work of this connection or a
        lock held by another connection is in the way: then :meth:`away`. ``work`` must
        begin with the statement that may meet such a lock (``BEGIN IMMEDIATE``, or a
        write in autocommit mode), so that failing there has changed nothing."""
        if self.idle:
            db = self._db
            try:
                return work(db)
            except sqlite3.OperationalError as exc:
                if not is_busy(exc) or db.in_transaction:
                    raise
        return await self.away(work)
