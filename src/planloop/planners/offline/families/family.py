"""The shape of a goal family, as data: its phases (each a share of the way from start to
deadline, with the role that owns it), its budget lines, its default horizon and who leads
and works when nobody is named. The families themselves are kinds.py's and occasions.py's."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Phase:
    title: str
    share: float  # of the way from start to deadline, 0 < share <= 1
    owner: str  # the role that owns it unless a named person does
    topics: tuple[str, ...] = ()  # words that hand it to a person whose role names them


@dataclass(frozen=True)
class Family:
    id: str
    title: str
    keywords: tuple[str, ...]
    default_days: int
    lead: str  # who leads when nobody is named
    team: str  # who does the work when nobody is named
    phases: tuple[Phase, ...]
    lines: tuple[tuple[str, float, str], ...]  # budget line, share, unit a cap may name
    structure: str  # the title of its structure section


def phase(title: str, share: float, owner: str, topics: str = "") -> Phase:
    return Phase(title, share, owner, tuple(topics.split()))
