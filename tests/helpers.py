"""Shared steps of the API tests: start a run, read its stream until something happens."""

from __future__ import annotations

from typing import Any

import httpx

from tests.factories import run_body
from tests.sse import Frame, events


async def start_run(client: httpx.AsyncClient, **body: Any) -> str:
    r = await client.post("/api/runs", json=run_body(**body))
    assert r.status_code == 201, r.text
    run_id: str = r.json()["run_id"]
    return run_id


async def read_until(
    client: httpx.AsyncClient,
    url: str,
    stop: str,
    *,
    after: int | None = None,
    headers: dict[str, str] | None = None,
) -> list[Frame]:
    """Read frames until one of type ``stop`` arrives (inclusive) or the stream ends."""
    got: list[Frame] = []
    hdrs = dict(headers or {})
    if after is not None:
        hdrs["Last-Event-ID"] = str(after)
    async with client.stream("GET", url, headers=hdrs) as response:
        assert response.status_code == 200, await response.aread()
        async for frame in events(response):
            got.append(frame)
            if frame.json.get("type") == stop:
                break
    return got


async def run_until(
    client: httpx.AsyncClient, run_id: str, stop: str, after: int = 0
) -> list[dict[str, Any]]:
    frames = await read_until(client, f"/api/runs/{run_id}/events", stop, after=after)
    return [f.json for f in frames]


def seqs(events_: list[dict[str, Any]]) -> list[int]:
    return [e["seq"] for e in events_]
