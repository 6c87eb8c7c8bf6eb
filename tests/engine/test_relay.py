"""The relay: a notification that arrives while a fetch is in flight is not dropped.

Regression (found by bench/replicas.py): the hint was ignored while a fetch of the same run
was running, so the last events of an iteration waited for the 1 s poll.
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from planloop.engine.broker import Broker
from planloop.engine.relay import Relay
from planloop.events import StoredEvent
from tests.factories import stored

pytestmark = pytest.mark.timeout(10)


def _event(seq: int) -> StoredEvent:
    return stored(seq, ts="t")


class SlowLog:
    """Another replica's commits, as seen by a slow read: the first read returns what was
    committed when it started, while more is committed meanwhile."""

    exclusive = False

    def __init__(self) -> None:
        self.committed = [_event(1)]
        self.reads = 0
        self.reading = asyncio.Event()

    async def events_after(self, run_id: str, after: int, limit: int = 500) -> list[StoredEvent]:
        self.reads += 1
        snapshot = [e for e in self.committed if e.seq > after]
        self.reading.set()
        await asyncio.sleep(0.05)
        return snapshot

    def __getattr__(self, name: str) -> Any:
        raise AttributeError(name)


async def test_a_hint_during_a_fetch_triggers_another_read() -> None:
    log = SlowLog()
    broker = Broker()
    sub = broker.subscribe("r")
    relay = Relay(log, broker)  # type: ignore[arg-type]
    relay.hint("r", 1)
    await log.reading.wait()
    log.committed.append(_event(2))  # committed while the first read is in flight
    relay.hint("r", 2)
    got = [await asyncio.wait_for(sub.get(), 2) for _ in range(2)]
    assert [e.seq for e in got if e is not None] == [1, 2]
    assert log.reads == 2
    sub.close()
