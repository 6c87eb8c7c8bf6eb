"""A run created here takes its first step once its client's stream has written the first
events and its reader has had a turn, or after a short wait: on one event loop the step
would otherwise hold up the stream's first event by its own CPU time, and on a machine the
client shares, the client's read of it."""

from __future__ import annotations

import asyncio
from pathlib import Path
from unittest import mock

import pytest

from planloop.engine import runs as runs_module
from planloop.engine.broker import Broker
from planloop.engine.feed import Feed
from tests.factories import stored
from tests.helpers import start_run
from tests.inprocess import running_app, wait_status

pytestmark = pytest.mark.timeout(30)


async def test_a_watch_ends_when_a_subscriber_of_the_run_waits_for_more() -> None:
    broker = Broker()
    watch = asyncio.create_task(broker.watched("a", 60))
    await asyncio.sleep(0)  # waiting before anyone subscribed
    other = broker.subscribe("b")  # another run's subscriber does not count
    other_wait = asyncio.create_task(other.get())
    sub = broker.subscribe("a")
    broker.publish([stored(1, "a")])
    for _ in range(3):
        await asyncio.sleep(0)
    assert not watch.done()  # subscribed, but its first event not taken yet
    assert (await sub.get()).seq == 1
    first_wait = asyncio.create_task(sub.get())  # taken, and waiting for the next
    assert await asyncio.wait_for(watch, 5) is True
    for task in (other_wait, first_wait):
        task.cancel()
    sub.close()
    other.close()
    assert broker._awaited == {}


async def test_a_watch_without_a_subscriber_ends_after_its_wait() -> None:
    broker = Broker()
    assert await asyncio.wait_for(broker.watched("a", 0.01), 5) is False
    assert broker._awaited == {}
    broker.subscribe("a")
    assert await asyncio.wait_for(broker.watched("a", 60), 5) is True  # watched: no wait


async def test_a_new_run_waits_for_its_stream_before_its_first_step(tmp_path: Path) -> None:
    with mock.patch.object(runs_module, "WATCHER_WAIT_S", 60.0):
        async with running_app(tmp_path, offline_step_delay_s=0) as (here, client):
            run_id = await start_run(client, max_iterations=2, checkpoint_interval=1)
            engine = here.app.state.engine
            store = engine._store
            await asyncio.sleep(0.3)  # long enough for several steps of a run left to go
            events = await store.events_after(run_id, 0, 100)
            assert [e.type for e in events] == ["planning_started"]
            feed = Feed(store, engine._broker, run_id)
            try:
                first = await feed.next(5)
                assert first is not None and first.type == "planning_started"
                kinds = []
                while "checkpoint_reached" not in kinds:
                    event = await feed.next(5)
                    assert event is not None, kinds  # the run goes on once watched
                    kinds.append(event.type)
                assert kinds[0] == "iteration_started"
            finally:
                feed.close()


async def test_a_new_run_nobody_watches_starts_after_the_wait(tmp_path: Path) -> None:
    with mock.patch.object(runs_module, "WATCHER_WAIT_S", 0.05):
        async with running_app(tmp_path, offline_step_delay_s=0) as (_, client):
            run_id = await start_run(client, max_iterations=2, checkpoint_interval=1)
            await wait_status(client, run_id, "awaiting_approval")


async def test_a_watched_run_gives_its_reader_a_turn_before_its_first_step(
    tmp_path: Path,
) -> None:
    """After the stream has written the first events the run still waits READER_TURN_S
    (here made long, so its absence shows); the next events come after it."""
    turn = 0.6
    with (
        mock.patch.object(runs_module, "WATCHER_WAIT_S", 60.0),
        mock.patch.object(runs_module, "READER_TURN_S", turn),
    ):
        async with running_app(tmp_path, offline_step_delay_s=0) as (here, client):
            run_id = await start_run(client, max_iterations=2, checkpoint_interval=1)
            engine = here.app.state.engine
            store = engine._store
            feed = Feed(store, engine._broker, run_id)
            try:
                first = await feed.next(5)
                assert first is not None and first.type == "planning_started"
                waiting = asyncio.create_task(feed.next(10))  # taken, waiting for more
                await asyncio.sleep(turn / 3)
                assert not waiting.done()
                assert [e.type for e in await store.events_after(run_id, 0, 100)] == [
                    "planning_started"
                ]
                event = await waiting
                assert event is not None and event.type == "iteration_started"
            finally:
                feed.close()
