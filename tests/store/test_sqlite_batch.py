"""SQLite's group commit (store/sqlite_batch.py), on real files: events written behind and
transactions that read nothing, arriving while the writer is busy, share one transaction;
each keeps its fence, a refused one takes back only its own writes, a failed transaction
fails them all, and a cancelled caller waits for its group's end."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator
from datetime import timedelta
from pathlib import Path

import pytest

from planloop.domain import Run, utcnow
from planloop.store import RunChanged
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run, started

pytestmark = pytest.mark.timeout(30)
TS = "2026-01-02T03:04:05Z"


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    s = SqliteStore(f"sqlite:///{tmp_path / 'x.db'}")
    await s.open()
    yield s
    await s.close()


async def leased(store: SqliteStore, count: int) -> list[Run]:
    for n in range(count):
        async with store.transaction() as tx:
            await tx.put_run(make_run(f"r{n}"))
    now = utcnow()
    assert len(await store.claim("me", now, now + timedelta(seconds=30), count)) == count
    runs = [await store.get_run(f"r{n}") for n in range(count)]
    return [r for r in runs if r is not None]


async def statements(store: SqliteStore) -> list[str]:
    """Every statement the writer connection runs from now on."""
    seen: list[str] = []
    await store.writer.set_trace_callback(seen.append)
    return seen


async def test_calls_made_while_the_writer_is_busy_share_one_transaction(
    store: SqliteStore,
) -> None:
    runs = await leased(store, 20)
    seen = await statements(store)
    held = asyncio.Event()
    release = asyncio.Event()

    async def busy_writer() -> None:
        async with store.transaction() as tx:
            await tx.count_active_runs("me")
            held.set()
            await release.wait()

    writer = asyncio.create_task(busy_writer())
    await held.wait()
    calls = [
        asyncio.create_task(store.add_events(r, "me", [started(1), started(2)], [TS, TS]))
        for r in runs
    ]
    await asyncio.sleep(0.05)
    assert not any(c.done() for c in calls)  # all wait for the writer
    seen.clear()
    release.set()
    await writer
    await asyncio.gather(*calls)
    # the busy writer's COMMIT, then one transaction for the twenty calls
    assert seen[0] == "COMMIT"
    assert seen[1:].count("BEGIN IMMEDIATE") == 1 and seen[1:].count("COMMIT") == 1
    assert await store.last_seqs([r.id for r in runs]) == {r.id: 2 for r in runs}


async def test_a_failed_group_writes_nothing_and_fails_every_call(store: SqliteStore) -> None:
    runs = await leased(store, 3)
    # r1's next seq is taken behind its copy's back: its insert breaks the transaction.
    await store._change(
        "INSERT INTO events (run_id, seq, type, ts, payload) VALUES (?,?,?,?,?)",
        ("r1", 1, "iteration_started", TS, "{}"),
    )
    before = [(r.last_seq, r.revision) for r in runs]
    async with store._write_lock:  # the three calls queue up and go as one group
        calls = [asyncio.create_task(store.add_events(r, "me", [started(1)], [TS])) for r in runs]
        await asyncio.sleep(0.01)
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    assert all(type(o).__name__ == "IntegrityError" for o in outcomes)
    assert await store.last_seqs(["r0", "r1", "r2"]) == {"r1": 1}  # only the row put there
    assert [(r.last_seq, r.revision) for r in runs] == before  # the copies are as they were
    saved = await store.get_run("r0")
    assert saved is not None and saved.revision == runs[0].revision
    # the writer is usable again: nothing was left open
    await store.add_events(runs[0], "me", [started(1)], [TS])
    assert await store.last_seqs(["r0"]) == {"r0": 1}


async def test_a_refused_call_leaves_its_copy_as_it_was(store: SqliteStore) -> None:
    (run,) = await leased(store, 1)
    before = (run.last_seq, run.revision)
    with pytest.raises(RunChanged):
        await store.add_events(run, "someone else", [started(1)], [TS])
    assert (run.last_seq, run.revision) == before
    assert await store.events_after("r0", 0) == []


async def test_a_cancelled_caller_waits_for_its_group_to_end(store: SqliteStore) -> None:
    (run,) = await leased(store, 1)
    async with store._write_lock:  # the call waits in the queue
        call = asyncio.create_task(store.add_events(run, "me", [started(1)], [TS]))
        await asyncio.sleep(0.01)
        call.cancel()
        await asyncio.sleep(0.01)
        assert not call.done()  # its group has not committed: it is not told anything yet
    with pytest.raises(asyncio.CancelledError):
        await call
    # ended only after its group: the events are in, and a reader acting on the
    # cancellation sees them
    assert [e.seq for e in await store.events_after("r0", 0)] == [1]


async def test_close_waits_for_the_group_being_committed(tmp_path: Path) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path / 'x.db'}")
    await store.open()
    runs = await leased(store, 5)
    calls = [asyncio.create_task(store.add_events(r, "me", [started(1)], [TS])) for r in runs]
    await asyncio.sleep(0)
    await store.close()
    await asyncio.gather(*calls)
    again = SqliteStore(f"sqlite:///{tmp_path / 'x.db'}")
    await again.open()
    try:
        assert await again.last_seqs([r.id for r in runs]) == {r.id: 1 for r in runs}
    finally:
        await again.close()


async def test_two_calls_for_one_run_go_in_turn(store: SqliteStore) -> None:
    """Two holders' copies of one run, queued together with another run's call: the first
    copy's events go in, the second's fence no longer holds (it is refused, nothing of it
    written), and the other run's call is not held up or failed by either."""
    first, other = await leased(store, 2)
    second = await store.get_run(first.id)
    assert second is not None
    async with store._write_lock:
        calls = [
            asyncio.create_task(store.add_events(run, "me", [started(1)], [TS]))
            for run in (first, second, other)
        ]
        await asyncio.sleep(0.01)
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    assert not isinstance(outcomes[0], BaseException)
    assert not isinstance(outcomes[2], BaseException)
    assert isinstance(outcomes[1], RunChanged)
    assert await store.last_seqs([first.id, other.id]) == {first.id: 1, other.id: 1}
    saved = await store.get_run(first.id)
    assert saved is not None and saved.revision == first.revision


