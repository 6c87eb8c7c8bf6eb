"""SQLite: what one write transaction can do, and the row readers it shares with the store.

The store (sqlite.py) opens the transaction (``BEGIN IMMEDIATE`` on its one writer
connection) and commits or rolls it back; this is the work in between.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import aiosqlite

from planloop.domain import TERMINAL_STATUSES, Checkpoint, Run, iso, utcnow
from planloop.events import EventBody, StoredEvent
from planloop.store.base import EntityRecord, stamp

_TERMINAL = tuple(s.value for s in TERMINAL_STATUSES)
_TERMINAL_SQL = ",".join("?" for _ in _TERMINAL)


class SqliteTransaction:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn

    async def get_run(self, run_id: str) -> Run | None:
        return await load_run(self._conn, run_id)

    async def put_run(self, run: Run) -> None:
        run.updated_at = utcnow()
        await self._conn.execute(
            "INSERT INTO runs (id, owner, conversation, status, created_at, updated_at,"
            " lease_owner, lease_expires_at, body) VALUES (?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET status=excluded.status,"
            " updated_at=excluded.updated_at, lease_owner=excluded.lease_owner,"
            " lease_expires_at=excluded.lease_expires_at, body=excluded.body",
            (
                run.id,
                run.owner,
                run.conversation,
                run.status.value,
                stamp(run.created_at),
                stamp(run.updated_at),
                run.lease_owner,
                stamp(run.lease_expires_at) if run.lease_expires_at else None,
                run.model_dump_json(),
            ),
        )

    async def append(
        self, run: Run, bodies: Sequence[EventBody], at: Sequence[str] | None = None
    ) -> list[StoredEvent]:
        now = iso(utcnow())
        stored = []
        for i, body in enumerate(bodies):
            run.last_seq += 1
            stored.append(StoredEvent.build(run.id, run.last_seq, at[i] if at else now, body))
        await self._conn.executemany(
            "INSERT INTO events (run_id, seq, type, ts, payload) VALUES (?,?,?,?,?)",
            [(e.run_id, e.seq, e.type, e.ts, e.payload) for e in stored],
        )
        return stored

    async def count_active_runs(self, owner: str) -> int:
        return await count_active(self._conn, owner)

    async def get_checkpoint(self, run_id: str, number: int) -> Checkpoint | None:
        found = list(
            await self._conn.execute_fetchall(
                "SELECT body FROM checkpoints WHERE run_id=? AND number=?", (run_id, number)
            )
        )
        row = found[0] if found else None
        return Checkpoint.model_validate_json(row[0]) if row else None

    async def put_checkpoint(self, checkpoint: Checkpoint) -> None:
        await self._conn.execute(
            "INSERT INTO checkpoints (run_id, number, status, expires_at, body)"
            " VALUES (?,?,?,?,?) ON CONFLICT(run_id, number) DO UPDATE SET"
            " status=excluded.status, expires_at=excluded.expires_at, body=excluded.body",
            (
                checkpoint.run_id,
                checkpoint.number,
                checkpoint.status.value,
                stamp(checkpoint.expires_at),
                checkpoint.model_dump_json(),
            ),
        )

    async def put_entity(self, record: EntityRecord) -> None:
        await self._conn.execute(
            "INSERT INTO entities (name, run_id, owner, goal, created_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT DO NOTHING",
            (record.name, record.run_id, record.owner, record.goal, stamp(record.created_at)),
        )


async def load_run(conn: aiosqlite.Connection, run_id: str) -> Run | None:
    found = list(
        await conn.execute_fetchall(
            "SELECT body, lease_owner, lease_expires_at FROM runs WHERE id=?", (run_id,)
        )
    )
    row = found[0] if found else None
    if row is None:
        return None
    # Leases change in their own columns (claim/renew/release); the columns are the truth.
    run = Run.model_validate_json(row[0])
    run.lease_owner = row[1]
    run.lease_expires_at = datetime.fromisoformat(row[2]) if row[2] else None
    return run


async def count_active(conn: aiosqlite.Connection, owner: str) -> int:
    found = list(
        await conn.execute_fetchall(
            f"SELECT COUNT(*) FROM runs WHERE owner=? AND status NOT IN ({_TERMINAL_SQL})",  # noqa: S608
            (owner, *_TERMINAL),
        )
    )
    row = found[0] if found else None
    return int(row[0]) if row else 0
