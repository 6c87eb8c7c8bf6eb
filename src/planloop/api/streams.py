"""The primary event stream: SSE with named events, Last-Event-ID replay, heartbeats."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

from fastapi import APIRouter, Query, Request
from sse_starlette import EventSourceResponse

from planloop.api.deps import EngineDep, OwnerDep, SettingsDep
from planloop.api.responses import ERRORS
from planloop.errors import InvalidInput
from planloop.events import StoredEvent, encode_comment
from planloop.settings import Settings

router = APIRouter(prefix="/api", tags=["streams"], responses=ERRORS)

RETRY_MS = 2000


def resume_point(request: Request, query_value: str | None) -> int:
    """The seq a client has seen: the Last-Event-ID header wins over ``?last_event_id=``."""
    raw = request.headers.get("last-event-id") or query_value
    if raw is None or raw.strip() == "":
        return 0
    raw = raw.strip()
    if not raw.isdigit() or len(raw) > 12:
        raise InvalidInput("Last-Event-ID must be a non-negative integer (an event's seq)")
    return int(raw)


def sse_response(
    events: AsyncIterator[StoredEvent],
    settings: Settings,
    frame: Callable[[StoredEvent], bytes | None],
) -> EventSourceResponse:
    async def body() -> AsyncIterator[bytes]:
        yield f"retry: {RETRY_MS}\n".encode() + encode_comment("planloop stream")
        async for event in events:
            chunk = frame(event)
            if chunk is not None:
                yield chunk

    return EventSourceResponse(
        body(),
        ping=settings.heartbeat_s,
        send_timeout=settings.send_timeout_s,
        headers={"Cache-Control": "no-cache"},
    )


@router.get("/runs/{run_id}/events", response_class=EventSourceResponse)
async def run_events(
    run_id: str,
    request: Request,
    engine: EngineDep,
    owner: OwnerDep,
    settings: SettingsDep,
    last_event_id: str | None = Query(
        None, description="seq already seen (for a recreated EventSource)"
    ),
) -> EventSourceResponse:
    await engine.get_run(owner, run_id)
    after = resume_point(request, last_event_id)
    return sse_response(engine.follow(run_id, after), settings, StoredEvent.frame)
