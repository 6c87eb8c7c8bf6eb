"""PostgreSQL schema migrations: ordered, recorded, applied under an advisory lock so that
replicas starting at the same moment apply each migration exactly once."""

from __future__ import annotations

MIGRATION_LOCK = 7_311_205_001  # pg_advisory_xact_lock key for migrations

MIGRATIONS: list[tuple[int, list[str]]] = [
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
]
