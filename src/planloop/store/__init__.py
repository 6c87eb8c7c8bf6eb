"""Persistence: one Store interface, a backend chosen by the database URL."""

from __future__ import annotations

from planloop.settings import backend_of
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
    "open_store",
]
