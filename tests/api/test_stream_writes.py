"""How a stream writes: the events of one commit go out in one write, each in order."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from starlette.types import Message

from planloop.api.sse import EventStream
from planloop.engine.broker import Broker
from planloop.engine.feed import Feed
from planloop.events import Complete, StoredEvent
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run, started

pytestmark = pytest.mark.timeout(20)


def _frame(event: StoredEvent) -> bytes:
    return _frame_of(event.seq, event.type)


async def test_one_commits_events_go_out_in_one_write(tmp_path: Path) -> None:
    store = SqliteStore(f"sqlite:///{tmp_path / 'w.db'}")
    await store.open()
    broker = Broker()
    run = make_run("r", "o", iterations=3)
    bodies: list[bytes] = []
    wrote = asyncio.Event()
    leave = asyncio.Event()

    async def send(message: Message) -> None:
        if message["type"] == "http.response.body" and message.get("body"):
            bodies.append(message["body"])
            wrote.set()

    async def receive() -> Message:
        await leave.wait()
        return {"type": "http.disconnect"}

    async def commit(*events: object) -> None:
        async with store.transaction() as tx:
            stored = await tx.append(run, list(events))  # type: ignore[arg-type]
            await tx.put_run(run)
        broker.publish(stored)

    async def next_write() -> bytes:
        await asyncio.wait_for(wrote.wait(), 5)
        wrote.clear()
        return bodies[-1]

    stream = EventStream(Feed(store, broker, "r"), _frame, heartbeat_s=30, send_timeout_s=5)
    scope = {"type": "http", "method": "GET", "path": "/", "headers": []}
    task = asyncio.create_task(stream(scope, receive, send))
    try:
        assert (await next_write()).startswith(b"retry:")  # the preamble
        await commit(started(1))
        assert await next_write() == _frame_of(1, "iteration_started")
        await commit(started(2), started(3), started(4))
        assert await next_write() == b"".join(
            _frame_of(seq, "iteration_started") for seq in (2, 3, 4)
        )
        await commit(started(5), Complete(status="completed"))
        # The end is never taken with what precedes it (whether more follows is read first).
        assert await next_write() == _frame_of(5, "iteration_started")
        assert await next_write() == _frame_of(6, "complete")
        await asyncio.wait_for(task, 5)  # the stream ends after the run's end
    finally:
        leave.set()
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        await store.close()


def _frame_of(seq: int, type_: str) -> bytes:
    return f"id: {seq}\nevent: {type_}\n\n".encode()