async def test_a_failed_fence_in_a_big_group_refuses_only_its_call(store: SqliteStore) -> None:
    runs = await leased(store, 40)
    stale = runs[17].model_copy()
    await store.add_events(runs[17], "me", [started(1)], [TS])  # the copy is behind now
    others = runs[:17] + runs[18:]
    async with store._write_lock:
        calls = [
            asyncio.create_task(store.add_events(r, "me", [started(r.last_seq + 1)], [TS]))
            for r in [*others, stale]
        ]
        await asyncio.sleep(0.05)
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    assert not any(isinstance(o, BaseException) for o in outcomes[:-1])
    assert isinstance(outcomes[-1], RunChanged)
    assert await store.last_seqs([r.id for r in runs]) == {r.id: 1 for r in runs}


async def test_a_call_writes_its_runs_head_not_its_row(store: SqliteStore) -> None:
    """An event-only commit changes the run's revision and last seq in run_heads; the run's
    own row, whose body fills a page, is not written."""
    runs = await leased(store, 3)
    seen = await statements(store)
    await asyncio.gather(*(store.add_events(r, "me", [started(1)], [TS]) for r in runs))
    assert any("UPDATE run_heads" in s for s in seen)
    assert not any("UPDATE runs" in s or "INTO runs" in s for s in seen)
    for run in runs:
        saved = await store.get_run(run.id)
        assert saved is not None and (saved.revision, saved.last_seq) == (run.revision, 1)


async def iterate(store: SqliteStore, run: Run, worker: str = "me") -> None:
    """A transaction as the runner commits an iteration: its run checked, not read; an
    event appended; the run saved."""
    async with store.transaction() as tx:
        await tx.check_run(run, worker)
        await tx.append(run, [started(run.last_seq + 1)], at=[TS])
        await tx.put_run(run)


async def test_transactions_that_read_nothing_share_the_group(store: SqliteStore) -> None:
    """Whole transactions that only write, made while the writer is busy, go in one
    transaction with the events written behind, each in a savepoint of its own."""
    runs = await leased(store, 6)
    seen = await statements(store)
    async with store._write_lock:  # the writer is busy: everything below queues
        calls = [asyncio.create_task(iterate(store, r)) for r in runs[:3]] + [
            asyncio.create_task(store.add_events(r, "me", [started(1)], [TS])) for r in runs[3:]
        ]
        await asyncio.sleep(0.05)
        assert not any(c.done() for c in calls)
    await asyncio.gather(*calls)
    assert seen.count("BEGIN IMMEDIATE") == 1 and seen.count("COMMIT") == 1
    assert seen.count("SAVEPOINT call") == 3 and seen.count("RELEASE call") == 3
    assert await store.last_seqs([r.id for r in runs]) == {r.id: 1 for r in runs}
    for run in runs:
        saved = await store.get_run(run.id)
        assert saved is not None and (saved.revision, saved.last_seq) == (run.revision, 1)


