"""The Engine's event log as its watchers read it: a run's events from any point, live
after the stored ones, and the end of every open stream when the server stops.

A part of :class:`~planloop.engine.runs.Engine` (it inherits them), kept in a room of its
own: nothing here writes.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import TYPE_CHECKING

from planloop.domain import Run
from planloop.engine.feed import Feed, check_resume, follow
from planloop.errors import NotFound
from planloop.events import StoredEvent

if TYPE_CHECKING:
    from planloop.engine.broker import Broker
    from planloop.store import Store

# At shutdown: how long open streams get to finish their responses.
END_WITHIN_S = 2.0


class EventLog:
    """What a run's watchers read (mixed into the Engine)."""

    if TYPE_CHECKING:
        _store: Store
        _broker: Broker

        async def check_owner(self, owner: str, run_id: str) -> None: ...

    def follow(self, run_id: str, after_seq: int = 0) -> AsyncIterator[StoredEvent]:
        return follow(self._store, self._broker, run_id, after_seq)

    def feed(self, run_id: str, after_seq: int = 0) -> Feed:
        """Events after ``after_seq``, one at a time, with a timeout (for streams)."""
        return Feed(self._store, self._broker, run_id, after_seq)

    async def open_feed(self, owner: str, run_id: str, after_seq: int = 0) -> Feed:
        """:meth:`feed` for ``owner``'s stream: NotFound unless the run is theirs, and a
        resume point past its last event refused (:func:`check_resume`)."""
        await self.check_owner(owner, run_id)
        head = await self._store.log_head(run_id) if after_seq else None
        if head is not None:
            check_resume(run_id, after_seq, *head)
        return self.feed(run_id, after_seq)

    async def recent_events(self, run: Run, limit: int) -> list[StoredEvent]:
        """The run's last ``limit`` events, oldest first."""
        return await self._store.events_after(run.id, max(0, run.last_seq - limit), limit)

    async def checkpoint_reached(self, run_id: str, number: int) -> StoredEvent:
        """The latest ``checkpoint_reached`` event of checkpoint ``number`` — its latest
        revision's, once changes were requested (NotFound if the run never reached it)."""
        after, found = 0, None
        while batch := await self._store.events_after(run_id, after, 500):
            for event in batch:
                if event.type == "checkpoint_reached" and event.data["checkpoint_number"] == number:
                    found = event  # the latest: a revised checkpoint is reached again
            after = batch[-1].seq
        if found is None:
            raise NotFound(f"checkpoint {number} of run {run_id} was never reached")
        return found

    async def end_streams(self, within_s: float = END_WITHIN_S) -> None:
        """Finish every open stream's response (the server is stopping): each sends what
        it has and ends, and its client reconnects with Last-Event-ID. Under uvicorn none
        are left by the app's shutdown (it closes its connections first); granian waits
        for the responses before it shuts the app down, so a parked stream held its worker
        until it was killed (10 s), and the engine's own stop never ran."""
        await self._broker.end_all(within_s)
