"""A run's good end: what its plan note says about it, and the commit that completes it.

The runner files the plan in its owner's memory first (planloop.engine.writers), then
commits the completion naming that note; a completion that does not commit takes the note
back, so only a completed run has one.
"""

from __future__ import annotations

from planloop.domain import Run, RunStatus, utcnow
from planloop.engine.ledger import Mutation
from planloop.events import Complete, EventBody, FinalPlan
from planloop.store import EntityRecord, Transaction

FACT_POINTS = 20  # data points a plan note lists among its facts


def checkpoints_of(run: Run) -> int:
    """How many checkpoints a run that went all the way stopped at."""
    return (run.max_iterations - 1) // run.checkpoint_interval


def plan_facts(run: Run) -> dict[str, str]:
    """The facts a finished run's plan note starts with: its goal, id, date, size, the
    frameworks applied and the planner, then its first data points."""
    state = run.state
    facts = {
        "goal": run.goal,
        "run_id": run.id,
        "date": run.created_at.date().isoformat(),
        "iterations": str(run.max_iterations),
        "checkpoints": str(checkpoints_of(run)),
        "frameworks": ", ".join(f.title for f in state.frameworks),
        "planner": run.planner,
    }
    for dp in state.data_points[:FACT_POINTS]:
        facts.setdefault(dp.label, dp.value)
    return facts


def complete(finished: Run, entity: str) -> Mutation:
    """The commit that completes ``finished`` (the run as its last iteration left it), its
    plan filed as memory entity ``entity``: the final plan, then ``complete``."""
    state = finished.state
    total_ms = int((utcnow() - finished.created_at).total_seconds() * 1000)

    async def mutate(run: Run, tx: Transaction) -> list[EventBody]:
        await tx.put_entity(
            EntityRecord(
                name=entity, run_id=run.id, owner=run.owner, goal=run.goal, created_at=utcnow()
            )
        )
        run.status = RunStatus.COMPLETED
        run.memory_entity = entity
        run.lease_holder = None
        return [
            FinalPlan(
                plan=state.plan,
                frameworks=state.frameworks,
                data_points=state.data_points,
                iterations=run.iteration,
                checkpoints=checkpoints_of(finished),
                memory_entity=entity,
                duration_ms=total_ms,
                usage=state.usage if state.usage.total else None,
            ),
            Complete(status="completed"),
        ]

    return mutate
