"""An access log that tells what happened without telling what people wrote.

Uvicorn's own access log prints query strings, and ``/api/execute-plan`` carries the goal
in its query. This one logs method, route, status and duration only: no query string, no
cookies, no tokens, no bodies. The route is the matched template
(``/api/memory/entities/{name}``), never the path itself: a plan's entity name is made of
its goal's words. A path no route matched is logged as a hash, unless it named a page file
that was served.
"""

from __future__ import annotations

import hashlib
import logging
import time

from starlette.routing import Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from planloop.api.handoff import on_stream_end

log = logging.getLogger("planloop.access")


class Entry:
    """One request's line: kept until a stream ends, so it holds four fields, not the
    request's scope."""

    __slots__ = ("method", "path", "started", "status")

    def __init__(self, method: str) -> None:
        self.method = method
        self.started = time.perf_counter()
        self.status = 0
        self.path: str | None = None

    def settle(self, scope: Scope) -> None:
        """Name the path once the route is known: its template, or the unmatched path."""
        if self.path is None:
            self.path = route_template(scope) or unmatched_path(scope, self.status)

    def write(self) -> None:
        ms = (time.perf_counter() - self.started) * 1000
        log.info("%s %s %s %.1fms", self.method, self.path, self.status or "-", ms)

    def stream_ended(self) -> None:
        self.write()


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        entry = Entry(scope["method"])

        async def record(message: Message) -> None:
            if message["type"] == "http.response.start":
                entry.status = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, record)
        except BaseException:
            entry.settle(scope)
            entry.write()
            raise
        # A stream's start comes later (planloop.api.handoff), but its route is known now.
        entry.settle(scope)
        if not on_stream_end(scope, entry):  # a stream is logged when it ends
            entry.write()


def route_template(scope: Scope) -> str | None:
    route = scope.get("route")
    return route.path if isinstance(route, Route) else None


def unmatched_path(scope: Scope, status: int) -> str:
    """A page file that was served keeps its path (its names are ours); any other path no
    route matched is logged as a hash."""
    path: str = scope["path"]
    if status and status < 400 and not path.startswith("/api/"):
        return path
    return "#" + hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:12]
