"""PostgreSQL round trips per commit (issue 19, target 2): a transaction's plain writes
wait and go to the server together, as one statement, before its next read or check or
before COMMIT. An iteration's commit (its plan, its events and their NOTIFY, its run) was
three statements after its check; now it is one."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest

from planloop.errors import LimitExceeded
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


async def test_a_creation_is_one_statement_without_begin_or_commit(pg_url: str) -> None:
    """A creation without an Idempotency-Key: the cap's count, the run, its first event
    and their NOTIFY, one round trip in all (it was five: BEGIN, the owner's lock, the
    count, the writes, COMMIT)."""
    store, sent = await _store(pg_url)
    listener = await asyncpg.connect(pg_url)
    heard: list[str] = []
    await listener.add_listener(CHANNEL, lambda _c, _pid, _ch, note: heard.append(note))
    try:
        for run_id in ("r0", "r1"):  # the first teaches asyncpg the statement's types
            run = make_run(run_id, lease_holder="w")
            sent.clear()
            async with store.transaction() as tx:
                await tx.admit_run(run.id, run.owner, 2)
                await tx.append(run, [IterationProgress(iteration=1, message="first")])
                await tx.put_run(run)
        statements = list(sent)
        saved = await store.get_run("r1")
        events = await store.events_after("r1", 0)
        await wait_for(lambda: "r1 1" in heard, what="the creation's NOTIFY")
    finally:
        await listener.close()
        await store.close()
    assert len(statements) == 1, statements
    assert "planloop_admit_run(" in statements[0] and "pg_notify(" in statements[0]
    assert saved is not None and saved.lease_holder == "w" and [e.seq for e in events] == [1]
    assert heard == ["r0 1", "r1 1"]


async def test_the_cap_holds_for_creations_at_once_and_a_refusal_leaves_nothing(
    pg_url: str,
) -> None:
    store = PostgresStore(pg_url, min_size=4, max_size=4)
    await store.open()

    async def create(n: int, *, read_first: bool = False) -> str:
        run = make_run(f"r{n}", "o1")
        async with store.transaction() as tx:
            await tx.admit_run(run.id, run.owner, 3)
            if read_first:  # a keyed creation reads its key: the count goes before it
                await tx.get_run("nope")
            await tx.append(run, [IterationProgress(iteration=1, message="first")])
            await tx.put_run(run)
        return run.id

    try:
        done = await asyncio.gather(
            *(create(n, read_first=n % 2 == 1) for n in range(8)), return_exceptions=True
        )
        made = [d for d in done if isinstance(d, str)]
        refused = [d for d in done if isinstance(d, LimitExceeded)]
        assert len(made) == 3 and len(refused) == 5, done
        assert "3 active runs" in str(refused[0])
        assert await store.count_active_runs("o1") == 3
        for n in range(8):
            saved = await store.get_run(f"r{n}")
            assert (saved is not None) == (f"r{n}" in made)
            assert bool(await store.events_after(f"r{n}", 0)) == (f"r{n}" in made)
        # the refused ones' connections went back to the pool clean: all four work
        assert len(await asyncio.gather(*(store.get_run("r0") for _ in range(8)))) == 8
        async with store.transaction() as tx:  # another owner has a cap of its own
            await tx.admit_run("other", "o2", 3)
            await tx.put_run(make_run("other", "o2"))
        assert await store.get_run("other") is not None
    finally:
        await store.close()
