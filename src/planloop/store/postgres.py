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
import functools
import logging
import re
from collections.abc import AsyncIterator, Callable, Sequence
from contextlib import asynccontextmanager
from typing import Any

import asyncpg

from planloop.domain import Run
from planloop.events import EventBody, StoredEvent
from planloop.store.base import RunChanged
from planloop.store.migrations import APPLIED
from planloop.store.postgres_presence import Presence
from planloop.store.postgres_schema import LEDGER, MIGRATIONS, PRESENCE_LOCKS
from planloop.store.sql import Dialect, Statements
from planloop.store.sql_store import Rows, SqlStore, SqlTransaction, numbered

log = logging.getLogger(__name__)

CHANNEL = "planloop_events"

SQL = Statements(
    Dialect(
        numbered=True,
        lock_rows=" FOR UPDATE",
        skip_locked=" FOR UPDATE SKIP LOCKED",
        timestamp=lambda ts: ts,  # TIMESTAMPTZ columns take a datetime
        id_list="SELECT unnest(?::text[])",
        ids=list,
        # Presence (postgres_presence.py): a listed worker whose lock nobody holds is gone.
        dead_holder=" OR {holder} IN (SELECT worker FROM dead_workers)",
        # The commit's own worker: if this transaction can take its presence lock, nobody
        # holds it (the lock, if taken, ends with the transaction). Unlisted: not checked.
        live_holder=(
            " AND NOT COALESCE(pg_try_advisory_xact_lock("  # noqa: S608
            f"{PRESENCE_LOCKS}, (SELECT lock_key FROM workers WHERE worker=lease_owner)),"
            " false)"
        ),
    )
)

Listener = Callable[[str, int], None]


def _insert_sql(run: str, seqs: str, types: str, stamps: str, payloads: str) -> str:
    """The INSERT of one commit's events from column arrays, its parameters named by the caller."""
    return (
        "INSERT INTO events (run_id, seq, type, ts, payload)"  # noqa: S608
        f" SELECT {run}, e.seq, e.type, e.ts, e.payload"
        f" FROM unnest({seqs}::integer[], {types}::text[], {stamps}::text[], {payloads}::text[])"
        " AS e(seq, type, ts, payload)"
    )


# A commit that only adds events to a run whose copy its writer holds (Store.add_events):
# the check of Statements.check_run, the append, the saved last seq and the NOTIFY, in a
# function, so that the whole transaction is one statement: one round trip instead of
# five (BEGIN, check, append, save, COMMIT). Each round trip wakes a server process; they
# were most of PostgreSQL's CPU per iteration (docs/benchmarks.md). Made again by every
# start, under the migration lock, from the statements of this version.
# Arguments: run id, revision, worker, seqs, types, stamps, payloads, channel, note.
_ADD_EVENTS_FUNCTION = (
    "CREATE OR REPLACE FUNCTION planloop_add_events(TEXT, BIGINT, TEXT, INTEGER[], TEXT[],"  # noqa: S608
    " TEXT[], TEXT[], TEXT, TEXT) RETURNS BOOLEAN LANGUAGE plpgsql AS $body$ BEGIN "
    + SQL.check_run.replace("SELECT 1 FROM", "PERFORM 1 FROM", 1)
    + "; IF NOT FOUND THEN RETURN false; END IF; "
    + _insert_sql("$1", "$4", "$5", "$6", "$7")
    + "; UPDATE runs SET last_seq = $4[cardinality($4)], revision = $2 + 1 WHERE id = $1;"
    " PERFORM pg_notify($8, $9); RETURN true; END $body$"
)
_ADD_EVENTS = "SELECT planloop_add_events($1, $2, $3, $4, $5, $6, $7, $8, $9)"


def _rows_and_note(events: Sequence[StoredEvent]) -> tuple[Any, ...]:
    """One commit's events (of one run, in seq order) as the column arrays of an append,
    then the NOTIFY's channel and its ``'<run> <first seq>'``."""
    first = events[0]
    return (
        [e.seq for e in events],
        [e.type for e in events],
        [e.ts for e in events],
        [e.payload for e in events],
        CHANNEL,
        f"{first.run_id} {first.seq}",
    )


async def _keep(_conn: asyncpg.Connection) -> None:
    """A connection goes back to the pool as it is: nothing here sets session state (no
    session locks, LISTEN or SET on pooled connections), so asyncpg's reset, a round trip
    per transaction, has nothing to undo."""


