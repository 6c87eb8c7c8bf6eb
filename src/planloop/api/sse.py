"""A lean SSE response for every stream: one task per connection while parked, not five.

Measured (docs/benchmarks.md): sse-starlette's task group and four tasks cost ~19 KB per
open stream, most of what kept 10,000 parked streams from fitting in 20 KB each. Here the
request's own task waits for the client to go away; a pump task writes the frames while
there are any and ends when the source has nothing (the broker calls the stream back);
the broker's idle clock makes the heartbeats, and ``asyncio.timeout`` bounds every send
(a reader that stops reading is dropped). The stream itself runs from the outermost
layer, once the rest of the request's stack has returned (planloop.api.handoff). Frames
come from the pure encoder in planloop.events.

A stream reads a :class:`Source`: a run's feed (planloop.engine.feed) for the run streams,
an AG-UI translation of one (planloop.api.agui), or :class:`FrameFeed` over ready frames
(the chat answer).
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import AsyncGenerator, Callable, Coroutine, Generator, Mapping
from typing import Any, Protocol, TypeVar

from starlette.background import BackgroundTask
from starlette.responses import Response
from starlette.types import Message, Receive, Scope, Send

from planloop.api.handoff import defer, hold
from planloop.engine.feed import Parked
from planloop.events import encode_comment

log = logging.getLogger(__name__)

RETRY_MS = 2000
HEADERS = {"Cache-Control": "no-cache", "X-Accel-Buffering": "no", "Connection": "keep-alive"}
# Encoded once: every stream answers with the same headers.
RAW_HEADERS = tuple(
    (name.lower().encode("latin-1"), value.encode("latin-1"))
    for name, value in {"Content-Type": "text/event-stream; charset=utf-8", **HEADERS}.items()
)
PING = encode_comment("ping")
COALESCE_BYTES = 64 * 1024  # frames waiting behind one are sent with it, up to this much
PREAMBLE = f"retry: {RETRY_MS}\n".encode() + encode_comment("planloop")

T_co = TypeVar("T_co", covariant=True)
T = TypeVar("T")


class Source(Protocol[T_co]):
    """What a stream reads: items one at a time, ``None`` after ``idle_s`` seconds without
    one (time for a heartbeat), StopAsyncIteration after the last; ``close`` lets go."""

    @property
    def run_id(self) -> str: ...

    async def next(self, idle_s: float | None = None) -> T_co | None: ...

    def take_ready(self) -> T_co | None:
        """The next item if it is here already (no waiting, no reading), else None."""
        ...

    def park_with(self, wake: Callable[[], None]) -> None:
        """From now on :meth:`next` may raise :class:`Parked` where it would wait, and
        ``wake`` is called when it has something (a source that always waits ignores it)."""
        ...

    def close(self) -> None: ...


def as_is(frame: bytes) -> bytes:
    """The frame of a source that hands out ready frames."""
    return frame


class EventStream(Response):
    media_type = "text/event-stream"
    preamble = PREAMBLE  # sent first: the reconnect delay for EventSource, and a comment

    def __init__(
        self,
        feed: Source[T],
        frame: Callable[[T], bytes | None],
        *,
        heartbeat_s: float,
        send_timeout_s: float,
        headers: Mapping[str, str] | None = None,
        preamble: bytes | None = None,
        status_code: int = 200,  # read by FastAPI's OpenAPI generator
    ) -> None:
        self.feed: Source[Any] = feed
        self.frame: Callable[[Any], bytes | None] = frame
        if preamble is not None:
            self.preamble = preamble
        self.heartbeat_s = heartbeat_s
        self.send_timeout_s = send_timeout_s
        self.status_code = status_code
        self.background: BackgroundTask | None = None
        self._start_send: Send | None = None  # the request's, for the response start
        self._out: Send | None = None  # the server's, for the body
        self._main: asyncio.Task[Any] | None = None  # the stream's task, waiting in receive
        self._pump: asyncio.Task[None] | None = None  # writing frames, while there are any
        self._over = False
        self._error: Exception | None = None
        self._wrote_at = 0.0  # monotonic time of the last write (heartbeats count from it)
        if headers:
            self.init_headers({**HEADERS, **headers})
        else:
            self.raw_headers = list(RAW_HEADERS)

    async def _send(self, send: Send, message: Message) -> None:
        """Send, bounded by ``send_timeout_s`` only if the send has to wait: a send the
        transport takes at once (almost every one) arms no timer (~5 µs a frame,
        docs/benchmarks.md, throughput at model pacing)."""
        sending = send(message)
        if not isinstance(sending, Coroutine):  # not a coroutine to step: bound it whole
            async with asyncio.timeout(self.send_timeout_s):
                await sending
            return
        try:
            waiting = sending.send(None)
        except StopIteration:
            return
        async with asyncio.timeout(self.send_timeout_s):
            await _Rest(sending, waiting)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self._start_send = send
        if not defer(scope, self):
            await hold(self, receive, send)

    async def open(self, send: Send) -> None:
        """The response start through the request's send (its layers' wrappers act on
        it), then everything through ``send``: the server's own when handed off
        (planloop.api.handoff), so the wrappers are not kept for the stream's life.

        The task that opens the stream then only waits for the client to leave
        (planloop.api.handoff.hold). The frames are written by a pump task that runs
        while there is something to send and ends when the source is parked (nothing to
        send until the broker calls :meth:`_wake`): a parked stream holds that one task,
        waiting in ``receive``, and no other."""
        start, self._start_send = self._start_send, None
        assert start is not None
        self._main = asyncio.current_task()
        self._out = send
        try:
            await self._send(
                start,
                {"type": "http.response.start", "status": 200, "headers": self.raw_headers},
            )
            del start, self.raw_headers  # sent: not kept for the stream's life
            if self.preamble:
                await self._body(send, self.preamble)
        except TimeoutError:
            self._stalled()
            raise asyncio.CancelledError() from None  # held no further: the stream ended
        self._wrote_at = time.monotonic()
        self.feed.park_with(self._wake)
        self._wake()

    def ended(self) -> bool:
        if self._over and self._error is not None:
            raise self._error
        return self._over

    def close(self) -> None:
        self._over = True
        pump, self._pump = self._pump, None
        if pump is not None:
            pump.cancel()
        self._main = None
        self.feed.close()

    def _wake(self) -> None:
        """The source has something (an event, a heartbeat's time, its end): start the
        pump unless it runs already (it reads everything there is before it stops).

        Tried, not kept: running the pump here, in the broker's publish, until it must
        wait. A send that must wait enters ``asyncio.timeout``, which binds to the
        current task: there, the committer's (docs/benchmarks.md, parked runs in one
        process over HTTP/2, finding 5)."""
        if self._pump is None and not self._over:
            self._pump = asyncio.get_running_loop().create_task(self._pump_frames())

    async def _pump_frames(self) -> None:
        send = self._out
        assert send is not None
        try:
            while (chunk := await self._next_chunk()) is not None:
                await self._body(send, chunk)
                self._wrote_at = time.monotonic()
                del chunk  # the last frame is not kept alive while the stream waits
            await self._send(send, {"type": "http.response.body", "body": b"", "more_body": False})
            self._end(None)
        except Parked:
            self._pump = None  # nothing to send: the broker wakes the stream again
        except asyncio.CancelledError:
            raise  # the stream ended (the client left, or shutdown)
        except TimeoutError:
            self._stalled()
            self._end(None)
        except Exception as exc:  # raised in the stream's task, where the server sees it
            self._end(exc)

    def _stalled(self) -> None:
        # The client stopped reading; leaving unfinished makes the server close it.
        self._over = True
        log.info("dropped a stalled stream (%s)", self.feed.run_id or "no run")

    def _end(self, error: Exception | None) -> None:
        """The stream is over (sent to its end, dropped, or failed): end its task."""
        self._over, self._error, self._pump = True, error, None
        if self._main is not None:
            self._main.cancel()

    async def _next_chunk(self) -> bytes | None:
        """The next bytes to send, a frame or a heartbeat; None once the feed has ended.
        (A helper, so that no event stays referenced from the stream's frame: a parked
        stream would keep its last event, ~1-2 KB, for as long as it waits.)"""
        while True:
            idle_s = max(0.0, self.heartbeat_s - (time.monotonic() - self._wrote_at))
            try:
                event = await self.feed.next(idle_s)
            except StopAsyncIteration:
                return None
            if event is None:
                return PING
            chunk = self.frame(event)
            if chunk is not None:
                return self._with_ready(chunk)
            del event, chunk

    def _with_ready(self, chunk: bytes) -> bytes:
        """``chunk`` and the frames already waiting behind it, in one write: a commit's
        events (an iteration's end, its checks, the checkpoint) go out as one send, not
        one each."""
        parts = [chunk]
        size = len(chunk)
        while size < COALESCE_BYTES and (item := self.feed.take_ready()) is not None:
            more = self.frame(item)
            if more is not None:
                parts.append(more)
                size += len(more)
        return chunk if len(parts) == 1 else b"".join(parts)

    async def _body(self, send: Send, chunk: bytes) -> None:
        await self._send(send, {"type": "http.response.body", "body": chunk, "more_body": True})


class _Rest:
    """The rest of a coroutine that was stepped once and had to wait: awaiting this goes
    on from what it yielded, as awaiting it whole would have (values sent in and errors
    thrown in, such as a timeout's cancellation, reach it)."""

    __slots__ = ("_coro", "_waiting")

    def __init__(self, coro: Coroutine[Any, Any, None], waiting: Any) -> None:
        self._coro, self._waiting = coro, waiting

    def __await__(self) -> Generator[Any, Any, None]:
        coro, waiting = self._coro, self._waiting
        while True:
            try:
                sent = yield waiting
            except GeneratorExit:  # closed, not thrown into: close what it awaits too
                coro.close()
                raise
            except BaseException as exc:  # thrown in: passed on
                try:
                    waiting = coro.throw(exc)
                except StopIteration:
                    return
            else:
                try:
                    waiting = coro.send(sent)
                except StopIteration:
                    return


_END = b""  # what a finished iterator gives back (a frame is never empty)


async def _next_frame(frames: AsyncGenerator[bytes, None]) -> bytes:
    try:
        return await anext(frames)
    except StopAsyncIteration:
        return _END


class FrameFeed:
    """Ready frames from an async generator, as a :class:`Source`. Waiting at most
    ``idle_s`` for the next one must not disturb the generator, so each frame is awaited
    in a small task of its own; for short streams (a chat answer), not parked ones."""

    run_id = ""  # no run behind it

    def __init__(self, frames: AsyncGenerator[bytes, None]) -> None:
        self._frames = frames
        self._pending: asyncio.Task[bytes] | None = None
        self._closing: asyncio.Task[None] | None = None
        self._ended = False

    async def next(self, idle_s: float | None = None) -> bytes | None:
        if self._ended:
            raise StopAsyncIteration
        pending = self._pending
        if pending is None:
            pending = self._pending = asyncio.create_task(_next_frame(self._frames))
        done, _ = await asyncio.wait((pending,), timeout=idle_s)
        if not done:
            return None
        self._pending = None
        frame = pending.result()
        if not frame:  # _END
            self._ended = True
            raise StopAsyncIteration
        return frame

    def take_ready(self) -> bytes | None:
        return None  # each frame is awaited in a task of its own

    def park_with(self, wake: Callable[[], None]) -> None:
        pass  # a short stream: it waits for its frames, never parked

    def close(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.cancel()  # the generator is waiting inside: it ends there
        elif not self._ended:
            self._ended = True  # it waits at a yield: close it (its finally blocks run)
            self._closing = asyncio.get_running_loop().create_task(self._frames.aclose())
