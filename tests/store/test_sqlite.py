"""The SQLite store on real files: atomic transactions, gap-free seqs, fencing leases."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from planloop.domain import Proposal, Run, RunStatus, utcnow
from planloop.events import IterationStarted
from planloop.store.sqlite import SqliteStore


def _run(run_id: str = "r1", owner: str = "o1") -> Run:
    return Run(
        id=run_id,
        owner=owner,
        goal="g",
        proposal=Proposal(approach="a", frameworks=[], max_iterations=2, checkpoint_interval=1),
        max_iterations=2,
        checkpoint_interval=1,
        checkpoint_timeout_s=60,
        planner="offline",
    )


@pytest.fixture
async def store(tmp_path: Path) -> SqliteStore:
    s = SqliteStore(f"sqlite:///{tmp_path / 'x.db'}")
    await s.open()
    yield s  # type: ignore[misc]
    await s.close()


def _ev(i: int) -> IterationStarted:
    return IterationStarted(iteration=i, max_iterations=9, max=9)


async def test_events_get_consecutive_seqs_and_survive_reopen(
    store: SqliteStore, tmp_path: Path
) -> None:
    run = _run()
    async with store.transaction() as tx:
        await tx.append(run, [_ev(1), _ev(2)])
        await tx.put_run(run)
    async with store.transaction() as tx:
        loaded = await tx.get_run("r1")
        assert loaded is not None
        await tx.append(loaded, [_ev(3)])
        await tx.put_run(loaded)
    await store.close()
    again = SqliteStore(f"sqlite:///{tmp_path / 'x.db'}")
    await again.open()
    try:
        got = await again.events_after("r1", 0)
        assert [e.seq for e in got] == [1, 2, 3]
        assert [e.data["iteration"] for e in got] == [1, 2, 3]
        assert [e.seq for e in await again.events_after("r1", 2)] == [3]
        assert (await again.get_run("r1")).last_seq == 3  # type: ignore[union-attr]
    finally:
        await again.close()


async def test_failed_transaction_writes_nothing(store: SqliteStore) -> None:
    run = _run()
    with pytest.raises(RuntimeError):
        async with store.transaction() as tx:
            await tx.append(run, [_ev(1)])
            await tx.put_run(run)
            raise RuntimeError("boom")
    assert await store.get_run("r1") is None
    assert await store.events_after("r1", 0) == []


async def test_only_running_runs_are_claimed_and_active_counts(store: SqliteStore) -> None:
    for i, status in enumerate(
        [RunStatus.RUNNING, RunStatus.AWAITING_APPROVAL, RunStatus.COMPLETED]
    ):
        run = _run(f"r{i}")
        run.status = status
        async with store.transaction() as tx:
            await tx.put_run(run)
    now = utcnow()
    assert await store.claim("a", now, now + timedelta(seconds=5), 10) == ["r0"]
    assert await store.count_active_runs("o1") == 2
    assert await store.status_counts() == {"running": 1, "awaiting_approval": 1, "completed": 1}


async def test_a_transaction_cancelled_while_it_begins_leaves_none_open(
    store: SqliteStore,
) -> None:
    """Found when the outbox cancelled a write in flight: BEGIN ran in aiosqlite's thread,
    the caller was cancelled at that await, and the next transaction could not begin."""
    began = asyncio.Event()

    async def write(run: Run) -> None:
        async with store.transaction() as tx:
            began.set()
            await tx.append(run, [_ev(1)])
            await tx.put_run(run)

    task = asyncio.create_task(write(_run("cancelled")))
    await asyncio.sleep(0)  # the task is now awaiting its BEGIN IMMEDIATE
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task
    assert not began.is_set()
    await write(_run("next"))  # would fail: cannot start a transaction within a transaction
    assert [e.seq for e in await store.events_after("next", 0)] == [1]
    assert await store.get_run("cancelled") is None
