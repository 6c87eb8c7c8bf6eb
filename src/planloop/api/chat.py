"""``POST /api/chat/stream``: the planner's chat answer, streamed as Server-Sent Events.

The body is ``POST /api/chat``'s: ``{message, session_id?}``. The answer is grounded in the
memory notes that best match the message. Named events, each ``data`` one JSON object
carrying its ``type``:

* ``chat_delta`` ``{delta}``: the next piece of the reply (coalesced, ~10 a second);
* ``chat_done`` ``{reply, sources, session_id}``: last on success; ``reply`` is the deltas
  joined, ``sources`` the names of the memory notes it cites;
* ``error`` ``{message, error, code}``: last on failure (``model_unavailable``,
  ``model_output_invalid``, ``internal_error``), possibly after some deltas; ``error``
  repeats ``message``, as on the run streams (planloop.api.compat.aliases).

The same lean response as the run streams serves it (planloop.api.sse), pinging through a
slow model's silences. ``POST /api/chat`` stays the original page's single JSON answer.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import AsyncGenerator, Sequence
from typing import Any

from fastapi import APIRouter

from planloop.api.compat.aliases import with_aliases
from planloop.api.compat.bodies import ChatIn, conversation
from planloop.api.deps import EngineDep, MemoryDep, SettingsDep
from planloop.api.responses import ERRORS, STREAM_ERRORS
from planloop.api.sse import EventStream, FrameFeed, as_is
from planloop.errors import PlanloopError
from planloop.events import ErrorEvent, encode_sse
from planloop.planners.base import MemoryNote, Planner
from planloop.planners.citations import cited

router = APIRouter(prefix="/api", tags=["chat"], responses=ERRORS)
log = logging.getLogger(__name__)

MEMORY_NOTES = 5  # the best search results ground the answer, as in POST /api/chat


def _shape(event: str, **fields: dict[str, Any]) -> dict[str, Any]:
    return {
        "type": "object",
        "required": ["type", *fields],
        "properties": {"type": {"const": event}, **fields},
    }


_TEXT: dict[str, Any] = {"type": "string"}
# OpenAPI 3.1: an event stream's ``schema`` describes one event (its fields), the JSON in
# ``data`` by ``contentSchema``.
EVENT_SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["event", "data"],
    "properties": {
        "event": {"enum": ["chat_delta", "chat_done", "error"]},
        "data": {
            "type": "string",
            "contentMediaType": "application/json",
            "contentSchema": {
                "oneOf": [
                    _shape("chat_delta", delta=_TEXT),
                    _shape("chat_done", reply=_TEXT, sources={"type": "array", "items": _TEXT}),
                    _shape("error", message=_TEXT, error=_TEXT, code=_TEXT),
                ]
            },
        },
    },
}
STREAM_OK: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "chat_delta events, then chat_done (or error)",
        "content": {"text/event-stream": {"schema": EVENT_SCHEMA}},
    }
}


def frame(event: str, **fields: Any) -> bytes:
    data = json.dumps({"type": event, **fields}, ensure_ascii=False)
    return encode_sse(data, event=event)


def error_frame(code: str, message: str) -> bytes:
    return frame("error", **with_aliases("error", ErrorEvent.of(code, message).fields()))


async def chat_events(
    planner: Planner, message: str, notes: Sequence[MemoryNote], session_id: str
) -> AsyncGenerator[bytes, None]:
    """``chat_delta``… then ``chat_done``, or ``error``: always ends, never raises."""
    pieces: list[str] = []
    try:
        async for piece in planner.chat_stream(message, notes):
            if piece:
                pieces.append(piece)
                yield frame("chat_delta", delta=piece)
    except PlanloopError as exc:
        yield error_frame(exc.code, exc.message)
        return
    except Exception:
        log.exception("the chat stream failed")
        text = "the chat answer failed on the server"
        yield error_frame("internal_error", text)
        return
    reply = "".join(pieces)
    yield frame("chat_done", reply=reply, sources=cited(reply, notes), session_id=session_id)


@router.post("/chat/stream", response_class=EventStream, responses={**STREAM_OK, **STREAM_ERRORS})
async def chat_stream(
    body: ChatIn, engine: EngineDep, memory: MemoryDep, settings: SettingsDep
) -> EventStream:
    """Chat with the planner: ``chat_delta`` events, then ``chat_done`` or ``error``."""
    convo = conversation(body.session_id)
    notes = await asyncio.to_thread(memory.search, body.message, MEMORY_NOTES)
    return EventStream(
        FrameFeed(chat_events(engine.planner, body.message, notes, convo)),
        as_is,
        heartbeat_s=settings.heartbeat_s,
        send_timeout_s=settings.send_timeout_s,
        preamble=b"",  # a POST answer, never reconnected: frames only
    )
