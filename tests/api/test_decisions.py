"""Checkpoint decisions: idempotent repeats, conflicts, rejection, expiry (in-process)."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers import start_run
from tests.inprocess import finished_events, run_state, wait_status
from tests.waiting import wait_for

pytestmark = [pytest.mark.timeout(60), pytest.mark.in_process]


async def _parked(client: httpx.AsyncClient, **body: object) -> tuple[str, int]:
    run_id = await start_run(client, **body)
    state = await wait_status(client, run_id, "awaiting_approval")
    return run_id, state["last_seq"]


async def test_same_decision_twice_returns_the_first_result(client: httpx.AsyncClient) -> None:
    run_id, _ = await _parked(client)
    url = f"/api/runs/{run_id}/checkpoints/1"
    first = await client.post(url, json={"decision": "approve", "feedback": "first"})
    again = await client.post(url, json={"decision": "approve", "feedback": "first"})
    assert first.status_code == again.status_code == 200
    # the first answer again, saying it was recorded before: nothing new happened (a
    # trial: a repeat read as a new success in the CLI and over MCP)
    assert first.json()["already_recorded"] is False
    assert again.json() == {
        **first.json(),
        "status": again.json()["status"],  # the run's now: it may have gone on meanwhile
        "already_recorded": True,
    }
    # Other feedback is another decision: refused, naming the one recorded.
    other = await client.post(url, json={"decision": "approve", "feedback": "second"})
    assert other.status_code == 409, other.text
    assert other.json()["error"]["decided"] == {"decision": "approve", "feedback": "first"}
    got = await finished_events(client, run_id)
    assert [e["type"] for e in got].count("checkpoint_approved") == 1


async def test_other_decision_for_a_decided_checkpoint_conflicts(client: httpx.AsyncClient) -> None:
    run_id, _ = await _parked(client)
    url = f"/api/runs/{run_id}/checkpoints/1"
    assert (await client.post(url, json={"decision": "approve"})).status_code == 200
    r = await client.post(url, json={"decision": "reject"})
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "checkpoint_already_decided"


async def test_reject_stops_the_run_keeps_the_plan_and_saves_nothing(
    client: httpx.AsyncClient,
) -> None:
    run_id, seq = await _parked(client)
    r = await client.post(
        f"/api/runs/{run_id}/checkpoints/1", json={"decision": "reject", "feedback": "wrong city"}
    )
    assert r.status_code == 200 and r.json()["status"] == "rejected"
    rest = await finished_events(client, run_id, after=seq)
    assert [e["type"] for e in rest] == ["checkpoint_rejected", "complete"]
    assert rest[0]["feedback"] == "wrong city" and rest[-1]["status"] == "rejected"
    state = (await client.get(f"/api/runs/{run_id}")).json()
    assert state["status"] == "rejected" and state["iteration"] == 2
    assert state["plan"].strip() and state["memory_entity"] is None
    names = [e["name"] for e in (await client.get("/api/entities")).json()]
    assert not [n for n in names if n.endswith(run_id[:8])]  # memory holds nothing of it


async def test_decision_for_a_checkpoint_that_is_not_waiting(client: httpx.AsyncClient) -> None:
    run_id, _ = await _parked(client, max_iterations=6)
    r = await client.post(f"/api/runs/{run_id}/checkpoints/2", json={"decision": "approve"})
    assert r.status_code == 409 and r.json()["error"]["code"] == "checkpoint_not_waiting"
    assert (await client.get(f"/api/runs/{run_id}")).json()["status"] == "awaiting_approval"
    # one it will never reach is named as such (it said "not waiting", as if it might be)
    r = await client.post(f"/api/runs/{run_id}/checkpoints/7", json={"decision": "approve"})
    assert r.status_code == 404 and r.json()["error"]["code"] == "checkpoint_not_found"
    assert "has no checkpoint 7: it has" in r.json()["error"]["message"]
    assert (await client.get(f"/api/runs/{run_id}")).json()["status"] == "awaiting_approval"


async def test_bad_decision_value_changes_nothing(client: httpx.AsyncClient) -> None:
    run_id, _ = await _parked(client)
    r = await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "maybe"})
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_request"
    state = (await client.get(f"/api/runs/{run_id}")).json()
    assert state["checkpoints"][0]["status"] == "waiting"


async def test_unanswered_checkpoint_expires_and_still_takes_a_decision(
    client: httpx.AsyncClient,
) -> None:
    # A deadline is not death (issue 16): the checkpoint is marked expired, the run waits.
    run_id, seq = await _parked(client, checkpoint_timeout_s=1)

    async def expired() -> bool:
        state = await run_state(client, run_id)
        return bool(state["checkpoints"][0]["status"] == "expired")

    await wait_for(expired, timeout=20, what="checkpoint 1 expired")
    state = await run_state(client, run_id)
    assert state["status"] == "awaiting_approval" and state["pending_checkpoint"] == 1
    r = await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
    assert r.status_code == 200, r.text
    rest = await finished_events(client, run_id, after=seq)
    kinds = [e["type"] for e in rest]
    assert kinds[:2] == ["checkpoint_expired", "checkpoint_approved"]
    assert rest[0]["checkpoint_number"] == 1 and rest[-1]["status"] == "completed"
