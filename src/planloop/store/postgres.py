"""PostgreSQL backend (asyncpg): many replicas share one database.

What differs from SQLite: rows are locked with ``FOR UPDATE`` inside a transaction,
runnable runs are claimed with ``FOR UPDATE SKIP LOCKED``, creations by one owner are
serialised by an advisory lock, every append sends a ``NOTIFY`` (delivered on commit)
so other replicas' streams wake up at once, and each process keeps a presence lock
(postgres_presence.py) so the leases of a dead one are void at once. Reads and checks go
to the server when they are made; a transaction's plain writes wait and go together, as
one statement with the ``NOTIFY`` of its events, before its next read or check or before
COMMIT (:class:`PostgresTransaction`).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from planloop.domain import Run
from planloop.events import StoredEvent
from planloop.store.migrations import APPLIED
from planloop.store.postgres_batch import ADD_EVENT_GROUPS_FUNCTION, EventGroups
from planloop.store.postgres_presence import Presence
from planloop.store.postgres_schema import LEDGER, MIGRATIONS
from planloop.store.postgres_transaction import (
    ADD_EVENTS_FUNCTION,
    ADMIT_RUN_FUNCTION,
    CHANNEL,
    CHECK_RUN_FUNCTION,
    SQL,
    PostgresTransaction,
)
from planloop.store.sql_store import Rows, SqlStore

log = logging.getLogger(__name__)

Listener = Callable[[str, int], None]


async def _keep(_conn: asyncpg.Connection) -> None:
    """A connection goes back to the pool as it is: nothing here sets session state (no
    session locks, LISTEN or SET on pooled connections), so asyncpg's reset, a round trip
    per transaction, has nothing to undo."""


class PostgresStore(SqlStore):
    exclusive = False
    sql = SQL

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
        self._presence: Presence | None = None
        # The server processes of this store's own connections: their NOTIFYs tell of
        # events this process published already, so they are not fetched back.
        self._own_backends: set[int] = set()
        self._events = EventGroups(lambda: self.pool, self.is_transient)

    @property
    def present(self) -> bool:
        return self._presence is None or self._presence.present

    async def attend(self, worker: str, lost: Callable[[], None]) -> None:
        if self._presence is not None:
            raise RuntimeError("this store already attends for a worker")
        presence = Presence(self.url, worker, lost)
        await presence.start()
        self._presence = presence

    @property
    def pool(self) -> asyncpg.Pool:
        if self._pool is None:
            raise RuntimeError("store is not open")
        return self._pool

    async def open(self) -> None:
        self._pool = await asyncpg.create_pool(
            self.url,
            min_size=self._min,
            max_size=self._max,
            command_timeout=30,
            reset=_keep,
            init=self._own,
        )
        await _migrate(self._pool)

    async def _own(self, conn: asyncpg.Connection) -> None:
        pid = conn.get_server_pid()
        self._own_backends.add(pid)
        conn.add_termination_listener(lambda _c: self._own_backends.discard(pid))

    async def close(self) -> None:
        await self._events.close()
        if self._presence is not None:
            await self._presence.close()
            self._presence = None
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

        def handler(_conn: Any, pid: int, _channel: str, payload: str) -> None:
            if pid in self._own_backends:
                return  # this process wrote them and published them as it committed
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
        async with self.pool.acquire() as conn:
            tx = PostgresTransaction(conn)
            try:
                yield tx
                await tx.finish()  # the writes that wait, then COMMIT if it began
            except BaseException:
                await tx.abandon()
                raise

    async def _read(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        rows: Rows = await self.pool.fetch(sql, *params)
        return rows

    async def _change(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        return await self._read(sql, params)  # the pool commits each statement by itself

    async def _count_changed(self, sql: str, params: Sequence[Any]) -> int:
        status: str = await self.pool.execute(sql, *params)  # e.g. "UPDATE 1"
        return int(status.rpartition(" ")[2])

    async def _commit_behind(self, run: Run, worker: str, events: Sequence[StoredEvent]) -> None:
        await self._events.add(run, worker, events)

    async def last_seqs(self, run_ids: Sequence[str]) -> dict[str, int]:
        rows = await self._read(
            "SELECT run_id, MAX(seq) FROM events WHERE run_id = ANY($1::text[]) GROUP BY run_id",
            (list(run_ids),),
        )
        return {r[0]: int(r[1]) for r in rows}


async def _migrate(pool: asyncpg.Pool) -> None:
    async with pool.acquire() as conn, conn.transaction():
        for sql in LEDGER.opening():
            await conn.execute(sql)
        applied = {r[0] for r in await conn.fetch(APPLIED)}
        for sql in LEDGER.pending(MIGRATIONS, applied):
            await conn.execute(sql)
        await conn.execute(ADD_EVENTS_FUNCTION)
        await conn.execute(ADD_EVENT_GROUPS_FUNCTION)
        await conn.execute(ADMIT_RUN_FUNCTION)
        await conn.execute(CHECK_RUN_FUNCTION)
