"""Whose memory: one *space* of notes per principal, or one for everyone.

A principal is who asks — a browser session, an API token, a ``planloop mcp`` server — named
by its **owner** id (:mod:`planloop.identity`: the hash of a session's cookie, ``token:<hash>``,
``mcp:<name>``), the same id that owns its runs. Its memory is the space
:meth:`MemorySpaces.space_for` gives it, and nothing else: listing, reading, search, grounding,
chat, edits and the plans its runs save all stay inside that space.

* **Without API tokens** (one person on a laptop) there is one space, the **shared** one: the
  memory folder itself (``PLANLOOP_MEMORY_DIR``), or PostgreSQL's rows as they always were.
  Every session is that person, so nothing changes for them.
* **With API tokens** (``PLANLOOP_API_TOKENS``) every principal has a space of its own —
  ``token-<hash>``, ``session-<hash>``, ``mcp-<name>`` — and the shared space is reachable
  only by the principals ``PLANLOOP_SHARED_MEMORY`` names (tokens, ``mcp:<name>``,
  ``sessions``, or ``*`` for everyone): a team memory is an explicit opt-in, never the default.

The folder keeps other spaces in ``<memory dir>/spaces/<space id>/`` (the same layout inside:
:mod:`planloop.memory.folder.spaces`); PostgreSQL in a ``space`` column every memory
statement filters on (:mod:`planloop.memory.postgres.memory`). Either way a space is a
:class:`~planloop.memory.base.Memory`, so nothing above this module knows spaces exist.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from planloop.identity import owner_of
from planloop.memory.base import Memory
from planloop.settings import SPACE_ID

if TYPE_CHECKING:
    from planloop.settings import Settings

__all__ = ["SHARED", "SPACE_ID", "MemorySpaces", "SpacePolicy", "as_spaces", "space_id"]

SHARED = ""  # the shared space's id: the memory folder itself, the rows with space ''
_SESSION = re.compile(r"[0-9a-f]{32}")
_SAFE_MCP = re.compile(r"[a-z0-9][a-z0-9_.-]{0,63}")
TOKEN_PREFIX = "token:"  # noqa: S105 (an API token's owner id, planloop.api.guards)
MCP_PREFIX = "mcp:"


def check_space_id(space: str) -> str:
    """``space`` if it is a space id (or the shared space's empty id), else ValueError."""
    if space != SHARED and not SPACE_ID.fullmatch(space):
        raise ValueError(f"invalid memory space id {space!r}")
    return space


def space_id(owner: str) -> str:
    """The private space of ``owner``: ``token-<hash>``, ``session-<hash>``, ``mcp-<name>``
    (lowercase; a name with capitals gets its own digest too, so ``Bot`` and ``bot`` stay apart
    on a file system that folds case), else ``owner-<hash of the id>``."""
    if owner.startswith(TOKEN_PREFIX) and _SESSION.fullmatch(owner[len(TOKEN_PREFIX) :]):
        return "token-" + owner[len(TOKEN_PREFIX) :]
    if _SESSION.fullmatch(owner):
        return "session-" + owner
    if owner.startswith(MCP_PREFIX):
        name = owner[len(MCP_PREFIX) :]
        if _SAFE_MCP.fullmatch(name):
            return "mcp-" + name
        if _SAFE_MCP.fullmatch(name.lower()):
            return f"mcp-{name.lower()}-{_digest(name)[:8]}"
    return "owner-" + _digest(owner)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:32]


@dataclass(frozen=True)
class SpacePolicy:
    """Which space each principal's memory is (a pure function of the settings)."""

    per_principal: bool = False
    shared_owners: frozenset[str] = frozenset()
    shared_sessions: bool = False

    @classmethod
    def of(cls, settings: Settings) -> SpacePolicy:
        entries = set(settings.shared_memory)
        if not settings.api_tokens or "*" in entries:
            return cls()
        owners = {TOKEN_PREFIX + owner_of(t) for t in settings.api_tokens if t in entries}
        owners |= {e for e in entries if e.startswith(MCP_PREFIX) and e not in settings.api_tokens}
        sessions = "sessions" in entries and "sessions" not in settings.api_tokens
        return cls(per_principal=True, shared_owners=frozenset(owners), shared_sessions=sessions)

    def space_of(self, owner: str) -> str:
        if not self.per_principal or owner in self.shared_owners:
            return SHARED
        if self.shared_sessions and _SESSION.fullmatch(owner):
            return SHARED
        return space_id(owner)


class MemorySpaces:
    """Every space of one memory (a folder, or a PostgreSQL database), opened on demand.

    The base class is the one-space memory (every owner gets ``shared``): what tests and
    library users get when they hand the engine a single :class:`Memory`. The backends'
    subclasses open the other spaces (:meth:`_open`).
    """

    def __init__(self, shared: Memory, policy: SpacePolicy | None = None) -> None:
        self.shared = shared
        self.policy = policy or SpacePolicy()

    def space_of(self, owner: str) -> str:
        """The id of ``owner``'s space (``SHARED``: the shared one)."""
        return self.policy.space_of(owner)

    def space_for(self, owner: str) -> Memory:
        """The memory ``owner`` may see and change: its space, and only that."""
        return self.space(self.space_of(owner))

    def space(self, space: str) -> Memory:
        """The space named ``space`` (may block briefly: it may open a folder)."""
        if check_space_id(space) == SHARED:
            return self.shared
        return self._open(space)

    def space_if_open(self, owner: str) -> Memory | None:
        """``owner``'s space when that takes no I/O (it is open already), else None: what
        the event loop may ask for itself."""
        space = self.space_of(owner)
        return self.shared if space == SHARED else self._already_open(space)

    def _already_open(self, space: str) -> Memory | None:
        return None

    def _open(self, space: str) -> Memory:
        raise ValueError(f"this memory has one space; there is no space {space!r}")

    async def aclose(self) -> None:
        """What the spaces' reads from the event loop opened, let go of in that loop (the
        spaces of one memory share it)."""
        await self.shared.aclose()

    def close(self) -> None:
        self.shared.close()


def as_spaces(memory: Memory | MemorySpaces) -> MemorySpaces:
    """``memory`` as spaces: itself, or a single memory as the one space of everyone."""
    return memory if isinstance(memory, MemorySpaces) else MemorySpaces(memory)
