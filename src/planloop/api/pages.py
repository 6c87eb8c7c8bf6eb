"""Markdown rendered for the web page, sanitized (a run's plan comes with its HTML from
``GET /api/runs/{id}/plan``, api/reviews.py)."""

from __future__ import annotations

from fastapi import APIRouter
from pydantic import BaseModel, Field

from planloop.api.responses import ERRORS
from planloop.api.schemas import Body
from planloop.render import render_markdown

router = APIRouter(prefix="/api", tags=["pages"], responses=ERRORS)

MAX_RENDER_CHARS = 64 * 1024


class RenderIn(Body):
    markdown: str = Field(max_length=MAX_RENDER_CHARS)


class RenderOut(BaseModel):
    html: str


@router.post("/render")
async def render(body: RenderIn) -> RenderOut:
    return RenderOut(html=render_markdown(body.markdown))
