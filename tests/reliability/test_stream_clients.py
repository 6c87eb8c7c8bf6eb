"""Item 2: clients that vanish mid-stream, reconnect storms, and readers that stop reading.

The server must stay bounded (its VmRSS, read from /proc, grows by a generous bound at
most), every stream it serves stays gap-free from the client's Last-Event-ID, and once
the clients are gone ``/api/health`` counts no open streams: subscriptions of clients
that disconnected — politely, abruptly or by stalling past ``send_timeout_s`` — are
closed, not leaked.
"""

from __future__ import annotations

import asyncio
import json
import socket
import struct
import time
from collections.abc import AsyncIterator, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from planloop.domain import MAX_FEEDBACK_CHARS, MAX_RUN_FEEDBACK_CHARS
from tests import seeds
from tests.reliability.common import (
    NO_LIMITS,
    check_log,
    eventually,
    open_streams,
    read_log,
    rss_mb,
    state,
)
from tests.server import ServerProcess
from tests.sse import events

STORM_CLIENTS = 300
STORM_GROWTH_MB = 50
STALL_GROWTH_MB = 100


@pytest.fixture
def stream_server(tmp_path: Path) -> Iterator[ServerProcess]:
    proc = ServerProcess(tmp_path, PLANLOOP_OFFLINE_STEP_DELAY_S="0.05", **NO_LIMITS).start()
    yield proc
    proc.stop()


@pytest.fixture
async def owner(stream_server: ServerProcess) -> AsyncIterator[httpx.AsyncClient]:
    limits = httpx.Limits(max_connections=STORM_CLIENTS + 50, max_keepalive_connections=20)
    timeout = httpx.Timeout(60, connect=30, pool=60)
    async with httpx.AsyncClient(base_url=stream_server.url, timeout=timeout, limits=limits) as c:
        yield c


async def create(client: httpx.AsyncClient, **body: Any) -> str:
    payload = {"goal": "Open a bakery in Lisbon with a budget of $40,000", **body}
    r = await client.post("/api/runs", json=payload)
    assert r.status_code == 201, r.text
    run_id: str = r.json()["run_id"]
    return run_id


async def approve_when_parked(client: httpx.AsyncClient, run_id: str, number: int) -> None:
    async def parked() -> bool:
        return (await state(client, run_id))["pending_checkpoint"] == number

    assert await eventually(parked, timeout=60), f"checkpoint {number} never reached"
    r = await client.post(f"/api/runs/{run_id}/checkpoints/{number}", json={"decision": "approve"})
    assert r.status_code == 200, r.text


def cookie_header(client: httpx.AsyncClient) -> str:
    return "; ".join(f"{k}={v}" for k, v in client.cookies.items())


def raw_request(path: str, port: int, cookie: str, extra: str = "") -> bytes:
    return (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nAccept: text/event-stream\r\n"
        f"Cookie: {cookie}\r\n{extra}\r\n"
    ).encode()


@pytest.mark.timeout(120)
async def test_clients_that_disconnect_mid_stream_leave_nothing_behind(
    stream_server: ServerProcess, owner: httpx.AsyncClient
) -> None:
    """Polite closes, TCP resets and half-closes at random points: no subscription leaks."""
    run_id = await create(owner, max_iterations=4, checkpoint_interval=2)
    rng = seeds.rng("disconnect points")
    url = f"/api/runs/{run_id}/events"
    cookie = cookie_header(owner)
    port = stream_server.port

    async def polite(after: int, keep: int) -> None:
        async with owner.stream("GET", url, headers={"Last-Event-ID": str(after)}) as r:
            n = 0
            async for frame in events(r):
                assert frame.json["seq"] == after + n + 1
                n += 1
                if n >= keep:
                    return  # leaves mid-stream: httpx closes the connection

    async def abrupt(after: int, mode: str) -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        writer.write(raw_request(url, port, cookie, f"Last-Event-ID: {after}\r\n"))
        await writer.drain()
        await reader.readuntil(b"\r\n\r\n")  # the response has started
        await reader.read(rng.randint(1, 2000))
        sock = writer.get_extra_info("socket")
        if mode == "reset":  # RST instead of FIN
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        elif mode == "half":  # stop sending, then go
            writer.write_eof()
            await asyncio.sleep(0.05)
        writer.close()

    for wave in range(3):
        jobs = []
        for i in range(30):
            after = rng.randint(0, 3 * wave)
            if i % 3 == 0:
                jobs.append(polite(after, rng.randint(1, 5)))
            else:
                jobs.append(abrupt(after, "reset" if i % 3 == 1 else "half"))
        await asyncio.gather(*jobs)
        if wave == 0:
            await approve_when_parked(owner, run_id, 1)

    async def none_open() -> bool:
        return await open_streams(stream_server.url) == 0

    assert await eventually(none_open, timeout=20), await open_streams(stream_server.url)
    # the run itself never noticed: it completes, its log whole
    log = await read_log(owner, run_id)
    check_log(log)
    assert log[-1]["status"] == "completed"
    assert await eventually(none_open, timeout=10)


