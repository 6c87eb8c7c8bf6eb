"""The vocabulary every part of planloop speaks: frameworks, data points, proposals, runs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from planloop.plan_sections import PlanChanges

MAX_GOAL_CHARS = 4000
MAX_FEEDBACK_CHARS = 4000
"""Feedback on one checkpoint."""
MAX_RUN_FEEDBACK_CHARS = 20_000
"""Feedback over all of a run's checkpoints: what the planner reads again at every
iteration, and what the run's row and its plan note carry, grows with it."""
MAX_NOTE_CHARS = 60_000
"""The largest note the memory API edits; a run's plan note is kept within it."""
MAX_NOTE_PLAN_CHARS = MAX_NOTE_CHARS - 15_000
"""The plan in a run's plan note: the rest of the note (goal, facts, links) fits in what
is left (the run itself keeps its whole plan)."""
MAX_ITERATIONS = 50
MAX_EDIT_PLAN_CHARS = 200_000
"""The largest plan a person may hand in at a checkpoint (``edit``)."""
OnTimeout = Literal["expire", "approve", "reject"]
"""What a checkpoint's deadline does: ``expire`` (the checkpoint is marked expired and
still waits for a decision or a new deadline), ``approve`` or ``reject``."""


def fit_note(text: str, limit: int, what: str = "plan") -> str:
    """``text`` cut at a line end to at most ``limit`` characters, saying so at its end."""
    if len(text) <= limit:
        return text
    tail = f"\n\n_(The {what} was {len(text):,} characters; cut at {limit:,}.)_\n"
    head = text[: max(0, limit - len(tail))]
    cut = head.rfind("\n")
    if cut > len(head) // 2:
        head = head[:cut]
    return head.rstrip() + tail


def utcnow() -> datetime:
    return datetime.now(UTC)


def iso(ts: datetime) -> str:
    """UTC ISO-8601 with microseconds and a Z, the form every event carries (fixed width)."""
    return ts.astimezone(UTC).isoformat(timespec="microseconds")[:-6] + "Z"


class Framework(BaseModel):
    id: str
    title: str


class DataPoint(BaseModel):
    """A fact read from a text. Frozen: the planner keeps what it read from a text and
    shares it between iterations and runs."""

    model_config = ConfigDict(frozen=True)

    label: str
    value: str
    source: str

    def key(self) -> tuple[str, str]:
        return (self.label.lower(), self.value.lower())


class MemoryCoverage(BaseModel):
    entities: list[str] = Field(default_factory=list)
    coverage: float = 0.0
    # The entities' readable titles (a plan's: its goal), in the order of ``entities``.
    titles: list[str] = Field(default_factory=list)


class Proposal(BaseModel):
    approach: str
    frameworks: list[Framework]
    max_iterations: int = Field(ge=1, le=MAX_ITERATIONS)
    checkpoint_interval: int = Field(ge=1, le=MAX_ITERATIONS)
    memory: MemoryCoverage = Field(default_factory=MemoryCoverage)


class RunStatus(StrEnum):
    RUNNING = "running"
    PAUSED = "paused"
    AWAITING_APPROVAL = "awaiting_approval"
    COMPLETED = "completed"
    REJECTED = "rejected"
    CANCELLED = "cancelled"
    EXPIRED = "expired"
    FAILED = "failed"

    @property
    def terminal(self) -> bool:
        return self in TERMINAL_STATUSES


TERMINAL_STATUSES = frozenset(
    {
        RunStatus.COMPLETED,
        RunStatus.REJECTED,
        RunStatus.CANCELLED,
        RunStatus.EXPIRED,
        RunStatus.FAILED,
    }
)


class CheckpointStatus(StrEnum):
    WAITING = "waiting"
    APPROVED = "approved"
    CHANGES_REQUESTED = "changes_requested"
    EDITED = "edited"
    REJECTED = "rejected"
    EXPIRED = "expired"
    CANCELLED = "cancelled"

    @property
    def open(self) -> bool:
        """Still waiting for a person (an expired checkpoint may be decided too)."""
        return self in (CheckpointStatus.WAITING, CheckpointStatus.EXPIRED)


class Usage(BaseModel):
    """Tokens a model spent (prompt and completion)."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )

    @property
    def total(self) -> int:
        return self.prompt_tokens + self.completion_tokens


class Feedback(BaseModel):
    checkpoint: int
    text: str
    iteration: int | None = None
    """The iteration after which it steers the plan (unset in runs before plan history:
    ``checkpoint * checkpoint_interval``)."""


class IterationRecord(BaseModel):
    iteration: int
    duration_ms: int
    frameworks_applied: list[Framework]
    data_points: list[DataPoint]
    summary: str
    key_finding: str = ""
    usage: Usage | None = None


class PersonSection(BaseModel):
    """A plan section a person wrote, changed or removed at a checkpoint (``edit``): the
    engine puts it back (or keeps it out) after every later iteration, until feedback given
    after the edit names its title."""

    title: str
    text: str
    """As the person wrote it; "" for a section they removed."""
    after: str | None = None
    """The title of the section before it in the person's plan ("" when it came first):
    where it goes when a later plan has no section of its title. None: at the end."""
    iteration: int
    """The iteration whose plan the person edited."""
    after_feedback: int
    """How many feedback items the run had once the edit was recorded: only later ones
    may release the section."""


class PlanCheck(BaseModel):
    """One check of a plan against its constraints (planloop.checks)."""

    name: str
    status: str  # "pass" or "flag"
    message: str
    sections: list[str] = Field(default_factory=list)

    @classmethod
    def of(cls, name: str, ok: bool, message: str, sections: Sequence[str] = ()) -> PlanCheck:
        """A check's result: ``pass`` if ``ok`` else ``flag``, each section named once."""
        return cls(
            name=name,
            status="pass" if ok else "flag",
            message=message,
            sections=list(dict.fromkeys(sections)),
        )


