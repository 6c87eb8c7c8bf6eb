"""Which memory a process uses: the folder, or — with PostgreSQL — the database; and whose.

``PLANLOOP_DATABASE_URL=postgresql://…`` puts the whole store in PostgreSQL, memory included
(:class:`planloop.memory.postgres.memory.PgMemory`): several replicas then share one memory, and
``PLANLOOP_MEMORY_DIR`` is not live (``planloop memory export|import --vault DIR`` syncs a
folder with it). Otherwise the folder is the memory (:class:`planloop.memory.folder.vault.Vault`),
followed by a watcher while a server runs. Either way the memory is divided into spaces, one per
principal when API tokens are configured (:mod:`planloop.memory.spaces`).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from planloop.memory.base import Memory
from planloop.memory.folder.spaces import SPACES_DIR, AbsentSpaces, FolderSpaces
from planloop.memory.folder.vault import Vault
from planloop.memory.spaces import SHARED, MemorySpaces, SpacePolicy, check_space_id

if TYPE_CHECKING:
    from planloop.settings import Settings


def open_spaces(settings: Settings, *, make: bool = True) -> MemorySpaces:
    """Every principal's memory of these settings (blocking: opening PostgreSQL connects and
    migrates). The caller closes it. Without ``make`` (a command that only reads) a memory
    folder that is not there is read as empty and not made."""
    policy = SpacePolicy.of(settings)
    if settings.backend == "postgres":
        from planloop.memory.postgres.memory import PgMemory
        from planloop.memory.postgres.spaces import PgSpaces

        return PgSpaces(PgMemory(settings.database_url), policy)
    root = Path(settings.memory_dir)
    if not make and not is_memory_folder(root):
        return AbsentSpaces(root, policy)
    return FolderSpaces(Vault(root), policy)


def memory_folder(settings: Settings, space: str = SHARED) -> Path | None:
    """The folder that holds ``space`` of these settings' memory (None: it is PostgreSQL's)."""
    check_space_id(space)
    if settings.backend == "postgres":
        return None
    root = Path(settings.memory_dir)
    return root if space == SHARED else root / SPACES_DIR / space


def is_memory_folder(folder: Path) -> bool:
    """Whether ``folder`` holds a memory (its ``entities/``), as a vault once opened does."""
    return (folder / "entities").is_dir()


def open_memory(settings: Settings, space: str = SHARED) -> Memory:
    """One space of these settings' memory, on its own (the shared one by default; a space
    that does not exist yet is made): what ``planloop memory`` works on."""
    folder = memory_folder(settings, space)
    if folder is None:
        from planloop.memory.postgres.memory import PgMemory

        return PgMemory(settings.database_url, space=space)
    return Vault(folder)


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
