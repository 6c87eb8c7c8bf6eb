"""Ownership and bad input: a clear JSON error, and nothing changes."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers import start_run
from tests.inprocess import InProcessApp, wait_status
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(60)


async def _count_runs(client: httpx.AsyncClient) -> int:
    return len((await client.get("/api/runs")).json())


@pytest.mark.in_process
async def test_first_request_gets_an_httponly_samesite_cookie(app_server: InProcessApp) -> None:
    async with app_server.client() as fresh:
        r = await fresh.get("/api/runs")
    cookie = r.headers["set-cookie"]
    assert cookie.startswith("planloop_session=")
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Path=/" in cookie


async def test_a_stream_opened_first_gets_the_cookie_and_the_security_headers(
    server: ServerProcess,
) -> None:
    """A stream's response start goes through every layer (its body does not): the
    original page's first request is often the EventSource itself."""
    params = {"goal": "Plan a picnic for twelve", "max_iterations": 2, "checkpoint_interval": 1}
    async with (
        httpx.AsyncClient(base_url=server.url, timeout=10) as fresh,
        fresh.stream("GET", "/api/execute-plan", params=params) as r,
    ):
        assert r.status_code == 200
        cookies = r.headers.get_list("set-cookie")
        assert any(c.startswith("planloop_session=") for c in cookies), cookies
        assert any(c.startswith("planloop_watch=") for c in cookies), cookies  # issue 15 #3
        assert r.headers["x-content-type-options"] == "nosniff"
        assert "content-security-policy" in r.headers
        assert r.headers["content-type"].startswith("text/event-stream")
        async for line in r.aiter_lines():
            if line.startswith("data:") and "planning_started" in line:
                break


@pytest.mark.in_process
async def test_another_session_sees_404_everywhere(
    client: httpx.AsyncClient, app_server: InProcessApp
) -> None:
    run_id = await start_run(client)
    await wait_status(client, run_id, "awaiting_approval")
    async with app_server.client() as other:
        for method, url, body in [
            ("GET", f"/api/runs/{run_id}", None),
            ("GET", f"/api/runs/{run_id}/events", None),
            ("POST", f"/api/runs/{run_id}/checkpoints/1", {"decision": "reject"}),
            ("POST", f"/api/runs/{run_id}/pause", None),
            ("POST", f"/api/runs/{run_id}/resume", None),
            ("POST", f"/api/runs/{run_id}/cancel", None),
        ]:
            r = await other.request(method, url, json=body)
            assert r.status_code == 404, (url, r.text)
            assert r.json()["error"]["code"] == "not_found"
        assert run_id not in [x["run_id"] for x in (await other.get("/api/runs")).json()]
        # the seed endpoint with a guessed conversation id reaches nothing either
        r = await other.post("/api/checkpoint-approval", json={"session_id": None, "checkpoint": 1})
        assert r.status_code == 404
    state = (await client.get(f"/api/runs/{run_id}")).json()
    assert state["status"] == "awaiting_approval"


@pytest.mark.in_process
@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        ({"goal": ""}, 422, "invalid_request"),
        ({"goal": "   "}, 422, "invalid_input"),
        ({"goal": ". ?! 42"}, 422, "invalid_input"),  # a new user's trial: "." was planned
        ({"goal": "x" * 4001}, 422, "invalid_request"),
        ({"goal": "ok", "max_iterations": 0}, 422, "invalid_request"),
        ({"goal": "ok", "max_iterations": 51}, 422, "invalid_request"),
        ({"goal": "ok", "checkpoint_interval": 0}, 422, "invalid_request"),
        ({"goal": "ok", "checkpoint_interval": 51}, 422, "invalid_request"),
        ({"goal": "bad\x00goal"}, 422, "invalid_input"),
        ({"goal": "ok", "selected_entities": ["../../etc/passwd"]}, 422, "invalid_input"),
        ({"max_iterations": 3}, 422, "invalid_request"),
    ],
)
async def test_bad_run_requests_change_nothing(
    client: httpx.AsyncClient, body: dict[str, object], status: int, code: str
) -> None:
    before = await _count_runs(client)
    r = await client.post("/api/runs", json=body)
    assert r.status_code == status, r.text
    assert r.json()["error"]["code"] == code and r.json()["error"]["message"]
    assert await _count_runs(client) == before


@pytest.mark.in_process
async def test_malformed_json_oversized_and_wrong_type(client: httpx.AsyncClient) -> None:
    before = await _count_runs(client)
    r = await client.post(
        "/api/runs", content=b'{"goal": ', headers={"content-type": "application/json"}
    )
    assert r.status_code == 400 and r.json()["error"]["code"] == "malformed_json"
    r = await client.post(
        "/api/runs",
        content=b'{"goal": "' + b"a" * 70_000 + b'"}',
        headers={"content-type": "application/json"},
    )
    assert r.status_code == 413 and r.json()["error"]["code"] == "body_too_large"
    r = await client.post("/api/runs", content=b"goal=x", headers={"content-type": "text/plain"})
    assert r.status_code == 415
    r = await client.post("/api/runs", data={"goal": "x"})
    assert r.status_code == 415
    assert await _count_runs(client) == before


@pytest.mark.in_process
async def test_unknown_run_is_404(client: httpx.AsyncClient) -> None:
    for method, url in [
        ("GET", "/api/runs/missing"),
        ("POST", "/api/runs/missing/pause"),
        ("POST", "/api/runs/missing/cancel"),
    ]:
        r = await client.request(method, url)
        assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


@pytest.mark.in_process
async def test_cross_site_requests_are_refused(client: httpx.AsyncClient) -> None:
    before = await _count_runs(client)
    r = await client.post("/api/runs", json={"goal": "x"}, headers={"Sec-Fetch-Site": "cross-site"})
    assert r.status_code == 403 and r.json()["error"]["code"] == "cross_site_request"
    r = await client.post(
        "/api/runs", json={"goal": "x"}, headers={"Origin": "https://evil.example"}
    )
    assert r.status_code == 403
    r = await client.get(
        "/api/execute-plan?goal=x&session_id=null", headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert r.status_code == 403
    assert await _count_runs(client) == before
    same = await client.post(
        "/api/proposals", json={"goal": "x"}, headers={"Origin": str(client.base_url).rstrip("/")}
    )
    assert same.status_code == 200


@pytest.mark.in_process
async def test_active_runs_per_session_are_capped(client: httpx.AsyncClient) -> None:
    ids = [await start_run(client) for _ in range(5)]
    r = await client.post("/api/runs", json={"goal": "one too many"})
    assert r.status_code == 429 and r.json()["error"]["code"] == "limit_exceeded"
    assert "retry-after" in r.headers
    seed = await client.get("/api/execute-plan?goal=seed&session_id=null")
    assert seed.status_code == 429  # the GET that starts work counts too
    for run_id in ids:
        assert (await client.post(f"/api/runs/{run_id}/cancel")).status_code == 200
    assert (await client.post("/api/runs", json={"goal": "now fine"})).status_code == 201