@pytest.mark.timeout(240)
async def test_reconnect_storm_of_300_clients_stays_bounded(
    stream_server: ServerProcess, owner: httpx.AsyncClient
) -> None:
    """300 clients at once, each dropping and reconnecting with Last-Event-ID until the end."""
    pid = stream_server.proc.pid if stream_server.proc else 0
    run_id = await create(owner, max_iterations=6, checkpoint_interval=3)
    # warm up: the first streams load what streaming needs, so it is not counted as growth
    await asyncio.gather(*(read_log(owner, run_id, until_seq=3) for _ in range(20)))
    await asyncio.sleep(0.5)
    before = rss_mb(pid)
    peak = before
    peak_streams = 0
    stop = asyncio.Event()

    async def sample() -> None:
        nonlocal peak, peak_streams
        while not stop.is_set():
            peak = max(peak, rss_mb(pid))
            peak_streams = max(peak_streams, await open_streams(stream_server.url))
            await asyncio.sleep(0.2)

    rng = seeds.rng("reconnect points")
    stats = {"reads": 0, "events": 0}
    logs: list[list[dict[str, Any]]] = []

    async def client(k: int) -> None:
        seen: list[dict[str, Any]] = []
        start = rng.randint(0, 10)
        cursor = start
        for _ in range(200):
            keep = rng.randint(1, 25)  # drop after this many events
            headers = {"Last-Event-ID": str(cursor)}
            got = 0
            try:
                async with owner.stream("GET", f"/api/runs/{run_id}/events", headers=headers) as r:
                    assert r.status_code == 200, await r.aread()
                    stats["reads"] += 1
                    async for frame in events(r):
                        e = frame.json
                        assert e["seq"] == cursor + 1, f"client {k}: {e['seq']} after {cursor}"
                        seen.append(e)
                        cursor = e["seq"]
                        got += 1
                        if e["type"] == "complete":
                            logs.append(seen)
                            stats["events"] += len(seen)
                            return
                        if got >= keep:
                            break
            except httpx.TransportError:
                await asyncio.sleep(0.05)  # a refused connection: reconnect, like EventSource
        raise AssertionError(f"client {k} never saw the end")

    sampler = asyncio.create_task(sample())
    storm = [asyncio.create_task(client(k)) for k in range(STORM_CLIENTS)]
    await approve_when_parked(owner, run_id, 1)
    await asyncio.gather(*storm)
    stop.set()
    await sampler

    async def none_open() -> bool:
        return await open_streams(stream_server.url) == 0

    assert await eventually(none_open, timeout=30), await open_streams(stream_server.url)
    await asyncio.sleep(1)
    after = rss_mb(pid)
    print(
        f"\nreconnect storm: {STORM_CLIENTS} clients, {stats['reads']} stream reads "
        f"(each after Last-Event-ID), {stats['events']} events checked, peak open streams "
        f"{peak_streams}; server VmRSS {before:.1f} MB before, peak {peak:.1f} MB, "
        f"{after:.1f} MB after"
    )
    assert len(logs) == STORM_CLIENTS
    full = await read_log(owner, run_id)
    check_log(full)
    for seen in logs:
        assert seen == full[seen[0]["seq"] - 1 :]  # each client's pieces join up exactly
    assert after - before < STORM_GROWTH_MB, (before, after)


