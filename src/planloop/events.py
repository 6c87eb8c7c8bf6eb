"""The event vocabulary: one typed model per event type, the stored envelope, the SSE encoder.

Nothing here does I/O. The engine builds event bodies, the store gives each a per-run
``seq`` and a ``ts`` and returns a :class:`StoredEvent`, and the edges encode that.

This is planloop's own vocabulary: each fact once, under one name. The names the original
design's clients read besides (``max``, ``error``, ``checkpoint``) are added on the wire by
planloop.api.compat, not declared here.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field

from planloop.domain import DataPoint, Framework, PlanCheck, Usage
from planloop.plan_sections import ChangeSummary


class EventBody(BaseModel):
    """Fields of one event, without the envelope (run_id, seq, ts)."""

    # Unknown fields are ignored: rows stored before the wire's old names moved to the edge
    # carry ``max``, ``error`` or ``checkpoint`` too, and still read back.
    model_config = ConfigDict(extra="ignore")

    type: str

    def fields(self) -> dict[str, Any]:
        return self.model_dump(mode="json", exclude={"type"})


class PlanningStarted(EventBody):
    type: Literal["planning_started"] = "planning_started"
    goal: str
    max_iterations: int
    checkpoint_interval: int
    planner: str
    parent_run_id: str | None = Field(
        None, description="present only for a fork: the run it continues from"
    )
    from_iteration: int | None = Field(
        None, description="present only for a fork: the parent's iteration it starts after"
    )

    def fields(self) -> dict[str, Any]:
        data = super().fields()
        if data.get("parent_run_id") is None:
            data.pop("parent_run_id", None)
            data.pop("from_iteration", None)
        return data


class IterationStarted(EventBody):
    type: Literal["iteration_started"] = "iteration_started"
    iteration: int
    max_iterations: int
    attempt: int | None = Field(
        None,
        ge=2,
        description="present only when the iteration starts again: its earlier attempt was"
        " abandoned (the server stopped mid-iteration, or the run failed and was retried);"
        " drop what that attempt showed",
    )

    def fields(self) -> dict[str, Any]:
        data = super().fields()
        if data.get("attempt") is None:
            data.pop("attempt", None)  # a first attempt sends what it always sent
        return data


class IterationProgress(EventBody):
    type: Literal["iteration_progress"] = "iteration_progress"
    iteration: int
    message: str
    stage: str | None = None
    delta: str | None = None
    tokens: int | None = None
    frameworks_applied: list[Framework] | None = None
    data_points: list[DataPoint] | None = None


class IterationCompleted(EventBody):
    type: Literal["iteration_completed"] = "iteration_completed"
    iteration: int
    duration_ms: int
    frameworks_applied: list[Framework]
    data_points: list[DataPoint]
    plan_version: int
    summary: str = ""
    usage: Usage | None = None  # tokens this iteration spent, when a model was used


class PlanChecked(EventBody):
    """The plan of an iteration checked against its constraints (planloop.checks)."""

    type: Literal["plan_checked"] = "plan_checked"
    iteration: int
    checks: list[PlanCheck]
    flagged: int = Field(0, description="how many checks are flagged")


class Improvements(BaseModel):
    frameworks_added: list[Framework]
    data_points_gained: int
    key_discovery: str
    sections_added: list[str]
    sections_revised: list[str]


class CheckpointReached(EventBody):
    type: Literal["checkpoint_reached"] = "checkpoint_reached"
    iteration: int
    checkpoint_number: int
    summary: str
    frameworks_so_far: list[Framework]
    data_points_so_far: list[DataPoint]
    improvements: Improvements
    expires_at: str
    revision: int = Field(
        1,
        description="present from 2 on: the checkpoint came back after changes were requested"
        " (absent means 1)",
    )
    changes: ChangeSummary | None = Field(
        None,
        description="plan sections added, changed and removed since the previous checkpoint"
        " (or the start; for revision 2 on, since the revision whose changes were requested):"
        " titles and counts; the diff is in GET /api/runs/{id}/checkpoints/{n}",
    )

    def fields(self) -> dict[str, Any]:
        data = super().fields()
        # Sent only when they say something, so a stored row of before reads back as it was.
        if data.get("changes") is None:
            data.pop("changes", None)
        if data.get("revision") == 1:
            data.pop("revision", None)
        return data


class _ByLink(EventBody):
    """A decision's event: says which share link made it, when one did."""

    by: str | None = Field(
        None,
        description="present only when an approver share link decided (not the run's"
        " owner): `share:<token_id>`",
    )

    def fields(self) -> dict[str, Any]:
        data = super().fields()
        if data.get("by") is None:
            data.pop("by", None)  # the owner's decision sends what it always sent
        return data


