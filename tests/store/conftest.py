"""Fixtures of the store tests that need PostgreSQL itself: processes sharing one database."""

from __future__ import annotations

import os
from collections.abc import AsyncIterator

import pytest

from planloop.store import Store, open_store


@pytest.fixture
def pg_url(backend: str) -> str:
    """A fresh database on the suite's PostgreSQL (the test is skipped on SQLite: the
    PostgreSQL pass of the README's test command runs it)."""
    if backend != "postgres":
        pytest.skip("replicas share a PostgreSQL database (--backend=postgres)")
    from tests.pg import create_database

    return create_database(os.environ["PLANLOOP_TEST_PG_URL"])


@pytest.fixture
async def pg_stores(pg_url: str) -> AsyncIterator[list[Store]]:
    """Two stores open on that database, as two replicas hold it."""
    opened = []
    for _ in range(2):
        s = open_store(pg_url)
        await s.open()
        opened.append(s)
    yield opened
    for s in opened:
        await s.close()
