"""Events written behind the planner: batches in order, failures surface, nothing waits."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from pathlib import Path

import pytest

from planloop.domain import Proposal, Run
from planloop.engine.broker import Broker
from planloop.engine.ledger import Ledger
from planloop.engine.outbox import Outbox, Stamped
from planloop.engine.runner import Runner
from planloop.errors import LeaseLost
from planloop.events import EventBody, IterationProgress, StoredEvent
from planloop.memory import Vault
from planloop.planners.base import (
    IterationContext,
    IterationResult,
    Progress,
)
from planloop.store import Transaction
from planloop.store.sqlite import SqliteStore
from tests.fakes.planner import ScriptedPlanner
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(20)


def progress(n: int) -> IterationProgress:
    return IterationProgress(iteration=1, message=f"step {n}")


class Writes:
    """A write function whose calls each wait for ``release``; records the batches."""

    def __init__(self) -> None:
        self.batches: list[list[str]] = []
        self.stamps: list[str] = []
        self.release = asyncio.Event()
        self.fail: Exception | None = None
        self.ended = 0  # calls that ran to their end

    async def __call__(self, batch: list[Stamped]) -> None:
        self.batches.append([b.message for _, b in batch if isinstance(b, IterationProgress)])
        self.stamps += [ts for ts, _ in batch]
        await self.release.wait()
        self.ended += 1
        if self.fail is not None:
            raise self.fail


async def test_posts_never_wait_and_gather_into_ordered_batches() -> None:
    writes = Writes()
    box = Outbox(writes)
    box.post(progress(1))
    await asyncio.sleep(0)  # the writer takes the first batch and waits for the store
    for n in (2, 3, 4):
        box.post(progress(n))  # returns at once although the first write is not done
    assert writes.batches == [["step 1"]]
    writes.release.set()
    await wait_for(lambda: len(writes.batches) == 2)
    assert writes.batches == [["step 1"], ["step 2", "step 3", "step 4"]]
    assert writes.stamps == sorted(writes.stamps)  # stamped when posted, in order
    await box.close()


async def test_settle_waits_for_the_batch_in_flight_and_hands_back_the_rest() -> None:
    writes = Writes()
    box = Outbox(writes)
    box.post(progress(1))
    await asyncio.sleep(0)
    box.post(progress(2))
    box.post(progress(3))
    settling = asyncio.create_task(box.settle())
    await asyncio.sleep(0.01)
    assert not settling.done()  # the first batch is still being written
    writes.release.set()
    rest = await settling
    assert [b.message for _, b in rest if isinstance(b, IterationProgress)] == ["step 2", "step 3"]
    assert writes.batches == [["step 1"]]  # the rest goes in the caller's transaction


async def test_settle_before_the_writer_started_takes_everything_at_once() -> None:
    writes = Writes()
    writes.release.set()
    box = Outbox(writes)
    box.post(progress(1))
    box.post(progress(2))  # the planner went on without yielding to the loop
    settling = box.settle()
    with pytest.raises(StopIteration) as done:  # it never waits for the loop
        settling.send(None)
    rest = done.value.value
    assert [b.message for _, b in rest if isinstance(b, IterationProgress)] == ["step 1", "step 2"]
    assert writes.batches == []  # nothing is written behind: the caller commits it all
    box.post(progress(3))  # a later report gets a writer of its own
    await wait_for(lambda: writes.batches)
    assert writes.batches == [["step 3"]]  # (a write behind would have come first)
    await box.close()


async def test_a_failed_write_is_raised_on_the_planners_path() -> None:
    writes = Writes()
    writes.fail = LeaseLost("run r is no longer executed here")
    writes.release.set()
    box = Outbox(writes)
    box.post(progress(1))
    await wait_for(lambda: writes.batches)  # the write is made, and fails
    for _ in range(3):
        await asyncio.sleep(0)  # (the writer task records the failure after it)
    with pytest.raises(LeaseLost):
        box.post(progress(2))
    with pytest.raises(LeaseLost):
        await box.settle()


async def test_close_lets_the_batch_being_written_end_and_drops_what_nobody_saw() -> None:
    """A batch in the store's hands is not cut: cancelled between its commit and its
    return, it would be stored and never published. What has not started is dropped."""
    writes = Writes()
    box = Outbox(writes)
    box.post(progress(1))
    await asyncio.sleep(0)  # batch 1 is in the store's hands
    box.post(progress(2))
    closing = asyncio.create_task(box.close())
    await asyncio.sleep(0.01)
    assert not closing.done() and writes.ended == 0  # it waits for batch 1
    writes.release.set()
    await closing
    assert writes.ended == 1 and writes.batches == [["step 1"]]


async def test_a_cancelled_close_still_leaves_the_batch_being_written_going() -> None:
    writes = Writes()
    box = Outbox(writes)
    box.post(progress(1))
    await asyncio.sleep(0)
    closing = asyncio.create_task(box.close())
    await asyncio.sleep(0.01)
    closing.cancel()  # the drive closing it is cancelled again (a shutdown)
    with pytest.raises(asyncio.CancelledError):
        await closing
    writes.release.set()
    await wait_for(lambda: writes.ended == 1, what="batch 1 ended")


async def test_close_before_the_writer_starts_writes_nothing() -> None:
    writes = Writes()
    box = Outbox(writes)
    box.post(progress(1))
    await box.close()  # the writer task was made but never ran
    writes.release.set()
    await asyncio.sleep(0.01)
    assert writes.batches == []


# -- through the runner, on a real SQLite store -------------------------------------------


class GatedStore(SqliteStore):
    """SQLite whose commits wait at a gate: a store that is slow to commit."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.gate = asyncio.Event()
        self.gate.set()
        self.waiting = 0

    async def _at_gate(self) -> None:
        self.waiting += 1
        await self.gate.wait()
        self.waiting -= 1

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        await self._at_gate()
        async with super().transaction() as tx:
            yield tx

    async def add_events(
        self, run: Run, worker: str, bodies: Sequence[EventBody], at: Sequence[str]
    ) -> list[StoredEvent]:
        await self._at_gate()
        return await super().add_events(run, worker, bodies, at)


