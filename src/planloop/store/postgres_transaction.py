"""PostgreSQL: how one transaction sends its statements (the statements themselves, and
what the transaction does with them, are :mod:`planloop.store.sql_store`'s).

The store (postgres.py) takes a pooled connection for the transaction; this is the work
on it. Reads go to the server when they are made; plain writes and the checks of the run
and of the owner's cap wait and go together, as one statement with the ``NOTIFY`` of
their events, before the next read or at the end (:class:`PostgresTransaction`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import asyncpg

from planloop.domain import Run
from planloop.events import StoredEvent
from planloop.store.base import RunChanged, session_full
from planloop.store.postgres_schema import PRESENCE_LOCKS
from planloop.store.sql import TERMINAL, Dialect, Statements
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
    + "; UPDATE run_heads SET last_seq = $4[cardinality($4)], revision = $2 + 1"
    " WHERE run_id = $1;"
    " PERFORM pg_notify($8, $9); RETURN true; END $body$"
)
ADD_EVENTS = "SELECT planloop_add_events($1, $2, $3, $4, $5, $6, $7, $8, $9)"

# Transaction.check_run in the statement of the writes that follow it: the check of
# Statements.check_run in a function that raises SQLSTATE RUN_CHANGED when it finds no
# row. It is the query's own part, run before the data-modifying WITH parts, and locks the
# run's rows as the check did; so a fenced commit that reads nothing (an iteration's start
# and end, a park) is one statement, its own transaction: one round trip instead of four
# (BEGIN, the check, the writes, COMMIT). Arguments: run id, revision, worker.
RUN_CHANGED = "PL409"
CHECK_RUN_FUNCTION = (
    "CREATE OR REPLACE FUNCTION planloop_check_run(TEXT, BIGINT, TEXT) RETURNS BOOLEAN"
    " LANGUAGE plpgsql AS $body$ BEGIN "
    + SQL.check_run.replace("SELECT 1 FROM", "PERFORM 1 FROM", 1)
    + "; IF NOT FOUND THEN"
    f" RAISE EXCEPTION 'run changed' USING ERRCODE = '{RUN_CHANGED}'; END IF;"
    " RETURN true; END $body$"
)

# Transaction.admit_run in the statement of a creation's writes: the owner's advisory lock
# (concurrent creations by one owner wait for each other's commit), then the count of the
# owner's runs that have not ended, the new one left out. In a function each query takes
# its own snapshot, so the count, made after the lock, sees every creation that held it;
# in the writes' own statement it could not. Refused: SQLSTATE SESSION_FULL. Arguments:
# the new run's id, its owner, the cap.
SESSION_FULL = "PL429"
ADMIT_RUN_FUNCTION = (
    "CREATE OR REPLACE FUNCTION planloop_admit_run(TEXT, TEXT, INTEGER) RETURNS BOOLEAN"  # noqa: S608
    " LANGUAGE plpgsql AS $body$ BEGIN PERFORM pg_advisory_xact_lock(hashtext($2));"
    " IF (SELECT count(*) FROM runs WHERE owner = $2 AND id <> $1"
    f" AND status NOT IN ({', '.join(repr(t) for t in TERMINAL)})) >= $3 THEN"
    f" RAISE EXCEPTION 'session full' USING ERRCODE = '{SESSION_FULL}'; END IF;"
    " RETURN true; END $body$"
)


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
    """Reads go to the server at once; plain writes and the run's check wait, and go
    together as one statement (``_joined``) before the next read, or at the end: an
    iteration's check, plan, events and run are one round trip, not four. BEGIN goes
    with the first read; a transaction that has none (a creation, a runner's commit) is
    its one statement, which PostgreSQL runs as a transaction of its own."""

    __slots__ = ("_begun", "_conn", "_fence", "_guard", "_note", "_queued")
    sql = SQL

    def __init__(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self._begun = False  # BEGIN is sent with the first statement that cannot wait
        self._queued: list[tuple[str, Sequence[Any]]] = []
        self._note: tuple[str, str] | None = None  # the NOTIFY the queued events call for
        self._guard: tuple[str, str, int] | None = None  # admit_run's, checked with writes
        self._fence: tuple[str, int, str] | None = None  # check_run's, checked with writes

    async def finish(self) -> None:
        """End the transaction that succeeded. One that only checked and wrote (a creation
        without an Idempotency-Key: the cap's count, the run, its first event and their
        NOTIFY; a runner's commit: its check, its writes and their NOTIFY) is one
        statement, its own transaction: one round trip instead of four or five."""
        await self._send()
        if self._begun:
            await self._conn.execute("COMMIT")

    async def abandon(self) -> None:
        """End the transaction that failed: nothing it sent stays."""
        if not self._begun:
            return  # the statement that failed, if any, was its own transaction
        try:
            await self._conn.execute("ROLLBACK")
        except Exception:
            self._conn.terminate()  # never back to the pool inside a transaction

    async def admit_run(self, run_id: str, owner: str, cap: int) -> None:
        # Counted by the statement of the writes that follow (ADMIT_RUN_FUNCTION).
        self._guard = (run_id, owner, cap)

    async def check_run(self, run: Run, worker: str) -> None:
        # Checked by the statement of the writes that follow (CHECK_RUN_FUNCTION), or on
        # its own before the next read.
        self._fence = (run.id, run.revision, worker)

    async def _send(self) -> None:
        """Send the run's check, the cap's count and the writes that wait, as one
        statement."""
        if not self._queued and self._guard is None and self._fence is None:
            return
        queued, note, guard, fence = self._queued, self._note, self._guard, self._fence
        self._queued, self._note, self._guard, self._fence = [], None, None, None
        sql, params = _joined(queued, note, guard, fence)
        try:
            await self._conn.execute(sql, *params)
        except asyncpg.PostgresError as exc:
            if fence is not None and exc.sqlstate == RUN_CHANGED:
                raise RunChanged.of(fence[0]) from None
            if guard is not None and exc.sqlstate == SESSION_FULL:
                raise session_full(guard[2]) from None
            raise

    async def _begin(self) -> None:
        """Before a statement that goes at once: the transaction begun, what waits sent."""
        if not self._begun:
            await self._conn.execute("BEGIN")
            self._begun = True
        await self._send()

    def _queue(self, sql: str, params: Sequence[Any]) -> bool:
        """Queue a plain write; False when it cannot join those waiting (it writes a
        table one of them writes: statements of one query cannot see each other's rows)."""
        table = _written_table(sql)
        if table is None or any(_written_table(q) == table for q, _ in self._queued):
            return False
        self._queued.append((sql, params))
        return True

    async def _rows(self, sql: str, params: Sequence[Any]) -> Rows:
        await self._begin()
        rows: Rows = await self._conn.fetch(sql, *params)
        return rows

    async def _write(self, sql: str, params: Sequence[Any]) -> None:
        if not self._queue(sql, params):
            await self._begin()
            if not self._queue(sql, params):
                await self._conn.execute(sql, *params)

    async def _write_many(self, sql: str, rows: Sequence[Sequence[Any]]) -> None:
        await self._begin()
        await self._conn.executemany(sql, rows)

    async def _insert_events(self, events: Sequence[StoredEvent]) -> None:
        # The rows as arrays, and the NOTIFY that every listening replica gets when (and
        # only if) this transaction commits: sent with the other writes of the commit.
        *columns, channel, note = rows_and_note(events)
        params = (events[0].run_id, *columns)
        if self._note is not None or not self._queue(_QUEUED_APPEND, params):
            await self._begin()
            self._queue(_QUEUED_APPEND, params)  # the first of an empty queue
        self._note = (channel, note)

    async def _counting(self, owner: str) -> None:
        # Serialise concurrent creations by one owner so the cap cannot be overrun.
        await self._begin()
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
    queued: Sequence[tuple[str, Sequence[Any]]],
    note: tuple[str, str] | None,
    guard: tuple[str, str, int] | None = None,
    fence: tuple[str, int, str] | None = None,
) -> tuple[str, list[Any]]:
    """Writes (each on a table of its own) as one statement: every one but the last a
    data-modifying ``WITH`` part, which PostgreSQL runs to completion whether or not the
    query reads it; the last one, or a ``SELECT`` of the run's check, the cap's count and
    the NOTIFY, the query itself (the checks first: PostgreSQL runs the ``WITH`` parts the
    query does not read after it). Parameters are renumbered in order."""
    parts: list[str] = []
    params: list[Any] = []
    for sql, values in queued:
        parts.append(_PARAM.sub(functools.partial(_shifted, len(params)), sql))
        params.extend(values)
    calls: list[str] = []
    called: tuple[tuple[str, Sequence[Any] | None], ...] = (
        ("planloop_check_run", fence),
        ("planloop_admit_run", guard),
        ("pg_notify", note),
    )
    for function, args in called:
        if args is not None:
            marks = ", ".join(f"${len(params) + n}" for n in range(1, len(args) + 1))
            calls.append(f"{function}({marks})")
            params.extend(args)
    if calls:
        parts.append("SELECT " + ", ".join(calls))
    *before, last = parts
    if not before:
        return last, params
    ctes = ", ".join(f"w{n} AS ({sql})" for n, sql in enumerate(before))
    return f"WITH {ctes} {last}", params
