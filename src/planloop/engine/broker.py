"""In-process fan-out of stored events to live subscribers.

The broker is only the live tail: anything a subscriber misses (it subscribed late, its
queue overflowed) is read back from the store by the feed. So a slow subscriber never
blocks the writer and never grows without bound: on overflow it is marked lagged and
its queue is dropped.

A subscriber that waits "at most this long" (an SSE stream, for its heartbeat) is woken
by the broker's one :class:`IdleClock`, not by a timer of its own: thousands of parked
streams share one timer handle instead of holding one each.

A subscriber can also be parked instead of waiting (:meth:`Subscription.park_with`): its
read raises :class:`Parked` where it would wait, and the broker calls it back when there
is something to read (an event, its heartbeat's time, its end). A parked SSE stream so
holds no task and no future while nothing happens (planloop.api.sse).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import math
from collections import deque
from collections.abc import Callable

from planloop.events import StoredEvent

log = logging.getLogger("planloop")

FRESH_RUNS = 128
FRESH_EVENTS = 16


class Interrupted(Exception):
    """Raised in a subscriber's wait by :meth:`Subscription.interrupt`: its stream must end
    now (a share link was revoked)."""


class Parked(Exception):
    """Raised where a parked subscriber's read would wait: nothing to read now; its wake-up
    callback is called when there is."""


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
                elif sub._wake is not None:
                    sub._due = True  # its next read raises TimeoutError
                    sub._wake()
        if self._slots:
            self._arm(loop, min(self._slots))


class Subscription:
    """One subscriber's live queue. Most of the time it is empty and nobody is reading
    fast: the queue exists only while it holds something, and a wait with a timeout is a
    future filed with the broker's idle clock; a parked subscriber holds no future at all,
    only its wake-up callback (thousands of parked streams hold one each)."""

    __slots__ = (
        "_broker",
        "_due",
        "_ended",
        "_interrupted",
        "_items",
        "_slot",
        "_waiter",
        "_wake",
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
        self._wake: Callable[[], None] | None = None  # parked: called when there is a read
        self._due = False  # parked, and its wait's time came: the next read times out
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

    def _ready(self) -> None:
        """Something can be read: wake the waiting read, or call the parked one back."""
        waiter = self._waiter
        if waiter is not None:
            if not waiter.done():
                waiter.set_result(None)
        elif self._wake is not None:
            self._wake()

    def park_with(self, wake: Callable[[], None]) -> None:
        """From now on a read with nothing to read raises :class:`Parked` instead of
        waiting, and ``wake`` is called when there is something to read: it may be called
        again before anything is read (the callee takes one call as all)."""
        self._wake = wake

    async def get(self, idle_s: float | None = None) -> StoredEvent | None:
        """Next live event, or None when the subscription lagged (re-read the store).
        Raises TimeoutError when nothing came for about ``idle_s`` seconds (see IdleClock);
        :class:`Parked` instead of waiting, once parked (:meth:`park_with`)."""
        while not self._items:
            if self._ended:
                raise StopAsyncIteration
            if self._interrupted:
                raise Interrupted()
            if self.lagged:
                return None
            if self._due:
                self._due = False
                raise TimeoutError()
            if self._broker._awaited:
                self._broker._caught_up(self.run_id)
            if idle_s is not None:
                self._broker.clock.file(self, idle_s)
            if self._wake is not None:
                raise Parked()
            self._waiter = asyncio.get_running_loop().create_future()
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
        if waiter is not None:
            if not waiter.done():
                waiter.set_exception(Interrupted())
        elif self._wake is not None:
            self._wake()

    def reset(self) -> None:
        """Start afresh after a lag; the caller re-reads the store from its last seq."""
        self._items = None
        self.lagged = False

    def end(self) -> None:
        """No more events: the waiting :meth:`get` (and every later one) raises
        StopAsyncIteration once what is queued has been taken."""
        self._ended = True
        self._ready()

    def close(self) -> None:
        self._wake = None
        self._broker._remove(self)


def _each(held: Subscription | set[Subscription]) -> tuple[Subscription, ...]:
    return (held,) if isinstance(held, Subscription) else tuple(held)


def _count(held: Subscription | set[Subscription]) -> int:
    return 1 if isinstance(held, Subscription) else len(held)


class Broker:
    def __init__(self, queue_limit: int = 1000) -> None:
        # A run's subscribers: almost always one (a set of one costs a parked stream ~0.2 KB)
        self._subs: dict[str, Subscription | set[Subscription]] = {}
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

    async def watched(self, run_id: str, within_s: float) -> bool:
        """Return once a subscriber of ``run_id`` here has taken what was published and
        waits for more (its stream has written its first events), or after ``within_s``.
        True when it is watched, False when the wait ran out."""
        if run_id in self._subs:
            return True
        waiter = asyncio.get_running_loop().create_future()
        self._awaited[run_id] = waiter
        try:
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(within_s):
                    await waiter
                    return True
            return False
        finally:
            if self._awaited.get(run_id) is waiter:
                del self._awaited[run_id]

    def _caught_up(self, run_id: str) -> None:
        waiter = self._awaited.pop(run_id, None)
        if waiter is not None and not waiter.done():
            waiter.set_result(None)

    def subscribe(self, run_id: str) -> Subscription:
        sub = Subscription(self, run_id, self.queue_limit)
        held = self._subs.get(run_id)
        if held is None:
            self._subs[run_id] = sub
        elif isinstance(held, Subscription):
            self._subs[run_id] = {held, sub}
        else:
            held.add(sub)
        if self._closing:  # a client reconnecting into a stop: it is given an end too
            sub.end()
        return sub

    def publish(self, events: list[StoredEvent]) -> bool:
        """Hand committed events to their runs' subscribers; True when one was handed any
        (its stream is woken). Each subscriber is woken once, after all of them were
        handed their events: a stream sends a commit's events in one write."""
        touched: dict[Subscription, None] = {}
        for event in events:
            if self._fresh and (fresh := self._fresh.get(event.run_id)) is not None:
                self._keep(fresh, event)
            held = self._subs.get(event.run_id)
            if held is None:
                continue
            if event.seq > self._seen.get(event.run_id, 0):
                self._seen[event.run_id] = event.seq
            if isinstance(held, Subscription):
                held._push(event)
                touched[held] = None
            else:
                for sub in held:
                    sub._push(event)
                    touched[sub] = None
        for sub in touched:
            sub._ready()
        return bool(touched)

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
        for held in list(self._subs.values()):
            for sub in _each(held):
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
            held = self._subs.get(run_id)
            return 0 if held is None else _count(held)
        return sum(map(_count, self._subs.values()))

    def _remove(self, sub: Subscription) -> None:
        run_id = sub.run_id
        held = self._subs.get(run_id)
        if isinstance(held, set):
            held.discard(sub)
            if len(held) == 1:
                self._subs[run_id] = next(iter(held))
            return
        if held is not sub:
            return  # removed already
        del self._subs[run_id]
        self._seen.pop(run_id, None)
        if not self._subs and self._emptied is not None:
            self._emptied.set()
