"""A commit's events reach the streams waiting for them before the committer goes on: a
frame waits for one turn of the loop, not for the rest of an iteration or a decision's
answer (the latency targets of docs/benchmarks.md, 'Latency against the floor'). Events
written behind are published by the outbox's writer, whose next step yields anyway."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from planloop.domain import Run, iso, utcnow
from planloop.engine.broker import Broker
from planloop.engine.ledger import Fence, Ledger
from planloop.events import EventBody, IterationProgress, RunResumed, StoredEvent
from planloop.store import Transaction
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run

pytestmark = pytest.mark.timeout(20)


async def resumed(run: Run, tx: Transaction) -> list[EventBody]:
    return [RunResumed(iteration=run.iteration)]


async def test_a_waiting_stream_has_each_commits_events_when_the_commit_returns(
    tmp_path: Path,
) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    broker = Broker()
    sub = broker.subscribe("r")
    got: list[str] = []

    async def stream() -> None:  # what a run's SSE stream does with its subscription
        while True:
            event: StoredEvent | None = await sub.get()
            assert event is not None
            got.append(event.type)

    reader = asyncio.create_task(stream())
    try:
        await asyncio.sleep(0)  # the stream waits for its run's next event
        ledger = Ledger(store, broker)
        run = await ledger.apply("r", resumed, create=make_run("r", lease_holder="w"))
        assert got == ["run_resumed"]  # a creation's commit
        behind = [(iso(utcnow()), IterationProgress(iteration=1, message="drafting"))]
        await ledger.apply("r", resumed, fence=Fence(run, "w"), earlier=behind)
        assert got == ["run_resumed", "iteration_progress", "run_resumed"]  # a runner's
        await ledger.apply("r", resumed)  # a run read in its transaction (a decision)
        assert got == ["run_resumed", "iteration_progress", "run_resumed", "run_resumed"]
    finally:
        reader.cancel()
        await store.close()


async def test_publish_says_whether_a_stream_was_handed_anything(tmp_path: Path) -> None:
    """Only a commit that woke a stream gives up its turn (``Ledger`` asks ``publish``)."""
    store = SqliteStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    try:
        ledger = Ledger(store, Broker())
        await ledger.apply("r", resumed, create=make_run("r"))
        stored = await store.events_after("r", 0)
    finally:
        await store.close()
    broker = Broker()
    assert broker.publish(stored) is False  # nobody watches run r
    broker.subscribe("other")
    assert broker.publish(stored) is False
    sub = broker.subscribe("r")
    assert broker.publish(stored) is True
    assert sub.peek() is not None
