"""Long-lived streams run below the request's call stack, not on top of it.

An open stream lasts minutes or hours, and whatever is on the call stack above it lasts as
long: every middleware's frame, FastAPI's two exit stacks and the app-level one, the
router, the exception wrappers. Measured, that was ~12 KB of a parked stream's ~32 KB
(docs/benchmarks.md). So a stream response does not stream where it is returned: it hands
itself to :func:`serve`, at the very top of the app, through the scope; every layer
returns normally; then :func:`serve` runs the stream. The frames, exit stacks and request
objects go.

The stream is also given the server's own ``receive`` and ``send``. Its response start
still goes through the ``send`` the request was given, so every layer's wrapper acts on
it (security headers, the session cookie, the access log's status); the wrappers only
ever act on the start, so the body goes straight to the server and the chain of seven
closures (~1.3 KB a stream) is let go. A layer that rewrote bodies would not see a
stream's: there is none (an event stream is never compressed).

A layer that must act when the stream ends (a session's open-stream count, the access
log's line) asks :func:`on_stream_end` after its inner app returned: it is told whether the
request became a handed-off stream, and its callback runs when that stream ends.

Without :func:`serve` above (a bare router in a test), :func:`defer` says no and the
response streams in place, as any Starlette response would.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.types import ASGIApp, Receive, Scope, Send

KEY = "planloop.handoff"

# A deferred stream, called with the server's own receive and send.
Stream = Callable[[Receive, Send], Awaitable[None]]


class Handoff:
    __slots__ = ("ends", "stream")

    def __init__(self) -> None:
        self.stream: Stream | None = None
        self.ends: list[Callable[[], None]] = []


def defer(scope: Scope, stream: Stream) -> bool:
    """Run ``stream`` from the top once the request's stack has unwound, with the server's
    receive and send. False when nothing above can take it (the caller streams in place)."""
    slot: Handoff | None = scope.get(KEY)
    if slot is None or slot.stream is not None:
        return False
    slot.stream = stream
    return True


def on_stream_end(scope: Scope, callback: Callable[[], None]) -> bool:
    """Call ``callback`` when the handed-off stream ends; False (and nothing registered)
    when the request did not become one, so the caller acts now."""
    slot: Handoff | None = scope.get(KEY)
    if slot is None or slot.stream is None:
        return False
    slot.ends.append(callback)
    return True


async def serve(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """Call ``app``; then run the stream a response deferred, and the end callbacks the
    layers registered. The app's own ``__call__`` goes through here (planloop.app)."""
    if scope["type"] != "http":
        await app(scope, receive, send)
        return
    server_keys = tuple(scope)
    slot = Handoff()
    scope[KEY] = slot
    await app(scope, receive, send)
    stream = slot.stream
    if stream is None:
        return
    # What the layers added to the scope (route, endpoint, exit stacks...) is dead weight
    # now; the server keeps the scope, so it is rebuilt in place with the server's keys
    # only (``clear`` also drops the table that grew to hold the rest).
    kept = {key: scope[key] for key in server_keys}
    scope.clear()
    scope.update(kept)
    del kept, server_keys
    slot.stream = None
    try:
        await stream(receive, send)
    finally:
        for end in slot.ends:
            end()
