"""A run's event feed: replay from the store, then the live tail; no gaps, no duplicates.

Subscribe first, then replay, then de-duplicate by seq: an event published between the
two is seen twice and dropped once; an event the live tail skipped (a lag, or a gap in
what arrived) is read back from the store. The feed ends after the run's ``complete``;
a feed that resumes at or past the ``complete`` of an ended run hands that ``complete``
out again and ends.

:class:`Feed` hands out one event at a time and can wait a while (``None`` back:
nothing happened, time for a heartbeat) without tearing anything down, so a stream needs
no extra task for its heartbeats. :func:`follow` is the same as an async iterator.
"""

from __future__ import annotations

from collections import deque
from collections.abc import AsyncIterator, Callable

from planloop.domain import TERMINAL_STATUSES, RunStatus
from planloop.engine.broker import Broker
from planloop.engine.broker import Parked as Parked  # what a parked feed raises (see the broker)
from planloop.errors import InvalidInput
from planloop.events import StoredEvent
from planloop.store import Store

REPLAY_BATCH = 500


def check_resume(run_id: str, after_seq: int, last_seq: int, status: RunStatus) -> None:
    """Refuse a resume point past an unfinished run's last event: a client can only have
    seen what was stored, so it holds a wrong or stale id, and the run's next events would
    be dropped as already seen. (Past an ended run's end its ``complete`` comes again.)"""
    if after_seq > last_seq and status not in TERMINAL_STATUSES:
        raise InvalidInput(
            f"Last-Event-ID {after_seq} is past run {run_id}'s last event ({last_seq});"
            " reconnect without it to read the run from the start",
            code="last_event_id_ahead",
        )


class Feed:
    __slots__ = ("_buffer", "_replay", "_resumed", "_store", "_sub", "done", "last", "run_id")

    def __init__(self, store: Store, broker: Broker, run_id: str, after_seq: int = 0) -> None:
        self._store = store
        self._sub = broker.subscribe(run_id)
        self.run_id = run_id
        self.last = after_seq
        self._buffer: deque[StoredEvent] | None = None  # replayed, not yet handed out
        self._replay = True
        self._resumed = after_seq > 0  # checked once: has the client seen the end already?
        self.done = False
        # A run created here: its log so far as published, taken with the subscription
        # (nothing is published between the two), so the first events need no read.
        fresh = broker.take_fresh(run_id) if after_seq == 0 else None
        if fresh:
            self._buffer = deque(fresh)
            self._replay = False

    async def next(self, idle_s: float | None = None) -> StoredEvent | None:
        """The next event; ``None`` when nothing happened for ``idle_s`` seconds (time for a
        heartbeat; the feed stays intact). Raises StopAsyncIteration after the last event."""
        while True:
            buffer = self._buffer
            if buffer:
                event = buffer.popleft()
                if not buffer:
                    self._buffer = None
                return await self._hand_out(event)
            if self.done:
                raise StopAsyncIteration
            if self._replay:
                batch = await self._store.events_after(self.run_id, self.last, REPLAY_BATCH)
                if batch:
                    self._buffer = deque(batch)
                elif self._resumed:
                    ended = await self._seen_end()
                    if ended is not None:
                        return ended
                self._resumed = False
                self._replay = len(batch) == REPLAY_BATCH
                continue
            try:
                live = await self._sub.get(idle_s)
            except TimeoutError:
                return None
            if live is None:  # lagged: its queue was dropped; read the store instead
                self._sub.reset()
                self._replay = True
            elif live.seq == self.last + 1:
                return await self._hand_out(live)
            elif live.seq > self.last + 1:  # a gap: the store has what is missing
                self._replay = True

    def take_ready(self) -> StoredEvent | None:
        """The next event if it is here already and needs no reading to hand out, else
        None (then :meth:`next`): what a stream sends with the event it just took, in one
        write. The end of a run is never taken here (whether more follows is read)."""
        if self.done:
            return None
        buffer = self._buffer
        event: StoredEvent | None
        if buffer:
            event = buffer[0]
        elif not self._replay:
            event = self._sub.peek()
            while event is not None and event.seq <= self.last:  # replayed already
                self._sub.pop()
                event = self._sub.peek()
        else:
            return None
        if event is None or event.seq != self.last + 1 or event.is_terminal:
            return None
        if buffer:
            buffer.popleft()
            if not buffer:
                self._buffer = None
        else:
            self._sub.pop()
        self.last = event.seq
        return event

    async def _seen_end(self) -> StoredEvent | None:
        """A client resuming at or past the end of an ended run has seen everything: it
        gets the run's ``complete`` again (its own seq; a client that saw it drops it) and
        the feed ends, instead of a stream that stays open with heartbeats and never says
        anything (an EventSource reconnecting after ``complete`` hung on it forever)."""
        last = (await self._store.last_seqs([self.run_id])).get(self.run_id, 0)
        if last == 0 or last > self.last:
            return None
        tail = await self._store.events_after(self.run_id, last - 1, 1)
        if not tail or not tail[0].is_terminal:
            return None  # the run goes on (or was retried): wait for what comes
        self.done = True
        self.close()
        return tail[0]

    async def _hand_out(self, event: StoredEvent) -> StoredEvent:
        self.last = event.seq
        if event.is_terminal and not await self._continues():
            self.done = True
            self.close()
        return event

    async def _continues(self) -> bool:
        """A ``complete`` is the end unless more follows it: a failed run that was retried
        goes on after its first ``complete`` (run_resumed, the retried iterations...)."""
        if self._buffer:
            return True
        more = await self._store.events_after(self.run_id, self.last, 1)
        if more:
            self._replay = True
            return True
        return False

    def park_with(self, wake: Callable[[], None]) -> None:
        """Raise :class:`~planloop.engine.broker.Parked` from :meth:`next` instead of waiting
        for the live tail, and call ``wake`` when it has something (see the broker)."""
        self._sub.park_with(wake)

    def interrupt(self) -> None:
        """Make the waiting :meth:`next` (or the next one that would wait) raise
        :class:`~planloop.engine.broker.Interrupted`."""
        self._sub.interrupt()

    def close(self) -> None:
        self._sub.close()


async def follow(
    store: Store, broker: Broker, run_id: str, after_seq: int = 0
) -> AsyncIterator[StoredEvent]:
    feed = Feed(store, broker, run_id, after_seq)
    try:
        while True:
            try:
                event = await feed.next()
            except StopAsyncIteration:
                return
            if event is not None:
                yield event
    finally:
        feed.close()