async def test_a_transaction_that_reads_takes_the_writer_for_itself(store: SqliteStore) -> None:
    (run,) = await leased(store, 1)
    seen = await statements(store)
    async with store.transaction() as tx:
        saved = await tx.get_run(run.id)
        assert saved is not None
        await tx.append(saved, [started(1)], at=[TS])
        await tx.put_run(saved)
    assert "SAVEPOINT call" not in seen
    assert seen.count("BEGIN IMMEDIATE") == 1 and seen[-1] == "COMMIT"
    assert [e.seq for e in await store.events_after(run.id, 0)] == [1]


async def test_a_grouped_transaction_whose_run_changed_takes_back_only_its_writes(
    store: SqliteStore,
) -> None:
    first, other = await leased(store, 2)
    stale = first.model_copy(deep=True)
    await iterate(store, first)  # the copy is behind now
    async with store._write_lock:
        calls = [asyncio.create_task(iterate(store, r)) for r in (stale, other)]
        await asyncio.sleep(0.05)
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    assert isinstance(outcomes[0], RunChanged)
    assert outcomes[1] is None
    assert [e.seq for e in await store.events_after(first.id, 0)] == [1]  # not a second
    assert [e.seq for e in await store.events_after(other.id, 0)] == [1]
    saved = await store.get_run(first.id)
    assert saved is not None and saved.revision == first.revision


async def test_a_grouped_transaction_that_breaks_a_constraint_fails_alone(
    store: SqliteStore,
) -> None:
    first, other = await leased(store, 2)
    # first's next seq is taken behind its copy's back: its insert breaks the key
    await store._change(
        "INSERT INTO events (run_id, seq, type, ts, payload) VALUES (?,?,?,?,?)",
        (first.id, 1, "iteration_started", TS, "{}"),
    )

    async def save_then_append(run: Run) -> None:
        async with store.transaction() as tx:
            await tx.check_run(run, "me")
            run.goal = "changed"
            await tx.put_run(run)  # written before the insert that fails
            await tx.append(run, [started(1)], at=[TS])

    async with store._write_lock:
        calls = [
            asyncio.create_task(save_then_append(first)),
            asyncio.create_task(iterate(store, other)),
        ]
        await asyncio.sleep(0.05)
    outcomes = await asyncio.gather(*calls, return_exceptions=True)
    assert type(outcomes[0]).__name__ == "IntegrityError"
    assert outcomes[1] is None
    saved = await store.get_run(first.id)
    assert saved is not None and saved.goal != "changed"  # its save went back with its insert
    assert [e.seq for e in await store.events_after(other.id, 0)] == [1]
    await iterate(store, other)  # the writer is usable again
    assert [e.seq for e in await store.events_after(other.id, 0)] == [1, 2]


async def test_a_small_group_commits_on_the_loop_and_a_big_one_in_the_thread(
    store: SqliteStore,
) -> None:
    """A run's start written behind is committed on the event loop, so it goes out before
    the planner's CPU work that follows; many runs' events at once go to the thread."""
    runs = await leased(store, 20)
    where: list[tuple[str, int]] = []
    await store.writer.set_trace_callback(lambda sql: where.append((sql, threading.get_ident())))
    loop_thread = threading.get_ident()

    await store.add_events(runs[0], "me", [started(1)], [TS])
    assert ("BEGIN IMMEDIATE", loop_thread) in where

    where.clear()
    async with store._write_lock:  # twenty calls queue up and go as one group
        calls = [
            asyncio.create_task(store.add_events(r, "me", [started(2), started(3)], [TS, TS]))
            for r in runs[1:]
        ]
        await asyncio.sleep(0.01)
    await asyncio.gather(*calls)
    (begin,) = [t for sql, t in where if sql == "BEGIN IMMEDIATE"]
    assert begin != loop_thread
    assert await store.last_seqs([r.id for r in runs[1:]]) == {r.id: 2 for r in runs[1:]}
