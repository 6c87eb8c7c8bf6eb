"""Store faults (issue 8, item 4): bounded retries, then a clear failure; never half-written."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import run_until, start_run
from tests.pg import PostgresServer, create_database
from tests.server import ServerProcess
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(120)


def _clean(log: list[dict[str, Any]]) -> None:
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1))
    done = Counter(e["iteration"] for e in log if e["type"] == "iteration_completed")
    assert set(done.values()) == {1}, done


def _hold_write_lock(db: Path, release: threading.Event, taken: threading.Event) -> None:
    """Another writer on the same SQLite file, holding its lock until ``release``."""
    conn = sqlite3.connect(db, timeout=30)
    try:
        conn.execute("BEGIN IMMEDIATE")
        taken.set()
        release.wait(60)
        conn.rollback()
    finally:
        conn.close()


class Holder:
    """The lock held in a thread: released after a time, or by ``release()``."""

    def __init__(self, db: Path) -> None:
        self.taken, self.released = threading.Event(), threading.Event()
        self.thread = threading.Thread(
            target=_hold_write_lock, args=(db, self.released, self.taken), daemon=True
        )

    async def take(self) -> Holder:
        self.thread.start()
        assert await asyncio.to_thread(self.taken.wait, 10)
        return self

    async def release(self, after: float = 0) -> None:
        await asyncio.sleep(after)
        self.released.set()
        await asyncio.to_thread(self.thread.join)


@pytest.fixture
def locked_sqlite(tmp_path: Path) -> ServerProcess:
    db = tmp_path / "planloop.db"
    return ServerProcess(
        tmp_path,
        PLANLOOP_DATABASE_URL=f"sqlite:///{db}?busy_timeout_ms=200",
        PLANLOOP_OFFLINE_STEP_DELAY_S="0.2",
    )


async def test_sqlite_locked_briefly_is_retried_and_the_run_completes(
    locked_sqlite: ServerProcess, tmp_path: Path
) -> None:
    locked_sqlite.start()
    try:
        async with httpx.AsyncClient(base_url=locked_sqlite.url, timeout=30) as c:
            run_id = await start_run(c, max_iterations=3, checkpoint_interval=3)
            await run_until(c, run_id, "iteration_progress")
            holder = await Holder(tmp_path / "planloop.db").take()
            # held for a while, within the runner's bounded retries (busy_timeout is 200 ms)
            released = asyncio.create_task(holder.release(after=1.2))
            log = await run_until(c, run_id, "complete")
            await released
        _clean(log)
        assert log[-1]["status"] == "completed"
        assert "store fault on run" in locked_sqlite.log_path.read_text()
    finally:
        locked_sqlite.stop()


async def test_sqlite_locked_for_long_fails_clearly_then_recovers(
    locked_sqlite: ServerProcess, tmp_path: Path
) -> None:
    locked_sqlite.start()
    try:
        async with httpx.AsyncClient(base_url=locked_sqlite.url, timeout=30) as c:
            run_id = await start_run(c, max_iterations=3, checkpoint_interval=3)
            await run_until(c, run_id, "iteration_progress")
            holder = await Holder(tmp_path / "planloop.db").take()
            # writes are refused with a clear, retryable error while the lock is held
            r = await c.post("/api/runs", json={"goal": "during the outage"})
            assert r.status_code == 503, r.text
            assert r.json()["error"]["code"] == "store_unavailable"
            assert "retry-after" in r.headers
            # reads still work (WAL), and show the run as it was: nothing half-written
            state = (await c.get(f"/api/runs/{run_id}")).json()
            assert state["status"] == "running"
            # held until the runner's bounded retries ran out and it said so
            said = locked_sqlite.log_path.read_text
            await wait_for(lambda: "paused by a store outage" in said(), timeout=30)
            await holder.release()
            log = await run_until(c, run_id, "complete")
        _clean(log)
        assert log[-1]["status"] == "completed"
    finally:
        locked_sqlite.stop()


async def test_postgres_restarted_during_a_run(tmp_path: Path) -> None:
    pg = PostgresServer().start()
    try:
        url = create_database(pg.admin_url)
        proc = ServerProcess(
            tmp_path, PLANLOOP_DATABASE_URL=url, PLANLOOP_OFFLINE_STEP_DELAY_S="0.3"
        ).start()
        try:
            async with httpx.AsyncClient(base_url=proc.url, timeout=30) as c:
                run_id = await start_run(c, max_iterations=4, checkpoint_interval=4)
                first = await run_until(c, run_id, "iteration_completed")
                cookies = dict(c.cookies)
            await asyncio.to_thread(pg.restart)
            async with httpx.AsyncClient(base_url=proc.url, timeout=30, cookies=cookies) as c:
                for _ in range(50):  # the pool reconnects on its own
                    try:
                        if (await c.get(f"/api/runs/{run_id}")).status_code == 200:
                            break
                    except httpx.HTTPError:
                        pass
                    await asyncio.sleep(0.2)
                log = await run_until(c, run_id, "complete", after=first[-1]["seq"])
            _clean(first + log)
            assert log[-1]["status"] == "completed"
        finally:
            proc.stop()
    finally:
        pg.stop()
