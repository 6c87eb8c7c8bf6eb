"""The runner keeps the run it drives between commits and checks it instead of reloading."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest

from planloop import metrics
from planloop.domain import Run, RunStatus
from planloop.engine.broker import Broker
from planloop.engine.ledger import Ledger
from planloop.engine.runner import Runner
from planloop.errors import PlannerFailed
from planloop.events import EventBody, StoredEvent
from planloop.memory import Vault
from planloop.planners.base import (
    IterationContext,
    IterationResult,
    Progress,
)
from planloop.store import Transaction
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run
from tests.fakes.planner import ScriptedPlanner
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(20)


class CountingStore(SqliteStore):
    """Real SQLite that counts how its transactions reach the run: loads and checks."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.loads = self.checks = 0

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with super().transaction() as tx:
            yield CountingTx(self, tx)  # type: ignore[misc]


class CountingTx:
    def __init__(self, store: CountingStore, tx: Transaction) -> None:
        self.store, self.tx = store, tx

    def __getattr__(self, name: str) -> object:
        return getattr(self.tx, name)

    async def get_run(self, run_id: str) -> Run | None:
        self.store.loads += 1
        return await self.tx.get_run(run_id)

    async def check_run(self, run: Run, worker: str) -> None:
        self.store.checks += 1
        await self.tx.check_run(run, worker)


class TwoStepPlanner(ScriptedPlanner):
    """Reports twice per iteration; ``during`` runs in the middle of iteration 1."""

    name = "two-step"

    def __init__(self, during: Callable[[], object] | None = None) -> None:
        self.during = during

    async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        yield Progress(stage="draft", message="drafting")
        if ctx.iteration == 1 and self.during is not None:
            await self.during()  # type: ignore[misc]
        yield Progress(stage="revise", message="revising")
        plan = f"## Plan\nVersion {ctx.iteration}."
        yield IterationResult(frameworks_applied=[], plan=plan, summary="Revised.")


async def _leased_run(store: SqliteStore, iterations: int) -> Run:
    run = make_run(
        "r",
        "me",
        iterations=iterations,
        interval=iterations,
        goal="Plan a picnic",
        planner="two-step",
        lease_holder="worker",
    )
    async with store.transaction() as tx:
        await tx.put_run(run)
    return run


async def _types(store: SqliteStore) -> list[str]:
    events = [json.loads(e.payload) for e in await store.events_after("r", 0)]
    assert [e["seq"] for e in events] == list(range(1, len(events) + 1))
    return [e["type"] for e in events]


async def test_a_driven_run_is_never_reloaded_between_its_commits(tmp_path: Path) -> None:
    store = CountingStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    try:
        await _leased_run(store, iterations=3)
        runner = Runner(
            Ledger(store, Broker()), TwoStepPlanner(), Vault(tmp_path / "memory"), "worker"
        )
        released = await runner.drive("r")
        done = await store.get_run("r")
        types = await _types(store)
    finally:
        await store.close()
    assert done is not None and done.status is RunStatus.COMPLETED and done.iteration == 3
    # Its last commit let the lease go: the scheduler makes no release of its own.
    assert released is True and done.lease_holder is None
    assert types.count("iteration_completed") == 3 and types[-2:] == ["final_plan", "complete"]
    assert store.loads == 0  # every commit checked the run it kept instead
    assert store.checks >= 4  # three iterations and the finish, plus progress written behind
    assert runner._known == {}  # nothing kept once the drive is over


async def test_a_run_saved_elsewhere_mid_iteration_is_reloaded_and_obeyed(
    tmp_path: Path,
) -> None:
    """A pause requested while an iteration runs (as the API saves it) must not be
    overwritten by the runner's kept copy: the check fails, the commit reloads."""
    store = CountingStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()

    async def request_pause() -> None:
        async with store.transaction() as tx:
            run = await tx.get_run("r")
            assert run is not None
            run.pause_requested = True
            await tx.put_run(run)
        store.loads = 0  # count only the runner's own loads

    try:
        await _leased_run(store, iterations=3)
        planner = TwoStepPlanner(during=request_pause)
        runner = Runner(Ledger(store, Broker()), planner, Vault(tmp_path / "memory"), "worker")
        released = await runner.drive("r")
        paused = await store.get_run("r")
        types = await _types(store)
    finally:
        await store.close()
    assert paused is not None and paused.status is RunStatus.PAUSED and paused.iteration == 1
    assert released is True and paused.lease_holder is None
    assert types[-3:] == ["iteration_completed", "plan_checked", "run_paused"]
    assert store.loads == 1  # the one commit after the pause was saved


