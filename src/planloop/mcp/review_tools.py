"""Review tools: a checkpoint's plan and what changed, any iteration's plan, more time for a
checkpoint, and a new run from any iteration (fork). As the planning tools, every call is
the MCP server's owner's, through the engine's own checks."""

from __future__ import annotations

from typing import Annotated, Any

from mcp.server.mcpserver import MCPServer
from pydantic import BaseModel, Field

from planloop.domain import MAX_FEEDBACK_CHARS, MAX_ITERATIONS
from planloop.engine import Engine
from planloop.engine.requests import MAX_TIMEOUT_S
from planloop.mcp.calls import DATA_NOTE, call
from planloop.mcp.plan_tools import ACT, MAX_CHECKPOINT, READ, RunId
from planloop.views import CheckpointDetail, PlanView

Checkpoint = Annotated[
    int, Field(strict=True, ge=1, le=MAX_CHECKPOINT, description="The checkpoint number")
]


class Forked(BaseModel):
    run_id: str
    parent_run_id: str
    from_iteration: int
    status: str
    next_step: str


def register(server: MCPServer[Any], engine: Engine, owner: str) -> None:
    """Add the review tools to ``server``; runs belong to ``owner``."""

    @server.tool(
        title="Get Checkpoint",
        description="A checkpoint as the person reviews it: the plan at it (`plan_markdown`),"
        " what changed since the previous checkpoint (`changes`: sections added, changed and"
        " removed by title, and the unified `diff`), its status, deadline, revision and the"
        " decision once made. Show the plan and the changes to the person before"
        " decide_checkpoint. " + DATA_NOTE,
        annotations=READ,
    )
    async def get_checkpoint(run_id: RunId, checkpoint: Checkpoint) -> CheckpointDetail:
        cp, base = await call(engine.checkpoint(owner, run_id, checkpoint))
        return CheckpointDetail.of(cp, base)

    @server.tool(
        title="Get Plan",
        description="A run's plan as it was after iteration `iteration` (every iteration's"
        " plan is kept), or the latest without it; `partial` is false only for a completed"
        " run's final plan. " + DATA_NOTE,
        annotations=READ,
    )
    async def get_plan(
        run_id: RunId,
        iteration: Annotated[
            int | None,
            Field(strict=True, ge=1, le=MAX_ITERATIONS, description="default: the latest"),
        ] = None,
    ) -> PlanView:
        run, version = await call(engine.plan(owner, run_id, iteration))
        return PlanView.of(run, version)

    @server.tool(
        title="Extend Checkpoint",
        description="Give a checkpoint that waits (or has expired) a new deadline, `seconds`"
        " from now, so the person has time to decide. It is never earlier than the deadline"
        " the checkpoint has: count the seconds from now to past it.",
        annotations=ACT,
    )
    async def extend_checkpoint(
        run_id: RunId,
        checkpoint: Checkpoint,
        seconds: Annotated[float, Field(strict=True, ge=1, le=MAX_TIMEOUT_S)],
    ) -> CheckpointDetail:
        cp, base = await call(engine.extend(owner, run_id, checkpoint, seconds))
        return CheckpointDetail.of(cp, base)

    @server.tool(
        title="Fork Run",
        description="Continue from any iteration of a run as a new run: it starts from the"
        " plan and state after `from_iteration` and goes on with `feedback` (the run itself"
        " stays as it is). Returns the new run's id; follow it with wait_for_run. " + DATA_NOTE,
        annotations=ACT,
    )
    async def fork_run(
        run_id: RunId,
        from_iteration: Annotated[int, Field(strict=True, ge=1, le=MAX_ITERATIONS)],
        feedback: Annotated[str, Field(max_length=MAX_FEEDBACK_CHARS)] = "",
        max_iterations: Annotated[int | None, Field(strict=True, ge=1, le=MAX_ITERATIONS)] = None,
    ) -> Forked:
        run = await call(engine.fork(owner, run_id, from_iteration, feedback, max_iterations))
        return Forked(
            run_id=run.id,
            parent_run_id=run_id,
            from_iteration=from_iteration,
            status=run.status.value,
            next_step=f"wait_for_run with run_id {run.id}",
        )
