"""What ``revise`` and ``edit`` do to a run at a checkpoint, and the rewinding a fork shares.

``revise`` rewinds the run to the start of the checkpoint's stretch (the previous
checkpoint, or the start) with the person's feedback added, so those iterations run again
and the checkpoint comes back as its next revision. ``edit`` makes the person's text the
plan the next iteration builds on and marks the sections they wrote or changed as theirs
(:class:`~planloop.domain.PersonSection`): the iteration's commit puts them back after
every later iteration (engine/iteration.py), whatever the planner did with them.
"""

from __future__ import annotations

from planloop import plan_sections
from planloop.domain import (
    Checkpoint,
    Feedback,
    Framework,
    PersonSection,
    PlanState,
    Run,
    RunStatus,
    Usage,
)
from planloop.engine.iteration import plan_after, window_start
from planloop.events import CheckpointChangesRequested, PlanEdited
from planloop.store import Transaction


def effective_iteration(fb: Feedback, interval: int) -> int:
    """The iteration after which feedback steers the plan."""
    return fb.iteration if fb.iteration is not None else fb.checkpoint * interval


def rewound(
    state: PlanState, iteration: int, plan: str, interval: int, *, keep_feedback: bool
) -> PlanState:
    """The run's state as it stood after ``iteration`` (whose plan was ``plan``): later
    iterations, their frameworks and data points dropped. ``keep_feedback``: keep all the
    feedback given so far (a revise), else only what steered the iterations kept (a fork)."""
    kept = [r for r in state.iterations if r.iteration <= iteration]
    frameworks: list[Framework] = []
    seen: set[str] = set()
    for record in kept:
        for fw in record.frameworks_applied:
            if fw.id not in seen:
                seen.add(fw.id)
                frameworks.append(fw)
    # A fork from an iteration replaces the decision made after it: feedback given there
    # steered only the iterations the fork writes again.
    feedback = (
        list(state.feedback)
        if keep_feedback
        else [fb for fb in state.feedback if effective_iteration(fb, interval) < iteration]
    )
    dropped = [r for r in state.iterations if r.iteration > iteration]
    redone_usage, redone_ms = Usage(), 0
    if keep_feedback:  # the same run goes on: what the dropped iterations spent stays spent
        redone_usage, redone_ms = state.redone_usage, state.redone_ms
        for record in dropped:
            redone_usage = redone_usage + (record.usage or Usage())
            redone_ms += record.duration_ms
    return PlanState(
        plan=plan,
        plan_version=len(kept),
        frameworks=frameworks,
        data_points=[dp for record in kept for dp in record.data_points],
        feedback=feedback,
        iterations=kept,
        # The person's sections of the plan kept after ``iteration`` (its latest revision,
        # their edit's) stay theirs. A fork drops the feedback given with an edit at that
        # iteration's checkpoint, not the edit: counted from what feedback is kept.
        person_sections=[
            p.model_copy(update={"after_feedback": min(p.after_feedback, len(feedback))})
            for p in state.person_sections
            if p.iteration <= iteration
        ],
        redone_usage=redone_usage,
        redone_ms=redone_ms,
    )


async def request_changes(
    run: Run, tx: Transaction, cp: Checkpoint, feedback: str
) -> CheckpointChangesRequested:
    """Rewind to the start of the checkpoint's stretch, with the feedback, and run on."""
    start = window_start(run, cp.number)
    plan = await plan_after(run, tx, start)
    run.state = rewound(run.state, start, plan, run.checkpoint_interval, keep_feedback=True)
    run.state.feedback.append(Feedback(checkpoint=cp.number, text=feedback, iteration=start))
    run.iteration = start
    run.status = RunStatus.RUNNING
    return CheckpointChangesRequested(
        checkpoint_number=cp.number, feedback=feedback, revision=cp.revision + 1, iteration=start
    )


async def apply_edit(
    run: Run, tx: Transaction, cp: Checkpoint, plan: str, feedback: str
) -> PlanEdited:
    """The person's plan becomes the run's; the sections they wrote or changed are kept."""
    state = run.state
    if feedback:
        state.feedback.append(Feedback(checkpoint=cp.number, text=feedback, iteration=cp.iteration))
    written = plan_sections.written_by_person(cp.plan, plan)
    removed = plan_sections.removed_by_person(cp.plan, plan)
    present = plan_sections.by_title(plan)
    placed = plan_sections.places(plan)
    mine = {s.title for s in written} | set(removed)
    count = len(state.feedback)
    state.person_sections = (
        [p for p in state.person_sections if p.title in present and p.title not in mine]
        + [
            PersonSection(
                title=s.title,
                text=s.text,
                after=placed.get(s.title),
                iteration=cp.iteration,
                after_feedback=count,
            )
            for s in written
        ]
        + [  # a section the person took out stays out
            PersonSection(title=t, text="", iteration=cp.iteration, after_feedback=count)
            for t in removed
        ]
    )
    state.plan = plan
    await tx.put_plan(run.id, cp.iteration, plan)
    run.status = RunStatus.RUNNING
    return PlanEdited(
        checkpoint_number=cp.number,
        iteration=cp.iteration,
        feedback=feedback,
        sections=[s.title for s in written],
    )
