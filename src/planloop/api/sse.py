"""A lean SSE response for the run streams: one extra task per connection, not five.

Measured (docs/benchmarks.md): sse-starlette's task group and four tasks cost ~19 KB per
open stream, most of what kept 10,000 parked streams from fitting in 20 KB each. Here the
request's own task sends, the feed's timeout makes the heartbeats, ``asyncio.timeout``
bounds every send (a reader that stops reading is dropped), and one small task waits for
the client to go away. The stream itself runs from the outermost layer, once the rest of
the request's stack has returned (planloop.api.handoff). Frames come from the pure encoder
in planloop.events.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping

from starlette.background import BackgroundTask
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from planloop.api.handoff import defer
from planloop.engine.feed import Feed
from planloop.events import StoredEvent, encode_comment

log = logging.getLogger(__name__)

RETRY_MS = 2000
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", "Connection": "keep-alive"}
# Encoded once: every stream answers with the same headers.
RAW_HEADERS = tuple(
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in {"Content-Type": "text/event-stream; charset=utf-8", **HEADERS}.items()
)
PING = encode_comment("ping")
PREAMBLE = f"retry: {RETRY_MS}\n".encode() + encode_comment("planloop")


class EventStream(Response):
    media_type = "text/event-stream"

    def __init__(
        self,
        feed: Feed,
        frame: Callable[[StoredEvent], bytes | None],
        *,
        heartbeat_s: float,
        send_timeout_s: float,
        headers: Mapping[str, str] | None = None,
        status_code: int = 200,  # read by FastAPI's OpenAPI generator
    ) -> None:
        self.feed = feed
        self.frame = frame
        self.heartbeat_s = heartbeat_s
        self.send_timeout_s = send_timeout_s
        self.status_code = status_code
        self.background: BackgroundTask | None = None
        self._start_send: Send | None = None  # the request's, for the response start
        if headers:
            self.init_headers({**HEADERS, **headers})
        else:
            self.raw_headers = list(RAW_HEADERS)

    async def _send(self, send: Send, message: Message) -> None:
        async with asyncio.timeout(self.send_timeout_s):
            await send(message)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._start_send = send
        if not defer(scope, self.stream):
            await self.stream(receive, send)

    async def stream(self, receive: Receive, send: Send) -> None:
        """The response start through the request's send (its layers' wrappers act on
        it), then everything through ``send``: the server's own when handed off
        (planloop.api.handoff), so the wrappers are not kept for the stream's life."""
        start, self._start_send = self._start_send, None
        assert start is not None
        me = asyncio.current_task()
        gone = False

        async def wait_for_disconnect() -> None:
            nonlocal gone
            while (await receive())["type"] != "http.disconnect":
                pass
            gone = True
            if me is not None:
                me.cancel()

        watcher = asyncio.create_task(wait_for_disconnect())
        try:
            await self._send(
                start,
                {"type": "http.response.start", "status": 200, "headers": self.raw_headers},
            )
            del start
            await self._body(send, PREAMBLE)
            while (chunk := await self._next_chunk()) is not None:
                await self._body(send, chunk)
                del chunk  # the last frame is not kept alive while the stream waits
            await self._send(send, {"type": "http.response.body", "body": b"", "more_body": False})
        except asyncio.CancelledError:
            if not gone:
                raise  # shutdown, not the client leaving
        except TimeoutError:
            # The client stopped reading; leaving unfinished makes the server close it.
            log.info("dropped a stalled stream of run %s", self.feed.run_id)
        finally:
            watcher.cancel()
            self.feed.close()

    async def _next_chunk(self) -> bytes | None:
        """The next bytes to send, a frame or a heartbeat; None once the feed has ended.
        (A helper, so that no event stays referenced from the stream's frame: a parked
        stream would keep its last event, ~1-2 KB, for as long as it waits.)"""
        while True:
            try:
                event = await self.feed.next(self.heartbeat_s)
            except StopAsyncIteration:
                return None
            if event is None:
                return PING
            chunk = self.frame(event)
            if chunk is not None:
                return chunk
            del event, chunk

    async def _body(self, send: Send, chunk: bytes) -> None:
        await self._send(send, {"type": "http.response.body", "body": chunk, "more_body": True})
