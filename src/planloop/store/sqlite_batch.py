"""SQLite: the commits many runs make at once, committed together (group commit).

A model planner's progress reaches the store as one small commit per run every ~0.1 s
(planloop.engine.outbox, ``Store.add_events``). With a thousand runs that is ten thousand
transactions a second, and each one is a trip to aiosqlite's thread and back, a
``BEGIN IMMEDIATE`` and a ``COMMIT``: the trips, not the rows, were the cost
(docs/benchmarks.md, throughput at model pacing). Here every call that arrives while the
writer is busy waits in one queue; the next trip takes the whole queue and commits it in
one transaction.

Two kinds of call are grouped:

- *events written behind* (``add``): each keeps its own fence, its run's ``last_seq``
  saved by an UPDATE that matches only while the fence holds
  (``Statements.put_seq_checked``); a call whose run changed writes nothing and is
  refused with ``RunChanged``, as alone. The events of the others go in one INSERT.
- *a transaction that read nothing* (``add_writes``; an iteration's commit: its run's
  check, its plan, its events, its run): its statements in order, in a savepoint of their
  own, so a check that fails (``RunChanged``) or a row that breaks a constraint takes back
  that call's writes only.

A failure of the transaction itself (the disk, the file lost) fails every call in it, with
nothing written. A transaction that reads still takes the writer for itself
(``SqliteStore.transaction``); its place against these is the write lock's order. A run's
own calls keep their order: the outbox settles its writes before the iteration's commit
is made.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from planloop.domain import Run
from planloop.events import StoredEvent
from planloop.store.base import RunChanged
from planloop.store.sqlite_transaction import SQL, Statement, send
from planloop.store.sqlite_writer import Writer

# A group of at most this many statements and rows commits on the event loop, as a
# transaction's statements do (sqlite_writer.py): its SQL costs less than the trip to the
# thread and back, and what it holds goes out at once. Written behind in the thread, an
# iteration's start was committed while the planner's CPU work held the loop, and reached
# its stream after it: approval -> next ``iteration_started`` p50 6.3 -> 4.3 ms with it
# on the loop (docs/benchmarks.md, approvals as memory grows, finding 11). A bigger group
# (many runs' progress at once) goes to the thread, where SQLite lets go of the GIL and
# the loop serves streams meanwhile.
INLINE_STATEMENTS = 16


@dataclass(slots=True)
class _Call:
    """One call: events written behind (``rows`` and their run's ``fence``), or a
    transaction's ``writes``; its outcome once its group has ended (``error`` None:
    written) and the future its caller waits on."""

    rows: list[tuple[Any, ...]] = field(default_factory=list)
    # last seq, next revision; id, revision, worker (None: a transaction's writes)
    fence: tuple[int, int, str, int, str] | None = None
    writes: Sequence[Statement] = ()
    ended: bool = False
    error: BaseException | None = None
    wake: asyncio.Future[None] = field(default_factory=lambda: _loop().create_future())

    def end(self, error: BaseException | None) -> None:
        if not self.ended:
            self.ended, self.error = True, error
            if not self.wake.done():
                self.wake.set_result(None)


def _commit_group(db: sqlite3.Connection, calls: Sequence[_Call]) -> list[Exception | None]:
    """One transaction for every call, in their order (on the loop or in the thread); the
    events written behind of those whose fence held go in one INSERT at the end. What
    refused each call (None: written)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        outcomes: list[Exception | None] = []
        rows = []
        for call in calls:
            if call.fence is None:
                outcomes.append(_apply(db, call.writes))
            elif db.execute(SQL.put_seq_checked, call.fence).rowcount == 1:
                rows.extend(call.rows)
                outcomes.append(None)
            else:
                outcomes.append(_changed(call.fence[2]))
        if rows:
            db.executemany(SQL.append, rows)
        db.execute("COMMIT")
    except BaseException:
        if db.in_transaction:  # a failed COMMIT leaves it open; a failed BEGIN, none
            db.execute("ROLLBACK")
        raise
    return outcomes


def _apply(db: sqlite3.Connection, writes: Sequence[Statement]) -> Exception | None:
    """One transaction's writes, all or none: what refused them, else None. Only what is
    this call's own (its check, a constraint its rows break) is caught; anything else
    fails the group."""
    db.execute("SAVEPOINT call")
    try:
        send(db, writes, None)
    except (RunChanged, sqlite3.IntegrityError) as exc:
        db.execute("ROLLBACK TO call")
        db.execute("RELEASE call")
        return exc
    db.execute("RELEASE call")
    return None


class WriteGroups:
    """The queue of calls and the task that commits it, group by group.

    ``lock`` is the store's write lock (one transaction at a time on the writer) and
    ``ready`` its check that the database file is still the one opened."""

    def __init__(
        self,
        writer: Callable[[], Writer],
        lock: asyncio.Lock,
        ready: Callable[[], None],
    ) -> None:
        self._writer, self._lock, self._ready = writer, lock, ready
        self._queue: list[_Call] = []
        self._task: asyncio.Task[None] | None = None

    async def add(self, run: Run, worker: str, events: Sequence[StoredEvent]) -> None:
        """Commit ``events`` (numbered already, ``run.last_seq`` their last) with ``run``'s
        fence; ``run.revision`` advances once they are in. Raises what refused them."""
        call = _Call(
            [(e.run_id, e.seq, e.type, e.ts, e.payload) for e in events],
            (run.last_seq, run.revision + 1, run.id, run.revision, worker),
        )
        await self._wait(call)
        run.revision += 1

    async def add_writes(self, writes: Sequence[Statement]) -> None:
        """Commit a transaction's ``writes`` (checks among them). Raises what refused
        them: then none of them is written."""
        await self._wait(_Call(writes=writes))

    async def _wait(self, call: _Call) -> None:
        self._queue.append(call)
        if self._task is None:
            self._task = asyncio.get_running_loop().create_task(self._drain())
        await _outcome(call)

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
        writer = self._writer()

        def work(db: sqlite3.Connection) -> list[Exception | None]:
            return _commit_group(db, calls)

        try:
            self._ready()
            small = sum(len(c.rows) + len(c.writes) + 1 for c in calls) <= INLINE_STATEMENTS
            outcomes = await (writer.run(work) if small else writer.away(work))
        except BaseException as exc:  # the transaction failed: no call's events are in
            for call in calls:
                call.end(exc if isinstance(exc, Exception) else _stopped())
            if not isinstance(exc, Exception):
                raise
            return
        for call, refused in zip(calls, outcomes, strict=True):
            call.end(refused)


def _changed(run_id: str) -> RunChanged:
    return RunChanged(f"run {run_id} was saved elsewhere since it was read")


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
