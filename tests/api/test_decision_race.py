"""Issue 15 item 9: a decision that loses a race is told so (409 naming the winner), never
answered 200 with the winner's feedback; checkpoint numbers are plain digits."""

from __future__ import annotations

import asyncio

import httpx
import pytest

from tests.helpers import run_until, start_run
from tests.sse import events

pytestmark = pytest.mark.timeout(90)
RACERS = 50


async def _parked(client: httpx.AsyncClient) -> str:
    run_id = await start_run(client)
    await run_until(client, run_id, "checkpoint_reached")
    return run_id


async def test_fifty_concurrent_approvals_one_wins_the_others_hear_409(
    client: httpx.AsyncClient,
) -> None:
    run_id = await _parked(client)
    url = f"/api/runs/{run_id}/checkpoints/1"
    bodies = [{"decision": "approve", "feedback": f"racer {i} wants plan {i}"} for i in range(50)]
    limits = httpx.Limits(max_connections=RACERS)
    async with httpx.AsyncClient(
        base_url=str(client.base_url), cookies=client.cookies, limits=limits, timeout=30
    ) as racers:
        answers = await asyncio.gather(*(racers.post(url, json=b) for b in bodies))
    won = [(b, r) for b, r in zip(bodies, answers, strict=True) if r.status_code == 200]
    lost = [r for r in answers if r.status_code != 200]
    assert len(won) == 1, [r.status_code for r in answers]
    winner, answer = won[0]
    assert answer.json()["feedback"] == winner["feedback"]
    assert len(lost) == RACERS - 1
    for r in lost:
        assert r.status_code == 409, r.text
        error = r.json()["error"]
        assert error["code"] == "checkpoint_already_decided"
        assert error["decided"] == {"decision": "approve", "feedback": winner["feedback"]}
        assert winner["feedback"] in error["message"]
    # What was recorded is the winner's, once; its identical repeat is still a 200, the
    # same decision with the run's status as it is now (the run may have finished since).
    again = await client.post(url, json=winner)
    assert again.status_code == 200
    first, repeat = answer.json(), again.json()
    assert repeat.pop("status") in {first.pop("status"), "completed"}
    assert repeat == {**first, "already_recorded": True}  # and says it is a repeat
    got = await run_until(client, run_id, "complete")
    approved = [e for e in got if e["type"] == "checkpoint_approved"]
    assert [e["feedback"] for e in approved] == [winner["feedback"]]
    view = (await client.get(f"/api/runs/{run_id}")).json()
    assert view["checkpoints"][0]["feedback"] == winner["feedback"]


async def test_a_different_decision_after_one_is_recorded_names_the_winner(
    client: httpx.AsyncClient,
) -> None:
    run_id = await _parked(client)
    url = f"/api/runs/{run_id}/checkpoints/1"
    first = await client.post(url, json={"decision": "reject", "feedback": "too costly"})
    assert first.status_code == 200
    for body in (
        {"decision": "approve", "feedback": "too costly"},
        {"decision": "reject", "feedback": "other words"},
        {"decision": "reject"},
    ):
        r = await client.post(url, json=body)
        assert r.status_code == 409, (body, r.text)
        assert r.json()["error"]["decided"] == {"decision": "reject", "feedback": "too costly"}


async def test_the_original_pages_approval_route_names_the_winner_too(
    client: httpx.AsyncClient,
) -> None:
    """The seed route decides the run whose stream the page opened (execute-plan), and a
    second, different decision there is the same 409."""
    params = {"goal": "Open a bakery", "max_iterations": "4", "checkpoint_interval": "2"}
    async with client.stream("GET", "/api/execute-plan", params=params) as r:
        async for frame in events(r):
            if frame.json["type"] == "checkpoint_reached":
                break
    first = await client.post(
        "/api/checkpoint-approval",
        json={"checkpoint": 1, "approved": False, "feedback": "too costly"},
    )
    assert first.status_code == 200, first.text
    seed = await client.post(
        "/api/checkpoint-approval", json={"checkpoint": 1, "approved": True, "feedback": "x"}
    )
    assert seed.status_code == 409, seed.text
    assert seed.json()["error"]["decided"] == {"decision": "reject", "feedback": "too costly"}


@pytest.mark.parametrize("number", ["1.0", "01", "%20%31", "1%20", "+1", "1_0", "%D9%A1"])
async def test_checkpoint_numbers_are_plain_digits(client: httpx.AsyncClient, number: str) -> None:
    run_id = await _parked(client)
    r = await client.post(f"/api/runs/{run_id}/checkpoints/{number}", json={"decision": "approve"})
    assert r.status_code == 422, (number, r.status_code, r.text)
    assert r.json()["error"]["code"] == "invalid_request"
    view = (await client.get(f"/api/runs/{run_id}")).json()
    assert view["status"] == "awaiting_approval"
    assert view["checkpoints"][0]["status"] == "waiting"
    await client.post(f"/api/runs/{run_id}/cancel")
