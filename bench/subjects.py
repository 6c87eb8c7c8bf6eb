"""The two subjects of ``python -m bench all`` and the simulated browsers that drive them.

Both subjects serve the original design's endpoints, so one client drives both the same
way: a browser opens ``GET /api/execute-plan?...&session_id=...`` (an EventSource: the run
starts and streams), waits at the checkpoint, and approves with ``POST
/api/checkpoint-approval``. Every browser is its own session (planloop: its own cookie;
both: its own ``session_id``), as with real people.

* ``planloop``: ``planloop serve`` (bench.server.BenchServer, the foundation's settings).
* ``baseline``: ``python -m bench.baseline serve`` (the original design, uvicorn defaults).
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import secrets
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

from bench.rawhttp import HttpPool, paced
from bench.server import BenchServer, LoadMeter
from bench.sseclient import SSEStream, open_stream
from bench.stats import summary

GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months (client {i})"


def ts_epoch(ts: Any) -> float:
    """An event's ``ts``: planloop's ISO-8601 string, the baseline's ``time.time()``."""
    return float(ts) if isinstance(ts, int | float) else datetime.fromisoformat(ts).timestamp()


class Flow:
    """One browser's run on one subject: its stream and what it has seen."""

    def __init__(self, subject: Subject, key: int) -> None:
        loop = asyncio.get_running_loop()
        self.subject = subject
        self.key = key
        self.session_id = f"c{key}"
        self.cookie = f"planloop_session={secrets.token_urlsafe(24)}" if subject.cookies else None
        self.stream: SSEStream | None = None
        self.run_id: str | None = None
        self.seen: set[int] = set()
        self.dups = 0
        self.last_id: int | None = None
        self.last_kind = ""
        self.events = 0
        self.measured = False
        self.log: list[tuple[str, float, float]] | None = None  # (type, ts, t_parsed)
        self.t_first: float | None = None
        self.t_approved: float | None = None
        self.t_resumed: float | None = None
        self.t_parked: float | None = None
        self.checkpoint = 0  # the checkpoint it is parked at (0: not yet)
        self.approvals = 0
        self.first: asyncio.Future[None] = loop.create_future()
        self.parked: asyncio.Future[None] = loop.create_future()
        self.done: asyncio.Future[None] = loop.create_future()

    def close(self) -> None:
        if self.stream is not None:
            self.stream.close()

    def rearm(self) -> None:
        """Before an approval: wait for the next checkpoint (or the end)."""
        self.parked = asyncio.get_running_loop().create_future()
        self.t_approved = self.t_resumed = self.t_parked = None


@dataclass
class Collector:
    active: bool = False
    delivery: list[float] = field(default_factory=list)
    by_type: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))

    def reset(self) -> None:
        self.delivery = []
        self.by_type = defaultdict(list)


