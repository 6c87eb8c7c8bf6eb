"""A run end to end over a real server (stream, checkpoint, approve with feedback, final plan);
the rest in-process (states polled, logs read once a run is over)."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx
import pytest

from tests.helpers import run_until, seqs, start_run
from tests.inprocess import InProcessApp, finished_events, run_state, wait_status
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(60)


async def test_run_reaches_checkpoint_and_completes_after_approval(
    client: httpx.AsyncClient,
) -> None:
    run_id = await start_run(client)
    first = await run_until(client, run_id, "checkpoint_reached")
    types = [e["type"] for e in first]
    assert types[0] == "planning_started"
    assert types.count("iteration_started") == 2 and types.count("iteration_completed") == 2
    assert "iteration_progress" in types
    cp = first[-1]
    assert cp["checkpoint_number"] == 1 and cp["iteration"] == 2
    assert cp["frameworks_so_far"] and all(
        {"id", "title"} <= set(f) for f in cp["frameworks_so_far"]
    )
    assert any(d["source"] == "goal" and "40,000" in d["value"] for d in cp["data_points_so_far"])
    imp = cp["improvements"]
    assert imp["data_points_gained"] == len(cp["data_points_so_far"])
    assert imp["sections_added"] and imp["key_discovery"]
    assert cp["expires_at"].endswith("Z")
    started = first[0]
    assert started["goal"].startswith("Open a bakery") and started["planner"] == "offline"
    iteration_started = first[1]
    assert iteration_started["max"] == iteration_started["max_iterations"] == 4
    completed = [e for e in first if e["type"] == "iteration_completed"]
    assert all(isinstance(e["duration_ms"], int) and e["plan_version"] for e in completed)

    state = (await client.get(f"/api/runs/{run_id}")).json()
    assert state["status"] == "awaiting_approval" and state["pending_checkpoint"] == 1
    assert state["iteration"] == 2 and state["checkpoints"][0]["status"] == "waiting"

    feedback = "Hire 3 bakers and keep rent under $2,500 per month"
    r = await client.post(
        f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve", "feedback": feedback}
    )
    assert r.status_code == 200, r.text
    assert r.json()["status"] == "running" and r.json()["feedback"] == feedback

    rest = await run_until(client, run_id, "complete", after=cp["seq"])
    assert seqs(first + rest) == list(range(1, len(first) + len(rest) + 1))
    approved = rest[0]
    assert approved["type"] == "checkpoint_approved"
    assert approved["checkpoint"] == approved["checkpoint_number"] == 1
    assert approved["feedback"] == feedback
    final = next(e for e in rest if e["type"] == "final_plan")
    assert rest[-1] == {**rest[-1], "type": "complete", "status": "completed"}
    assert final["iterations"] == 4 and final["checkpoints"] == 1
    # The feedback steered what followed: quoted in the plan, mined for data points.
    assert "3 bakers" in final["plan"]
    assert any(d["source"] == "feedback:1" for d in final["data_points"])
    later_progress = [e for e in rest if e["type"] == "iteration_completed"]
    assert [e["iteration"] for e in later_progress] == [3, 4]
    assert final["memory_entity"].startswith("plan_")

    state = (await client.get(f"/api/runs/{run_id}")).json()
    assert state["status"] == "completed" and state["memory_entity"] == final["memory_entity"]
    assert state["plan"] == final["plan"] and state["feedback"][0]["text"] == feedback
    assert state["checkpoints"][0]["status"] == "approved"
    entities = (await client.get("/api/entities")).json()
    assert final["memory_entity"] in [e["name"] for e in entities]
    listed = (await client.get("/api/runs")).json()
    assert run_id in [r["run_id"] for r in listed]


@pytest.mark.in_process
async def second_checkpoint(client: httpx.AsyncClient, run_id: str) -> bool:
    return (await run_state(client, run_id))["pending_checkpoint"] == 2


@pytest.mark.in_process
async def test_single_iteration_run_has_no_checkpoint(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client, max_iterations=1, checkpoint_interval=1)
    got = await finished_events(client, run_id)
    assert "checkpoint_reached" not in [e["type"] for e in got]
    assert got[-2]["type"] == "final_plan"


@pytest.mark.in_process
async def test_checkpoint_numbering_follows_interval(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client, max_iterations=5, checkpoint_interval=2)
    state = await wait_status(client, run_id, "awaiting_approval")
    assert (state["pending_checkpoint"], state["iteration"]) == (1, 2)
    await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
    await wait_for(lambda: second_checkpoint(client, run_id))
    state = await wait_status(client, run_id, "awaiting_approval")
    assert (state["pending_checkpoint"], state["iteration"]) == (2, 4)
    second_at = state["last_seq"]
    await client.post(f"/api/runs/{run_id}/checkpoints/2", json={"decision": "approve"})
    log = await finished_events(client, run_id)
    reached = [e for e in log if e["type"] == "checkpoint_reached"]
    assert [(e["checkpoint_number"], e["iteration"]) for e in reached] == [(1, 2), (2, 4)]
    got = log[second_at:]
    assert "checkpoint_reached" not in [e["type"] for e in got]  # none after the last iteration
    final = next(e for e in got if e["type"] == "final_plan")
    assert final["checkpoints"] == 2


@pytest.mark.in_process
async def test_proposal_lists_frameworks_and_suggestions(client: httpx.AsyncClient) -> None:
    r = await client.post("/api/proposals", json={"goal": "Launch a podcast with 1,000 listeners"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["approach"] and len(body["frameworks"]) >= 3
    assert all(f["id"] and f["title"] for f in body["frameworks"])
    assert 1 <= body["max_iterations"] <= 50 and 1 <= body["checkpoint_interval"] <= 50
    assert body["memory"] == {"entities": [], "coverage": 0.0, "titles": []}


@pytest.mark.in_process
async def test_run_uses_a_given_proposal_in_its_order(client: httpx.AsyncClient) -> None:
    proposal = (await client.post("/api/proposals", json={"goal": "Ship a mobile app"})).json()
    proposal["frameworks"] = list(reversed(proposal["frameworks"]))[:4]
    run_id = await start_run(client, goal="Ship a mobile app", proposal=proposal, max_iterations=2)
    got = await finished_events(client, run_id)
    applied = [
        f["id"] for e in got if e["type"] == "iteration_completed" for f in e["frameworks_applied"]
    ]
    assert applied == [f["id"] for f in proposal["frameworks"]]


@pytest.mark.in_process
async def test_each_run_is_driven_by_exactly_one_task(client: httpx.AsyncClient) -> None:
    """Regression: the sweeper and the wake-up could both claim a new run and drive it twice."""
    for _ in range(3):
        ids = [await start_run(client, max_iterations=2, checkpoint_interval=2) for _ in range(5)]
        for run_id in ids:
            got = await finished_events(client, run_id)
            started = [e["iteration"] for e in got if e["type"] == "iteration_started"]
            assert started == [1, 2], started


@pytest.mark.in_process
async def test_a_new_runs_drive_starts_from_the_creations_copy_without_reading_it(
    app_server: InProcessApp, app_client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    """As after an approval, the scheduler hands the first drive the run as its creation
    committed it: the drive reads neither the run nor its log (for an abandoned attempt),
    two reads (PostgreSQL: two round trips) fewer per run; its commits still check it."""
    store = app_server.app.state.engine._store
    reads: list[str] = []

    def counted(name: str) -> None:
        real = getattr(store, name)

        async def read(run_id: str, *args: Any, **kwargs: Any) -> Any:
            task = asyncio.current_task()
            if task is not None and task.get_name() == f"planloop-run-{run_id}":
                reads.append(name)  # read by the run's own drive
            return await real(run_id, *args, **kwargs)

        monkeypatch.setattr(store, name, read)

    counted("get_run")
    counted("events_after")
    run_id = await start_run(app_client)
    parked = await wait_status(app_client, run_id, "awaiting_approval")
    assert reads == []
    assert parked["iteration"] == 2 and parked["last_seq"] > 1
    r = await app_client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "reject"})
    assert r.status_code == 200, r.text
    events = await finished_events(app_client, run_id)
    assert seqs(events) == list(range(1, len(events) + 1))
    assert [e["type"] for e in events[:2]] == ["planning_started", "iteration_started"]
