"""What a run looks like from outside: the JSON views that the API answers with, the
terminal client reads (from a server or in-process, the same shapes) and MCP returns."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Literal, Self

from pydantic import BaseModel, Field

from planloop.domain import (
    Checkpoint,
    CheckpointRevision,
    DataPoint,
    Framework,
    IterationRecord,
    PlanCheck,
    Proposal,
    Run,
    RunError,
    RunStatus,
)
from planloop.plan_sections import PlanChanges, diff
from planloop.render import render_markdown
from planloop.store import PlanVersion, WebhookDelivery

if TYPE_CHECKING:
    from planloop.engine.decisions import Decision


class DecisionOut(BaseModel):
    run_id: str
    checkpoint: int
    decision: Literal["approve", "reject", "revise", "edit"]
    feedback: str
    status: RunStatus
    revision: int = 1
    already_recorded: bool = Field(
        False,
        description="true when this same decision had been recorded before (the same"
        " decision and feedback sent again): it is answered as the first was, and nothing"
        " new happened",
    )

    @classmethod
    def of(cls, d: Decision) -> Self:
        """The answer to a decision the engine made or found recorded."""
        return cls(
            run_id=d.run_id,
            checkpoint=d.checkpoint,
            decision=d.decision,
            feedback=d.feedback,
            status=d.run_status,
            revision=d.revision,
            already_recorded=d.already_recorded,
        )


class PlanView(BaseModel):
    """A run's plan after one iteration (``GET /api/runs/{id}/plan``)."""

    run_id: str
    iteration: int
    revision: int = Field(
        description="1 for the iteration's first plan; +1 for each redo (revise) or edit;"
        " 0 for a plan from before plan history was kept"
    )
    plan_markdown: str
    html: str = Field(
        description="the plan as sanitized HTML (planloop.render): what the page shows"
    )
    status: RunStatus = Field(description="the run's status now")
    partial: bool = Field(description="false only for the final plan of a completed run")
    created_at: datetime

    @classmethod
    def of(cls, run: Run, version: PlanVersion) -> PlanView:
        final = run.status is RunStatus.COMPLETED and version.iteration == run.iteration
        return cls(
            run_id=run.id,
            iteration=version.iteration,
            revision=version.revision,
            plan_markdown=version.plan,
            html=render_markdown(version.plan),
            status=run.status,
            partial=not final,
            created_at=version.created_at,
        )


class DecisionView(BaseModel):
    kind: Literal["approve", "reject", "revise", "edit"]
    feedback: str
    decided_at: datetime | None
    by_deadline: bool = False
    plan_markdown: str | None = Field(None, description="the person's plan (edit only)")
    by: str | None = Field(
        None, description="`share:<token_id>` when an approver share link decided; null: the owner"
    )


class RevisionSummary(BaseModel):
    revision: int
    status: str
    created_at: datetime
    decision: DecisionView | None


class CheckpointDetail(BaseModel):
    """One checkpoint as a person reviews it (``GET /api/runs/{id}/checkpoints/{n}``):
    the plan at it, what changed since the previous checkpoint, and the decision."""

    run_id: str
    number: int
    iteration: int
    revision: int
    latest_revision: int
    status: str
    deadline: datetime
    created_at: datetime
    plan_markdown: str
    changes: PlanChanges
    checks: list[PlanCheck] = Field(
        description="the plan at this checkpoint checked against the goal's constraints"
        " (budget, caps, dates, owners, feedback, contradictions): pass or flag each"
    )
    decision: DecisionView | None
    revisions: list[RevisionSummary] = Field(
        description="every revision of this checkpoint, oldest first (?revision=r shows one)"
    )

    @classmethod
    def of(cls, cp: Checkpoint, base: str, revision: int | None = None) -> CheckpointDetail:
        """``base``: the plan the checkpoint's stretch started from (the diff's left side);
        a later revision's is the revision before it, which the person reviewed."""
        every = [*cp.revisions, cp.current()]
        shown = every[(revision or cp.revision) - 1]
        if shown.revision > 1 and every[shown.revision - 2].plan:
            base = every[shown.revision - 2].plan  # the revision the person asked to change
        changes = shown.changes or PlanChanges()
        if shown.plan or base:
            changes = changes.model_copy(update={"diff": diff(base, shown.plan)})
        return cls(
            run_id=cp.run_id,
            number=cp.number,
            iteration=cp.iteration,
            revision=shown.revision,
            latest_revision=cp.revision,
            status=shown.status.value,
            deadline=shown.expires_at,
            created_at=shown.created_at,
            plan_markdown=shown.plan,
            changes=changes,
            checks=shown.checks,
            decision=_decision(shown),
            revisions=[
                RevisionSummary(
                    revision=r.revision,
                    status=r.status.value,
                    created_at=r.created_at,
                    decision=_decision(r),
                )
                for r in every
            ],
        )


_KINDS: dict[str, Literal["approve", "reject", "revise", "edit"]] = {
    "approved": "approve",
    "rejected": "reject",
    "changes_requested": "revise",
    "edited": "edit",
}


