"""Issue 15 item 17: a request sent again with the same Idempotency-Key gets the first
answer and does nothing twice: run creation and decisions, concurrently, across a restart."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.helpers import run_until
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(90)
GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"
RUN = {"goal": GOAL, "max_iterations": 4, "checkpoint_interval": 2}


def keyed(key: str) -> dict[str, str]:
    return {"Idempotency-Key": key}


async def test_run_creation_sent_twice_makes_one_run(client: httpx.AsyncClient) -> None:
    first = await client.post("/api/runs", json=RUN, headers=keyed("create-1"))
    again = await client.post("/api/runs", json=RUN, headers=keyed("create-1"))
    assert first.status_code == again.status_code == 201, (first.text, again.text)
    assert again.json() == first.json()
    runs = (await client.get("/api/runs")).json()
    assert [r["run_id"] for r in runs] == [first.json()["run_id"]]
    # The same key with another body is refused and creates nothing.
    other = await client.post(
        "/api/runs", json={**RUN, "goal": "Sell bread"}, headers=keyed("create-1")
    )
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"
    # Without a key, or with another key, a request is a new one.
    assert (await client.post("/api/runs", json=RUN, headers=keyed("create-2"))).status_code == 201
    assert len((await client.get("/api/runs")).json()) == 2


async def test_concurrent_sends_of_one_keyed_creation_make_one_run(
    client: httpx.AsyncClient,
) -> None:
    assert (await client.get("/api/runs")).json() == []  # the session's cookie, first
    answers = await asyncio.gather(
        *(client.post("/api/runs", json=RUN, headers=keyed("burst")) for _ in range(8))
    )
    assert {r.status_code for r in answers} == {201}, [r.text for r in answers]
    assert len({r.json()["run_id"] for r in answers}) == 1
    assert len((await client.get("/api/runs")).json()) == 1


async def test_keys_belong_to_their_session(client: httpx.AsyncClient) -> None:
    mine = await client.post("/api/runs", json=RUN, headers=keyed("shared-key"))
    async with httpx.AsyncClient(base_url=str(client.base_url), timeout=10) as other:
        theirs = await other.post("/api/runs", json=RUN, headers=keyed("shared-key"))
        assert theirs.status_code == 201
        assert theirs.json()["run_id"] != mine.json()["run_id"]
        # Nor does another session's different body collide with mine.
        body = {**RUN, "goal": "Sell bread"}
        assert (await other.post("/api/runs", json=body, headers=keyed("k2"))).status_code == 201


async def test_keyed_decision_sent_again_gets_its_first_answer(client: httpx.AsyncClient) -> None:
    run_id = (await client.post("/api/runs", json=RUN)).json()["run_id"]
    await run_until(client, run_id, "checkpoint_reached")
    url = f"/api/runs/{run_id}/checkpoints/1"
    body = {"decision": "approve", "feedback": "keep rent under $2,500"}
    first = await client.post(url, json=body, headers=keyed("decide-1"))
    assert first.status_code == 200, first.text
    await run_until(client, run_id, "complete")
    again = await client.post(url, json=body, headers=keyed("decide-1"))
    assert again.status_code == 200 and again.json() == first.json()
    assert first.json()["status"] == "running"  # as first answered, though it ended since
    other = await client.post(url, json={"decision": "reject"}, headers=keyed("decide-1"))
    assert other.status_code == 422 and other.json()["error"]["code"] == "idempotency_key_reused"


@pytest.mark.parametrize("key", ["", "x" * 201, "caf\u00e9", "tab\there"])
async def test_bad_keys_are_refused(client: httpx.AsyncClient, key: str) -> None:
    r = await client.post("/api/runs", json=RUN, headers={"Idempotency-Key": key.encode()})  # type: ignore[dict-item]
    assert r.status_code == 422 and r.json()["error"]["code"] == "invalid_idempotency_key"
    assert (await client.get("/api/runs")).json() == []


async def test_a_key_outlives_a_crash_of_the_server(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path).start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
            first = await c.post("/api/runs", json=RUN, headers=keyed("after-crash"))
            assert first.status_code == 201
            server.kill()  # SIGKILL: the answer was lost with it
            await asyncio.to_thread(server.start)  # again, on the same store
            again = await c.post("/api/runs", json=RUN, headers=keyed("after-crash"))
            assert again.status_code == 201 and again.json() == first.json()
            assert len((await c.get("/api/runs")).json()) == 1
    finally:
        server.stop()
