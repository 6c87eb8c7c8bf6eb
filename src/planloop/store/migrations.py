"""Schema migrations: the one runner, for both schemas and every connection that opens them.

A schema is an ordered list of migrations, each a version and its statements
(:mod:`planloop.store.sqlite_schema`, :mod:`planloop.store.postgres_schema`). A database
records the versions it has in ``schema_migrations``; opening it applies the others, in
order, in one transaction, each followed by its record. Which versions to apply, and the
statements that do it, are decided here, without a connection, so that every driver
(aiosqlite for the SQLite store, asyncpg for the PostgreSQL store, psycopg for the memory
opened without the store) runs the same plan::

    in one transaction:  opening statements → read APPLIED → the pending statements

A schema that several processes may open at once serialises them in its opening
statements (PostgreSQL: an advisory lock held until the transaction ends); SQLite's
``BEGIN IMMEDIATE`` already does.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass

Migration = tuple[int, list[str]]

APPLIED = "SELECT version FROM schema_migrations"
"""The versions a database has (the first column of each row)."""

# Filled with a number and the dialect's own SQL for the time: nothing from outside.
_RECORD = "INSERT INTO schema_migrations (version, applied_at) VALUES ({version}, {now})"


@dataclass(frozen=True)
class Ledger:
    """How one dialect records the migrations it has applied."""

    timestamp_type: str
    """The SQL type of ``applied_at``."""
    now: Callable[[], str]
    """The SQL for the present moment, as ``applied_at`` takes it."""
    lock: str | None = None
    """A statement that keeps other processes from migrating until the transaction ends."""

    def opening(self) -> list[str]:
        """What the transaction runs first, before it reads :data:`APPLIED`."""
        create = (
            "CREATE TABLE IF NOT EXISTS schema_migrations"
            f" (version INTEGER PRIMARY KEY, applied_at {self.timestamp_type} NOT NULL)"
        )
        return [create] if self.lock is None else [self.lock, create]

    def pending(self, migrations: Sequence[Migration], applied: Collection[int]) -> list[str]:
        """The statements of every migration not yet applied, in order, each migration
        followed by its record."""
        now = self.now()
        statements: list[str] = []
        for version, migration in migrations:
            if version in applied:
                continue
            statements += migration
            statements.append(_RECORD.format(version=int(version), now=now))
        return statements
