"""Entity names and the errors about them: one file per name, never a path trick."""

from __future__ import annotations

import re

from planloop.errors import InvalidInput, NotFound

NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-. ]{0,119}")


class InvalidEntityName(InvalidInput, ValueError):
    """An entity name that is not allowed (bad characters, path tricks, too long, escapes)."""

    code = "invalid_entity_name"

    def __init__(self, name: str, reason: str) -> None:
        shown = name if len(name) <= 60 else name[:60] + "…"
        super().__init__(f"invalid entity name {shown!r}: {reason}")
        self.entity = name


class EntityNotFound(NotFound, LookupError):
    """No entity of that name in the vault."""

    code = "entity_not_found"

    def __init__(self, name: str) -> None:
        super().__init__(f"memory entity {name!r} not found")
        self.entity = name


def validate_entity_name(name: str) -> str:
    """Return ``name`` if it is a valid entity name, else raise :class:`InvalidEntityName`."""
    if not isinstance(name, str):
        raise InvalidEntityName(repr(name), "must be a string")
    for bad in ("\x00", "/", "\\", ".."):
        if bad in name:
            raise InvalidEntityName(name, f"must not contain {bad!r}")
    if name.endswith((" ", ".")):  # "trail " made "trail .md", listed as "trail"
        raise InvalidEntityName(name, "must not end with a space or a '.'")
    if not NAME_PATTERN.fullmatch(name):
        raise InvalidEntityName(
            name,
            "must be 1-120 characters: a letter or digit, then letters, digits, '_', '-', '.'"
            " or spaces",
        )
    return name


def is_entity_name(name: str) -> bool:
    return ".." not in name and NAME_PATTERN.fullmatch(name) is not None
