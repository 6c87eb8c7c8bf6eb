"""Issue 19, target 3: when a server sharing a PostgreSQL database is SIGKILLed, its runs
are taken over at once (its presence lock died with it), by its restart or by another
replica, not when its leases lapse. The leases here are 30 s, so a run that completes
while the dead server's lease has not lapsed yet was taken over because it died."""

from __future__ import annotations

import asyncio
import os
from collections import Counter
from datetime import datetime
from pathlib import Path
from typing import Any

import asyncpg
import httpx
import pytest

from planloop.store.postgres_schema import PRESENCE_LOCKS
from tests.helpers import run_until, start_run
from tests.server import ServerProcess
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(120)
ENV = {
    "PLANLOOP_LEASE_S": "30",
    "PLANLOOP_OFFLINE_STEP_DELAY_S": "0.2",
    "PLANLOOP_RATE_LIMIT_PER_S": "1000",
    "PLANLOOP_MAX_ACTIVE_RUNS_PER_SESSION": "100",
}


@pytest.fixture
def db_url(backend: str) -> str:
    if backend != "postgres":
        pytest.skip("replicas share a PostgreSQL database (--backend=postgres)")
    from tests.pg import create_database

    return create_database(os.environ["PLANLOOP_TEST_PG_URL"])


Lease = tuple[str, str | None, datetime | None]


async def _runs(url: str, ids: list[str]) -> dict[str, Lease]:
    """Each run's status, lease holder and lease expiry, from the shared database."""
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch(
            "SELECT id, status, lease_owner, lease_expires_at FROM runs WHERE id = ANY($1)", ids
        )
    finally:
        await conn.close()
    return {r["id"]: (r["status"], r["lease_owner"], r["lease_expires_at"]) for r in rows}


async def _all_mid_flight(url: str, ids: list[str]) -> bool:
    conn = await asyncpg.connect(url)
    try:
        done = await conn.fetchval(
            "SELECT count(DISTINCT run_id) FROM events"
            " WHERE run_id = ANY($1) AND type = 'iteration_completed'",
            ids,
        )
    finally:
        await conn.close()
    leases = await _runs(url, ids)
    return done == len(ids) and all(owner for _, owner, _ in leases.values())


def _pid(worker: str) -> int:
    return int(worker.split(":")[1])


def _assert_clean(log: list[dict[str, Any]]) -> None:
    assert [e["seq"] for e in log] == list(range(1, len(log) + 1)), "gap or duplicate"
    done = Counter(e["iteration"] for e in log if e["type"] == "iteration_completed")
    assert set(done.values()) == {1}, f"an iteration was recorded twice: {done}"
    assert log[-1]["type"] == "complete" and log[-1]["status"] == "completed"


def _assert_taken_over(log: list[dict[str, Any]], lease_until: datetime) -> None:
    """Completed while the dead server's lease had yet to lapse: nobody waited it out."""
    finished = datetime.fromisoformat(log[-1]["ts"])
    assert finished < lease_until, f"completed at {finished}, the lease lapsed at {lease_until}"


async def test_a_killed_server_restarted_resumes_its_runs_before_their_leases_lapse(
    db_url: str, tmp_path: Path
) -> None:
    server = ServerProcess(tmp_path, PLANLOOP_DATABASE_URL=db_url, **ENV)
    await asyncio.to_thread(server.start)
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as c:
            ids = [await start_run(c, max_iterations=8, checkpoint_interval=8) for _ in range(3)]
            await wait_for(lambda: _all_mid_flight(db_url, ids), what="every run mid-flight")
            server.kill()
            killed = await _runs(db_url, ids)
            assert server.proc is not None
            for status, owner, _ in killed.values():  # mid-flight, leased to the dead one
                assert status == "running" and owner and _pid(owner) == server.proc.pid
            await asyncio.to_thread(server.start)
            logs = await asyncio.gather(*(run_until(c, i, "complete") for i in ids))
        for run_id, log in zip(ids, logs, strict=True):
            _assert_clean(log)
            until = killed[run_id][2]
            assert until is not None
            _assert_taken_over(log, until)
    finally:
        server.stop()


