"""A planner for engine tests: subclasses write ``iterate``; the rest says it is unused."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence

from planloop.domain import Proposal
from planloop.planners.base import (
    IterationContext,
    IterationResult,
    MemoryNote,
    PlannerHealth,
    Progress,
)


class ScriptedPlanner:
    name = "scripted"

    async def propose(self, goal: str, memory: Sequence[MemoryNote] = ()) -> Proposal:
        raise NotImplementedError

    def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        raise NotImplementedError

    async def chat(self, message: str, memory: Sequence[MemoryNote] = ()) -> str:
        raise NotImplementedError

    async def chat_stream(
        self, message: str, memory: Sequence[MemoryNote] = ()
    ) -> AsyncIterator[str]:
        raise NotImplementedError
        yield ""

    async def check(self) -> PlannerHealth:
        return PlannerHealth(ok=True, detail="")
