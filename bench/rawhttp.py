"""A minimal HTTP/1.1 keep-alive client pool on asyncio streams, for the control plane.

Lighter than httpx on the client side (the client shares two cores with the server) and
it stamps ``t_sent`` (``time.time()``) right before the request bytes are written, so an
approval's latency starts when the request leaves, not when a pool slot frees up.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")


async def paced(
    calls: Sequence[Callable[[], Awaitable[T]]], rate: float
) -> list[T | BaseException]:
    """Start call ``i`` at ``i / rate`` seconds (a fixed schedule: one late start does not
    shift the rest) and return every result, or its exception, in order."""
    loop = asyncio.get_running_loop()
    t0 = loop.time()
    tasks: list[asyncio.Task[T]] = []
    for i, call in enumerate(calls):
        delay = t0 + i / rate - loop.time()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.ensure_future(call()))
    return await asyncio.gather(*tasks, return_exceptions=True)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes
    t_sent: float
    t_done: float

    def json(self) -> Any:
        return json.loads(self.body)


class _Conn:
    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader = reader
        self.writer = writer

    def close(self) -> None:
        self.writer.close()


class HttpPool:
    """``size`` keep-alive connections to one server; one cookie for all of them."""

    def __init__(self, host: str, port: int, size: int = 16, cookie: str | None = None) -> None:
        self.host = host
        self.port = port
        self.size = size
        self.cookie = cookie
        self._idle: asyncio.LifoQueue[_Conn | None] = asyncio.LifoQueue()
        for _ in range(size):
            self._idle.put_nowait(None)

    async def _connect(self) -> _Conn:
        reader, writer = await asyncio.open_connection(self.host, self.port, limit=1 << 22)
        return _Conn(reader, writer)

    async def request(
        self,
        method: str,
        path: str,
        body: Any = None,
        *,
        timeout: float = 60.0,
        cookie: str | None = None,
    ) -> Response:
        """``cookie`` (``name=value``) replaces the pool's for this request."""
        conn = await self._idle.get()
        try:
            for attempt in (0, 1):
                if conn is None:
                    conn = await self._connect()
                try:
                    async with asyncio.timeout(timeout):
                        resp = await self._send(conn, method, path, body, cookie)
                except (ConnectionError, asyncio.IncompleteReadError):
                    conn.close()
                    conn = None
                    if attempt:
                        raise
                    continue
                if resp.headers.get("connection", "").lower() == "close":
                    conn.close()
                    conn = None
                return resp
            raise AssertionError("unreachable")
        except BaseException:
            if conn is not None:
                conn.close()
                conn = None
            raise
        finally:
            self._idle.put_nowait(conn)

    async def _send(
        self, conn: _Conn, method: str, path: str, body: Any, cookie: str | None = None
    ) -> Response:
        payload = b"" if body is None else json.dumps(body).encode()
        head = [
            f"{method} {path} HTTP/1.1",
            f"Host: {self.host}:{self.port}",
            "Accept: application/json",
        ]
        if cookie or self.cookie:
            head.append(f"Cookie: {cookie or self.cookie}")
        if body is not None or method in ("POST", "PUT", "PATCH"):
            head.append("Content-Type: application/json")
            head.append(f"Content-Length: {len(payload)}")
        raw = ("\r\n".join(head) + "\r\n\r\n").encode() + payload
        t_sent = time.time()
        conn.writer.write(raw)
        reader = conn.reader
        status_head = await reader.readuntil(b"\r\n\r\n")
        status_line, *lines = status_head.decode("latin-1").rstrip("\r\n").split("\r\n")
        status = int(status_line.split(" ", 2)[1])
        headers: dict[str, str] = {}
        for line in lines:
            name, _, value = line.partition(":")
            name = name.strip().lower()
            value = value.strip()
            if name == "set-cookie" and name in headers:
                headers[name] += "\n" + value
            else:
                headers[name] = value
        if "content-length" in headers:
            data = await reader.readexactly(int(headers["content-length"]))
        elif "chunked" in headers.get("transfer-encoding", "").lower():
            parts = []
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await reader.readexactly(size + 2)
                if size == 0:
                    break
                parts.append(chunk[:-2])
            data = b"".join(parts)
        else:
            data = b""
        return Response(status, headers, data, t_sent, time.time())

    async def fetch_cookie(self) -> str:
        """Ask once without a cookie; keep the session cookie the server hands out."""
        resp = await self.request("GET", "/api/health")
        for line in resp.headers.get("set-cookie", "").split("\n"):
            pair = line.split(";", 1)[0].strip()
            if pair.startswith("planloop_session="):
                self.cookie = pair
                return pair
        raise RuntimeError(f"no session cookie in {resp.headers}")

    async def close(self) -> None:
        while not self._idle.empty():
            conn = self._idle.get_nowait()
            if conn is not None:
                conn.close()