class _Decided(_ByLink):
    checkpoint_number: int
    feedback: str = ""
    by_deadline: bool = Field(
        False,
        description="present (true) only when the run's on_timeout decided, not a person",
    )

    def fields(self) -> dict[str, Any]:
        data = super().fields()
        if not data.get("by_deadline"):
            data.pop("by_deadline", None)  # a person's decision sends what it always sent
        return data


class CheckpointApproved(_Decided):
    type: Literal["checkpoint_approved"] = "checkpoint_approved"


class CheckpointRejected(_Decided):
    type: Literal["checkpoint_rejected"] = "checkpoint_rejected"


class CheckpointChangesRequested(_ByLink):
    type: Literal["checkpoint_changes_requested"] = "checkpoint_changes_requested"
    checkpoint_number: int
    feedback: str
    revision: int = Field(description="the revision of the checkpoint the run comes back with")
    iteration: int = Field(description="the iteration the run went back to; the next runs again")


class PlanEdited(_ByLink):
    type: Literal["plan_edited"] = "plan_edited"
    checkpoint_number: int
    iteration: int
    feedback: str = ""
    sections: list[str] = Field(
        description="titles of the sections the person wrote or changed: kept by the engine"
        " after every later iteration until later feedback names them"
    )


class CheckpointExpired(EventBody):
    type: Literal["checkpoint_expired"] = "checkpoint_expired"
    checkpoint_number: int
    on_timeout: Literal["expire"] = "expire"


class CheckpointExtended(EventBody):
    type: Literal["checkpoint_extended"] = "checkpoint_extended"
    checkpoint_number: int
    expires_at: str


class PlanSaved(EventBody):
    type: Literal["plan_saved"] = "plan_saved"
    iteration: int
    memory_entity: str


class RunPaused(EventBody):
    type: Literal["run_paused"] = "run_paused"
    iteration: int


class RunResumed(EventBody):
    type: Literal["run_resumed"] = "run_resumed"
    iteration: int


class FinalPlan(EventBody):
    type: Literal["final_plan"] = "final_plan"
    plan: str
    frameworks: list[Framework]
    data_points: list[DataPoint]
    iterations: int
    checkpoints: int
    memory_entity: str | None
    duration_ms: int = 0
    usage: Usage | None = None  # tokens the whole run spent, when a model was used


class ErrorEvent(EventBody):
    type: Literal["error"] = "error"
    message: str
    code: str

    @classmethod
    def of(cls, code: str, message: str) -> ErrorEvent:
        return cls(message=message, code=code)


CompleteStatus = Literal["completed", "rejected", "cancelled", "expired", "failed"]


class Complete(EventBody):
    type: Literal["complete"] = "complete"
    status: CompleteStatus


EVENT_MODELS: tuple[type[EventBody], ...] = (
    PlanningStarted,
    IterationStarted,
    IterationProgress,
    IterationCompleted,
    PlanChecked,
    CheckpointReached,
    CheckpointApproved,
    CheckpointRejected,
    CheckpointChangesRequested,
    PlanEdited,
    CheckpointExpired,
    CheckpointExtended,
    PlanSaved,
    RunPaused,
    RunResumed,
    FinalPlan,
    ErrorEvent,
    Complete,
)


