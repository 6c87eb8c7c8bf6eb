"""Reading a plan's Markdown as the checker sees it: sections, tables, dates and amounts."""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from types import MappingProxyType

from planloop.constraints.dates import resolve_date

_HEADING = re.compile(r"^##\s+(.+?)\s*$", re.MULTILINE)
_ISO = re.compile(r"\b((?:19|20)[0-9]{2})-([01][0-9])-([0-3][0-9])\b")
_AMOUNT = re.compile(r"[0-9][0-9,]*(?:\.[0-9]+)?")
_PIPE = re.compile(r"(?<!\\)\|")  # a cell border (an escaped \| is text)
_RULE = re.compile(r"^\|(?:\s*:?-{3,}:?\s*\|)+\s*$")  # the line under a table's header
_DATE_LIKE = re.compile(r"[0-9]|[QH][1-4]")


@dataclass(frozen=True)
class Table:
    section: str
    header: list[str]
    rows: list[list[str]]
    # The header lower-cased once, and each column found once: the rules ask ~40 times a
    # plan for a column by name.
    _lower: tuple[str, ...] = field(init=False, repr=False, compare=False)
    _found: dict[tuple[str, ...], int | None] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_lower", tuple(h.lower() for h in self.header))
        object.__setattr__(self, "_found", {})

    def col(self, *names: str) -> int | None:
        found = self._found
        if names in found:
            return found[names]
        at = next((i for i, h in enumerate(self._lower) if any(n in h for n in names)), None)
        found[names] = at
        return at


def _cells(line: str) -> list[str]:
    return [c.strip() for c in _PIPE.split(line.strip().strip("|"))]


@functools.lru_cache(maxsize=8)
def sections(plan: str) -> Mapping[str, str]:
    """The plan's ``##`` sections by title (read-only: one reading serves the several
    rules that ask for the same plan's sections)."""
    heads = list(_HEADING.finditer(plan))
    out: dict[str, str] = {}
    for i, m in enumerate(heads):
        end = heads[i + 1].start() if i + 1 < len(heads) else len(plan)
        out[m.group(1)] = plan[m.end() : end]
    return MappingProxyType(out)


def tables(plan: str) -> list[Table]:
    found: list[Table] = []
    for title, body in sections(plan).items():
        lines = body.splitlines()
        i = 0
        while i < len(lines) - 1:
            if lines[i].startswith("|") and _RULE.match(lines[i + 1]):
                header = _cells(lines[i])
                rows = []
                j = i + 2
                while j < len(lines) and lines[j].startswith("|"):
                    rows.append(_cells(lines[j]))
                    j += 1
                found.append(Table(title, header, rows))
                i = j
            else:
                i += 1
    return found


def cell_date(text: str, start: date) -> date | None:
    if m := _ISO.search(text):
        try:
            return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            return None
    return resolve_date(text, start) if _DATE_LIKE.search(text) else None


def money_in(text: str) -> float | None:
    m = _AMOUNT.search(text.replace("\\", ""))
    return float(m.group(0).replace(",", "")) if m else None
