"""Which memory a process uses: the folder, or — with PostgreSQL — the database.

``PLANLOOP_DATABASE_URL=postgresql://…`` puts the whole store in PostgreSQL, memory included
(:class:`planloop.memory.pg.PgMemory`): several replicas then share one memory, and
``PLANLOOP_MEMORY_DIR`` is not live (``planloop memory export|import --vault DIR`` syncs a
folder with it). Otherwise the folder is the memory (:class:`planloop.memory.vault.Vault`),
followed by a watcher while a server runs.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Protocol

from planloop.memory.base import Memory
from planloop.memory.vault import Vault

if TYPE_CHECKING:
    from planloop.settings import Settings

POSTGRES_SCHEMES = ("postgresql:", "postgres:", "postgresql+asyncpg:")


def in_database(database_url: str) -> bool:
    """Whether this database URL keeps the memory (PostgreSQL) rather than the folder."""
    return database_url.startswith(POSTGRES_SCHEMES)


def open_memory(settings: Settings) -> Memory:
    """The memory of these settings (blocking: opening PostgreSQL connects and migrates)."""
    if in_database(settings.database_url):
        from planloop.memory.pg import PgMemory

        return PgMemory(settings.database_url)
    return Vault(settings.memory_dir)


class Following(Protocol):
    async def stop(self) -> None: ...


class _Closing:
    def __init__(self, memory: Memory) -> None:
        self.memory = memory

    async def stop(self) -> None:
        await asyncio.to_thread(self.memory.close)


async def watch_memory(memory: Memory) -> Following:
    """Keep the memory current while a server runs: a folder is watched for edits people
    make (:class:`planloop.memory.watcher.MemoryWatcher`); the database needs nothing.
    ``stop()`` ends that and closes the memory."""
    if isinstance(memory, Vault):
        from planloop.memory.watcher import MemoryWatcher

        return await MemoryWatcher(memory).start()
    return _Closing(memory)
