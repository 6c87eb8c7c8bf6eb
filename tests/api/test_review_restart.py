"""A deadline is not death, across a restart (issue 16): a checkpoint that expired before
the server went down still waits after it starts again, and takes a decision (real
uvicorn, killed and started again)."""

from __future__ import annotations

import httpx
import pytest

from tests.api.review_steps import checkpoint, decide, wait_state
from tests.helpers import run_until, start_run
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(120)


async def test_a_run_that_expired_before_a_restart_still_takes_a_revise_and_an_approval(
    fresh_server: ServerProcess,
) -> None:
    fresh_server.start()
    async with httpx.AsyncClient(base_url=fresh_server.url, timeout=10) as c:
        run_id = await start_run(c, checkpoint_timeout_s=1)
        await wait_state(
            c,
            run_id,
            lambda s: s["checkpoints"][:1] and s["checkpoints"][0]["status"] == "expired",
            "expired",
        )
        cookies = dict(c.cookies)
    fresh_server.kill()
    fresh_server.start()
    async with httpx.AsyncClient(base_url=fresh_server.url, timeout=10, cookies=cookies) as c:
        state = (await c.get(f"/api/runs/{run_id}")).json()
        assert state["status"] == "awaiting_approval" and state["pending_checkpoint"] == 1
        assert (await checkpoint(c, run_id, 1))["status"] == "expired"
        r = await decide(c, run_id, 1, decision="revise", feedback="Look at Porto too.")
        assert r.status_code == 200, r.text
        # It comes back with a fresh deadline, which expires in turn (exactly once).
        await wait_state(
            c,
            run_id,
            lambda s: s["iteration"] == 2 and s["checkpoints"][0]["status"] == "expired",
            "revision 2 expired",
        )
        cp = await checkpoint(c, run_id, 1)
        assert cp["revision"] == 2 and "Porto" in cp["plan_markdown"]
        assert (await decide(c, run_id, 1, decision="approve", revision=2)).status_code == 200
        log = await run_until(c, run_id, "complete")
        types = [e["type"] for e in log]
        assert types.count("checkpoint_expired") == 2 and "error" not in types
        assert log[-1]["status"] == "completed"