def _decision(r: CheckpointRevision) -> DecisionView | None:
    kind = _KINDS.get(r.status.value)
    if kind is None:
        return None
    return DecisionView(
        kind=kind,
        feedback=r.feedback,
        decided_at=r.decided_at,
        by_deadline=r.by_deadline,
        plan_markdown=r.edited_plan if kind == "edit" else None,
        by=r.decided_by,
    )


class CheckpointView(BaseModel):
    number: int
    iteration: int
    status: str
    feedback: str
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None
    decided_by: str | None = Field(
        None, description="`share:<token_id>` when an approver share link decided"
    )

    @classmethod
    def of(cls, cp: Checkpoint) -> CheckpointView:
        return cls(
            number=cp.number,
            iteration=cp.iteration,
            status=cp.status.value,
            feedback=cp.feedback,
            created_at=cp.created_at,
            expires_at=cp.expires_at,
            decided_at=cp.decided_at,
            decided_by=cp.decided_by,
        )


class FeedbackView(BaseModel):
    """Feedback as a run shows it: the checkpoint it was given at and its text."""

    checkpoint: int
    text: str


class RunSummary(BaseModel):
    run_id: str
    goal: str
    status: RunStatus
    iteration: int
    max_iterations: int
    checkpoint_interval: int
    planner: str
    memory_entity: str | None
    created_at: datetime
    updated_at: datetime
    events_url: str
    parent_run_id: str | None = Field(None, description="a fork's parent run")
    from_iteration: int | None = Field(
        None, description="the parent's iteration a fork starts after"
    )

    @classmethod
    def of(cls, run: Run) -> RunSummary:
        return cls(
            run_id=run.id,
            goal=run.goal,
            status=run.status,
            iteration=run.iteration,
            max_iterations=run.max_iterations,
            checkpoint_interval=run.checkpoint_interval,
            planner=run.planner,
            memory_entity=run.memory_entity,
            created_at=run.created_at,
            updated_at=run.updated_at,
            events_url=f"/api/runs/{run.id}/events",
            parent_run_id=run.parent_run_id,
            from_iteration=run.from_iteration,
        )


class RunView(RunSummary):
    proposal: Proposal
    checkpoint_timeout_s: float
    on_timeout: str
    pause_requested: bool
    plan: str
    plan_version: int
    frameworks: list[Framework]
    data_points: list[DataPoint]
    feedback: list[FeedbackView]
    iterations: list[IterationRecord]
    checks: list[PlanCheck]  # the latest plan checked against its constraints
    checkpoints: list[CheckpointView]
    pending_checkpoint: int | None
    error: RunError | None
    last_seq: int
    selected_entities: list[str]
    no_memory: bool = False  # the person chose "no memory": nothing grounds the run

    @classmethod
    def full(cls, run: Run, checkpoints: list[Checkpoint]) -> RunView:
        # An expired checkpoint still waits for a person (engine/deadlines.py).
        waiting = [c.number for c in checkpoints if c.status.open]
        return cls(
            **RunSummary.of(run).model_dump(),
            proposal=run.proposal,
            checkpoint_timeout_s=run.checkpoint_timeout_s,
            on_timeout=run.on_timeout,
            pause_requested=run.pause_requested,
            plan=run.state.plan,
            plan_version=run.state.plan_version,
            frameworks=run.state.frameworks,
            data_points=run.state.data_points,
            feedback=[
                FeedbackView(checkpoint=f.checkpoint, text=f.text) for f in run.state.feedback
            ],
            iterations=run.state.iterations,
            checks=run.state.checks,
            checkpoints=[CheckpointView.of(c) for c in checkpoints],
            pending_checkpoint=waiting[0] if waiting else None,
            error=run.error,
            last_seq=run.last_seq,
            selected_entities=run.selected_entities,
            no_memory=run.no_memory,
        )


class WebhookView(BaseModel):
    """One webhook of a run and how its delivery went (never its receiver's URL: the
    server's own is the operator's)."""

    id: str = Field(description="the webhook-id header: the same on every attempt")
    type: str
    target: Literal["server", "run"] = Field(
        description="server: PLANLOOP_WEBHOOK_URL; run: the run's own webhook_url"
    )
    status: Literal["pending", "delivered", "failed"]
    attempts: int
    last_status: int | None = Field(description="the receiver's HTTP status at the last attempt")
    last_error: str | None
    next_attempt_at: datetime | None = Field(description="when pending: the next attempt")
    delivered_at: datetime | None
    created_at: datetime

    @classmethod
    def of(cls, d: WebhookDelivery) -> WebhookView:
        return cls(
            id=d.id,
            type=d.type,
            target="run" if d.target == "run" else "server",
            status="delivered"
            if d.status == "delivered"
            else ("failed" if d.status == "failed" else "pending"),
            attempts=d.attempts,
            last_status=d.last_status,
            last_error=d.last_error,
            next_attempt_at=d.next_attempt_at if d.status == "pending" else None,
            delivered_at=d.delivered_at,
            created_at=d.created_at,
        )
