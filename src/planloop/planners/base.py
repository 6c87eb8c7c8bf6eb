"""The Planner interface: one async generator per iteration, like a model provider in simonw/llm.

The engine knows planners only through this module. A planner never touches the store, the
broker or HTTP; it reads an :class:`IterationContext` and yields :class:`Progress` updates,
then exactly one :class:`IterationResult` as its last item.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from pydantic import BaseModel, Field

from planloop.domain import DataPoint, Framework, MemoryNote, PlanState, Proposal, Usage


class CheckResult(Protocol):
    """A plan check's outcome as a planner reads it (the checker's own type fits)."""

    @property
    def name(self) -> str: ...
    @property
    def status(self) -> str: ...  # "pass" or "flag"
    @property
    def message(self) -> str: ...
    @property
    def sections(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class IterationContext:
    run_id: str
    goal: str
    proposal: Proposal
    proposal_text: str
    iteration: int
    max_iterations: int
    state: PlanState
    memory: Sequence[MemoryNote] = field(default_factory=tuple)
    # The run's start (its created_at, in UTC): relative dates ("within 6 months", "Q3")
    # count from it, so a plan's dates do not move when it is re-planned later.
    started_on: date | None = None
    checks: Sequence[CheckResult] = field(default_factory=tuple)  # the last plan checks


class Progress(BaseModel):
    """Something happened during an iteration; becomes an ``iteration_progress`` event."""

    message: str
    stage: str | None = None
    delta: str | None = None
    tokens: int | None = None
    frameworks_applied: list[Framework] | None = None
    data_points: list[DataPoint] | None = None


class IterationResult(BaseModel):
    """The outcome of one iteration. ``plan`` is the whole revised plan in Markdown."""

    frameworks_applied: list[Framework]
    data_points: list[DataPoint] = Field(default_factory=list)  # new in this iteration
    plan: str
    summary: str
    key_finding: str = ""
    usage: Usage | None = None


@dataclass(frozen=True)
class PlannerHealth:
    ok: bool
    detail: str


class Planner(Protocol):
    name: str

    async def propose(self, goal: str, memory: Sequence[MemoryNote] = ()) -> Proposal: ...

    def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]: ...

    async def chat(self, message: str, memory: Sequence[MemoryNote] = ()) -> str: ...

    def chat_stream(self, message: str, memory: Sequence[MemoryNote] = ()) -> AsyncIterator[str]:
        """The answer to ``message`` as text pieces, in order, grounded in ``memory``.

        The pieces joined are the whole reply, which names the notes it rests on (a final
        ``Sources:`` line or ``[[entity]]`` links; see :mod:`planloop.planners.citations`).
        Pieces are coalesced (at most ~10 a second) like iteration deltas. A planner that
        cannot converse yields its whole answer as one piece. Failures raise
        :class:`planloop.errors.PlannerFailed` (``model_unavailable``,
        ``model_output_invalid``), possibly after some pieces.
        """
        ...

    async def check(self) -> PlannerHealth: ...


__all__ = [
    "CheckResult",
    "IterationContext",
    "IterationResult",
    "MemoryNote",
    "Planner",
    "PlannerHealth",
    "Progress",
    "Usage",
]
