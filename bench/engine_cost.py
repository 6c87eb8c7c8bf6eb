"""Per-iteration overhead, event throughput and bytes on the wire, for both subjects.

Each round starts a fresh pair of servers (an empty store and memory folder) and runs, in
this order: one run alone (per-iteration time), many runs at once (throughput), one
4-iteration run with an approval, counted byte by byte. Only that last run finishes (the
others stop at a checkpoint after their iterations), so no finished plan lands in
planloop's memory and grounds the runs measured after it.

The offline planner's own time per iteration is measured in this process, on the same
goal and the same sequence of iterations (bench/baseline/work.py drives it synchronously):
overhead = the server's time per iteration minus the planner's.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bench.baseline.work import Planning
from bench.server import LoadMeter
from bench.sseclient import SSEStream, open_stream, stream_request
from bench.subjects import GOAL, Flow, Subject, start_subjects, stop_subjects

Log = Callable[[str], None]


@dataclass(frozen=True)
class EnginePlan:
    rounds: int
    iterations: int  # per run, in the single-run and throughput parts
    concurrent: int  # runs at once in the throughput part (below the baseline's 40)
    planner_reps: int = 7


# -- the planner's own time -------------------------------------------------------------------


def planner_ms(goal: str, iterations: int, reps: int) -> list[float]:
    """Median time (ms) of each iteration of the offline planner, driven in this process."""
    per: list[list[float]] = [[] for _ in range(iterations)]
    for _ in range(reps):
        planning = Planning(goal, "", iterations + 1, iterations)
        for i in range(1, iterations + 1):
            t = time.perf_counter()
            for _item in planning.iterate(i):
                pass
            per[i - 1].append((time.perf_counter() - t) * 1000)
    return [statistics.median(x) for x in per]


# -- one run alone ------------------------------------------------------------------------


async def single_run(subject: Subject, iterations: int, reps: int) -> dict[str, Any]:
    """One run of ``iterations`` iterations, nothing else on the server: the wall time of
    each iteration (``iteration_started`` to the next one's, from the events' own ``ts``)
    minus the planner's time for that iteration."""
    flow = subject.flow()
    flow.log = []
    await subject.open(flow, iterations + 1, iterations)
    await asyncio.wait_for(asyncio.shield(flow.parked), 60)
    flow.close()
    starts = [ts for kind, ts, _ in flow.log if kind == "iteration_started"]
    walls = [(b - a) * 1000 for a, b in itertools.pairwise(starts)]
    planner = planner_ms(GOAL.format(i=flow.key), iterations, reps)[: len(walls)]
    over = [w - p for w, p in zip(walls, planner, strict=True)]
    return {
        "wall_ms": statistics.median(walls),
        "planner_ms": statistics.median(planner),
        "overhead_ms": statistics.median(over),
        "overhead_max_ms": max(over),
        "events_per_iteration": (len(flow.log) - 2) / iterations,
    }


# -- many runs at once -------------------------------------------------------------------------


async def throughput(subject: Subject, runs: int, iterations: int) -> dict[str, Any]:
    """``runs`` runs started at once, each streamed; from the first request to the last
    run's checkpoint. For planloop every event counted was first written to its log."""
    flows = [subject.flow() for _ in range(runs)]
    meter = LoadMeter(subject.pid)
    cpu0 = subject.server.cpu_seconds()
    t0 = time.time()
    await asyncio.gather(*(subject.open(f, iterations + 1, iterations) for f in flows))
    _, pending = await asyncio.wait([asyncio.shield(f.parked) for f in flows], timeout=120)
    t_end = max(f.t_parked or t0 for f in flows)
    cpu = subject.server.cpu_seconds() - cpu0
    for f in flows:
        f.close()
    wall = t_end - t0
    events = sum(f.events for f in flows)
    its = runs * iterations
    return {
        "runs": runs,
        "missing": len(pending),
        "wall_s": wall,
        "events": events,
        "events_per_s": events / wall,
        "iterations_per_s": its / wall,
        "cpu_ms_per_iteration": cpu * 1000 / its,
        "foreign_cores": meter.foreign_cores(),
    }


# -- bytes on the wire ---------------------------------------------------------------------


class CountingStream(SSEStream):
    """An SSE stream that counts what it receives: all bytes, the SSE body (after HTTP
    chunking) and the JSON payloads of ``data:`` lines."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bytes_in = 0
        self.body_bytes = 0
        self.payload_bytes = 0

    def data_received(self, data: bytes) -> None:
        self.bytes_in += len(data)
        super().data_received(data)

    def _feed(self, body: bytes, t_arrival: float) -> None:
        self.body_bytes += len(body)
        super()._feed(body, t_arrival)

    def _frame(self, frame: bytes, t_arrival: float) -> None:
        for line in frame.split(b"\n"):
            if line.startswith(b"data:"):
                self.payload_bytes += len(line) - (6 if line[5:6] == b" " else 5)
        super()._frame(frame, t_arrival)


async def body_end(stream: SSEStream, timeout: float = 10.0) -> None:
    """Until the response's last chunk (the connection itself stays open: keep-alive)."""
    deadline = time.monotonic() + timeout
    while not (stream._ended or stream.closed.done()) and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    stream.close()


