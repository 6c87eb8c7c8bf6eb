"""A regression found by item 2's disconnect tests: a cancelled read pins a stale snapshot.

A client that disconnects while its stream replays from the store cancels a query on the
store's shared reader connection. The cancelled query's statement is never finalized, so
that connection stays inside its read transaction and every later read on it sees the
database as it was then. The runner loads the run through that reader before each
iteration (``Runner.drive``), sees an iteration it has already completed as not done,
and runs it again: ``iteration_completed`` is recorded twice for one iteration.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import anyio
import pytest

from planloop.domain import Run
from planloop.events import PlanningStarted
from planloop.store.sqlite import SqliteStore
from tests import factories
from tests.factories import make_run

pytestmark = pytest.mark.timeout(60)


def _run() -> Run:
    return make_run("r1", "o", iterations=50, interval=50)


async def _cancel_a_read(store: SqliteStore, yields: int, anyio_scope: bool) -> None:
    """Start a replay read and cancel it after ``yields`` turns of the loop."""

    async def replay() -> None:
        await store.events_after("r1", 0)

    if anyio_scope:  # how sse-starlette cancels a stream whose client went away
        async with anyio.create_task_group() as tg:
            tg.start_soon(replay)
            for _ in range(yields):
                await asyncio.sleep(0)
            tg.cancel_scope.cancel()
        return
    task = asyncio.create_task(replay())
    for _ in range(yields):
        await asyncio.sleep(0)
    task.cancel()
    with anyio.move_on_after(5):
        with contextlib.suppress(asyncio.CancelledError):
            await task


@pytest.mark.parametrize("anyio_scope", [True, False], ids=["anyio-scope", "task-cancel"])
async def test_reads_after_a_cancelled_read_see_the_latest_commit(
    tmp_path: Path, anyio_scope: bool
) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path / 'x.db'}")
    await store.open()
    try:
        run = _run()
        async with store.transaction() as tx:
            started = PlanningStarted(
                goal="g", max_iterations=50, checkpoint_interval=50, planner="offline"
            )
            await tx.append(run, [started])
            await tx.put_run(run)
        stale: list[tuple[int, int]] = []
        for attempt in range(40):
            await _cancel_a_read(store, attempt % 4, anyio_scope)
            async with store.transaction() as tx:
                current = await tx.get_run("r1")
                assert current is not None
                current.iteration += 1
                body = factories.started(current.iteration, of=50)
                await tx.append(current, [body])
                await tx.put_run(current)
            seen = await store.get_run("r1")
            assert seen is not None
            if seen.iteration != current.iteration:
                stale.append((seen.iteration, current.iteration))
            events = await store.events_after("r1", 0)
            if events[-1].seq != current.last_seq:
                stale.append((events[-1].seq, current.last_seq))
        assert stale == [], (
            f"{len(stale)} of 80 reads after a cancelled read returned an old snapshot "
            f"(seen, committed): {stale[:5]}"
        )
    finally:
        await store.close()
