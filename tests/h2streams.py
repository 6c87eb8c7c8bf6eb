"""Event streams over HTTP/2: many streams on each connection (h2, on raw asyncio).

The client of ``planloop serve --http2`` in its tests (tests/api/test_http2.py) and in the
capacity benchmark (bench/capacity.py): over HTTP/1.1 every stream is a socket, and one
process holds at most its fd limit of them; here a connection carries up to the server's
``SETTINGS_MAX_CONCURRENT_STREAMS``. A stream counts as open once its ``200`` and its
first bytes (the SSE preamble) have arrived; what it receives is kept (``body``), unless
the streams are many and only counted (``keep=False``).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import cast

import h2.config
import h2.connection
import h2.events
import h2.exceptions


@dataclass
class Stream:
    path: str
    last_event_id: int | None
    keep: bool = True
    status: int = 0
    received: int = 0  # body bytes
    body: bytearray = field(default_factory=bytearray)
    ended: bool = False  # the server finished the response (END_STREAM)
    reset: bool = False  # the stream was reset (RST_STREAM) or its connection lost
    arrived: asyncio.Event = field(default_factory=asyncio.Event)  # set at each DATA frame
    opened: asyncio.Future[None] = field(
        default_factory=lambda: asyncio.get_running_loop().create_future()
    )


class H2Connection(asyncio.Protocol):
    """One HTTP/2 connection (prior knowledge, no TLS) and the streams it carries."""

    def __init__(self, authority: str, cookie: str, keep: bool = True) -> None:
        self.authority, self.cookie, self.keep = authority, cookie, keep
        self.h2 = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        self.streams: dict[int, Stream] = {}
        self.going = False  # the server sent GOAWAY
        self.transport: asyncio.Transport | None = None
        self.ready: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self.lost: asyncio.Future[None] = asyncio.get_running_loop().create_future()

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = cast(asyncio.Transport, transport)  # uvloop's is not a subclass
        self.h2.initiate_connection()
        self._flush()

    def connection_lost(self, exc: Exception | None) -> None:
        for s in self.streams.values():
            if not s.ended:
                s.reset = True
            s.arrived.set()
            if not s.opened.done():
                s.opened.set_exception(ConnectionError(f"connection lost: {exc!r}"))
        if not self.lost.done():
            self.lost.set_result(None)
        if not self.ready.done():
            self.ready.set_exception(ConnectionError("connection lost before its settings"))

    def _flush(self) -> None:
        if self.transport is not None and (data := self.h2.data_to_send()):
            self.transport.write(data)

    @property
    def room(self) -> int:
        """Streams this connection may still open (the server's limit less those open)."""
        if self.going:
            return 0
        limit = self.h2.remote_settings.max_concurrent_streams
        return max(0, limit - self.h2.open_outbound_streams)

    def open(self, path: str, last_event_id: int | None) -> Stream:
        sid = self.h2.get_next_available_stream_id()
        headers = [
            (":method", "GET"),
            (":path", path),
            (":scheme", "http"),
            (":authority", self.authority),
            ("accept", "text/event-stream"),
            ("cookie", self.cookie),
        ]
        if last_event_id is not None:
            headers.append(("last-event-id", str(last_event_id)))
        self.h2.send_headers(sid, headers, end_stream=True)
        stream = self.streams[sid] = Stream(path, last_event_id, self.keep)
        return stream

    def flush(self) -> None:
        self._flush()

    def data_received(self, data: bytes) -> None:
        try:
            events = self.h2.receive_data(data)
        except h2.exceptions.ProtocolError as exc:
            if self.transport is not None:
                self.transport.close()
            if not self.ready.done():
                self.ready.set_exception(exc)
            return
        for ev in events:
            if isinstance(ev, h2.events.RemoteSettingsChanged) and not self.ready.done():
                self.ready.set_result(None)
            elif isinstance(ev, h2.events.ResponseReceived):
                stream = self.streams.get(ev.stream_id)
                if stream is not None:
                    stream.status = int(dict(ev.headers).get(b":status", b"0"))
                    if stream.status != 200 and not stream.opened.done():
                        stream.opened.set_exception(RuntimeError(f"status {stream.status}"))
            elif isinstance(ev, h2.events.DataReceived):
                self.h2.acknowledge_received_data(ev.flow_controlled_length, ev.stream_id)
                stream = self.streams.get(ev.stream_id)
                if stream is not None:
                    stream.received += len(ev.data)
                    if stream.keep:
                        stream.body += ev.data
                        stream.arrived.set()
                    if not stream.opened.done():
                        stream.opened.set_result(None)
            elif isinstance(ev, h2.events.ConnectionTerminated):
                # GOAWAY (the server is stopping): as a browser does, go once the streams
                # the server kept have ended; none it refused will open here
                self.going = True
            elif isinstance(ev, h2.events.StreamEnded | h2.events.StreamReset):
                stream = self.streams.get(ev.stream_id)
                if stream is not None:
                    stream.ended = isinstance(ev, h2.events.StreamEnded)
                    stream.reset = not stream.ended
                    stream.arrived.set()
                if stream is not None and not stream.opened.done():
                    stream.opened.set_exception(RuntimeError("stream ended before it opened"))
        self._flush()
        # h2 counts no stream open once GOAWAY came: whether ours are over is ours to say
        over = all(st.ended or st.reset for st in self.streams.values())
        if self.going and over and self.transport is not None:
            self.transport.close()

    def close(self) -> None:
        if self.transport is not None and not self.transport.is_closing():
            self.h2.close_connection()
            self._flush()
            self.transport.close()


class H2Streams:
    """Streams opened over as few HTTP/2 connections as the server's stream limit allows."""

    def __init__(self, host: str, port: int, cookie: str, *, keep: bool = True) -> None:
        self.host, self.port, self.cookie, self.keep = host, port, cookie, keep
        self.connections: list[H2Connection] = []
        self.streams: list[Stream] = []

    async def _connection(self) -> H2Connection:
        loop = asyncio.get_running_loop()
        authority = f"{self.host}:{self.port}"
        _, conn = await loop.create_connection(
            lambda: H2Connection(authority, self.cookie, self.keep), self.host, self.port
        )
        async with asyncio.timeout(10):
            await conn.ready
        self.connections.append(conn)
        return conn

    async def open(
        self, paths: Sequence[tuple[str, int | None]], batch: int = 200, timeout: float = 120
    ) -> list[str]:
        """Open a stream for each (path, Last-Event-ID), ``batch`` at a time; the errors of
        those that did not open."""
        errors: list[str] = []
        todo = list(paths)
        while todo:
            conn = next((c for c in self.connections if c.room > 0), None)
            if conn is None:
                conn = await self._connection()
            take = min(batch, conn.room, len(todo))
            opened = [conn.open(path, last) for path, last in todo[:take]]
            del todo[:take]
            conn.flush()
            try:
                async with asyncio.timeout(timeout):
                    results = await asyncio.gather(
                        *(s.opened for s in opened), return_exceptions=True
                    )
            except TimeoutError:
                errors.append(f"{sum(not s.opened.done() for s in opened)} streams timed out")
                continue
            errors.extend(repr(r) for r in results if isinstance(r, BaseException))
            self.streams.extend(s for s, r in zip(opened, results, strict=True) if r is None)
        return errors

    async def until(self, stream: Stream, text: str, timeout: float = 30) -> str:
        """Wait until ``stream`` has received ``text``; what it received so far."""
        async with asyncio.timeout(timeout):
            while text.encode() not in stream.body:
                stream.arrived.clear()
                await stream.arrived.wait()
        return stream.body.decode()

    def close(self) -> None:
        for conn in self.connections:
            conn.close()
        self.connections.clear()
        self.streams.clear()
