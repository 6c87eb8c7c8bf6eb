"""The event stream: headers, replay after Last-Event-ID, many watchers, heartbeats."""

from __future__ import annotations

import asyncio
from pathlib import Path

import httpx
import pytest

from tests.helpers import read_until, run_until, seqs, start_run
from tests.server import ServerProcess
from tests.sse import frames

pytestmark = pytest.mark.timeout(60)


async def test_stream_headers_suit_proxies(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client, max_iterations=1)
    async with client.stream("GET", f"/api/runs/{run_id}/events") as r:
        assert r.status_code == 200
        assert r.headers["content-type"].startswith("text/event-stream")
        assert r.headers["cache-control"] == "no-cache"
        assert r.headers["x-accel-buffering"] == "no"


async def test_reconnect_with_last_event_id_gets_exactly_the_missed_events(
    client: httpx.AsyncClient,
) -> None:
    run_id = await start_run(client)
    url = f"/api/runs/{run_id}/events"
    first = [f.json for f in await read_until(client, url, "iteration_completed")]
    cut = first[-1]["seq"]
    # header form
    rest = [f.json for f in await read_until(client, url, "checkpoint_reached", after=cut)]
    assert seqs(first + rest) == list(range(1, rest[-1]["seq"] + 1))
    # query form, for a recreated EventSource
    again = [
        f.json for f in await read_until(client, f"{url}?last_event_id={cut}", "checkpoint_reached")
    ]
    assert again == rest
    # frame ids are the seqs
    frames_ = await read_until(client, url, "checkpoint_reached")
    assert [int(f.id or 0) for f in frames_] == [f.json["seq"] for f in frames_]
    assert all(f.event == f.json["type"] for f in frames_)


async def test_many_clients_watch_one_run_live(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client)
    watchers = [run_until(client, run_id, "complete") for _ in range(5)]
    tasks = [asyncio.create_task(w) for w in watchers]
    got = await run_until(client, run_id, "checkpoint_reached")
    await client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
    results = await asyncio.gather(*tasks)
    for events_ in results:
        assert seqs(events_) == list(range(1, len(events_) + 1))
        assert events_[-1]["type"] == "complete"
    assert all(r == results[0] for r in results)
    assert got[-1]["type"] == "checkpoint_reached"


async def test_stream_of_a_finished_run_replays_and_ends(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client, max_iterations=1)
    await run_until(client, run_id, "complete")
    async with client.stream("GET", f"/api/runs/{run_id}/events") as r:
        got = [f async for f in frames(r) if f.data_lines]  # ends by itself
    assert got[-1].json["type"] == "complete"
    assert seqs([f.json for f in got]) == list(range(1, len(got) + 1))


async def test_bad_last_event_id_is_refused(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client, max_iterations=1)
    r = await client.get(f"/api/runs/{run_id}/events?last_event_id=abc")
    assert r.status_code == 422 and "Last-Event-ID" in r.json()["error"]["message"]


async def test_unknown_run_stream_is_404(client: httpx.AsyncClient) -> None:
    r = await client.get("/api/runs/nope/events")
    assert r.status_code == 404 and r.json()["error"]["code"] == "not_found"


async def test_idle_stream_gets_heartbeats(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path, PLANLOOP_HEARTBEAT_S="0.3").start()
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
            run_id = await start_run(c)
            await run_until(c, run_id, "checkpoint_reached")
            last = str((await c.get(f"/api/runs/{run_id}")).json()["last_seq"])
            pings = 0
            async with c.stream(
                "GET", f"/api/runs/{run_id}/events", headers={"Last-Event-ID": last}
            ) as r:
                async for frame in frames(r):
                    if frame.comments and not frame.data_lines:
                        pings += any(c.startswith("ping") for c in frame.comments)
                    if pings >= 2:
                        break
            assert pings >= 2
    finally:
        server.stop()
