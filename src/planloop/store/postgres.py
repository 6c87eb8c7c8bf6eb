"""PostgreSQL backend (asyncpg): many replicas share one database.

What differs from SQLite: rows are locked with ``FOR UPDATE`` inside a transaction,
runnable runs are claimed with ``FOR UPDATE SKIP LOCKED``, and every append sends a
``NOTIFY`` (delivered on commit) so other replicas' streams wake up at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from typing import Any

import asyncpg

from planloop.domain import TERMINAL_STATUSES, Checkpoint, CheckpointStatus, Run, iso, utcnow
from planloop.events import EventBody, StoredEvent
from planloop.store.base import EntityRecord, RunChanged
from planloop.store.migrations import APPLIED
from planloop.store.postgres_schema import LEDGER, MIGRATIONS

log = logging.getLogger(__name__)

CHANNEL = "planloop_events"
_TERMINAL = [s.value for s in TERMINAL_STATUSES]

Listener = Callable[[str, int], None]


def _run(row: Any) -> Run:
    run = Run.model_validate_json(row["body"])
    run.lease_owner = row["lease_owner"]
    run.lease_expires_at = row["lease_expires_at"]
    run.revision = row["revision"]
    run.last_seq = row["last_seq"]  # put_seq saves it without the body
    return run


def _entity(row: Any) -> EntityRecord:
    return EntityRecord(
        name=row["name"],
        run_id=row["run_id"],
        owner=row["owner"],
        goal=row["goal"],
        created_at=row["created_at"],
    )


_RUN_COLUMNS = "body, lease_owner, lease_expires_at, revision, last_seq"


class PostgresTransaction:
    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn

    async def get_run(self, run_id: str) -> Run | None:
        row = await self._conn.fetchrow(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE id=$1 FOR UPDATE",  # noqa: S608
            run_id,
        )
        return _run(row) if row else None

    async def check_run(self, run: Run, lease_owner: str) -> None:
        found = await self._conn.fetchval(
            "SELECT 1 FROM runs WHERE id=$1 AND revision=$2 AND lease_owner=$3 FOR UPDATE",
            run.id,
            run.revision,
            lease_owner,
        )
        if found is None:
            raise RunChanged(f"run {run.id} was saved elsewhere since it was read")

    async def put_run(self, run: Run) -> None:
        run.updated_at = utcnow()
        run.revision += 1
        await self._conn.execute(
            "INSERT INTO runs (id, owner, conversation, status, created_at, updated_at,"
            " lease_owner, lease_expires_at, body, revision, last_seq)"
            " VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9::jsonb,$10,$11)"
            " ON CONFLICT (id) DO UPDATE SET status=EXCLUDED.status,"
            " updated_at=EXCLUDED.updated_at, lease_owner=EXCLUDED.lease_owner,"
            " lease_expires_at=EXCLUDED.lease_expires_at, body=EXCLUDED.body,"
            " revision=EXCLUDED.revision, last_seq=EXCLUDED.last_seq",
            run.id,
            run.owner,
            run.conversation,
            run.status.value,
            run.created_at,
            run.updated_at,
            run.lease_owner,
            run.lease_expires_at,
            run.model_dump_json(),
            run.revision,
            run.last_seq,
        )

    async def put_seq(self, run: Run) -> None:
        run.revision += 1
        await self._conn.execute(
            "UPDATE runs SET last_seq=$1, revision=$2 WHERE id=$3",
            run.last_seq,
            run.revision,
            run.id,
        )

    async def append(
        self, run: Run, bodies: Sequence[EventBody], at: Sequence[str] | None = None
    ) -> list[StoredEvent]:
        if not bodies:
            return []
        now = iso(utcnow())
        first = run.last_seq + 1
        stored = []
        for i, body in enumerate(bodies):
            run.last_seq += 1
            stored.append(StoredEvent.build(run.id, run.last_seq, at[i] if at else now, body))
        await self._conn.executemany(
            "INSERT INTO events (run_id, seq, type, ts, payload) VALUES ($1,$2,$3,$4,$5)",
            [(e.run_id, e.seq, e.type, e.ts, e.payload) for e in stored],
        )
        # Delivered to every listening replica when (and only if) this transaction commits.
        await self._conn.execute("SELECT pg_notify($1, $2)", CHANNEL, f"{run.id} {first}")
        return stored

    async def count_active_runs(self, owner: str) -> int:
        # Serialise concurrent creations by one owner so the cap cannot be overrun.
        await self._conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", owner)
        value = await self._conn.fetchval(
            "SELECT COUNT(*) FROM runs WHERE owner=$1 AND NOT (status = ANY($2::text[]))",
            owner,
            _TERMINAL,
        )
        return int(value or 0)

    async def get_checkpoint(self, run_id: str, number: int) -> Checkpoint | None:
        row = await self._conn.fetchrow(
            "SELECT body FROM checkpoints WHERE run_id=$1 AND number=$2 FOR UPDATE",
            run_id,
            number,
        )
        return Checkpoint.model_validate_json(row["body"]) if row else None

    async def put_checkpoint(self, checkpoint: Checkpoint) -> None:
        await self._conn.execute(
            "INSERT INTO checkpoints (run_id, number, status, expires_at, body)"
            " VALUES ($1,$2,$3,$4,$5::jsonb) ON CONFLICT (run_id, number) DO UPDATE SET"
            " status=EXCLUDED.status, expires_at=EXCLUDED.expires_at, body=EXCLUDED.body",
            checkpoint.run_id,
            checkpoint.number,
            checkpoint.status.value,
            checkpoint.expires_at,
            checkpoint.model_dump_json(),
        )

    async def put_entity(self, record: EntityRecord) -> None:
        await self._conn.execute(
            "INSERT INTO entities (name, run_id, owner, goal, created_at)"
            " VALUES ($1,$2,$3,$4,$5) ON CONFLICT DO NOTHING",
            record.name,
            record.run_id,
            record.owner,
            record.goal,
            record.created_at,
        )


class PostgresStore:
    exclusive = False

    def is_transient(self, exc: BaseException) -> bool:
        return isinstance(
            exc,
            asyncpg.PostgresConnectionError
            | asyncpg.InterfaceError
            | asyncpg.CannotConnectNowError
            | asyncpg.TooManyConnectionsError
            | asyncpg.AdminShutdownError
            | ConnectionError
            | OSError
            | TimeoutError,
        )

    def __init__(self, url: str, *, min_size: int = 2, max_size: int = 10) -> None:
        self.url = url.replace("postgresql+asyncpg://", "postgresql://", 1)
        self._pool: asyncpg.Pool | None = None
        self._min, self._max = min_size, max_size
        self._listen_conn: asyncpg.Connection | None = None
        self._listen_task: asyncio.Task[None] | None = None

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("store is not open")
        return self._pool

    async def open(self) -> None:
        self._pool = await asyncpg.create_pool(
            self.url, min_size=self._min, max_size=self._max, command_timeout=30
        )
        await _migrate(self._pool)

    async def close(self) -> None:
        if self._listen_task is not None:
            self._listen_task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._listen_task
        if self._listen_conn is not None:
            with contextlib.suppress(Exception):
                await self._listen_conn.close()
        if self._pool is not None:
            await self._pool.close()
            self._pool = None

    async def listen(self, on_event: Listener) -> None:
        """One LISTEN connection per process, re-established if it drops (a wake-up hint
        only: the relay's poll catches anything a lost notification would have said)."""

        def handler(_conn: Any, _pid: int, _channel: str, payload: str) -> None:
            run_id, _, seq = payload.rpartition(" ")
            if run_id and seq.isdigit():
                on_event(run_id, int(seq))

        async def keep_listening() -> None:
            while True:
                try:
                    conn = await asyncpg.connect(self.url)
                    self._listen_conn = conn
                    await conn.add_listener(CHANNEL, handler)
                    lost = asyncio.Event()
                    conn.add_termination_listener(lambda _c, ev=lost: ev.set())
                    await lost.wait()
                except asyncio.CancelledError:
                    raise
                except Exception as exc:
                    log.warning("LISTEN connection lost (%s); retrying", exc)
                await asyncio.sleep(1)

        self._listen_task = asyncio.create_task(keep_listening(), name="planloop-listen")

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[PostgresTransaction]:
        async with self.pool.acquire() as conn, conn.transaction():
            yield PostgresTransaction(conn)

    async def get_run(self, run_id: str) -> Run | None:
        row = await self.pool.fetchrow(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE id=$1",  # noqa: S608
            run_id,
        )
        return _run(row) if row else None

    async def run_owner(self, run_id: str) -> str | None:
        owner: str | None = await self.pool.fetchval("SELECT owner FROM runs WHERE id=$1", run_id)
        return owner

    async def list_runs(self, owner: str, *, limit: int = 100) -> list[Run]:
        rows = await self.pool.fetch(
            f"SELECT {_RUN_COLUMNS} FROM runs WHERE owner=$1"  # noqa: S608
            " ORDER BY created_at DESC, id LIMIT $2",
            owner,
            limit,
        )
        return [_run(r) for r in rows]

    async def count_active_runs(self, owner: str) -> int:
        value = await self.pool.fetchval(
            "SELECT COUNT(*) FROM runs WHERE owner=$1 AND NOT (status = ANY($2::text[]))",
            owner,
            _TERMINAL,
        )
        return int(value or 0)

    async def status_counts(self) -> dict[str, int]:
        rows = await self.pool.fetch("SELECT status, COUNT(*) AS n FROM runs GROUP BY status")
        return {r["status"]: int(r["n"]) for r in rows}

    async def last_seqs(self, run_ids: Sequence[str]) -> dict[str, int]:
        rows = await self.pool.fetch(
            "SELECT run_id, MAX(seq) AS seq FROM events WHERE run_id = ANY($1::text[])"
            " GROUP BY run_id",
            list(run_ids),
        )
        return {r["run_id"]: int(r["seq"]) for r in rows}

    async def events_after(
        self, run_id: str, after_seq: int, limit: int = 500
    ) -> list[StoredEvent]:
        rows = await self.pool.fetch(
            "SELECT seq, type, ts, payload FROM events WHERE run_id=$1 AND seq>$2"
            " ORDER BY seq LIMIT $3",
            run_id,
            after_seq,
            limit,
        )
        return [StoredEvent(run_id, r["seq"], r["type"], r["ts"], r["payload"]) for r in rows]

    async def list_checkpoints(self, run_id: str) -> list[Checkpoint]:
        rows = await self.pool.fetch(
            "SELECT body FROM checkpoints WHERE run_id=$1 ORDER BY number", run_id
        )
        return [Checkpoint.model_validate_json(r["body"]) for r in rows]

    async def due_checkpoints(self, now: datetime) -> list[tuple[str, int]]:
        rows = await self.pool.fetch(
            "SELECT run_id, number FROM checkpoints WHERE status=$1 AND expires_at<=$2"
            " ORDER BY expires_at LIMIT 500",
            CheckpointStatus.WAITING.value,
            now,
        )
        return [(r["run_id"], int(r["number"])) for r in rows]

    async def claim(
        self, owner: str, now: datetime, until: datetime, limit: int, run_id: str | None = None
    ) -> list[str]:
        only = " AND id=$5" if run_id is not None else ""
        args: list[Any] = [owner, until, now, limit]
        if run_id is not None:
            args.append(run_id)
        rows = await self.pool.fetch(
            "UPDATE runs SET lease_owner=$1, lease_expires_at=$2 WHERE id IN ("  # noqa: S608
            " SELECT id FROM runs WHERE status='running' AND"
            f" (lease_owner IS NULL OR lease_expires_at<=$3){only}"
            " ORDER BY updated_at LIMIT $4 FOR UPDATE SKIP LOCKED) RETURNING id",
            *args,
        )
        return [r["id"] for r in rows]

    async def renew(self, run_id: str, owner: str, until: datetime) -> bool:
        result = await self.pool.execute(
            "UPDATE runs SET lease_expires_at=$1 WHERE id=$2 AND lease_owner=$3",
            until,
            run_id,
            owner,
        )
        return bool(result.endswith(" 1"))

    async def release(self, run_id: str, owner: str) -> None:
        await self.pool.execute(
            "UPDATE runs SET lease_owner=NULL, lease_expires_at=NULL"
            " WHERE id=$1 AND lease_owner=$2",
            run_id,
            owner,
        )

    async def release_all(self, owner: str | None = None) -> None:
        if owner is None:
            await self.pool.execute(
                "UPDATE runs SET lease_owner=NULL, lease_expires_at=NULL"
                " WHERE lease_owner IS NOT NULL"
            )
        else:
            await self.pool.execute(
                "UPDATE runs SET lease_owner=NULL, lease_expires_at=NULL WHERE lease_owner=$1",
                owner,
            )

    async def entity_by_goal(self, owner: str, goal: str) -> EntityRecord | None:
        row = await self.pool.fetchrow(
            "SELECT name, run_id, owner, goal, created_at FROM entities"
            " WHERE owner=$1 AND goal=$2 ORDER BY created_at DESC LIMIT 1",
            owner,
            goal,
        )
        return _entity(row) if row else None


async def _migrate(pool: asyncpg.Pool) -> None:
    async with pool.acquire() as conn, conn.transaction():
        for sql in LEDGER.opening():
            await conn.execute(sql)
        applied = {r[0] for r in await conn.fetch(APPLIED)}
        for sql in LEDGER.pending(MIGRATIONS, applied):
            await conn.execute(sql)