class PostgresTransaction(SqlTransaction):
    """Reads and checks go to the server at once; plain writes wait, and go together as
    one statement (``_joined``) before the next read or check, or before COMMIT: an
    iteration's plan, events and run are one round trip, not three."""

    __slots__ = ("_conn", "_note", "_queued")
    sql = SQL

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self._queued: list[tuple[str, Sequence[Any]]] = []
        self._note: tuple[str, str] | None = None  # the NOTIFY the queued events call for

    async def flush(self) -> None:
        """Send the writes that wait (as one statement)."""
        if not self._queued:
            return
        queued, note = self._queued, self._note
        self._queued, self._note = [], None
        sql, params = _joined(queued, note)
        await self._conn.execute(sql, *params)

    def _queue(self, sql: str, params: Sequence[Any]) -> bool:
        """Queue a plain write; False when it cannot join those waiting (it writes a
        table one of them writes: statements of one query cannot see each other's rows)."""
        table = _written_table(sql)
        if table is None or any(_written_table(q) == table for q, _ in self._queued):
            return False
        self._queued.append((sql, params))
        return True

    async def _rows(self, sql: str, params: Sequence[Any]) -> Rows:
        await self.flush()
        rows: Rows = await self._conn.fetch(sql, *params)
        return rows

    async def _write(self, sql: str, params: Sequence[Any]) -> None:
        if not self._queue(sql, params):
            await self.flush()
            if not self._queue(sql, params):
                await self._conn.execute(sql, *params)

    async def _write_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        await self.flush()
        await self._conn.executemany(sql, rows)

    async def _check(self, sql: str, params: Sequence[Any]) -> None:
        await self.flush()
        if await self._conn.fetchval(sql, *params) is None:
            raise RunChanged(f"run {params[0]} was saved elsewhere since it was read")

    async def _insert_events(self, events: Sequence[StoredEvent]) -> None:
        # The rows as arrays, and the NOTIFY that every listening replica gets when (and
        # only if) this transaction commits: sent with the other writes of the commit.
        *columns, channel, note = _rows_and_note(events)
        params = (events[0].run_id, *columns)
        if self._note is not None or not self._queue(_QUEUED_APPEND, params):
            await self.flush()
            self._queue(_QUEUED_APPEND, params)  # the first of an empty queue
        self._note = (channel, note)

    async def _counting(self, owner: str) -> None:
        # Serialise concurrent creations by one owner so the cap cannot be overrun.
        await self.flush()
        await self._conn.execute("SELECT pg_advisory_xact_lock(hashtext($1))", owner)


_QUEUED_APPEND = _insert_sql("$1", "$2", "$3", "$4", "$5")
_WRITES = re.compile(r"(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+(\w+)", re.IGNORECASE)
_PARAM = re.compile(r"\$(\d+)")


def _written_table(sql: str) -> str | None:
    """The table a plain INSERT, UPDATE or DELETE writes (None for anything else: it is
    sent as it is)."""
    found = _WRITES.match(sql)
    return found.group(1).lower() if found else None


def _shifted(offset: int, param: re.Match[str]) -> str:
    return f"${int(param.group(1)) + offset}"


def _joined(
    queued: Sequence[tuple[str, Sequence[Any]]], note: tuple[str, str] | None
) -> tuple[str, list[Any]]:
    """Writes (each on a table of its own) as one statement: every one but the last a
    data-modifying ``WITH`` part, which PostgreSQL runs to completion whether or not the
    query reads it; the last one, or the NOTIFY, the query itself. Parameters are
    renumbered in order."""
    parts: list[str] = []
    params: list[Any] = []
    for sql, values in queued:
        parts.append(_PARAM.sub(functools.partial(_shifted, len(params)), sql))
        params.extend(values)
    if note is not None:
        parts.append(f"SELECT pg_notify(${len(params) + 1}, ${len(params) + 2})")
        params.extend(note)
    *before, last = parts
    if not before:
        return last, params
    ctes = ", ".join(f"w{n} AS ({sql})" for n, sql in enumerate(before))
    return f"WITH {ctes} {last}", params


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
        async with self.pool.acquire() as conn, conn.transaction():
            tx = PostgresTransaction(conn)
            yield tx
            await tx.flush()  # the writes that wait, then COMMIT

    async def _read(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        rows: Rows = await self.pool.fetch(sql, *params)
        return rows

    async def _change(self, sql: str, params: Sequence[Any] = ()) -> Rows:
        return await self._read(sql, params)  # the pool commits each statement by itself

    async def _count_changed(self, sql: str, params: Sequence[Any]) -> int:
        status: str = await self.pool.execute(sql, *params)  # e.g. "UPDATE 1"
        return int(status.rpartition(" ")[2])

    async def add_events(
        self, run: Run, worker: str, bodies: Sequence[EventBody], at: Sequence[str]
    ) -> list[StoredEvent]:
        last = run.last_seq
        events = numbered(run, bodies, at)
        written = await self.pool.fetchval(
            _ADD_EVENTS, run.id, run.revision, worker, *_rows_and_note(events)
        )
        if not written:
            run.last_seq = last
            raise RunChanged(f"run {run.id} was saved elsewhere since it was read")
        run.revision += 1
        return events

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
        await conn.execute(_ADD_EVENTS_FUNCTION)
