"""Issue 19, target 3: a process that loses its presence in the database (store.attend's
``lost``) stops executing its runs, claims nothing while it is gone, and once back releases
what it still held before claiming again."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from planloop.engine.scheduler import Scheduler
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(30)


class PresenceStore:
    """Just enough of a shared store: presence that the test takes away and gives back."""

    exclusive = False

    def __init__(self) -> None:
        self.present = True
        self.lost: Callable[[], None] | None = None
        self.offer = ["r1", "r2"]  # what the next claim takes
        self.calls: list[str] = []

    async def attend(self, worker: str, lost: Callable[[], None]) -> None:
        self.lost = lost

    async def due_checkpoints(self, now: datetime) -> list[tuple[str, int]]:
        return []

    async def renew(self, run_ids: list[str], worker: str, until: datetime) -> set[str]:
        return set(run_ids)

    async def claim(self, worker: str, *args: Any, run_id: str | None = None) -> list[str]:
        self.calls.append("claim")
        taken = [r for r in self.offer if run_id in (None, r)]
        self.offer = [r for r in self.offer if r not in taken]
        return taken

    async def runnable(self, now: datetime, limit: int) -> list[str]:
        return []

    async def orphans(self, limit: int) -> list[str]:
        return []

    async def release(self, run_id: str, worker: str) -> None:
        self.calls.append(f"release {run_id}")

    async def release_all(self, worker: str | None = None) -> None:
        self.calls.append(f"release_all {worker}")


class Runner:
    def __init__(self) -> None:
        self.started: list[str] = []
        self.cancelled: list[str] = []

    async def drive(self, run_id: str, approved: object = None) -> bool:
        self.started.append(run_id)
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            self.cancelled.append(run_id)
            raise


async def test_a_process_without_presence_stops_executing_and_claims_nothing() -> None:
    store, runner = PresenceStore(), Runner()

    async def expire(run_id: str, number: int) -> None:
        return None

    scheduler = Scheduler(
        store,  # type: ignore[arg-type]
        runner,  # type: ignore[arg-type]
        expire,
        worker="me",
        lease_s=15,
        sweep_interval_s=60,
    )
    await scheduler.start()
    try:
        assert set(scheduler.tasks) == {"r1", "r2"}
        await wait_for(lambda: len(runner.started) == 2, what="both runs executing")
        assert store.lost is not None
        store.present = False
        store.lost()
        await wait_for(lambda: not scheduler.tasks, what="its runs' tasks ended")
        assert sorted(runner.cancelled) == ["r1", "r2"]
        store.calls.clear()
        store.offer = ["r3"]
        await scheduler.wake("r3")
        await scheduler.sweep()
        assert "claim" not in store.calls and not scheduler.tasks
        store.present = True  # back: release first, then claim like anyone
        await scheduler.sweep()
        assert store.calls[:2] == ["release_all me", "claim"]
        assert set(scheduler.tasks) == {"r3"}
    finally:
        await scheduler.stop()


async def test_tasks_cancelled_before_they_ran_are_forgotten() -> None:
    """Presence lost right after a claim: the run's task never started, so ``_drive``'s
    own cleanup never ran; the scheduler forgets it anyway (else the run could never be
    executed here again: ``wake`` would take it for running)."""
    store, runner = PresenceStore(), Runner()

    async def expire(run_id: str, number: int) -> None:
        return None

    scheduler = Scheduler(
        store,  # type: ignore[arg-type]
        runner,  # type: ignore[arg-type]
        expire,
        worker="me",
        lease_s=15,
        sweep_interval_s=60,
    )
    await scheduler.start()
    try:
        assert store.lost is not None
        store.present = False
        store.lost()  # before the claimed runs' tasks had their first step
        await wait_for(lambda: not scheduler.tasks, what="the cancelled tasks forgotten")
        assert runner.started == []
    finally:
        await scheduler.stop()
