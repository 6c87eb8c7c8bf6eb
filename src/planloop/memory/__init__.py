"""Memory: the knowledge graph of Markdown notes that grounds plans and chat."""

from planloop.memory.names import EntityNotFound, InvalidEntityName, validate_entity_name
from planloop.memory.vault import EntitySummary, StaleEntity, Vault

__all__ = [
    "EntityNotFound",
    "EntitySummary",
    "InvalidEntityName",
    "StaleEntity",
    "Vault",
    "validate_entity_name",
]
