"""DNS rebinding (issue 15, item 2): the server answers only to the Host names it knows.

A rebound page's requests reach 127.0.0.1 with ``Host: evil.example:<port>`` and a matching
``Origin``: same-origin for the browser, so the cross-site checks pass them. Only the Host
allow-list refuses them, with 421 before any route runs.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(90)

EVIL = "evil.example"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path_factory.mktemp("hosts")).start()
    yield proc
    proc.stop()


def rebound(server: ServerProcess) -> dict[str, str]:
    origin = f"http://{EVIL}:{server.port}"
    return {"Host": f"{EVIL}:{server.port}", "Origin": origin, "Sec-Fetch-Site": "same-origin"}


def assert_421(r: httpx.Response) -> None:
    assert r.status_code == 421, (r.status_code, r.text[:200])
    assert r.json()["error"]["code"] == "host_not_allowed"


async def test_a_rebound_host_is_refused_before_any_route(server: ServerProcess) -> None:
    headers = rebound(server)
    body = {"goal": "Plan a picnic for twelve", "max_iterations": 2, "checkpoint_interval": 1}
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
        assert_421(await c.post("/api/runs", json=body, headers=headers))
        assert_421(await c.get("/api/runs", headers=headers))
        assert_421(await c.get("/api/memory/entities", headers=headers))
        note = {"name": "planted", "content": "# planted\n"}
        assert_421(await c.post("/api/memory/entities", json=note, headers=headers))
        assert_421(await c.post("/api/chat", json={"message": "hi"}, headers=headers))
        assert_421(await c.get("/api/execute-plan", params={"goal": "x" * 20}, headers=headers))
        assert_421(await c.get("/", headers=headers))
        # a name that merely starts or ends like an allowed one is another name
        for host in ("localhost.evil.example", "127.0.0.1.nip.io", "evil-localhost"):
            assert_421(await c.get("/api/runs", headers={"Host": f"{host}:{server.port}"}))
        # nothing was created by any of them
        health = (await c.get("/api/health")).json()
        assert sum(health["runs"].values()) == 0
        assert (await c.get("/api/memory/entities/planted")).status_code == 404


async def test_the_loopback_names_are_answered(server: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
        for host in ("127.0.0.1", "localhost", "LOCALHOST", "[::1]", "localhost."):
            for value in (host, f"{host}:{server.port}"):
                r = await c.get("/api/runs", headers={"Host": value})
                assert r.status_code == 200, (value, r.status_code, r.text[:200])


async def test_the_allow_list_is_a_setting_and_star_is_explicit(tmp_path: Path) -> None:
    (tmp_path / "named").mkdir()
    named = ServerProcess(
        tmp_path / "named", PLANLOOP_ALLOWED_HOSTS="planner.lan,127.0.0.1"
    ).start()
    (tmp_path / "any").mkdir()
    anyhost = ServerProcess(tmp_path / "any", PLANLOOP_ALLOWED_HOSTS="*").start()
    try:
        async with httpx.AsyncClient(timeout=10) as c:
            ok = await c.get(f"{named.url}/api/runs", headers={"Host": "planner.lan:9000"})
            assert ok.status_code == 200
            # the list replaces the default: loopback names are not added to it
            assert_421(await c.get(f"{named.url}/api/runs", headers={"Host": "localhost"}))
            assert_421(await c.get(f"{named.url}/api/runs", headers={"Host": f"{EVIL}:9000"}))
            r = await c.get(f"{anyhost.url}/api/runs", headers={"Host": f"{EVIL}:9000"})
            assert r.status_code == 200
    finally:
        named.stop()
        anyhost.stop()


def test_a_rebound_page_in_chromium_can_neither_read_nor_write(server: ServerProcess) -> None:
    """Chromium resolves evil.example to 127.0.0.1 (what a rebound DNS answer does)."""
    args = [*CHROMIUM_ARGS, f"--host-resolver-rules=MAP {EVIL} 127.0.0.1"]
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=args)
        try:
            page = browser.new_page()
            # planloop's own page, asked for under the rebound name, is refused...
            direct = page.goto(f"http://{EVIL}:{server.port}/")
            assert direct is not None and direct.status == 421
            # ...and a script running on that origin (the attacker's page, whose name now
            # points here) calls the API as its own: same-origin requests, refused too
            results = page.evaluate(
                """async () => {
                  const body = JSON.stringify({goal: 'Spend their tokens on a plan',
                    max_iterations: 2, checkpoint_interval: 1});
                  const post = await fetch('/api/runs', {method: 'POST', body,
                    headers: {'Content-Type': 'application/json'}});
                  const read = await fetch('/api/memory/entities');
                  return [post.status, (await post.json()).error.code, read.status];
                }"""
            )
            assert results == [421, "host_not_allowed", 421]
        finally:
            browser.close()
    health = httpx.get(f"{server.url}/api/health", timeout=10).json()
    assert sum(health["runs"].values()) == 0
