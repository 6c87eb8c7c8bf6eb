"""The primary event stream: SSE with named events, Last-Event-ID replay, heartbeats."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import APIRouter, Query, Request

from planloop.api.compat.aliases import primary_frame
from planloop.api.deps import EngineDep, OwnerDep, SettingsDep
from planloop.api.responses import ERRORS, STREAM_ERRORS
from planloop.api.sse import EventStream
from planloop.engine.feed import Feed
from planloop.errors import InvalidInput
from planloop.events import StoredEvent
from planloop.settings import Settings

router = APIRouter(prefix="/api", tags=["streams"], responses=ERRORS)


def resume_point(request: Request, query_value: str | None) -> int:
    """The seq a client has seen: the Last-Event-ID header wins over ``?last_event_id=``."""
    raw = request.headers.get("last-event-id") or query_value
    if raw is None or raw.strip() == "":
        return 0
    raw = raw.strip()
    if not (raw.isascii() and raw.isdigit()):  # "²".isdigit() is True
        raise InvalidInput("Last-Event-ID must be a non-negative integer (an event's seq)")
    if len(raw) > 12:
        shown = raw if len(raw) <= 20 else raw[:20] + "…"
        raise InvalidInput(f"Last-Event-ID {shown} is too large: a seq has at most 12 digits")
    return int(raw)


def sse_response(
    feed: Feed, settings: Settings, frame: Callable[[StoredEvent], bytes | None]
) -> EventStream:
    return EventStream(
        feed, frame, heartbeat_s=settings.heartbeat_s, send_timeout_s=settings.send_timeout_s
    )


@router.get("/runs/{run_id}/events", response_class=EventStream, responses=STREAM_ERRORS)
async def run_events(
    run_id: str,
    request: Request,
    engine: EngineDep,
    owner: OwnerDep,
    settings: SettingsDep,
    last_event_id: str | None = Query(
        None, description="seq already seen (for a recreated EventSource)"
    ),
) -> EventStream:
    after = resume_point(request, last_event_id)
    return sse_response(await engine.open_feed(owner, run_id, after), settings, primary_frame)
