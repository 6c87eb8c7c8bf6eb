"""Issue 15 item 19: feedback is bounded per checkpoint and per run, and a run's plan note
stays within what the memory API edits, with errors that name the limit."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from planloop.domain import (
    MAX_FEEDBACK_CHARS,
    MAX_NOTE_CHARS,
    MAX_NOTE_PLAN_CHARS,
    MAX_RUN_FEEDBACK_CHARS,
    fit_note,
)
from tests.helpers import run_until, start_run

pytestmark = pytest.mark.timeout(120)


async def _next_stop(client: httpx.AsyncClient, run_id: str, after: int) -> dict[str, Any]:
    got = await run_until(client, run_id, "checkpoint_reached", after=after)
    return got[-1]


async def test_feedback_is_bounded_per_checkpoint_and_per_run(client: httpx.AsyncClient) -> None:
    full = MAX_RUN_FEEDBACK_CHARS // MAX_FEEDBACK_CHARS  # checkpoints of full feedback a run takes
    run_id = await start_run(client, max_iterations=full + 3, checkpoint_interval=1)
    url = f"/api/runs/{run_id}/checkpoints"
    seq = 0
    # One checkpoint's feedback over its limit: 422 naming it.
    stop = await _next_stop(client, run_id, seq)
    over = await client.post(f"{url}/1", json={"decision": "approve", "feedback": "x" * 4001})
    assert over.status_code == 422 and str(MAX_FEEDBACK_CHARS) in over.json()["error"]["message"]
    for n in range(1, full + 1):
        if n > 1:
            stop = await _next_stop(client, run_id, seq)
        seq = stop["seq"]
        text = f"checkpoint {n}: " + "more bakers, less rent. " * 200
        body = {"decision": "approve", "feedback": text[:MAX_FEEDBACK_CHARS]}
        assert (await client.post(f"{url}/{n}", json=body)).status_code == 200
    stop = await _next_stop(client, run_id, seq)
    seq = stop["seq"]
    n = full + 1
    refused = await client.post(f"{url}/{n}", json={"decision": "approve", "feedback": "one more"})
    assert refused.status_code == 422, refused.text
    error = refused.json()["error"]
    assert error["code"] == "feedback_too_long"
    assert str(MAX_RUN_FEEDBACK_CHARS) in error["message"]
    view = (await client.get(f"/api/runs/{run_id}")).json()
    assert view["status"] == "awaiting_approval" and view["checkpoints"][-1]["status"] == "waiting"
    # Without feedback the run goes on; rejecting with feedback still ends it.
    assert (await client.post(f"{url}/{n}", json={"decision": "approve"})).status_code == 200
    await _next_stop(client, run_id, seq)
    r = await client.post(f"{url}/{n + 1}", json={"decision": "reject", "feedback": "stop here"})
    assert r.status_code == 200, r.text
    await run_until(client, run_id, "complete", after=seq)


async def test_the_plan_note_of_a_run_with_full_feedback_is_editable(
    client: httpx.AsyncClient,
) -> None:
    run_id = await start_run(client, max_iterations=7, checkpoint_interval=1)
    seq = 0
    for n in range(1, 7):
        stop = await _next_stop(client, run_id, seq)
        seq = stop["seq"]
        feedback = f"checkpoint {n} budget line {n}: " + "keep rent under $2,500 and hire. " * 110
        body = {"decision": "approve", "feedback": feedback[:MAX_FEEDBACK_CHARS] if n <= 5 else ""}
        assert (
            await client.post(f"/api/runs/{run_id}/checkpoints/{n}", json=body)
        ).status_code == 200
    await run_until(client, run_id, "complete", after=seq)
    name = (await client.get(f"/api/runs/{run_id}")).json()["memory_entity"]
    note = (await client.get(f"/api/memory/entities/{name}")).json()
    assert len(note["markdown"]) <= MAX_NOTE_CHARS
    edited = note["markdown"] + "\nReviewed.\n"
    r = await client.put(f"/api/memory/entities/{name}", json={"markdown": edited})
    assert r.status_code == 200, r.text


def test_fit_note_cuts_at_a_line_and_says_so() -> None:
    plan = "".join(f"- step {i}: {'bake ' * 20}\n" for i in range(5000))
    cut = fit_note(plan, MAX_NOTE_PLAN_CHARS)
    assert len(cut) <= MAX_NOTE_PLAN_CHARS
    assert f"{len(plan):,} characters" in cut and "cut at" in cut
    body = cut.split("\n\n_(The plan")[0]
    assert plan.startswith(body) and body.endswith("bake")  # whole lines only
    assert fit_note("short plan\n", MAX_NOTE_PLAN_CHARS) == "short plan\n"
