"""The original endpoints' request bodies, and what their ``session_id`` means."""

from __future__ import annotations

from pydantic import Field

from planloop.api.schemas import Body
from planloop.domain import MAX_FEEDBACK_CHARS, MAX_GOAL_CHARS, MAX_ITERATIONS
from planloop.engine.requests import MAX_SAVED_PLAN_CHARS
from planloop.errors import InvalidInput

NO_SESSION = {"", "null", "undefined", "none"}


def conversation(session_id: str | None) -> str:
    """``session_id`` names a conversation inside the cookie session; none means the default."""
    if session_id is None or session_id.strip().lower() in NO_SESSION:
        return "default"
    value = session_id.strip()
    if len(value) > 100 or not all(c.isalnum() or c in "-_." for c in value):
        raise InvalidInput("session_id must be at most 100 letters, digits, '-', '_' or '.'")
    return value


class ApprovalIn(Body):
    session_id: str | None = None
    checkpoint: int = Field(ge=1, le=MAX_ITERATIONS, strict=True)
    # The original page sends only session_id and checkpoint: an approval.
    approved: bool = Field(True, strict=True)
    feedback: str = Field("", max_length=MAX_FEEDBACK_CHARS)


class GenerateProposalIn(Body):
    goal: str = Field(min_length=1, max_length=MAX_GOAL_CHARS)
    selected_entities: list[str] = Field(default_factory=list, max_length=50)
    selected_agents: list[str] = Field(default_factory=list, max_length=10)
    session_id: str | None = None


class ChatIn(Body):
    message: str = Field(min_length=1, max_length=MAX_GOAL_CHARS)
    session_id: str | None = None


class SaveEntityIn(Body):
    goal: str = Field(min_length=1, max_length=MAX_GOAL_CHARS)
    plan_content: str = Field(min_length=1, max_length=MAX_SAVED_PLAN_CHARS)
    session_id: str | None = None
