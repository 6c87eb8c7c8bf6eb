"""The sweep renews every lease this process holds in one statement per 500 runs, on a
real SQLite file. One statement per run made a thousand executing runs a thousand write
transactions, each waiting its turn behind the group commits: at 1,000 streaming runs one
sweep took longer than the 15 s lease it renewed (docs/benchmarks.md, pacing findings 11)."""

from __future__ import annotations

import asyncio
from datetime import timedelta
from pathlib import Path

import pytest

from planloop.domain import utcnow
from planloop.engine.scheduler import Scheduler
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run

pytestmark = pytest.mark.timeout(30)

LEASE_S = 15
RENEWAL = "UPDATE runs SET lease_expires_at"


class Runner:
    async def drive(self, run_id: str, approved: object = None) -> bool:
        await asyncio.Event().wait()
        return True


async def expire(run_id: str, number: int) -> None:
    return None


async def test_a_sweep_renews_every_lease_at_once_and_stops_runs_held_elsewhere(
    tmp_path: Path,
) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    scheduler = Scheduler(
        store,
        Runner(),  # type: ignore[arg-type]
        expire,
        worker="me",
        lease_s=LEASE_S,
        sweep_interval_s=60,
        max_executing=1000,
    )
    parked: list[asyncio.Task[None]] = []
    try:
        async with store.transaction() as tx:
            for n in range(601):
                await tx.put_run(make_run(f"r{n:03}"))
        start = utcnow()
        mine = await store.claim("me", start, start + timedelta(seconds=2), 600)
        (theirs,) = await store.claim("them", start, start + timedelta(seconds=2), 10)
        for run_id in [*mine, theirs]:  # as if this process executed all 601
            task = asyncio.create_task(asyncio.Event().wait())
            scheduler.tasks[run_id] = task  # type: ignore[assignment]
            parked.append(task)  # type: ignore[arg-type]
        seen: list[str] = []
        await store.writer.set_trace_callback(seen.append)
        await scheduler.sweep()
        await store.writer.set_trace_callback(None)
        await asyncio.sleep(0)
        assert sum(s.startswith(RENEWAL) for s in seen) == 2  # 601 runs: 500 and 101
        for run_id in (mine[0], mine[-1]):
            run = await store.get_run(run_id)
            assert run is not None and run.lease_holder == "me"
            assert run.lease_expires_at is not None
            assert run.lease_expires_at >= start + timedelta(seconds=LEASE_S)
        other = await store.get_run(theirs)
        assert other is not None and other.lease_holder == "them"  # left as it was
        assert other.lease_expires_at is not None
        assert other.lease_expires_at < start + timedelta(seconds=LEASE_S)
        cancelled = {r for r, t in scheduler.tasks.items() if t.cancelled() or t.cancelling()}
        assert cancelled == {theirs}  # not ours any more: its task is stopped
    finally:
        for task in parked:
            task.cancel()
        await asyncio.gather(*parked, return_exceptions=True)
        scheduler.tasks.clear()
        await store.close()
