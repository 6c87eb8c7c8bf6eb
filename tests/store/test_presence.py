"""Presence on PostgreSQL (issue 19, target 3): a worker whose presence lock is gone has void
leases (others claim its runs at once) and void webhook claims (others send them at once),
and cannot commit; a live one keeps its runs and its claims."""

from __future__ import annotations

import asyncio
import os
import signal
from datetime import timedelta

import asyncpg
import pytest

from planloop.domain import Run, utcnow
from planloop.store import RunChanged, Store, WebhookDelivery
from planloop.store.postgres_schema import PRESENCE_LOCKS
from tests.factories import make_run, started
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(30)
LEASE = timedelta(seconds=30)  # never lapses within a test: only presence can void it


async def _leased_to(store: Store, worker: str) -> Run:
    async with store.transaction() as tx:
        await tx.put_run(make_run("r1"))
    now = utcnow()
    assert await store.claim(worker, now, now + LEASE, 1) == ["r1"]
    run = await store.get_run("r1")
    assert run is not None and run.lease_holder == worker
    return run


async def _commit(store: Store, run: Run, worker: str) -> None:
    async with store.transaction() as tx:
        await tx.check_run(run, worker)
        run.iteration += 1
        await tx.append(run, [started(run.iteration)])
        await tx.put_run(run)


async def _holder_pid(url: str, worker: str) -> int:
    """The server process of the session holding ``worker``'s presence lock."""
    conn = await asyncpg.connect(url)
    try:
        pid = await conn.fetchval(
            "SELECT l.pid FROM pg_locks l JOIN workers w ON l.objid = w.lock_key"
            " WHERE w.worker = $1 AND l.locktype = 'advisory' AND l.classid = $2"
            " AND l.objsubid = 2 AND l.granted"
            " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database())",
            worker,
            PRESENCE_LOCKS,
        )
    finally:
        await conn.close()
    assert pid, f"no session holds {worker}'s presence lock"
    return int(pid)


async def _cut(url: str, worker: str) -> None:
    """End the session holding ``worker``'s presence lock, as if its connection died."""
    pid = await _holder_pid(url, worker)
    conn = await asyncpg.connect(url)
    try:
        assert await conn.fetchval("SELECT pg_terminate_backend($1)", pid)
    finally:
        await conn.close()


async def test_the_leases_of_a_live_worker_hold(pg_stores: list[Store]) -> None:
    a, b = pg_stores
    await a.attend("a", lambda: None)
    await b.attend("b", lambda: None)
    kept = await _leased_to(a, "a")
    now = utcnow()
    assert await b.claim("b", now, now + LEASE, 1) == []
    assert await b.orphans(10) == [] and await b.runnable(now, 10) == []
    await _commit(a, kept, "a")  # its commits go through


async def test_a_worker_that_lost_its_presence_loses_its_runs_and_cannot_commit(
    pg_url: str, pg_stores: list[Store]
) -> None:
    a, b = pg_stores
    lost = asyncio.Event()
    await a.attend("a", lost.set)
    await b.attend("b", lambda: None)
    kept = await _leased_to(a, "a")
    await _cut(pg_url, "a")
    # Its lease has 30 s to go, yet it is void: the run is an orphan, and another takes it.
    await wait_for(lambda: b.orphans(10), what="the run of the worker that is gone")
    now = utcnow()
    assert await b.claim("b", now, now + LEASE, 1) == ["r1"]
    await wait_for(lost.is_set, what="the worker told it is gone")
    # The worker regains its presence, but the run is no longer its own: refused.
    await wait_for(lambda: a.present, what="presence regained")
    with pytest.raises(RunChanged):
        await _commit(a, kept, "a")
    after = await b.get_run("r1")
    assert after is not None and after.iteration == 0 and after.lease_holder == "b"
    assert await b.events_after("r1", 0) == []


