"""Carries events committed by other processes into this process's broker.

Only needed when several processes share the database (PostgreSQL). A NOTIFY per commit
is the wake-up; a periodic poll of the newest seq of every watched run is the safety
net, so a lost notification delays an event by at most ``poll_interval_s`` and loses
nothing. Events this process wrote itself were published already; the broker's
high-water mark per run keeps them from being published twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging

from planloop.engine.broker import Broker
from planloop.store import Store

log = logging.getLogger(__name__)


class Relay:
    def __init__(self, store: Store, broker: Broker, poll_interval_s: float = 1.0) -> None:
        self.store = store
        self.broker = broker
        self.poll_interval_s = poll_interval_s
        self._poller: asyncio.Task[None] | None = None
        self._fetching: dict[str, asyncio.Task[None]] = {}
        self._again: set[str] = set()

    async def start(self) -> None:
        if self.store.exclusive:
            return
        await self.store.listen(self.hint)
        self._poller = asyncio.create_task(self._poll_forever(), name="planloop-relay")

    async def stop(self) -> None:
        tasks = [t for t in (self._poller, *self._fetching.values()) if t is not None]
        for task in tasks:
            task.cancel()
        for task in tasks:
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await task

    def hint(self, run_id: str, first_seq: int) -> None:
        """Another process committed events of ``run_id`` starting at ``first_seq``."""
        if not self.broker.subscriber_count(run_id):
            return
        if first_seq <= self.broker.seen(run_id):
            return  # ours, already published
        self._fetch(run_id, first_seq - 1)

    def _fetch(self, run_id: str, fallback_after: int) -> None:
        if run_id in self._fetching:
            # A fetch is in flight and may have read before these events were committed:
            # have it read once more rather than drop the hint (it would wait for the poll).
            self._again.add(run_id)
            return
        self._fetching[run_id] = asyncio.create_task(self._publish_after(run_id, fallback_after))

    async def _publish_after(self, run_id: str, fallback_after: int) -> None:
        try:
            while True:
                self._again.discard(run_id)
                seen = self.broker.seen(run_id)
                after = seen if seen else fallback_after
                self.broker.publish(await self.store.events_after(run_id, after))
                if run_id not in self._again:
                    return
        finally:
            self._fetching.pop(run_id, None)

    async def _poll_forever(self) -> None:
        while True:
            await asyncio.sleep(self.poll_interval_s)
            try:
                watched = self.broker.watched_runs()
                if not watched:
                    continue
                for run_id, newest in (await self.store.last_seqs(watched)).items():
                    seen = self.broker.seen(run_id)
                    if newest > seen:
                        self._fetch(run_id, seen if seen else newest - 1)
            except Exception:
                log.exception("relay poll failed")