@pytest.mark.timeout(120)
async def test_stalled_readers_are_dropped_after_the_send_timeout(tmp_path: Path) -> None:
    """Sockets that send the GET and never read: the server drops them once sends stall."""
    server = ServerProcess(
        tmp_path,
        PLANLOOP_SEND_TIMEOUT_S="1",
        PLANLOOP_OFFLINE_STEP_DELAY_S="0",
        PLANLOOP_HEARTBEAT_S="0.5",
        **NO_LIMITS,
    ).start()
    stalled: list[socket.socket] = []
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as c:
            run_id = await create(c, max_iterations=50, checkpoint_interval=1)
            pid = server.proc.pid if server.proc else 0
            before = rss_mb(pid)
            cookie = cookie_header(c)
            # (The seed stream /api/execute-plan shares this code path, but its frames
            # carry data point counts, not lists, so this flood cannot fill its buffer.)
            paths = [f"/api/runs/{run_id}/events", f"/api/runs/{run_id}/events?last_event_id=1"]
            for path in paths:
                s = socket.socket()
                s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
                s.connect(("127.0.0.1", server.port))
                s.sendall(raw_request(path, server.port, cookie, "Last-Event-ID: 1\r\n"))
                stalled.append(s)  # ... and never read

            async def all_open() -> bool:
                return await open_streams(server.url) == len(paths)

            assert await eventually(all_open, timeout=10), await open_streams(server.url)
            # Flood the run. The first approvals' feedback (as much as a run may take in
            # all: MAX_RUN_FEEDBACK_CHARS) holds constraints of 4-byte characters; the
            # planner keeps them as data points and every later checkpoint repeats them
            # all, so the stream grows past any socket buffer (the kernel's send buffer
            # autotunes up to 4 MB here).
            dropped_at = None
            room = MAX_RUN_FEEDBACK_CHARS
            for number in range(1, 50):
                feedback = "; ".join(f"must {'🥐' * 70} {number}.{i}" for i in range(60))
                feedback = feedback[: min(MAX_FEEDBACK_CHARS, room)].strip()
                room -= len(feedback)
                await approve_and_feed(c, run_id, number, feedback)
                if await open_streams(server.url) == 0:
                    dropped_at = number
                    break

            async def none_open() -> bool:
                return await open_streams(server.url) == 0

            assert await eventually(none_open, timeout=15), (
                f"stalled streams still open: {await open_streams(server.url)}"
            )
            # they were cut off, not finished: the run has not ended, it parks at the next one
            assert dropped_at is not None and dropped_at < 49

            async def parked() -> bool:
                return (await state(c, run_id))["pending_checkpoint"] == dropped_at + 1

            assert await eventually(parked, timeout=30)
            view = await state(c, run_id)
            assert view["status"] == "awaiting_approval", view["status"]
            # and the server still serves everyone else
            log = await read_log(c, run_id, until_seq=view["last_seq"])
            check_log(log)
            after = rss_mb(pid)
            flooded = sum(len(json.dumps(e, ensure_ascii=False).encode()) for e in log)
            print(
                f"\nstalled readers: {len(paths)} dropped after checkpoint {dropped_at}; "
                f"{view['last_seq']} events, {flooded / 1e6:.1f} MB of JSON flooded; "
                f"server VmRSS {before:.1f} -> {after:.1f} MB"
            )
            assert after - before < STALL_GROWTH_MB  # the flooded run's own state is large
            for s in stalled:  # what reached the socket stops mid-stream: no `complete`
                s.setblocking(False)
                received = b""
                deadline = time.monotonic() + 5
                while time.monotonic() < deadline:
                    try:
                        chunk = s.recv(1 << 20)
                    except BlockingIOError:
                        await asyncio.sleep(0.05)
                        continue
                    except ConnectionResetError:
                        break
                    if not chunk:
                        break
                    received += chunk
                assert b"event: complete" not in received
    finally:
        for s in stalled:
            s.close()
        server.stop()


async def approve_and_feed(
    client: httpx.AsyncClient, run_id: str, number: int, feedback: str
) -> None:
    async def parked() -> bool:
        return (await state(client, run_id))["pending_checkpoint"] == number

    assert await eventually(parked, timeout=30), f"checkpoint {number} never reached"
    r = await client.post(
        f"/api/runs/{run_id}/checkpoints/{number}",
        json={"decision": "approve", "feedback": feedback},
    )
    assert r.status_code == 200, r.text
