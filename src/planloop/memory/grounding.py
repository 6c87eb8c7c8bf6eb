"""Grounding: which remembered entities a plan uses, and how much of its goal they cover.

A proposal (and the run made from it) uses the entities the person selected, or else the best
few search results for the goal's key terms. The coverage figure is honest and the same for
every planner: the share of the goal's key terms (:func:`planloop.terms.key_terms`)
that appear as words in those entities' text. Remembered text is data; nothing here reads it
as an instruction.
"""

from __future__ import annotations

from collections.abc import Sequence

from planloop.domain import MemoryCoverage, MemoryNote
from planloop.memory.base import Memory
from planloop.memory.index import MAX_QUERY_TERMS
from planloop.terms import key_terms, words

GROUNDING_LIMIT = 3


def choose(vault: Memory, goal: str, limit: int = GROUNDING_LIMIT) -> list[str]:
    """The ``limit`` entities that match most of the goal's key terms (each at least one)."""
    terms = key_terms(goal, MAX_QUERY_TERMS)
    if not terms:
        return []
    return [hit.name for hit in vault.search_hits(" ".join(terms), limit) if hit.matched > 0]


def coverage(goal: str, memory: Sequence[MemoryNote]) -> MemoryCoverage:
    """The entities used and the share of the goal's key terms their text contains (0..1)."""
    terms = key_terms(goal)
    known = set(words(" ".join(f"{note.name}\n{note.text}" for note in memory)))
    share = sum(1 for t in terms if t in known) / len(terms) if terms and memory else 0.0
    return MemoryCoverage(entities=[note.name for note in memory], coverage=round(share, 2))
