"""A fork: a new run that starts from the plan and state after an iteration of another.

The parent is only read: its plan history (the store's ``plan_versions``) gives the plan
after iteration ``k``, its state is rewound to that iteration (engine/review.py), and the
new run continues from ``k + 1`` with the person's feedback. The fork keeps the parent's
plans up to ``k`` as its own history, so its plans, checkpoints and forks work as any
run's.
"""

from __future__ import annotations

import uuid

from planloop.domain import MAX_ITERATIONS, Feedback, Run, RunStatus
from planloop.engine.review import rewound
from planloop.errors import InvalidInput, NotFound
from planloop.store import PlanVersion, Store


async def forked(
    store: Store,
    parent: Run,
    from_iteration: int,
    feedback: str,
    max_iterations: int | None,
    planner: str,
) -> tuple[Run, list[PlanVersion]]:
    """The new run (not yet stored) and the plans it keeps from its parent."""
    k = from_iteration
    if k < 1:
        raise InvalidInput(f"from_iteration must be 1 or more, got {k}")
    if k > parent.iteration:
        raise NotFound(
            f"run {parent.id} has no iteration {k} to fork from"
            f" (it has completed {parent.iteration})",
            code="iteration_not_found",
        )
    total = max_iterations if max_iterations is not None else parent.max_iterations
    if not k < total <= MAX_ITERATIONS:
        raise InvalidInput(
            f"max_iterations must be more than from_iteration ({k}) and at most"
            f" {MAX_ITERATIONS}, got {total}",
            code="invalid_max_iterations",
        )
    history = await store.plans(parent.id, k)
    if not history or history[-1].iteration != k:
        if k != parent.iteration:  # a run from before plan history kept only its latest
            raise NotFound(
                f"the plan after iteration {k} of run {parent.id} was not kept",
                code="iteration_not_found",
            )
        history = [*history, PlanVersion(parent.id, k, 0, parent.state.plan, parent.updated_at)]
    interval = parent.checkpoint_interval
    state = rewound(parent.state, k, history[-1].plan, interval, keep_feedback=False)
    if feedback:  # at a checkpoint's iteration, in place of that checkpoint's decision
        number = k // interval if k % interval == 0 else k // interval + 1
        state.feedback.append(Feedback(checkpoint=number, text=feedback, iteration=k))
    run = Run(
        id=uuid.uuid4().hex,
        owner=parent.owner,
        conversation=parent.conversation,
        goal=parent.goal,
        proposal=parent.proposal.model_copy(update={"max_iterations": total}),
        proposal_text=parent.proposal_text,
        max_iterations=total,
        checkpoint_interval=interval,
        checkpoint_timeout_s=parent.checkpoint_timeout_s,
        on_timeout=parent.on_timeout,
        planner=planner,
        status=RunStatus.RUNNING,
        iteration=k,
        state=state,
        selected_entities=list(parent.selected_entities),
        memory_chosen=parent.memory_chosen,
        parent_run_id=parent.id,
        from_iteration=k,
    )
    return run, history
