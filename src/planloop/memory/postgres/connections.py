"""The memory's connections to PostgreSQL: a thread-safe pool for the synchronous memory API,
and one on the server's event loop for the read a request waits on.

The memory API is synchronous and the server calls it through a thread (see
:mod:`planloop.memory.postgres.memory`). One read is worth more: the grounding at every run's
creation, on the path from ``POST /api/runs`` to the run's first event. In a thread it paid
two hops between threads and the GIL on top of its round trip (1.0 ms in a server against
0.65 ms on the loop, p50 of 300 creations); :class:`LoopPool` sends it from the event loop,
on psycopg's asyncio connections, the same statement text as everywhere else. That pool is
opened by the first read, in the loop that makes it, and closed by :meth:`LoopPool.close`
in that loop (:mod:`planloop.runtime` does it at shutdown).
"""

from __future__ import annotations

import asyncio
import select
from collections.abc import Mapping, Sequence
from typing import Any, LiteralString

import psycopg
from psycopg_pool import AsyncConnectionPool, ConnectionPool

from planloop.memory.postgres.rows import Conn

CONNECT_TIMEOUT_S = 10

AsyncConn = psycopg.AsyncConnection[tuple[Any, ...]]


def database_url(url: str) -> str:
    """A libpq URL from planloop's database URL (``postgresql+asyncpg://`` accepted)."""
    for prefix in ("postgresql+asyncpg://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return url


def has_news(fileno: int) -> bool:
    """Whether an idle connection has something to read. An idle connection has nothing; one
    the server closed while it sat in a pool (a restart, an idle timeout,
    ``pg_terminate_backend``) has its goodbye or end of file waiting. A poll that does not
    block decides (not select(): a busy server's descriptors pass 1,024)."""
    waiting = select.poll()
    waiting.register(fileno, select.POLLIN)
    return bool(waiting.poll(0))


def still_open(conn: Conn) -> None:
    """The thread pool's check of a connection it hands out: raises when the server has
    closed it. Pinged as psycopg_pool's own check would (which pings every time: one more
    round trip for each use of the pool, half of a grounding's) only when it has news."""
    if has_news(conn.fileno()):
        ConnectionPool.check_connection(conn)


async def still_open_async(conn: AsyncConn) -> None:
    """:func:`still_open` for the loop's pool."""
    if has_news(conn.fileno()):
        await AsyncConnectionPool.check_connection(conn)


class LoopPool:
    """An asyncio pool on ``url``, opened by the first :meth:`rows` in the running loop."""

    def __init__(self, url: str, *, max_size: int, connect_timeout: float) -> None:
        self.url = url
        self.max_size = max_size
        self.connect_timeout = connect_timeout
        self._pool: AsyncConnectionPool[AsyncConn] | None = None
        self._opened: asyncio.Future[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    @property
    def is_open(self) -> bool:
        return self._pool is not None

    async def _ready(self) -> AsyncConnectionPool[AsyncConn]:
        loop = asyncio.get_running_loop()
        if self._pool is None:
            self._pool = AsyncConnectionPool(
                self.url,
                min_size=1,
                max_size=self.max_size,
                kwargs={"autocommit": True, "connect_timeout": self.connect_timeout},
                check=still_open_async,
                open=False,
                name="planloop-memory-loop",
            )
            self._loop = loop
            # Every caller until it is open waits for the same opening.
            self._opened = asyncio.ensure_future(self._pool.open())
        elif loop is not self._loop:
            raise RuntimeError("the memory's loop pool belongs to another event loop")
        assert self._opened is not None
        await self._opened
        return self._pool

    async def rows(
        self, sql: LiteralString, params: Sequence[Any] | Mapping[str, Any]
    ) -> list[tuple[Any, ...]]:
        """A read's rows. A connection the server closed just as it was handed out fails
        the read, which is then sent once more, on another connection."""
        pool = await self._ready()
        try:
            async with pool.connection() as conn:
                return await (await conn.execute(sql, params)).fetchall()
        except psycopg.OperationalError:
            pass
        async with pool.connection() as conn:  # the pool dropped the broken one
            return await (await conn.execute(sql, params)).fetchall()

    async def close(self) -> None:
        """Close the pool (if a read opened it), in the loop it was opened in."""
        pool, self._pool, self._opened, self._loop = self._pool, None, None, None
        if pool is not None:
            await pool.close()
