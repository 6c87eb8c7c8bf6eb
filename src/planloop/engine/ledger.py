"""The one commit path: every change to a run is written here, and nowhere else.

A change is one store transaction that reads the run (or checks the copy the caller kept),
lets a :data:`Mutation` change it and say what happened as events, appends those events
and saves the run. Only once the transaction has committed are the events published to
live subscribers and counted, so nothing is ever sent that is not stored. The runner, the
decisions, pause/resume/cancel/retry, deadlines and run creation all go through
:meth:`Ledger.apply`; the few writes that are not a run's (a plan note's record) go
through :meth:`Ledger.record_entity` and :meth:`Ledger.write` (share links).
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from planloop import metrics
from planloop.domain import Run, iso, utcnow
from planloop.engine.broker import Broker
from planloop.engine.outbox import Stamped
from planloop.engine.webhooks import Webhooks
from planloop.errors import NotFound, shown
from planloop.events import EventBody, StoredEvent
from planloop.store import EntityRecord, Store, Transaction

Mutation = Callable[[Run, Transaction], Awaitable[list[EventBody] | None]]
"""Changes the run inside the transaction and returns the events that say so; ``None``
means nothing changed and nothing is written (an idempotent repeat, a deadline that is no
longer due)."""
T = TypeVar("T")
Admit = Callable[[Run | None], Run]
"""Checks the run just read (``None``: there is none) and returns it, or raises."""


@dataclass(frozen=True)
class Fence:
    """A runner's claim on a run: the copy its last commit left (or None: read it) and the
    worker whose lease must still hold. ``check_run`` compares revisions instead of reading
    the row again; a failed check raises ``RunChanged`` before anything is written."""

    known: Run | None
    worker: str


class Ledger:
    def __init__(self, store: Store, broker: Broker, webhooks: Webhooks | None = None) -> None:
        self.store = store
        self.broker = broker
        # The webhooks a commit's events call for are written in that commit (an outbox).
        self.webhooks = webhooks

    async def apply(
        self,
        run_id: str,
        mutate: Mutation | None,
        *,
        admit: Admit | None = None,
        fence: Fence | None = None,
        create: Run | None = None,
        earlier: Sequence[Stamped] = (),
    ) -> Run:
        """Change one run in one transaction and publish what it says after the commit.

        The run is ``create`` (a new one), ``fence.known`` (checked, not read), or read and
        passed through ``admit``. ``mutate`` of ``None`` only adds ``earlier`` (events
        written behind): then only the run's ``last_seq`` is saved, not its body."""
        if mutate is None and fence is not None and fence.known is not None and earlier:
            behind = [body for _, body in earlier]
            if self.webhooks is None or not self.webhooks.may_tell(behind):
                # Only events written behind: the store's one-trip commit of them.
                run = fence.known
                stored = await self.store.add_events(
                    run, fence.worker, behind, [ts for ts, _ in earlier]
                )
                # Published without giving up a turn: the caller is the outbox's writer,
                # whose next step waits for the store or ends (a turn per call would be
                # ~1,000 more task steps per group commit at model pacing).
                self.broker.publish(stored)
                metrics.count_events(stored)
                return run
        async with self.store.transaction() as tx:
            if create is not None:
                run = create
            elif fence is not None and fence.known is not None:
                run = fence.known
                await tx.check_run(run, fence.worker)
            else:
                loaded = await tx.get_run(run_id)
                run = admit(loaded) if admit is not None else _exists(run_id, loaded)
            bodies = await mutate(run, tx) if mutate is not None else []
            if bodies is None:
                return run
            # One append: events written behind keep their time, this commit's get now.
            now = iso(utcnow())
            stamps = [ts for ts, _ in earlier] + [now] * len(bodies)
            bodies = [body for _, body in earlier] + bodies
            stored = await tx.append(run, bodies, at=stamps) if bodies else []
            hooks = self.webhooks.deliveries(run, stored) if self.webhooks and stored else []
            if hooks:
                await tx.put_webhooks(hooks)
            if mutate is None:
                await tx.put_seq(run)
            else:
                await tx.put_run(run)
        if hooks and self.webhooks is not None:
            self.webhooks.wake()
        if stored:
            metrics.count_events(stored)
            await self._deliver(stored)
        return run

    async def _deliver(self, stored: list[StoredEvent]) -> None:
        """Publish a commit's events; when a stream was woken, let it send them before the
        committer goes on (the rest of an iteration, a decision's answer): a frame waits
        for no more than one turn of the loop."""
        if self.broker.publish(stored):
            await asyncio.sleep(0)

    async def write(self, work: Callable[[Transaction], Awaitable[T]]) -> T:
        """A write that is not a run's (a share link made or revoked): one transaction,
        no events."""
        async with self.store.transaction() as tx:
            return await work(tx)

    async def record_entity(self, record: EntityRecord) -> None:
        """Remember which memory entity holds a plan that was saved outside a run's finish
        (the original page's explicit save)."""
        async with self.store.transaction() as tx:
            await tx.put_entity(record)


def _exists(run_id: str, run: Run | None) -> Run:
    if run is None:
        raise NotFound(f"run {shown(run_id)} not found")
    return run
