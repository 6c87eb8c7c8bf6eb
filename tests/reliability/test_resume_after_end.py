"""Resuming at or past the end of an ended run (issue 15, item 16).

A stream opened with ``Last-Event-ID`` at or past the ``complete`` of an ended run used to
stay open forever with heartbeats, so an EventSource reconnecting after ``complete`` hung
on it. Now it gets the run's ``complete`` again (its own seq) and the stream ends.
"""

from __future__ import annotations

import httpx
import pytest

from tests.helpers import run_until, start_run
from tests.sse import events

# Far shorter than the server's 15 s heartbeat: a stream that stays open fails the read.
READ_TIMEOUT_S = 8.0


async def _resume(client: httpx.AsyncClient, run_id: str, after: int) -> list[dict[str, object]]:
    got: list[dict[str, object]] = []
    timeout = httpx.Timeout(10, read=READ_TIMEOUT_S)
    headers = {"Last-Event-ID": str(after)}
    url = f"/api/runs/{run_id}/events"
    async with client.stream("GET", url, headers=headers, timeout=timeout) as response:
        assert response.status_code == 200
        async for frame in events(response):  # ends when the server ends the stream
            got.append(frame.json)
    return got


@pytest.mark.parametrize("past", [0, 1, 10_000])
async def test_resume_at_or_past_the_end_gets_complete_and_the_stream_ends(
    client: httpx.AsyncClient, past: int
) -> None:
    run_id = await start_run(client, max_iterations=2, checkpoint_interval=2)
    log = await run_until(client, run_id, "complete")
    end = log[-1]
    assert end["type"] == "complete" and end["status"] == "completed"

    got = await _resume(client, run_id, end["seq"] + past)

    assert got == [end]  # the terminal state once, with its own seq, then the end


async def test_resume_at_the_end_of_a_cancelled_run(client: httpx.AsyncClient) -> None:
    run_id = await start_run(client, max_iterations=4, checkpoint_interval=1)
    await run_until(client, run_id, "checkpoint_reached")
    r = await client.post(f"/api/runs/{run_id}/cancel")
    assert r.status_code == 200, r.text
    log = await run_until(client, run_id, "complete")
    end = log[-1]
    assert end["status"] == "cancelled"

    assert await _resume(client, run_id, end["seq"]) == [end]


async def test_resume_at_the_end_of_a_parked_run_stays_open(client: httpx.AsyncClient) -> None:
    """A run that has not ended keeps the stream open: the next event is still to come."""
    run_id = await start_run(client, max_iterations=4, checkpoint_interval=1)
    log = await run_until(client, run_id, "checkpoint_reached")
    timeout = httpx.Timeout(10, read=2.0)
    headers = {"Last-Event-ID": str(log[-1]["seq"])}
    url = f"/api/runs/{run_id}/events"
    with pytest.raises(httpx.ReadTimeout):
        async with client.stream("GET", url, headers=headers, timeout=timeout) as response:
            async for _ in events(response):
                raise AssertionError("no event was due")
