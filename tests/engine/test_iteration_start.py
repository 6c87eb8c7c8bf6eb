"""An iteration's start reaches the run's streams before the planner's work begins: on one
event loop, a planner that computes (the offline one) would otherwise hold the start back
until its first report (issue 19)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from planloop.domain import RunStatus
from planloop.engine.broker import Broker
from planloop.engine.feed import Feed
from planloop.engine.ledger import Ledger
from planloop.engine.runner import Runner
from planloop.events import StoredEvent
from planloop.memory import Vault
from planloop.planners.base import IterationContext, IterationResult, Progress
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run
from tests.fakes.planner import ScriptedPlanner

pytestmark = pytest.mark.timeout(20)


class Published(Broker):
    """A broker that notes every event it is handed, as "type iteration"."""

    def __init__(self) -> None:
        super().__init__()
        self.log: list[str] = []

    def publish(self, events: list[StoredEvent]) -> bool:
        self.log += [f"{e.type} {e.data.get('iteration', '')}".strip() for e in events]
        return super().publish(events)


class Witness(ScriptedPlanner):
    """Notes, as each iteration's work begins, what the run's stream has been handed and
    what has been published."""

    def __init__(self, seen: list[str], published: list[str]) -> None:
        super().__init__()
        self.seen, self.published = seen, published
        self.at_start: list[tuple[list[str], list[str]]] = []

    async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        # No await before this: the work begins here.
        self.at_start.append((list(self.seen), list(self.published)))
        yield IterationResult(frameworks_applied=[], plan="- planned", summary="Planned.")


@pytest.mark.parametrize("watched", [True, False])
async def test_a_watched_runs_start_is_out_before_the_planner_works(
    tmp_path: Path, watched: bool
) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    broker = Published()
    memory = Vault(tmp_path / "memory")
    seen: list[str] = []
    planner = Witness(seen, broker.log)
    feed = Feed(store, broker, "r1") if watched else None

    async def stream() -> None:
        assert feed is not None
        while (event := await feed.next()) is not None:
            seen.append(f"{event.type} {event.data.get('iteration', '')}".strip())

    try:
        async with store.transaction() as tx:
            await tx.put_run(make_run("r1", iterations=2, interval=2, lease_holder="w"))
        reader = asyncio.create_task(stream()) if watched else None
        await asyncio.sleep(0.05)  # the stream waits for the run's first event
        await Runner(Ledger(store, broker), planner, memory, "w").drive("r1")
        run = await store.get_run("r1")
        assert run is not None and run.status is RunStatus.COMPLETED
        if reader is not None:
            reader.cancel()
    finally:
        if feed is not None:
            feed.close()
        await store.close()
        memory.close()
    for iteration, (streamed, published) in enumerate(planner.at_start, start=1):
        if watched:
            assert streamed[-1:] == published[-1:] == [f"iteration_started {iteration}"]
        else:  # nobody to show it to: the planner does not wait for its commit
            assert f"iteration_started {iteration}" not in published
            assert streamed == []
