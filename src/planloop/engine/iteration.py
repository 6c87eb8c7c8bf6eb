"""What an iteration's result does to its run: the mutation its commit applies.

New frameworks and data points are merged into the plan state (each once), the iteration
is recorded exactly once, and when a checkpoint is due the run parks: a durable row with
a deadline, no task, no thread.
"""

from __future__ import annotations

from datetime import timedelta

from planloop.domain import (
    Checkpoint,
    IterationRecord,
    PlanCheck,
    PlanState,
    Run,
    RunStatus,
    iso,
    utcnow,
)
from planloop.engine.ledger import Mutation
from planloop.engine.summary import improvements, snapshot, summary_text
from planloop.errors import LeaseLost
from planloop.events import CheckpointReached, EventBody, IterationCompleted, PlanChecked
from planloop.planners.base import IterationResult
from planloop.store import Transaction


def record_iteration(
    iteration: int,
    result: IterationResult,
    duration_ms: int,
    checks: list[PlanCheck] | None = None,
) -> Mutation:
    """The commit of an iteration's result: recorded once, merged into the plan state (with
    the plan checker's results, when given), and parked at a checkpoint when one is due."""

    async def mutate(run: Run, tx: Transaction) -> list[EventBody]:
        if run.iteration != iteration - 1:
            # Belt and braces behind the lease: an iteration is recorded exactly once.
            raise LeaseLost(f"iteration {iteration} of run {run.id} is already recorded")
        state = run.state
        known_fw = {f.id for f in state.frameworks}
        known_dp = {d.key() for d in state.data_points}
        new_points = []
        for dp in result.data_points:
            if dp.key() not in known_dp:
                known_dp.add(dp.key())
                new_points.append(dp)
        run.state = PlanState(
            plan=result.plan,
            plan_version=state.plan_version + 1,
            frameworks=state.frameworks
            + [f for f in result.frameworks_applied if f.id not in known_fw],
            data_points=state.data_points + new_points,
            feedback=state.feedback,
            iterations=[
                *state.iterations,
                IterationRecord(
                    iteration=iteration,
                    duration_ms=duration_ms,
                    frameworks_applied=result.frameworks_applied,
                    data_points=new_points,
                    summary=result.summary,
                    key_finding=result.key_finding,
                    usage=result.usage,
                ),
            ],
            checks=checks if checks is not None else state.checks,
        )
        run.iteration = iteration
        events: list[EventBody] = [
            IterationCompleted(
                iteration=iteration,
                duration_ms=duration_ms,
                frameworks_applied=result.frameworks_applied,
                data_points=new_points,
                plan_version=run.state.plan_version,
                summary=result.summary,
                usage=result.usage,
            )
        ]
        if checks is not None:
            flagged = sum(1 for c in checks if c.status != "pass")
            events.append(PlanChecked(iteration=iteration, checks=checks, flagged=flagged))
        if run.checkpoint_due_after(iteration):
            events.append(await _park(run, tx, iteration))
        return events

    return mutate


async def _park(run: Run, tx: Transaction, iteration: int) -> CheckpointReached:
    """Stop the run at a checkpoint: a durable row with a deadline, no task, no thread."""
    number = iteration // run.checkpoint_interval
    previous = await tx.get_checkpoint(run.id, number - 1) if number > 1 else None
    imp = improvements(run.state, previous.summary if previous else None)
    now = utcnow()
    checkpoint = Checkpoint(
        run_id=run.id,
        number=number,
        iteration=iteration,
        summary=snapshot(run.state),
        created_at=now,
        expires_at=now + timedelta(seconds=run.checkpoint_timeout_s),
    )
    await tx.put_checkpoint(checkpoint)
    run.status = RunStatus.AWAITING_APPROVAL
    run.lease_holder = None
    return CheckpointReached(
        iteration=iteration,
        checkpoint_number=number,
        summary=summary_text(run.state, iteration, run.max_iterations, imp),
        frameworks_so_far=run.state.frameworks,
        data_points_so_far=run.state.data_points,
        improvements=imp,
        expires_at=iso(checkpoint.expires_at),
    )
