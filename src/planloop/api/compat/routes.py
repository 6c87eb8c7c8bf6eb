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
from planloop.api.deps import EngineDep, MemoryDep, OwnerDep, RunCreatorDep, SettingsDep
from planloop.api.responses import ERRORS, STREAM_ERRORS
from planloop.api.sse import EventStream
from planloop.api.streams import resume_point, sse_response
from planloop.domain import MAX_GOAL_CHARS, Run
from planloop.engine import Engine, RunRequest
from planloop.engine.feed import check_resume
from planloop.engine.runs import DecisionKind
from planloop.errors import NotFound
from planloop.settings import Settings

router = APIRouter(prefix="/api", tags=["seed-compatible"], responses=ERRORS)
WATCH_COOKIE = "planloop_watch"


@router.get("/execute-plan", response_class=EventStream, responses=STREAM_ERRORS)
async def execute_plan(
    request: Request,
    engine: EngineDep,
    owner: OwnerDep,
    settings: SettingsDep,
    create: RunCreatorDep,
    goal: str = Query("", max_length=MAX_GOAL_CHARS),
    proposal: str = Query("", max_length=20_000),
    max_iterations: int = Query(4, ge=1, le=50),
    checkpoint_interval: int = Query(2, ge=1, le=50),
    session_id: str | None = None,
) -> EventStream:
    convo = conversation(session_id)
    if request.headers.get("last-event-id"):
        # EventSource reconnects to the same URL with Last-Event-ID: resume, never restart.
        run = await watched_run(request, engine, owner, convo)
        after = resume_point(request, None)
        check_resume(run.id, after, run.last_seq, run.status)
    else:
        run = await create(
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
    response = sse_response(engine.feed(run.id, after), settings, seed_frame)
    response.raw_headers.append((b"set-cookie", watch_cookie(run.id, settings).encode()))
    return response


def watch_cookie(run_id: str, settings: Settings) -> str:
    """The run this browser's page watches: sent back with its seed approvals (and its
    EventSource's reconnects), so they reach that run and no other. SameSite=Strict: no
    request another site starts carries it."""
    secure = "; Secure" if settings.secure_cookies else ""
    return f"{WATCH_COOKIE}={run_id}; Path=/api; HttpOnly; SameSite=Strict{secure}"


async def watched_run(request: Request, engine: Engine, owner: str, convo: str) -> Run:
    """The run whose stream this page opened, if it is the caller's and in ``convo``.

    Never "the latest run of the conversation" for a browser session: a run someone else
    made the browser start would be the latest. A program with an API token (no cookie
    jar needed, and no other site can act with its token) falls back to the latest."""
    run_id = request.cookies.get(WATCH_COOKIE, "")
    if run_id.isascii() and run_id.isalnum() and len(run_id) <= 64:
        try:
            run = await engine.get_run(owner, run_id)
        except NotFound:
            pass
        else:
            if run.conversation == convo:
                return run
    if owner.startswith("token:"):
        latest = await engine.latest_run(owner, convo)
        if latest is not None:
            return latest
    raise NotFound("no run watched in this conversation: open its stream (execute-plan) first")


@router.post("/checkpoint-approval")
async def checkpoint_approval(
    body: ApprovalIn, request: Request, engine: EngineDep, owner: OwnerDep
) -> dict[str, Any]:
    run = await watched_run(request, engine, owner, conversation(body.session_id))
    decision: DecisionKind = "approve" if body.approved else "reject"
    d = await engine.decide(owner, run.id, body.checkpoint, decision, body.feedback)
    return answers.approval(d)


@router.post("/generate-proposal")
async def generate_proposal(
    body: GenerateProposalIn, engine: EngineDep, owner: OwnerDep
) -> dict[str, Any]:
    convo = conversation(body.session_id)
    # The original page sends [] for "nothing selected": automatic grounding, as it was.
    proposal = await engine.propose(body.goal, body.selected_entities or None, owner=owner)
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
    conversation(body.session_id)  # refused as every route refuses it; a plan has none
    name, new = await engine.save_plan(owner, body.goal, body.plan_content)
    if not new:
        return {
            "status": "success",
            "entity_name": name,
            "message": f"Plan already saved to memory as {name}",
        }
    return {"status": "success", "entity_name": name, "message": f"Plan saved to memory as {name}"}
