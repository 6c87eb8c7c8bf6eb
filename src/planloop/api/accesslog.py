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


class AccessLog:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        status = 0
        template: str | None = None

        def remember() -> None:
            # While the route is in the scope: a stream's start and its line come after the
            # layers returned and the scope was cleared (see planloop.api.handoff).
            nonlocal template
            if template is None:
                template = route_template(scope)

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                remember()
            await send(message)

        method = scope["method"]

        def line() -> None:
            ms = (time.perf_counter() - started) * 1000
            path = template or unmatched_path(scope, status)
            log.info("%s %s %s %.1fms", method, path, status or "-", ms)

        try:
            await self.app(scope, receive, record)
        except BaseException:
            remember()
            line()
            raise
        remember()
        if not on_stream_end(scope, line):  # a stream is logged when it ends
            line()


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
