"""The broker's idle clock: one timer wakes every idle subscriber, none is woken early."""

from __future__ import annotations

import asyncio
import time

import pytest

from planloop.engine.broker import Broker, Subscription
from planloop.events import StoredEvent
from tests.factories import stored
from tests.waiting import wait_for

pytestmark = pytest.mark.timeout(20)


def event(seq: int, run_id: str = "r") -> StoredEvent:
    return stored(seq, run_id)


async def test_an_idle_wait_ends_with_timeout_after_its_time_and_not_before() -> None:
    broker = Broker()
    sub = broker.subscribe("r")
    t0 = time.monotonic()
    with pytest.raises(TimeoutError):
        await sub.get(0.3)
    assert time.monotonic() - t0 >= 0.3
    sub.close()


async def test_many_idle_subscribers_share_one_timer_and_all_wake() -> None:
    broker = Broker()
    subs = [broker.subscribe(f"r{i % 7}") for i in range(200)]

    async def wait(sub: Subscription) -> str:
        try:
            await sub.get(0.2)
        except TimeoutError:
            return "timeout"
        return "event"

    waits = [asyncio.create_task(wait(s)) for s in subs]
    await wait_for(lambda: sum(len(v) for v in broker.clock._slots.values()) == 200)
    filed = sum(len(v) for v in broker.clock._slots.values())
    assert filed == 200 and broker.clock._timer is not None  # one handle for all of them
    assert await asyncio.gather(*waits) == ["timeout"] * 200
    assert broker.clock._slots == {} and broker.clock._timer is None  # nothing left armed


async def test_an_event_ends_the_wait_and_a_later_wait_still_times_out() -> None:
    broker = Broker()
    sub = broker.subscribe("r")
    getting = asyncio.create_task(sub.get(0.2))
    await asyncio.sleep(0.01)
    broker.publish([event(1)])
    got = await getting
    assert got is not None and got.seq == 1
    with pytest.raises(TimeoutError):
        await sub.get(0.2)


async def test_a_closed_subscriber_left_in_a_slot_is_skipped() -> None:
    broker = Broker()
    gone, stays = broker.subscribe("r"), broker.subscribe("r")
    ending = asyncio.create_task(gone.get(0.1))
    await asyncio.sleep(0.01)
    ending.cancel()  # the client went away mid-wait
    gone.close()
    with pytest.raises(TimeoutError):
        await stays.get(0.15)
    assert ending.cancelled()
