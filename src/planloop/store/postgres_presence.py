"""A process's presence in a PostgreSQL database: how replicas know at once that one died.

A lease alone says "mine until it lapses", so the runs of a killed replica waited out its
lease (15 s). Presence says "I am alive" in a way PostgreSQL keeps true by itself: each
process holds a session advisory lock, ``(PRESENCE_LOCKS, lock_key)``, on a connection
of its own for as long as it lives, and lists its worker id with that key in ``workers``
(committed only once the lock is held). When the process dies, the kernel closes its
socket, PostgreSQL ends the session and the lock is gone; the view ``dead_workers`` (the
listed workers whose lock nobody holds) then names it, and claims treat its leases, and its
claims of webhook deliveries, as lapsed (store/sql.py: ``Dialect.dead_holder``). A host
that vanishes without closing the socket is found by TCP keepalives on that connection
(about 11 s), or by its leases lapsing, whichever comes first.

Fencing does not depend on it: a lease is still taken by changing ``lease_owner`` under
the row lock, and every runner commit checks ``lease_owner`` and ``revision``. Presence
adds one thing to that check (``Dialect.live_holder``): the holder must still be present,
so a process whose connection was cut (a partition, ``pg_terminate_backend``) cannot
commit even before someone else has claimed its runs.

When its own presence is lost, the process stops executing runs (``lost`` is called: the
scheduler cancels them) and takes the lock again with the same key as soon as it can;
runs it still held are released then (``Scheduler``), and claimed afresh like any other.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Callable

import asyncpg

from planloop.store.postgres_schema import PRESENCE_LOCKS

log = logging.getLogger(__name__)

# The server probes this connection's socket when it is idle, so a host that vanished
# without closing it (power, network) drops its lock in about 5 + 2 x 3 s.
KEEPALIVES = {
    "tcp_keepalives_idle": "5",
    "tcp_keepalives_interval": "2",
    "tcp_keepalives_count": "3",
}
# How long a probe may go unanswered before the lock counts as lost. A closed connection is
# noticed at once (the probe fails, the termination listener fires); a slow answer is no
# evidence, since the server keeps the lock until its keepalives give up on this socket
# (5 + 2 x 3 s). A shorter wait only mistook a starved event loop for a lost lock, and
# then every run here stopped and moved to another process for nothing.
SILENT_S = 11.0
_TAKE = "SELECT pg_try_advisory_lock($1, $2)"
_LIST = (
    "INSERT INTO workers (worker, lock_key, started_at) VALUES ($1, $2, now())"
    " ON CONFLICT (worker) DO UPDATE SET lock_key = EXCLUDED.lock_key"
)
# Workers that are gone and hold no lease or claim have nothing left to say.
_HOLDS_NOTHING = (
    " AND NOT EXISTS (SELECT 1 FROM runs WHERE lease_owner = {w})"
    " AND NOT EXISTS (SELECT 1 FROM webhook_deliveries WHERE claimed_by = {w})"
)
_FORGET = (
    "DELETE FROM workers w WHERE w.worker IN (SELECT worker FROM dead_workers)"  # noqa: S608
    + _HOLDS_NOTHING.format(w="w.worker")
)
_UNLIST = "DELETE FROM workers WHERE worker = $1" + _HOLDS_NOTHING.format(w="$1")  # noqa: S608


class Presence:
    """Holds ``worker``'s presence lock on a dedicated connection until :meth:`close`."""

    def __init__(
        self, url: str, worker: str, lost: Callable[[], None], *, check_s: float = 1.0
    ) -> None:
        self.url = url
        self.worker = worker
        self._lost = lost
        self._check_s = check_s
        self._key: int | None = None
        self._conn: asyncpg.Connection | None = None
        self._gone = asyncio.Event()
        self._task: asyncio.Task[None] | None = None
        self.present = False

    async def start(self) -> None:
        """Take the lock and list the worker (raises if the database cannot be reached)."""
        conn = await self._connect()
        try:
            await conn.execute(_FORGET)
            self._key = int(await conn.fetchval("SELECT nextval('worker_keys')"))
            if not await self._hold(conn):
                raise RuntimeError(f"presence lock {self._key} is taken")  # a fresh key
        except BaseException:
            await _drop(conn)
            raise
        self._watch(conn)
        self._task = asyncio.create_task(self._keep(), name="planloop-presence")

    async def close(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._task
            self._task = None
        conn, self._conn = self._conn, None
        self.present = False
        if conn is not None:
            with contextlib.suppress(Exception):
                # A clean exit: unlisted, unless it still holds leases or claims (they
                # are void once its lock is gone, a moment from now).
                await conn.execute(_UNLIST, self.worker)
            await _drop(conn)

    async def _connect(self) -> asyncpg.Connection:
        conn: asyncpg.Connection = await asyncpg.connect(self.url, server_settings=KEEPALIVES)
        return conn

    async def _hold(self, conn: asyncpg.Connection) -> bool:
        """Take the lock and (re)list the worker in one transaction: the row is seen by
        others only once the lock is held, so a listed live worker is never taken for dead."""
        async with conn.transaction():
            if not await conn.fetchval(_TAKE, PRESENCE_LOCKS, self._key):
                return False
            await conn.execute(_LIST, self.worker, self._key)
        return True

    def _watch(self, conn: asyncpg.Connection) -> None:
        self._conn = conn
        self._gone.clear()
        conn.add_termination_listener(lambda _c: self._gone.set())
        self.present = True

    async def _keep(self) -> None:
        """Notice a lost connection (closed, or silent for too long), then take the lock
        again, for as long as the process runs."""
        while True:
            await self._until_lost()
            self.present = False
            log.warning("presence in the database lost: this process stops executing runs")
            with contextlib.suppress(Exception):
                self._lost()
            if self._conn is not None:
                await _drop(self._conn)
                self._conn = None
            await self._regain()

    async def _until_lost(self) -> None:
        conn = self._conn
        assert conn is not None
        while True:
            # asyncio.timeout, not wait_for: on 3.11 wait_for can swallow the cancel of
            # close() when what it waits for finishes at that moment, and the loop lives on.
            with contextlib.suppress(TimeoutError):
                async with asyncio.timeout(self._check_s):
                    await self._gone.wait()
                return
            try:
                async with asyncio.timeout(max(3 * self._check_s, SILENT_S)):
                    await conn.fetchval("SELECT 1")
            except asyncio.CancelledError:
                raise
            except Exception:
                return

    async def _regain(self) -> None:
        while True:
            await asyncio.sleep(min(self._check_s, 0.2))
            try:
                async with asyncio.timeout(3 * self._check_s):
                    conn = await self._connect()
            except asyncio.CancelledError:
                raise
            except Exception as exc:
                log.debug("presence: cannot reconnect yet (%s)", exc)
                continue
            try:
                held = await self._hold(conn)
            except asyncio.CancelledError:
                await _drop(conn)
                raise
            except Exception:
                held = False
            if held:
                self._watch(conn)
                log.warning("presence in the database regained")
                return
            await _drop(conn)  # the old session still holds it: not gone yet


async def _drop(conn: asyncpg.Connection) -> None:
    with contextlib.suppress(Exception):
        conn.terminate()
