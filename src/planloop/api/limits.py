"""Per-session request rate (a token bucket) and open streams, as pure ASGI middleware;
per client address, new sessions and unfinished runs.

Counted per process: with several replicas each enforces its own share. A refused request
gets 429 with ``Retry-After`` and is never passed on, so a burst from one session costs
another session nothing but the few microseconds of refusing it.
"""

from __future__ import annotations

import asyncio
import math
import time
from collections import Counter, OrderedDict
from dataclasses import dataclass

from starlette.types import ASGIApp, Receive, Scope, Send

from planloop.api.guards import _cookie, reject
from planloop.api.handoff import on_stream_end
from planloop.domain import Run
from planloop.engine import Engine, RunRequest
from planloop.errors import LimitExceeded

STREAM_SUFFIXES = ("/events", "/execute-plan", "/agui", "/chat/stream")
MAX_TRACKED = 100_000  # sessions whose buckets are remembered (least recently used dropped)
RECHECK_SLACK = 32  # runs an address may create between two looks at its runs, at least


@dataclass
class Bucket:
    tokens: float
    updated: float
    streams: int = 0

    def stream_ended(self) -> None:  # one of the session's streams (planloop.api.handoff)
        self.streams -= 1


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
        try:
            await self.app(scope, receive, send)
        except BaseException:
            bucket.stream_ended()
            raise
        if not on_stream_end(scope, bucket):  # counted until the stream ends
            bucket.stream_ended()


def client_address(scope: Scope) -> str:
    """The client's address: the socket's peer, or — with PLANLOOP_BEHIND_PROXY — the one
    the trusted proxy forwarded (uvicorn's proxy_headers rewrites ``client`` then)."""
    client = scope.get("client")
    return str(client[0]) if client else "-"


class AddressLimits:
    """New sessions per client address, a token bucket: a request without a cookie is a new
    session, so without this a client resets every per-session limit by dropping its
    cookie. Programs with an API token and requests carrying a session cookie pass."""

    def __init__(self, app: ASGIApp, *, per_min: float, burst: int) -> None:
        self.app = app
        self.rate = per_min / 60
        self.burst = burst
        self._buckets: OrderedDict[str, Bucket] = OrderedDict()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        address = client_address(scope)
        scope.setdefault("state", {})["address"] = address
        if not self._mints_session(scope):
            await self.app(scope, receive, send)
            return
        now = time.monotonic()
        bucket = self._buckets.get(address)
        if bucket is None:
            bucket = self._buckets[address] = Bucket(tokens=float(self.burst), updated=now)
            if len(self._buckets) > MAX_TRACKED:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(address)
            bucket.tokens = min(self.burst, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        if bucket.tokens < 1:
            wait = math.ceil((1 - bucket.tokens) / self.rate)
            await reject(
                send,
                429,
                "too_many_sessions",
                f"too many new sessions from this address; keep the session cookie, or"
                f" retry in {wait} s",
                headers={"retry-after": str(wait)},
            )
            return
        bucket.tokens -= 1
        await self.app(scope, receive, send)

    @staticmethod
    def _mints_session(scope: Scope) -> bool:
        token = None
        for name, value in scope["headers"]:
            if name == b"authorization":
                return False
            if name == b"cookie":
                token = _cookie(value.decode("latin-1"))
        return token is None


class RunQuota:
    """Unfinished runs per client address (per process, like every limit here), on top of
    the engine's per-session cap: a client that drops its cookie gets a new session, not
    a new share of the server. Runs created here are remembered with their address and
    counted while their status is not terminal."""

    def __init__(self, cap: int) -> None:
        self.cap = cap
        # The id of each run created here, per address: a dict, so an idempotent repeat is
        # found without a scan (10,000 runs from one address made that scan 6% of the
        # server's time). Its id alone: a run's owner never changes, and a parked run
        # holds this entry for its life (its owner and a tuple were 0.15 KB more a run).
        self._runs: dict[str, dict[str, None]] = {}
        self._pending: Counter[str] = Counter()
        self._locks: dict[str, asyncio.Lock] = {}
        # How many of an address's runs were unfinished when they were last looked up.
        self._checked: dict[str, int] = {}

    def _due(self, address: str) -> bool:
        """Whether the address's runs must be looked up before another is created: when
        the runs remembered (a superset of the unfinished ones) could reach the cap, or
        have doubled since the last look. Looking up every run at every creation made
        creating N runs from one address cost N²/2 reads (10,000 parked: minutes)."""
        remembered = len(self._runs.get(address, ()))
        if remembered + self._pending[address] >= self.cap:
            return True
        return remembered >= 2 * self._checked.get(address, 0) + RECHECK_SLACK

    async def _unfinished(self, engine: Engine, address: str) -> dict[str, None]:
        looked_up = list(self._runs.get(address, ()))
        still = await engine.unfinished(looked_up)
        live = dict.fromkeys(run_id for run_id in looked_up if run_id in still)
        # Runs created (outside the lock) while these were read: new, so unfinished.
        for run_id in self._runs.get(address, {}).keys() - set(looked_up):
            live[run_id] = None
        return live

    async def create(
        self, engine: Engine, address: str, owner: str, req: RunRequest, *, key: str | None = None
    ) -> Run:
        lock = self._locks.setdefault(address, asyncio.Lock())
        async with lock:  # count and reserve as one step: a burst cannot slip past
            if self._due(address):
                live = await self._unfinished(engine, address)
                if live:
                    self._runs[address] = live
                    self._checked[address] = len(live)
                else:
                    self._runs.pop(address, None)
                    self._checked.pop(address, None)
            if len(self._runs.get(address, ())) + self._pending[address] >= self.cap:
                raise LimitExceeded(
                    f"this address already has {self.cap} unfinished runs;"
                    " finish or cancel one first"
                )
            self._pending[address] += 1
        try:
            run = await engine.create_run(owner, req, key=key)
            # an idempotent repeat answers the same run: it is remembered once
            self._runs.setdefault(address, {})[run.id] = None
            return run
        finally:
            self._pending[address] -= 1
            if not self._pending[address]:
                del self._pending[address]
                if address not in self._runs and not lock.locked():
                    self._locks.pop(address, None)
