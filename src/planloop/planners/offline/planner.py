"""planloop's built-in offline planner: deterministic, no network, no language model.

It proposes frameworks from :mod:`planloop.planners.offline.catalog` for a goal, and writes
each iteration's plan with them (:mod:`planloop.planners.offline.draft`): in the server's
process, or in a plan process when there are any (planloop.plan_processes), reported here
either way with the same steps and pauses.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterable, Sequence

from planloop.domain import DataPoint, MemoryCoverage, Proposal
from planloop.memory import notes
from planloop.plan_processes import PlanProcesses
from planloop.planners.base import (
    IterationContext,
    IterationResult,
    MemoryNote,
    PlannerHealth,
    Progress,
)
from planloop.planners.offline import catalog, families
from planloop.planners.offline.draft import Step, points_of, write_steps, written_steps
from planloop.planners.offline.memory_chat import answer
from planloop.terms import clauses, join_words, key_terms, shorten, words

CHECKPOINT_INTERVAL = 2
_SMALL = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def spell(n: int) -> str:
    """Small numbers in words, so the proposal's own prose never reads as a data point."""
    return _SMALL[n] if 0 <= n < len(_SMALL) else str(n)


def memory_coverage(goal: str, memory: Sequence[MemoryNote]) -> MemoryCoverage:
    """Share of the goal's key terms that appear in the memory notes' text (0..1, 2 places)."""
    terms = key_terms(goal)
    known = set(words(" ".join(note.text for note in memory)))
    share = sum(1 for t in terms if t in known) / len(terms) if terms else 0.0
    return MemoryCoverage(entities=[note.name for note in memory], coverage=round(share, 2))


def is_complex(goal: str, points: Sequence[DataPoint]) -> bool:
    """Long goals, goals of many parts and number-heavy goals get more frameworks and time."""
    return len(goal) > 300 or len(clauses(goal, limit=9)) >= 4 or len(points) >= 6


class OfflinePlanner:
    """The embedded default planner. Plans with catalog frameworks, not with a model."""

    name = "offline"

    def __init__(self, step_delay_s: float = 0.0, processes: PlanProcesses | None = None) -> None:
        self.step_delay_s = step_delay_s
        self.processes = processes or PlanProcesses(0)

    async def propose(self, goal: str, memory: Sequence[MemoryNote] = ()) -> Proposal:
        points = points_of(goal, "goal")  # the first iteration reads them again: kept once
        complex_goal = is_complex(goal, points)
        terms = key_terms(goal)
        chosen = catalog.rank(goal, points)[: 9 if complex_goal else 8 if len(terms) >= 3 else 6]
        iterations = 6 if complex_goal else 4
        coverage = memory_coverage(goal, memory)
        approach = [
            f"planloop's built-in offline planner will plan “{shorten(goal, 120) or 'your goal'}”.",
            "It is deterministic and uses no language model: it applies planning frameworks "
            "from its catalog to the goal's own words and numbers.",
            # The counts are the proposal's fields, which a person may change before starting:
            # written here too, they contradicted "6 iterations" chosen in the terminal.
            f"It applies {spell(len(chosen))} frameworks in this order: "
            f"{join_words(s.title for s in chosen)}, spread over the run's iterations, with a "
            "review at each checkpoint.",
            f"It reads the goal as {families.pick(goal).title.lower()}: the plan gets a dated "
            f"schedule with owners, a budget whose lines sum to the budget and keep every cap, "
            f"and a “{families.pick(goal).structure}” section.",
            f"The goal states {spell(len(points))} data point{'' if len(points) == 1 else 's'}; "
            "each iteration extracts more "
            "(money, percentages, durations, dates, counts and named constraints) from the goal, "
            "this proposal, memory and your checkpoint feedback, which steers what follows.",
        ]
        if memory:
            hits = round(coverage.coverage * len(terms))
            titles = (f"“{notes.title_of(n.name, n.text)}”" for n in memory[:5])
            approach.append(
                f"The selected memory notes ({join_words(titles)}) mention "
                f"{spell(hits)} of the goal's key terms (out of {spell(len(terms))})."
            )
        return Proposal(
            approach=" ".join(approach),
            frameworks=[s.framework for s in chosen],
            max_iterations=iterations,
            checkpoint_interval=CHECKPOINT_INTERVAL,
            memory=coverage,
        )

    async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        await asyncio.sleep(0)  # the iteration's start goes out before its CPU work
        # In line the steps are written as they are reported; in a plan process all are
        # written there first and reported here with the same pauses between them.
        steps: Iterable[Step] = (
            write_steps(ctx)
            if not self.processes.processes
            else await self.processes.run(written_steps, ctx)
        )
        for step in steps:
            yield step.item
            if step.pause:
                await self._pause()
            elif isinstance(step.item, Progress):
                await asyncio.sleep(0)  # a yield, not a step: no delay

    async def chat(self, message: str, memory: Sequence[MemoryNote] = ()) -> str:
        return answer(message, memory)

    async def chat_stream(
        self, message: str, memory: Sequence[MemoryNote] = ()
    ) -> AsyncIterator[str]:
        """The retrieval answer as one piece: there is no conversation to stream."""
        yield answer(message, memory)

    async def check(self) -> PlannerHealth:
        return PlannerHealth(ok=True, detail="offline planner ready")

    async def _pause(self) -> None:
        """Between steps: the step delay, or with none a bare yield to the event loop, so
        the progress just reported is committed and sent while the planner goes on (it is
        written behind, planloop.engine.outbox) and other runs' requests and streams are
        not held for a whole iteration of CPU work."""
        await asyncio.sleep(self.step_delay_s)
