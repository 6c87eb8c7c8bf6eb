"""PostgreSQL: how one transaction sends its statements (the statements themselves, and
what the transaction does with them, are :mod:`planloop.store.sql_store`'s).

The store (postgres.py) takes a pooled connection for the transaction; this is the work
on it. Reads and checks go to the server when they are made; plain writes wait and go
together, as one statement with the ``NOTIFY`` of their events, before the next read or
check or at the end (:class:`PostgresTransaction`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import asyncpg

from planloop.events import StoredEvent
from planloop.store.base import RunChanged
from planloop.store.postgres_schema import PRESENCE_LOCKS
from planloop.store.sql import Dialect, Statements
from planloop.store.sql_store import Rows, SqlTransaction

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
ADD_EVENTS_FUNCTION = (
    "CREATE OR REPLACE FUNCTION planloop_add_events(TEXT, BIGINT, TEXT, INTEGER[], TEXT[],"  # noqa: S608
    " TEXT[], TEXT[], TEXT, TEXT) RETURNS BOOLEAN LANGUAGE plpgsql AS $body$ BEGIN "
    + SQL.check_run.replace("SELECT 1 FROM", "PERFORM 1 FROM", 1)
    + "; IF NOT FOUND THEN RETURN false; END IF; "
    + _insert_sql("$1", "$4", "$5", "$6", "$7")
    + "; UPDATE runs SET last_seq = $4[cardinality($4)], revision = $2 + 1 WHERE id = $1;"
    " PERFORM pg_notify($8, $9); RETURN true; END $body$"
)
ADD_EVENTS = "SELECT planloop_add_events($1, $2, $3, $4, $5, $6, $7, $8, $9)"


def rows_and_note(events: Sequence[StoredEvent]) -> tuple[Any, ...]:
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
        *columns, channel, note = rows_and_note(events)
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
