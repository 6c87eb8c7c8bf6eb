"""Primary JSON routes: proposals, runs, checkpoint decisions, pause/resume/cancel."""

from __future__ import annotations

from fastapi import APIRouter, Path, Query

from planloop.api.deps import EngineDep, OwnerDep
from planloop.api.responses import ERRORS
from planloop.api.schemas import (
    DecisionIn,
    DecisionOut,
    ProposalIn,
    RunCreated,
    RunIn,
    RunSummary,
    RunView,
)
from planloop.domain import MAX_ITERATIONS, Proposal
from planloop.engine import Engine, RunRequest

# A run has at most MAX_ITERATIONS iterations, so at most that many checkpoints.
MAX_CHECKPOINT = MAX_ITERATIONS
router = APIRouter(prefix="/api", tags=["runs"], responses=ERRORS)


@router.post("/proposals")
async def create_proposal(body: ProposalIn, engine: EngineDep, owner: OwnerDep) -> Proposal:
    return await engine.propose(body.goal, body.selected_entities, owner=owner)


@router.post("/runs", status_code=201)
async def create_run(body: RunIn, engine: EngineDep, owner: OwnerDep) -> RunCreated:
    proposal = body.proposal if isinstance(body.proposal, Proposal) else None
    text = body.proposal if isinstance(body.proposal, str) else ""
    run = await engine.create_run(
        owner,
        RunRequest(
            goal=body.goal,
            proposal=proposal,
            proposal_text=text,
            max_iterations=body.max_iterations,
            checkpoint_interval=body.checkpoint_interval,
            checkpoint_timeout_s=body.checkpoint_timeout_s,
            selected_entities=body.selected_entities,
        ),
    )
    return RunCreated(run_id=run.id, status=run.status, events_url=f"/api/runs/{run.id}/events")


@router.get("/runs")
async def list_runs(
    engine: EngineDep, owner: OwnerDep, limit: int = Query(100, ge=1, le=500)
) -> list[RunSummary]:
    return [RunSummary.of(r) for r in await engine.list_runs(owner, limit)]


async def _view(engine: Engine, owner: str, run_id: str) -> RunView:
    run = await engine.get_run(owner, run_id)
    return RunView.full(run, await engine.checkpoints(run_id))


@router.get("/runs/{run_id}")
async def get_run(run_id: str, engine: EngineDep, owner: OwnerDep) -> RunView:
    return await _view(engine, owner, run_id)


@router.post("/runs/{run_id}/checkpoints/{number}")
async def decide(
    run_id: str,
    body: DecisionIn,
    engine: EngineDep,
    owner: OwnerDep,
    number: int = Path(ge=1, le=MAX_CHECKPOINT),
) -> DecisionOut:
    d = await engine.decide(owner, run_id, number, body.decision, body.feedback)
    return DecisionOut(
        run_id=d.run_id,
        checkpoint=d.checkpoint,
        decision=d.decision,
        feedback=d.feedback,
        status=d.run_status,
    )


@router.post("/runs/{run_id}/pause")
async def pause(run_id: str, engine: EngineDep, owner: OwnerDep) -> RunView:
    await engine.pause(owner, run_id)
    return await _view(engine, owner, run_id)


@router.post("/runs/{run_id}/resume")
async def resume(run_id: str, engine: EngineDep, owner: OwnerDep) -> RunView:
    await engine.resume(owner, run_id)
    return await _view(engine, owner, run_id)


@router.post("/runs/{run_id}/cancel")
async def cancel(run_id: str, engine: EngineDep, owner: OwnerDep) -> RunView:
    await engine.cancel(owner, run_id)
    return await _view(engine, owner, run_id)


@router.post("/runs/{run_id}/retry")
async def retry(run_id: str, engine: EngineDep, owner: OwnerDep) -> RunView:
    """Retry a failed run from the iteration that failed (earlier iterations are kept)."""
    await engine.retry(owner, run_id)
    return await _view(engine, owner, run_id)
