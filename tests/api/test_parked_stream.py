"""A parked stream holds one task, waiting for its client to leave, and nothing else.

While nothing happens on a run, its open stream is that one task (waiting in
``receive``, as a bare ASGI app holding a response would) and its broker subscription,
which calls the stream back when there is something to send: an event, its heartbeat's
time, its end. A pump task writes the frames and ends as soon as there are none
(planloop.api.sse). Before, every open stream held a second task for the whole of its
life, and its own task waited inside the feed: ~1.9 KB more per parked stream
(docs/benchmarks.md, parked runs in one process).
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from starlette.types import Message

from planloop.api.sse import PING, EventStream
from planloop.engine.broker import Broker
from planloop.engine.feed import Feed
from planloop.events import Complete, StoredEvent
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run, started

pytestmark = pytest.mark.timeout(20)


def _frame(event: StoredEvent) -> bytes:
    return f"id: {event.seq}\nevent: {event.type}\n\n".encode()


class Client:
    """The server's side of one connection: what was written, and a way to leave."""

    def __init__(self) -> None:
        self.bodies: list[bytes] = []
        self.wrote = asyncio.Event()
        self.gone = asyncio.Event()

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.body" and message.get("body"):
            self.bodies.append(message["body"])
            self.wrote.set()

    async def receive(self) -> Message:
        await self.gone.wait()
        return {"type": "http.disconnect"}

    async def next_write(self) -> bytes:
        await asyncio.wait_for(self.wrote.wait(), 5)
        self.wrote.clear()
        return self.bodies.pop(0)


async def _parked(stream: EventStream) -> None:
    """Wait until the stream has nothing to send and its pump has ended."""
    for _ in range(500):
        if getattr(stream, "_pump", None) is None:
            return
        await asyncio.sleep(0.01)
    raise AssertionError("the stream's pump never ended")


def _new_tasks(before: set[asyncio.Task[object]]) -> set[asyncio.Task[object]]:
    """The tasks made since ``before`` was taken (the store keeps one of its own)."""
    return asyncio.all_tasks() - before  # type: ignore[operator]


@dataclass
class Opened:
    store: SqliteStore
    broker: Broker
    client: Client
    stream: EventStream
    task: asyncio.Task[None]
    before: set[asyncio.Task[object]]  # the tasks there were before the stream opened


@asynccontextmanager
async def opened(tmp_path: Path, heartbeat_s: float) -> AsyncIterator[Opened]:
    """A stream of run "r" on a real SQLite store, its preamble already written."""
    store = SqliteStore(f"sqlite:///{tmp_path / 'p.db'}")
    await store.open()
    broker = Broker()
    client = Client()
    before = asyncio.all_tasks()
    stream = EventStream(
        Feed(store, broker, "r"), _frame, heartbeat_s=heartbeat_s, send_timeout_s=5
    )
    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    task = asyncio.create_task(stream(scope, client.receive, client.send))
    try:
        assert (await client.next_write()).startswith(b"retry:")
        yield Opened(store, broker, client, stream, task, before)
    finally:
        client.gone.set()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await store.close()


async def test_a_parked_stream_is_one_task_and_wakes_for_events_heartbeats_and_its_end(
    tmp_path: Path,
) -> None:
    run = make_run("r", "o", iterations=3)
    async with opened(tmp_path, heartbeat_s=0.3) as o:

        async def commit(*events: object) -> None:
            async with o.store.transaction() as tx:
                stored = await tx.append(run, list(events))  # type: ignore[arg-type]
                await tx.put_run(run)
            o.broker.publish(stored)

        await commit(started(1))
        assert await o.client.next_write() == b"id: 1\nevent: iteration_started\n\n"
        await _parked(o.stream)
        assert _new_tasks(o.before) == {o.task}  # no pump, no task watching for the client

        await commit(started(2))  # the broker wakes it
        assert await o.client.next_write() == b"id: 2\nevent: iteration_started\n\n"
        await _parked(o.stream)
        assert _new_tasks(o.before) == {o.task}

        assert await o.client.next_write() == PING  # its heartbeat's time wakes it too
        await _parked(o.stream)
        assert _new_tasks(o.before) == {o.task}

        await commit(Complete(status="completed"))  # the end: written, and the stream ends
        assert await o.client.next_write() == b"id: 3\nevent: complete\n\n"
        await asyncio.wait_for(o.task, 5)
        assert o.broker.subscriber_count("r") == 0


async def test_a_parked_stream_whose_client_leaves_lets_go_at_once(tmp_path: Path) -> None:
    async with opened(tmp_path, heartbeat_s=30) as o:
        await _parked(o.stream)
        assert o.broker.subscriber_count("r") == 1
        o.client.gone.set()
        await asyncio.wait_for(o.task, 5)
        assert o.broker.subscriber_count("r") == 0
        assert _new_tasks(o.before) == set()


async def test_streams_of_one_run_come_and_go_in_any_order() -> None:
    """The broker holds a run's one subscriber as itself and more as a set: each one
    gets every event while it is there, whatever the order they leave in."""
    broker = Broker()
    a = broker.subscribe("r")
    b = broker.subscribe("r")
    c = broker.subscribe("r")
    events = [
        StoredEvent.build("r", seq, "2026-12-07T00:00:00Z", started(seq)) for seq in (1, 2, 3, 4)
    ]
    broker.publish(events[:1])
    b.close()
    broker.publish(events[1:2])
    a.close()
    broker.publish(events[2:3])
    assert broker.subscriber_count("r") == 1 and broker.subscriber_count() == 1
    d = broker.subscribe("r")
    broker.publish(events[3:])
    c.close()
    c.close()  # twice: nothing more
    assert broker.subscriber_count("r") == 1
    d.close()
    assert broker.subscriber_count("r") == 0 and broker.watched_runs() == []

    def seqs(sub: object) -> list[int]:
        got = []
        while (event := sub.peek()) is not None:  # type: ignore[attr-defined]
            got.append(event.seq)
            sub.pop()  # type: ignore[attr-defined]
        return got

    assert (seqs(a), seqs(b), seqs(c), seqs(d)) == ([1, 2], [1], [1, 2, 3, 4], [4])
