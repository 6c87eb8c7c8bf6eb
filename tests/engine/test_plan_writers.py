"""Runs finishing together write their plans to memory without holding up the runs still
going: a run's memory reads never queue behind other runs' plan saves (issue 19)."""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections.abc import AsyncIterator, Mapping, Sequence
from pathlib import Path

import pytest

from planloop.domain import RunStatus
from planloop.engine.broker import Broker
from planloop.engine.ledger import Ledger
from planloop.engine.runner import Runner
from planloop.engine.writers import unsave_plan
from planloop.memory import Vault
from planloop.planners.base import IterationContext, IterationResult, Progress
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run
from tests.fakes.planner import ScriptedPlanner

pytestmark = pytest.mark.timeout(30)

# More saves than the default thread pool has threads on any machine (at most 32).
FINISHING = 40


class SlowDisk(Vault):
    """A folder whose plan saves wait until ``release`` is set (a slow or busy disk)."""

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.release = threading.Event()
        self.waiting = 0
        self._count = threading.Lock()

    def save_plan(
        self,
        *,
        run_id: str,
        goal: str,
        plan: str,
        facts: Mapping[str, str],
        links: Sequence[str] = (),
    ) -> str:
        with self._count:
            self.waiting += 1
        self.release.wait(20)
        return super().save_plan(run_id=run_id, goal=goal, plan=plan, facts=facts, links=links)


class NotesPlanner(ScriptedPlanner):
    """Plans from the memory notes it is given: one line per note."""

    async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        plan = "\n".join(f"- {note.name}" for note in ctx.memory) or "- nothing"
        yield IterationResult(frameworks_applied=[], plan=plan, summary="Planned.")


async def _until(check: object, what: str, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not await check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def test_a_run_reads_its_memory_while_many_plans_are_being_saved(tmp_path: Path) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    memory = SlowDisk(tmp_path / "memory")
    memory.create("picnic_spot", "# Picnic spot\n\nThe park by the river.\n")
    drives: list[asyncio.Task[None]] = []
    try:
        async with store.transaction() as tx:
            for i in range(FINISHING):
                await tx.put_run(make_run(f"done{i}", iterations=1, lease_holder="w"))
            await tx.put_run(
                make_run(
                    "going",
                    iterations=3,
                    interval=3,
                    lease_holder="w",
                    selected_entities=["picnic_spot"],
                )
            )
        runner = Runner(Ledger(store, Broker()), NotesPlanner(), memory, "w")
        drives += [asyncio.create_task(runner.drive(f"done{i}")) for i in range(FINISHING)]

        async def all_saving() -> bool:
            return memory.waiting >= 2  # the writers are busy; the other saves wait their turn

        await _until(all_saving, "the plan saves to start")
        drives.append(asyncio.create_task(runner.drive("going")))

        async def went_on() -> bool:
            run = await store.get_run("going")
            return run is not None and run.iteration >= 2

        # Its iterations read its memory note each time: they go on while the saves wait.
        await _until(went_on, "the run still going to iterate")
    finally:
        memory.release.set()
        await asyncio.gather(*drives, return_exceptions=True)
        done = await store.get_run("done0")
        await store.close()
        memory.close()
    assert done is not None and done.status is RunStatus.COMPLETED


async def test_a_plan_note_taken_back_is_logged_without_its_goals_words(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A note's name carries its goal's words, and goals stay out of the server's log."""
    store = SqliteStore(f"sqlite:///{tmp_path / 'p.db'}")
    await store.open()
    memory = Vault(tmp_path / "memory")
    try:
        async with store.transaction() as tx:
            await tx.put_run(make_run("cut", iterations=1, lease_holder="w"))  # not completed
        saving: asyncio.Future[str] = asyncio.get_running_loop().create_future()
        saving.set_result(
            memory.save_plan(run_id="cut", goal="Zanzibar marmalade", plan="## Plan", facts={})
        )
        name = saving.result()
        assert "zanzibar" in name and memory.exists(name)
        with caplog.at_level(logging.DEBUG, logger="planloop"):
            await unsave_plan(store, "w", "cut", memory, saving)
        assert not memory.exists(name)
        said = "\n".join(r.getMessage() for r in caplog.records)
        assert "removed its plan note" in said and "cut" in said
        assert "zanzibar" not in said.lower() and "marmalade" not in said.lower(), said
    finally:
        await store.close()
        memory.close()
