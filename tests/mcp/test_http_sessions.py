"""`planloop mcp --http` forgets idle sessions and caps how many are open (issue 15, item 13:
3,000 initialized sessions were all kept, +110 MB).

Raw HTTP against a real ``planloop mcp --http`` process, so the session ids and statuses are
the ones any client sees: an initialize answers with an ``Mcp-Session-Id``; a session with
no request in flight and no open GET stream for ``PLANLOOP_MCP_SESSION_IDLE_S`` is closed
and its id answers 404 (the MCP spec's "session not found": initialize again); while
``PLANLOOP_MCP_MAX_SESSIONS`` are open, an initialize answers 503.
"""

from __future__ import annotations

import contextlib
import os
import time
from pathlib import Path

import httpx
import pytest

from tests.mcp.helpers import HttpServer, server_env

PROTOCOL = "2025-06-18"
ACCEPT = "application/json, text/event-stream"
CAP = 4


def initialize(http: httpx.Client, url: str) -> httpx.Response:
    body = {
        "jsonrpc": "2.0",
        "id": 1,
        "method": "initialize",
        "params": {
            "protocolVersion": PROTOCOL,
            "capabilities": {},
            "clientInfo": {"name": "session-test", "version": "0"},
        },
    }
    return http.post(url, json=body, headers={"Accept": ACCEPT})


def opened(http: httpx.Client, url: str) -> str:
    """A new session, initialized (the client's ``initialized`` notification sent)."""
    r = initialize(http, url)
    assert r.status_code == 200, r.text
    session = r.headers["mcp-session-id"]
    note = {"jsonrpc": "2.0", "method": "notifications/initialized"}
    r = http.post(url, json=note, headers=headers(session))
    assert r.status_code == 202, r.text
    return session


def headers(session: str) -> dict[str, str]:
    return {"Accept": ACCEPT, "Mcp-Session-Id": session, "Mcp-Protocol-Version": PROTOCOL}


def list_tools(http: httpx.Client, url: str, session: str) -> httpx.Response:
    body = {"jsonrpc": "2.0", "id": 2, "method": "tools/list"}
    return http.post(url, json=body, headers=headers(session))


def held_open(
    http: httpx.Client, streams: httpx.Client, stack: contextlib.ExitStack, url: str
) -> str:
    """A new session kept busy by an open GET stream (until ``stack`` closes it): the
    stream is opened right after the initialize, before the session could idle."""
    r = initialize(http, url)
    assert r.status_code == 200, r.text
    session = r.headers["mcp-session-id"]
    stream = stack.enter_context(streams.stream("GET", url, headers=headers(session)))
    assert stream.status_code == 200, stream.read()
    note = {"jsonrpc": "2.0", "method": "notifications/initialized"}
    assert http.post(url, json=note, headers=headers(session)).status_code == 202
    return session


@pytest.mark.timeout(90)
def test_idle_sessions_are_forgotten_and_open_ones_are_capped(tmp_path: Path) -> None:
    env = server_env(tmp_path, PLANLOOP_MCP_SESSION_IDLE_S="2", PLANLOOP_MCP_MAX_SESSIONS=str(CAP))
    server = HttpServer(tmp_path, env).start()
    url = server.url
    try:
        with (
            httpx.Client(timeout=20) as http,
            httpx.Client(timeout=httpx.Timeout(20, read=None)) as streams,
            contextlib.ExitStack() as old_streams,
            contextlib.ExitStack() as new_streams,
        ):
            # Open sessions with GET streams: busy, so none can expire while the cap is
            # checked however slowly this machine runs.
            old = [held_open(http, streams, old_streams, url) for _ in range(CAP)]
            assert list_tools(http, url, old[0]).status_code == 200

            # The cap holds: one more is refused, and the refusal opened nothing.
            refused = initialize(http, url)
            assert refused.status_code == 503, refused.text
            assert "mcp-session-id" not in refused.headers

            # The old sessions' streams end: they go idle. New sessions are admitted as old
            # ones expire, each kept busy by its own stream. Once CAP new sessions are
            # open at once, no old one can still be — found without touching the old ones
            # meanwhile (any request to a live session resets its idle clock).
            old_streams.close()
            new: list[str] = []
            deadline = time.monotonic() + 60
            while len(new) < CAP:
                assert time.monotonic() < deadline, f"only {len(new)} admitted:\n{server.log()}"
                r = initialize(http, url)
                if r.status_code == 503:
                    time.sleep(0.05)
                    continue
                assert r.status_code == 200, r.text
                session = r.headers["mcp-session-id"]
                stream = new_streams.enter_context(
                    streams.stream("GET", url, headers=headers(session))
                )
                assert stream.status_code == 200, stream.read()
                new.append(session)

            for session in old:  # forgotten: 404, as the MCP spec says
                r = list_tools(http, url, session)
                assert r.status_code == 404, (r.status_code, r.text)
            assert initialize(http, url).status_code == 503  # still capped
            for session in new:
                assert list_tools(http, url, session).status_code == 200
    finally:
        assert server.stop() == 0, server.log()


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


@pytest.mark.skipif(not os.environ.get("PLANLOOP_MEASURE_MCP_SESSIONS"), reason="a measurement")
@pytest.mark.timeout(600)
def test_measure_rss_for_3000_sessions(tmp_path: Path) -> None:
    """The figure in docs/reliability-round2-cli.md: RSS growth after 3,000 initializes,
    with the SDK's defaults (PLANLOOP_MCP_MAX_SESSIONS=10000, idle 1800 s) and planloop's."""
    for label, extra in (
        (
            "sdk defaults",
            {"PLANLOOP_MCP_MAX_SESSIONS": "10000", "PLANLOOP_MCP_SESSION_IDLE_S": "1800"},
        ),
        ("planloop defaults", {}),
    ):
        workdir = tmp_path / label.replace(" ", "-")
        workdir.mkdir()
        server = HttpServer(workdir, server_env(workdir, **extra)).start()
        try:
            assert server.proc is not None
            with httpx.Client(timeout=20) as http:
                opened(http, server.url)  # warm up
                before = rss_kib(server.proc.pid)
                statuses = [initialize(http, server.url).status_code for _ in range(3000)]
                after = rss_kib(server.proc.pid)
            admitted = statuses.count(200)
            print(f"{label}: {admitted} admitted, RSS {before} -> {after} KiB (+{after - before})")
        finally:
            server.stop()
