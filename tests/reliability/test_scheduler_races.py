"""A race the schema fuzzer's server log showed: a run's task ends while the sweep renews it.

``Scheduler.sweep`` lists the tasks, then awaits ``store.renew`` for each. A run that parks
at a checkpoint (or finishes) clears its lease, so ``renew`` says False — and by the time
it has said so, the run's task may have ended and removed itself from ``tasks``. The
sweep then indexes ``self.tasks[run_id]`` (src/planloop/engine/scheduler.py, ``sweep``)
and raises KeyError: "scheduler sweep failed" with a traceback in the log, and the rest of
that sweep (claiming runnable runs) is skipped.
"""

from __future__ import annotations

import asyncio
from datetime import datetime
from typing import Any

import pytest

from planloop.engine.scheduler import Scheduler

pytestmark = pytest.mark.timeout(30)


class RaceStore:
    """Just enough store: the run's task ends while its lease is being renewed."""

    exclusive = True
    present = True

    def __init__(self) -> None:
        self.scheduler: Scheduler | None = None
        self.claimed = False

    async def due_checkpoints(self, now: datetime) -> list[tuple[str, int]]:
        return []

    async def renew(self, run_ids: list[str], owner: str, until: datetime) -> set[str]:
        assert self.scheduler is not None
        tasks = [self.scheduler.tasks[run_id] for run_id in run_ids]
        for task in tasks:
            task.cancel()  # the run parks meanwhile: its task ends and removes itself
        await asyncio.gather(*tasks, return_exceptions=True)
        return set()  # its lease was cleared by the parking

    async def claim(self, *args: Any, **kwargs: Any) -> list[str]:
        self.claimed = True
        return []


async def test_a_task_that_ends_during_renewal_does_not_break_the_sweep() -> None:
    store = RaceStore()

    async def expire(run_id: str, number: int) -> None:
        return None

    scheduler = Scheduler(
        store,  # type: ignore[arg-type]
        runner=None,  # type: ignore[arg-type]
        expire=expire,
        worker="me",
        lease_s=15,
        sweep_interval_s=1,
    )
    store.scheduler = scheduler

    async def parked_soon() -> None:
        try:
            await asyncio.sleep(60)
        finally:
            scheduler.tasks.pop("run-1", None)  # what Scheduler._drive's finally does

    scheduler.tasks["run-1"] = asyncio.create_task(parked_soon())
    await asyncio.sleep(0)
    await scheduler.sweep()  # KeyError: 'run-1' today
    assert store.claimed, "the sweep stopped before claiming runnable runs"