@dataclass(eq=False)
class StoredEvent:
    """One event as persisted: its envelope plus its JSON object.

    ``payload`` is the full JSON text (type, run_id, seq, ts and the fields at top level),
    serialised once when the event is stored. Frames for the wire are built from it by the
    edges (planloop.api.compat.aliases for the primary stream) and cached here, so each is
    encoded once and shared by every subscriber.
    """

    run_id: str
    seq: int
    type: str
    ts: str
    payload: str
    _frames: dict[str, bytes] = field(default_factory=dict, repr=False)

    TERMINAL_TYPE: ClassVar[str] = "complete"

    @classmethod
    def build(cls, run_id: str, seq: int, ts: str, body: EventBody) -> StoredEvent:
        data: dict[str, Any] = {"type": body.type, "run_id": run_id, "seq": seq, "ts": ts}
        data.update(body.fields())
        return cls(run_id=run_id, seq=seq, type=body.type, ts=ts, payload=dump_json(data))

    @property
    def data(self) -> dict[str, Any]:
        loaded: dict[str, Any] = json.loads(self.payload)
        return loaded

    @property
    def is_terminal(self) -> bool:
        return self.type == self.TERMINAL_TYPE

    def cached_frame(self, flavour: str, make: Callable[[StoredEvent], bytes]) -> bytes:
        """The frame of one wire format, built by ``make(self)`` once and cached."""
        cached = self._frames.get(flavour)
        if cached is None:
            cached = make(self)
            self._frames[flavour] = cached
        return cached


_LINE_BREAKS = {"\u2028": "\\u2028", "\u2029": "\\u2029", "\u0085": "\\u0085"}
# Made once: json.dumps with any option set builds a new encoder on every call.
_COMPACT = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"))


def dump_json(data: Any) -> str:
    """Compact JSON on one line. json escapes CR and LF inside strings; the other
    characters that line-splitting readers (Python's str.splitlines, httpx's
    aiter_lines) break on are escaped here too, so no reader ever sees half a payload."""
    text = _COMPACT.encode(data)
    if any(c in text for c in _LINE_BREAKS):
        for char, escaped in _LINE_BREAKS.items():
            text = text.replace(char, escaped)
    return text


def encode_sse(data: str, *, event_id: int | None = None, event: str | None = None) -> bytes:
    """Encode one SSE frame. Pure: text in, bytes out.

    ``data`` may span lines; each line becomes its own ``data:`` field so a stray newline
    can never end the frame early or inject a field.
    """
    parts: list[str] = []
    if event_id is not None:
        parts.append(f"id: {event_id}")
    if event is not None:
        if any(c in event for c in "\r\n"):
            raise ValueError("event name must be a single line")
        parts.append(f"event: {event}")
    for line in data.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
        parts.append(f"data: {line}")
    return ("\n".join(parts) + "\n\n").encode()


def encode_comment(text: str) -> bytes:
    safe = text.replace("\r", " ").replace("\n", " ")
    return f": {safe}\n\n".encode()


EVENT_TYPES: tuple[str, ...] = tuple(str(m.model_fields["type"].default) for m in EVENT_MODELS)

__all__ = [
    "EVENT_MODELS",
    "EVENT_TYPES",
    "CheckpointApproved",
    "CheckpointChangesRequested",
    "CheckpointExpired",
    "CheckpointExtended",
    "CheckpointReached",
    "CheckpointRejected",
    "Complete",
    "ErrorEvent",
    "EventBody",
    "FinalPlan",
    "Improvements",
    "IterationCompleted",
    "IterationProgress",
    "IterationStarted",
    "PlanEdited",
    "PlanSaved",
    "PlanningStarted",
    "RunPaused",
    "RunResumed",
    "StoredEvent",
    "dump_json",
    "encode_comment",
    "encode_sse",
]
