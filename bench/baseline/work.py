"""The baseline's iteration work: planloop's offline planner, driven synchronously.

Both subjects run the same planner on the same goal, so the comparison measures the
architecture around the work (threads and blocking waits versus a durable log and parked
runs), not two different planners. The offline planner is an async generator that never
suspends when its step delay is 0, so each step can be driven with ``coroutine.send(None)``
from plain synchronous code: what the original's generator did with its orchestrator.

The state kept between iterations mirrors what planloop's runner keeps (plan, frameworks,
data points, iteration records, feedback), in memory only, as the original did.
"""

from __future__ import annotations

import time
from collections.abc import AsyncIterator, Coroutine, Iterator
from typing import Any, TypeVar

from planloop.domain import DataPoint, Feedback, Framework, IterationRecord, PlanState, Proposal
from planloop.planners.base import IterationContext, IterationResult, Progress
from planloop.planners.offline import OfflinePlanner

T = TypeVar("T")

PLANNER = OfflinePlanner(step_delay_s=0.0)


def run_now(coro: Coroutine[Any, Any, T]) -> T:
    """Finish a coroutine that never waits; refuse one that does. ``asyncio.sleep(0)``
    (the planner lets its start go out before its CPU work) is a bare yield, not a wait."""
    try:
        while coro.send(None) is None:
            pass
    except StopIteration as done:
        return done.value  # type: ignore[no-any-return]
    coro.close()
    raise RuntimeError("the planner suspended: the baseline needs PLANLOOP step delay 0")


def iterate_sync(agen: AsyncIterator[T]) -> Iterator[T]:
    """An async generator that never suspends, as a plain iterator."""
    while True:
        try:
            item = run_now(agen.__anext__())  # type: ignore[arg-type]
        except StopAsyncIteration:
            return
        yield item


def propose(goal: str) -> Proposal:
    return run_now(PLANNER.propose(goal))


class Planning:
    """One run's plan, refined iteration by iteration (the original's orchestrator)."""

    def __init__(self, goal: str, proposal_text: str, max_iterations: int, interval: int) -> None:
        proposal = propose(goal)
        self.goal = goal
        self.proposal = proposal.model_copy(
            update={"max_iterations": max_iterations, "checkpoint_interval": interval}
        )
        self.proposal_text = proposal_text
        self.max_iterations = max_iterations
        self.state = PlanState()
        self.frameworks_at_checkpoint = 0
        self.points_at_checkpoint = 0

    def iterate(self, iteration: int) -> Iterator[Progress | IterationResult]:
        """One iteration: the planner's progress updates, then its result (applied here)."""
        ctx = IterationContext(
            run_id="baseline",
            goal=self.goal,
            proposal=self.proposal,
            proposal_text=self.proposal_text,
            iteration=iteration,
            max_iterations=self.max_iterations,
            state=self.state,
        )
        started = time.monotonic()
        for item in iterate_sync(PLANNER.iterate(ctx)):
            if isinstance(item, IterationResult):
                self._apply(iteration, item, int((time.monotonic() - started) * 1000))
            yield item

    def _apply(self, iteration: int, result: IterationResult, duration_ms: int) -> None:
        state = self.state
        known_fw = {f.id for f in state.frameworks}
        known_dp = {d.key() for d in state.data_points}
        new_points: list[DataPoint] = []
        for dp in result.data_points:
            if dp.key() not in known_dp:
                known_dp.add(dp.key())
                new_points.append(dp)
        frameworks: list[Framework] = state.frameworks + [
            f for f in result.frameworks_applied if f.id not in known_fw
        ]
        record = IterationRecord(
            iteration=iteration,
            duration_ms=duration_ms,
            frameworks_applied=result.frameworks_applied,
            data_points=new_points,
            summary=result.summary,
            key_finding=result.key_finding,
        )
        self.state = PlanState(
            plan=result.plan,
            plan_version=state.plan_version + 1,
            frameworks=frameworks,
            data_points=state.data_points + new_points,
            feedback=state.feedback,
            iterations=[*state.iterations, record],
        )

    def add_feedback(self, checkpoint: int, text: str) -> None:
        if text:
            self.state.feedback.append(Feedback(checkpoint=checkpoint, text=text))

    def improvements(self, checkpoint_number: int) -> dict[str, Any]:
        """The original's ``improvements`` object: what changed since the last checkpoint."""
        state = self.state
        added = [f.title for f in state.frameworks[self.frameworks_at_checkpoint :]]
        gained = len(state.data_points) - self.points_at_checkpoint
        self.frameworks_at_checkpoint = len(state.frameworks)
        self.points_at_checkpoint = len(state.data_points)
        finding = next(
            (r.key_finding for r in reversed(state.iterations) if r.key_finding),
            "",
        )
        return {
            "is_first_checkpoint": checkpoint_number == 1,
            "improvements": {
                "research_improvements": f"{gained} new data points extracted",
                "frameworks_applied": ", ".join(added) or "no new frameworks",
                "use_cases_found": "",
                "analytical_improvements": "",
                "key_discovery": finding,
            },
            "comparison": {
                "frameworks_added": len(added),
                "data_points_gained": gained,
                "depth_score": min(10, len(added)),
            },
        }