async def test_a_drive_that_commits_nothing_leaves_the_release_to_its_caller(
    tmp_path: Path,
) -> None:
    """A run leased elsewhere is not driven here, and nothing here let a lease go: the
    caller's release (of its own lease only) stays."""
    store = CountingStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    try:
        await _leased_run(store, iterations=2)
        runner = Runner(Ledger(store, Broker()), TwoStepPlanner(), Vault(tmp_path / "m"), "other")
        released = await runner.drive("r")
        untouched = await store.get_run("r")
    finally:
        await store.close()
    assert released is False
    assert untouched is not None and untouched.iteration == 0
    assert untouched.lease_holder == "worker"


async def test_an_approved_run_is_driven_from_the_approvals_copy_without_reading_it(
    tmp_path: Path,
) -> None:
    """The scheduler hands the drive the run as the approval committed it: neither the run
    nor the log (for an abandoned attempt) is read again, and the commits still check it."""
    store = CountingStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    reads: list[str] = []
    real_get_run, real_events_after = store.get_run, store.events_after

    async def get_run(run_id: str) -> Run | None:
        reads.append("run")
        return await real_get_run(run_id)

    async def events_after(*args: Any, **kwargs: Any) -> Any:
        reads.append("events")
        return await real_events_after(*args, **kwargs)

    try:
        approved = await _leased_run(store, iterations=2)
        store.get_run, store.events_after = get_run, events_after  # type: ignore[method-assign]
        runner = Runner(
            Ledger(store, Broker()), TwoStepPlanner(), Vault(tmp_path / "memory"), "worker"
        )
        released = await runner.drive("r", approved)
        store.get_run, store.events_after = real_get_run, real_events_after  # type: ignore[method-assign]
        done = await store.get_run("r")
        types = await _types(store)
    finally:
        await store.close()
    assert reads == [] and store.loads == 0 and store.checks >= 2
    assert done is not None and done.status is RunStatus.COMPLETED and released is True
    assert types.count("iteration_completed") == 2


async def test_a_stale_copy_of_an_approved_run_is_caught_by_its_first_commit(
    tmp_path: Path,
) -> None:
    """Changed after the approval (a pause asked for before the drive began): the first
    commit's check fails, the run is read, and the pause is obeyed after that iteration."""
    store = CountingStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    try:
        approved = await _leased_run(store, iterations=3)
        async with store.transaction() as tx:
            later = await tx.get_run("r")
            assert later is not None
            later.pause_requested = True
            await tx.put_run(later)
        store.loads = 0
        runner = Runner(
            Ledger(store, Broker()), TwoStepPlanner(), Vault(tmp_path / "memory"), "worker"
        )
        await runner.drive("r", approved)
        paused = await store.get_run("r")
    finally:
        await store.close()
    assert store.loads == 1
    assert paused is not None and paused.status is RunStatus.PAUSED and paused.iteration == 1


class FailingPlanner(ScriptedPlanner):
    """Fails its first iteration at once, before it reports anything or yields."""

    name = "two-step"

    async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        raise PlannerFailed("the model said no", code="model_refused")
        yield  # pragma: no cover - makes this an async generator


async def test_an_iteration_that_fails_at_once_still_shows_its_start_before_the_failure(
    tmp_path: Path,
) -> None:
    """Its ``iteration_started`` was waiting to be written behind when the planner failed;
    it is written with the failure, before it, so every client sees where the run failed
    (the AG-UI stream closes that step with the error)."""
    store = CountingStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    try:
        await _leased_run(store, iterations=2)
        runner = Runner(
            Ledger(store, Broker()), FailingPlanner(), Vault(tmp_path / "memory"), "worker"
        )
        with pytest.raises(PlannerFailed) as failed:
            await runner.drive("r")
        await runner.fail("r", failed.value)
        types = await _types(store)
        run = await store.get_run("r")
    finally:
        await store.close()
    assert run is not None and run.status is RunStatus.FAILED
    assert types[-3:] == ["iteration_started", "error", "complete"]
    assert runner._unsaid == {}


