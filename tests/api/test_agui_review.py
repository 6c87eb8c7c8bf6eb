"""Issue 16, item 9 over AG-UI: the interrupt's responseSchema offers approve, revise, edit
and reject; a resume may request changes (the run comes back to the same checkpoint, a new
revision, and the stream ends at its interrupt again), edit the plan, or reject."""

from __future__ import annotations

import httpx
import pytest

from tests.agui_rules import check_stream
from tests.api.test_agui import agui, kinds, resume_input, start_input

pytestmark = pytest.mark.timeout(60)


async def test_the_interrupt_offers_every_decision(client: httpx.AsyncClient) -> None:
    first = await agui(client, start_input(max_iterations=2, checkpoint_interval=1))
    (interrupt,) = first[-1]["outcome"]["interrupts"]
    schema = interrupt["responseSchema"]
    assert schema["properties"]["decision"]["enum"] == ["approve", "revise", "edit", "reject"]
    assert "plan_markdown" in schema["properties"]
    meta = interrupt["metadata"]
    assert meta["revision"] == 1 and meta["changes"]["added"]
    assert meta["review_url"].endswith("/checkpoints/1")
    snapshot = first[-2]["snapshot"]
    assert snapshot["changes"]["counts"]["added"] >= 1
    r = await client.post("/api/agui", json=resume_input(interrupt, {"decision": "revise"}))
    assert r.status_code == 422 and "feedback" in r.json()["error"]["message"]
    r = await client.post(
        "/api/agui", json=resume_input(interrupt, {"decision": "edit", "plan_markdown": 7})
    )
    assert r.status_code == 422
    run_id = snapshot["run_id"]
    assert (await client.get(f"/api/runs/{run_id}")).json()["status"] == "awaiting_approval"


async def test_revise_comes_back_to_the_checkpoint_then_edit_finishes(
    client: httpx.AsyncClient,
) -> None:
    first = await agui(client, start_input(max_iterations=4, checkpoint_interval=2))
    (interrupt,) = first[-1]["outcome"]["interrupts"]
    run_id = first[-2]["snapshot"]["run_id"]
    revised = await agui(
        client, resume_input(interrupt, {"decision": "revise", "feedback": "Hire 3 bakers"})
    )
    check_stream(revised)
    assert [e["stepName"] for e in revised if e["type"] == "STEP_STARTED"] == [
        "iteration 1",
        "iteration 2",
    ]
    assert revised[-1]["outcome"]["type"] == "interrupt"
    (again,) = revised[-1]["outcome"]["interrupts"]
    assert again["metadata"]["checkpoint_number"] == 1 and again["metadata"]["revision"] == 2
    plan = (await client.get(f"/api/runs/{run_id}/checkpoints/1")).json()["plan_markdown"]
    mine = plan + "\n\n## Opening party\n\nInvite the street.\n"
    edited = await agui(client, resume_input(again, {"decision": "edit", "plan_markdown": mine}))
    check_stream(edited)
    assert edited[-1]["outcome"] == {"type": "success"}
    assert "## Opening party" in edited[-1]["result"]["plan"]
    assert "TEXT_MESSAGE_CONTENT" in kinds(edited)
