"""The folder's spaces: the memory folder is the shared space, every other space a folder of
the same layout below it::

    <memory dir>/user.md, entities/, .planloop/     the shared space (as it always was)
    <memory dir>/spaces/<space id>/user.md, entities/, .planloop/index.db   one per principal

A space's folder is made by its first write (a note created, a plan saved), never by a read:
until then :class:`UnmadeSpace` answers for it — nothing listed, nothing found — so requests
that only look (a cookieless visitor opening the page, say) leave nothing on disk. Opened
spaces are kept (at most ``KEEP_OPEN``, the least recently used let go; one still in use
stays valid). Only the shared space is watched (:mod:`.watcher`): the others are read by
planloop alone, and a read syncs their index first, so they are never stale either.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

from planloop.errors import MemoryUnwritable
from planloop.memory import notes
from planloop.memory.base import EntitySummary, GraphIndex, Memory, NoteReads
from planloop.memory.folder.vault import Vault
from planloop.memory.index import GraphEntity, GraphRelation, SearchHit
from planloop.memory.names import EntityNotFound, validate_entity_name
from planloop.memory.spaces import MemorySpaces, SpacePolicy

SPACES_DIR = "spaces"
KEEP_OPEN = 64


class FolderSpaces(MemorySpaces):
    """The spaces of one memory folder (see the module docstring)."""

    def __init__(
        self, shared: Vault, policy: SpacePolicy | None = None, *, keep_open: int = KEEP_OPEN
    ) -> None:
        super().__init__(shared, policy)
        self.root = shared.root
        self.keep_open = keep_open
        self._vaults: OrderedDict[str, Vault] = OrderedDict()
        self._lock = threading.Lock()

    def folder(self, space: str) -> Path:
        return self.root / SPACES_DIR / space

    def _open(self, space: str) -> Memory:
        return self.opened(space) or UnmadeSpace(self, space)

    def _already_open(self, space: str) -> Memory | None:
        with self._lock:
            return self._vaults.get(space)

    def opened(self, space: str, *, make: bool = False) -> Vault | None:
        """The space's vault if its folder exists (or ``make``: made now), else None."""
        with self._lock:
            vault = self._vaults.get(space)
            if vault is not None:
                self._vaults.move_to_end(space)
                return vault
            folder = self.folder(space)
            if not make and not (folder / "entities").is_dir():
                return None
            vault = Vault(folder)
            self._vaults[space] = vault
            while len(self._vaults) > self.keep_open:
                # Not closed: a request may still hold it (its index closes when let go).
                self._vaults.popitem(last=False)
            return vault

    def close(self) -> None:
        with self._lock:
            vaults = list(self._vaults.values())
            self._vaults.clear()
        for vault in vaults:
            vault.close()
        super().close()


class _NoGraph:
    def entities(self, names: Iterable[str] | None = None) -> list[GraphEntity]:
        return []

    def relations(self, names: Iterable[str] | None = None) -> list[GraphRelation]:
        return []


