"""Issue 15 item 4 (the server-wide cap): at most PLANLOOP_MAX_EXECUTING_RUNS runs execute
at once; the others stay ``running``, wait in a first-come queue that ``GET /api/runs/{id}``
shows, and all complete."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import httpx
import pytest

from tests.helpers import run_until, start_run
from tests.server import ServerProcess

pytestmark = pytest.mark.timeout(120)
CAP = 2
RUNS = 5


async def test_runs_beyond_the_cap_wait_in_a_visible_queue_and_all_complete(
    tmp_path: Path,
) -> None:
    env = {
        "PLANLOOP_MAX_EXECUTING_RUNS": str(CAP),
        "PLANLOOP_OFFLINE_STEP_DELAY_S": "0.05",
        "PLANLOOP_RATE_LIMIT_PER_S": "1000",  # the test polls
    }
    server = ServerProcess(tmp_path, **env)
    await asyncio.to_thread(server.start)
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
            ids = [await start_run(c, max_iterations=6, checkpoint_interval=6) for _ in range(RUNS)]
            # All five are `running`; two execute and three wait, in the order they came.
            deadline = time.monotonic() + 30
            while True:
                views = [(await c.get(f"/api/runs/{i}")).json() for i in ids]
                queued = [v for v in views if v["queued"]]
                if len(queued) == RUNS - CAP or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.05)
            assert [v["status"] for v in views] == ["running"] * RUNS
            assert [v["queue_position"] for v in views] == [None, None, 1, 2, 3]
            assert [v["queued"] for v in views] == [False, False, True, True, True]
            # None ever executes beyond the cap, and every one completes.
            most = 0
            waiting = asyncio.gather(*(run_until(c, i, "complete") for i in ids))
            while not waiting.done():
                health = (await c.get("/api/health")).json()
                most = max(most, health["executing"])
                await asyncio.sleep(0.05)
            logs = await waiting
            assert 1 <= most <= CAP
            assert [log[-1]["status"] for log in logs] == ["completed"] * RUNS
            for i in ids:
                view = (await c.get(f"/api/runs/{i}")).json()
                assert view["status"] == "completed" and not view["queued"]
    finally:
        server.stop()


async def test_after_a_crash_the_runs_beyond_the_cap_are_queued_again(tmp_path: Path) -> None:
    # With SQLite the new process drops every lease at start. With PostgreSQL the dead
    # process's presence lock died with it (store/postgres_presence.py), so its leases are
    # void at once: the restarted process finds all five runs runnable, executes two and
    # queues three, whichever two it happens to claim first.
    env = {
        "PLANLOOP_MAX_EXECUTING_RUNS": str(CAP),
        # A run takes ~1.5 s: still running at the kill, which follows its creation.
        "PLANLOOP_OFFLINE_STEP_DELAY_S": "0.15",
        "PLANLOOP_RATE_LIMIT_PER_S": "1000",
    }
    server = ServerProcess(tmp_path, **env)
    await asyncio.to_thread(server.start)
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=10) as c:
            ids = [await start_run(c, max_iterations=3, checkpoint_interval=3) for _ in range(RUNS)]
            server.kill()  # the queue was in memory; the runs are in the store
            await asyncio.to_thread(server.start)
            deadline = time.monotonic() + 30
            while True:
                views = [(await c.get(f"/api/runs/{i}")).json() for i in ids]
                positions = sorted(v["queue_position"] or 0 for v in views if v["queued"])
                running = [v for v in views if v["status"] == "running"]
                if positions == [1, 2, 3] or time.monotonic() > deadline:
                    break
                await asyncio.sleep(0.05)
            assert len(running) == RUNS and positions == [1, 2, 3], views
            logs = await asyncio.gather(*(run_until(c, i, "complete") for i in ids))
            assert [log[-1]["status"] for log in logs] == ["completed"] * RUNS
    finally:
        server.stop()
