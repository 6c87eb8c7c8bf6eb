"""The broker's end at a stop: every subscription ends after what it holds, later ones too,
and ``end_all`` returns once the subscribers are gone (their streams finished)."""

from __future__ import annotations

import asyncio
import logging

import pytest

from planloop.engine.broker import Broker, Subscription
from tests.factories import stored

pytestmark = pytest.mark.timeout(20)


async def drain(sub: Subscription) -> list[int]:
    """What a stream does: take events until the subscription ends, then let go."""
    seqs: list[int] = []
    try:
        while True:
            event = await sub.get(30)
            assert event is not None
            seqs.append(event.seq)
    except StopAsyncIteration:
        sub.close()
    return seqs


async def test_end_all_ends_each_subscription_after_what_it_holds() -> None:
    broker = Broker()
    waiting, holding = broker.subscribe("a"), broker.subscribe("b")
    broker.publish([stored(1, "b"), stored(2, "b")])
    readers = [asyncio.create_task(drain(s)) for s in (waiting, holding)]
    await asyncio.sleep(0)
    await broker.end_all(5)
    assert broker.subscriber_count() == 0
    assert [r.result() for r in readers] == [[], [1, 2]]


async def test_a_subscription_made_during_a_stop_ends_too() -> None:
    broker = Broker()
    await broker.end_all(5)  # nobody subscribed: returns at once
    late = broker.subscribe("a")
    with pytest.raises(StopAsyncIteration):
        await late.get(30)


async def test_end_all_gives_up_on_a_subscriber_that_never_leaves(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """It gives up, and says so: the stop that follows waits on that stream."""
    broker = Broker()
    broker.subscribe("run-7")  # a stream that never reads again
    with caplog.at_level(logging.WARNING, logger="planloop"):
        await broker.end_all(0.2)
    assert broker.subscriber_count() == 1
    assert "1 stream(s) still open 0.2 s after they were told to end (runs: run-7)" in (
        caplog.messages
    )
