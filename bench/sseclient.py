"""A lean SSE client on raw asyncio: one ``asyncio.Protocol`` per stream, no task, no httpx.

Ten thousand httpx streams would cost the client more memory and CPU than the server it
measures. Here a stream is one small object: it writes a GET, parses the status line,
de-chunks the body, splits SSE frames (``\\n``, ``\\r\\n`` or ``\\r`` line ends, as the
EventSource spec allows) and calls ``on_event(stream, data, t_arrival, t_parsed)`` for each
frame that carries data: ``data`` is the parsed JSON, ``t_arrival`` the ``time.time()`` at
which the socket read that completed the frame returned, ``t_parsed`` the ``time.time()``
just after the JSON was parsed.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Callable
from typing import Any, cast

OnEvent = Callable[["SSEStream", dict[str, Any], float, float], None]


class StreamError(Exception):
    pass


def stream_request(
    host: str, port: int, path: str, cookie: str | None = None, last_event_id: int | None = None
) -> bytes:
    lines = [
        f"GET {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Accept: text/event-stream",
        "Cache-Control: no-cache",
    ]
    if cookie:
        lines.append(f"Cookie: {cookie}")
    if last_event_id is not None:
        lines.append(f"Last-Event-ID: {last_event_id}")
    return ("\r\n".join(lines) + "\r\n\r\n").encode()


class SSEStream(asyncio.Protocol):
    """One open event stream. ``opened`` resolves on the first body bytes (the preamble)."""

    def __init__(self, key: Any, request: bytes, on_event: OnEvent) -> None:
        loop = asyncio.get_running_loop()
        self.key = key
        self.request = request
        self.on_event = on_event
        self.transport: asyncio.Transport | None = None
        self.opened: asyncio.Future[None] = loop.create_future()
        self.closed: asyncio.Future[None] = loop.create_future()
        self.status = 0
        self.last_id: int | None = None
        self.events = 0
        self.comments = 0
        self._head: bytearray | None = bytearray()
        self._chunked = False
        self._raw = bytearray()
        self._remaining = 0  # bytes left of the current chunk, its trailing CRLF included
        self._buf = b""
        self._cr = False
        self._error_body = b""
        self._ended = False

    # -- asyncio.Protocol ---------------------------------------------------------------

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        # uvloop's transports are not asyncio.Transport subclasses, only look like one.
        self.transport = cast(asyncio.Transport, transport)
        self.transport.write(self.request)

    def data_received(self, data: bytes) -> None:
        t_arrival = time.time()
        if self._head is not None:
            self._head += data
            end = self._head.find(b"\r\n\r\n")
            if end < 0:
                return
            head = bytes(self._head[:end]).decode("latin-1")
            data = bytes(self._head[end + 4 :])
            self._head = None
            status_line, *header_lines = head.split("\r\n")
            self.status = int(status_line.split(" ", 2)[1])
            for line in header_lines:
                name, _, value = line.partition(":")
                if name.strip().lower() == "transfer-encoding" and "chunked" in value.lower():
                    self._chunked = True
            if self.status != 200:
                self._error_body = data
                self._fail(StreamError(f"HTTP {self.status}: {data[:300]!r}"))
                return
        if self.status != 200:
            return
        body = self._dechunk(data) if self._chunked else data
        if body:
            if not self.opened.done():
                self.opened.set_result(None)
            self._feed(body, t_arrival)
        if self._ended and self._cr:  # a lone CR at the very end is a line end
            self._cr = False
            self._feed(b"\n", t_arrival)

    def connection_lost(self, exc: Exception | None) -> None:
        if not self.opened.done():
            self.opened.set_exception(StreamError(f"closed before opening: {exc!r}"))
        if not self.closed.done():
            self.closed.set_result(None)

    # -- parsing ------------------------------------------------------------------------

    def _dechunk(self, data: bytes) -> bytes:
        raw = self._raw
        raw += data
        out = bytearray()
        pos = 0
        size_end = len(raw)
        while pos < size_end:
            if self._remaining == 0:
                nl = raw.find(b"\r\n", pos)
                if nl < 0:
                    break
                size = int(bytes(raw[pos:nl]).split(b";", 1)[0], 16)
                pos = nl + 2
                if size == 0:  # last chunk: the server ended the stream
                    pos = size_end
                    self._ended = True
                    break
                self._remaining = size + 2
            take = min(self._remaining, size_end - pos)
            payload = min(take, self._remaining - 2)
            if payload > 0:
                out += raw[pos : pos + payload]
            pos += take
            self._remaining -= take
        del raw[:pos]
        return bytes(out)

    def _feed(self, body: bytes, t_arrival: float) -> None:
        if self._cr:
            body = b"\r" + body
            self._cr = False
        if body.endswith(b"\r"):
            body = body[:-1]
            self._cr = True
        if b"\r" in body:
            body = body.replace(b"\r\n", b"\n").replace(b"\r", b"\n")
        frames = (self._buf + body).split(b"\n\n")
        self._buf = frames.pop()
        for frame in frames:
            self._frame(frame, t_arrival)

    def _frame(self, frame: bytes, t_arrival: float) -> None:
        data_lines: list[bytes] = []
        for line in frame.split(b"\n"):
            if not line:
                continue
            if line[0] == 0x3A:  # ":" comment (preamble, heartbeat)
                self.comments += 1
                continue
            name, _, value = line.partition(b":")
            if value[:1] == b" ":
                value = value[1:]
            if name == b"data":
                data_lines.append(value)
            elif name == b"id" and value.isdigit():
                self.last_id = int(value)
        if not data_lines:
            return
        data = json.loads(b"\n".join(data_lines))
        t_parsed = time.time()
        self.events += 1
        self.on_event(self, data, t_arrival, t_parsed)

    # -- control ------------------------------------------------------------------------

    def _fail(self, exc: Exception) -> None:
        if not self.opened.done():
            self.opened.set_exception(exc)
        if self.transport is not None:
            self.transport.close()

    def close(self) -> None:
        if self.transport is not None:
            self.transport.close()


async def open_stream(
    host: str,
    port: int,
    path: str,
    on_event: OnEvent,
    *,
    key: Any = None,
    cookie: str | None = None,
    last_event_id: int | None = None,
    timeout: float = 30.0,
    stream_cls: type[SSEStream] = SSEStream,
) -> SSEStream:
    """Connect, send the GET and wait for the stream's first bytes."""
    loop = asyncio.get_running_loop()
    stream = stream_cls(key, stream_request(host, port, path, cookie, last_event_id), on_event)
    async with asyncio.timeout(timeout):
        await loop.create_connection(lambda: stream, host, port)
        try:
            await stream.opened
        except BaseException:
            stream.close()
            raise
    return stream
