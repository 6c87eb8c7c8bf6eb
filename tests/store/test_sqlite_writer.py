"""The SQLite writer's work on the event loop, and in its thread when it must wait
(store/sqlite_writer.py): a lock held by another connection never stops the loop."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from planloop.domain import Run
from planloop.store.sqlite import SqliteStore
from planloop.store.sqlite_writer import Writer
from tests.factories import make_run, started
from tests.waiting import wait_for


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    s = SqliteStore(f"sqlite:///{tmp_path / 'x.db'}")
    await s.open()
    yield s
    await s.close()


@contextmanager
def locked(store: SqliteStore) -> Iterator[sqlite3.Connection]:
    """Another connection to the file (as another process would be) holding its write
    lock until the block ends."""
    other = sqlite3.connect(store.path, isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        yield other
        if other.in_transaction:
            other.execute("ROLLBACK")
    finally:
        other.close()


def thread_trips(store: SqliteStore, monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Each piece of work sent to the writer's thread, from now on."""
    trips: list[object] = []
    execute = store.writer._execute

    async def counted(fn: object, *args: object) -> object:
        trips.append(fn)
        return await execute(fn, *args)  # type: ignore[arg-type]

    monkeypatch.setattr(store.writer, "_execute", counted)
    return trips


async def load_and_save(store: SqliteStore, run_id: str) -> None:
    """A decision's shape: read the run (taking the writer), append, save, commit."""
    async with store.transaction() as tx:
        run = await tx.get_run(run_id)
        assert run is not None
        await tx.append(run, [started(run.last_seq + 1)])
        await tx.put_run(run)


async def saved(store: SqliteStore, run: Run) -> None:
    async with store.transaction() as tx:
        await tx.put_run(run)


async def test_a_transaction_that_reads_runs_on_the_loop_in_two_pieces_of_work(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Its writes wait and go with its next read or its COMMIT (BEGIN with the first):
    two pieces of work on the writer, and no trip to aiosqlite's thread."""
    await saved(store, make_run())
    trips = thread_trips(store, monkeypatch)
    work: list[object] = []
    run = Writer.run

    async def counted(self: Writer, fn: object) -> object:
        work.append(fn)
        return await run(self, fn)  # type: ignore[arg-type]

    monkeypatch.setattr(Writer, "run", counted)
    async with store.transaction() as tx:
        loaded = await tx.get_run("r1")
        assert loaded is not None
        await tx.append(loaded, [started(1), started(2)])
        await tx.append(loaded, [started(3)])
        await tx.put_run(loaded)
    assert len(work) == 2  # BEGIN + the read; the writes + COMMIT
    assert trips == []
    assert [e.seq for e in await store.events_after("r1", 0)] == [1, 2, 3]


async def test_another_connections_lock_is_waited_for_in_the_thread_not_on_the_loop(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On the loop the busy timeout is 0: BEGIN meets the lock, fails having done nothing,
    and the work goes to the thread, which waits there while the loop goes on."""
    await saved(store, make_run())
    trips = thread_trips(store, monkeypatch)
    with locked(store) as other:
        task = asyncio.create_task(load_and_save(store, "r1"))
        await wait_for(lambda: trips, what="the transaction's BEGIN sent to the thread")
        assert not task.done()  # waiting in the thread for the lock, the loop running
        other.execute("ROLLBACK")  # the other connection lets go
        await task
    assert [e.seq for e in await store.events_after("r1", 0)] == [1]
    trips.clear()
    await load_and_save(store, "r1")  # the thread idle again: on the loop
    assert trips == []
    assert [e.seq for e in await store.events_after("r1", 0)] == [1, 2]


async def test_a_lock_held_past_the_busy_timeout_fails_the_transaction_and_changes_nothing(
    tmp_path: Path,
) -> None:
    s = SqliteStore(f"sqlite:///{tmp_path / 'x.db'}?busy_timeout_ms=50")
    await s.open()
    try:
        await saved(s, make_run())
        with locked(s), pytest.raises(sqlite3.OperationalError, match="locked"):
            await load_and_save(s, "r1")
        assert await s.events_after("r1", 0) == []
        await load_and_save(s, "r1")  # none was left open
        assert [e.seq for e in await s.events_after("r1", 0)] == [1]
    finally:
        await s.close()


async def test_a_transaction_cancelled_while_it_waits_for_a_lock_leaves_none_open(
    store: SqliteStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found when the outbox cancelled a write in flight: BEGIN ran in aiosqlite's thread,
    the caller was cancelled at that await, and the next transaction could not begin. The
    BEGIN still runs once the lock is free; its rollback goes behind it, and the writer
    stays taken until that is back."""
    await saved(store, make_run())
    await saved(store, make_run("next"))
    trips = thread_trips(store, monkeypatch)
    with locked(store) as other:
        task = asyncio.create_task(load_and_save(store, "r1"))
        await wait_for(lambda: trips, what="the transaction's BEGIN sent to the thread")
        task.cancel()
        await asyncio.sleep(0)
        after = asyncio.create_task(load_and_save(store, "next"))
        await asyncio.sleep(0)
        assert not after.done()  # the writer is still taken: its BEGIN is in the thread
        other.execute("ROLLBACK")
        with pytest.raises(asyncio.CancelledError):
            await task
        await after  # would fail: cannot start a transaction within a transaction
    assert await store.events_after("r1", 0) == []
    assert [e.seq for e in await store.events_after("next", 0)] == [1]
