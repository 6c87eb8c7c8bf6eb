"""PostgreSQL round trips per commit (issue 19, target 2): a transaction's plain writes
and its checks (the run's fence, the owner's cap) wait and go to the server together, as
one statement, before its next read or at the end. An iteration's commit (its check, its
plan, its events and their NOTIFY, its run) was BEGIN, the check, three writes and
COMMIT; then BEGIN, the check, one write and COMMIT; now it is one statement."""

from __future__ import annotations

import asyncio
import json

import asyncpg
import pytest

from planloop.errors import LimitExceeded
from planloop.events import IterationProgress
from planloop.store import RunChanged
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


async def _listening(pg_url: str) -> tuple[asyncpg.Connection, list[str]]:
    """A connection listening on the events' channel, and the notes it hears."""
    listener = await asyncpg.connect(pg_url)
    heard: list[str] = []
    await listener.add_listener(CHANNEL, lambda _c, _pid, _ch, note: heard.append(note))
    return listener, heard


def _statements(sent: list[str]) -> list[str]:
    """What went to the server but asyncpg's own look-ups of types (and the JIT setting
    it turns off around the first)."""
    return [
        q
        for q in sent
        if not q.startswith("WITH RECURSIVE typeinfo") and "set_config('jit'" not in q
    ]


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
    listener, heard = await _listening(pg_url)
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
        statements = _statements(sent)
        plan = await store.get_plan("r1", 1)
        events = await store.events_after("r1", 0)
        saved = await store.get_run("r1")
        await wait_for(lambda: heard, what="the commit's NOTIFY")
    finally:
        await listener.close()
        await store.close()
    # no BEGIN, no check of its own, no COMMIT: the check is the query, the writes its
    # WITH parts, run after it
    assert len(statements) == 1, statements
    assert statements[0].startswith("WITH w0 AS (INSERT INTO plan_versions")
    assert "SELECT planloop_check_run(" in statements[0]
    assert plan is not None and plan.plan == "# Plan\n\nVersion 1." and plan.revision == 1
    assert [e.seq for e in events] == [1, 2]
    assert saved is not None and saved.revision == run.revision and saved.last_seq == 2
    assert heard == ["r1 1"]  # told once, on commit, of the first new seq


async def test_a_lost_fence_in_the_one_statement_writes_nothing_and_tells_nobody(
    pg_url: str,
) -> None:
    """The check raises inside the statement: none of its WITH parts lands, its NOTIFY is
    never sent, and the caller gets RunChanged, as from a check of its own."""
    store, sent = await _store(pg_url)
    listener, heard = await _listening(pg_url)
    try:
        run = make_run("r1", lease_holder="w")
        async with store.transaction() as tx:
            await tx.put_run(run)
        kept = run.model_copy(deep=True)
        async with store.transaction() as tx:  # someone else saves the run meanwhile
            await tx.put_run(run)
        sent.clear()
        with pytest.raises(RunChanged):
            async with store.transaction() as tx:
                await tx.check_run(kept, "w")
                await tx.put_plan(kept.id, 1, "# Plan")
                await tx.append(kept, [IterationProgress(iteration=1, message="lost")])
                await tx.put_run(kept)
        statements = _statements(sent)
        plan = await store.get_plan("r1", 1)
        events = await store.events_after("r1", 0)
        saved = await store.get_run("r1")
        await listener.execute("SELECT pg_notify($1, 'marker')", CHANNEL)
        await wait_for(lambda: "marker" in heard, what="a NOTIFY sent after the failure")
    finally:
        await listener.close()
        await store.close()
    assert len(statements) == 1 and "planloop_check_run(" in statements[0], statements
    assert plan is None and events == []
    assert saved is not None and saved.revision == run.revision and saved.last_seq == 0
    assert heard == ["marker"]  # the failed commit's NOTIFY never went out


async def test_of_two_commits_from_one_copy_at_once_only_one_lands(pg_url: str) -> None:
    """The check locks the run's rows as it did on its own: the second statement waits
    for the first, then finds the revision moved and writes nothing."""
    store = PostgresStore(pg_url, min_size=2, max_size=2)
    await store.open()
    try:
        run = make_run("r1", lease_holder="w")
        async with store.transaction() as tx:
            await tx.put_run(run)

        async def commit(message: str) -> str:
            kept = run.model_copy(deep=True)
            async with store.transaction() as tx:
                await tx.check_run(kept, "w")
                await tx.append(kept, [IterationProgress(iteration=1, message=message)])
                await tx.put_run(kept)
            return message

        done = await asyncio.gather(*(commit(m) for m in ("a", "b")), return_exceptions=True)
        events = await store.events_after("r1", 0)
        saved = await store.get_run("r1")
    finally:
        await store.close()
    landed = [d for d in done if isinstance(d, str)]
    assert len(landed) == 1 and sum(isinstance(d, RunChanged) for d in done) == 1, done
    assert [(e.seq, json.loads(e.payload)["message"]) for e in events] == [(1, landed[0])]
    assert saved is not None and saved.revision == run.revision + 1 and saved.last_seq == 1


async def test_a_check_goes_before_a_read_that_follows_it(pg_url: str) -> None:
    """A fenced transaction that reads checks its run first: a lost fence ends it at
    the read, before anything is read or written."""
    store, sent = await _store(pg_url)
    try:
        run = make_run("r1", lease_holder="w")
        async with store.transaction() as tx:
            await tx.put_run(run)
        async with store.transaction() as tx:
            await tx.check_run(run, "w")
            checkpoint = await tx.get_checkpoint(run.id, 1)
            await tx.put_run(run)
        kept = run.model_copy(deep=True)
        kept.revision -= 1  # a copy from before that commit
        sent.clear()
        with pytest.raises(RunChanged):
            async with store.transaction() as tx:
                await tx.check_run(kept, "w")
                await tx.get_checkpoint(kept.id, 1)
        statements = _statements(sent)
        saved = await store.get_run("r1")
    finally:
        await store.close()
    assert checkpoint is None
    assert statements[:2] == ["BEGIN", "SELECT planloop_check_run($1, $2, $3)"], statements
    assert not any(q.startswith("SELECT body FROM checkpoints") for q in statements)
    assert saved is not None and saved.revision == run.revision


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
    listener, heard = await _listening(pg_url)
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
