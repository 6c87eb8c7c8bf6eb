"""Three replicas over one PostgreSQL: any replica serves any request, one executes each run."""

from __future__ import annotations

import asyncio
import os
import signal
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import run_until, start_run
from tests.pg import create_database
from tests.server import ServerProcess
from tests.sse import events
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def replicas(pg_admin_url: str, tmp_path: Path) -> Iterator[list[ServerProcess]]:
    url = create_database(pg_admin_url)
    shared = {
        "PLANLOOP_DATABASE_URL": url,
        "PLANLOOP_MEMORY_DIR": str(tmp_path / "memory"),
        "PLANLOOP_OFFLINE_STEP_DELAY_S": "0.3",
        "PLANLOOP_LEASE_S": "2",
    }
    procs = []
    for name in "abc":
        (tmp_path / name).mkdir()
        procs.append(ServerProcess(tmp_path / name, **shared))
    for proc in procs:
        proc.start()
    yield procs
    for proc in procs:
        proc.stop()


async def _watch(client: httpx.AsyncClient, run_id: str, log: list[dict[str, Any]]) -> None:
    """Follow a run to its end, reconnecting with Last-Event-ID if the connection drops."""
    while not log or log[-1]["type"] != "complete":
        after = log[-1]["seq"] if log else 0
        try:
            async with client.stream(
                "GET", f"/api/runs/{run_id}/events", headers={"Last-Event-ID": str(after)}
            ) as r:
                async for frame in events(r):
                    log.append(frame.json)
        except httpx.HTTPError:
            await asyncio.sleep(0.2)


def _executor(replicas: list[ServerProcess], lease_owner: str) -> ServerProcess:
    pid = int(lease_owner.split(":")[1])
    return next(p for p in replicas if p.proc is not None and p.proc.pid == pid)


async def _lapsed(run_id: str, url: str) -> bool:
    """The run's lease ran out (by the database's clock) a second ago: several sweeps of
    the live replicas (every 0.2 s) have had the chance to re-claim it."""
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        lapsed = await conn.fetchval(
            "SELECT lease_expires_at < now() - interval '1 second' FROM runs WHERE id=$1", run_id
        )
    finally:
        await conn.close()
    return bool(lapsed)


async def _lease_owner(client: httpx.AsyncClient, run_id: str, url: str) -> str:
    # The lease is internal; read it from the database the replicas share.
    import asyncpg

    conn = await asyncpg.connect(url)
    try:
        for _ in range(100):
            owner = await conn.fetchval("SELECT lease_owner FROM runs WHERE id=$1", run_id)
            if owner:
                return str(owner)
            await asyncio.sleep(0.05)
    finally:
        await conn.close()
    raise AssertionError("no replica executes the run")


def _assert_clean(log: list[dict[str, Any]]) -> None:
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1)), "gap or duplicate"
    done = Counter(e["iteration"] for e in log if e["type"] == "iteration_completed")
    assert set(done.values()) == {1}, f"an iteration was recorded twice: {done}"