class SteppingPlanner(ScriptedPlanner):
    """Reports five steps, then returns; notes whether commits had caught up by then."""

    name = "stepping"

    def __init__(self, store: GatedStore) -> None:
        self.store = store
        self.commits_waiting_at_result = -1

    async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        for n in range(5):
            yield Progress(stage="draft", message=f"step {n}")
            await asyncio.sleep(0)
        self.commits_waiting_at_result = self.store.waiting
        yield IterationResult(frameworks_applied=[], plan="## Plan\nDone.", summary="Done.")


async def test_the_planner_runs_ahead_of_a_slow_store_and_events_keep_their_order(
    tmp_path: Path,
) -> None:
    store = GatedStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    try:
        run = Run(
            id="r",
            owner="me",
            goal="Plan a picnic",
            proposal=Proposal(approach="a", frameworks=[], max_iterations=1, checkpoint_interval=1),
            max_iterations=1,
            checkpoint_interval=1,
            checkpoint_timeout_s=60,
            planner="stepping",
            lease_holder="worker",
        )
        async with store.transaction() as tx:
            await tx.append(run, [])
            await tx.put_run(run)
        planner = SteppingPlanner(store)
        runner = Runner(Ledger(store, Broker()), planner, Vault(tmp_path / "memory"), "worker")
        store.gate.clear()  # the store stops committing
        driving = asyncio.create_task(runner.drive(run.id))
        while planner.commits_waiting_at_result < 0:
            await asyncio.sleep(0.01)
        # the planner finished its iteration while the first write was still held
        assert planner.commits_waiting_at_result >= 1
        store.gate.set()
        await driving
        events = [json.loads(e.payload) for e in await store.events_after("r", 0)]
    finally:
        await store.close()
    types = [e["type"] for e in events]
    assert types[:7] == ["iteration_started", *["iteration_progress"] * 5, "iteration_completed"]
    assert [e["message"] for e in events[1:6]] == [f"step {n}" for n in range(5)]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    stamps = [e["ts"] for e in events]
    assert stamps == sorted(stamps)  # each event keeps the time it happened
