"""What a share link opens, and nothing more: one run's view, its live events, its plan
and checkpoints, and — for an approver link — its checkpoint decisions. Every route here
starts from the link's token (the engine resolves it to its one run); none reads the
session, so a link never reaches its owner's other runs, memory or chat. A link that was
revoked or has expired answers 410 (`share_revoked`, `share_expired`); an unknown one 404
`share_not_found`. ``/s/{token}`` is the page in its shared mode."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from html import escape
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel

from planloop.api.compat.aliases import primary_frame, wire_data
from planloop.api.deps import EngineDep, SettingsDep
from planloop.api.responses import ERRORS, STREAM_ERRORS
from planloop.api.runs import CHECKPOINT_NUMBER, checkpoint_number
from planloop.api.schemas import CheckpointDetail, DecisionIn, DecisionOut, ErrorOut, PlanView
from planloop.api.sse import EventStream, Source
from planloop.api.streams import resume_point
from planloop.domain import MAX_ITERATIONS, MemoryCoverage
from planloop.engine.shares import LinkClosed
from planloop.errors import Gone, NotFound
from planloop.events import StoredEvent, dump_json, encode_sse
from planloop.export import Format, export, of_run
from planloop.views import RunView

GONE: dict[int | str, dict[str, Any]] = {
    410: {"model": ErrorOut, "description": "the link was revoked or expired"}
}
router = APIRouter(prefix="/api/shares", tags=["shared"], responses={**ERRORS, **GONE})
pages = APIRouter()
Number = PathParam(pattern=CHECKPOINT_NUMBER, description="1, 2, … as plain digits")
INDEX = Path(__file__).resolve().parents[1] / "web" / "index.html"


class ShareInfo(BaseModel):
    token_id: str
    role: str
    expires_at: datetime


class SharedRunView(RunView):
    """The run as a link shows it: its view, less what names its owner's memory."""

    share: ShareInfo


@router.get("/{token}")
async def shared_run(token: str, engine: EngineDep) -> SharedRunView:
    """The shared run: plan, timeline, checkpoints (as `GET /api/runs/{id}` has them)."""
    share, run, checkpoints = await engine.shared_run(token)
    view = RunView.full(run, checkpoints).model_dump()
    # Names in the owner's memory, and the owner's other runs, are not the link's to see.
    proposal = run.proposal.model_copy(update={"memory": MemoryCoverage()})
    view.update(
        proposal=proposal,
        selected_entities=[],
        parent_run_id=None,
        memory_entity=None,
        events_url=f"/api/shares/{token}/events",
    )
    info = ShareInfo(token_id=share.token_id, role=share.role, expires_at=share.expires_at)
    return SharedRunView(**view, share=info)


# The events that name the owner's memory or their other runs, and what a link sends of
# them: ``plan_saved`` (only the note's name) nothing, ``final_plan`` no ``memory_entity``,
# a fork's ``planning_started`` no run it came from (found by a new user's trial: the
# shared page said "Plan saved to memory as entity: plan_…").
_NAMES_THE_OWNERS = {"plan_saved", "final_plan", "planning_started"}


def _link_frame(event: StoredEvent) -> bytes:
    data = wire_data(event)
    data.pop("parent_run_id", None)
    data.pop("from_iteration", None)
    if "memory_entity" in data:
        data["memory_entity"] = None
    return encode_sse(dump_json(data), event_id=event.seq, event=event.type)


def shared_frame(item: StoredEvent | LinkClosed) -> bytes | None:
    """A run's event as its own stream sends it, less the names of its owner's memory and
    other runs; the link's end as a last frame of its own (``event: share_closed``, no
    ``id``): ``{type, code, message}``."""
    if isinstance(item, LinkClosed):
        data = {"type": "share_closed", "code": item.code, "message": item.message}
        return encode_sse(dump_json(data), event="share_closed")
    if item.type not in _NAMES_THE_OWNERS:
        return primary_frame(item)
    if item.type == "plan_saved":
        return None
    return item.cached_frame("shared", _link_frame)


