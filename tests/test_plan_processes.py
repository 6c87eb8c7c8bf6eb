"""Plan work in worker processes (planloop.plan_processes): real processes, real planner.

The offline planner's writing and the plan checks leave the server's event loop when
``PLANLOOP_PLAN_PROCESSES`` > 0. What a person gets must not change with it: the same
steps, the same plan, the same checks. A worker that dies costs no call.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from planloop import plan_processes
from planloop.checks import Seen, check_iteration, rules
from planloop.domain import Feedback, PlanState, Proposal
from planloop.engine.requests import RunRequest
from planloop.plan_processes import PlanProcesses
from planloop.planners.base import IterationContext, IterationResult, MemoryNote
from planloop.planners.offline import OfflinePlanner, draft
from planloop.planners.offline import planner as offline_planner
from planloop.runtime import running
from planloop.settings import Settings
from tests.factories import GOAL
from tests.helpers import run_until, start_run
from tests.server import ServerProcess
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
async def one() -> AsyncIterator[PlanProcesses]:
    processes = PlanProcesses(1)
    processes.start()
    yield processes
    await processes.close()


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    # A killed child stays a zombie until its parent reaps it: dead all the same. The pool
    # may reap it between the two looks, and then its /proc entry is gone (seen once with
    # the machine busy: FileNotFoundError here), or between opening the entry and reading it
    # (seen once in CI: ProcessLookupError from the read).
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def _fails() -> None:
    raise ValueError("the plan work's own error")


async def test_plan_work_runs_in_a_worker_and_in_line_without_one(one: PlanProcesses) -> None:
    assert await one.run(os.getpid) != os.getpid()
    assert await PlanProcesses(0).run(os.getpid) == os.getpid()
    with pytest.raises(ValueError, match="0 or more"):
        PlanProcesses(-1)


async def test_what_the_work_raises_comes_back_as_itself(one: PlanProcesses) -> None:
    with pytest.raises(ValueError, match="the plan work's own error"):
        await one.run(_fails)
    assert await one.run(os.getpid) != os.getpid()  # the worker is still there


async def test_a_killed_worker_costs_no_call_and_the_next_starts_afresh(
    one: PlanProcesses, caplog: pytest.LogCaptureFixture
) -> None:
    worker = await one.run(os.getpid)
    os.kill(worker, signal.SIGKILL)
    await wait_for(lambda: not _alive(worker), timeout=10)
    # The pool is broken: this call is done here, in line, and answers all the same.
    assert await one.run(os.getpid) == os.getpid()
    assert "a worker stopped" in caplog.text
    fresh = await one.run(os.getpid)
    assert fresh not in (os.getpid(), worker)


async def test_a_runtime_that_executes_nothing_starts_no_worker(tmp_path: Path) -> None:
    """``planloop serve`` opens the runtime once to check it can start: no worker for that."""
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'planloop.db'}",
        memory_dir=str(tmp_path / "memory"),
        plan_processes=1,
    )
    async with running(settings, execute=False) as rt:
        assert not rt.processes.started
    async with running(settings) as rt:
        assert rt.processes.started


async def test_where_no_worker_can_start_plan_work_runs_in_line(
    monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """A host without multiprocessing's semaphores (no /dev/shm) refuses every worker:
    the server starts all the same, and says once why its plan work stays in line."""

    def no_semaphores(method: str) -> Any:
        raise OSError(38, "Function not implemented")

    monkeypatch.setattr(plan_processes.multiprocessing, "get_context", no_semaphores)
    processes = PlanProcesses(1)
    processes.start()
    assert await processes.run(os.getpid) == os.getpid()
    assert await processes.run(os.getpid) == os.getpid()
    assert caplog.text.count("cannot start a worker") == 1
    await processes.close()


async def test_closed_workers_are_gone_and_later_work_runs_in_line() -> None:
    processes = PlanProcesses(1)
    worker = await processes.run(os.getpid)
    await processes.close()
    assert not _alive(worker)
    assert await processes.run(os.getpid) == os.getpid()


def _context(iteration: int, state: PlanState, memory: list[MemoryNote]) -> IterationContext:
    proposal = Proposal(
        approach="Plan the bakery.",
        frameworks=[],
        max_iterations=4,
        checkpoint_interval=2,
    )
    return IterationContext(
        run_id="r1",
        goal=GOAL,
        proposal=proposal,
        proposal_text="",
        iteration=iteration,
        max_iterations=4,
        state=state,
        memory=memory,
    )


async def _iterations(planner: OfflinePlanner) -> list[Any]:
    """Three iterations of one run, feedback given after the second, as the engine feeds
    the planner its own plan back: every item each iteration yields."""
    proposal = await planner.propose(GOAL)
    memory = [MemoryNote("supplier", "- oven: €6,000 from Forno Lda, delivery in 3 weeks")]
    state = PlanState()
    items: list[Any] = []
    for iteration in (1, 2, 3):
        ctx = _context(iteration, state, memory)
        ctx = IterationContext(**{**ctx.__dict__, "proposal": proposal})
        async for item in planner.iterate(ctx):
            items.append(item)
            if isinstance(item, IterationResult):
                state = state.model_copy(
                    update={
                        "plan": item.plan,
                        "frameworks": state.frameworks + item.frameworks_applied,
                        "data_points": state.data_points + item.data_points,
                    }
                )
        if iteration == 2:
            feedback = Feedback(checkpoint=1, text="Keep the oven under €5,000 and open by May.")
            state = state.model_copy(update={"feedback": [*state.feedback, feedback]})
    return items


async def test_the_offline_planner_writes_the_same_steps_in_a_worker(
    one: PlanProcesses,
) -> None:
    here = await _iterations(OfflinePlanner())
    there = await _iterations(OfflinePlanner(processes=one))
    assert [type(i).__name__ for i in there] == [type(i).__name__ for i in here]
    assert there == here
    plans = [i.plan for i in here if isinstance(i, IterationResult)]
    assert len(plans) == 3 and "€5,000" in plans[-1]


async def test_the_checks_are_the_same_in_a_worker(one: PlanProcesses) -> None:
    [*_, result] = [i async for i in OfflinePlanner().iterate(_context(1, PlanState(), []))]
    assert isinstance(result, IterationResult)
    feedback = [Feedback(checkpoint=1, text="The budget is $30,000 now.")]
    args = (GOAL, result.plan, feedback, Seen())
    here = check_iteration(*args)
    there = await one.run(check_iteration, *args)
    assert there == here
    assert {c.name for c in there} >= {"feedback_reflected", "milestones_owned_and_dated"}


async def test_the_offline_planner_writes_in_the_worker(
    one: PlanProcesses, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Written here, this iteration would fail: the worker has its own, unpatched code."""

    def not_here(ctx: IterationContext) -> Any:
        raise AssertionError("written in the server's process")

    monkeypatch.setattr(draft, "write_steps", not_here)
    monkeypatch.setattr(offline_planner, "write_steps", not_here)
    items = [i async for i in OfflinePlanner(processes=one).iterate(_context(1, PlanState(), []))]
    assert isinstance(items[-1], IterationResult) and "Total" in items[-1].plan
    with pytest.raises(AssertionError, match="server's process"):
        [i async for i in OfflinePlanner().iterate(_context(1, PlanState(), []))]


