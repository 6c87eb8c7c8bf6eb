"""SQLite backend: one writer connection (BEGIN IMMEDIATE), one reader, WAL, busy_timeout.

One server process owns a SQLite file; several processes share a PostgreSQL database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import aiosqlite

from planloop.domain import Checkpoint, CheckpointStatus, Run
from planloop.events import StoredEvent
from planloop.store.base import EntityRecord, stamp
from planloop.store.sqlite_schema import migrate
from planloop.store.sqlite_transaction import (
    RUN_COLUMNS,
    SqliteTransaction,
    count_active,
    load_run,
    run_from_row,
)

log = logging.getLogger(__name__)

WAL_CHECKPOINT_S = 1.0
WAL_SAFETY_PAGES = 8000  # ~32 MB of WAL before a commit checkpoints by itself


def sqlite_path(url: str) -> tuple[str, int]:
    """``sqlite:///./x.db`` → ``./x.db``; ``sqlite:////abs/x.db`` → ``/abs/x.db``.

    ``?busy_timeout_ms=N`` sets how long a write waits for a lock held elsewhere.
    """
    prefix = "sqlite:///"
    if not url.startswith(prefix):
        raise ValueError(f"not a sqlite URL: {url!r}")
    path, _, query = url[len(prefix) :].partition("?")
    if not path:
        raise ValueError("sqlite URL has no file path")
    options = parse_qs(query)
    busy = options.pop("busy_timeout_ms", ["5000"])[0]
    if options or not busy.isdigit():
        raise ValueError(f"unsupported sqlite URL options: {query!r}")
    return path, int(busy)


def _entity(row: Any) -> EntityRecord:
    return EntityRecord(
        name=row[0],
        run_id=row[1],
        owner=row[2],
        goal=row[3],
        created_at=datetime.fromisoformat(row[4]),
    )


class SqliteStore:
    """Writes outside transactions (claim, renew, release) are one statement each on the
    writer in autocommit mode: one trip to aiosqlite's thread, committed when it ends."""

    exclusive = True

    def is_transient(self, exc: BaseException) -> bool:
        message = str(exc).lower()
        return isinstance(exc, sqlite3.OperationalError) and (
            "locked" in message or "busy" in message
        )

    def __init__(self, url: str) -> None:
        self.path, self.busy_timeout_ms = sqlite_path(url)
        self._writer: aiosqlite.Connection | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._checkpointer: asyncio.Task[None] | None = None
        self._checkpoint_conn: aiosqlite.Connection | None = None

    async def _connect(self) -> aiosqlite.Connection:
        conn = await aiosqlite.connect(self.path, isolation_level=None)
        await conn.execute(f"PRAGMA busy_timeout={self.busy_timeout_ms}")
        await conn.execute("PRAGMA foreign_keys=ON")
        return conn

    async def open(self) -> None:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        writer = await self._connect()
        await writer.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL survives a process crash (kill -9); only an OS crash may lose the tail.
        await writer.execute("PRAGMA synchronous=NORMAL")
        # WAL checkpoints run in the background on a connection of their own (below);
        # the automatic one stays only as a safety net, so commits rarely pay for one
        # (they were the slowest commits: 7-10 ms, docs/benchmarks.md).
        await writer.execute(f"PRAGMA wal_autocheckpoint={WAL_SAFETY_PAGES}")
        await migrate(writer)
        self._writer = writer
        self._reader = await self._connect()
        if self.path != ":memory:":
            # Opened here, not inside the task: a store closed right after opening must
            # not leave a half-made connection behind.
            self._checkpoint_conn = await self._connect()
            self._checkpointer = asyncio.create_task(self._checkpoint_forever())

    async def _checkpoint_forever(self) -> None:
        conn = self._checkpoint_conn
        assert conn is not None
        while True:
            await asyncio.sleep(WAL_CHECKPOINT_S)
            try:
                await conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
            except sqlite3.Error as exc:
                log.debug("background WAL checkpoint skipped: %s", exc)

    async def close(self) -> None:
        if self._checkpointer is not None:
            self._checkpointer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._checkpointer
            self._checkpointer = None
        if self._checkpoint_conn is not None:
            await self._checkpoint_conn.close()
            self._checkpoint_conn = None
        for conn in (self._reader, self._writer):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None

    @property
    def writer(self) -> aiosqlite.Connection:
        if self._writer is None:
            raise RuntimeError("store is not open")
        return self._writer

    @property
    def reader(self) -> aiosqlite.Connection:
        if self._reader is None:
            raise RuntimeError("store is not open")
        return self._reader

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[SqliteTransaction]:
        async with self._write_lock:
            conn = self.writer
            tx = SqliteTransaction(conn)
            try:
                yield tx
                await tx.commit()
            except BaseException:
                # Queued after any trip still in aiosqlite's thread (a caller cancelled
                # while its BEGIN or COMMIT runs there), so nothing is left open for the
                # next transaction; a no-op if no transaction began or it committed.
                await asyncio.shield(conn.rollback())
                raise

    async def get_run(self, run_id: str) -> Run | None:
        return await load_run(self.reader, run_id)

    async def run_owner(self, run_id: str) -> str | None:
        rows = list(
            await self.reader.execute_fetchall("SELECT owner FROM runs WHERE id=?", (run_id,))
        )
        return str(rows[0][0]) if rows else None

    async def list_runs(self, owner: str, *, limit: int = 100) -> list[Run]:
        rows = list(
            await self.reader.execute_fetchall(
                f"SELECT {RUN_COLUMNS} FROM runs WHERE owner=?"  # noqa: S608
                " ORDER BY created_at DESC, id LIMIT ?",
                (owner, limit),
            )
        )
        return [run_from_row(r) for r in rows]

    async def count_active_runs(self, owner: str) -> int:
        return await count_active(self.reader, owner)

    async def status_counts(self) -> dict[str, int]:
        rows = list(
            await self.reader.execute_fetchall("SELECT status, COUNT(*) FROM runs GROUP BY status")
        )
        return {r[0]: int(r[1]) for r in rows}

    async def last_seqs(self, run_ids: Sequence[str]) -> dict[str, int]:
        if not run_ids:
            return {}
        marks = ",".join("?" for _ in run_ids)
        rows = list(
            await self.reader.execute_fetchall(
                f"SELECT run_id, MAX(seq) FROM events WHERE run_id IN ({marks}) GROUP BY run_id",  # noqa: S608
                tuple(run_ids),
            )
        )
        return {r[0]: int(r[1]) for r in rows}

    async def listen(self, on_event: Callable[[str, int], None]) -> None:
        """One process owns a SQLite file: every event is published by the process itself."""

    async def events_after(
        self, run_id: str, after_seq: int, limit: int = 500
    ) -> list[StoredEvent]:
        rows = list(
            await self.reader.execute_fetchall(
                "SELECT seq, type, ts, payload FROM events"
                " WHERE run_id=? AND seq>? ORDER BY seq LIMIT ?",
                (run_id, after_seq, limit),
            )
        )
        return [StoredEvent(run_id, r[0], r[1], r[2], r[3]) for r in rows]

    async def list_checkpoints(self, run_id: str) -> list[Checkpoint]:
        rows = list(
            await self.reader.execute_fetchall(
                "SELECT body FROM checkpoints WHERE run_id=? ORDER BY number", (run_id,)
            )
        )
        return [Checkpoint.model_validate_json(r[0]) for r in rows]

    async def due_checkpoints(self, now: datetime) -> list[tuple[str, int]]:
        rows = list(
            await self.reader.execute_fetchall(
                "SELECT run_id, number FROM checkpoints WHERE status=? AND expires_at<=?"
                " ORDER BY expires_at LIMIT 500",
                (CheckpointStatus.WAITING.value, stamp(now)),
            )
        )
        return [(r[0], int(r[1])) for r in rows]

    async def claim(
        self, owner: str, now: datetime, until: datetime, limit: int, run_id: str | None = None
    ) -> list[str]:
        only = " AND id=?" if run_id is not None else ""
        params: tuple[Any, ...] = (owner, stamp(until), stamp(now))
        if run_id is not None:
            params += (run_id,)
        async with self._write_lock:
            rows = list(
                await self.writer.execute_fetchall(
                    "UPDATE runs SET lease_owner=?, lease_expires_at=? WHERE id IN ("  # noqa: S608
                    " SELECT id FROM runs WHERE status='running' AND"
                    " (lease_owner IS NULL OR lease_expires_at<=?)"
                    f"{only} ORDER BY updated_at LIMIT ?) RETURNING id",
                    (*params, limit),
                )
            )
        return [r[0] for r in rows]

    async def renew(self, run_id: str, owner: str, until: datetime) -> bool:
        async with self._write_lock:
            cur = await self.writer.execute(
                "UPDATE runs SET lease_expires_at=? WHERE id=? AND lease_owner=?",
                (stamp(until), run_id, owner),
            )
            return cur.rowcount == 1

    async def release(self, run_id: str, owner: str) -> None:
        async with self._write_lock:
            await self.writer.execute(
                "UPDATE runs SET lease_owner=NULL, lease_expires_at=NULL"
                " WHERE id=? AND lease_owner=?",
                (run_id, owner),
            )

    async def release_all(self, owner: str | None = None) -> None:
        async with self._write_lock:
            if owner is None:
                await self.writer.execute(
                    "UPDATE runs SET lease_owner=NULL, lease_expires_at=NULL"
                    " WHERE lease_owner IS NOT NULL"
                )
            else:
                await self.writer.execute(
                    "UPDATE runs SET lease_owner=NULL, lease_expires_at=NULL WHERE lease_owner=?",
                    (owner,),
                )

    async def entity_by_goal(self, owner: str, goal: str) -> EntityRecord | None:
        found = list(
            await self.reader.execute_fetchall(
                "SELECT name, run_id, owner, goal, created_at FROM entities"
                " WHERE owner=? AND goal=? ORDER BY created_at DESC LIMIT 1",
                (owner, goal),
            )
        )
        row = found[0] if found else None
        return _entity(row) if row else None
