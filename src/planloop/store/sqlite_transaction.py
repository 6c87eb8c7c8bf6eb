"""SQLite: what one write transaction can do, and the row readers it shares with the store.

The store (sqlite.py) opens the transaction on its one writer connection and commits or
rolls it back; this is the work in between.

Every statement aiosqlite runs is a trip to its connection's thread and back (~60 µs on
an idle 2-core machine, more when busy; docs/benchmarks.md). A transaction here makes as
few trips as it can: a write waits in the transaction and goes with the next read (a
transaction that reads what it wrote still sees it) or with the commit, and ``BEGIN
IMMEDIATE`` goes with the first trip. Loading a run, appending its events and saving it
takes two trips instead of five; checking a run (``check_run``) instead of loading it,
one.
"""

from __future__ import annotations

import functools
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import aiosqlite

from planloop.domain import TERMINAL_STATUSES, Checkpoint, Run, iso, utcnow
from planloop.events import EventBody, StoredEvent
from planloop.store.base import EntityRecord, RunChanged, stamp

_TERMINAL = tuple(s.value for s in TERMINAL_STATUSES)
_TERMINAL_SQL = ",".join("?" for _ in _TERMINAL)

T = TypeVar("T")

# How a statement is sent: once, once per row of parameters, or as a check that must
# find a row (else the transaction ends with RunChanged before anything is written).
ONCE, MANY, CHECK = "once", "many", "check"
Statement = tuple[str, Sequence[Any], str]  # sql, parameters, how


async def trip(conn: aiosqlite.Connection, work: Callable[[sqlite3.Connection], T]) -> T:
    """Run ``work`` on the connection's own thread: several statements, one trip.

    aiosqlite runs each of its own methods through ``Connection._execute``; it has no
    public way to run a batch, so this uses that one private method: pyproject.toml caps
    aiosqlite below the next minor release, and the store suite exercises it on every
    transaction.
    """
    result: T = await conn._execute(work, conn._conn)  # type: ignore[no-untyped-call]
    return result


def _send(
    db: sqlite3.Connection,
    statements: Sequence[Statement],
    query: tuple[str, Sequence[Any]] | None,
) -> list[Any]:
    """In the connection's thread: the statements in order, then the query's rows."""
    for sql, params, how in statements:
        if how == MANY:
            db.executemany(sql, params)
            continue
        cursor = db.execute(sql, params)
        if how == CHECK and cursor.fetchone() is None:
            raise RunChanged(f"run {params[0]} was saved elsewhere since it was read")
    return db.execute(*query).fetchall() if query is not None else []


