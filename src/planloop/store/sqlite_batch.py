"""SQLite: the events many runs write behind at once, committed together (group commit).

A model planner's progress reaches the store as one small commit per run every ~0.1 s
(planloop.engine.outbox, ``Store.add_events``). With a thousand runs that is ten thousand
transactions a second, and each one is a trip to aiosqlite's thread and back, a
``BEGIN IMMEDIATE`` and a ``COMMIT``: the trips, not the rows, were the cost
(docs/benchmarks.md, throughput at model pacing). Here every call that arrives while the
writer is busy waits in one queue; the next trip takes the whole queue and commits it in
one transaction. Each call keeps its own fence: its run's ``last_seq`` is saved by an
UPDATE that matches only while the fence holds (``Statements.put_seq_checked``), and a
call whose run changed writes nothing and is refused with ``RunChanged``, as alone; the
others still commit. A failure of the transaction itself (the disk, the file lost) fails every
call in it, with nothing written.

Only event-only commits are grouped. A commit that saves a run's body goes on through
``SqliteStore.transaction`` one at a time, so its order against these stays the caller's:
the outbox settles its write before the iteration's own commit starts.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import aiosqlite

from planloop.domain import Run
from planloop.events import StoredEvent
from planloop.store.base import RunChanged
from planloop.store.sqlite_transaction import SQL, trip


@dataclass(slots=True)
class _Call:
    """One ``add_events``: its rows, its fenced save of the run, its outcome once its group
    has ended (``error`` None: written) and the future its caller waits on."""

    rows: list[tuple[Any, ...]]
    fence: tuple[int, int, str, int, str]  # last seq, next revision; id, revision, worker
    ended: bool = False
    error: BaseException | None = None
    wake: asyncio.Future[None] = field(default_factory=lambda: _loop().create_future())

    def end(self, error: BaseException | None) -> None:
        if not self.ended:
            self.ended, self.error = True, error
            if not self.wake.done():
                self.wake.set_result(None)


def _commit_group(db: sqlite3.Connection, calls: Sequence[_Call]) -> list[bool]:
    """In the connection's thread: one transaction for every call. Each call's run is
    saved only if its fence holds (one UPDATE each); a call whose run changed is left out
    and the rest go on; the events of those written go in one INSERT. Which were written."""
    db.execute("BEGIN IMMEDIATE")
    try:
        written = [db.execute(SQL.put_seq_checked, call.fence).rowcount == 1 for call in calls]
        rows = [row for c, ok in zip(calls, written, strict=True) if ok for row in c.rows]
        db.executemany(SQL.append, rows)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:  # a failed COMMIT leaves it open; a failed BEGIN, none
            db.execute("ROLLBACK")
        raise
    return written


class EventGroups:
    """The queue of event-only commits and the task that commits it, group by group.

    ``lock`` is the store's write lock (one transaction at a time on the writer) and
    ``ready`` its check that the database file is still the one opened."""

    def __init__(
        self,
        conn: Callable[[], aiosqlite.Connection],
        lock: asyncio.Lock,
        ready: Callable[[], None],
    ) -> None:
        self._conn, self._lock, self._ready = conn, lock, ready
        self._queue: list[_Call] = []
        self._task: asyncio.Task[None] | None = None

    async def add(self, run: Run, worker: str, events: Sequence[StoredEvent]) -> None:
        """Commit ``events`` (numbered already, ``run.last_seq`` their last) with ``run``'s
        fence; ``run.revision`` advances once they are in. Raises what refused them."""
        call = _Call(
            [(e.run_id, e.seq, e.type, e.ts, e.payload) for e in events],
            (run.last_seq, run.revision + 1, run.id, run.revision, worker),
        )
        self._queue.append(call)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._drain())
        await _outcome(call)
        run.revision += 1

    async def close(self) -> None:
        """Let the group being committed end (its callers are told its outcome)."""
        if self._task is not None:
            await asyncio.gather(self._task, return_exceptions=True)

    async def _drain(self) -> None:
        try:
            while self._queue:
                async with self._lock:
                    # Whatever gathered while the writer was busy goes in this trip.
                    calls, self._queue = self._queue, []
                    await self._commit(calls)
        finally:
            self._task = None

    async def _commit(self, calls: list[_Call]) -> None:
        try:
            self._ready()
            written = await trip(self._conn(), lambda db: _commit_group(db, calls))
        except BaseException as exc:  # the transaction failed: no call's events are in
            for call in calls:
                call.end(exc if isinstance(exc, Exception) else _stopped())
            if not isinstance(exc, Exception):
                raise
            return
        for call, ok in zip(calls, written, strict=True):
            call.end(
                None
                if ok
                else RunChanged(f"run {call.fence[2]} was saved elsewhere since it was read")
            )


def _loop() -> asyncio.AbstractEventLoop:
    return asyncio.get_running_loop()


def _stopped() -> Exception:
    return RuntimeError("the store stopped while the events were being committed")


async def _outcome(call: _Call) -> None:
    """Wait for the group's outcome. A caller cancelled meanwhile still waits for the
    group to end (a trip cannot be taken back), then is cancelled: whoever acts on its
    cancellation acts on a store that holds or refused its events, never on one about to.
    (The outcome is the call's, not its future's: a cancel that hits the future while it is
    awaited takes nothing from it, so no shield is needed, ~2.5 µs a call.)"""
    cancelled = False
    while not call.ended:
        if call.wake.done():  # cancelled along with a wait: wait on a new one
            call.wake = _loop().create_future()
        try:
            await call.wake
        except asyncio.CancelledError:
            cancelled = True
    if cancelled:
        raise asyncio.CancelledError
    if call.error is not None:
        raise call.error
