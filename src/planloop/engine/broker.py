"""In-process fan-out of stored events to live subscribers.

The broker is only the live tail: anything a subscriber misses (it subscribed late, its
queue overflowed) is read back from the store by the feed. So a slow subscriber never
blocks the writer and never grows without bound: on overflow it is marked lagged and
its queue is dropped.
"""

from __future__ import annotations

import asyncio
from collections import deque

from planloop.events import StoredEvent


def _expire(waiter: asyncio.Future[None]) -> None:
    if not waiter.done():
        waiter.set_exception(TimeoutError())


class Subscription:
    """One subscriber's live queue. Most of the time it is empty and nobody is reading
    fast: the queue exists only while it holds something, and a wait with a timeout is a
    future plus a timer handle (thousands of parked streams each hold one)."""

    __slots__ = ("_broker", "_items", "_waiter", "lagged", "limit", "run_id")

    def __init__(self, broker: Broker, run_id: str, limit: int) -> None:
        self._broker = broker
        self.run_id = run_id
        self.limit = limit
        self._items: deque[StoredEvent] | None = None
        self._waiter: asyncio.Future[None] | None = None
        self.lagged = False

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
        Raises TimeoutError when nothing came for ``idle_s`` seconds (one timer handle, not
        an ``asyncio.timeout`` scope: cheaper for thousands of idle waits)."""
        while not self._items:
            if self.lagged:
                return None
            loop = asyncio.get_running_loop()
            waiter = self._waiter = loop.create_future()
            timer = None if idle_s is None else loop.call_later(idle_s, _expire, waiter)
            try:
                await waiter
            finally:
                self._waiter = None
                if timer is not None:
                    timer.cancel()
        items = self._items
        event = items.popleft()
        if not items:
            self._items = None
        return event

    def reset(self) -> None:
        """Start afresh after a lag; the caller re-reads the store from its last seq."""
        self._items = None
        self.lagged = False

    def close(self) -> None:
        self._broker._remove(self)


class Broker:
    def __init__(self, queue_limit: int = 1000) -> None:
        self._subs: dict[str, set[Subscription]] = {}
        self._seen: dict[str, int] = {}  # newest seq published, for watched runs only
        self.queue_limit = queue_limit

    def subscribe(self, run_id: str) -> Subscription:
        sub = Subscription(self, run_id, self.queue_limit)
        self._subs.setdefault(run_id, set()).add(sub)
        return sub

    def publish(self, events: list[StoredEvent]) -> None:
        for event in events:
            subs = self._subs.get(event.run_id)
            if not subs:
                continue
            if event.seq > self._seen.get(event.run_id, 0):
                self._seen[event.run_id] = event.seq
            for sub in tuple(subs):
                sub._push(event)

    def seen(self, run_id: str) -> int:
        """The newest seq published here for a watched run (0 when unknown)."""
        return self._seen.get(run_id, 0)

    def watched_runs(self) -> list[str]:
        return list(self._subs)

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
