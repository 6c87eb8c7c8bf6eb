"""A run starts only from the page itself, and a seed approval reaches the run the page
watches (issue 15, item 3).

``<img src="http://127.0.0.1:9000/api/execute-plan?goal=…">`` on a page served from another
port of the same host is a same-site request: Chromium sends the SameSite=Lax session
cookie and no Origin. It used to start a run in the victim's session, and the victim's
next seed approval — which went to "the latest run of the conversation" — went to it.
"""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from playwright.sync_api import Request, sync_playwright

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS
from tests.server import ServerProcess
from tests.sse import events

pytestmark = pytest.mark.timeout(90)

GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"
SEED = {"goal": GOAL, "max_iterations": "4", "checkpoint_interval": "2", "session_id": "null"}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path_factory.mktemp("origin")).start()
    yield proc
    proc.stop()


async def run_count(c: httpx.AsyncClient) -> int:
    return len((await c.get("/api/runs")).json())


@pytest.mark.parametrize(
    "fetch_headers",
    [
        {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "image", "Sec-Fetch-Mode": "no-cors"},
        {"Sec-Fetch-Site": "same-site", "Sec-Fetch-Dest": "document", "Sec-Fetch-Mode": "navigate"},
        {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image"},
    ],
    ids=["same-site-img", "same-site-link", "cross-site-img"],
)
async def test_a_run_starting_get_from_another_origin_is_refused(
    server: ServerProcess, fetch_headers: dict[str, str]
) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
        r = await c.get("/api/execute-plan", params=SEED, headers=fetch_headers)
        assert r.status_code == 403, r.text[:200]
        assert r.json()["error"]["code"] == "cross_site_request"
        assert await run_count(c) == 0


@pytest.mark.parametrize(
    "fetch_headers",
    [{"Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "empty"}, {"Sec-Fetch-Site": "none"}, {}],
    ids=["page-eventsource", "address-bar", "program"],
)
async def test_the_page_the_address_bar_and_programs_still_start_runs(
    server: ServerProcess, fetch_headers: dict[str, str]
) -> None:
    async with (
        httpx.AsyncClient(base_url=server.url, timeout=10) as c,
        c.stream("GET", "/api/execute-plan", params=SEED, headers=fetch_headers) as r,
    ):
        assert r.status_code == 200
        async for frame in events(r):
            assert frame.json["type"] == "planning_started"
            break


class AttackerPage(BaseHTTPRequestHandler):
    target = ""

    def do_GET(self) -> None:
        body = f'<!doctype html><p>cute cats</p><img src="{self.target}">'.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def attacker_site(server: ServerProcess) -> Iterator[str]:
    """A page on another port of the same host, with an <img> aimed at execute-plan."""
    query = httpx.QueryParams({**SEED, "goal": "Spend the victim's tokens"})
    handler = type("Page", (AttackerPage,), {"target": f"{server.url}/api/execute-plan?{query}"})
    site = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=site.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{site.server_address[1]}/"
    site.shutdown()
    site.server_close()


def test_an_img_on_another_port_starts_no_run_in_chromium(
    server: ServerProcess, attacker_site: str
) -> None:
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.url + "/")  # the victim has a session
            assert any(c["name"] == "planloop_session" for c in context.cookies())
            sent: list[Request] = []
            ended: list[Request] = []
            page.on("request", lambda r: sent.append(r) if "/execute-plan" in r.url else None)
            for event in ("requestfinished", "requestfailed"):
                page.on(event, lambda r: ended.append(r) if "/execute-plan" in r.url else None)
            page.goto(attacker_site)
            deadline = time.monotonic() + 20
            while not ended and time.monotonic() < deadline:
                page.wait_for_timeout(50)  # lets Playwright deliver the events
            assert ended, "the <img> request never ended"
            assert sent
            # Its answer, JSON or a stream, is blocked by ORB in the page, after the server
            # acted (Chromium sent Sec-Fetch-Site: same-site and the session cookie: before
            # the fix this very test found the run in the victim's list).
            runs = context.request.get(server.url + "/api/runs").json()
            assert runs == []
        finally:
            browser.close()


async def watch_until_checkpoint(
    c: httpx.AsyncClient, opened: asyncio.Event, reached: asyncio.Event, seen: list[str]
) -> None:
    async with c.stream("GET", "/api/execute-plan", params=SEED) as r:
        assert r.status_code == 200
        opened.set()
        async for frame in events(r):
            seen.append(frame.json["type"])
            if frame.json["type"] == "checkpoint_reached":
                reached.set()
            if frame.json["type"] in ("checkpoint_approved", "complete", "error"):
                return


@pytest.fixture
async def victim(server: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=server.url, timeout=15) as c:
        yield c


async def test_a_seed_approval_reaches_the_watched_run_not_the_latest(
    server: ServerProcess, victim: httpx.AsyncClient
) -> None:
    opened, reached, seen = asyncio.Event(), asyncio.Event(), []
    watching = asyncio.create_task(watch_until_checkpoint(victim, opened, reached, seen))
    await asyncio.wait_for(reached.wait(), 30)
    # Another run in the same session and conversation, started later (as the <img> did):
    # it shares the session cookie, not the page's stream.
    session = {"planloop_session": victim.cookies["planloop_session"]}
    async with httpx.AsyncClient(base_url=server.url, timeout=15, cookies=session) as other:
        later_opened, later_reached, later_seen = asyncio.Event(), asyncio.Event(), []
        later = asyncio.create_task(
            watch_until_checkpoint(other, later_opened, later_reached, later_seen)
        )
        await asyncio.wait_for(later_reached.wait(), 30)
        r = await victim.post(
            "/api/checkpoint-approval",
            json={"session_id": None, "checkpoint": 1, "feedback": "victim's private steer"},
        )
        assert r.status_code == 200, r.text
        await asyncio.wait_for(watching, 30)
        assert seen[-1] == "checkpoint_approved"  # the watched run went on
        later.cancel()
    runs = {run["run_id"]: run for run in (await victim.get("/api/runs")).json()}
    assert len(runs) == 2
    statuses = sorted(run["status"] for run in runs.values())
    assert statuses == ["awaiting_approval", "running"] or statuses == [
        "awaiting_approval",
        "completed",
    ]
    for run_id, run in runs.items():
        view = (await victim.get(f"/api/runs/{run_id}")).json()
        if run["status"] == "awaiting_approval":
            assert "victim's private steer" not in str(view["feedback"])
        else:
            assert "victim's private steer" in str(view["feedback"])


async def test_no_watched_run_means_no_approval(server: ServerProcess) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=15) as c:
        opened, reached, seen = asyncio.Event(), asyncio.Event(), []
        watching = asyncio.create_task(watch_until_checkpoint(c, opened, reached, seen))
        await asyncio.wait_for(reached.wait(), 30)
        c.cookies.delete("planloop_watch")
        r = await c.post("/api/checkpoint-approval", json={"session_id": None, "checkpoint": 1})
        assert r.status_code == 404, r.text
        assert "no run watched" in r.json()["error"]["message"]
        watching.cancel()