class SqliteTransaction:
    __slots__ = ("_begun", "_conn", "_waiting")

    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._begun = False
        self._waiting: list[Statement] = []

    def _take(self) -> list[Statement]:
        """The writes waiting to go, after ``BEGIN IMMEDIATE`` if none has gone yet."""
        taken, self._waiting = self._waiting, []
        if not self._begun:
            self._begun = True
            taken.insert(0, ("BEGIN IMMEDIATE", (), ONCE))
        return taken

    async def _fetch(self, sql: str, params: Sequence[Any]) -> list[Any]:
        return await trip(
            self._conn, functools.partial(_send, statements=self._take(), query=(sql, params))
        )

    def _write(self, sql: str, params: Sequence[Any], how: str = ONCE) -> None:
        self._waiting.append((sql, params, how))

    async def commit(self) -> None:
        """Send what waits and commit, in one trip (none if nothing was read or written)."""
        if self._begun or self._waiting:
            statements = [*self._take(), ("COMMIT", (), ONCE)]
            await trip(self._conn, functools.partial(_send, statements=statements, query=None))

    async def get_run(self, run_id: str) -> Run | None:
        return _run(await self._fetch(_LOAD_RUN, (run_id,)))

    async def check_run(self, run: Run, lease_owner: str) -> None:
        # Sent with the writes, first after BEGIN IMMEDIATE: nothing can change the row
        # between the check and them.
        self._write(
            "SELECT 1 FROM runs WHERE id=? AND revision=? AND lease_owner=?",
            (run.id, run.revision, lease_owner),
            how=CHECK,
        )

    async def put_run(self, run: Run) -> None:
        run.updated_at = utcnow()
        run.revision += 1
        self._write(
            "INSERT INTO runs (id, owner, conversation, status, created_at, updated_at,"
            " lease_owner, lease_expires_at, body, revision, last_seq)"
            " VALUES (?,?,?,?,?,?,?,?,?,?,?)"
            " ON CONFLICT(id) DO UPDATE SET status=excluded.status,"
            " updated_at=excluded.updated_at, lease_owner=excluded.lease_owner,"
            " lease_expires_at=excluded.lease_expires_at, body=excluded.body,"
            " revision=excluded.revision, last_seq=excluded.last_seq",
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
                run.revision,
                run.last_seq,
            ),
        )

    async def put_seq(self, run: Run) -> None:
        run.revision += 1
        self._write(
            "UPDATE runs SET last_seq=?, revision=? WHERE id=?",
            (run.last_seq, run.revision, run.id),
        )

    async def append(
        self, run: Run, bodies: Sequence[EventBody], at: Sequence[str] | None = None
    ) -> list[StoredEvent]:
        now = iso(utcnow())
        stored = []
        for i, body in enumerate(bodies):
            run.last_seq += 1
            stored.append(StoredEvent.build(run.id, run.last_seq, at[i] if at else now, body))
        self._write(
            "INSERT INTO events (run_id, seq, type, ts, payload) VALUES (?,?,?,?,?)",
            [(e.run_id, e.seq, e.type, e.ts, e.payload) for e in stored],
            how=MANY,
        )
        return stored

    async def count_active_runs(self, owner: str) -> int:
        return _count(await self._fetch(_COUNT_ACTIVE, (owner, *_TERMINAL)))

    async def get_checkpoint(self, run_id: str, number: int) -> Checkpoint | None:
        found = await self._fetch(
            "SELECT body FROM checkpoints WHERE run_id=? AND number=?", (run_id, number)
        )
        row = found[0] if found else None
        return Checkpoint.model_validate_json(row[0]) if row else None

    async def put_checkpoint(self, checkpoint: Checkpoint) -> None:
        self._write(
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
        self._write(
            "INSERT INTO entities (name, run_id, owner, goal, created_at) VALUES (?,?,?,?,?)"
            " ON CONFLICT DO NOTHING",
            (record.name, record.run_id, record.owner, record.goal, stamp(record.created_at)),
        )


RUN_COLUMNS = "body, lease_owner, lease_expires_at, revision, last_seq"
_LOAD_RUN = f"SELECT {RUN_COLUMNS} FROM runs WHERE id=?"  # noqa: S608
_COUNT_ACTIVE = f"SELECT COUNT(*) FROM runs WHERE owner=? AND status NOT IN ({_TERMINAL_SQL})"  # noqa: S608


def _run(found: Sequence[Any]) -> Run | None:
    return run_from_row(found[0]) if found else None


def run_from_row(row: Sequence[Any]) -> Run:
    """A run from its ``RUN_COLUMNS``."""
    body, lease_owner, lease_expires_at, revision, last_seq = row
    # Leases (claim/renew/release) and the last seq (put_seq) change in their own columns
    # without the body; the columns are the truth.
    run = Run.model_validate_json(body)
    run.revision = revision
    run.last_seq = last_seq
    run.lease_owner = lease_owner
    run.lease_expires_at = datetime.fromisoformat(lease_expires_at) if lease_expires_at else None
    return run


def _count(found: Sequence[Any]) -> int:
    return int(found[0][0]) if found else 0


async def load_run(conn: aiosqlite.Connection, run_id: str) -> Run | None:
    return _run(list(await conn.execute_fetchall(_LOAD_RUN, (run_id,))))


async def count_active(conn: aiosqlite.Connection, owner: str) -> int:
    return _count(list(await conn.execute_fetchall(_COUNT_ACTIVE, (owner, *_TERMINAL))))
