"""What both backends do alike, written once over the statements of :mod:`planloop.store.sql`.

:class:`SqlTransaction` and :class:`SqlStore` implement the :class:`~planloop.store.base`
protocols on top of a few primitives each backend supplies: how a transaction reads, writes
and checks (both hold writes back and send them together: SQLite in trips to its writer
thread, PostgreSQL as one statement), and how the store reads and writes outside a
transaction (SQLite: its reader connection, or its writer under the write lock;
PostgreSQL: the pool).
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from datetime import datetime
from typing import Any, ClassVar

from planloop.domain import Checkpoint, Run, RunStatus, iso, utcnow
from planloop.events import EventBody, StoredEvent
from planloop.store.base import (
    EntityRecord,
    IdempotencyRecord,
    PlanVersion,
    ShareRecord,
    WebhookDelivery,
    WebhookOutcome,
    session_full,
    stamp,
)
from planloop.store.rows import (
    entity_from_row,
    first_count,
    first_run,
    idempotency_from_row,
    plan_from_row,
    run_from_row,
    share_from_row,
    webhook_from_row,
)
from planloop.store.sql import TERMINAL, WAITING, Statements

Rows = Sequence[Sequence[Any]]
IDS_PER_READ = 500  # ids one read of a list of runs takes, at most


def numbered(
    run: Run, bodies: Sequence[EventBody], at: Sequence[str] | None = None
) -> list[StoredEvent]:
    """The events of ``bodies`` as the run's next ones (advances ``run.last_seq``), stamped
    ``at`` (events written behind keep the time they happened) or now."""
    stamps = at if at else [iso(utcnow())] * len(bodies)
    stored = []
    for ts, body in zip(stamps, bodies, strict=True):
        run.last_seq += 1
        stored.append(StoredEvent.build(run.id, run.last_seq, ts, body))
    return stored


class SqlTransaction:
    """A :class:`~planloop.store.base.Transaction` over a backend's primitives."""

    __slots__ = ()
    sql: ClassVar[Statements]

    async def _rows(self, sql: str, params: Sequence[Any]) -> Rows:
        """The rows of a read, after every write before it."""
        raise NotImplementedError

    async def _write(self, sql: str, params: Sequence[Any]) -> None:
        raise NotImplementedError

    async def _write_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        raise NotImplementedError

    async def _check(self, sql: str, params: Sequence[Any]) -> None:
        """Raise :class:`~planloop.store.base.RunChanged` (now, or at the latest when the
        transaction commits, before anything is written) unless ``sql`` finds a row."""
        raise NotImplementedError

    async def _insert_events(self, events: Sequence[StoredEvent]) -> None:
        """Write one commit's events (all of one run, in seq order)."""
        rows = [(e.run_id, e.seq, e.type, e.ts, e.payload) for e in events]
        await self._write_many(self.sql.append, rows)

    async def _counting(self, owner: str) -> None:
        """About to count ``owner``'s active runs, so as to create one."""

    async def get_run(self, run_id: str) -> Run | None:
        return first_run(await self._rows(self.sql.lock_run, (run_id,)))

    async def check_run(self, run: Run, worker: str) -> None:
        await self._check(self.sql.check_run, (run.id, run.revision, worker))

    async def put_run(self, run: Run) -> None:
        run.updated_at = utcnow()
        run.revision += 1
        await self._write(self.sql.put_run, self.sql.run_values(run))
        await self._write(self.sql.put_head, self.sql.head_values(run))

    async def put_seq(self, run: Run) -> None:
        run.revision += 1
        await self._write(self.sql.put_seq, (run.last_seq, run.revision, run.id))

    async def append(
        self, run: Run, bodies: Sequence[EventBody], at: Sequence[str] | None = None
    ) -> list[StoredEvent]:
        if not bodies:
            return []
        stored = numbered(run, bodies, at)
        await self._insert_events(stored)
        return stored

    async def count_active_runs(self, owner: str) -> int:
        await self._counting(owner)
        return first_count(await self._rows(self.sql.count_active, (owner, *TERMINAL)))

    async def admit_run(self, run_id: str, owner: str, cap: int) -> None:
        if await self.count_active_runs(owner) >= cap:
            raise session_full(cap)

    async def get_checkpoint(self, run_id: str, number: int) -> Checkpoint | None:
        found = await self._rows(self.sql.get_checkpoint, (run_id, number))
        return Checkpoint.model_validate_json(found[0][0]) if found else None

    async def checkpoints_between(
        self, run_id: str, first: int, last: int
    ) -> dict[int, Checkpoint]:
        found = await self._rows(self.sql.checkpoints_between, (run_id, first, last))
        return {int(n): Checkpoint.model_validate_json(body) for n, body in found}

    async def put_checkpoint(self, checkpoint: Checkpoint) -> None:
        await self._write(
            self.sql.put_checkpoint,
            (
                checkpoint.run_id,
                checkpoint.number,
                checkpoint.status.value,
                self.sql.timestamp(checkpoint.expires_at),
                checkpoint.model_dump_json(),
            ),
        )

    async def put_entity(self, record: EntityRecord) -> None:
        ts = self.sql.timestamp(record.created_at)
        await self._write(
            self.sql.put_entity, (record.name, record.run_id, record.owner, record.goal, ts)
        )

    async def put_plan(self, run_id: str, iteration: int, plan: str) -> None:
        params = (run_id, iteration, plan, stamp(utcnow()), run_id, iteration)
        await self._write(self.sql.put_plan, params)

    async def get_plan(self, run_id: str, iteration: int) -> PlanVersion | None:
        rows = await self._rows(self.sql.get_plan, (run_id, iteration))
        return plan_from_row(rows[0]) if rows else None

    async def put_share(self, record: ShareRecord) -> None:
        await self._write(self.sql.put_share, self.sql.share_values(record))

    async def get_share(self, token_hash: str) -> ShareRecord | None:
        rows = await self._rows(self.sql.lock_share, (token_hash,))
        return share_from_row(rows[0]) if rows else None

    async def revoke_share(
        self, owner: str, run_id: str, token_id: str, at: datetime
    ) -> ShareRecord | None:
        params = (self.sql.timestamp(at), owner, run_id, token_id)
        rows = await self._rows(self.sql.revoke_share, params)
        return share_from_row(rows[0]) if rows else None

    async def put_idempotency(self, record: IdempotencyRecord) -> bool:
        await self._write(self.sql.purge_idempotency, (self.sql.timestamp(record.created_at),))
        rows = await self._rows(self.sql.put_idempotency, self.sql.idempotency_values(record))
        return bool(rows)

    async def put_webhooks(self, deliveries: Sequence[WebhookDelivery]) -> None:
        if deliveries:
            rows = [self.sql.webhook_values(d) for d in deliveries]
            await self._write_many(self.sql.put_webhook, rows)


