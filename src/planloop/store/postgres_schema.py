"""PostgreSQL schema migrations: ordered, recorded, applied by the one runner
(:mod:`planloop.store.migrations`) under an advisory lock so that replicas starting at the
same moment apply each migration exactly once. The store (asyncpg) and the memory opened
without it (psycopg, :mod:`planloop.memory.pg_rows`) both apply them."""

from __future__ import annotations

from planloop.store.migrations import Ledger, Migration

MIGRATION_LOCK = 7_311_205_001  # pg_advisory_xact_lock key for migrations
PRESENCE_LOCKS = 7_311_205  # the first key of every process's presence lock (key, lock_key)

LEDGER = Ledger(
    timestamp_type="TIMESTAMPTZ",
    now=lambda: "now()",
    lock=f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK})",
)

MIGRATIONS: list[Migration] = [
    (
        1,
        [
            "CREATE TABLE runs ("
            " id TEXT PRIMARY KEY, owner TEXT NOT NULL, conversation TEXT NOT NULL,"
            " status TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,"
            " updated_at TIMESTAMPTZ NOT NULL, lease_owner TEXT, lease_expires_at TIMESTAMPTZ,"
            " body JSONB NOT NULL)",
            "CREATE INDEX runs_by_owner ON runs (owner, created_at)",
            "CREATE INDEX runs_by_status ON runs (status, updated_at)",
            "CREATE TABLE events ("
            " run_id TEXT NOT NULL, seq INTEGER NOT NULL, type TEXT NOT NULL,"
            " ts TEXT NOT NULL, payload TEXT NOT NULL, PRIMARY KEY (run_id, seq))",
            "CREATE TABLE checkpoints ("
            " run_id TEXT NOT NULL, number INTEGER NOT NULL, status TEXT NOT NULL,"
            " expires_at TIMESTAMPTZ NOT NULL, body JSONB NOT NULL,"
            " PRIMARY KEY (run_id, number))",
            "CREATE INDEX checkpoints_due ON checkpoints (status, expires_at)",
            "CREATE TABLE entities ("
            " name TEXT PRIMARY KEY, run_id TEXT UNIQUE, owner TEXT, goal TEXT NOT NULL,"
            " created_at TIMESTAMPTZ NOT NULL)",
            "CREATE INDEX entities_by_goal ON entities (owner, goal)",
        ],
    ),
    (2, ["CREATE INDEX runs_by_owner_status ON runs (owner, status)"]),
    (
        3,
        # Memory in the database (memory/postgres/): one row per entity note, its graph
        # and search form derived from the Markdown on every write; user.md is one row.
        [
            "CREATE TABLE memory_entities ("
            ' name TEXT COLLATE "C" PRIMARY KEY, folder TEXT, kind TEXT COLLATE "C" NOT NULL,'
            " description TEXT NOT NULL, text TEXT NOT NULL, version TEXT NOT NULL,"
            " written TEXT, run_id TEXT, observations JSONB NOT NULL,"
            " updated_at TIMESTAMPTZ NOT NULL, search TSVECTOR NOT NULL)",
            "CREATE INDEX memory_entities_search ON memory_entities USING GIN (search)",
            "CREATE INDEX memory_entities_kind ON memory_entities (kind, name)",
            "CREATE INDEX memory_entities_run ON memory_entities (run_id) WHERE run_id IS NOT NULL",
            "CREATE TABLE memory_relations ("
            ' source TEXT COLLATE "C" NOT NULL REFERENCES memory_entities (name)'
            ' ON DELETE CASCADE, pos INTEGER NOT NULL, target TEXT COLLATE "C" NOT NULL,'
            " type TEXT NOT NULL, PRIMARY KEY (source, pos))",
            "CREATE INDEX memory_relations_target ON memory_relations (target)",
            "CREATE TABLE memory_user ("
            " id INTEGER PRIMARY KEY CHECK (id = 1), text TEXT NOT NULL,"
            " updated_at TIMESTAMPTZ NOT NULL)",
            # Which memory this is, for the folder sync's record of what it last synced.
            "CREATE TABLE memory_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
            "INSERT INTO memory_meta (key, value)"
            " VALUES ('id', md5(random()::text || clock_timestamp()::text))",
        ],
    ),
    # Saves counted, so a writer can check the row instead of reloading the run
    # (Transaction.check_run).
    (4, ["ALTER TABLE runs ADD COLUMN revision BIGINT NOT NULL DEFAULT 0"]),
    # Commits that only add events save the last seq here, not the whole body
    # (Transaction.put_seq); the column is the truth, read over the body's copy.
    (
        5,
        [
            "ALTER TABLE runs ADD COLUMN last_seq INTEGER NOT NULL DEFAULT 0",
            "UPDATE runs SET last_seq ="
            " COALESCE((SELECT MAX(seq) FROM events WHERE events.run_id = runs.id), 0)",
        ],
    ),
    # The first answer to each Idempotency-Key, per principal, until it expires
    # (engine/idempotency.py); written in the transaction that did the work.
    (
        6,
        [
            "CREATE TABLE idempotency ("
            " owner TEXT NOT NULL, key TEXT NOT NULL, fingerprint TEXT NOT NULL,"
            " answer TEXT NOT NULL, created_at TIMESTAMPTZ NOT NULL,"
            " expires_at TIMESTAMPTZ NOT NULL, PRIMARY KEY (owner, key))",
            "CREATE INDEX idempotency_expiry ON idempotency (expires_at)",
        ],
    ),
    # Memory spaces (planloop.memory.spaces): every note, relation and user.md belongs to
    # one space; the rows written so far are the shared space's (''). No default is left
    # behind, so a statement that forgets its space fails instead of writing the shared one.
    (
        7,
        [
            "ALTER TABLE memory_relations DROP CONSTRAINT memory_relations_source_fkey",
            "ALTER TABLE memory_relations DROP CONSTRAINT memory_relations_pkey",
            "ALTER TABLE memory_entities DROP CONSTRAINT memory_entities_pkey",
            "ALTER TABLE memory_entities ADD COLUMN space TEXT COLLATE \"C\" NOT NULL DEFAULT ''",
            "ALTER TABLE memory_entities ALTER COLUMN space DROP DEFAULT",
            "ALTER TABLE memory_entities ADD PRIMARY KEY (space, name)",
            "ALTER TABLE memory_relations ADD COLUMN space TEXT COLLATE \"C\" NOT NULL DEFAULT ''",
            "ALTER TABLE memory_relations ALTER COLUMN space DROP DEFAULT",
            "ALTER TABLE memory_relations ADD PRIMARY KEY (space, source, pos)",
            "ALTER TABLE memory_relations ADD FOREIGN KEY (space, source)"
            " REFERENCES memory_entities (space, name) ON DELETE CASCADE",
            "DROP INDEX memory_relations_target",
            "CREATE INDEX memory_relations_target ON memory_relations (space, target)",
            "DROP INDEX memory_entities_kind",
            "CREATE INDEX memory_entities_kind ON memory_entities (space, kind, name)",
            "DROP INDEX memory_entities_run",
            "CREATE INDEX memory_entities_run ON memory_entities (space, run_id)"
            " WHERE run_id IS NOT NULL",
            # user.md: one row per space (the id column and its one-row check go).
            "ALTER TABLE memory_user DROP COLUMN id",
            "ALTER TABLE memory_user ADD COLUMN space TEXT COLLATE \"C\" NOT NULL DEFAULT ''",
            "ALTER TABLE memory_user ALTER COLUMN space DROP DEFAULT",
            "ALTER TABLE memory_user ADD PRIMARY KEY (space)",
        ],
    ),
    # Every iteration's plan, kept (issue 16): a revised stretch adds the next revision of
    # its iterations, a person's edit the next of its iteration.
    (
        8,
        [
            "CREATE TABLE plan_versions ("
            " run_id TEXT NOT NULL, iteration INTEGER NOT NULL, revision INTEGER NOT NULL,"
            " plan TEXT NOT NULL, created_at TEXT NOT NULL,"
            " PRIMARY KEY (run_id, iteration, revision))",
        ],
    ),
    (
        9,
        [
            # The webhook outbox (engine/webhooks.py): written in the transaction of the
            # event each row tells of, claimed FOR UPDATE SKIP LOCKED by engine/courier.py.
            "CREATE TABLE webhook_deliveries ("
            " id TEXT PRIMARY KEY, run_id TEXT NOT NULL, type TEXT NOT NULL,"
            " target TEXT NOT NULL, url TEXT NOT NULL, payload TEXT NOT NULL,"
            " created_at TIMESTAMPTZ NOT NULL, next_attempt_at TIMESTAMPTZ NOT NULL,"
            " status TEXT NOT NULL, attempts INTEGER NOT NULL DEFAULT 0,"
            " last_status INTEGER, last_error TEXT, delivered_at TIMESTAMPTZ,"
            " claimed_by TEXT, claimed_until TIMESTAMPTZ)",
            "CREATE INDEX webhook_deliveries_due ON webhook_deliveries (status, next_attempt_at)",
            "CREATE INDEX webhook_deliveries_run ON webhook_deliveries (run_id, created_at)",
        ],
    ),
    # Share links of a run (issue 18): the token's SHA-256 only, never the token.
    (
        10,
        [
            "CREATE TABLE shares ("
            " token_hash TEXT PRIMARY KEY, token_id TEXT NOT NULL UNIQUE,"
            " run_id TEXT NOT NULL, owner TEXT NOT NULL, role TEXT NOT NULL,"
            " created_at TIMESTAMPTZ NOT NULL, expires_at TIMESTAMPTZ NOT NULL,"
            " revoked_at TIMESTAMPTZ, last_used_at TIMESTAMPTZ)",
            "CREATE INDEX shares_by_run ON shares (run_id, created_at)",
        ],
    ),
    # Presence (issue 19, store/postgres_presence.py): each process holds a session
    # advisory lock (PRESENCE_LOCKS, its lock_key) for its lifetime; PostgreSQL drops it
    # when the process's connection dies, so the leases of a worker listed in
    # dead_workers are void at once instead of when they lapse.
    (
        11,
        [
            "CREATE SEQUENCE worker_keys AS INTEGER CYCLE",
            "CREATE TABLE workers ("
            " worker TEXT PRIMARY KEY, lock_key INTEGER NOT NULL,"
            " started_at TIMESTAMPTZ NOT NULL)",
            "CREATE VIEW dead_workers AS SELECT w.worker FROM workers w WHERE NOT EXISTS ("  # noqa: S608
            " SELECT 1 FROM pg_locks l WHERE l.locktype = 'advisory' AND l.granted"
            f" AND l.classid = {PRESENCE_LOCKS} AND l.objid = w.lock_key AND l.objsubid = 2"
            " AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()))",
        ],
    ),
    # The big values are stored as text compressed with lz4 (issue 19, target 2). A run's
    # body is rewritten at every iteration (17 KB at a 4-iteration run's end): as JSONB with
    # PostgreSQL's default pglz, each write cost ~0.75 ms of the server's CPU, with text and
    # lz4 ~0.12 ms (docs/benchmarks.md). Nothing queries inside the bodies; planloop parses
    # them. Values written before stay as they are and read the same.
    (
        12,
        [
            "ALTER TABLE runs ALTER COLUMN body TYPE TEXT USING body::text",
            "ALTER TABLE checkpoints ALTER COLUMN body TYPE TEXT USING body::text",
            # lz4 exists from PostgreSQL 14 when the server was built with it (Debian's is);
            # elsewhere the columns keep the server's default.
            "DO $$ BEGIN"
            " IF EXISTS (SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression'"
            " AND 'lz4' = ANY(enumvals)) THEN"
            " EXECUTE 'ALTER TABLE runs ALTER COLUMN body SET COMPRESSION lz4';"
            " EXECUTE 'ALTER TABLE checkpoints ALTER COLUMN body SET COMPRESSION lz4';"
            " EXECUTE 'ALTER TABLE events ALTER COLUMN payload SET COMPRESSION lz4';"
            " EXECUTE 'ALTER TABLE plan_versions ALTER COLUMN plan SET COMPRESSION lz4';"
            " END IF; END $$",
        ],
    ),
    # A run's revision and last seq in a table of their own (store/sql.py: RUNS), as on
    # SQLite: a commit that only adds events changes them and nothing else of the run.
    (
        13,
        [
            "CREATE TABLE run_heads ("
            " run_id TEXT PRIMARY KEY, revision BIGINT NOT NULL, last_seq INTEGER NOT NULL)",
            "INSERT INTO run_heads (run_id, revision, last_seq)"
            " SELECT id, revision, last_seq FROM runs",
            "ALTER TABLE runs DROP COLUMN revision, DROP COLUMN last_seq",
        ],
    ),
]
