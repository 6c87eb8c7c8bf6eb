"""What a person asks for when they start a run, checked and turned into a run.

Every bound a request must respect is here, so the HTTP API, the original design's
endpoints, the terminal client and MCP refuse the same input with the same message.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from planloop.domain import MAX_ITERATIONS, MemoryNote, OnTimeout, Proposal, Run
from planloop.errors import InvalidInput
from planloop.settings import Settings

MAX_TIMEOUT_S = 30 * 24 * 3600


@dataclass
class RunRequest:
    goal: str
    proposal: Proposal | None = None
    proposal_text: str = ""
    max_iterations: int | None = None
    checkpoint_interval: int | None = None
    checkpoint_timeout_s: float | None = None
    # None: automatic grounding (the notes related to the goal); []: no memory at all.
    selected_entities: list[str] | None = None
    conversation: str = "default"
    webhook_url: str | None = None
    """The run's own webhook receiver: checked by ``Webhooks.check_run_url`` first."""
    on_timeout: OnTimeout = "expire"


MAX_SAVED_PLAN_CHARS = 60_000
"""A plan a page hands over to be saved as a memory note (``/api/save-entity``)."""


def clean_text(value: str, what: str, limit: int, *, required: bool) -> str:
    """Strip, and refuse empty (when required), oversized or control-character text."""
    text = value.strip()
    if required and not text:
        raise InvalidInput(f"{what} must not be empty")
    if len(text) > limit:
        raise InvalidInput(f"{what} is {len(text)} characters; the limit is {limit}")
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        raise InvalidInput(f"{what} contains control characters")
    if any("\ud800" <= c <= "\udfff" for c in text):
        # A lone surrogate: bytes that were not UTF-8 (a terminal's argument), or a JSON
        # "\\ud800" escape. No store or stream can write it.
        raise InvalidInput(f"{what} is not valid text: it holds bytes that are not UTF-8")
    return text


def clean_goal(value: str, limit: int) -> str:
    """A goal: clean text with at least one word in it (a new user's trial: "." was planned
    as "Plan: ."; nothing in it can say what to plan)."""
    goal = clean_text(value, "goal", limit, required=True)
    if not any(c.isalpha() for c in goal):
        raise InvalidInput("the goal has no words in it: say what you want to plan")
    return goal


def bounded(value: int, what: str) -> int:
    if not 1 <= value <= MAX_ITERATIONS:
        raise InvalidInput(f"{what} must be between 1 and {MAX_ITERATIONS}, got {value}")
    return value


def fingerprint(req: RunRequest, goal: str, proposal_text: str) -> dict[str, object]:
    """What makes two requests the same request (for an Idempotency-Key)."""
    asked: dict[str, object] = {
        "goal": goal,
        "proposal": req.proposal.model_dump(mode="json") if req.proposal else None,
        "proposal_text": proposal_text,
        "max_iterations": req.max_iterations,
        "checkpoint_interval": req.checkpoint_interval,
        "checkpoint_timeout_s": req.checkpoint_timeout_s,
        "selected_entities": req.selected_entities,
        "conversation": req.conversation,
    }
    if req.webhook_url is not None:  # (only when given: keys recorded before it still match)
        asked["webhook_url"] = req.webhook_url
    if req.on_timeout != "expire":  # keys recorded before on_timeout keep their digest
        asked["on_timeout"] = req.on_timeout
    return asked


def states_proposal(req: RunRequest, proposal_text: str) -> bool:
    """The request states its approach in full — a proposal text, the iterations and the
    interval — so a model need not be asked for a proposal."""
    return bool(proposal_text and req.max_iterations and req.checkpoint_interval)


def new_run(
    owner: str,
    req: RunRequest,
    goal: str,
    proposal_text: str,
    proposal: Proposal,
    memory: Sequence[MemoryNote],
    settings: Settings,
    planner: str,
) -> Run:
    """The run a checked request starts: the request's numbers, else the proposal's."""
    max_iterations = bounded(req.max_iterations or proposal.max_iterations, "max_iterations")
    interval = bounded(
        req.checkpoint_interval or proposal.checkpoint_interval, "checkpoint_interval"
    )
    timeout = req.checkpoint_timeout_s or settings.checkpoint_timeout_s
    if not 1 <= timeout <= MAX_TIMEOUT_S:
        raise InvalidInput(f"checkpoint_timeout_s must be between 1 and {MAX_TIMEOUT_S} seconds")
    return Run(
        id=uuid.uuid4().hex,
        owner=owner,
        conversation=req.conversation,
        goal=goal,
        proposal=proposal.model_copy(
            update={"max_iterations": max_iterations, "checkpoint_interval": interval}
        ),
        proposal_text=proposal_text,
        max_iterations=max_iterations,
        checkpoint_interval=interval,
        checkpoint_timeout_s=timeout,
        on_timeout=req.on_timeout,
        planner=planner,
        selected_entities=[note.name for note in memory],
        webhook_url=req.webhook_url,
        no_memory=req.selected_entities == [],
        memory_chosen=True,
    )
