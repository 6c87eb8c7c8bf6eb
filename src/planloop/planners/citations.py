"""Which memory notes a chat reply rests on, read from the reply itself.

Every planner's chat reply names its sources the same two ways: ``[[entity]]`` links in the
text (Obsidian's ``[[entity|label]]`` too) and a final ``Sources: a, b`` line. Only names of
notes the planner was actually given count, matched without regard to case, so a reply can
never cite a note that does not exist or one it was not shown.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from planloop.planners.base import MemoryNote

_LINK = re.compile(r"\[\[([^\[\]|\n]{1,200})(?:\|[^\[\]\n]*)?\]\]")
_SOURCES = re.compile(r"^[\s>*_#-]*sources?\s*[*_]*\s*:[*_]*\s*(.*)$", re.IGNORECASE)


def _named(item: str) -> str:
    text = item.strip().strip("*_`\"'“”.").strip()
    text = text.removeprefix("[[").removesuffix("]]").split("|")[0].strip()
    return text.removeprefix("memory:").strip().lower()


def cited(reply: str, memory: Sequence[MemoryNote]) -> list[str]:
    """Names of the ``memory`` notes ``reply`` cites, in the order it first names them."""
    names = {note.name.lower(): note.name for note in memory}
    claimed = [m.group(1) for m in _LINK.finditer(reply)]
    for line in reversed(reply.splitlines()[-5:]):  # the Sources line ends the reply
        match = _SOURCES.match(line)
        if match:
            claimed += match.group(1).split(",")
            break
    found = (names.get(_named(item)) for item in claimed)
    return list(dict.fromkeys(name for name in found if name is not None))


__all__ = ["cited"]
