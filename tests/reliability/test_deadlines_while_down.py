"""Item 5: checkpoint deadlines that fall due while the server is down fire once it is back.

Several runs park at their checkpoints with different timeouts; the server is killed;
some deadlines pass while it is down, one passes after it is back, one (an hour) never
does, and one run was approved just before the kill so it has no deadline left. After
the restart each due deadline fires exactly once (one ``checkpoint_expired``; the run
waits on, issue 16), the others do not, and a second kill and restart fires nothing again.
"""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from typing import Any

import httpx
import pytest

from tests.reliability.common import check_log, eventually, read_log, state
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(120)

DOWN_TIMEOUTS = (1, 2, 3)  # due while the server is down
AFTER_TIMEOUT = 9  # due a few seconds after it is back
NEVER = 3600


def deadline(expires_at: str) -> float:
    return datetime.fromisoformat(expires_at.replace("Z", "+00:00")).timestamp()


def now() -> float:
    return datetime.now(UTC).timestamp()


async def park(c: httpx.AsyncClient, timeout_s: float) -> dict[str, Any]:
    body = {
        "goal": f"Plan a launch, decided within {timeout_s:g} s",
        "max_iterations": 2,
        "checkpoint_interval": 1,
        "checkpoint_timeout_s": timeout_s,
    }
    r = await c.post("/api/runs", json=body)
    assert r.status_code == 201, r.text
    run_id = r.json()["run_id"]
    log = await read_log(c, run_id, until=lambda e: e["type"] == "checkpoint_reached")
    return {"run_id": run_id, "timeout": timeout_s, "expires": deadline(log[-1]["expires_at"])}


def expiries(log: list[dict[str, Any]]) -> tuple[int, int]:
    """(deadlines fired, runs ended by one): a deadline no longer ends a run."""
    fired = [e for e in log if e["type"] == "checkpoint_expired"]
    ends = [e for e in log if e["type"] == "complete" and e["status"] == "expired"]
    return len(fired), len(ends)


async def test_deadlines_due_while_down_fire_exactly_once(fresh_server: ServerProcess) -> None:
    server = fresh_server.start()
    clients = [httpx.AsyncClient(base_url=server.url, timeout=15) for _ in range(6)]
    try:
        runs = [await park(clients[i], t) for i, t in enumerate(DOWN_TIMEOUTS)]
        later = await park(clients[3], AFTER_TIMEOUT)
        never = await park(clients[4], NEVER)
        approved = await park(clients[5], 2)
        r = await clients[5].post(
            f"/api/runs/{approved['run_id']}/checkpoints/1", json={"decision": "approve"}
        )
        assert r.status_code == 200
        server.kill()
        # down until every short deadline has passed (and the approved run's would have)
        wait = max(r["expires"] for r in [*runs, approved]) - now() + 0.5
        await asyncio.sleep(max(wait, 0))
        assert later["expires"] > now() + 1, "the 'after restart' deadline passed too soon"
        server.start()

        async def fired(run: dict[str, Any], c: httpx.AsyncClient) -> bool:
            view = await state(c, run["run_id"])
            return bool(view["checkpoints"] and view["checkpoints"][0]["status"] == "expired")

        for i, run in enumerate(runs):
            assert await eventually(lambda r=run, c=clients[i]: fired(r, c), timeout=15)
        assert await eventually(lambda: fired(later, clients[3]), timeout=AFTER_TIMEOUT + 15)
        assert later["expires"] <= now()  # it fired when due, not before
        # a second crash and restart fire nothing again
        server.kill()
        server.start()
        await asyncio.sleep(1.5)  # several sweeps
        for i, run in enumerate([*runs, later]):
            c = clients[i if i < 3 else 3]
            view = await state(c, run["run_id"])
            log = await read_log(c, run["run_id"], until_seq=view["last_seq"])
            check_log(log)
            assert expiries(log) == (1, 0), (run["timeout"], expiries(log))
            assert log[-1]["type"] == "checkpoint_expired"
            assert view["status"] == "awaiting_approval" and view["pending_checkpoint"] == 1
            assert [cp["status"] for cp in view["checkpoints"]] == ["expired"]
        view = await state(clients[4], never["run_id"])
        assert view["status"] == "awaiting_approval" and view["pending_checkpoint"] == 1
        log = await read_log(clients[4], never["run_id"], until_seq=view["last_seq"])
        assert expiries(log) == (0, 0) and log[-1]["type"] == "checkpoint_reached"
        # the approval before the crash was honoured, its deadline never fired
        log = await read_log(clients[5], approved["run_id"])
        check_log(log)
        assert expiries(log) == (0, 0) and log[-1]["status"] == "completed"
        print(
            f"\ndeadlines: {len(runs)} due while down and 1 after the restart fired once each;"
            " 1 pending and 1 approved run untouched across 2 restarts"
        )
    finally:
        for c in clients:
            await c.aclose()