async def test_the_engine_checks_each_plan_in_the_worker(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``PLANLOOP_PLAN_PROCESSES`` reaches the runner: with the checks broken in this
    process only, a run still completes with every plan checked."""

    def not_here(*args: Any) -> Any:
        raise AssertionError("checked in the server's process")

    monkeypatch.setattr(rules, "_owners", not_here)
    settings = Settings(
        database_url=f"sqlite:///{tmp_path / 'planloop.db'}",
        memory_dir=str(tmp_path / "memory"),
        offline_step_delay_s=0,
        plan_processes=1,
    )
    async with running(settings) as rt:
        request = RunRequest(GOAL, max_iterations=2, checkpoint_interval=2)
        run = await rt.engine.create_run("o1", request)

        async def finished() -> bool:
            got = await rt.engine.get_run("o1", run.id)
            return got.status.value not in ("running", "queued")

        await wait_for(finished, timeout=30)
        done = await rt.engine.get_run("o1", run.id)
    assert done.status.value == "completed", done.error
    assert {c.name for c in done.state.checks} >= {"milestones_owned_and_dated"}


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found += [int(c) for c in (task / "children").read_text().split()]
    return found


def _descendants(pid: int) -> list[int]:
    found, todo = [], _children(pid)
    while todo:
        child = todo.pop()
        found.append(child)
        with contextlib.suppress(OSError):
            todo += _children(child)
    return found


async def test_a_killed_servers_plan_processes_end_with_it(tmp_path: Path) -> None:
    """SIGKILL gives the server no time to stop its workers. They end by themselves, and
    the forkserver and resource tracker they held open end after them: nothing is left."""
    server = ServerProcess(tmp_path, PLANLOOP_PLAN_PROCESSES="1").start()
    try:
        assert server.proc is not None
        pid = server.proc.pid
        # The resource tracker, the forkserver and the worker, started with the server.
        helpers = await wait_for(
            lambda: len(found := _descendants(pid)) >= 3 and found, timeout=10, what="workers"
        )
        assert isinstance(helpers, list)
    finally:
        server.kill()
    try:
        await wait_for(
            lambda: not any(_alive(p) for p in helpers), timeout=20, what=lambda: str(helpers)
        )
    finally:  # not left behind when they did not end
        for p in helpers:
            with contextlib.suppress(OSError):
                os.kill(p, signal.SIGKILL)


async def _one_run(server: ServerProcess) -> list[dict[str, Any]]:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as c:
        run_id = await start_run(c, max_iterations=3, checkpoint_interval=3)
        log = await run_until(c, run_id, "complete")
        plan = (await c.get(f"/api/runs/{run_id}")).json()["plan"]
    keep = ("type", "iteration", "message", "frameworks_applied", "data_points", "checks")
    return [{k: e[k] for k in keep if k in e} for e in log] + [{"plan": plan}]


async def test_a_server_with_a_plan_process_gives_the_same_run(tmp_path: Path) -> None:
    """The setting reaches the planner and the checks: the server has a worker process, and
    a run's events and plan are those of a server without one."""
    (tmp_path / "inline").mkdir()
    (tmp_path / "worker").mkdir()
    inline = ServerProcess(tmp_path / "inline", PLANLOOP_PLAN_PROCESSES="0").start()
    worker = ServerProcess(tmp_path / "worker", PLANLOOP_PLAN_PROCESSES="1").start()
    try:
        assert inline.proc is not None and worker.proc is not None
        pid = worker.proc.pid
        await wait_for(lambda: _children(pid), timeout=10, what="the server's worker process")
        assert _children(inline.proc.pid) == []
        here, there = await asyncio.gather(_one_run(inline), _one_run(worker))
    finally:
        inline.stop()
        worker.stop()
    assert there == here
    assert [e.get("type") for e in there].count("plan_checked") == 3
    assert "Total" in there[-1]["plan"]
