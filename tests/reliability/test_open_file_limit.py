"""The open-file limit: every open stream is a socket (issue 19, target 6).

A shell's soft RLIMIT_NOFILE is often 1,024 while the hard limit allows far more;
``planloop serve`` raises its soft limit toward what PLANLOOP_MAX_CONNECTIONS needs (up to
the hard limit), and says so at start when the hard limit holds it below the setting.
Real server processes started under a low soft limit; raw sockets held open at once.
"""

from __future__ import annotations

import asyncio
import resource
from pathlib import Path

import pytest

from planloop.api.slowclients import fd_limit_for
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(90)

WANTED = 600
HELD = 500  # connections held open at once: more than a soft limit of 256 could take
REQUEST = b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"


def soft_limit(pid: int) -> int:
    for line in Path(f"/proc/{pid}/limits").read_text().splitlines():
        if line.startswith("Max open files"):
            return int(line.split()[3])
    raise AssertionError("no open-file limit in /proc")


async def held_connection(port: int, answered: list[bytes], release: asyncio.Event) -> None:
    """Connect, ask once and note the status line (b"" when refused), then keep the
    connection open until ``release``."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        writer.write(REQUEST)
        await writer.drain()
        status = await asyncio.wait_for(reader.readline(), 30)
    except (ConnectionError, TimeoutError):
        status = b""
    answered.append(status)
    try:
        await release.wait()
    finally:
        writer.close()


async def test_a_low_soft_limit_is_raised_for_the_connections_asked(tmp_path: Path) -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard != resource.RLIM_INFINITY and hard < fd_limit_for(WANTED):
        pytest.skip(f"the hard open-file limit ({hard}) is below {fd_limit_for(WANTED)}")
    server = ServerProcess(tmp_path, PLANLOOP_MAX_CONNECTIONS=str(WANTED))
    server.nofile = (256, hard)  # under it alone, the cap would be 192 connections
    server.start()
    try:
        assert server.proc is not None
        assert soft_limit(server.proc.pid) == fd_limit_for(WANTED)
        answered: list[bytes] = []
        release = asyncio.Event()
        holders = [
            asyncio.create_task(held_connection(server.port, answered, release))
            for _ in range(HELD)
        ]
        while len(answered) < HELD:  # each notes one status, within 30 s
            await asyncio.sleep(0.05)
        release.set()  # until now, every answered connection was still open
        await asyncio.gather(*holders)
    finally:
        server.stop()
    refused = [s for s in answered if not s.startswith(b"HTTP/1.1 200")]
    assert not refused, f"{len(refused)} of {HELD} connections refused: {refused[:3]}"
    assert "note: at most" not in server.log_path.read_text()


async def test_a_low_hard_limit_is_said_at_start(tmp_path: Path) -> None:
    server = ServerProcess(tmp_path, PLANLOOP_MAX_CONNECTIONS=str(WANTED))
    server.nofile = (256, 300)
    server.start()
    try:
        assert server.proc is not None
        assert soft_limit(server.proc.pid) == 300  # as far as the hard limit allows
    finally:
        server.stop()
    log = server.log_path.read_text()
    assert "note: at most 236 connections (PLANLOOP_MAX_CONNECTIONS is 600)" in log, log
    assert "the open-file limit is 300 (hard 300)" in log