class UnmadeSpace(NoteReads):
    """A space whose folder does not exist yet: empty to every read; its first write (a note
    created, a plan saved) makes the folder and goes there, as does everything after."""

    def __init__(self, spaces: FolderSpaces, space: str) -> None:
        self._spaces = spaces
        self.space = space

    def _made(self) -> Vault | None:
        return self._spaces.opened(self.space)

    def _make(self) -> Vault:
        vault = self._spaces.opened(self.space, make=True)
        assert vault is not None
        return vault

    # -- reads: the space's, once it exists ------------------------------------------------

    @property
    def index(self) -> GraphIndex:
        vault = self._made()
        return vault.index if vault else _NoGraph()

    def ensure_synced(self) -> None:
        if vault := self._made():
            vault.ensure_synced()

    def list_entities(self, kind: str | None = None) -> list[EntitySummary]:
        vault = self._made()
        return vault.list_entities(kind) if vault else []

    def exists(self, name: str) -> bool:
        vault = self._made()
        return vault.exists(name) if vault else False

    def read_versioned(self, name: str) -> tuple[str, str]:
        if vault := self._made():
            return vault.read_versioned(name)
        raise EntityNotFound(validate_entity_name(name))

    def entity_type(self, name: str, text: str) -> str:
        vault = self._made()
        return vault.entity_type(name, text) if vault else notes.kind_of(name, text, None)

    def search_hits(
        self, query: str, limit: int = 10, *, snippets: bool = False
    ) -> list[SearchHit]:
        vault = self._made()
        return vault.search_hits(query, limit, snippets=snippets) if vault else []

    def links_in(self, name: str) -> list[str]:
        vault = self._made()
        return vault.links_in(name) if vault else []

    def find_by_run(self, run_id: str) -> str | None:
        vault = self._made()
        return vault.find_by_run(run_id) if vault else None

    # -- writes: the two that make something from nothing make the space --------------------

    def save_plan(
        self,
        *,
        run_id: str,
        goal: str,
        plan: str,
        facts: Mapping[str, str],
        links: Sequence[str] = (),
    ) -> str:
        return self._make().save_plan(run_id=run_id, goal=goal, plan=plan, facts=facts, links=links)

    def create(self, name: str, markdown: str) -> str:
        validate_entity_name(name)
        notes.check_text(markdown, "markdown")  # refused input makes no folder
        return self._make().create(name, markdown)

    def update(self, name: str, markdown: str, base_version: str | None = None) -> str:
        if vault := self._made():
            return vault.update(name, markdown, base_version)
        raise EntityNotFound(validate_entity_name(name))

    def edit(self, name: str, change: Callable[[str], str]) -> bool:
        if vault := self._made():
            return vault.edit(name, change)
        raise EntityNotFound(validate_entity_name(name))

    def delete(self, name: str, base_version: str | None = None) -> None:
        if vault := self._made():
            vault.delete(name, base_version)
            return
        raise EntityNotFound(validate_entity_name(name))

    def close(self) -> None:
        """Nothing of its own to close (its vault belongs to the spaces)."""


class AbsentMemory(NoteReads):
    """A memory folder that is not there, opened by a command that only reads (``planloop
    runs``, ``show``): empty to every read, and never made; a write is refused. A command
    that reads runs must not leave an empty memory behind where it was pointed."""

    def __init__(self, root: Path) -> None:
        self.root = root

    @property
    def index(self) -> GraphIndex:
        return _NoGraph()

    def ensure_synced(self) -> None:
        return None

    def list_entities(self, kind: str | None = None) -> list[EntitySummary]:
        return []

    def exists(self, name: str) -> bool:
        return False

    def read_versioned(self, name: str) -> tuple[str, str]:
        raise EntityNotFound(validate_entity_name(name))

    def entity_type(self, name: str, text: str) -> str:
        return notes.kind_of(name, text, None)

    def search_hits(
        self, query: str, limit: int = 10, *, snippets: bool = False
    ) -> list[SearchHit]:
        return []

    def links_in(self, name: str) -> list[str]:
        return []

    def find_by_run(self, run_id: str) -> str | None:
        return None

    def _refused(self) -> MemoryUnwritable:
        return MemoryUnwritable(f"no memory at {self.root}: a command that only reads makes none")

    def save_plan(
        self,
        *,
        run_id: str,
        goal: str,
        plan: str,
        facts: Mapping[str, str],
        links: Sequence[str] = (),
    ) -> str:
        raise self._refused()

    def create(self, name: str, markdown: str) -> str:
        raise self._refused()

    def update(self, name: str, markdown: str, base_version: str | None = None) -> str:
        raise self._refused()

    def edit(self, name: str, change: Callable[[str], str]) -> bool:
        raise self._refused()

    def delete(self, name: str, base_version: str | None = None) -> None:
        raise self._refused()

    def close(self) -> None:
        return None


class AbsentSpaces(MemorySpaces):
    """Every space of a memory folder that is not there: each one :class:`AbsentMemory`."""

    def __init__(self, root: Path, policy: SpacePolicy | None = None) -> None:
        super().__init__(AbsentMemory(root), policy)

    def _open(self, space: str) -> Memory:
        return self.shared
