"""The original design's endpoints, kept working for its page and its clients."""

from __future__ import annotations

import asyncio
import html
from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Query, Request
from pydantic import BaseModel, Field

from planloop.api.deps import EngineDep, OwnerDep, SettingsDep, VaultDep
from planloop.api.responses import ERRORS, STREAM_ERRORS
from planloop.api.seed_wire import seed_frame
from planloop.api.sse import EventStream
from planloop.api.streams import resume_point, sse_response
from planloop.domain import MAX_FEEDBACK_CHARS, MAX_GOAL_CHARS, MAX_ITERATIONS
from planloop.engine import RunRequest
from planloop.engine.runs import DecisionKind
from planloop.errors import InvalidInput, NotFound

router = APIRouter(prefix="/api", tags=["seed-compatible"], responses=ERRORS)

NO_SESSION = {"", "null", "undefined", "none"}


def conversation(session_id: str | None) -> str:
    """``session_id`` names a conversation inside the cookie session; none means the default."""
    if session_id is None or session_id.strip().lower() in NO_SESSION:
        return "default"
    value = session_id.strip()
    if len(value) > 100 or not all(c.isalnum() or c in "-_." for c in value):
        raise InvalidInput("session_id must be at most 100 letters, digits, '-', '_' or '.'")
    return value


@router.get("/execute-plan", response_class=EventStream, responses=STREAM_ERRORS)
async def execute_plan(
    request: Request,
    engine: EngineDep,
    owner: OwnerDep,
    settings: SettingsDep,
    goal: str = Query("", max_length=MAX_GOAL_CHARS),
    proposal: str = Query("", max_length=20_000),
    max_iterations: int = Query(4, ge=1, le=50),
    checkpoint_interval: int = Query(2, ge=1, le=50),
    session_id: str | None = None,
) -> EventStream:
    convo = conversation(session_id)
    if request.headers.get("last-event-id"):
        # EventSource reconnects to the same URL with Last-Event-ID: resume, never restart.
        run = await engine.latest_run(owner, convo)
        if run is None:
            raise NotFound("no run to resume in this conversation")
        after = resume_point(request, None)
    else:
        run = await engine.create_run(
            owner,
            RunRequest(
                goal=goal,
                proposal_text=proposal,
                max_iterations=max_iterations,
                checkpoint_interval=checkpoint_interval,
                conversation=convo,
            ),
        )
        after = 0
    return sse_response(engine.feed(run.id, after), settings, seed_frame)


class ApprovalIn(BaseModel):
    session_id: str | None = None
    checkpoint: int = Field(ge=1, le=MAX_ITERATIONS)
    approved: bool = True
    feedback: str = Field("", max_length=MAX_FEEDBACK_CHARS)


@router.post("/checkpoint-approval")
async def checkpoint_approval(
    body: ApprovalIn, engine: EngineDep, owner: OwnerDep
) -> dict[str, Any]:
    run = await engine.latest_run(owner, conversation(body.session_id))
    if run is None:
        raise NotFound("no run in this conversation")
    decision: DecisionKind = "approve" if body.approved else "reject"
    d = await engine.decide(owner, run.id, body.checkpoint, decision, body.feedback)
    status = "approved" if d.decision == "approve" else "rejected"
    message = (
        "Checkpoint approved, continuing planning..."
        if status == "approved"
        else "Checkpoint rejected, planning stopped."
    )
    return {"status": status, "checkpoint": d.checkpoint, "message": message, "run_id": run.id}


class GenerateProposalIn(BaseModel):
    goal: str = Field(min_length=1, max_length=MAX_GOAL_CHARS)
    selected_entities: list[str] = Field(default_factory=list, max_length=50)
    selected_agents: list[str] = Field(default_factory=list, max_length=10)
    session_id: str | None = None


@router.post("/generate-proposal")
async def generate_proposal(body: GenerateProposalIn, engine: EngineDep) -> dict[str, Any]:
    convo = conversation(body.session_id)
    proposal = await engine.propose(body.goal, body.selected_entities)
    lines = [proposal.approach, "", "Frameworks, in order:"]
    lines += [f"{i}. {f.title}" for i, f in enumerate(proposal.frameworks, 1)]
    lines += [
        "",
        f"{proposal.max_iterations} iterations, a checkpoint every {proposal.checkpoint_interval}.",
    ]
    return {
        "status": "success",
        # The original page inserts this as HTML: escape it.
        "proposal": html.escape("\n".join(lines)),
        "approach": proposal.approach,
        "frameworks": [f.model_dump() for f in proposal.frameworks],
        "entity_names": proposal.memory.entities,
        "entity_count": len(proposal.memory.entities),
        "memory_coverage_percent": round(proposal.memory.coverage * 100, 1),
        # planloop does no web research; nothing is claimed.
        "research_coverage_percent": 0.0,
        "agents_to_use": body.selected_agents or ["planner"],
        "max_iterations": proposal.max_iterations,
        "checkpoint_interval": proposal.checkpoint_interval,
        "session_id": convo,
    }


class ChatIn(BaseModel):
    message: str = Field(min_length=1, max_length=MAX_GOAL_CHARS)
    session_id: str | None = None


@router.post("/chat")
async def chat(body: ChatIn, engine: EngineDep, vault: VaultDep) -> dict[str, Any]:
    convo = conversation(body.session_id)
    notes = await asyncio.to_thread(vault.search, body.message, 5)
    reply = await engine.planner.chat(body.message, notes)
    return {
        "status": "success",
        "response": reply,
        "reply": reply,
        "session_id": convo,
        "timestamp": datetime.now(UTC).isoformat(),
    }


@router.get("/entities")
async def entities(vault: VaultDep) -> list[dict[str, str]]:
    found = await asyncio.to_thread(vault.list_entities)
    return [{"name": e.name, "description": e.description} for e in found]


class SaveEntityIn(BaseModel):
    goal: str = Field(min_length=1, max_length=MAX_GOAL_CHARS)
    plan_content: str = Field(min_length=1, max_length=60_000)
    session_id: str | None = None


@router.post("/save-entity")
async def save_entity(
    body: SaveEntityIn, engine: EngineDep, owner: OwnerDep, vault: VaultDep
) -> dict[str, Any]:
    name, new = await engine.save_plan(owner, body.goal, body.plan_content)
    if not new:
        return {
            "status": "success",
            "entity_name": name,
            "message": f"Plan already saved to memory as {name}",
        }
    return {"status": "success", "entity_name": name, "message": f"Plan saved to memory as {name}"}
