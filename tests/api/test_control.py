"""Pause, resume and cancel (in-process: states are polled, logs read once a run is over)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from planloop import runtime
from planloop.plan_processes import PlanProcesses
from planloop.planners.base import IterationContext, IterationResult, Planner, Progress
from planloop.settings import Settings
from tests.held_server import HeldPlanner
from tests.helpers import start_run
from tests.inprocess import finished_events, run_state, running_app, wait_status
from tests.waiting import wait_for

pytestmark = [pytest.mark.timeout(60), pytest.mark.in_process]


async def iteration_begun(client: httpx.AsyncClient, run_id: str) -> bool:
    state = await run_state(client, run_id)
    return bool(state["iteration"] >= 1 or state["iterations"])


def _types(events: list[dict[str, object]]) -> list[object]:
    return [e["type"] for e in events]


async def test_pause_takes_effect_after_the_current_iteration_then_resume(
    client: httpx.AsyncClient,
) -> None:
    # The most iterations a run may have: the pause must land while it still runs, and the
    # run and this test share one event loop, so a loaded machine slows both alike.
    run_id = await start_run(client, max_iterations=50, checkpoint_interval=50)
    await wait_for(lambda: iteration_begun(client, run_id))
    r = await client.post(f"/api/runs/{run_id}/pause")
    # The answer is the run as read after the pause committed: the runner may already have
    # finished its iteration and paused by then.
    assert r.status_code == 200
    assert r.json()["pause_requested"] is True or r.json()["status"] == "paused", r.json()
    state = await wait_status(client, run_id, "paused")
    paused_at = state["last_seq"]
    r = await client.post(f"/api/runs/{run_id}/resume")
    assert r.status_code == 200
    log = await finished_events(client, run_id)
    paused, resumed = log[paused_at - 1], log[paused_at]
    assert paused["type"] == "run_paused" and paused["iteration"] >= 1
    assert state["iteration"] == paused["iteration"]
    # the iteration finished first (its plan checked, planloop.checks)
    assert [e["type"] for e in log[paused_at - 3 : paused_at - 1]] == [
        "iteration_completed",
        "plan_checked",
    ]
    assert resumed["type"] == "run_resumed" and resumed["iteration"] == paused["iteration"]
    assert _types(log).count("run_paused") == 1
    assert log[-1]["status"] == "completed"


async def test_cancel_while_parked(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client)
    parked_at = (await wait_status(client, run_id, "awaiting_approval"))["last_seq"]
    r = await client.post(f"/api/runs/{run_id}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    rest = await finished_events(client, run_id, after=parked_at)
    assert rest == [rest[0]] and rest[0]["status"] == "cancelled"
    assert (await client.get(f"/api/runs/{run_id}")).json()["checkpoints"][0]["status"] == (
        "cancelled"
    )
    r = await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
    assert r.status_code == 409


async def test_cancel_while_running_stops_iterations(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client, max_iterations=50, checkpoint_interval=50)
    await wait_status(client, run_id, "running")
    assert (await client.post(f"/api/runs/{run_id}/cancel")).status_code == 200
    got = await finished_events(client, run_id)
    assert got[-1]["status"] == "cancelled"
    state = (await client.get(f"/api/runs/{run_id}")).json()
    assert state["status"] == "cancelled" and state["iteration"] < 50
    assert (await client.post(f"/api/runs/{run_id}/cancel")).status_code == 409


async def test_pause_of_a_parked_run_conflicts(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client)
    await wait_status(client, run_id, "awaiting_approval")
    r = await client.post(f"/api/runs/{run_id}/pause")
    assert r.status_code == 409
    r = await client.post(f"/api/runs/{run_id}/resume")
    assert r.status_code == 409


async def test_a_pause_met_by_a_checkpoint_is_spent_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Found as a user: a pause asked for in the iteration that ends at a checkpoint was
    still pending at the checkpoint, and its approval paused the run at once instead of
    going on. The checkpoint is the stop the pause asked for; an approval goes on."""
    hold, begun = tmp_path / "hold", asyncio.Event()

    class Held(HeldPlanner):
        async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
            async for item in super().iterate(ctx):
                if isinstance(item, Progress):
                    begun.set()  # the iteration has begun; it waits for the hold to go
                yield item

    def held(settings: Settings, processes: PlanProcesses | None = None) -> Planner:
        return Held(settings.offline_step_delay_s, hold, processes)

    monkeypatch.setattr(runtime, "make_planner", held)
    hold.touch()  # the first iteration waits after its first progress, until removed
    async with running_app(tmp_path) as (_, client):
        run_id = await start_run(client, max_iterations=3, checkpoint_interval=1)
        await asyncio.wait_for(begun.wait(), 20)
        r = await client.post(f"/api/runs/{run_id}/pause")
        assert r.status_code == 200 and r.json()["pause_requested"] is True, r.json()
        hold.unlink()
        parked = await wait_status(client, run_id, "awaiting_approval")
        assert parked["pause_requested"] is False and parked["iteration"] == 1
        r = await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
        assert r.status_code == 200

        async def stopped_again() -> bool:
            state = await run_state(client, run_id)
            return state["status"] in ("paused", "awaiting_approval") and state["iteration"] > 1

        await wait_for(stopped_again)
        state = await run_state(client, run_id)
        assert (state["status"], state["iteration"]) == ("awaiting_approval", 2)