class SqlStore:
    """The reads and lease writes of a :class:`~planloop.store.base.Store`."""

    sql: ClassVar[Statements]

    async def _read(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        """Rows of a committed read, outside any transaction."""
        raise NotImplementedError

    async def _change(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        """One write outside any transaction, committed at once; the rows it returns."""
        raise NotImplementedError

    async def _count_changed(self, sql: str, params: Sequence[Any]) -> int:
        """Like :meth:`_change`: how many rows it changed."""
        raise NotImplementedError

    def transaction(self) -> AbstractAsyncContextManager[SqlTransaction]:
        raise NotImplementedError

    async def _commit_behind(self, run: Run, worker: str, events: Sequence[StoredEvent]) -> None:
        """Commit ``events`` (numbered already) behind ``run``'s fence, with whatever other
        runs add at the same time: the backend's group commit (sqlite_batch.py,
        postgres_batch.py); ``run.revision`` advances once they are in."""
        raise NotImplementedError

    async def add_events(
        self, run: Run, worker: str, bodies: Sequence[EventBody], at: Sequence[str]
    ) -> list[StoredEvent]:
        last = run.last_seq
        events = numbered(run, bodies, at)
        try:
            await self._commit_behind(run, worker, events)
        except Exception:
            run.last_seq = last
            raise
        return events

    async def get_run(self, run_id: str) -> Run | None:
        return first_run(await self._read(self.sql.get_run, (run_id,)))

    async def run_owner(self, run_id: str) -> str | None:
        rows = await self._read(self.sql.run_owner, (run_id,))
        return str(rows[0][0]) if rows else None

    async def log_head(self, run_id: str) -> tuple[int, RunStatus] | None:
        rows = await self._read(self.sql.log_head, (run_id,))
        return (int(rows[0][0]), RunStatus(rows[0][1])) if rows else None

    async def list_runs(self, owner: str, *, limit: int = 100) -> list[Run]:
        rows = await self._read(self.sql.list_runs, (owner, limit))
        return [run_from_row(r) for r in rows]

    async def count_active_runs(self, owner: str) -> int:
        return first_count(await self._read(self.sql.count_active, (owner, *TERMINAL)))

    async def unfinished(self, run_ids: Sequence[str]) -> set[str]:
        found: set[str] = set()
        for start in range(0, len(run_ids), IDS_PER_READ):
            ids = self.sql.ids(run_ids[start : start + IDS_PER_READ])
            rows = await self._read(self.sql.unfinished, (ids, *TERMINAL))
            found.update(str(r[0]) for r in rows)
        return found

    async def status_counts(self) -> dict[str, int]:
        return {r[0]: int(r[1]) for r in await self._read(self.sql.status_counts)}

    async def events_after(
        self, run_id: str, after_seq: int, limit: int = 500
    ) -> list[StoredEvent]:
        rows = await self._read(self.sql.events_after, (run_id, after_seq, limit))
        return [StoredEvent(run_id, r[0], r[1], r[2], r[3]) for r in rows]

    async def list_checkpoints(self, run_id: str) -> list[Checkpoint]:
        rows = await self._read(self.sql.list_checkpoints, (run_id,))
        return [Checkpoint.model_validate_json(r[0]) for r in rows]

    async def get_plan(self, run_id: str, iteration: int) -> PlanVersion | None:
        rows = await self._read(self.sql.get_plan, (run_id, iteration))
        return plan_from_row(rows[0]) if rows else None

    async def plans(self, run_id: str, up_to: int) -> list[PlanVersion]:
        latest: dict[int, PlanVersion] = {}
        for row in await self._read(self.sql.plans, (run_id, up_to)):
            version = plan_from_row(row)
            latest[version.iteration] = version  # ordered by revision: the last wins
        return list(latest.values())

    async def due_checkpoints(self, now: datetime) -> list[tuple[str, int]]:
        rows = await self._read(self.sql.due_checkpoints, (WAITING, self.sql.timestamp(now)))
        return [(r[0], int(r[1])) for r in rows]

    async def claim(
        self, worker: str, now: datetime, until: datetime, limit: int, run_id: str | None = None
    ) -> list[str]:
        ts = self.sql.timestamp
        if run_id is None:
            rows = await self._change(self.sql.claim_any, (worker, ts(until), ts(now), limit))
        else:
            params = (worker, ts(until), ts(now), run_id, limit)
            rows = await self._change(self.sql.claim_one, params)
        return [r[0] for r in rows]

    async def runnable(self, now: datetime, limit: int) -> list[str]:
        rows = await self._read(self.sql.runnable, (self.sql.timestamp(now), limit))
        return [r[0] for r in rows]

    async def orphans(self, limit: int) -> list[str]:
        return [r[0] for r in await self._read(self.sql.orphans, (limit,))]

    async def renew(self, run_ids: Sequence[str], worker: str, until: datetime) -> set[str]:
        kept: set[str] = set()
        for start in range(0, len(run_ids), IDS_PER_READ):
            ids = self.sql.ids(run_ids[start : start + IDS_PER_READ])
            rows = await self._change(self.sql.renew, (self.sql.timestamp(until), worker, ids))
            kept.update(str(r[0]) for r in rows)
        return kept

    async def release(self, run_id: str, worker: str) -> None:
        await self._change(self.sql.release, (run_id, worker))

    async def release_all(self, worker: str | None = None) -> None:
        if worker is None:
            await self._change(self.sql.release_all)
        else:
            await self._change(self.sql.release_worker, (worker,))

    async def entity_by_goal(self, owner: str, goal: str) -> EntityRecord | None:
        rows = await self._read(self.sql.entity_by_goal, (owner, goal))
        return entity_from_row(rows[0]) if rows else None

    async def share(self, token_hash: str) -> ShareRecord | None:
        rows = await self._read(self.sql.get_share, (token_hash,))
        return share_from_row(rows[0]) if rows else None

    async def shares_of(self, run_id: str) -> list[ShareRecord]:
        return [share_from_row(r) for r in await self._read(self.sql.shares_of, (run_id,))]

    async def touch_share(self, token_hash: str, at: datetime) -> None:
        await self._change(self.sql.touch_share, (self.sql.timestamp(at), token_hash))

    async def idempotency(self, owner: str, key: str, now: datetime) -> IdempotencyRecord | None:
        rows = await self._read(self.sql.get_idempotency, (owner, key, self.sql.timestamp(now)))
        return idempotency_from_row(rows[0]) if rows else None

    async def claim_webhooks(
        self, worker: str, now: datetime, until: datetime, limit: int
    ) -> list[WebhookDelivery]:
        ts = self.sql.timestamp
        params = (worker, ts(until), ts(now), ts(now), limit)
        return [webhook_from_row(r) for r in await self._change(self.sql.claim_webhooks, params)]

    async def finish_webhook(self, delivery_id: str, worker: str, outcome: WebhookOutcome) -> bool:
        params = (*self.sql.outcome_values(outcome), delivery_id, worker)
        return await self._count_changed(self.sql.finish_webhook, params) == 1

    async def release_webhooks(self) -> None:
        await self._change(self.sql.release_webhooks)

    async def webhooks_of(self, run_id: str) -> list[WebhookDelivery]:
        return [webhook_from_row(r) for r in await self._read(self.sql.webhooks_of, (run_id,))]
