"""What the planning tools answer: a run as an agent needs to see it, with its next step.

A parked run's pending checkpoint carries the summary and improvements its
``checkpoint_reached`` event showed everyone else (read back from the run's event log), so
an agent shows the person exactly what the web page and the terminal show.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, Field

from planloop.domain import DataPoint, Framework, PlanCheck, Run, RunError, RunStatus
from planloop.engine import Engine
from planloop.engine.decisions import Decision
from planloop.events import Improvements
from planloop.views import DecisionOut, FeedbackView

TAIL = 20  # events read back to find a parked run's checkpoint_reached (it is the last one)


class RunStarted(BaseModel):
    run_id: str
    status: RunStatus
    next_step: str


class PendingCheckpoint(BaseModel):
    number: int = Field(description="Pass it to decide_checkpoint as `checkpoint`")
    iteration: int
    summary: str
    improvements: Improvements
    expires_at: str = Field(description="After this (UTC) the run expires undecided")


class RunState(BaseModel):
    run_id: str
    goal: str
    status: RunStatus
    iteration: int
    max_iterations: int
    checkpoint_interval: int
    planner: str
    pending_checkpoint: PendingCheckpoint | None
    plan: str = Field(description="The plan so far (Markdown); the final plan once completed")
    plan_version: int
    frameworks: list[Framework]
    data_points: list[DataPoint]
    feedback: list[FeedbackView]
    checks: list[PlanCheck] = Field(
        description="The latest plan checked against the goal's constraints: pass or flag each"
    )
    memory_entity: str | None = Field(
        description="The memory entity the finished plan was saved as (open_nodes reads it)"
    )
    selected_entities: list[str]
    no_memory: bool = Field(
        default=False, description="True when the person chose no memory: nothing grounds it"
    )
    error: RunError | None
    created_at: datetime
    updated_at: datetime
    next_step: str


class RunWaited(RunState):
    timed_out: bool = Field(description="True if the run was still working when time ran out")


class RunBrief(BaseModel):
    run_id: str
    goal: str
    status: RunStatus
    iteration: int
    max_iterations: int
    memory_entity: str | None
    updated_at: datetime


class RunList(BaseModel):
    runs: list[RunBrief]


def settled(run: Run) -> bool:
    """The run waits for someone (a checkpoint, a resume) or has ended."""
    return run.status in (RunStatus.AWAITING_APPROVAL, RunStatus.PAUSED) or run.status.terminal


DONE = {
    "approve": "approved",
    "reject": "rejected",
    "revise": "sent back with the person's changes",
    "edit": "approved with the person's edited plan",
}


class DecisionMade(DecisionOut):
    message: str = Field(
        description="What the decision did, in words: recorded now, or already recorded"
        " before (the same decision sent again changes nothing)"
    )

    @classmethod
    def of(cls, d: Decision) -> DecisionMade:
        done, status = DONE[d.decision], d.run_status.value
        if d.already_recorded:
            said = (
                f"Checkpoint {d.checkpoint} was already {done} by this same decision, recorded"
                f" before: nothing new happened. The run is {status}."
            )
        else:
            said = f"Checkpoint {d.checkpoint} {done}. The run is {status}."
        return cls(**DecisionOut.of(d).model_dump(), message=said)


def next_step(run: Run, pending: PendingCheckpoint | None) -> str:
    status = run.status
    if status is RunStatus.RUNNING:
        return (
            "The run is working. Call wait_for_run to wait until it stops at a checkpoint or ends."
        )
    if status is RunStatus.AWAITING_APPROVAL:
        n = pending.number if pending else "N"
        return (
            f"Checkpoint {n} waits for the person's decision. Show them the plan"
            " (get_checkpoint), the summary and the improvements, and ask whether to approve"
            " (feedback, if any, steers the next iterations), revise (their feedback, and the"
            " run redoes the iterations since the last checkpoint), edit (their own version of"
            " the plan goes on) or reject (ends the run); then call decide_checkpoint with"
            f" checkpoint={n}. Do not decide for them unless they told you to."
        )
    if status is RunStatus.PAUSED:
        return "The run is paused; it goes on once resumed (planloop's web page or API)."
    if status is RunStatus.COMPLETED:
        saved = (
            f" It is saved in memory as entity {run.memory_entity!r}: open_nodes with that"
            " name returns its facts and links."
            if run.memory_entity
            else ""
        )
        return f"Done: `plan` holds the final plan.{saved}"
    if status is RunStatus.FAILED:
        reason = run.error.message if run.error else "unknown error"
        return f"The run failed: {reason}"
    return f"The run ended ({status.value}); start_plan begins a new one."


async def pending_checkpoint(engine: Engine, run: Run) -> PendingCheckpoint | None:
    """The checkpoint a parked run waits on, as its ``checkpoint_reached`` event showed it."""
    if run.status is not RunStatus.AWAITING_APPROVAL:
        return None
    events = await engine.recent_events(run, TAIL)
    for event in reversed(events):
        if event.type == "checkpoint_reached":
            data = event.data
            return PendingCheckpoint(
                number=data["checkpoint_number"],
                iteration=data["iteration"],
                summary=data["summary"],
                improvements=Improvements.model_validate(data["improvements"]),
                expires_at=data["expires_at"],
            )
    return None


async def run_state(engine: Engine, run: Run) -> RunState:
    pending = await pending_checkpoint(engine, run)
    return RunState(
        run_id=run.id,
        goal=run.goal,
        status=run.status,
        iteration=run.iteration,
        max_iterations=run.max_iterations,
        checkpoint_interval=run.checkpoint_interval,
        planner=run.planner,
        pending_checkpoint=pending,
        plan=run.state.plan,
        plan_version=run.state.plan_version,
        frameworks=run.state.frameworks,
        data_points=run.state.data_points,
        feedback=[FeedbackView(checkpoint=f.checkpoint, text=f.text) for f in run.state.feedback],
        checks=run.state.checks,
        memory_entity=run.memory_entity,
        selected_entities=run.selected_entities,
        no_memory=run.no_memory,
        error=run.error,
        created_at=run.created_at,
        updated_at=run.updated_at,
        next_step=next_step(run, pending),
    )


def run_brief(run: Run) -> RunBrief:
    return RunBrief(
        run_id=run.id,
        goal=run.goal,
        status=run.status,
        iteration=run.iteration,
        max_iterations=run.max_iterations,
        memory_entity=run.memory_entity,
        updated_at=run.updated_at,
    )
