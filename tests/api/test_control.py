"""Pause, resume and cancel (in-process: states are polled, logs read once a run is over)."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers import start_run
from tests.inprocess import finished_events, run_state, wait_status
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
