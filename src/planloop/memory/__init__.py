"""Memory: the knowledge graph of Markdown notes that grounds plans and chat."""

from planloop.memory.base import EntitySummary, Memory, StaleEntity
from planloop.memory.factory import open_memory, watch_memory
from planloop.memory.folder.vault import Vault
from planloop.memory.names import EntityNotFound, InvalidEntityName, validate_entity_name

__all__ = [
    "EntityNotFound",
    "EntitySummary",
    "InvalidEntityName",
    "Memory",
    "StaleEntity",
    "Vault",
    "open_memory",
    "validate_entity_name",
    "watch_memory",
]
