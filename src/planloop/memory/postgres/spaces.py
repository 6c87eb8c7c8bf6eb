"""The spaces of one PostgreSQL database (:mod:`planloop.memory.spaces`): every space is a
view of the shared memory on its pool of connections, its rows told apart by their
``space`` column, which every memory statement filters on."""

from __future__ import annotations

from planloop.memory.postgres.memory import PgMemory
from planloop.memory.spaces import MemorySpaces, SpacePolicy


class PgSpaces(MemorySpaces):
    def __init__(self, shared: PgMemory, policy: SpacePolicy | None = None) -> None:
        super().__init__(shared, policy)
        self._pg = shared

    def _open(self, space: str) -> PgMemory:
        return self._pg.in_space(space)
