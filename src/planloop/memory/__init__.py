"""Memory: the knowledge graph of Markdown notes that grounds plans and chat."""

from planloop.memory.vault import (
    EntityNotFound,
    EntitySummary,
    InvalidEntityName,
    Vault,
    validate_entity_name,
)

__all__ = [
    "EntityNotFound",
    "EntitySummary",
    "InvalidEntityName",
    "Vault",
    "validate_entity_name",
]
