"""Memory in PostgreSQL for the memory tests: a fresh database per test."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from planloop.memory.postgres.memory import PgMemory
from tests.pg import create_database


@pytest.fixture
def pg_url(pg_admin_url: str) -> str:
    """A fresh, empty database on the session's PostgreSQL."""
    return create_database(pg_admin_url)


@pytest.fixture
def open_pg(pg_url: str) -> Iterator[Callable[..., PgMemory]]:
    """Opens memories on the test's database (``open_pg()``) or another (``open_pg(url)``),
    as replicas do; all closed at the end."""
    opened: list[PgMemory] = []

    def open_one(url: str = pg_url) -> PgMemory:
        memory = PgMemory(url)
        opened.append(memory)
        return memory

    yield open_one
    for memory in opened:
        memory.close()


@pytest.fixture
def pg(open_pg: Callable[..., PgMemory]) -> PgMemory:
    return open_pg()
