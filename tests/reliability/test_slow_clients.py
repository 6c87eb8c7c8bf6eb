"""Slow clients (issue 15, item 14): real uvicorn, raw sockets.

A slowloris sends its request headers a byte at a time and never finishes them; uvicorn
on its own holds such a connection (and its file descriptor) for as long as bytes keep
coming. ``planloop serve`` bounds the headers' time (PLANLOOP_HEADER_TIMEOUT_S), the
body's (PLANLOOP_BODY_TIMEOUT_S) and the number of connections (PLANLOOP_MAX_CONNECTIONS,
below the fd limit).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Iterator

import httpx
import pytest

from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(90)

HEADER_TIMEOUT_S = 1.5
CAP = 40
SLOW = 120  # slow connections opened at once: three times the cap


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ServerProcess]:
    proc = ServerProcess(
        tmp_path_factory.mktemp("slow"),
        PLANLOOP_HEADER_TIMEOUT_S=str(HEADER_TIMEOUT_S),
        PLANLOOP_BODY_TIMEOUT_S="1.5",
        PLANLOOP_MAX_CONNECTIONS=str(CAP),
    ).start()
    yield proc
    proc.stop()


async def slowloris(port: int, stop: asyncio.Event) -> float | None:
    """Send headers a byte every 0.2 s; the seconds until the server closed (None: never,
    until ``stop``)."""
    started = time.monotonic()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    request = b"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Pad: " + b"a" * 10_000

    async def trickle() -> None:
        for byte in request:
            if stop.is_set() or writer.is_closing():
                return
            try:
                writer.write(bytes([byte]))
                await writer.drain()
            except ConnectionError:
                return
            await asyncio.sleep(0.2)

    sender = asyncio.create_task(trickle())
    reading = asyncio.create_task(reader.read(1024))
    stopped = asyncio.create_task(stop.wait())
    try:
        done, _ = await asyncio.wait({reading, stopped}, return_when=asyncio.FIRST_COMPLETED)
        if reading in done:
            try:
                data = reading.result()
            except ConnectionError:
                data = b""
            assert data == b"", data[:100]  # closed, never answered
            return time.monotonic() - started
        return None
    finally:
        for task in (sender, reading, stopped):
            task.cancel()
        writer.close()


async def test_slowloris_connections_are_capped_and_cut_at_the_header_deadline(
    server: ServerProcess,
) -> None:
    stop = asyncio.Event()
    attackers = [asyncio.create_task(slowloris(server.port, stop)) for _ in range(SLOW)]
    # while they trickle, no connection outlives the header deadline for long
    deadline = time.monotonic() + HEADER_TIMEOUT_S + 20
    while time.monotonic() < deadline and not all(t.done() for t in attackers):
        await asyncio.sleep(0.1)
    stop.set()
    held = await asyncio.gather(*attackers)
    never_cut = sum(1 for h in held if h is None)
    at_accept = sum(1 for h in held if h is not None and h < HEADER_TIMEOUT_S * 0.8)
    longest = max((h for h in held if h is not None), default=0.0)
    print(
        f"\n{SLOW} slow connections, cap {CAP}: {never_cut} never cut, {at_accept} cut at once,"
        f" longest held {longest:.1f} s"
    )
    assert never_cut == 0
    assert at_accept >= SLOW - CAP  # beyond the cap they are refused when accepted
    # and the server answers normally once they are gone
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
        assert (await c.get("/api/health")).status_code == 200


async def test_an_idle_connection_is_closed_at_the_header_deadline(server: ServerProcess) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        data = await asyncio.wait_for(reader.read(1024), HEADER_TIMEOUT_S + 20)
    except ConnectionError:
        data = b""
    finally:
        writer.close()
    assert data == b""


async def test_a_body_that_does_not_arrive_gets_408(server: ServerProcess) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", server.port)
    try:
        writer.write(
            b"POST /api/runs HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b'Content-Length: 200\r\n\r\n{"goal": '
        )
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 20)  # to the end: it closes
    finally:
        writer.close()
    head, _, body = answer.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.1 408"), answer[:200]
    assert b'"request_timeout"' in body
    async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
        health = (await c.get("/api/health")).json()
    assert sum(health["runs"].values()) == 0
