"""Everything a planloop process runs on, opened and closed in one place, in one order.

The server's lifespan, the terminal client's embedded mode, ``planloop mcp`` and
``planloop memory`` all come through here, so each opens the store, the memory, the
planner and the engine the same way and closes them in the reverse order:

    open:  store → memory (its spaces) → plan processes → planner → (memory watcher) →
           engine (→ its scheduler and relay)
    close: engine (its open streams first) → watcher → planner → plan processes → memory → store

The memory is every principal's (:mod:`planloop.memory.spaces`): the engine grounds and saves
a run's plan in its owner's space, and a route or tool reaches only its principal's.

A part that fails to open closes every part opened before it.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass

from planloop.engine import Broker, Engine
from planloop.errors import CannotOpen, StoreMissing
from planloop.memory import Memory, MemorySpaces, open_memory, open_spaces, watch_memory
from planloop.plan_processes import PlanProcesses
from planloop.planners import Planner, make_planner
from planloop.settings import Settings
from planloop.store import Store, missing_store, open_store

log = logging.getLogger("planloop")


@dataclass(frozen=True)
class Runtime:
    settings: Settings
    store: Store
    spaces: MemorySpaces
    planner: Planner
    engine: Engine
    processes: PlanProcesses


@contextlib.asynccontextmanager
async def running(
    settings: Settings,
    *,
    execute: bool = True,
    watch: bool = False,
    reads_only: bool = False,
    existing: bool = False,
) -> AsyncIterator[Runtime]:
    """Open every part for ``settings``. With ``execute`` the engine's scheduler runs, so
    runs advance while the block lasts; with ``watch`` edits people make to the memory
    folder are followed (a server's job; the database needs nothing). With ``reads_only``
    (a command that only reads: ``planloop runs``, ``show``) nothing is made: a SQLite file
    that is not there is :class:`StoreMissing`, and a memory folder that is not there is
    read as empty. With ``existing`` (a command on runs already there) the SQLite file
    must be there too, but the rest is as without ``reads_only``."""
    if (reads_only or existing) and (missing := missing_store(settings.database_url)) is not None:
        folder = "" if missing.parent.is_dir() else f", nor its folder {missing.parent}"
        raise StoreMissing(f"no planloop database at {missing}{folder} (PLANLOOP_DATABASE_URL)")
    async with contextlib.AsyncExitStack() as stack:
        store = open_store(settings.database_url)
        try:
            await store.open()
        except Exception as exc:  # sqlite3's, asyncpg's and the OS's: the cause, in one line
            raise CannotOpen(f"cannot open the store {_where(settings)}: {_one_line(exc)}") from exc
        stack.push_async_callback(store.close)
        # The folder (index synced), or PostgreSQL's rows: blocking, so in a thread.
        try:
            spaces = await asyncio.to_thread(open_spaces, settings, make=not reads_only)
        except Exception as exc:
            raise CannotOpen(f"cannot open the memory: {_one_line(exc)}") from exc
        stack.push_async_callback(asyncio.to_thread, spaces.close)
        stack.push_async_callback(spaces.aclose)  # first: in the loop, before close
        if not reads_only:  # a server's, an MCP server's or a planning terminal's warning
            await asyncio.to_thread(_say_whose, spaces)
        # Before the planner and the engine, which hand it plan work; closed after them.
        # Started now only where runs execute (no worker for a start-up check).
        processes = PlanProcesses(settings.plan_processes)
        if execute:
            processes.start()
        stack.push_async_callback(processes.close)
        planner = make_planner(settings, processes)
        stack.push_async_callback(_close_planner, planner)
        if watch:
            # The shared space: the folder people edit. Other spaces are planloop's alone
            # (a read syncs their index first), so there is nothing else to follow.
            watcher = await watch_memory(spaces.shared)
            stack.push_async_callback(watcher.stop)
        engine = Engine(store, Broker(), planner, spaces, settings, processes)
        if execute:
            await engine.start()
        stack.push_async_callback(engine.stop)
        yield Runtime(settings, store, spaces, planner, engine, processes)


def _say_whose(spaces: MemorySpaces) -> None:
    """With API tokens each principal has its own memory: say so when the shared memory
    holds notes that nobody is given (a memory used before tokens were configured)."""
    policy = spaces.policy
    if not policy.per_principal or policy.shared_owners or policy.shared_sessions:
        return
    notes = len(spaces.shared.list_entities())
    if notes:
        log.warning(
            "memory: with API tokens each principal has a memory space of its own; the"
            " shared memory's %d notes are used by no one (PLANLOOP_SHARED_MEMORY names who"
            " keeps using them; see docs/memory.md)",
            notes,
        )


def _where(settings: Settings) -> str:
    """The store named without a password: a PostgreSQL URL may carry one."""
    url = settings.database_url
    if settings.backend == "sqlite":
        return url
    scheme, _, rest = url.partition("://")
    return f"{scheme}://{rest.rpartition('@')[2]}"


def _one_line(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return f"{type(exc).__name__}: {text}"


async def _close_planner(planner: Planner) -> None:
    aclose = getattr(planner, "aclose", None)  # a model planner holds an HTTP client
    if aclose is not None:
        await aclose()


def open_memory_alone(settings: Settings) -> Memory:
    """The memory alone, for ``planloop memory``: the space ``PLANLOOP_MEMORY_SPACE`` names,
    else the shared one (synchronous, like the memory API; the caller closes it)."""
    try:
        return open_memory(settings, settings.memory_space)
    except Exception as exc:  # psycopg's and the pool's errors: the database is unreachable
        raise CannotOpen(f"cannot open the memory: {exc}") from exc
