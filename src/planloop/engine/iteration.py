"""What an iteration's result does to its run: the mutation its commit applies.

New frameworks and data points are merged into the plan state (each once), the iteration
is recorded exactly once, its plan is kept (the plan history), the sections a person wrote
at an earlier checkpoint are put back whatever the planner did with them, and when a
checkpoint is due the run parks: a durable row with a deadline, no task, no thread.
"""

from __future__ import annotations

from datetime import timedelta

from planloop import plan_sections
from planloop.domain import (
    Checkpoint,
    CheckpointStatus,
    IterationRecord,
    PersonSection,
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
        kept = still_kept(state)
        plan = with_kept_sections(state, result.plan)
        run.state = PlanState(
            plan=plan,
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
            person_sections=kept,
            checks=checks if checks is not None else state.checks,
            redone_usage=state.redone_usage,
            redone_ms=state.redone_ms,
        )
        run.iteration = iteration
        await tx.put_plan(run.id, iteration, plan)
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


def still_kept(state: PlanState) -> list[PersonSection]:
    """The person's sections that stay: those no feedback given after their edit names."""
    return [
        p
        for p in state.person_sections
        if not any(
            plan_sections.names_section(fb.text, p.title)
            for fb in state.feedback[p.after_feedback :]
        )
    ]


def with_kept_sections(state: PlanState, plan: str) -> str:
    """The plan as the run keeps it: the planner's, with the person's sections put back."""
    kept = still_kept(state)
    sections = [plan_sections.Section(p.title, p.text) for p in kept]
    return plan_sections.impose(plan, sections, {p.title: p.after for p in kept})


def window_start(run: Run, number: int) -> int:
    """The iteration checkpoint ``number``'s stretch starts after: the previous checkpoint's
    (or the start; a fork's start when later)."""
    return max((number - 1) * run.checkpoint_interval, run.from_iteration or 0)


async def plan_after(run: Run, tx: Transaction, iteration: int) -> str:
    """The run's plan as iteration ``iteration`` left it ("" before the first)."""
    if iteration <= 0:
        return ""
    kept = await tx.get_plan(run.id, iteration)
    return kept.plan if kept is not None else ""


async def _park(run: Run, tx: Transaction, iteration: int) -> CheckpointReached:
    """Stop the run at a checkpoint: a durable row with a deadline, no task, no thread.
    A checkpoint whose changes were requested comes back as its next revision."""
    number = iteration // run.checkpoint_interval
    # The previous checkpoint (for what improved since) and this one's earlier revision, in
    # one read.
    kept = await tx.checkpoints_between(run.id, max(1, number - 1), number)
    previous = kept.get(number - 1)
    again = kept.get(number)
    revised = again is not None and again.status is CheckpointStatus.CHANGES_REQUESTED
    # What improved since the person last reviewed: the revision they asked to change (found
    # as a user: a revision said "4 frameworks added" that were there at the review), else
    # the previous checkpoint.
    reviewed = again if revised else previous
    imp = improvements(run.state, reviewed.summary if reviewed is not None else None)
    # What changed since the person last reviewed: the revision they asked to change, else
    # the plan the stretch started from.
    before = again.plan if revised and again is not None and again.plan else ""
    before = before or await plan_after(run, tx, window_start(run, number))
    # The diff is made again when it is read (from the plans it compares): kept here it
    # would double what every read of the run's checkpoints loads, so it is not made.
    changes = plan_sections.compare(before, run.state.plan, with_diff=False)
    now = utcnow()
    checkpoint = Checkpoint(
        run_id=run.id,
        number=number,
        iteration=iteration,
        summary=snapshot(run.state),
        plan=run.state.plan,
        changes=changes,
        checks=list(run.state.checks),
        created_at=now,
        expires_at=now + timedelta(seconds=run.checkpoint_timeout_s),
    )
    if revised and again is not None:
        checkpoint.revision = again.revision + 1
        checkpoint.revisions = [*again.revisions, again.current()]
    await tx.put_checkpoint(checkpoint)
    run.status = RunStatus.AWAITING_APPROVAL
    run.pause_requested = False  # the checkpoint is the stop it asked for: an approval goes on
    run.lease_holder = None
    return CheckpointReached(
        iteration=iteration,
        checkpoint_number=number,
        summary=summary_text(run.state, iteration, run.max_iterations, imp),
        frameworks_so_far=run.state.frameworks,
        data_points_so_far=run.state.data_points,
        improvements=imp,
        expires_at=iso(checkpoint.expires_at),
        revision=checkpoint.revision,
        changes=changes.summary(),
    )
