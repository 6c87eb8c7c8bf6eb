"""Slow clients: a deadline for a request's headers and for its body, and a connection cap.

Uvicorn bounds the idle time between keep-alive requests, but not the time a client takes
to send a request: a slowloris that sends its headers a byte at a time holds its socket
(and a file descriptor) for as long as it likes, and no ASGI code runs until the headers
are complete. So the headers' deadline lives in the HTTP protocol (``BoundedHttp``,
handed to uvicorn as its ``http`` class); the body's deadline, once the app runs, in pure
ASGI (``BodyDeadline``). The connection cap closes a connection as soon as it is accepted
when the server already holds its share of the process's file descriptors.
"""

from __future__ import annotations

import asyncio
import functools
import logging
import resource
import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send
from uvicorn.protocols.http.httptools_impl import HttpToolsProtocol

from planloop.api.guards import reject
from planloop.settings import Settings

log = logging.getLogger("planloop")
# Descriptors kept for the server's own use beyond client sockets: the database and its
# WAL, memory files, the file watcher, the model's connections, logs.
FD_RESERVE_MIN = 64


def connection_cap(wanted: int) -> int:
    """``wanted``, bounded to leave an eighth of the fd limit (at least 64) free."""
    soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft == resource.RLIM_INFINITY:
        return wanted
    reserve = max(FD_RESERVE_MIN, soft // 8)
    return max(16, min(wanted, soft - reserve))


def fd_limit_for(wanted: int) -> int:
    """The soft fd limit at which :func:`connection_cap` gives ``wanted`` in full."""
    return max(wanted + FD_RESERVE_MIN, -(-wanted * 8 // 7))


def raise_fd_limit(wanted: int) -> tuple[int, int]:
    """Raise the soft RLIMIT_NOFILE toward what ``wanted`` connections need, as far as the
    hard limit allows (any process may; it is never lowered). Every open stream is a
    socket, and a shell's default soft limit (often 1,024) would cap a server whose hard
    limit allows far more. Returns the limits after."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    need = fd_limit_for(wanted)
    if soft != resource.RLIM_INFINITY and soft < need:
        target = need if hard == resource.RLIM_INFINITY else min(need, hard)
        if target > soft:
            try:
                resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            except (ValueError, OSError) as exc:  # a platform ceiling below the hard limit
                log.warning("could not raise the open-file limit to %d: %s", target, exc)
    return resource.getrlimit(resource.RLIMIT_NOFILE)


@functools.cache
def _limits() -> tuple[float, int]:
    """Read once per process (worker processes build their own)."""
    settings = Settings()
    return settings.header_timeout_s, connection_cap(settings.max_connections)


class BoundedHttp(HttpToolsProtocol):
    """Uvicorn's httptools protocol with a header deadline and a connection cap."""

    _header_timer: asyncio.TimerHandle | None = None
    refused = 0  # connections closed at accept because the cap was reached (per process)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        timeout, cap = _limits()
        if len(self.connections) > cap:
            BoundedHttp.refused += 1
            if BoundedHttp.refused in (1, 10, 100) or BoundedHttp.refused % 1000 == 0:
                log.warning("connection cap of %d reached: refused %d", cap, BoundedHttp.refused)
            transport.abort()  # frees the descriptor now; connection_lost follows
            return
        self._arm(timeout)

    def _arm(self, timeout: float) -> None:
        self._disarm()
        self._header_timer = self.loop.call_later(timeout, self._headers_too_slow)

    def _disarm(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
            self._header_timer = None

    def _headers_too_slow(self) -> None:
        self._header_timer = None
        if not self.transport.is_closing():
            self.transport.abort()

    def on_message_begin(self) -> None:
        super().on_message_begin()
        # A keep-alive connection's next request gets its own deadline from its first byte.
        if self._header_timer is None:
            self._arm(_limits()[0])

    def on_headers_complete(self) -> None:
        self._disarm()
        super().on_headers_complete()

    def connection_lost(self, exc: Exception | None) -> None:
        self._disarm()
        super().connection_lost(exc)


class BodyDeadline:
    """A request body must arrive within ``timeout_s`` of the app asking for it: else 408.

    Only requests that declare a body are watched, and only while it is read: an open
    stream's wait for the client's disconnect is not a body read.
    """

    def __init__(self, app: ASGIApp, *, timeout_s: float) -> None:
        self.app = app
        self.timeout_s = timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not _has_body(scope):
            await self.app(scope, receive, send)
            return
        deadline: float | None = None
        done = False
        started = False

        async def send_watch(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        async def timed_receive() -> Message:
            nonlocal deadline, done
            if done:
                return await receive()
            if deadline is None:
                deadline = time.monotonic() + self.timeout_s
            try:
                async with asyncio.timeout_at(_loop_time(deadline)):
                    message = await receive()
            except TimeoutError:
                raise BodyTooSlow from None
            if message["type"] != "http.request" or not message.get("more_body", False):
                done = True
            return message

        try:
            await self.app(scope, timed_receive, send_watch)
        except BodyTooSlow:
            if not started:
                await reject(
                    send,
                    408,
                    "request_timeout",
                    f"the request body did not arrive within {self.timeout_s:g} s",
                    headers={"connection": "close"},
                )


class BodyTooSlow(BaseException):
    """Not an ``Exception``: FastAPI turns any of those raised while reading a body into a
    400, and this one must reach ``BodyDeadline`` unchanged."""


def _loop_time(deadline: float) -> float:
    """A ``time.monotonic()`` deadline on the running loop's clock."""
    loop = asyncio.get_running_loop()
    return loop.time() + (deadline - time.monotonic())


def _has_body(scope: Scope) -> bool:
    for name, value in scope["headers"]:
        if name == b"transfer-encoding":
            return True
        if name == b"content-length":
            return value.strip() not in (b"", b"0")
    return False
