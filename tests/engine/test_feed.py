"""The feed: subscribe, replay, de-duplicate; lagging subscribers fall back to the store."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from planloop.domain import Run
from planloop.engine.broker import FRESH_EVENTS, FRESH_RUNS, Broker
from planloop.engine.feed import Feed, follow
from planloop.events import Complete
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run, started, stored

pytestmark = pytest.mark.timeout(20)


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[SqliteStore]:
    opened = SqliteStore(f"sqlite:///{tmp_path / 'f.db'}")
    await opened.open()
    try:
        yield opened
    finally:
        await opened.close()


def _run() -> Run:
    return make_run("r", "o", iterations=1)


async def _emit(store: SqliteStore, broker: Broker, run: Run, n: int, *, end: bool = False) -> None:
    for i in range(n):
        async with store.transaction() as tx:
            bodies = [started(i, of=n)]
            stored = await tx.append(run, bodies)
            await tx.put_run(run)
        broker.publish(stored)
    if end:
        async with store.transaction() as tx:
            stored = await tx.append(run, [Complete(status="completed")])
            await tx.put_run(run)
        broker.publish(stored)


async def test_replay_then_live_without_gaps_or_duplicates(store: SqliteStore) -> None:
    broker = Broker()
    run = _run()
    await _emit(store, broker, run, 5)
    seen: list[int] = []

    async def consume() -> None:
        async for ev in follow(store, broker, "r", after_seq=2):
            seen.append(ev.seq)

    task = asyncio.create_task(consume())
    await asyncio.sleep(0.05)
    await _emit(store, broker, run, 5, end=True)
    await asyncio.wait_for(task, 5)
    assert seen == list(range(3, 12))
    assert broker.subscriber_count() == 0  # the subscription is closed at the end


async def test_lagging_subscriber_recovers_from_the_store(store: SqliteStore) -> None:
    broker = Broker(queue_limit=3)
    run = _run()
    feed = follow(store, broker, "r")
    await _emit(store, broker, run, 1)
    first = await anext(feed)  # replayed
    # now the consumer stalls while many events are published: its queue overflows
    await _emit(store, broker, run, 20, end=True)
    rest = [ev.seq async for ev in feed]
    assert [first.seq, *rest] == list(range(1, 23))


async def test_events_already_here_are_taken_at_once_but_never_the_end(store: SqliteStore) -> None:
    """What a stream sends together with the event it just took (planloop.api.sse): the
    events of one commit, in order; never one out of order, and never the run's end (whether
    more follows it is read first)."""
    broker = Broker()
    run = _run()
    feed = Feed(store, broker, "r")
    await _emit(store, broker, run, 2)
    assert feed.take_ready() is None  # the replay is a read: next() does it
    assert (await feed.next()).seq == 1  # type: ignore[union-attr]
    assert [feed.take_ready().seq, feed.take_ready()] == [2, None]  # type: ignore[union-attr]
    async with store.transaction() as tx:
        bodies = [started(3), started(4), Complete(status="completed")]
        one_commit = await tx.append(run, bodies)
        await tx.put_run(run)
    broker.publish(one_commit)
    taken = [feed.take_ready(), feed.take_ready(), feed.take_ready()]
    assert [e.seq if e else None for e in taken] == [3, 4, None]
    end = await feed.next()
    assert end is not None and end.is_terminal and end.seq == 5
    assert feed.take_ready() is None and feed.done


async def test_an_event_after_a_gap_is_not_taken_at_once(store: SqliteStore) -> None:
    broker = Broker()
    run = _run()
    feed = Feed(store, broker, "r")
    await _emit(store, broker, run, 1)
    assert (await feed.next()).seq == 1  # type: ignore[union-attr]
    async with store.transaction() as tx:
        missed = await tx.append(run, [started(2)])
        await tx.put_run(run)
    await _emit(store, broker, run, 1)  # seq 3 arrives live; seq 2 never did
    assert missed[0].seq == 2
    assert feed.take_ready() is None  # the store has seq 2: next() reads it
    assert [(await feed.next()).seq, (await feed.next()).seq] == [2, 3]  # type: ignore[union-attr]


class CountingReads(SqliteStore):
    """Real SQLite that counts the feed's reads of the log."""

    reads = 0

    async def events_after(self, run_id: str, after_seq: int, limit: int = 500) -> Any:
        self.reads += 1
        return await super().events_after(run_id, after_seq, limit)


async def test_a_run_created_here_gives_its_first_feed_its_log_without_a_read(
    tmp_path: Path,
) -> None:
    store = CountingReads(f"sqlite:///{tmp_path / 'c.db'}")
    await store.open()
    try:
        broker = Broker()
        run = _run()
        broker.keep_fresh("r")
        await _emit(store, broker, run, 3)
        first = Feed(store, broker, "r")
        got = [await first.next(0.5) for _ in range(3)]
        await _emit(store, broker, run, 1)  # live, after the kept ones
        got.append(await first.next(0.5))
        assert [e.seq for e in got if e is not None] == [1, 2, 3, 4]
        assert store.reads == 0
        second = Feed(store, broker, "r")  # taken once: a second tab reads the store
        assert (await second.next(0.5)) is not None and store.reads == 1
        first.close()
        second.close()
    finally:
        await store.close()


def test_what_is_kept_for_a_new_run_is_whole_and_bounded() -> None:
    broker = Broker()
    broker.keep_fresh("a")
    broker.keep_fresh("b")
    broker.keep_fresh("c")
    events = [stored(n, "a") for n in (1, 2)]
    broker.publish(events)
    broker.publish([stored(2, "b")])  # seq 1 never came: not whole
    long = [stored(n, "c") for n in range(1, FRESH_EVENTS + 2)]
    broker.publish(long)
    assert broker.take_fresh("a") == events
    assert broker.take_fresh("a") is None  # once
    assert broker.take_fresh("b") is None
    assert broker.take_fresh("c") is None  # more than FRESH_EVENTS: read instead
    for n in range(FRESH_RUNS + 1):
        broker.keep_fresh(f"run{n}")
    assert broker.take_fresh("run0") is None and broker.take_fresh("run1") == []
