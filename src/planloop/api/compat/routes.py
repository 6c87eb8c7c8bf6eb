"""The original design's endpoints, kept working for its page and its clients."""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import APIRouter, Query, Request

from planloop.api.compat import answers
from planloop.api.compat.bodies import (
    ApprovalIn,
    ChatIn,
    GenerateProposalIn,
    SaveEntityIn,
    conversation,
)
from planloop.api.compat.wire import seed_frame
from planloop.api.deps import EngineDep, MemoryDep, OwnerDep, SettingsDep
from planloop.api.responses import ERRORS, STREAM_ERRORS
from planloop.api.sse import EventStream
from planloop.api.streams import resume_point, sse_response
from planloop.domain import MAX_GOAL_CHARS
from planloop.engine import RunRequest
from planloop.engine.runs import DecisionKind
from planloop.errors import NotFound

router = APIRouter(prefix="/api", tags=["seed-compatible"], responses=ERRORS)


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


@router.post("/checkpoint-approval")
async def checkpoint_approval(
    body: ApprovalIn, engine: EngineDep, owner: OwnerDep
) -> dict[str, Any]:
    run = await engine.latest_run(owner, conversation(body.session_id))
    if run is None:
        raise NotFound("no run in this conversation")
    decision: DecisionKind = "approve" if body.approved else "reject"
    d = await engine.decide(owner, run.id, body.checkpoint, decision, body.feedback)
    return answers.approval(d)


@router.post("/generate-proposal")
async def generate_proposal(
    body: GenerateProposalIn, engine: EngineDep, owner: OwnerDep
) -> dict[str, Any]:
    convo = conversation(body.session_id)
    proposal = await engine.propose(body.goal, body.selected_entities, owner=owner)
    return answers.proposal(proposal, body.selected_agents, convo)


@router.post("/chat")
async def chat(body: ChatIn, engine: EngineDep, memory: MemoryDep) -> dict[str, Any]:
    convo = conversation(body.session_id)
    notes = await asyncio.to_thread(memory.search, body.message, 5)
    reply = await engine.planner.chat(body.message, notes)
    return answers.chat(reply, convo)


@router.get("/entities")
async def entities(memory: MemoryDep) -> list[dict[str, str]]:
    found = await asyncio.to_thread(memory.list_entities)
    return [{"name": e.name, "description": e.description} for e in found]


@router.post("/save-entity")
async def save_entity(body: SaveEntityIn, engine: EngineDep, owner: OwnerDep) -> dict[str, Any]:
    name, new = await engine.save_plan(owner, body.goal, body.plan_content)
    if not new:
        return {
            "status": "success",
            "entity_name": name,
            "message": f"Plan already saved to memory as {name}",
        }
    return {"status": "success", "entity_name": name, "message": f"Plan saved to memory as {name}"}