async def test_a_slow_answer_is_not_a_lost_presence(pg_url: str, pg_stores: list[Store]) -> None:
    """A loaded machine can leave the presence probe unanswered for seconds; the server
    still holds the lock, so the process keeps its runs. Here the session's server process
    is stopped for 5 s (longer than the 3 s the probe used to get), then resumed."""
    a, b = pg_stores
    lost = asyncio.Event()
    await a.attend("a", lost.set)
    await b.attend("b", lambda: None)
    kept = await _leased_to(a, "a")
    pid = await _holder_pid(pg_url, "a")
    os.kill(pid, signal.SIGSTOP)
    try:
        await asyncio.sleep(5)  # the stall itself, not a wait for a condition
    finally:
        os.kill(pid, signal.SIGCONT)
    await _commit(a, kept, "a")  # a commit after the stall: still its run
    assert not lost.is_set() and a.present
    assert await _holder_pid(pg_url, "a") == pid  # the same session held the lock throughout
    assert await b.orphans(10) == []


async def test_a_worker_whose_presence_is_gone_cannot_commit_even_unclaimed(
    pg_url: str, pg_stores: list[Store]
) -> None:
    """The fence itself checks presence: gone, nothing it writes lands, whether or not
    another worker took its runs yet. Here the test holds the presence of worker "z" on a
    connection of its own, and closes it."""
    a, b = pg_stores
    conn = await asyncpg.connect(pg_url)
    try:
        key = await conn.fetchval("SELECT nextval('worker_keys')")
        assert await conn.fetchval("SELECT pg_try_advisory_lock($1, $2)", PRESENCE_LOCKS, key)
        await conn.execute(
            "INSERT INTO workers (worker, lock_key, started_at) VALUES ('z', $1, now())", key
        )
        kept = await _leased_to(a, "z")
        await _commit(a, kept, "z")  # present: committed
        assert await b.claim("b", utcnow(), utcnow() + LEASE, 1) == []
    finally:
        await conn.close()
    await wait_for(lambda: b.orphans(10), what="the run of the worker that is gone")
    with pytest.raises(RunChanged):
        await _commit(a, kept, "z")
    with pytest.raises(RunChanged):  # nor events written behind, in their one statement
        await a.add_events(kept, "z", [started(2)], ["2026-01-02T03:04:05Z"])
    after = await b.get_run("r1")
    assert after is not None and after.iteration == 1 and after.lease_holder == "z"
    assert [e.seq for e in await b.events_after("r1", 0)] == [1]
    # Gone, it left its run to whoever claims next, lease unexpired or not.
    assert await b.claim("b", utcnow(), utcnow() + LEASE, 1) == ["r1"]


async def test_a_worker_unknown_to_presence_keeps_its_lease_until_it_lapses(
    pg_stores: list[Store],
) -> None:
    """A process that never attends (an older version, during a rolling upgrade) is judged
    by its lease alone, as before."""
    a, b = pg_stores
    await b.attend("b", lambda: None)
    kept = await _leased_to(a, "old")
    now = utcnow()
    assert await b.claim("b", now, now + LEASE, 1) == []
    await _commit(a, kept, "old")
    later = now + LEASE + timedelta(seconds=1)
    assert await b.claim("b", later, later + LEASE, 1) == ["r1"]


async def test_the_webhook_claims_of_a_worker_that_is_gone_are_void_at_once(
    pg_url: str, pg_stores: list[Store]
) -> None:
    """A process killed while sending a webhook leaves its delivery claimed for the
    attempt's timeout and a margin; once its presence is gone, another takes it at once."""
    a, b = pg_stores
    await a.attend("a", lambda: None)
    await b.attend("b", lambda: None)
    now = utcnow()
    hook = WebhookDelivery(
        id="msg_1",
        run_id="r1",
        type="checkpoint.reached",
        target="server",
        url="http://127.0.0.1:9/h",
        payload="{}",
        created_at=now,
        next_attempt_at=now,
    )
    async with a.transaction() as tx:
        await tx.put_webhooks([hook])
    assert [h.id for h in await a.claim_webhooks("a", now, now + LEASE, 10)] == ["msg_1"]
    assert await b.claim_webhooks("b", utcnow(), utcnow() + LEASE, 10) == []  # a is alive
    await _cut(pg_url, "a")

    async def taken() -> list[str]:
        return [h.id for h in await b.claim_webhooks("b", utcnow(), utcnow() + LEASE, 10)]

    assert await wait_for(taken, what="the delivery of the worker that is gone") == ["msg_1"]
