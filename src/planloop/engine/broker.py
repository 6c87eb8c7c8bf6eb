"""In-process fan-out of stored events to live subscribers.

The broker is only the live tail: anything a subscriber misses (it subscribed late, its
queue overflowed) is read back from the store by the feed. So a slow subscriber never
blocks the writer and never grows without bound: on overflow it is marked lagged and
its queue is dropped.

A subscriber that waits "at most this long" (an SSE stream, for its heartbeat) is woken
by the broker's one :class:`IdleClock`, not by a timer of its own: thousands of parked
streams share one timer handle instead of holding one each.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections import deque

from planloop.events import StoredEvent

log = logging.getLogger("planloop")

FRESH_RUNS = 128
FRESH_EVENTS = 16


class Interrupted(Exception):
    """Raised in a subscriber's wait by :meth:`Subscription.interrupt`: its stream must end
    now (a share link was revoked)."""


class IdleClock:
    """Wakes idle subscribers with TimeoutError, on slots of ``RESOLUTION_S``.

    A subscriber is filed under the slot its wait should end in and stays filed until
    that slot comes (a busy one is not re-filed on every event): when the slot comes, a
    subscriber still waiting gets its TimeoutError; one that is busy is simply let go and
    files itself again at its next wait. So a wait ends after ``idle_s`` to
    ``idle_s + RESOLUTION_S`` of waiting, or sooner for a subscriber that was busy when
    it was filed: a heartbeat on a busy stream is harmless.
    """

    RESOLUTION_S = 0.1

    def __init__(self) -> None:
        self._slots: dict[int, list[Subscription]] = {}
        self._timer: asyncio.TimerHandle | None = None
        self._timer_slot = 0

    def file(self, sub: Subscription, idle_s: float) -> None:
        if sub._slot is not None:
            return
        loop = asyncio.get_running_loop()
        slot = math.ceil((loop.time() + idle_s) / self.RESOLUTION_S)
        sub._slot = slot
        self._slots.setdefault(slot, []).append(sub)
        if self._timer is None or slot < self._timer_slot:
            self._arm(loop, slot)

    def _arm(self, loop: asyncio.AbstractEventLoop, slot: int) -> None:
        if self._timer is not None:
            self._timer.cancel()
        self._timer_slot = slot
        self._timer = loop.call_at(slot * self.RESOLUTION_S, self._tick, loop)

    def _tick(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        now = loop.time() / self.RESOLUTION_S
        for slot in [s for s in self._slots if s <= now]:
            for sub in self._slots.pop(slot):
                if sub._slot != slot:
                    continue
                sub._slot = None
                waiter = sub._waiter
                if waiter is not None and not waiter.done():
                    waiter.set_exception(TimeoutError())
        if self._slots:
            self._arm(loop, min(self._slots))


class Subscription:
    """One subscriber's live queue. Most of the time it is empty and nobody is reading
    fast: the queue exists only while it holds something, and a wait with a timeout is a
    future filed with the broker's idle clock (thousands of parked streams hold one each)."""

    __slots__ = (
        "_broker",
        "_ended",
        "_interrupted",
        "_items",
        "_slot",
        "_waiter",
        "lagged",
        "limit",
        "run_id",
    )

    def __init__(self, broker: Broker, run_id: str, limit: int) -> None:
        self._broker = broker
        self.run_id = run_id
        self.limit = limit
        self._items: deque[StoredEvent] | None = None
        self._waiter: asyncio.Future[None] | None = None
        self._slot: int | None = None  # filed with the idle clock under this slot
        self.lagged = False
        self._interrupted = False
        self._ended = False

    def _push(self, event: StoredEvent) -> None:
        if self.lagged:
            return
        items = self._items
        if items is None:
            items = self._items = deque()
        if len(items) >= self.limit:
            self.lagged = True
            self._items = None
        else:
            items.append(event)
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    async def get(self, idle_s: float | None = None) -> StoredEvent | None:
        """Next live event, or None when the subscription lagged (re-read the store).
        Raises TimeoutError when nothing came for about ``idle_s`` seconds (see IdleClock)."""
        while not self._items:
            if self._ended:
                raise StopAsyncIteration
            if self._interrupted:
                raise Interrupted()
            if self.lagged:
                return None
            self._waiter = asyncio.get_running_loop().create_future()
            if self._broker._awaited:
                self._broker._caught_up(self.run_id)
            if idle_s is not None:
                self._broker.clock.file(self, idle_s)
            try:
                await self._waiter
            finally:
                self._waiter = None
        return self.pop()

    def peek(self) -> StoredEvent | None:
        """The next live event if one is waiting (it stays queued), else None."""
        items = self._items
        return items[0] if items else None

    def pop(self) -> StoredEvent:
        """The next live event, which is waiting (:meth:`peek`)."""
        items = self._items
        assert items
        event = items.popleft()
        if not items:
            self._items = None
        return event

    def interrupt(self) -> None:
        """End this subscriber's waiting, now and at every later wait, with Interrupted."""
        self._interrupted = True
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_exception(Interrupted())

    def reset(self) -> None:
        """Start afresh after a lag; the caller re-reads the store from its last seq."""
        self._items = None
        self.lagged = False

    def end(self) -> None:
        """No more events: the waiting :meth:`get` (and every later one) raises
        StopAsyncIteration once what is queued has been taken."""
        self._ended = True
        waiter = self._waiter
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def close(self) -> None:
        self._broker._remove(self)


