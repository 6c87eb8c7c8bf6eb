"""Handed-off streams: the request's layers return first, then the stream is held from the
top.

These drive the ASGI callables directly: what is tested is the order of calls and what
stays alive, not the network (every stream test in this folder runs the same code over
a real uvicorn).
"""

from __future__ import annotations

import gc
import weakref
from typing import Any

import pytest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planloop.api import handoff

pytestmark = pytest.mark.timeout(10)


class Layer:
    """A middleware that records when its call returns and when the stream ends."""

    def __init__(self, app: ASGIApp, journal: list[str], name: str) -> None:
        self.app, self.journal, self.name = app, journal, name

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        self.journal.append(f"{self.name} in")
        await self.app(scope, receive, send)
        self.journal.append(f"{self.name} returned")
        if not handoff.on_stream_end(scope, self):
            self.journal.append(f"{self.name} end (now)")

    def stream_ended(self) -> None:
        self.journal.append(f"{self.name} end")


class Streamer:
    """A :class:`~planloop.api.handoff.Stream` that writes what ``body`` writes when opened,
    then ends by itself (as an EventStream's pump does when its feed ends)."""

    def __init__(self, body: Any) -> None:
        self.body = body
        self.over = False
        self.closed = False

    async def open(self, send: Send) -> None:
        await self.body(send)
        self.over = True

    def ended(self) -> bool:
        return self.over

    def close(self) -> None:
        self.closed = True


async def serve(app: ASGIApp, scope: Scope, receive: Receive, send: Send) -> None:
    """The top of an app, as planloop.app.App's ``__call__`` is made."""

    async def inner(_: object, scope: Scope, receive: Receive, send: Send) -> None:
        await app(scope, receive, send)

    await handoff.serving(inner)(None, scope, receive, send)


class Holder:
    def __init__(self, data: bytearray) -> None:
        self.data = data


refs: list[weakref.ref[Holder]] = []  # what Keeper's frames hold, seen from the stream


def endpoint(journal: list[str], *, fail: bool = False) -> ASGIApp:
    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        scope["route"] = "added by a router"

        async def body(server_send: Send) -> None:
            journal.append("stream starts")
            await send({"type": "http.response.start", "status": 200, "headers": []})
            if fail:
                raise RuntimeError("the stream broke")
            await server_send({"type": "http.response.body", "body": b"data: 1\n\n"})

        stream = Streamer(body)
        if not handoff.defer(scope, stream):
            await handoff.hold(stream, receive, send)

    return app


async def call(app: ASGIApp, top: bool) -> list[Message]:
    sent: list[Message] = []

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        sent.append(message)

    scope: dict[str, Any] = {"type": "http", "method": "GET", "path": "/s", "headers": []}
    if top:
        await serve(app, scope, receive, send)
    else:
        await app(scope, receive, send)
    return sent


async def test_the_layers_change_a_copy_of_the_servers_scope() -> None:
    """What the layers add to the scope (a route, an endpoint, exit stacks, the session's
    owner in its state) goes when they return: the server keeps its own scope for as
    long as the stream is held, and the state it made for this request stays as it was."""
    server_state = {"from the lifespan": 1}
    scope: dict[str, Any] = {
        "type": "http",
        "method": "GET",
        "path": "/s",
        "headers": [],
        "state": server_state,
    }
    server_keys = sorted(scope)
    during: list[list[str]] = []
    seen: list[dict[str, Any]] = []

    async def app(inner: Scope, receive: Receive, send: Send) -> None:
        inner["route"] = "added by a router"
        seen.append(dict(inner["state"]))
        inner["state"]["owner"] = "a session's owner id"

        async def body(server_send: Send) -> None:
            during.append(sorted(scope))

        handoff.defer(inner, Streamer(body))

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        pass

    await serve(app, scope, receive, send)
    assert during == [server_keys]
    assert sorted(scope) == server_keys
    assert seen == [{"from the lifespan": 1}]  # the layers see what the server put there
    assert scope["state"] is server_state
    assert server_state == {"from the lifespan": 1}


async def test_layers_return_before_the_stream_runs_and_end_after_it() -> None:
    journal: list[str] = []
    app = Layer(Layer(endpoint(journal), journal, "inner"), journal, "outer")
    sent = await call(app, top=True)
    assert journal == [
        "outer in",
        "inner in",
        "inner returned",
        "outer returned",
        "stream starts",
        "inner end",
        "outer end",
    ]
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]


async def test_without_serve_above_the_response_streams_in_place() -> None:
    journal: list[str] = []
    await call(Layer(endpoint(journal), journal, "only"), top=False)
    assert journal[1].startswith("stream starts")
    assert journal[-1] == "only end (now)"


async def test_end_callbacks_run_when_the_stream_fails() -> None:
    journal: list[str] = []
    with pytest.raises(RuntimeError, match="the stream broke"):
        await call(Layer(endpoint(journal, fail=True), journal, "l"), top=True)
    assert journal[-1] == "l end"


async def test_a_plain_response_registers_no_end_and_runs_nothing_later() -> None:
    journal: list[str] = []

    async def plain(scope: Scope, receive: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 204, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    await call(Layer(plain, journal, "l"), top=True)
    assert journal == ["l in", "l returned", "l end (now)"]


async def test_the_layers_frames_are_gone_while_the_stream_runs() -> None:
    refs.clear()
    alive_during: list[bool] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        async def body(server_send: Send) -> None:
            gc.collect()
            alive_during.append(any(r() is not None for r in refs))

        handoff.defer(scope, Streamer(body))

    class Keeper(Layer):
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            holder = Holder(bytearray(100_000))  # lives exactly as long as this frame
            refs.append(weakref.ref(holder))
            await self.app(scope, receive, send)

    await call(Keeper(app, [], "k"), top=True)
    assert alive_during == [False]
    # and the same layer streaming in place keeps its frame for the whole stream
    refs.clear()
    alive_during.clear()

    async def in_place(scope: Scope, receive: Receive, send: Send) -> None:
        gc.collect()
        alive_during.append(any(r() is not None for r in refs))

    await call(Keeper(in_place, [], "k"), top=True)
    assert alive_during == [True]


async def test_the_stream_gets_the_servers_own_receive_and_send() -> None:
    """The response start goes through the layers' send wrappers; the body need not, so
    a stream can let the chain of wrappers go (planloop.api.sse.EventStream does)."""
    given: list[Send] = []

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        async def body(server_send: Send) -> None:
            given.append(server_send)

        handoff.defer(scope, Streamer(body))

    class Wrapping(Layer):
        async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
            async def wrapper(message: Message) -> None:
                await send(message)

            await self.app(scope, receive, wrapper)

    async def receive() -> Message:
        return {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        pass

    scope: dict[str, Any] = {"type": "http", "method": "GET", "path": "/s", "headers": []}
    await serve(Wrapping(app, [], "w"), scope, receive, send)
    assert given == [send]
