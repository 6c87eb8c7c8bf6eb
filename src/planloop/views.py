"""What a run looks like from outside: the JSON views that the API answers with, the
terminal client reads (from a server or in-process, the same shapes) and MCP returns."""

from __future__ import annotations

from datetime import datetime
from typing import Literal

from pydantic import BaseModel

from planloop.domain import (
    Checkpoint,
    DataPoint,
    Feedback,
    Framework,
    IterationRecord,
    Proposal,
    Run,
    RunError,
    RunStatus,
)


class DecisionOut(BaseModel):
    run_id: str
    checkpoint: int
    decision: Literal["approve", "reject"]
    feedback: str
    status: RunStatus


class CheckpointView(BaseModel):
    number: int
    iteration: int
    status: str
    feedback: str
    created_at: datetime
    expires_at: datetime
    decided_at: datetime | None

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
        )


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
        )


class RunView(RunSummary):
    proposal: Proposal
    checkpoint_timeout_s: float
    pause_requested: bool
    plan: str
    plan_version: int
    frameworks: list[Framework]
    data_points: list[DataPoint]
    feedback: list[Feedback]
    iterations: list[IterationRecord]
    checkpoints: list[CheckpointView]
    pending_checkpoint: int | None
    error: RunError | None
    last_seq: int
    selected_entities: list[str]
    no_memory: bool = False  # the person chose "no memory": nothing grounds the run

    @classmethod
    def full(cls, run: Run, checkpoints: list[Checkpoint]) -> RunView:
        waiting = [c.number for c in checkpoints if c.status.value == "waiting"]
        return cls(
            **RunSummary.of(run).model_dump(),
            proposal=run.proposal,
            checkpoint_timeout_s=run.checkpoint_timeout_s,
            pause_requested=run.pause_requested,
            plan=run.state.plan,
            plan_version=run.state.plan_version,
            frameworks=run.state.frameworks,
            data_points=run.state.data_points,
            feedback=run.state.feedback,
            iterations=run.state.iterations,
            checkpoints=[CheckpointView.of(c) for c in checkpoints],
            pending_checkpoint=waiting[0] if waiting else None,
            error=run.error,
            last_seq=run.last_seq,
            selected_entities=run.selected_entities,
            no_memory=run.no_memory,
        )
