"""Routes of a run's review: its checkpoints and their deadlines, its plan history, forks
and explicit saves. Thin: each parses, calls one Engine method and shapes the answer."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from planloop.api.deps import EngineDep, OwnerDep
from planloop.api.responses import ERRORS
from planloop.api.runs import CHECKPOINT_NUMBER, IdempotencyKey, checkpoint_number
from planloop.api.schemas import (
    CheckpointDetail,
    ExtendIn,
    ForkIn,
    ForkOut,
    PlanView,
    SavedOut,
)
from planloop.domain import MAX_ITERATIONS
from planloop.errors import NotFound
from planloop.export import MEDIA_TYPES, Format, export, of_run

router = APIRouter(prefix="/api", tags=["review"], responses=ERRORS)
Number = Path(pattern=CHECKPOINT_NUMBER, description="1, 2, … as plain digits")


@router.get("/runs/{run_id}/checkpoints/{number}")
async def get_checkpoint(
    run_id: str,
    engine: EngineDep,
    owner: OwnerDep,
    number: str = Number,
    revision: int | None = Query(
        None, ge=1, le=1000, description="an earlier revision (default: the latest)"
    ),
) -> CheckpointDetail:
    """The checkpoint as a person reviews it: the plan at it, the changes since the
    previous checkpoint (sections added/changed/removed and the unified diff), its
    status, deadline and decision, and every revision. 404 `checkpoint_not_found` for one
    the run has not reached (or a revision it does not have)."""
    cp, base = await engine.checkpoint(owner, run_id, checkpoint_number(number))
    if revision is not None and revision > cp.revision:
        raise NotFound(
            f"checkpoint {cp.number} has {cp.revision} revisions, not {revision}",
            code="checkpoint_not_found",
        )
    return CheckpointDetail.of(cp, base, revision)


@router.post("/runs/{run_id}/checkpoints/{number}/extend")
async def extend_checkpoint(
    run_id: str, body: ExtendIn, engine: EngineDep, owner: OwnerDep, number: str = Number
) -> CheckpointDetail:
    """A new deadline, `seconds` from now, for a checkpoint that waits or has expired
    (409 `checkpoint_not_waiting` otherwise; 422 for seconds that are not positive or
    over 30 days, and `deadline_not_later` for a deadline before the one it has)."""
    cp, base = await engine.extend(owner, run_id, checkpoint_number(number), body.seconds)
    return CheckpointDetail.of(cp, base)


@router.get(
    "/runs/{run_id}/plan",
    response_model=PlanView,
    responses={
        200: {
            "description": "The plan as JSON, or with `format` as a file to download",
            "content": {t.split(";")[0]: {} for t in MEDIA_TYPES.values()},
        }
    },
)
async def get_plan(
    run_id: str,
    engine: EngineDep,
    owner: OwnerDep,
    iteration: int | None = Query(
        None, ge=1, le=MAX_ITERATIONS, description="the plan after this iteration (default: latest)"
    ),
    format: Annotated[
        Format | None,
        Query(
            description="a file to download: `md` (with a header: goal, dates, status,"
            " checks), `html` (standalone and printable), `json` (sections, milestones,"
            " budget, risks, data points, checks), `ics` (one event per dated milestone and"
            " the deadline), `csv` (milestones and tasks)"
        ),
    ] = None,
) -> PlanView | Response:
    """The plan after iteration `iteration` (its latest revision), or the latest. 404
    `iteration_not_found` for an iteration whose plan does not exist. A plan that is not
    the final plan of a completed run is marked partial in every format."""
    run, version = await engine.plan(owner, run_id, iteration)
    if format is None:
        return PlanView.of(run, version)
    out = export(
        of_run(run, version.iteration, version.plan, version.created_at),
        format,
        iteration=iteration,
    )
    disposition = f'attachment; filename="{out.file_name}"'
    return Response(
        out.content, media_type=out.media_type, headers={"Content-Disposition": disposition}
    )


@router.post("/runs/{run_id}/fork", status_code=201)
async def fork(
    run_id: str,
    body: ForkIn,
    engine: EngineDep,
    owner: OwnerDep,
    idempotency_key: IdempotencyKey = None,
) -> ForkOut:
    """A new run that starts from the plan and state after iteration `from_iteration` of
    this one and continues with `feedback`; this run is untouched. 404
    `iteration_not_found` for an iteration the run has not completed."""
    run = await engine.fork(
        owner,
        run_id,
        body.from_iteration,
        body.feedback,
        body.max_iterations,
        key=idempotency_key,
    )
    assert run.parent_run_id is not None and run.from_iteration is not None
    return ForkOut(
        run_id=run.id,
        parent_run_id=run.parent_run_id,
        from_iteration=run.from_iteration,
        status=run.status,
        events_url=f"/api/runs/{run.id}/events",
    )


@router.post("/runs/{run_id}/save")
async def save(run_id: str, engine: EngineDep, owner: OwnerDep) -> SavedOut:
    """Save the run's plan as it stands (a partial one too) to memory as the run's note.
    409 `run_running` while an iteration executes, `nothing_to_save` without a plan."""
    run = await engine.save_run(owner, run_id)
    assert run.memory_entity is not None
    return SavedOut(run_id=run.id, memory_entity=run.memory_entity, iteration=run.iteration)