async def exchange(
    host: str, port: int, method: str, path: str, body: Any, cookie: str | None
) -> tuple[int, int]:
    """One request on its own connection, counted: (bytes sent, bytes received)."""
    payload = json.dumps(body).encode()
    head = [
        f"{method} {path} HTTP/1.1",
        f"Host: {host}:{port}",
        "Accept: application/json",
        "Content-Type: application/json",
        f"Content-Length: {len(payload)}",
        "Connection: close",
    ]
    if cookie:
        head.append(f"Cookie: {cookie}")
    request = ("\r\n".join(head) + "\r\n\r\n").encode() + payload
    reader, writer = await asyncio.open_connection(host, port)
    writer.write(request)
    received = await reader.read()
    writer.close()
    return len(request), len(received)


async def wire(subject: Subject) -> dict[str, Any]:
    """One 4-iteration run (a checkpoint after iteration 2, approved), counted on the wire;
    for planloop also the same run replayed on its primary stream (named events)."""
    flow = subject.flow()
    path = subject.path(flow, 4, 2)
    await subject.open(flow, 4, 2, stream_cls=CountingStream)
    await asyncio.wait_for(asyncio.shield(flow.parked), 30)
    sent, received = await exchange(
        subject.server.host,
        subject.server.port,
        "POST",
        "/api/checkpoint-approval",
        {"session_id": flow.session_id, "checkpoint": 1, "approved": True},
        flow.cookie,
    )
    await asyncio.wait_for(asyncio.shield(flow.done), 30)
    stream = flow.stream
    assert isinstance(stream, CountingStream)
    await body_end(stream)
    request = len(stream_request(subject.server.host, subject.server.port, path, flow.cookie))
    out: dict[str, Any] = {
        "events": flow.events,
        "stream_request": request,
        "stream_bytes": stream.bytes_in,
        "sse_body": stream.body_bytes,
        "payload": stream.payload_bytes,
        "approval_sent": sent,
        "approval_received": received,
        "run_total": request + stream.bytes_in + sent + received,
    }
    if flow.run_id and flow.cookie:  # planloop: the primary stream, replayed from the start
        events = 0

        def count(s: SSEStream, d: dict[str, Any], ta: float, tp: float) -> None:
            nonlocal events
            events += 1

        primary = await open_stream(
            subject.server.host,
            subject.server.port,
            f"/api/runs/{flow.run_id}/events",
            count,
            cookie=flow.cookie,
            stream_cls=CountingStream,
        )
        assert isinstance(primary, CountingStream)
        await body_end(primary)
        out["primary"] = {
            "events": events,
            "stream_bytes": primary.bytes_in,
            "sse_body": primary.body_bytes,
            "payload": primary.payload_bytes,
        }
    return out


# -- the rounds --------------------------------------------------------------------------------


async def engine_rounds(plan: EnginePlan, workdir: Path, log: Log) -> dict[str, Any]:
    out: dict[str, Any] = {"single": {}, "throughput": {}, "wire": {}}
    for r in range(plan.rounds):
        pl, bl = start_subjects(workdir / f"engine-{r}")
        try:
            order = [pl, bl] if r % 2 == 0 else [bl, pl]
            for s in order:
                res = await single_run(s, plan.iterations, plan.planner_reps)
                out["single"].setdefault(s.name, []).append(res)
                log(
                    f"{s.name}: one run alone: {res['wall_ms']:.2f} ms per iteration, planner "
                    f"{res['planner_ms']:.2f} ms, overhead {res['overhead_ms']:.2f} ms"
                )
            for s in order:
                res = await throughput(s, plan.concurrent, plan.iterations)
                out["throughput"].setdefault(s.name, []).append(res)
                log(
                    f"{s.name}: {plan.concurrent} runs at once: {res['events_per_s']:,.0f} "
                    f"events/s, {res['iterations_per_s']:,.0f} iterations/s, "
                    f"{res['cpu_ms_per_iteration']:.2f} ms server CPU per iteration, other "
                    f"processes {res['foreign_cores']:.2f} cores"
                )
            for s in order:
                res = await wire(s)
                out["wire"].setdefault(s.name, []).append(res)
                log(
                    f"{s.name}: a 4-iteration run: {res['events']} events, "
                    f"{res['run_total']:,} bytes in all"
                )
        finally:
            await stop_subjects(pl, bl)
    out["planner_reference"] = planner_ms(GOAL.format(i=1), plan.iterations, plan.planner_reps)
    return out


__all__ = ["EnginePlan", "Flow", "engine_rounds"]
