"""Plan work in processes of its own: the offline planner's writing and every plan's checks.

Both are pure CPU on what they are handed (an iteration's context; a plan and its goal).
Done in the server's process they hold the event loop, and with it the GIL, for a
millisecond or more each: every stream, request and commit waits behind them, and when
many runs end an iteration at once their bursts make the delivery tail
(docs/benchmarks.md, Throughput at model pacing, item 10).

``PLANLOOP_PLAN_PROCESSES`` = N > 0 hands them to N worker processes instead, so the loop
only waits for the answer. With 0, the default, they run in line and no process starts:
a laptop with a run or two gains nothing from the extra process.

Workers come from multiprocessing's forkserver, which imports the program's main module
as every multiprocessing start but "fork" does: ``planloop serve``, ``planloop mcp`` and
``python -m planloop`` are safe; a script of one's own that embeds planloop with workers
keeps its start under ``if __name__ == "__main__":``.

A worker that dies (killed, out of memory) breaks its pool. The call that met the broken
pool is done in line, and the next call starts a fresh pool: a run never fails because a
helper process went away. A function that raises in a worker raises the same here. Where
no worker can start at all (no /dev/shm for multiprocessing's semaphores), the server says
so once and does its plan work in line.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import multiprocessing
import os
import select
import signal
import threading
import time
from collections.abc import Callable
from concurrent.futures import BrokenExecutor, ProcessPoolExecutor
from typing import Any, TypeVar

log = logging.getLogger("planloop")

T = TypeVar("T")
SERVER_POLL_S = 1.0  # where there are no pidfds: how often a worker looks for its server


class PlanProcesses:
    """Runs plan work in ``processes`` worker processes (0: in line, in the caller)."""

    def __init__(self, processes: int = 0) -> None:
        if processes < 0:
            raise ValueError("processes must be 0 or more")
        self.processes = processes
        self._pool: ProcessPoolExecutor | None = None
        self._closed = False

    @property
    def started(self) -> bool:
        """Whether workers are up (or starting): never with 0 processes."""
        return self._pool is not None

    def start(self) -> None:
        """Start the workers now, each importing the plan code, so the first iteration does
        not wait for them. Nothing to do in line."""
        if self.processes and not self._closed and self._pool is None:
            with contextlib.suppress(OSError, BrokenExecutor):  # run() meets it, and says so
                self._fresh().submit(_ready)

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """``fn(*args)``, in a worker when there are any. ``fn`` and its arguments cross to
        the worker by pickling: a module-level function and plain data."""
        if not self.processes or self._closed:
            return fn(*args)
        try:
            pool = self._pool or self._fresh()
        except OSError as exc:
            return self._without_workers(exc, fn, *args)
        try:
            future = pool.submit(fn, *args)
        except OSError as exc:
            return self._without_workers(exc, fn, *args)
        except (BrokenExecutor, RuntimeError) as exc:  # broken, or shut down meanwhile
            return self._in_line(pool, exc, fn, *args)
        try:
            return await asyncio.wrap_future(future)
        except BrokenExecutor as exc:  # a worker died; what ``fn`` raises comes as itself
            return self._in_line(pool, exc, fn, *args)

    async def close(self) -> None:
        """Stop the workers; a call still waiting is cancelled, later calls run in line."""
        self._closed = True
        pool, self._pool = self._pool, None
        if pool is not None:
            await asyncio.to_thread(pool.shutdown, wait=True, cancel_futures=True)

    def _fresh(self) -> ProcessPoolExecutor:
        self._pool = self._new_pool()
        return self._pool

    def _new_pool(self) -> ProcessPoolExecutor:
        # forkserver: each worker is forked from a small clean server process, never from
        # this one with its threads, sockets and event loop.
        context = multiprocessing.get_context("forkserver")
        return ProcessPoolExecutor(
            self.processes, mp_context=context, initializer=_begin, initargs=(os.getpid(),)
        )

    def _without_workers(self, exc: OSError, fn: Callable[..., T], *args: Any) -> T:
        """No worker can start here (no /dev/shm for multiprocessing's semaphores, no
        processes left): plan work stays in line for this process's life, said once."""
        log.warning("plan processes: cannot start a worker (%s); plan work runs in line", exc)
        self.processes = 0
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=False, cancel_futures=True)
        return fn(*args)

    def _in_line(
        self, pool: ProcessPoolExecutor, exc: BaseException, fn: Callable[..., T], *args: Any
    ) -> T:
        if pool is self._pool:  # the first call to meet the break drops the pool
            self._pool = None
            log.warning(
                "plan processes: a worker stopped (%s); this plan work is done in line and "
                "the next starts a fresh worker",
                type(exc).__name__,
            )
            pool.shutdown(wait=False, cancel_futures=True)
        return fn(*args)


def _begin(server: int) -> None:
    """A worker's start. It ignores the terminal's Ctrl-C: the server stops it when it stops
    itself. And it ends when the server ends, however that happens: a worker waits for its
    next call on a queue it holds both ends of, so a SIGKILLed server's worker would wait
    forever, and keep the forkserver alive with it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(
        target=_end_with, args=(server,), name="planloop-server-watch", daemon=True
    ).start()


def _end_with(server: int) -> None:
    """Wait for process ``server`` to end (a pidfd turns readable), then end this one."""
    try:
        pidfd = os.pidfd_open(server)
    except (AttributeError, OSError):  # no pidfds here, or already gone: poll instead
        while _alive(server):
            time.sleep(SERVER_POLL_S)
    else:
        select.select([pidfd], [], [])
    os._exit(0)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    return True  # PermissionError too: it exists, as someone else's


def _ready() -> None:
    """Import what plan work needs, once per worker, before the first call needs it."""
    import planloop.checks.rules
    import planloop.planners.offline.draft  # noqa: F401
