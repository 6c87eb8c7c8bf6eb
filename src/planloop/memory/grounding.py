"""Grounding: which remembered entities a plan uses, and how much of its goal they cover.

A proposal (and the run made from it) uses the entities the person selected; none when they
chose "no memory" (an explicit empty selection); else — automatic grounding — the few notes
*related* to the goal. Related means a relevance of at least :data:`MIN_RELEVANCE`
(:data:`MIN_PLAN_RELEVANCE` for an old plan), never zero, so an unrelated old plan cannot
leak into a new one:

* a note's relevance is the share of the goal's key terms (:func:`planloop.terms.key_terms`,
  compared by stem, without :data:`~planloop.terms.QUALIFIERS` such as "first" or "new")
  that its name and text contain; a note the goal names (``Alfama``, ``Ana``) is fully relevant;
* a generated plan (kind ``plan``) is judged by its *goal* only — its generated text is
  template words (budget, team, milestones) that match every goal — and ranks below a
  person's own notes (its relevance counts :data:`PLAN_WEIGHT` as much when ranking).

The coverage figure is honest and the same for every planner: the share of the goal's key
terms that appear as words in the entities used. Remembered text is data; nothing here reads
it as an instruction.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from planloop.domain import MemoryCoverage, MemoryNote
from planloop.memory import notes
from planloop.memory.base import Memory
from planloop.memory.index import MAX_QUERY_TERMS
from planloop.terms import QUALIFIERS, key_terms, stem, stems, words

GROUNDING_LIMIT = 3
# A note grounds a plan automatically only when it contains at least this share of the
# goal's key terms (or is named by the goal): one of two key terms, two of three to five.
MIN_RELEVANCE = 0.4
# An old plan's goal must share at least half of the new goal's key terms: a wedding in
# Lisbon is not grounded on the plan for a bakery in Lisbon.
MIN_PLAN_RELEVANCE = 0.5
# A generated plan ranks as if it were this much as relevant as a person's note.
PLAN_WEIGHT = 0.5
CANDIDATES = 20  # search results weighed for relevance
NAMED_LOOKUPS = 12  # capitalised goal words looked up as entity names
_CAPITALISED = re.compile(r"\b[^\W\d_][\w-]{1,60}")


@dataclass(frozen=True)
class Related:
    """A note weighed for a goal: its relevance (0..1) and whether it is a generated plan."""

    name: str
    relevance: float
    plan: bool

    @property
    def rank(self) -> float:
        return self.relevance * (PLAN_WEIGHT if self.plan else 1.0)


def _subject(note: MemoryNote, plan: bool) -> str:
    """What a note is about: a plan's goal; any other note's name and text."""
    if plan:
        facts = notes.parse_facts(note.text)
        return facts.get("goal") or notes.title_of(note.name, note.text)
    return f"{note.name.replace('_', ' ')}\n{note.text}"


def relevance(goal: str, note: MemoryNote) -> Related:
    """How related ``note`` is to ``goal`` (see the module docstring)."""
    plan = notes.kind_of(note.name, note.text) == "plan"
    wanted = {stem(t) for t in key_terms(goal, MAX_QUERY_TERMS) if t not in QUALIFIERS}
    share = len(wanted & stems(_subject(note, plan))) / len(wanted) if wanted else 0.0
    name_words = set(words(note.name.replace("_", " ")))
    if not plan and name_words and name_words <= set(words(goal)):
        share = 1.0  # the goal names this note
    return Related(note.name, round(share, 3), plan)


def _named(goal: str) -> list[str]:
    """Capitalised words of the goal, as they may name entities (``Ana``, ``Alfama``)."""
    found = [m.group(0) for m in _CAPITALISED.finditer(goal) if m.group(0)[0].isupper()]
    capitalised = list(dict.fromkeys(found))[:NAMED_LOOKUPS]
    return [n for word in capitalised for n in dict.fromkeys((word, word.lower()))]


def _asked(goal: str) -> tuple[list[str], str]:
    """What a grounding asks the memory for: the names the goal may mention, and its key
    terms as a query."""
    return _named(goal), " ".join(key_terms(goal, MAX_QUERY_TERMS))


def _weighed(vault: Memory, goal: str) -> list[tuple[Related, MemoryNote]]:
    """The notes related to ``goal`` (at or above their threshold), best first, each with
    how it was weighed; read once, by one :meth:`~planloop.memory.base.Memory.found_notes`."""
    return _ranked(goal, vault.found_notes(*_asked(goal), CANDIDATES))


def _ranked(goal: str, found: Sequence[MemoryNote]) -> list[tuple[Related, MemoryNote]]:
    """Of the notes ``found`` for ``goal``, those related to it, best first."""
    weighed = [(relevance(goal, note), note) for note in found]
    related = [
        (r, note)
        for r, note in weighed
        if r.relevance >= (MIN_PLAN_RELEVANCE if r.plan else MIN_RELEVANCE)
    ]
    # Ties keep the search's order (the names the goal mentions first, then by relevance).
    return sorted(related, key=lambda pair: (-pair[0].rank, pair[0].plan))


def weigh(vault: Memory, goal: str) -> list[Related]:
    """The notes related to ``goal`` (at or above their threshold), best first."""
    return [r for r, _ in _weighed(vault, goal)]


def chosen_notes(vault: Memory, goal: str, limit: int = GROUNDING_LIMIT) -> list[MemoryNote]:
    """The ``limit`` notes most related to the goal, as read to weigh them; none when
    nothing is related."""
    return [note for _, note in _weighed(vault, goal)[:limit]]


async def chosen_notes_async(
    vault: Memory, goal: str, limit: int = GROUNDING_LIMIT
) -> list[MemoryNote]:
    """:func:`chosen_notes` for the event loop: the read awaited (sent from the loop where the
    backend can, PostgreSQL; else in a thread), the weighing done here."""
    found = await vault.found_notes_async(*_asked(goal), CANDIDATES)
    return [note for _, note in _ranked(goal, found)[:limit]]


def choose(vault: Memory, goal: str, limit: int = GROUNDING_LIMIT) -> list[str]:
    """The names of :func:`chosen_notes`."""
    return [note.name for note in chosen_notes(vault, goal, limit)]


def coverage(goal: str, memory: Sequence[MemoryNote]) -> MemoryCoverage:
    """The entities used and the share of the goal's key terms their text contains (0..1)."""
    terms = key_terms(goal)
    known = set(words(" ".join(f"{note.name}\n{note.text}" for note in memory)))
    share = sum(1 for t in terms if t in known) / len(terms) if terms and memory else 0.0
    return MemoryCoverage(
        entities=[note.name for note in memory],
        coverage=round(share, 2),
        titles=_told_apart([(note.name, notes.title_of(note.name, note.text)) for note in memory]),
    )


def _told_apart(named: Sequence[tuple[str, str]]) -> list[str]:
    """Each note's title, with its name beside it where two share one (found as a user: a
    proposal's memory said "Open a bakery in Lisbon …" three times, one for each run of the
    goal saved)."""
    seen = Counter(title for _, title in named)
    return [f"{title} ({name})" if seen[title] > 1 else title for name, title in named]
