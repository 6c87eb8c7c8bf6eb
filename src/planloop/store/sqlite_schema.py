"""SQLite schema migrations: ordered, recorded in schema_migrations, applied at open
by the one runner (:mod:`planloop.store.migrations`)."""

from __future__ import annotations

import aiosqlite

from planloop.domain import utcnow
from planloop.store.base import stamp
from planloop.store.migrations import APPLIED, Ledger, Migration

# A literal of our own making (fixed-width UTC text), so it goes into the statement as is.
LEDGER = Ledger(timestamp_type="TEXT", now=lambda: f"'{stamp(utcnow())}'")

MIGRATIONS: list[Migration] = [
    (
        1,
        [
            "CREATE TABLE runs ("
            " id TEXT PRIMARY KEY, owner TEXT NOT NULL, conversation TEXT NOT NULL,"
            " status TEXT NOT NULL, created_at TEXT NOT NULL, updated_at TEXT NOT NULL,"
            " lease_owner TEXT, lease_expires_at TEXT, body TEXT NOT NULL)",
            "CREATE INDEX runs_by_owner ON runs (owner, created_at)",
            "CREATE INDEX runs_by_status ON runs (status, updated_at)",
            "CREATE TABLE events ("
            " run_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL,"
            " ts TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (run_id, seq)) WITHOUT ROWID",
            "CREATE TABLE checkpoints ("
            " run_id TEXT NOT NULL, number INTEGER NOT NULL, status TEXT NOT NULL,"
            " expires_at TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (run_id, number))",
            "CREATE INDEX checkpoints_due ON checkpoints (status, expires_at)",
            "CREATE TABLE entities ("
            " name TEXT PRIMARY KEY, run_id TEXT UNIQUE, owner TEXT, goal TEXT NOT NULL,"
            " created_at TEXT NOT NULL)",
            "CREATE INDEX entities_by_goal ON entities (owner, goal)",
        ],
    ),
    (
        2,
        [
            # count_active_runs runs in every creation; without this it read every row
            # the session ever owned (13.7 ms at 4,000 runs, docs/benchmarks.md).
            "CREATE INDEX runs_by_owner_status ON runs (owner, status)",
        ],
    ),
    (
        3,
        [
            # Saves counted, so a writer can check the row instead of reloading the run
            # (Transaction.check_run).
            "ALTER TABLE runs ADD COLUMN revision INTEGER NOT NULL DEFAULT 0",
        ],
    ),
    (
        4,
        [
            # A commit that only adds events (progress written behind the planner) saves
            # the run's last seq here instead of rewriting its whole body
            # (Transaction.put_seq); the column is the truth, read over the body's copy.
            "ALTER TABLE runs ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0",
            "UPDATE runs SET last_seq ="
            " COALESCE((SELECT MAX(seq) FROM events WHERE events.run_id = runs.id), 0)",
        ],
    ),
    (
        5,
        [
            # The first answer to each Idempotency-Key, per principal, until it expires
            # (engine/idempotency.py); written in the transaction that did the work.
            "CREATE TABLE idempotency ("
            " owner TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,"
            " answer TEXT NOT NULL, created_at TEXT NOT NULL, expires_at TEXT NOT NULL,"
            " PRIMARY KEY (owner, key))",
            "CREATE INDEX idempotency_expiry ON idempotency (expires_at)",
        ],
    ),
    (
        6,
        [
            # Every iteration's plan, kept (issue 16): a revised stretch adds the next
            # revision of its iterations, a person's edit the next of its iteration.
            "CREATE TABLE plan_versions ("
            " run_id TEXT NOT NULL, iteration INTEGER NOT NULL, revision INTEGER NOT NULL,"
            " plan TEXT NOT NULL, created_at TEXT NOT NULL,"
            " PRIMARY KEY (run_id, iteration, revision)) WITHOUT ROWID",
        ],
    ),
    (
        7,
        [
            # The webhook outbox (engine/webhooks.py): written in the transaction of the
            # event each row tells of, sent by engine/courier.py under a short claim.
            "CREATE TABLE webhook_deliveries ("
            " id TEXT PRIMARY KEY, run_id TEXT NOT NULL, type TEXT NOT NULL,"
            " target TEXT NOT NULL, url TEXT NOT NULL, payload TEXT NOT NULL,"
            " created_at TEXT NOT NULL, next_attempt_at TEXT NOT NULL,"
            " status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
            " last_status INTEGER, last_error TEXT, delivered_at TEXT,"
            " claimed_by TEXT, claimed_until TEXT)",
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)",
            "CREATE INDEX webhook_deliveries_run ON webhook_deliveries (run_id, created_at)",
        ],
    ),
    (
        8,
        [
            # Share links of a run (issue 18): the token's SHA-256 only, never the token.
            "CREATE TABLE shares ("
            " token_hash TEXT PRIMARY KEY, token_id TEXT NOT NULL UNIQUE,"
            " run_id TEXT NOT NULL, owner TEXT NOT NULL, role TEXT NOT NULL,"
            " created_at TEXT NOT NULL, expires_at TEXT NOT NULL, revoked_at TEXT,"
            " last_used_at TEXT)",
            "CREATE INDEX shares_by_run ON shares (run_id, created_at)",
        ],
    ),
    (
        9,
        [
            # Events in the order they arrive, with their (run_id, seq) key in an index, as
            # PostgreSQL keeps them. Kept in key order (WITHOUT ROWID), each commit of a
            # thousand streaming runs wrote into as many pages spread over the table, and
            # split them as they filled: ~24 KB written to disk per event of ~0.4 KB at
            # 10,000 events a second. In arrival order the rows go at the table's end and
            # only the index's small entries are spread: 38% fewer bytes written, delivery
            # p50 3-5 ms against 12-30 ms (docs/benchmarks.md, pacing findings 9). A run's
            # whole log read from the start costs more (~160 against ~70 µs for 100 events
            # in the page cache); reads from a Last-Event-ID, which streams make, do not.
            "CREATE TABLE events_by_arrival ("
            " run_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL,"
            " ts TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (run_id, seq))",
            "INSERT INTO events_by_arrival (run_id, seq, type, ts, payload)"
            " SELECT run_id, seq, type, ts, payload FROM events ORDER BY run_id, seq",
            "DROP TABLE events",
            "ALTER TABLE events_by_arrival RENAME TO events",
        ],
    ),
    (
        10,
        [
            # A run's revision and last seq in a table of their own (store/sql.py: RUNS).
            # A commit that only adds events changes nothing else of the run, yet updating
            # them in the run's row dirtied that row's own page (a body of 10 KB and more
            # fills one): a page written per event. Heads share pages, ~90 to one: 23% fewer
            # bytes written at 10,000 events a second (docs/benchmarks.md, findings 9).
            "CREATE TABLE run_heads ("
            " run_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, last_seq INTEGER NOT NULL)"
            " WITHOUT ROWID",
            "INSERT INTO run_heads (run_id, revision, last_seq)"
            " SELECT id, revision, last_seq FROM runs",
            "ALTER TABLE runs DROP COLUMN revision",
            "ALTER TABLE runs DROP COLUMN last_seq",
        ],
    ),
]


async def migrate(conn: aiosqlite.Connection) -> None:
    await conn.execute("BEGIN IMMEDIATE")  # the only writer until it commits
    try:
        for sql in LEDGER.opening():
            await conn.execute(sql)
        applied = {r[0] for r in await conn.execute_fetchall(APPLIED)}
        for sql in LEDGER.pending(MIGRATIONS, applied):
            await conn.execute(sql)
    except BaseException:
        await conn.rollback()
        raise
    await conn.commit()
