"""What the rest of planloop uses of memory: :class:`Memory`, one interface, two backends.

* :class:`planloop.memory.folder.vault.Vault` — the folder of Markdown notes (with SQLite: the
  folder is the memory, people edit it live);
* :class:`planloop.memory.postgres.memory.PgMemory` — the notes as rows of PostgreSQL (with several
  replicas: every replica sees the same memory; the folder is an explicit two-way sync,
  :mod:`planloop.memory.postgres.folder_sync`).

Both speak the same Markdown (one note per entity, :mod:`planloop.memory.markup` reads its
graph), the same versions (16 hex digits of the note's SHA-256) and the same errors, so the
graph operations, grounding, the HTTP routes and the MCP tools do not know which one they use.
Every method is synchronous (async callers use :func:`asyncio.to_thread`) but one: the read
a grounding makes, :meth:`Memory.found_notes_async`, which a backend may send from the event
loop (PostgreSQL does) and which :meth:`Memory.aclose` lets go of.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from planloop.domain import MemoryNote
from planloop.errors import Conflict
from planloop.memory import notes
from planloop.memory.index import GraphEntity, GraphRelation, SearchHit
from planloop.memory.names import EntityNotFound, InvalidEntityName, validate_entity_name


class StaleEntity(Conflict):
    """The note changed since the version the edit was based on."""

    code = "entity_changed"

    def __init__(self, name: str, base: str, current: str) -> None:
        super().__init__(
            f"memory entity {name!r} changed since version {base} (it is now {current});"
            " read it again and redo the edit"
        )
        self.entity = name
        self.current = current


def entity_exists(name: str) -> Conflict:
    return Conflict(f"memory entity {name!r} already exists", code="entity_exists")


@dataclass(frozen=True)
class EntitySummary:
    """One line of the memory's list: what ``GET /api/entities`` shows."""

    name: str
    description: str
    kind: str

    @property
    def title(self) -> str:
        """What a person reads: a plan's goal, else the name (never a plan's slug)."""
        return notes.listed_title(self.name, self.kind, self.description)


class GraphIndex(Protocol):
    """The graph as read for :class:`planloop.memory.graph.MemoryGraph`."""

    def entities(self, names: Iterable[str] | None = None) -> list[GraphEntity]: ...

    def relations(self, names: Iterable[str] | None = None) -> list[GraphRelation]: ...


class Memory(Protocol):
    """The memory's operations (see :class:`planloop.memory.folder.vault.Vault` for each one's
    contract; :class:`planloop.memory.postgres.memory.PgMemory` keeps the same)."""

    @property
    def index(self) -> GraphIndex: ...

    def ensure_synced(self) -> None: ...

    def list_entities(self, kind: str | None = None) -> list[EntitySummary]: ...

    def exists(self, name: str) -> bool: ...

    def read(self, name: str) -> str: ...

    def read_versioned(self, name: str) -> tuple[str, str]: ...

    def entity_type(self, name: str, text: str) -> str: ...

    def notes(self, names: Sequence[str]) -> list[MemoryNote]: ...

    def existing_notes(self, names: Sequence[str]) -> list[MemoryNote]: ...

    def unchanged_notes(self, names: Sequence[str]) -> list[MemoryNote] | None: ...

    def found_notes(self, named: Sequence[str], query: str, limit: int) -> list[MemoryNote]: ...

    async def found_notes_async(
        self, named: Sequence[str], query: str, limit: int
    ) -> list[MemoryNote]: ...

    def search_hits(
        self, query: str, limit: int = 10, *, snippets: bool = False
    ) -> list[SearchHit]: ...

    def search(self, query: str, limit: int = 5) -> list[MemoryNote]: ...

    def links_in(self, name: str) -> list[str]: ...

    def find_by_run(self, run_id: str) -> str | None: ...

    def save_plan(
        self,
        *,
        run_id: str,
        goal: str,
        plan: str,
        facts: Mapping[str, str],
        links: Sequence[str] = (),
    ) -> str: ...

    def create(self, name: str, markdown: str) -> str: ...

    def update(self, name: str, markdown: str, base_version: str | None = None) -> str: ...

    def edit(self, name: str, change: Callable[[str], str]) -> bool: ...

    def delete(self, name: str, base_version: str | None = None) -> None: ...

    async def aclose(self) -> None: ...

    def close(self) -> None: ...


class NoteReads:
    """The reads both backends build from :meth:`read_versioned` and :meth:`search_hits`."""

    def read_versioned(self, name: str) -> tuple[str, str]:
        raise NotImplementedError

    def search_hits(
        self, query: str, limit: int = 10, *, snippets: bool = False
    ) -> list[SearchHit]:
        raise NotImplementedError

    def read(self, name: str) -> str:
        """The raw Markdown of entity ``name``."""
        return self.read_versioned(name)[0]

    def read_many(self, names: Sequence[str]) -> dict[str, str]:
        """The raw Markdown of those of ``names`` that exist, by name (invalid names and
        missing entities left out). A backend that can read them at once says how."""
        found = {}
        for name in names:
            try:
                found[name] = self.read(name)
            except (EntityNotFound, InvalidEntityName):
                continue
        return found

    def notes(self, names: Sequence[str]) -> list[MemoryNote]:
        """The named entities as notes for a planner, in the order given (duplicates dropped);
        the first that is not a valid name or not there raises as :meth:`read` would."""
        if isinstance(names, str):
            raise TypeError("names must be a sequence of entity names, not one string")
        wanted = list(dict.fromkeys(names))
        texts = self.read_many(wanted)
        for name in wanted:
            if name not in texts:
                validate_entity_name(name)
                raise EntityNotFound(name)
        return [MemoryNote(name=name, text=texts[name]) for name in wanted]

    def existing_notes(self, names: Sequence[str]) -> list[MemoryNote]:
        """Like :meth:`notes`, skipping names that are gone (or never were valid)."""
        wanted = list(dict.fromkeys(names))
        texts = self.read_many(wanted)
        return [MemoryNote(name=name, text=texts[name]) for name in wanted if name in texts]

    def unchanged_notes(self, names: Sequence[str]) -> list[MemoryNote] | None:
        """:meth:`existing_notes` answered without reading, from the event loop, when the
        backend can tell that none of them changed since it last read them; else None (read
        them, in a thread). Here: always None."""
        return None

    def found_notes(self, named: Sequence[str], query: str, limit: int) -> list[MemoryNote]:
        """The notes of ``named`` that exist, then those of the ``limit`` best
        :meth:`search_hits` of ``query`` that matched a term, in that order, each once:
        what grounding weighs. A backend that can find and read them at once says how."""
        names = list(named)
        if query:
            names += [hit.name for hit in self.search_hits(query, limit) if hit.matched > 0]
        return self.existing_notes(names)

    async def found_notes_async(
        self, named: Sequence[str], query: str, limit: int
    ) -> list[MemoryNote]:
        """:meth:`found_notes` from the event loop: in a thread, unless the backend can
        send it from the loop itself."""
        return await asyncio.to_thread(self.found_notes, named, query, limit)

    async def aclose(self) -> None:
        """Let go of what reads from the event loop opened (nothing here), in that loop,
        before :meth:`close`."""

    def search(self, query: str, limit: int = 5) -> list[MemoryNote]:
        """The best :meth:`search_hits` as notes, best first."""
        return self.existing_notes([hit.name for hit in self.search_hits(query, limit)])
