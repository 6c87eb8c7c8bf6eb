"""Which memory a process uses: the folder, or — with PostgreSQL — the database.

``PLANLOOP_DATABASE_URL=postgresql://…`` puts the whole store in PostgreSQL, memory included
(:class:`planloop.memory.postgres.memory.PgMemory`): several replicas then share one memory, and
``PLANLOOP_MEMORY_DIR`` is not live (``planloop memory export|import --vault DIR`` syncs a
folder with it). Otherwise the folder is the memory (:class:`planloop.memory.folder.vault.Vault`),
followed by a watcher while a server runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from planloop.memory.base import Memory
from planloop.memory.folder.vault import Vault

if TYPE_CHECKING:
    from planloop.settings import Settings


def open_memory(settings: Settings) -> Memory:
    """The memory of these settings (blocking: opening PostgreSQL connects and migrates)."""
    if settings.backend == "postgres":
        from planloop.memory.postgres.memory import PgMemory

        return PgMemory(settings.database_url)
    return Vault(settings.memory_dir)


class Following(Protocol):
    async def stop(self) -> None: ...


class _Unwatched:
    async def stop(self) -> None:
        return None


async def watch_memory(memory: Memory) -> Following:
    """Keep the memory current while a server runs: a folder is watched for edits people
    make (:class:`planloop.memory.folder.watcher.MemoryWatcher`); the database needs nothing.
    ``stop()`` ends that (the memory stays open: :mod:`planloop.runtime` closes it)."""
    if isinstance(memory, Vault):
        from planloop.memory.folder.watcher import MemoryWatcher

        return await MemoryWatcher(memory).start()
    return _Unwatched()
