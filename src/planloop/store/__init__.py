"""Persistence: one Store interface, a backend chosen by the database URL."""

from __future__ import annotations

from planloop.store.base import EntityRecord, RunChanged, Store, Transaction


def open_store(url: str) -> Store:
    """Pick the backend from the URL scheme (the store is opened by the app's lifespan)."""
    if url.startswith("sqlite:"):
        from planloop.store.sqlite import SqliteStore

        return SqliteStore(url)
    if url.startswith(("postgresql:", "postgres:", "postgresql+asyncpg:")):
        from planloop.store.postgres import PostgresStore

        return PostgresStore(url)
    raise ValueError(f"unsupported database URL {url!r}: use sqlite:///path or postgresql://...")


__all__ = ["EntityRecord", "RunChanged", "Store", "Transaction", "open_store"]
