"""Request bodies of the primary API, and its answers that are not run views."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, Field

from planloop.domain import MAX_FEEDBACK_CHARS, MAX_GOAL_CHARS, MAX_ITERATIONS, Proposal, RunStatus
from planloop.views import CheckpointView, DecisionOut, RunSummary, RunView

# The views are the API's answers too; they live in planloop.views, shared with the
# terminal client and MCP.
__all__ = ["CheckpointView", "DecisionOut", "RunDetail", "RunSummary", "RunView"]


class RunDetail(RunView):
    """A run as ``GET /api/runs/{id}`` shows it: its view, and whether it waits for a slot
    to execute (``PLANLOOP_MAX_EXECUTING_RUNS``); its status stays ``running`` meanwhile."""

    queued: bool = False
    queue_position: int | None = Field(
        None, description="1 for the next run to execute; null when not queued"
    )


SELECTED = (
    "The memory entities to ground the plan on. Absent (or null): the notes related to the"
    " goal, chosen automatically; [] (empty): no memory at all."
)


class ProposalIn(BaseModel):
    goal: str = Field(min_length=1, max_length=MAX_GOAL_CHARS)
    selected_entities: list[str] | None = Field(None, max_length=50, description=SELECTED)


class RunIn(BaseModel):
    goal: str = Field(min_length=1, max_length=MAX_GOAL_CHARS)
    proposal: Proposal | str | None = None
    max_iterations: int | None = Field(None, ge=1, le=MAX_ITERATIONS, strict=True)
    checkpoint_interval: int | None = Field(None, ge=1, le=MAX_ITERATIONS, strict=True)
    checkpoint_timeout_s: float | None = Field(None, ge=1, le=30 * 24 * 3600)
    selected_entities: list[str] | None = Field(None, max_length=50, description=SELECTED)


class RunCreated(BaseModel):
    run_id: str
    status: RunStatus
    events_url: str


class DecisionIn(BaseModel):
    decision: Literal["approve", "reject"]
    feedback: str = Field("", max_length=MAX_FEEDBACK_CHARS)


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail
