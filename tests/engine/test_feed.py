"""The feed: subscribe, replay, de-duplicate; lagging subscribers fall back to the store."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from planloop.domain import Run
from planloop.engine.broker import Broker
from planloop.engine.feed import follow
from planloop.events import Complete
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run, started

pytestmark = pytest.mark.timeout(20)


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


async def test_replay_then_live_without_gaps_or_duplicates(tmp_path: Path) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path / 'f.db'}")
    await store.open()
    broker = Broker()
    run = _run()
    try:
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
    finally:
        await store.close()


async def test_lagging_subscriber_recovers_from_the_store(tmp_path: Path) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path / 'f.db'}")
    await store.open()
    broker = Broker(queue_limit=3)
    run = _run()
    try:
        feed = follow(store, broker, "r")
        await _emit(store, broker, run, 1)
        first = await anext(feed)  # replayed
        # now the consumer stalls while many events are published: its queue overflows
        await _emit(store, broker, run, 20, end=True)
        rest = [ev.seq async for ev in feed]
        assert [first.seq, *rest] == list(range(1, 23))
    finally:
        await store.close()
