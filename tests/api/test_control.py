"""Pause, resume and cancel."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers import run_until, start_run

pytestmark = pytest.mark.timeout(60)


async def test_pause_takes_effect_after_the_current_iteration_then_resume(
    client: httpx.AsyncClient,
) -> None:
    run_id = await start_run(client, max_iterations=6, checkpoint_interval=6)
    await run_until(client, run_id, "iteration_started")
    r = await client.post(f"/api/runs/{run_id}/pause")
    assert r.status_code == 200 and r.json()["pause_requested"] is True
    got = await run_until(client, run_id, "run_paused")
    paused = got[-1]
    assert paused["iteration"] >= 1
    assert got[-2]["type"] == "iteration_completed"  # the iteration finished first
    state = (await client.get(f"/api/runs/{run_id}")).json()
    assert state["status"] == "paused" and state["iteration"] == paused["iteration"]
    r = await client.post(f"/api/runs/{run_id}/resume")
    assert r.status_code == 200
    rest = await run_until(client, run_id, "complete", after=paused["seq"])
    assert rest[0]["type"] == "run_resumed" and rest[0]["iteration"] == paused["iteration"]
    assert rest[-1]["status"] == "completed"


async def test_cancel_while_parked(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client)
    got = await run_until(client, run_id, "checkpoint_reached")
    r = await client.post(f"/api/runs/{run_id}/cancel")
    assert r.status_code == 200 and r.json()["status"] == "cancelled"
    rest = await run_until(client, run_id, "complete", after=got[-1]["seq"])
    assert rest == [rest[0]] and rest[0]["status"] == "cancelled"
    assert (await client.get(f"/api/runs/{run_id}")).json()["checkpoints"][0]["status"] == (
        "cancelled"
    )
    r = await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
    assert r.status_code == 409


async def test_cancel_while_running_stops_iterations(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client, max_iterations=20, checkpoint_interval=20)
    await run_until(client, run_id, "iteration_started")
    assert (await client.post(f"/api/runs/{run_id}/cancel")).status_code == 200
    got = await run_until(client, run_id, "complete")
    assert got[-1]["status"] == "cancelled"
    state = (await client.get(f"/api/runs/{run_id}")).json()
    assert state["status"] == "cancelled" and state["iteration"] < 20
    assert (await client.post(f"/api/runs/{run_id}/cancel")).status_code == 409


async def test_pause_of_a_parked_run_conflicts(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client)
    await run_until(client, run_id, "checkpoint_reached")
    r = await client.post(f"/api/runs/{run_id}/pause")
    assert r.status_code == 409
    r = await client.post(f"/api/runs/{run_id}/resume")
    assert r.status_code == 409