class Subject:
    """A server under test plus the client state that drives it."""

    def __init__(self, name: str, server: BenchServer, *, cookies: bool, pool: int = 24) -> None:
        self.name = name
        self.server = server
        self.cookies = cookies
        self.pool = HttpPool(server.host, server.port, size=pool)
        self.collector = Collector()
        self.parked_total = 0
        self.t_progress = time.monotonic()
        self._keys = 0

    @property
    def pid(self) -> int:
        return self.server.pid

    def flow(self) -> Flow:
        self._keys += 1
        return Flow(self, self._keys)

    # -- the stream ----------------------------------------------------------------------

    def path(self, flow: Flow, iterations: int, interval: int) -> str:
        return (
            f"/api/execute-plan?goal={quote(GOAL.format(i=flow.key))}&proposal="
            f"&max_iterations={iterations}&checkpoint_interval={interval}"
            f"&session_id={flow.session_id}"
        )

    async def open(
        self,
        flow: Flow,
        iterations: int = 4,
        interval: int = 2,
        *,
        timeout: float = 30.0,
        last_event_id: int | None = None,
        stream_cls: type[SSEStream] = SSEStream,
    ) -> Flow:
        flow.stream = await open_stream(
            self.server.host,
            self.server.port,
            self.path(flow, iterations, interval),
            self.on_event,
            key=flow,
            cookie=flow.cookie,
            last_event_id=last_event_id,
            timeout=timeout,
            stream_cls=stream_cls,
        )
        return flow

    def on_event(self, stream: SSEStream, data: dict[str, Any], ta: float, tp: float) -> None:
        flow: Flow = stream.key
        kind = data["type"]
        flow.events += 1
        flow.last_kind = kind
        if flow.t_first is None:
            flow.t_first = tp
            flow.first.set_result(None)
        seq = data.get("seq")
        if seq is not None:
            if seq in flow.seen:
                flow.dups += 1
            else:
                flow.seen.add(seq)
            flow.run_id = data.get("run_id", flow.run_id)
        if stream.last_id is not None:
            flow.last_id = stream.last_id
        if flow.log is not None:
            flow.log.append((kind, ts_epoch(data["ts"]), tp))
        col = self.collector
        if col.active and flow.measured:
            lat = tp - ts_epoch(data["ts"])
            col.delivery.append(lat)
            col.by_type[kind].append(lat)
        if kind == "checkpoint_reached":
            flow.checkpoint = int(data["checkpoint_number"])
            flow.t_parked = tp
            if not flow.parked.done():
                flow.parked.set_result(None)
                self.parked_total += 1
                self.t_progress = time.monotonic()
        elif kind == "checkpoint_approved":
            flow.t_approved = tp
        elif kind == "iteration_started":
            if flow.t_approved is not None and flow.t_resumed is None:
                flow.t_resumed = tp
        elif kind == "complete" and not flow.done.done():
            flow.done.set_result(None)
            if not flow.parked.done():
                flow.parked.set_result(None)

    # -- the control plane ---------------------------------------------------------------

    async def approve(self, flow: Flow, approved: bool = True) -> float:
        """POST /api/checkpoint-approval for the checkpoint the flow waits at; returns when
        the request left the client."""
        flow.approvals += 1
        resp = await self.pool.request(
            "POST",
            "/api/checkpoint-approval",
            {"session_id": flow.session_id, "checkpoint": flow.checkpoint, "approved": approved},
            cookie=flow.cookie,
        )
        if resp.status != 200:
            raise RuntimeError(f"{self.name} approval: {resp.status} {resp.body[:200]!r}")
        return resp.t_sent

    async def streams_on_server(self) -> int | None:
        """planloop's count of live subscriptions (None for the baseline)."""
        if not self.cookies:
            return None
        resp = await self.pool.request("GET", "/api/health", cookie=f"planloop_session={'x' * 32}")
        return int(resp.json()["streams"])

    async def close(self) -> None:
        await self.pool.close()


# -- populations ---------------------------------------------------------------------------


@dataclass
class Parking:
    """The outcome of opening ``asked`` runs and waiting for them to park."""

    asked: int
    flows: list[Flow]  # parked, streams open
    stalled: list[Flow]  # open (or opening) but never parked
    errors: list[str]
    seconds: float
    cpu_s: float
    foreign_cores: float

    @property
    def ok(self) -> bool:
        return not self.stalled and not self.errors


# Runs in the parked population have many iterations (a checkpoint every 2), so an
# approval moves a run to its next checkpoint instead of finishing it: the population stays
# the same size, and no finished plan lands in planloop's memory folder (where it would
# ground later runs of the same goal and make planloop's work per run grow as the
# benchmark goes on; the baseline, like the original, never reads memory back).
PARKED_ITERATIONS = 40
INTERVAL = 2


async def park(
    subject: Subject,
    n: int,
    *,
    concurrency: int = 200,
    stall_s: float = 15.0,
    cap_s: float = 900.0,
    iterations: int = PARKED_ITERATIONS,
    interval: int = INTERVAL,
) -> Parking:
    """Open ``n`` browsers' runs and wait until each has parked at checkpoint 1 with its
    stream open; give up when none has parked for ``stall_s``."""
    flows = [subject.flow() for _ in range(n)]
    errors: list[str] = []
    sem = asyncio.Semaphore(concurrency)
    meter = LoadMeter(subject.pid)
    cpu0 = subject.server.cpu_seconds()
    t0 = time.monotonic()

    async def one(flow: Flow) -> None:
        async with sem:
            try:
                await subject.open(flow, iterations, interval, timeout=stall_s)
            except Exception as exc:
                errors.append(f"{type(exc).__name__}: {exc}"[:200])
                if not flow.parked.done():
                    flow.parked.cancel()

    opener = asyncio.gather(*(one(f) for f in flows))
    subject.t_progress = time.monotonic()
    while True:
        await asyncio.sleep(0.2)
        for f in flows:  # the server ended a stream before its run parked
            if not f.parked.done() and f.stream is not None and f.stream.closed.done():
                errors.append(f"stream closed before parking (after {f.events} events)")
                f.parked.cancel()
        if opener.done() and all(f.parked.done() for f in flows):
            break
        idle = time.monotonic() - subject.t_progress
        if idle > stall_s or time.monotonic() - t0 > cap_s:
            break
    seconds = time.monotonic() - t0
    if not opener.done():
        opener.cancel()
    with contextlib.suppress(BaseException):
        await opener
    parked = [f for f in flows if f.parked.done() and not f.parked.cancelled()]
    stalled = [f for f in flows if not f.parked.done()]
    return Parking(
        asked=n,
        flows=parked,
        stalled=stalled,
        errors=errors,
        seconds=seconds,
        cpu_s=subject.server.cpu_seconds() - cpu0,
        foreign_cores=meter.foreign_cores(),
    )


