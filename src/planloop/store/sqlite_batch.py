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
from planloop.store.groups import CommitGroups
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


@dataclass(slots=True, frozen=True)
class _Item:
    """One call: events written behind (``rows`` and their run's ``fence``), or a
    transaction's ``writes``."""

    rows: list[tuple[Any, ...]] = field(default_factory=list)
    # last seq, next revision; id, revision, worker (None: a transaction's writes)
    fence: tuple[int, int, str, int, str] | None = None
    writes: Sequence[Statement] = ()


def _commit_group(db: sqlite3.Connection, calls: Sequence[_Item]) -> list[Exception | None]:
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
                outcomes.append(RunChanged.of(call.fence[2]))
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
    """The calls, committed group by group (groups.py) on the writer.

    ``lock`` is the store's write lock (one transaction at a time on the writer) and
    ``ready`` its check that the database file is still the one opened."""

    def __init__(
        self,
        writer: Callable[[], Writer],
        lock: asyncio.Lock,
        ready: Callable[[], None],
    ) -> None:
        self._writer, self._ready = writer, ready
        self._groups = CommitGroups(self._commit, lock)

    async def add(self, run: Run, worker: str, events: Sequence[StoredEvent]) -> None:
        """Commit ``events`` (numbered already, ``run.last_seq`` their last) with ``run``'s
        fence; ``run.revision`` advances once they are in. Raises what refused them."""
        await self._groups.wait(
            _Item(
                [(e.run_id, e.seq, e.type, e.ts, e.payload) for e in events],
                (run.last_seq, run.revision + 1, run.id, run.revision, worker),
            )
        )
        run.revision += 1

    async def add_writes(self, writes: Sequence[Statement]) -> None:
        """Commit a transaction's ``writes`` (checks among them). Raises what refused
        them: then none of them is written."""
        await self._groups.wait(_Item(writes=writes))

    async def close(self) -> None:
        """Let the group being committed end (its callers are told its outcome)."""
        await self._groups.close()

    async def _commit(self, calls: Sequence[_Item]) -> list[Exception | None]:
        def work(db: sqlite3.Connection) -> list[Exception | None]:
            return _commit_group(db, calls)

        writer = self._writer()
        self._ready()
        small = sum(len(c.rows) + len(c.writes) + 1 for c in calls) <= INLINE_STATEMENTS
        return await (writer.run(work) if small else writer.away(work))
