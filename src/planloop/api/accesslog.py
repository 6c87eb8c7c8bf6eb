"""An access log that tells what happened without telling what people wrote.

Uvicorn's own access log prints query strings, and ``/api/execute-plan`` carries the goal
in its query. This one logs method, path, status and duration only: no query string, no
cookies, no tokens, no bodies.
"""

from __future__ import annotations

import logging
import time

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

        method, path = scope["method"], scope["path"]

        def line() -> None:
            ms = (time.perf_counter() - started) * 1000
            log.info("%s %s %s %.1fms", method, path, status or "-", ms)

        try:
            await self.app(scope, receive, record)
        except BaseException:
            line()
            raise
        if not on_stream_end(scope, line):  # a stream is logged when it ends
            line()