async def new_client(subject: Subject, timeout: float = 10.0) -> float | None:
    """A new browser while others are parked: seconds from connecting to its first event
    (None if it never came). Its run is then rejected at its checkpoint, to leave no trace
    (no thread kept in the baseline, no plan in planloop's memory)."""
    flow = subject.flow()
    t0 = time.time()
    try:
        await subject.open(flow, 4, INTERVAL, timeout=timeout)
        await asyncio.wait_for(asyncio.shield(flow.first), timeout)
    except Exception:
        flow.close()
        return None
    assert flow.t_first is not None
    ttfe = flow.t_first - t0
    with contextlib.suppress(Exception):
        await asyncio.wait_for(asyncio.shield(flow.parked), timeout)
        await subject.approve(flow, approved=False)
        await asyncio.wait_for(asyncio.shield(flow.done), timeout)
    flow.close()
    return ttfe


def least_approved(flows: Sequence[Flow], k: int) -> list[Flow]:
    """``k`` parked flows, those approved least often first (each has a few checkpoints)."""
    return sorted(flows, key=lambda f: (f.approvals, f.key))[:k]


async def approval_round(
    subject: Subject, batch: Sequence[Flow], rate: float, timeout: float = 30.0
) -> dict[str, Any]:
    """Approve each run of ``batch`` at the checkpoint it waits at, at a steady rate; time
    every event on their streams until each parks again, and each approval to the run's
    ``checkpoint_approved`` and next ``iteration_started``."""
    col = subject.collector
    for f in batch:
        f.measured = True
        f.rearm()
    col.reset()
    col.active = True
    meter = LoadMeter(subject.pid)
    cpu0 = subject.server.cpu_seconds()
    sent = await paced([functools.partial(subject.approve, f) for f in batch], rate)
    _, pending = await asyncio.wait([asyncio.shield(f.parked) for f in batch], timeout=timeout)
    col.active = False
    for f in batch:
        f.measured = False
    errors = [repr(s) for s in sent if isinstance(s, BaseException)]
    ok = [(f, s) for f, s in zip(batch, sent, strict=True) if isinstance(s, float)]
    return {
        "approvals": len(batch),
        "errors": errors,
        "missing": len(pending),
        "events": len(col.delivery),
        "delivery": summary(col.delivery),
        "by_type": {k: summary(v) for k, v in sorted(col.by_type.items())},
        "to_approved": summary([f.t_approved - s for f, s in ok if f.t_approved]),
        "to_resumed": summary([f.t_resumed - s for f, s in ok if f.t_resumed]),
        "server_cpu_ms_per_approval": (subject.server.cpu_seconds() - cpu0)
        * 1000
        / max(len(batch), 1),
        "foreign_cores": meter.foreign_cores(),
    }


def start_subjects(workdir: Path, **planloop_env: str) -> tuple[Subject, Subject]:
    """planloop and the baseline, each on its own loopback port (files under ``workdir``)."""
    a = workdir / "planloop"
    b = workdir / "baseline"
    a.mkdir(parents=True, exist_ok=True)
    b.mkdir(parents=True, exist_ok=True)
    planloop = BenchServer(a, **planloop_env).start()
    try:
        baseline = BenchServer(b, module="bench.baseline").start()
    except BaseException:
        planloop.stop()
        raise
    return Subject("planloop", planloop, cookies=True), Subject("baseline", baseline, cookies=False)


def stop_server(subject: Subject) -> None:
    """planloop gets SIGTERM (a clean shutdown); the baseline, which keeps nothing and whose
    threads may be blocked in ``wait()`` for an hour, is killed."""
    proc = subject.server.proc
    if subject.cookies or proc is None or proc.poll() is not None:
        subject.server.stop()
    else:
        proc.kill()
        proc.wait(10)


async def stop_subjects(*subjects: Subject) -> None:
    for s in subjects:
        await s.close()
        stop_server(s)
