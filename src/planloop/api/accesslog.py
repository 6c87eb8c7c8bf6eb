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

        async def record(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
            await send(message)

        method = scope["method"]

        def line() -> None:
            ms = (time.perf_counter() - started) * 1000
            log.info("%s %s %s %.1fms", method, logged_path(scope, status), status or "-", ms)

        try:
            await self.app(scope, receive, record)
        except BaseException:
            line()
            raise
        if not on_stream_end(scope, line):  # a stream is logged when it ends
            line()


def logged_path(scope: Scope, status: int) -> str:
    """The matched route's template; else the path of a served page file; else a hash."""
    route = scope.get("route")
    if isinstance(route, Route):
        return route.path
    path: str = scope["path"]
    if status and status < 400 and not path.startswith("/api/"):
        return path  # a file of the page (its names are ours, not the user's)
    return "#" + hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:12]
