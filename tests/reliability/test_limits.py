"""Abuse limits, API tokens and log hygiene (issue 8, items 12 to 14)."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.helpers import run_until, start_run
from tests.server import ServerProcess
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(60)


async def test_request_rate_per_session_gets_429_with_retry_after(tmp_path: Path) -> None:
    proc = ServerProcess(
        tmp_path, PLANLOOP_RATE_LIMIT_PER_S="2", PLANLOOP_RATE_LIMIT_BURST="5"
    ).start()
    try:
        async with (
            httpx.AsyncClient(base_url=proc.url, timeout=10) as noisy,
            httpx.AsyncClient(base_url=proc.url, timeout=10) as calm,
        ):
            codes = [(await noisy.get("/api/runs")).status_code for _ in range(12)]
            assert codes[:5] == [200] * 5
            assert 429 in codes[5:]
            refused = await noisy.get("/api/runs")
            assert refused.status_code == 429
            assert refused.json()["error"]["code"] == "rate_limited"
            assert int(refused.headers["retry-after"]) >= 1
            # another session is not affected by the first one's burst
            assert (await calm.get("/api/runs")).status_code == 200

            async def served() -> bool:  # once the bucket has refilled
                return (await noisy.get("/api/runs")).status_code == 200

            await wait_for(served, interval=0.2)
    finally:
        proc.stop()


async def test_a_burst_from_one_session_does_not_starve_another_stream(tmp_path: Path) -> None:
    proc = ServerProcess(
        tmp_path, PLANLOOP_RATE_LIMIT_PER_S="5", PLANLOOP_RATE_LIMIT_BURST="10"
    ).start()
    try:
        async with (
            httpx.AsyncClient(base_url=proc.url, timeout=10) as noisy,
            httpx.AsyncClient(base_url=proc.url, timeout=10) as calm,
        ):
            run_id = await start_run(calm, max_iterations=3, checkpoint_interval=3)

            async def flood() -> list[int]:
                return [(await noisy.get("/api/runs")).status_code for _ in range(200)]

            flooding = asyncio.create_task(flood())
            log = await run_until(calm, run_id, "complete")
            codes = await flooding
        assert codes.count(429) > 150  # the noisy session was held back...
        assert log[-1]["status"] == "completed"  # ...and the calm one's run streamed to the end
        assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    finally:
        proc.stop()


async def test_open_streams_per_session_are_capped(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path, PLANLOOP_MAX_STREAMS_PER_SESSION="2").start()
    try:
        async with httpx.AsyncClient(base_url=proc.url, timeout=10) as c:
            run_id = await start_run(c)
            await run_until(c, run_id, "checkpoint_reached")
            url = f"/api/runs/{run_id}/events"
            async with c.stream("GET", url), c.stream("GET", url):
                third = await c.get(url)
                assert third.status_code == 429
                assert third.json()["error"]["code"] == "too_many_streams"
            # once they close, streaming works again: a slot is freed when the server sees
            # the disconnect, a moment after the client closed (sooner on an idle machine)
            for _ in range(100):
                async with c.stream("GET", url) as again:
                    if again.status_code != 429:
                        break
                await asyncio.sleep(0.05)
            assert again.status_code == 200
            await run_until(c, run_id, "checkpoint_reached")
    finally:
        proc.stop()


async def test_api_tokens_identify_programs_and_refuse_bad_ones(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path, PLANLOOP_API_TOKENS="alpha-token-123,beta-token-456").start()
    try:
        alpha = {"Authorization": "Bearer alpha-token-123"}
        beta = {"Authorization": "Bearer beta-token-456"}
        async with httpx.AsyncClient(base_url=proc.url, timeout=10) as c:
            bad = await c.get("/api/runs", headers={"Authorization": "Bearer nope"})
            assert bad.status_code == 401 and bad.json()["error"]["code"] == "invalid_token"
            r = await c.post("/api/runs", json={"goal": "token run"}, headers=alpha)
            assert r.status_code == 201 and "set-cookie" not in r.headers
            run_id = r.json()["run_id"]
            # the same token, a new connection: the same owner
            async with httpx.AsyncClient(base_url=proc.url, timeout=10) as again:
                listed = (await again.get("/api/runs", headers=alpha)).json()
                assert run_id in [x["run_id"] for x in listed]
                assert (await again.get(f"/api/runs/{run_id}", headers=beta)).status_code == 404
    finally:
        proc.stop()


async def test_require_token_refuses_cookie_sessions(tmp_path: Path) -> None:
    proc = ServerProcess(
        tmp_path, PLANLOOP_API_TOKENS="only-token-789", PLANLOOP_REQUIRE_TOKEN="true"
    ).start()
    try:
        async with httpx.AsyncClient(base_url=proc.url, timeout=10) as c:
            r = await c.get("/api/runs")
            assert r.status_code == 401 and r.json()["error"]["code"] == "token_required"
            ok = await c.get("/api/runs", headers={"Authorization": "Bearer only-token-789"})
            assert ok.status_code == 200
            # /health is the probe that answers without one; the API's counts do not
            assert (await c.get("/health")).status_code == 200
            for guarded in ("/api/health", "/api/status", "/metrics"):
                assert (await c.get(guarded)).status_code == 401, guarded
    finally:
        proc.stop()


def test_listening_beyond_loopback_without_tokens_warns(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path)
    proc.host = "0.0.0.0"
    proc.start()
    try:
        assert "without API tokens or a proxy" in proc.log_path.read_text()
    finally:
        proc.stop()
    quiet = ServerProcess(tmp_path / "quiet")
    (tmp_path / "quiet").mkdir()
    quiet.start()
    try:
        assert "without API tokens" not in quiet.log_path.read_text()
    finally:
        quiet.stop()


async def test_info_logs_carry_no_cookie_token_or_goal_text(tmp_path: Path) -> None:
    proc = ServerProcess(tmp_path, PLANLOOP_API_TOKENS="secret-token-xyz")
    proc.log_level = "info"
    proc.start()
    goal = "Quietly acquire the competitor Zanzibarco for $9,999,999"
    try:
        async with httpx.AsyncClient(base_url=proc.url, timeout=10) as c:
            run_id = await start_run(c, goal=goal, max_iterations=1)
            await run_until(c, run_id, "complete")
            cookie = c.cookies["planloop_session"]
            async with c.stream(
                "GET", "/api/execute-plan", params={"goal": goal, "max_iterations": "1"}
            ) as r:
                async for _ in r.aiter_lines():
                    pass
            await c.get("/api/runs", headers={"Authorization": "Bearer secret-token-xyz"})
        text = proc.log_path.read_text()
        assert "GET /api/execute-plan 200" in text  # requests are logged...
        for secret in ("Zanzibarco", "9,999,999", cookie, "secret-token-xyz"):
            assert secret not in text  # ...without what people wrote or hold
    finally:
        proc.stop()
