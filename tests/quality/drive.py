"""Driving the offline planner through a whole run, as the engine does, with scripted
feedback and a fixed start date; the plan checker's results after each iteration."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

from planloop.checks import check_iteration
from planloop.domain import Feedback, MemoryNote, PersonSection, PlanCheck, PlanState
from planloop.planners.base import IterationContext, IterationResult
from planloop.planners.offline import OfflinePlanner

START = date(2026, 12, 2)


@dataclass
class Driven:
    plans: list[str] = field(default_factory=list)
    checks: list[list[PlanCheck]] = field(default_factory=list)
    results: list[IterationResult] = field(default_factory=list)

    @property
    def plan(self) -> str:
        return self.plans[-1]

    @property
    def flags(self) -> list[PlanCheck]:
        return [c for c in self.checks[-1] if c.status != "pass"]


async def drive(
    goal: str,
    feedback: dict[int, str] | None = None,
    start: date = START,
    memory: Sequence[MemoryNote] = (),
    iterations: int | None = None,
) -> Driven:
    """Every iteration of the planner's own proposal (or ``iterations`` of them);
    ``feedback`` by checkpoint number."""
    planner = OfflinePlanner()
    proposal = await planner.propose(goal, memory)
    if iterations is not None:
        proposal = proposal.model_copy(update={"max_iterations": iterations})
    state = PlanState()
    out = Driven()
    for iteration in range(1, proposal.max_iterations + 1):
        ctx = IterationContext(
            run_id="quality",
            goal=goal,
            proposal=proposal,
            proposal_text="",
            iteration=iteration,
            max_iterations=proposal.max_iterations,
            state=state.model_copy(deep=True),
            memory=memory,
            started_on=start,
        )
        items = [item async for item in planner.iterate(ctx)]
        result = items[-1]
        assert isinstance(result, IterationResult)
        known = {f.id for f in state.frameworks}
        state = PlanState(
            plan=result.plan,
            plan_version=state.plan_version + 1,
            frameworks=state.frameworks
            + [f for f in result.frameworks_applied if f.id not in known],
            data_points=state.data_points + result.data_points,
            feedback=list(state.feedback),
        )
        out.checks.append(check_iteration(goal, result.plan, state.feedback, ctx))
        out.plans.append(result.plan)
        out.results.append(result)
        if iteration % proposal.checkpoint_interval == 0:
            number = iteration // proposal.checkpoint_interval
            if feedback and number in feedback:
                state.feedback.append(Feedback(checkpoint=number, text=feedback[number]))
    return out


def not_cleared_in_time(flags: list[PlanCheck]) -> bool:
    """The one flag a debt's plan raises when the amount said a month does not clear it by
    the deadline: its schedule still owes at the deadline."""
    return [(c.name, "not cleared in time" in c.message) for c in flags] == [
        ("dates_within_deadline", True)
    ]


async def after_edit(
    goal: str, before: Driven, section: PersonSection, start: date, max_iterations: int
) -> str:
    """The plan of the iteration after ``before``'s last, with the person's ``section``
    written at the checkpoint there (as the engine keeps an ``edit``)."""
    planner = OfflinePlanner()
    state = PlanState(
        plan=before.plan,
        plan_version=len(before.plans),
        frameworks=[f for r in before.results for f in r.frameworks_applied],
        data_points=[p for r in before.results for p in r.data_points],
        person_sections=[section],
    )
    ctx = IterationContext(
        run_id="edited",
        goal=goal,
        proposal=await planner.propose(goal, []),
        proposal_text="",
        iteration=len(before.plans) + 1,
        max_iterations=max_iterations,
        state=state,
        memory=[],
        started_on=start,
    )
    result = [item async for item in planner.iterate(ctx)][-1]
    assert isinstance(result, IterationResult)
    return result.plan