async def test_three_replicas_one_killed_the_others_take_its_runs_at_once(
    db_url: str, tmp_path: Path
) -> None:
    replicas = []
    for name in "abc":
        (tmp_path / name).mkdir()
        replicas.append(ServerProcess(tmp_path / name, PLANLOOP_DATABASE_URL=db_url, **ENV))
    for proc in replicas:
        await asyncio.to_thread(proc.start)
    try:
        ids: list[str] = []
        cookies: dict[str, str] = {}
        for proc in replicas:  # each replica executes the runs it created
            async with httpx.AsyncClient(base_url=proc.url, timeout=30, cookies=cookies) as c:
                ids += [await start_run(c, max_iterations=8, checkpoint_interval=8) for _ in "xy"]
                cookies = dict(c.cookies)  # one session: its cookie works on every replica
        await wait_for(lambda: _all_mid_flight(db_url, ids), what="every run mid-flight")
        # Kill a replica that executes runs (usually each executes the two it created, but
        # another's sweep may have claimed one first).
        leases = await _runs(db_url, ids)
        holders = {_pid(owner) for _, owner, _ in leases.values() if owner}
        victim = next(p for p in replicas if p.proc is not None and p.proc.pid in holders)
        assert victim.proc is not None
        victim_pid = victim.proc.pid
        # Its runs as leased just before the kill: read after it, they may already have been
        # taken over (that takes a fraction of a second).
        orphans = [i for i, (_, owner, _) in leases.items() if owner and _pid(owner) == victim_pid]
        victim.kill()
        killed = await _runs(db_url, ids)
        assert orphans, "the killed replica executed none of the runs"
        assert all(status == "running" for status, _, _ in killed.values())
        survivor = next(p for p in replicas if p is not victim)
        async with httpx.AsyncClient(base_url=survivor.url, timeout=30, cookies=cookies) as c:
            finished = await asyncio.gather(*(run_until(c, i, "complete") for i in ids))
        logs = dict(zip(ids, finished, strict=True))
        for log in logs.values():
            _assert_clean(log)
        for run_id in orphans:
            until = leases[run_id][2]
            assert until is not None
            _assert_taken_over(logs[run_id], until)
    finally:
        for proc in replicas:
            proc.stop()


async def _cut_presence(url: str, pid: int) -> None:
    """End the database session holding the presence lock of the server with this pid, as
    a network fault would: the server lives on, but it is no longer present."""
    conn = await asyncpg.connect(url)
    try:
        ended = await conn.fetchval(
            "SELECT bool_and(pg_terminate_backend(l.pid)) FROM pg_locks l JOIN workers w"
            " ON l.objid = w.lock_key WHERE split_part(w.worker, ':', 2) = $1"
            " AND l.locktype = 'advisory' AND l.classid = $2 AND l.objsubid = 2 AND l.granted"
            " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            str(pid),
            PRESENCE_LOCKS,
        )
    finally:
        await conn.close()
    assert ended, f"no session held the presence lock of process {pid}"


async def test_a_server_that_loses_its_presence_stops_then_claims_its_runs_again(
    db_url: str, tmp_path: Path
) -> None:
    server = ServerProcess(tmp_path, PLANLOOP_DATABASE_URL=db_url, **ENV)
    server.log_level = "info"
    await asyncio.to_thread(server.start)
    try:
        async with httpx.AsyncClient(base_url=server.url, timeout=30) as c:
            ids = [await start_run(c, max_iterations=8, checkpoint_interval=8) for _ in range(3)]
            await wait_for(lambda: _all_mid_flight(db_url, ids), what="every run mid-flight")
            before = await _runs(db_url, ids)
            assert server.proc is not None
            await _cut_presence(db_url, server.proc.pid)
            said = server.log_path.read_text
            await wait_for(lambda: "presence in the database lost" in said(), what="noticed")
            await wait_for(lambda: "presence in the database regained" in said(), what="back")
            logs = await asyncio.gather(*(run_until(c, i, "complete") for i in ids))
        for run_id, log in zip(ids, logs, strict=True):
            _assert_clean(log)
            until = before[run_id][2]
            assert until is not None
            _assert_taken_over(log, until)  # released when it came back, not left to lapse
    finally:
        server.stop()
