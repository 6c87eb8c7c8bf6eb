"""A webhook survives SIGKILL between its commit and its delivery (issue 16 item 7).

A real server (uvicorn) commits a checkpoint and its webhook; the receiver takes the
request and holds it unanswered, so the send is in flight when the server is killed with
SIGKILL. After a restart the same webhook, with the same ``webhook-id`` and body, is sent
again and delivered. (With PostgreSQL the dead process's claim lapses first; SQLite's one
process drops every claim when it starts.)
"""

from __future__ import annotations

import base64

import httpx
import pytest

from tests.factories import run_body
from tests.fakes.receiver import Receiver
from tests.server import ServerProcess
from tests.waiting import wait_for

pytestmark = [pytest.mark.timeout(60)]

SECRET = "whsec_" + base64.b64encode(bytes(range(40, 72))).decode()


async def test_a_webhook_in_flight_when_the_server_is_killed_arrives_after_restart(
    fresh_server: ServerProcess,
) -> None:
    with Receiver(holding=True) as receiver:
        fresh_server.env.update(
            PLANLOOP_WEBHOOK_URL=f"{receiver.url}/hooks",
            PLANLOOP_WEBHOOK_SECRET=SECRET,
            PLANLOOP_WEBHOOK_TIMEOUT_S="5",
        )
        fresh_server.start()
        async with httpx.AsyncClient(base_url=fresh_server.url, timeout=10) as client:
            r = await client.post("/api/runs", json=run_body())
            assert r.status_code == 201, r.text
            run_id = r.json()["run_id"]
            await wait_for(receiver.requests, what="the first attempt to arrive")
            (held,) = receiver.requests()
            assert held.answered is None  # in flight: committed, not yet delivered
            fresh_server.kill()  # SIGKILL: nothing recorded the attempt
            receiver.release()
            fresh_server.start()

            await wait_for(receiver.delivered, what=lambda: f"redelivery: {receiver.requests()}")
            again = receiver.delivered()[0]
            assert again.id == held.id and again.body == held.body
            payload = again.verified(SECRET)
            assert payload["type"] == "checkpoint.reached"
            assert payload["data"]["run_id"] == run_id

            async def shown() -> list[dict[str, object]]:
                state = (await client.get(f"/api/runs/{run_id}")).json()
                hooks: list[dict[str, object]] = state["webhooks"]
                return hooks if hooks and hooks[0]["status"] == "delivered" else []

            hooks = await wait_for(shown)
            assert isinstance(hooks, list) and len(hooks) == 1
            assert hooks[0]["id"] == held.id and hooks[0]["type"] == "checkpoint.reached"
