"""Limits that a missing cookie used to reset (issue 15, item 4).

Every request without a cookie is a new session, so per-session limits alone let one
client create a session per request: 300 cookieless requests were all served and 300
runs were created. Per client address (the forwarded one behind a trusted proxy) there is
now a budget of new sessions and a cap of unfinished runs.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(120)

# The production defaults (tests/server.py raises them for the rest of the suite).
DEFAULTS = {
    "PLANLOOP_SESSIONS_PER_ADDRESS_BURST": "60",
    "PLANLOOP_SESSIONS_PER_ADDRESS_PER_MIN": "30",
    "PLANLOOP_MAX_ACTIVE_RUNS_PER_ADDRESS": "20",
}
PARKED = {"goal": "Plan a picnic for twelve", "max_iterations": 4, "checkpoint_interval": 1}


def cookieless(url: str) -> httpx.AsyncClient:
    """A client that never sends a cookie back: each request is a new session."""

    async def forget(request: httpx.Request) -> None:
        request.headers.pop("cookie", None)

    return httpx.AsyncClient(base_url=url, timeout=20, event_hooks={"request": [forget]})


async def test_cookieless_requests_are_limited_per_address(tmp_path: Path) -> None:
    # the default burst, refilled so slowly that the count does not depend on the pace
    slow_refill = {**DEFAULTS, "PLANLOOP_SESSIONS_PER_ADDRESS_PER_MIN": "0.06"}
    proc = ServerProcess(tmp_path, **slow_refill).start()
    try:
        async with httpx.AsyncClient(base_url=proc.url, timeout=20) as kept:
            assert (await kept.get("/api/runs")).status_code == 200  # a session with a cookie
            async with cookieless(proc.url) as c:
                codes = [(await c.get("/api/runs")).status_code for _ in range(299)]
                refused = await c.get("/api/runs")
            served = codes.count(200)
            print(f"\n300 cookieless requests: {served + (refused.status_code == 200)} served")
            # the burst of 60, less the sessions made before (the kept one, start-up probes)
            assert 50 <= served <= 58
            assert set(codes) == {200, 429}
            assert refused.status_code == 429
            assert refused.json()["error"]["code"] == "too_many_sessions"
            assert int(refused.headers["retry-after"]) >= 1
            # a client that keeps its cookie is not a new session: it is not refused
            assert (await kept.get("/api/runs")).status_code == 200
    finally:
        proc.stop()


async def test_unfinished_runs_are_capped_per_address_whatever_the_sessions(
    tmp_path: Path,
) -> None:
    proc = ServerProcess(tmp_path, **DEFAULTS).start()
    clients = [httpx.AsyncClient(base_url=proc.url, timeout=30) for _ in range(30)]
    try:
        # thirty sessions (one run each, far below the per-session cap), all at once
        answers = await asyncio.gather(*(c.post("/api/runs", json=PARKED) for c in clients))
        created = [
            (c, r.json()["run_id"])
            for c, r in zip(clients, answers, strict=True)
            if r.status_code == 201
        ]
        refused = [r for r in answers if r.status_code != 201]
        print(f"\n30 sessions from one address: {len(created)} runs created")
        assert len(created) == 20
        assert {r.status_code for r in refused} == {429}
        assert all("this address" in r.json()["error"]["message"] for r in refused)
        # the seed route counts against the same cap
        async with clients[-1].stream("GET", "/api/execute-plan", params=PARKED) as r:
            assert r.status_code == 429
        # a finished run frees its slot
        owner, run_id = created[0]
        assert (await owner.post(f"/api/runs/{run_id}/cancel")).status_code == 200
        again = await clients[-1].post("/api/runs", json=PARKED)
        assert again.status_code == 201, again.text
        assert (await clients[-2].post("/api/runs", json=PARKED)).status_code == 429
    finally:
        for c in clients:
            await c.aclose()
        proc.stop()


async def test_forwarded_addresses_count_only_behind_a_trusted_proxy(tmp_path: Path) -> None:
    limits = {**DEFAULTS, "PLANLOOP_MAX_ACTIVE_RUNS_PER_ADDRESS": "2"}
    (tmp_path / "direct").mkdir()
    (tmp_path / "proxied").mkdir()
    direct = ServerProcess(tmp_path / "direct", **limits).start()
    proxied = ServerProcess(tmp_path / "proxied", PLANLOOP_BEHIND_PROXY="true", **limits).start()
    try:
        # without a proxy declared, X-Forwarded-For is the client's own claim: ignored
        async with cookieless(direct.url) as c:
            codes = [
                (
                    await c.post(
                        "/api/runs", json=PARKED, headers={"X-Forwarded-For": f"198.51.100.{i}"}
                    )
                ).status_code
                for i in range(4)
            ]
        assert codes == [201, 201, 429, 429]
        # behind a proxy (here: connections from 127.0.0.1, uvicorn's trusted default)
        # each forwarded address has its own share
        async with cookieless(proxied.url) as c:

            async def from_(address: str) -> int:
                headers = {"X-Forwarded-For": address}
                return (await c.post("/api/runs", json=PARKED, headers=headers)).status_code

            assert [await from_("203.0.113.7") for _ in range(3)] == [201, 201, 429]
            assert await from_("203.0.113.8") == 201
    finally:
        direct.stop()
        proxied.stop()