async def test_create_on_a_stream_on_b_approve_on_c_kill_the_executor(
    replicas: list[ServerProcess],
) -> None:
    a, b, c = replicas
    db_url = a.env["PLANLOOP_DATABASE_URL"]
    async with httpx.AsyncClient(base_url=a.url, timeout=10) as ca:
        run_id = await start_run(ca, max_iterations=4, checkpoint_interval=2)
        cookies = dict(ca.cookies)  # no sticky sessions: the cookie works on every replica
    async with (
        httpx.AsyncClient(base_url=b.url, timeout=30, cookies=cookies) as cb,
        httpx.AsyncClient(base_url=c.url, timeout=10, cookies=cookies) as cc,
    ):
        log: list[dict[str, Any]] = []
        watcher = asyncio.create_task(_watch(cb, run_id, log))
        while not any(e["type"] == "checkpoint_reached" for e in log):
            await asyncio.sleep(0.05)
        r = await cc.post(f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"})
        assert r.status_code == 200, r.text
        # C received the decision, so C claims and executes the rest; kill it mid-iteration
        executor = _executor(replicas, await _lease_owner(cc, run_id, db_url))
        while not any(e["type"] == "iteration_progress" and e["iteration"] == 3 for e in log):
            await asyncio.sleep(0.02)
        executor.kill()
        survivors = [p for p in replicas if p is not executor]
        await asyncio.wait_for(watcher, 60) if b in survivors else None
        if b not in survivors:  # B was the executor: follow on A instead
            async with httpx.AsyncClient(base_url=a.url, timeout=30, cookies=cookies) as ca:
                watcher.cancel()
                await _watch(ca, run_id, log)
    _assert_clean(log)
    assert log[-1]["status"] == "completed"
    final = next(e for e in log if e["type"] == "final_plan")
    async with httpx.AsyncClient(base_url=survivors[0].url, timeout=10, cookies=cookies) as s:
        names = [e["name"] for e in (await s.get("/api/entities")).json()]
        state = (await s.get(f"/api/runs/{run_id}")).json()
    assert names.count(final["memory_entity"]) == 1
    assert state["status"] == "completed" and state["iteration"] == 4


async def test_a_replica_that_lost_its_lease_writes_nothing(
    replicas: list[ServerProcess],
) -> None:
    """Fencing: freeze the executor past its lease; another replica takes over; when the
    frozen one wakes, its late writes are refused."""
    a = replicas[0]
    db_url = a.env["PLANLOOP_DATABASE_URL"]
    async with httpx.AsyncClient(base_url=a.url, timeout=10) as ca:
        run_id = await start_run(ca, max_iterations=4, checkpoint_interval=4)
        cookies = dict(ca.cookies)
        executor = _executor(replicas, await _lease_owner(ca, run_id, db_url))
    assert executor.proc is not None
    os.kill(executor.proc.pid, signal.SIGSTOP)
    try:
        # the lease (2 s) lapses; a live replica re-claims the run
        await wait_for(lambda: _lapsed(run_id, db_url), timeout=30, interval=0.1)
    finally:
        os.kill(executor.proc.pid, signal.SIGCONT)
    other = next(p for p in replicas if p is not executor)
    async with httpx.AsyncClient(base_url=other.url, timeout=30, cookies=cookies) as co:
        log: list[dict[str, Any]] = []
        await _watch(co, run_id, log)
    _assert_clean(log)
    assert log[-1]["status"] == "completed"


async def test_checkpoint_deadline_fires_once_across_replicas(
    replicas: list[ServerProcess],
) -> None:
    a, b, _ = replicas
    async with httpx.AsyncClient(base_url=a.url, timeout=10) as ca:
        # A deadline that decides (on_timeout reject) ends the run, so the watch ends.
        run_id = await start_run(
            ca, max_iterations=4, checkpoint_interval=2, checkpoint_timeout_s=1, on_timeout="reject"
        )
        cookies = dict(ca.cookies)
    async with httpx.AsyncClient(base_url=b.url, timeout=30, cookies=cookies) as cb:
        log: list[dict[str, Any]] = []
        await _watch(cb, run_id, log)
    _assert_clean(log)
    rejected = [e for e in log if e["type"] == "checkpoint_rejected"]
    assert len(rejected) == 1 and rejected[0]["by_deadline"] is True
    assert log[-1]["status"] == "rejected"


async def test_serve_with_several_workers_on_one_port(pg_admin_url: str, tmp_path: Path) -> None:
    """`planloop serve --workers 2`: two processes on one port share the database."""
    proc = ServerProcess(
        tmp_path,
        PLANLOOP_DATABASE_URL=create_database(pg_admin_url),
        PLANLOOP_OFFLINE_STEP_DELAY_S="0.05",
    )
    proc.extra_args = ["--workers", "2"]
    proc.start()
    try:
        async with httpx.AsyncClient(base_url=proc.url, timeout=30) as c:
            ids = [await start_run(c, max_iterations=2, checkpoint_interval=1) for _ in range(4)]
            for run_id in ids:
                await run_until(c, run_id, "checkpoint_reached")
                approve = await c.post(
                    f"/api/runs/{run_id}/checkpoints/1", json={"decision": "approve"}
                )
                assert approve.status_code == 200, approve.text
            for run_id in ids:
                final: list[dict[str, Any]] = []
                await _watch(c, run_id, final)
                _assert_clean(final)
                assert final[-1]["status"] == "completed"
    finally:
        proc.stop()
