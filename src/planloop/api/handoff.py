"""Long-lived streams run below the request's call stack, not on top of it.

An open stream lasts minutes or hours, and whatever is on the call stack above it lasts as
long: every middleware's frame, FastAPI's two exit stacks and the app-level one, the
router, the exception wrappers. Measured, that was ~12 KB of a parked stream's ~32 KB
(docs/benchmarks.md). So a stream response does not stream where it is returned: it hands
itself to the app's own call (made by :func:`serving`) through the scope; every layer
returns normally; then that call holds the stream. The frames, exit stacks and request
objects go, and so does what the layers added to the scope: they were given a copy.

The stream is also given the server's own ``receive`` and ``send``. Its response start
still goes through the ``send`` the request was given, so every layer's wrapper acts on
it (security headers, the session cookie, the access log's status); the wrappers only
ever act on the start, so the body goes straight to the server and the chain of seven
closures (~1.3 KB a stream) is let go. A layer that rewrote bodies would not see a
stream's: there is none (an event stream is never compressed).

A layer that must act when the stream ends (a session's open-stream count, the access
log's line) asks :func:`on_stream_end` after its inner app returned: it is told whether the
request became a handed-off stream, and its :class:`StreamEnd` is told when that stream
ends. That is an object the layer keeps anyway, not a callback made for the stream: a
parked stream holds each for its life (a bound method is 64 bytes more a stream).

Without :func:`serving` above (a bare router in a test), :func:`defer` says no and the
response holds its stream in place, as any Starlette response would.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Any, Protocol

from starlette.types import Receive, Scope, Send

KEY = "planloop.handoff"


class Stream(Protocol):
    """A response that writes by itself once opened, until it ends or the client leaves."""

    async def open(self, send: Send) -> None:
        """Start the response (its start through the request's own send, the body through
        ``send``) and its writing, which goes on without the caller."""
        ...

    def ended(self) -> bool:
        """True when the stream ended by itself (it then cancels the task that holds it);
        raises what made it fail, if anything did."""
        ...

    def close(self) -> None:
        """Stop writing and let go (the client left, or the stream ended)."""
        ...


class StreamEnd(Protocol):
    """A layer's own object, told when the handed-off stream it registered with ends."""

    def stream_ended(self) -> None: ...


class Handoff:
    __slots__ = ("ends", "stream")

    def __init__(self) -> None:
        self.stream: Stream | None = None
        self.ends: tuple[StreamEnd, ...] = ()  # a tuple: two are 32 bytes under a list


def defer(scope: Scope, stream: Stream) -> bool:
    """Hold ``stream`` from the top once the request's stack has unwound, with the server's
    receive and send. False when nothing above can take it (the caller holds it in place)."""
    slot: Handoff | None = scope.get(KEY)
    if slot is None or slot.stream is not None:
        return False
    slot.stream = stream
    return True


def on_stream_end(scope: Scope, end: StreamEnd) -> bool:
    """Tell ``end`` when the handed-off stream ends; False (and nothing registered) when
    the request did not become one, so the caller acts now."""
    slot: Handoff | None = scope.get(KEY)
    if slot is None or slot.stream is None:
        return False
    slot.ends = (*slot.ends, end)
    return True


AppCall = Callable[[Any, Scope, Receive, Send], Awaitable[None]]


def serving(call: AppCall) -> AppCall:
    """An ASGI app's ``__call__`` made from ``call`` (its class's own): the request runs on
    a copy of the server's scope, so what the layers add to it (route, endpoint, exit
    stacks, the session's owner in its state...) goes with them; then the stream a
    response deferred is held, and the layers registered for its end are told. No frame
    of this module stays between the server's call and the stream's wait."""

    async def serve(app: Any, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await call(app, scope, receive, send)
            return
        slot = Handoff()
        inner = dict(scope)
        inner[KEY] = slot
        if "state" in scope:  # the server's copy for this request, kept as long as the stream
            inner["state"] = dict(scope["state"])
        await call(app, inner, receive, send)
        del inner
        stream = slot.stream
        if stream is None:
            return
        slot.stream = None
        try:  # the wait is written out here: no frame of its own while parked
            try:
                await stream.open(send)
                while (await receive())["type"] != "http.disconnect":
                    pass
            except asyncio.CancelledError:
                if not stream.ended():
                    raise  # shutdown, not the stream's own end
            finally:
                stream.close()
        finally:
            for end in slot.ends:
                end.stream_ended()

    return serve


async def hold(stream: Stream, receive: Receive, send: Send) -> None:
    """Open ``stream`` and wait for the client to leave (or the stream to end), for a
    response with no :func:`serving` above it (a bare router in a test): the same wait,
    from a call that only defers the stream."""

    async def call(_: Any, scope: Scope, receive: Receive, send: Send) -> None:
        defer(scope, stream)

    await serving(call)(None, {"type": "http"}, receive, send)
