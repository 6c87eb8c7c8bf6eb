"""PostgreSQL round trips per commit (issue 19, target 2): a transaction's plain writes
wait and go to the server together, as one statement, before its next read or check or
before COMMIT. An iteration's commit (its plan, its events and their NOTIFY, its run) was
three statements after its check; now it is one."""

from __future__ import annotations

import asyncpg
import pytest

from planloop.events import IterationProgress
from planloop.store.postgres import CHANNEL, PostgresStore
from tests.factories import make_run
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(30)


async def _store(url: str) -> tuple[PostgresStore, list[str]]:
    """A store of one connection, and the statements it sends, as sent."""
    store = PostgresStore(url, min_size=1, max_size=1)
    await store.open()
    sent: list[str] = []
    async with store.pool.acquire() as conn:
        conn.add_query_logger(lambda record: sent.append(" ".join(record.query.split())))
    return store, sent


def _writes(sent: list[str]) -> list[str]:
    """The statements that wrote (not asyncpg's own look-ups of types, nor reads)."""
    return [
        q
        for q in sent
        if q.startswith(("INSERT", "UPDATE", "WITH", "SELECT pg_notify"))
        and not q.startswith("WITH RECURSIVE typeinfo")
    ]


async def test_an_iterations_writes_are_one_statement_and_all_land(pg_url: str) -> None:
    store, sent = await _store(pg_url)
    listener = await asyncpg.connect(pg_url)
    heard: list[str] = []
    await listener.add_listener(CHANNEL, lambda _c, _pid, _ch, note: heard.append(note))
    try:
        run = make_run("r1", lease_holder="w")
        async with store.transaction() as tx:
            await tx.put_run(run)
        sent.clear()
        async with store.transaction() as tx:
            await tx.check_run(run, "w")
            await tx.put_plan(run.id, 1, "# Plan\n\nVersion 1.")
            await tx.append(
                run, [IterationProgress(iteration=1, message=m) for m in ("draft", "revise")]
            )
            await tx.put_run(run)
        writes = _writes(sent)
        plan = await store.get_plan("r1", 1)
        events = await store.events_after("r1", 0)
        saved = await store.get_run("r1")
        await wait_for(lambda: heard, what="the commit's NOTIFY")
    finally:
        await listener.close()
        await store.close()
    assert len(writes) == 1, writes  # the check went first, then the rest at once
    assert writes[0].startswith("WITH w0 AS (INSERT INTO plan_versions")
    assert plan is not None and plan.plan == "# Plan\n\nVersion 1." and plan.revision == 1
    assert [e.seq for e in events] == [1, 2]
    assert saved is not None and saved.revision == run.revision and saved.last_seq == 2
    assert heard == ["r1 1"]  # told once, on commit, of the first new seq


async def test_writes_of_one_table_keep_their_order(pg_url: str) -> None:
    """Parts of one statement cannot see each other's rows: a second write of a table
    sends the first one before it waits."""
    store, sent = await _store(pg_url)
    try:
        run = make_run("r1", lease_holder="w")
        async with store.transaction() as tx:
            await tx.put_run(run)
            run.goal = "changed in the same transaction"
            await tx.put_run(run)
            await tx.put_seq(run)
        saved = await store.get_run("r1")
    finally:
        await store.close()
    assert len(_writes(sent)) == 3
    assert saved is not None and saved.goal == "changed in the same transaction"
    assert saved.revision == run.revision == 3


async def test_writes_that_wait_are_not_sent_when_the_transaction_fails(pg_url: str) -> None:
    store, sent = await _store(pg_url)
    try:
        with pytest.raises(RuntimeError):
            async with store.transaction() as tx:
                await tx.put_run(make_run("r1"))
                raise RuntimeError("the mutation failed")
        missing = await store.get_run("r1")
    finally:
        await store.close()
    assert missing is None and _writes(sent) == []
