"""Persistence: one Store interface, a backend chosen by the database URL."""

from __future__ import annotations

import os
from pathlib import Path

from planloop.settings import backend_of, sqlite_path
from planloop.store.base import (
    EntityRecord,
    IdempotencyRecord,
    PlanVersion,
    RunChanged,
    ShareRecord,
    Store,
    Transaction,
    WebhookDelivery,
    WebhookOutcome,
)


def missing_store(url: str) -> Path | None:
    """The file a SQLite URL names when it is not there (or is empty), as an absolute path
    (``:memory:``, whose database is new with each process, is never there before it);
    None when it is, or the store is PostgreSQL's (a server to connect to)."""
    if backend_of(url) != "sqlite":
        return None
    path = sqlite_path(url)[0]
    if path == ":memory:":
        return Path(path)
    if os.path.exists(path) and os.path.getsize(path) > 0:  # an empty file holds none
        return None
    return Path(os.path.abspath(path))


def open_store(url: str) -> Store:
    """The backend the URL names (:func:`planloop.settings.backend_of`), not yet opened."""
    if backend_of(url) == "sqlite":
        from planloop.store.sqlite import SqliteStore

        return SqliteStore(url)
    from planloop.store.postgres import PostgresStore

    return PostgresStore(url)


__all__ = [
    "EntityRecord",
    "IdempotencyRecord",
    "PlanVersion",
    "RunChanged",
    "ShareRecord",
    "Store",
    "Transaction",
    "WebhookDelivery",
    "WebhookOutcome",
    "missing_store",
    "open_store",
]
