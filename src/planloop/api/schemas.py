"""Request bodies of the primary API, and its answers that are not run views."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from planloop.domain import (
    MAX_FEEDBACK_CHARS,
    MAX_GOAL_CHARS,
    MAX_ITERATIONS,
    OnTimeout,
    Proposal,
    RunStatus,
)
from planloop.engine.requests import MAX_TIMEOUT_S
from planloop.settings import MAX_WEBHOOK_URL_CHARS
from planloop.views import (
    CheckpointDetail,
    CheckpointView,
    DecisionOut,
    PlanView,
    RunSummary,
    RunView,
    WebhookView,
)

# The views are the API's answers too; they live in planloop.views, shared with the
# terminal client and MCP.
__all__ = [
    "CheckpointDetail",
    "CheckpointView",
    "DecisionOut",
    "PlanView",
    "RunDetail",
    "RunSummary",
    "RunView",
    "WebhookView",
]


class Body(BaseModel):
    """A request body: a field it does not know is refused (422), never dropped: a typo
    such as ``checkpoint_intervall`` would otherwise start a run with the defaults. (Its
    number fields are each ``strict``: ``true`` or ``"2"`` is not a number.)"""

    model_config = ConfigDict(extra="forbid")


class RunDetail(RunView):
    """A run as ``GET /api/runs/{id}`` shows it: its view, and whether it waits for a slot
    to execute (``PLANLOOP_MAX_EXECUTING_RUNS``); its status stays ``running`` meanwhile."""

    queued: bool = False
    queue_position: int | None = Field(
        None, description="1 for the next run to execute; null when not queued"
    )
    webhook_url: str | None = Field(None, description="the run's own webhook receiver, if named")
    webhooks: list[WebhookView] = Field(
        default_factory=list, description="the run's webhooks (README: Webhooks), oldest first"
    )


SELECTED = (
    "The memory entities to ground the plan on. Absent (or null): the notes related to the"
    " goal, chosen automatically; [] (empty): no memory at all."
)


class ProposalIn(Body):
    goal: str = Field(min_length=1, max_length=MAX_GOAL_CHARS)
    selected_entities: list[str] | None = Field(None, max_length=50, description=SELECTED)


class RunIn(Body):
    goal: str = Field(min_length=1, max_length=MAX_GOAL_CHARS)
    proposal: Proposal | str | None = None
    max_iterations: int | None = Field(None, ge=1, le=MAX_ITERATIONS, strict=True)
    checkpoint_interval: int | None = Field(None, ge=1, le=MAX_ITERATIONS, strict=True)
    checkpoint_timeout_s: float | None = Field(
        None, ge=1, le=30 * 24 * 3600, strict=True, allow_inf_nan=False
    )
    selected_entities: list[str] | None = Field(None, max_length=50, description=SELECTED)
    webhook_url: str | None = Field(
        None,
        max_length=MAX_WEBHOOK_URL_CHARS,
        description="this run's own webhook receiver; only under a prefix the server allows"
        " (PLANLOOP_WEBHOOK_ALLOWED_URLS), else 422 webhook_url_not_allowed",
    )
    on_timeout: OnTimeout = Field(
        "expire",
        description="what a checkpoint's deadline does: expire (the checkpoint is marked"
        " expired and still takes a decision or a new deadline), approve or reject",
    )


class RunCreated(BaseModel):
    run_id: str
    status: RunStatus
    events_url: str


class DecisionIn(Body):
    decision: Literal["approve", "reject", "revise", "edit"] = Field(
        description="approve (go on), reject (end the run), revise (run the iterations"
        " since the previous checkpoint again with the feedback, which is required) or edit"
        " (plan_markdown becomes the plan; the sections you wrote are kept)"
    )
    feedback: str = Field("", max_length=MAX_FEEDBACK_CHARS)
    plan_markdown: str | None = Field(
        None, description="edit only: the plan as you want it (at most 200,000 characters)"
    )
    revision: int | None = Field(
        None,
        ge=1,
        strict=True,
        description="the checkpoint's revision you reviewed: a decision meant for an earlier"
        " one is answered as that one was, or refused (409)",
    )


class ExtendIn(Body):
    seconds: float = Field(
        gt=0,
        le=MAX_TIMEOUT_S,
        strict=True,
        allow_inf_nan=False,
        description="the new deadline, this many seconds from now",
    )


class ForkIn(Body):
    from_iteration: int = Field(ge=1, le=MAX_ITERATIONS, strict=True)
    feedback: str = Field("", max_length=MAX_FEEDBACK_CHARS)
    max_iterations: int | None = Field(None, ge=2, le=MAX_ITERATIONS, strict=True)


class ForkOut(BaseModel):
    run_id: str
    parent_run_id: str
    from_iteration: int
    status: RunStatus
    events_url: str


class SavedOut(BaseModel):
    run_id: str
    memory_entity: str
    iteration: int


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorOut(BaseModel):
    error: ErrorDetail