class HeldStore(SqliteStore):
    """Real SQLite whose transaction that writes ``complete`` commits, then returns only
    when the test lets it: the time a real commit spends between COMMIT and its return
    (a PostgreSQL connection going back to its pool, a SQLite group ending), stretched."""

    def __init__(self, url: str) -> None:
        super().__init__(url)
        self.committed = asyncio.Event()
        self.go = asyncio.Event()

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[Transaction]:
        async with super().transaction() as tx:
            held = HeldTx(tx)
            yield held  # type: ignore[misc]
        if held.completes:
            self.committed.set()
            await self.go.wait()


class HeldTx:
    def __init__(self, tx: Transaction) -> None:
        self.tx = tx
        self.completes = False

    def __getattr__(self, name: str) -> object:
        return getattr(self.tx, name)

    async def append(self, run: Run, bodies: list[EventBody], **kw: Any) -> list[StoredEvent]:
        self.completes |= any(b.type == "complete" for b in bodies)
        return await self.tx.append(run, bodies, **kw)


def _completes_counted() -> float:
    return (
        metrics.REGISTRY.get_sample_value("planloop_events_written_total", {"type": "complete"})
        or 0.0
    )


async def test_a_drive_cancelled_as_its_completion_commits_still_publishes_it(
    tmp_path: Path,
) -> None:
    """The sweep renews the leases of the runs it executes and cancels a drive whose lease
    is gone; a drive that had just committed its completion (which lets the lease go) was
    cancelled between COMMIT and return: the run was stored completed, but its last events
    were neither published by the process that wrote them nor counted (a stream saw them
    only through the relay's poll). The cancel now waits for the commit to end."""
    store = HeldStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    broker = Broker()
    watching = broker.subscribe("r")
    counted = _completes_counted()
    try:
        await _leased_run(store, iterations=2)
        runner = Runner(Ledger(store, broker), TwoStepPlanner(), Vault(tmp_path / "m"), "worker")
        drive = asyncio.create_task(runner.drive("r"))
        await wait_for(store.committed.is_set, what="the completion committed")
        drive.cancel()  # what the sweep does when the renewal finds the lease let go
        await asyncio.sleep(0.01)
        store.go.set()
        with pytest.raises(asyncio.CancelledError):
            await drive
        done = await store.get_run("r")
    finally:
        await store.close()
    published = []
    while watching.peek() is not None:
        published.append(watching.pop().type)
    assert published[-2:] == ["final_plan", "complete"]
    assert _completes_counted() == counted + 1
    assert done is not None and done.status is RunStatus.COMPLETED
    assert done.memory_entity is not None
    assert list((tmp_path / "m").rglob(f"{done.memory_entity}.md"))  # the note stays


async def test_an_iterations_commit_reads_nothing_and_goes_with_the_group(
    tmp_path: Path,
) -> None:
    """An iteration's commit checks the run it kept and reads nothing, so on SQLite it is
    committed with the group (store/sqlite_batch.py) in a savepoint of its own, not in a
    transaction that holds the writer to itself."""
    store = SqliteStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    seen: list[str] = []
    try:
        await _leased_run(store, iterations=3)
        await store.writer.set_trace_callback(seen.append)
        runner = Runner(
            Ledger(store, Broker()), TwoStepPlanner(), Vault(tmp_path / "memory"), "worker"
        )
        await runner.drive("r")
        await store.writer.set_trace_callback(None)
        types = await _types(store)
    finally:
        await store.close()
    assert types.count("iteration_completed") == 3
    grouped = [s for s in seen if s.startswith("SAVEPOINT")]
    # the three iterations and the finish, each a whole transaction in a group
    assert len(grouped) == 4
    assert seen.count("RELEASE call") == 4 and "ROLLBACK TO call" not in seen
