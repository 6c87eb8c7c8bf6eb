"""SQLite backend: one writer connection (BEGIN IMMEDIATE), one reader, WAL, busy_timeout.

One process executes a SQLite file's runs (sqlite_owner.py); others may read it. Several
processes share a PostgreSQL database.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sqlite3
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import aiosqlite

from planloop.domain import Run
from planloop.errors import StoreLost
from planloop.events import StoredEvent
from planloop.settings import sqlite_path
from planloop.store.sql_store import Rows, SqlStore
from planloop.store.sqlite_batch import WriteGroups
from planloop.store.sqlite_owner import FileOwner
from planloop.store.sqlite_schema import migrate
from planloop.store.sqlite_transaction import SQL, SqliteTransaction
from planloop.store.sqlite_writer import Writer, is_busy

log = logging.getLogger(__name__)

# The background WAL checkpoint's pause: a second while the WAL is small, a tenth of one
# while it is busy. A checkpoint writes back what the WAL gathered since the last one and
# syncs the file; with a thousand streaming runs, a second's worth at a time held commits
# behind it. Tenths of it: delivery p99 65 against 74 ms (the medians of 15 rounds each) at
# 10,000 events a second (docs/benchmarks.md, pacing findings 9).
WAL_CHECKPOINT_S = 1.0
WAL_CHECKPOINT_BUSY_S = 0.1
WAL_BUSY_FRAMES = 256  # frames in the WAL (1 MB of 4 KB pages) that make it busy
WAL_SAFETY_PAGES = 8000  # ~32 MB of WAL before a commit checkpoints by itself


class SqliteStore(SqlStore):
    """Reads go through a reader connection of their own, so they never wait for a write.
    Writes outside transactions (claim, renew, release) are one statement each on the
    writer in autocommit mode, in its thread (a renewal can touch thousands of rows; the
    loop serves streams meanwhile), committed when it ends."""

    exclusive = True
    present = True  # the only process: its start drops every lease instead
    sql = SQL

    async def attend(self, worker: str, lost: Callable[[], None]) -> None:
        """Become the one process that executes this file's runs (sqlite_owner.py), or
        fail with :class:`CannotOpen` naming the process that is."""
        self._owner.take()

    def is_transient(self, exc: BaseException) -> bool:
        return is_busy(exc)

    def __init__(self, url: str) -> None:
        self.path, self.busy_timeout_ms = sqlite_path(url)
        self._writer: Writer | None = None
        self._reader: aiosqlite.Connection | None = None
        self._write_lock = asyncio.Lock()
        self._checkpointer: asyncio.Task[None] | None = None
        self._checkpoint_conn: aiosqlite.Connection | None = None
        self.checkpoint_pause = WAL_CHECKPOINT_S  # until the next background checkpoint
        self._files: dict[str, tuple[int, int] | None] = {}  # path → (st_dev, st_ino)
        self._lost: str | None = None
        self._groups = WriteGroups(self._writing, self._write_lock, self.check_files)
        self._owner = FileOwner(self.path)

    async def _connect(self, *, writer: bool = False) -> aiosqlite.Connection:
        # The writer's work runs on the event loop too (sqlite_writer.py), one at a time.
        conn = aiosqlite.connect(self.path, isolation_level=None, check_same_thread=not writer)
        try:
            await conn
        except BaseException:
            # aiosqlite stops its thread when the connection fails, but does not wait for
            # it: wait here, so it does not outlive the event loop (its last act is to
            # call into the loop). ``_thread`` is private; pyproject.toml pins aiosqlite.
            thread = getattr(conn, "_thread", None)
            if thread is not None and thread.is_alive():
                await asyncio.to_thread(thread.join, 5.0)
            raise
        try:
            await conn.execute(f"PRAGMA busy_timeout={self.busy_timeout_ms}")
            await conn.execute("PRAGMA foreign_keys=ON")
        except BaseException:
            await conn.close()
            raise
        return conn

    async def open(self) -> None:
        """Open the connections and migrate; a failure closes whatever was opened, so no
        connection thread of aiosqlite (not a daemon) outlives it and keeps the process
        from exiting."""
        try:
            await self._open()
        except BaseException:
            await self.close()
            raise

    async def _open(self) -> None:
        if self.path != ":memory:":
            Path(self.path).parent.mkdir(parents=True, exist_ok=True)
        writer = await self._connect(writer=True)
        self._writer = Writer(writer, self.busy_timeout_ms)
        await writer.execute("PRAGMA journal_mode=WAL")
        # WAL + NORMAL survives a process crash (kill -9); only an OS crash may lose the tail.
        await writer.execute("PRAGMA synchronous=NORMAL")
        # WAL checkpoints run in the background on a connection of their own (below);
        # the automatic one stays only as a safety net, so commits rarely pay for one
        # (they were the slowest commits: 7-10 ms, docs/benchmarks.md).
        await writer.execute(f"PRAGMA wal_autocheckpoint={WAL_SAFETY_PAGES}")
        await migrate(writer)
        self._writer.start()
        self._reader = await self._connect()
        if self.path != ":memory:":
            # The files as opened: one deleted or replaced underneath is noticed (below).
            self._files = _identities(self.path)
            # Opened here, not inside the task: a store closed right after opening must
            # not leave a half-made connection behind.
            self._checkpoint_conn = await self._connect()
            self._checkpointer = asyncio.create_task(self._checkpoint_forever())

    async def _checkpoint_forever(self) -> None:
        conn = self._checkpoint_conn
        assert conn is not None
        while True:
            await asyncio.sleep(self.checkpoint_pause)
            try:
                self.check_files()  # noticed (and logged) within a second, writes or not
                async with conn.execute("PRAGMA wal_checkpoint(PASSIVE)") as cursor:
                    row = await cursor.fetchone()
            except StoreLost:
                continue
            except sqlite3.Error as exc:
                log.debug("background WAL checkpoint skipped: %s", exc)
                continue
            # (busy, frames in the WAL, frames written back)
            busy = row is not None and row[1] >= WAL_BUSY_FRAMES
            self.checkpoint_pause = WAL_CHECKPOINT_BUSY_S if busy else WAL_CHECKPOINT_S

    async def close(self) -> None:
        await self._groups.close()
        if self._checkpointer is not None:
            self._checkpointer.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._checkpointer
            self._checkpointer = None
        if self._checkpoint_conn is not None:
            await self._checkpoint_conn.close()
            self._checkpoint_conn = None
        for conn in (self._reader, self._writer.conn if self._writer else None):
            if conn is not None:
                await conn.close()
        self._reader = self._writer = None
        self._owner.release()

    @property
    def writer(self) -> aiosqlite.Connection:
        return self._writing().conn

    def _writing(self) -> Writer:
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
        """A write transaction. It takes the writer at its first read; one that only
        writes is committed with the group (sqlite_transaction.py)."""
        tx = SqliteTransaction(
            self._writing(), self._write_lock, self.check_files, self._groups.add_writes
        )
        try:
            yield tx
            await tx.commit()
        except BaseException:
            await tx.abandon()
            raise
        finally:
            tx.release()

    async def _commit_behind(self, run: Run, worker: str, events: Sequence[StoredEvent]) -> None:
        await self._groups.add(run, worker, events)

    async def _read(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        return list(await self.reader.execute_fetchall(sql, params))

    async def _change(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        async with self._write_lock:
            self.check_files()
            return await self._writing().away(lambda db: db.execute(sql, params).fetchall())

    async def _count_changed(self, sql: str, params: Sequence[Any]) -> int:
        async with self._write_lock:
            self.check_files()
            return await self._writing().away(lambda db: db.execute(sql, params).rowcount)

    def check_files(self) -> None:
        """Raise StoreLost if the database file (or its WAL) is no longer the one opened:
        deleted or replaced underneath, what is written now would be gone at the next
        start. Logged loudly once; every later write and health check is refused."""
        if self._lost is None:
            for path, opened in self._files.items():
                now = _identity(path)
                if opened is not None and now != opened:
                    how = "deleted" if now is None else "replaced"
                    self._lost = (
                        f"the database file {path} was {how} while the server ran; writes"
                        " are refused (restore the file or restart the server)"
                    )
                    log.critical("store lost: %s", self._lost)
                    break
        if self._lost is not None:
            raise StoreLost(self._lost)

    async def status_counts(self) -> dict[str, int]:
        self.check_files()  # /api/health fails with the store
        return await super().status_counts()

    async def last_seqs(self, run_ids: Sequence[str]) -> dict[str, int]:
        if not run_ids:
            return {}
        marks = ",".join("?" for _ in run_ids)
        rows = await self._read(
            f"SELECT run_id, MAX(seq) FROM events WHERE run_id IN ({marks}) GROUP BY run_id",  # noqa: S608
            tuple(run_ids),
        )
        return {r[0]: int(r[1]) for r in rows}

    async def listen(self, on_event: Callable[[str, int], None]) -> None:
        """One process owns a SQLite file: every event is published by the process itself."""


def _identities(path: str) -> dict[str, tuple[int, int] | None]:
    """The database file and its WAL, each with the file it names now."""
    main = os.path.abspath(path)
    return {p: _identity(p) for p in (main, f"{main}-wal")}


def _identity(path: str) -> tuple[int, int] | None:
    """Which file ``path`` names now (device, inode); None if there is none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return st.st_dev, st.st_ino
