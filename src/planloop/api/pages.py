"""Routes the web page needs: a run's plan as sanitized HTML, and Markdown rendering."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from planloop.api.deps import EngineDep, OwnerDep
from planloop.api.responses import ERRORS
from planloop.render import render_markdown

router = APIRouter(prefix="/api", tags=["pages"], responses=ERRORS)

MAX_RENDER_CHARS = 64 * 1024


class PlanOut(BaseModel):
    markdown: str
    html: str
    plan_version: int


class RenderIn(BaseModel):
    markdown: str = Field(max_length=MAX_RENDER_CHARS)


class RenderOut(BaseModel):
    html: str


@router.get("/runs/{run_id}/plan")
async def run_plan(run_id: str, engine: EngineDep, owner: OwnerDep) -> PlanOut:
    run = await engine.get_run(owner, run_id)
    plan = run.state.plan
    return PlanOut(markdown=plan, html=render_markdown(plan), plan_version=run.state.plan_version)


@router.post("/render")
async def render(body: RenderIn) -> RenderOut:
    return RenderOut(html=render_markdown(body.markdown))
