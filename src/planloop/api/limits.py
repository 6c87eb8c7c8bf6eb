"""Per-session request rate (a token bucket) and open streams, as pure ASGI middleware.

Counted per process: with several replicas each enforces its own share. A refused request
gets 429 with ``Retry-After`` and is never passed on, so a burst from one session costs
another session nothing but the few microseconds of refusing it.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from planloop.api.guards import reject
from planloop.api.handoff import on_stream_end

STREAM_SUFFIXES = ("/events", "/execute-plan", "/agui", "/chat/stream")
MAX_TRACKED = 100_000  # sessions whose buckets are remembered (least recently used dropped)


@dataclass
class Bucket:
    tokens: float
    updated: float
    streams: int = 0


def is_stream(path: str) -> bool:
    return path.startswith("/api/") and path.endswith(STREAM_SUFFIXES)


class SessionLimits:
    def __init__(self, app: ASGIApp, *, rate_per_s: float, burst: int, max_streams: int) -> None:
        self.app = app
        self.rate = rate_per_s
        self.burst = burst
        self.max_streams = max_streams
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    def _bucket(self, owner: str, now: float) -> Bucket:
        bucket = self._buckets.get(owner)
        if bucket is None:
            bucket = Bucket(tokens=float(self.burst), updated=now)
            self._buckets[owner] = bucket
            if len(self._buckets) > MAX_TRACKED:
                for key, old in list(self._buckets.items())[: len(self._buckets) // 10]:
                    if old.streams == 0:
                        del self._buckets[key]
        else:
            self._buckets.move_to_end(owner)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        return bucket

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or not (path.startswith("/api/") or path == "/metrics"):
            await self.app(scope, receive, send)
            return
        owner: str = scope["state"]["owner"]
        bucket = self._bucket(owner, time.monotonic())
        if bucket.tokens < 1:
            wait = math.ceil((1 - bucket.tokens) / self.rate)
            await reject(
                send,
                429,
                "rate_limited",
                f"too many requests from this session; retry in {wait} s",
                headers={"retry-after": str(wait)},
            )
            return
        bucket.tokens -= 1
        if not is_stream(path):
            await self.app(scope, receive, send)
            return
        if bucket.streams >= self.max_streams:
            await reject(
                send,
                429,
                "too_many_streams",
                f"this session already has {self.max_streams} open streams; close one first",
                headers={"retry-after": "5"},
            )
            return
        bucket.streams += 1

        def release() -> None:
            bucket.streams -= 1

        try:
            await self.app(scope, receive, send)
        except BaseException:
            release()
            raise
        if not on_stream_end(scope, release):  # counted until the stream itself ends
            release()
