"""A share link's open stream ends when the link is revoked or expires (issue 18, item 4):
at once on the server that revoked it, within a poll interval on another replica sharing
the database. Real uvicorn: open streams over sockets."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.review_steps import parked
from tests.server import ServerProcess
from tests.sse import Frame, events

pytestmark = pytest.mark.timeout(60)


async def _share(client: httpx.AsyncClient, run_id: str, **body: Any) -> dict[str, Any]:
    r = await client.post(f"/api/runs/{run_id}/shares", json={"role": "viewer", **body})
    assert r.status_code == 201, r.text
    made: dict[str, Any] = r.json()
    return made


def _token(made: dict[str, Any]) -> str:
    return str(made["url"]).rsplit("/s/", 1)[1]


async def _watch(url: str, seen: list[dict[str, Any]], parked_: asyncio.Event) -> str:
    """Read the shared stream to its end; how it ended."""
    async with (
        httpx.AsyncClient(timeout=httpx.Timeout(10, read=None)) as visitor,
        visitor.stream("GET", url) as r,
    ):
        assert r.status_code == 200, await r.aread()
        async for frame in events(r):
            assert (frame.id is None) == (frame.event == "share_closed")
            seen.append(frame.json)
            if frame.json["type"] == "checkpoint_reached":
                parked_.set()
    return "ended"


async def _stream_ends_when(
    watch_url: str, revoke: Any, seen: list[dict[str, Any]] | None = None
) -> list[dict[str, Any]]:
    got: list[dict[str, Any]] = [] if seen is None else seen
    at_checkpoint = asyncio.Event()
    reader = asyncio.create_task(_watch(watch_url, got, at_checkpoint))
    await asyncio.wait_for(at_checkpoint.wait(), 20)
    await asyncio.sleep(0)  # the stream is open and parked: nothing more comes by itself
    assert not reader.done()
    await revoke()
    # The stream ends on its own (the test's timeout is the deadline).
    assert await asyncio.wait_for(reader, 20) == "ended"
    return got


async def test_revoking_ends_an_open_stream_at_once(
    server: ServerProcess, server_client: httpx.AsyncClient
) -> None:
    run_id, _ = await parked(server_client)
    made = await _share(server_client, run_id)
    token = _token(made)

    async def revoke() -> None:
        r = await server_client.delete(f"/api/runs/{run_id}/shares/{made['token_id']}")
        assert r.status_code == 204

    seen = await _stream_ends_when(f"{server.url}/api/shares/{token}/events", revoke)
    assert seen[0]["type"] == "planning_started"
    assert all(e["run_id"] == run_id for e in seen[:-1])
    assert seen[-1]["type"] == "share_closed" and seen[-1]["code"] == "share_revoked"
    async with httpx.AsyncClient(base_url=server.url) as visitor:
        again = await visitor.get(f"/api/shares/{token}/events")
        assert again.status_code == 410 and again.json()["error"]["code"] == "share_revoked"
    # the run itself goes on, untouched: the owner still decides it
    r = await server_client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
    assert r.status_code == 200, r.text


async def test_an_expiring_link_ends_its_open_stream(
    server: ServerProcess, server_client: httpx.AsyncClient
) -> None:
    run_id, _ = await parked(server_client)
    made = await _share(server_client, run_id, expires_in_s=3)

    async def nothing() -> None:
        return None  # the deadline alone ends it

    seen = await _stream_ends_when(f"{server.url}/api/shares/{_token(made)}/events", nothing)
    assert seen[-1] == {
        "type": "share_closed",
        "code": "share_expired",
        "message": "this share link has expired",
    }
    async with httpx.AsyncClient(base_url=server.url) as visitor:
        r = await visitor.get(f"/api/shares/{_token(made)}")
        assert r.status_code == 410 and r.json()["error"]["code"] == "share_expired"


async def test_revoking_on_one_replica_ends_the_stream_on_another(
    backend: str, tmp_path: Path
) -> None:
    if backend != "postgres":
        pytest.skip("replicas share a PostgreSQL database (--backend=postgres)")
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first = ServerProcess(tmp_path / "a")
    second = ServerProcess(tmp_path / "b", PLANLOOP_DATABASE_URL=first.env["PLANLOOP_DATABASE_URL"])
    try:
        first.start()
        second.start()
        async with httpx.AsyncClient(base_url=first.url, timeout=10) as owner:
            run_id, _ = await parked(owner)
            made = await _share(owner, run_id)

            async def revoke() -> None:
                r = await owner.delete(f"/api/runs/{run_id}/shares/{made['token_id']}")
                assert r.status_code == 204

            url = f"{second.url}/api/shares/{_token(made)}/events"
            seen = await _stream_ends_when(url, revoke)
            assert seen[-1]["type"] == "share_closed" and seen[-1]["code"] == "share_revoked"
    finally:
        second.stop()
        first.stop()


async def test_a_links_stream_names_nothing_of_the_owners_memory(
    server: ServerProcess, server_client: httpx.AsyncClient
) -> None:
    """A run that finished and saved its plan: the owner's stream names the note; the link's
    sends the same events, less the note's name (a new user's trial: the shared page said
    "Plan saved to memory as entity: plan_…")."""
    run_id, _ = await parked(server_client, max_iterations=2, checkpoint_interval=1)
    made = await _share(server_client, run_id)
    r = await server_client.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
    assert r.status_code == 200, r.text
    owner = [f async for f in _read_all(server_client, f"{server.url}/api/runs/{run_id}/events")]
    (entity,) = [f.json["memory_entity"] for f in owner if f.event == "final_plan"]
    assert entity
    url = f"{server.url}/api/shares/{_token(made)}/events"
    async with httpx.AsyncClient(timeout=10) as visitor:
        link = [f async for f in _read_all(visitor, url)]
        view = (await visitor.get(f"{server.url}/api/shares/{_token(made)}")).json()
    assert [f.id for f in link] == [f.id for f in owner]
    assert link[-1].event == "complete"
    assert not any(entity in f.data for f in link)
    (final,) = [f.json for f in link if f.event == "final_plan"]
    assert final["memory_entity"] is None and final["plan"]
    assert view["memory_entity"] is None and entity not in str(view)


async def _read_all(client: httpx.AsyncClient, url: str) -> AsyncIterator[Frame]:
    async with client.stream("GET", url) as r:
        assert r.status_code == 200, await r.aread()
        async for frame in events(r):
            yield frame