@router.get("/{token}/events", response_class=EventStream, responses=STREAM_ERRORS)
async def shared_events(
    token: str,
    request: Request,
    engine: EngineDep,
    settings: SettingsDep,
    last_event_id: str | None = Query(None, description="seq already seen"),
) -> EventStream:
    """The run's events live, as `GET /api/runs/{id}/events` sends them (resumable with
    `Last-Event-ID`). When the link is revoked or expires the stream sends a last
    `share_closed` frame (`{type, code, message}`, code `share_revoked` or
    `share_expired`) and ends."""
    after = resume_point(request, last_event_id)
    feed: Source[StoredEvent | LinkClosed] = await engine.shared_feed(token, after)
    return EventStream(
        feed,
        shared_frame,
        heartbeat_s=settings.heartbeat_s,
        send_timeout_s=settings.send_timeout_s,
    )


@router.get("/{token}/plan", response_model=PlanView)
async def shared_plan(
    token: str,
    engine: EngineDep,
    iteration: int | None = Query(None, ge=1, le=MAX_ITERATIONS),
    format: Annotated[Format | None, Query(description="md, html, json, ics or csv")] = None,
) -> PlanView | Response:
    """The plan (after `iteration`, or the latest), as JSON with its HTML, or as a file."""
    run, version = await engine.shared_plan(token, iteration)
    if format is None:
        return PlanView.of(run, version)  # with its sanitized HTML, as the owner's
    doc = of_run(run, version.iteration, version.plan, version.created_at)
    out = export(doc, format, iteration=iteration)
    disposition = f'attachment; filename="{out.file_name}"'
    return Response(
        out.content, media_type=out.media_type, headers={"Content-Disposition": disposition}
    )


@router.get("/{token}/checkpoints/{number}")
async def shared_checkpoint(
    token: str,
    engine: EngineDep,
    number: str = Number,
    revision: int | None = Query(None, ge=1, le=1000),
) -> CheckpointDetail:
    """A checkpoint as the owner reviews it: its plan, changes, status and decision."""
    cp, base = await engine.shared_checkpoint(token, checkpoint_number(number))
    if revision is not None and revision > cp.revision:
        raise NotFound(
            f"checkpoint {cp.number} has {cp.revision} revisions, not {revision}",
            code="checkpoint_not_found",
        )
    return CheckpointDetail.of(cp, base, revision)


@router.post("/{token}/checkpoints/{number}")
async def shared_decide(
    token: str, body: DecisionIn, engine: EngineDep, number: str = Number
) -> DecisionOut:
    """Decide a checkpoint through an approver link (403 `share_read_only` for a viewer
    link), as `POST /api/runs/{id}/checkpoints/{n}` does; the decision records the link
    (`by: "share:<token_id>"`)."""
    d = await engine.decide_shared(
        token,
        checkpoint_number(number),
        body.decision,
        body.feedback,
        plan_markdown=body.plan_markdown,
        revision=body.revision,
    )
    return DecisionOut.of(d)


# -- the page ------------------------------------------------------------------------------

_RELATIVE = re.compile(r'(\s(?:href|src)=")(?![a-z][a-z0-9+.-]*:|/|#)')
_ENTRY = 'src="/app.js"'


@lru_cache(maxsize=1)
def shared_page() -> str:
    """index.html in its shared mode: its files named from the root (the page is served at
    /s/{token}, and the CSP forbids a <base>), and share.js as its entry instead of app.js
    (no new-goal form, memory or chat; the run live; decisions only for approver links)."""
    html = _RELATIVE.sub(r"\1/", INDEX.read_text(encoding="utf-8"))
    if _ENTRY not in html:
        raise RuntimeError("web/index.html no longer loads app.js: update api/shared.py")
    return html.replace(_ENTRY, 'src="/share.js"')


def _closed_page(message: str) -> str:
    return (
        '<!doctype html><html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>planloop · link closed</title><link rel="stylesheet" href="/style.css"></head>'
        f'<body><main class="share-closed"><h1>planloop</h1><p role="alert">{escape(message)}'
        "</p></main></body></html>"
    )


@pages.get("/s/{token}", include_in_schema=False)
async def share_page(token: str, engine: EngineDep) -> HTMLResponse:
    """The page for a link: 404/410 (a short page saying why) when it opens nothing."""
    headers = {"Cache-Control": "no-store"}
    try:
        await engine.open_share(token)
    except NotFound as exc:
        return HTMLResponse(_closed_page(exc.message), status_code=404, headers=headers)
    except Gone as exc:
        return HTMLResponse(_closed_page(exc.message), status_code=410, headers=headers)
    return HTMLResponse(shared_page(), headers=headers)
