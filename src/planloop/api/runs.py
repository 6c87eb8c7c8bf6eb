"""Primary JSON routes: proposals, runs, checkpoint decisions, pause/resume/cancel."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Path, Query

from planloop.api.deps import EngineDep, OwnerDep, RunCreatorDep
from planloop.api.responses import ERRORS
from planloop.api.schemas import (
    DecisionIn,
    DecisionOut,
    ProposalIn,
    RunCreated,
    RunDetail,
    RunIn,
    RunSummary,
    WebhookView,
)
from planloop.domain import MAX_ITERATIONS, Proposal, RunStatus
from planloop.engine import Engine, RunRequest
from planloop.errors import InvalidInput

# A run has at most MAX_ITERATIONS iterations, so at most that many checkpoints.
MAX_CHECKPOINT = MAX_ITERATIONS
router = APIRouter(prefix="/api", tags=["runs"], responses=ERRORS)
# A checkpoint number as written: plain ASCII digits, no sign, no leading zero, no space,
# no fraction (int parsing alone took "01", " 1", "1.0" and "+1" for checkpoint 1).
CHECKPOINT_NUMBER = r"^[1-9][0-9]{0,2}$"
IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        description="Send the request again with the same key after a lost answer: the"
        " first answer comes back and nothing is done twice (kept 24 h, per principal).",
    ),
]


@router.post("/proposals")
async def create_proposal(body: ProposalIn, engine: EngineDep, owner: OwnerDep) -> Proposal:
    return await engine.propose(body.goal, body.selected_entities, owner=owner)


@router.post("/runs", status_code=201)
async def create_run(
    body: RunIn,
    create: RunCreatorDep,
    owner: OwnerDep,
    idempotency_key: IdempotencyKey = None,
) -> RunCreated:
    proposal = body.proposal if isinstance(body.proposal, Proposal) else None
    text = body.proposal if isinstance(body.proposal, str) else ""
    run = await create(
        owner,
        RunRequest(
            goal=body.goal,
            proposal=proposal,
            proposal_text=text,
            max_iterations=body.max_iterations,
            checkpoint_interval=body.checkpoint_interval,
            checkpoint_timeout_s=body.checkpoint_timeout_s,
            selected_entities=body.selected_entities,
            webhook_url=body.webhook_url,
            on_timeout=body.on_timeout,
        ),
        key=idempotency_key,
    )
    return RunCreated(run_id=run.id, status=run.status, events_url=f"/api/runs/{run.id}/events")


@router.get("/runs")
async def list_runs(
    engine: EngineDep, owner: OwnerDep, limit: int = Query(100, ge=1, le=500)
) -> list[RunSummary]:
    return [RunSummary.of(r) for r in await engine.list_runs(owner, limit)]


async def run_view(engine: Engine, owner: str, run_id: str) -> RunDetail:
    run, checkpoints = await engine.run_and_checkpoints(owner, run_id)
    view = RunDetail.full(run, checkpoints)
    assert isinstance(view, RunDetail)
    position = engine.queue_position(run_id) if run.status is RunStatus.RUNNING else None
    view.queued, view.queue_position = position is not None, position
    view.webhook_url = run.webhook_url
    view.webhooks = [WebhookView.of(d) for d in await engine.webhooks(run_id)]
    return view


@router.get("/runs/{run_id}")
async def get_run(run_id: str, engine: EngineDep, owner: OwnerDep) -> RunDetail:
    return await run_view(engine, owner, run_id)


@router.post("/runs/{run_id}/checkpoints/{number}")
async def decide(
    run_id: str,
    body: DecisionIn,
    engine: EngineDep,
    owner: OwnerDep,
    number: str = Path(pattern=CHECKPOINT_NUMBER, description="1, 2, … as plain digits"),
    idempotency_key: IdempotencyKey = None,
) -> DecisionOut:
    """Decide a checkpoint: approve, reject, revise (feedback required) or edit
    (plan_markdown required). Each is one event; the same decision again answers as the
    first did."""
    d = await engine.decide(
        owner,
        run_id,
        checkpoint_number(number),
        body.decision,
        body.feedback,
        plan_markdown=body.plan_markdown,
        revision=body.revision,
        key=idempotency_key,
    )
    return DecisionOut.of(d)


def checkpoint_number(number: str) -> int:
    checkpoint = int(number)
    if checkpoint > MAX_CHECKPOINT:
        raise InvalidInput(f"checkpoint must be between 1 and {MAX_CHECKPOINT}, got {number}")
    return checkpoint


@router.post("/runs/{run_id}/pause")
async def pause(run_id: str, engine: EngineDep, owner: OwnerDep) -> RunDetail:
    await engine.pause(owner, run_id)
    return await run_view(engine, owner, run_id)


@router.post("/runs/{run_id}/resume")
async def resume(run_id: str, engine: EngineDep, owner: OwnerDep) -> RunDetail:
    await engine.resume(owner, run_id)
    return await run_view(engine, owner, run_id)


@router.post("/runs/{run_id}/cancel")
async def cancel(run_id: str, engine: EngineDep, owner: OwnerDep) -> RunDetail:
    await engine.cancel(owner, run_id)
    return await run_view(engine, owner, run_id)


@router.post("/runs/{run_id}/retry")
async def retry(run_id: str, engine: EngineDep, owner: OwnerDep) -> RunDetail:
    """Retry a failed run from the iteration that failed (earlier iterations are kept)."""
    await engine.retry(owner, run_id)
    return await run_view(engine, owner, run_id)