class PlanState(BaseModel):
    """Everything a run has produced so far; saved with each iteration's events."""

    plan: str = ""
    plan_version: int = 0
    frameworks: list[Framework] = Field(default_factory=list)
    data_points: list[DataPoint] = Field(default_factory=list)
    feedback: list[Feedback] = Field(default_factory=list)
    iterations: list[IterationRecord] = Field(default_factory=list)
    person_sections: list[PersonSection] = Field(default_factory=list)
    checks: list[PlanCheck] = Field(default_factory=list)  # the latest plan's, see checks.py
    redone_usage: Usage = Field(default_factory=Usage)
    """Tokens of iterations run again after a ``revise``: still spent (the run's budget)."""
    redone_ms: int = 0
    """Execution time of iterations run again after a ``revise``."""

    @property
    def usage(self) -> Usage:
        total = self.redone_usage
        for record in self.iterations:
            if record.usage is not None:
                total = total + record.usage
        return total

    @property
    def executed_ms(self) -> int:
        return self.redone_ms + sum(record.duration_ms for record in self.iterations)


class RunError(BaseModel):
    code: str
    message: str


class Run(BaseModel):
    id: str
    owner: str
    conversation: str = "default"
    goal: str
    proposal: Proposal
    proposal_text: str = ""
    max_iterations: int
    checkpoint_interval: int
    checkpoint_timeout_s: float
    on_timeout: OnTimeout = "expire"
    planner: str
    status: RunStatus = RunStatus.RUNNING
    iteration: int = 0
    state: PlanState = Field(default_factory=PlanState)
    pause_requested: bool = False
    error: RunError | None = None
    memory_entity: str | None = None
    selected_entities: list[str] = Field(default_factory=list)
    # The run's own webhook receiver (engine/webhooks.py), within the server's allow-list.
    webhook_url: str | None = None
    parent_run_id: str | None = None  # a fork's parent run
    from_iteration: int | None = None  # the parent's iteration a fork starts after
    # The person chose "no memory": the run is grounded on nothing, not searched for.
    no_memory: bool = False
    # Its notes were chosen when it was created (``selected_entities``; none when nothing
    # was related), so it never searches memory again. Runs saved before this was kept
    # search at each drive, as they did.
    memory_chosen: bool = False
    last_seq: int = 0
    lease_holder: str | None = None  # the worker (process) executing it; column lease_owner
    lease_expires_at: datetime | None = None
    created_at: datetime = Field(default_factory=utcnow)
    updated_at: datetime = Field(default_factory=utcnow)
    # How many times the store has saved the run: its own column, not part of the body.
    # A writer that kept the run from its last commit checks it instead of reloading.
    revision: int = Field(default=0, exclude=True)

    def checkpoint_due_after(self, iteration: int) -> bool:
        return iteration % self.checkpoint_interval == 0 and iteration < self.max_iterations


class CheckpointRevision(BaseModel):
    """One round of review at a checkpoint: the plan shown, what changed, and what the
    person decided. A ``revise`` keeps it and the run comes back with the next revision."""

    revision: int = 1
    status: CheckpointStatus = CheckpointStatus.WAITING
    feedback: str = ""
    plan: str = ""
    changes: PlanChanges | None = None
    edited_plan: str | None = None
    by_deadline: bool = False
    decided_by: str | None = None
    """Who decided, when not the run's owner: ``share:<token_id>`` (an approver link)."""
    checks: list[PlanCheck] = Field(default_factory=list)
    """The plan shown, checked against the goal's constraints (planloop.checks)."""
    created_at: datetime = Field(default_factory=utcnow)
    expires_at: datetime
    decided_at: datetime | None = None


class Checkpoint(CheckpointRevision):
    run_id: str
    number: int
    iteration: int
    summary: dict[str, Any] = Field(default_factory=dict)
    revisions: list[CheckpointRevision] = Field(default_factory=list)
    """Earlier revisions, oldest first (each decided ``changes_requested``)."""

    def current(self) -> CheckpointRevision:
        return CheckpointRevision.model_validate(
            self.model_dump(include=set(CheckpointRevision.model_fields))
        )


@dataclass(frozen=True)
class MemoryNote:
    """A remembered entity handed to a planner as data (never as instructions)."""

    name: str
    text: str
