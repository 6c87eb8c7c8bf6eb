"""Memory: the knowledge graph of Markdown notes that grounds plans and chat."""

from planloop.memory.base import EntitySummary, Memory, StaleEntity
from planloop.memory.factory import (
    is_memory_folder,
    memory_folder,
    open_memory,
    open_spaces,
    watch_memory,
)
from planloop.memory.folder.vault import Vault
from planloop.memory.names import EntityNotFound, InvalidEntityName, validate_entity_name
from planloop.memory.spaces import SHARED, MemorySpaces, SpacePolicy, as_spaces

__all__ = [
    "SHARED",
    "EntityNotFound",
    "EntitySummary",
    "InvalidEntityName",
    "Memory",
    "MemorySpaces",
    "SpacePolicy",
    "StaleEntity",
    "Vault",
    "as_spaces",
    "is_memory_folder",
    "memory_folder",
    "open_memory",
    "open_spaces",
    "validate_entity_name",
    "watch_memory",
]