class Broker:
    def __init__(self, queue_limit: int = 1000) -> None:
        self._subs: dict[str, set[Subscription]] = {}
        self._seen: dict[str, int] = {}  # newest seq published, for watched runs only
        self.queue_limit = queue_limit
        self.clock = IdleClock()
        # The first events of runs just created here, until a feed takes them: a new
        # client's first event is sent without reading the store (a few runs, a few
        # events each; anything else is read, as always).
        self._fresh: dict[str, list[StoredEvent]] = {}
        self._awaited: dict[str, asyncio.Future[None]] = {}  # runs waiting for a watcher
        self._emptied: asyncio.Event | None = None  # set when the last subscriber goes
        self._closing = False  # end_all was called: every subscription ends

    def keep_fresh(self, run_id: str) -> None:
        """Keep what is published for the new run ``run_id`` from its first event, until
        :meth:`take_fresh` (at most ``FRESH_EVENTS`` events, for the last ``FRESH_RUNS``
        runs)."""
        if len(self._fresh) >= FRESH_RUNS:
            del self._fresh[next(iter(self._fresh))]
        self._fresh[run_id] = []

    def take_fresh(self, run_id: str) -> list[StoredEvent] | None:
        """The run's log from seq 1 as published here since :meth:`keep_fresh`, once;
        None when it is not kept, or no longer whole."""
        return self._fresh.pop(run_id, None)

    def _keep(self, fresh: list[StoredEvent], event: StoredEvent) -> None:
        if len(fresh) < FRESH_EVENTS and event.seq == (fresh[-1].seq if fresh else 0) + 1:
            fresh.append(event)
        else:  # too long, or not whole: its first feed reads the store instead
            del self._fresh[event.run_id]

    async def watched(self, run_id: str, within_s: float) -> None:
        """Return once a subscriber of ``run_id`` here has taken what was published and
        waits for more (its stream has written its first events), or after ``within_s``."""
        if run_id in self._subs:
            return
        waiter = asyncio.get_running_loop().create_future()
        self._awaited[run_id] = waiter
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(within_s):
                    await waiter
        finally:
            if self._awaited.get(run_id) is waiter:
                del self._awaited[run_id]

    def _caught_up(self, run_id: str) -> None:
        waiter = self._awaited.pop(run_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def subscribe(self, run_id: str) -> Subscription:
        sub = Subscription(self, run_id, self.queue_limit)
        self._subs.setdefault(run_id, set()).add(sub)
        if self._closing:  # a client reconnecting into a stop: it is given an end too
            sub.end()
        return sub

    def publish(self, events: list[StoredEvent]) -> bool:
        """Hand committed events to their runs' subscribers; True when one was handed any
        (its stream's task is woken)."""
        pushed = False
        for event in events:
            if self._fresh and (fresh := self._fresh.get(event.run_id)) is not None:
                self._keep(fresh, event)
            subs = self._subs.get(event.run_id)
            if not subs:
                continue
            if event.seq > self._seen.get(event.run_id, 0):
                self._seen[event.run_id] = event.seq
            for sub in tuple(subs):
                sub._push(event)
            pushed = True
        return pushed

    def seen(self, run_id: str) -> int:
        """The newest seq published here for a watched run (0 when unknown)."""
        return self._seen.get(run_id, 0)

    def watched_runs(self) -> list[str]:
        return list(self._subs)

    async def end_all(self, within_s: float) -> None:
        """End every subscription: each stream sends what is queued and finishes. Returns
        once every subscriber has gone, or after ``within_s``. Later subscriptions end too."""
        self._closing = True
        if not self._subs:
            return
        self._emptied = asyncio.Event()
        for subs in self._subs.values():
            for sub in subs:
                sub.end()
        try:
            async with asyncio.timeout(within_s):
                await self._emptied.wait()
        except TimeoutError:
            log.warning(
                "%d stream(s) still open %.1f s after they were told to end (runs: %s)",
                self.subscriber_count(),
                within_s,
                ", ".join(sorted(self._subs)[:5]),
            )

    def subscriber_count(self, run_id: str | None = None) -> int:
        if run_id is not None:
            return len(self._subs.get(run_id, ()))
        return sum(len(s) for s in self._subs.values())

    def _remove(self, sub: Subscription) -> None:
        subs = self._subs.get(sub.run_id)
        if subs is not None:
            subs.discard(sub)
            if not subs:
                del self._subs[sub.run_id]
                self._seen.pop(sub.run_id, None)
                if not self._subs and self._emptied is not None:
                    self._emptied.set()
