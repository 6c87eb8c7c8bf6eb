"""planloop's own time around a language model: the model planner against a paced fake.

The scripted OpenAI-compatible server of the tests (tests/fakes/openai_server.py, used
as is) answers every chat completion with a valid iteration, streamed in ``chunks``
pieces spread evenly over ``call_s`` seconds: a model with a fixed token rate. planloop
runs with ``PLANLOOP_PLANNER=openai`` and two stages per iteration (draft, revise: two
model calls). The fake records when each call arrived and when its last byte left.
Two overheads per iteration, both (``iteration_completed.ts`` minus
``iteration_started.ts``) minus the model calls made within it:

* *strict*: the calls as the fake sees them (request arrived → last byte sent), so the
  ``openai`` SDK building each request and the loopback HTTP hops count as overhead;
* *engine*: the calls as planloop's client sees them (``bench.timed_server`` records each
  ``Endpoint.call``, from starting the SDK call to the end of the streamed answer):
  planloop's own part, i.e. prompts, parsing and validating, the progress events and the
  commits.
"""

from __future__ import annotations

import asyncio
import itertools
import json
import secrets
import statistics
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send
from tests.fakes.openai_server import Answer, ScriptedServer, _EventStream

from bench.rawhttp import HttpPool
from bench.server import BenchServer, LoadMeter
from bench.sseclient import SSEStream, open_stream
from bench.subjects import GOAL, ts_epoch

Log = Callable[[str], None]

PROPOSAL = {
    "approach": "Budget first, then location, then the launch plan.",
    "frameworks": [{"id": "swot", "title": "SWOT"}, {"id": "kpis", "title": "KPIs"}],
    "max_iterations": 4,
    "checkpoint_interval": 2,
}


def iteration_answer(n: int) -> str:
    return json.dumps(
        {
            "frameworks_applied": [{"id": "swot", "title": "SWOT"}],
            "data_points": [{"label": f"Cost {n}", "value": f"EUR {n},000", "source": "model"}],
            "sections": [
                {"id": "scope", "title": "Scope", "markdown": "A bakery in Lisbon."},
                {
                    "id": "budget",
                    "title": "Budget",
                    "markdown": "".join(f"- Item {i}: EUR {i},000\n" for i in range(1, 25)),
                },
            ],
            "summary": f"Revision {n}: budget lines refined.",
            "key_finding": f"Finding number {n}.",
        }
    )


class _Paced:
    """The fake's own SSE answer, its frames spread over ``seconds``; the call is timed."""

    def __init__(
        self, inner: _EventStream, seconds: float, calls: list[tuple[float, float]], t0: float
    ) -> None:
        self.inner, self.seconds, self.calls, self.t0 = inner, seconds, calls, t0

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        frames = list(self.inner.frames())
        await send(
            {
                "type": "http.response.start",
                "status": 200,
                "headers": [
                    (b"content-type", b"text/event-stream"),
                    (b"cache-control", b"no-cache"),
                ],
            }
        )
        gap = self.seconds / max(len(frames) - 1, 1)
        for i, frame in enumerate(frames):
            if i:
                await asyncio.sleep(gap)
            await send({"type": "http.response.body", "body": frame, "more_body": True})
        await send({"type": "http.response.body", "body": b"", "more_body": False})
        self.calls.append((self.t0, time.time()))


class PacedModel(ScriptedServer):
    def __init__(self, call_s: float) -> None:
        super().__init__()
        self.call_s = call_s
        self.calls: list[tuple[float, float]] = []
        self._calls_lock = threading.Lock()

    async def _chat(self, request: Request) -> Response:
        t0 = time.time()
        resp = await super()._chat(request)
        if isinstance(resp, _EventStream):
            return _Paced(resp, self.call_s, self.calls, t0)  # type: ignore[return-value]
        return resp


async def model_overhead(
    workdir: Path, iterations: int, call_s: float, chunks: int, log: Log
) -> dict[str, Any]:
    llm = PacedModel(call_s).start()
    llm.always(
        Answer(iteration_answer(1), chunks=chunks, prompt_tokens=400, completion_tokens=chunks)
    )
    calls_out = workdir / "client-calls.txt"
    server = BenchServer(
        workdir,
        module="bench.timed_server",
        BENCH_CALLS_OUT=str(calls_out),
        PLANLOOP_PLANNER="openai",
        OPENAI_BASE_URL=llm.url,
        OPENAI_API_KEY="bench",
        PLANLOOP_MODEL="test-model",
        PLANLOOP_MODEL_STAGES="draft,revise",
        PLANLOOP_MODEL_TIMEOUT_S="30",
    ).start()
    cookie = f"planloop_session={secrets.token_urlsafe(24)}"
    pool = HttpPool(server.host, server.port, size=2, cookie=cookie)
    events: list[dict[str, Any]] = []
    parked = asyncio.get_running_loop().create_future()

    def on_event(s: SSEStream, data: dict[str, Any], ta: float, tp: float) -> None:
        events.append(data)
        if data["type"] in ("checkpoint_reached", "complete") and not parked.done():
            parked.set_result(None)

    try:
        meter = LoadMeter(server.pid)
        cpu0 = server.cpu_seconds()
        resp = await pool.request(
            "POST",
            "/api/runs",
            {
                "goal": GOAL.format(i=0),
                "proposal": PROPOSAL,
                "max_iterations": iterations + 1,
                "checkpoint_interval": iterations,
            },
        )
        if resp.status != 201:
            raise RuntimeError(f"create run: {resp.status} {resp.body[:300]!r}")
        run_id = resp.json()["run_id"]
        stream = await open_stream(
            server.host, server.port, f"/api/runs/{run_id}/events", on_event, cookie=cookie
        )
        await asyncio.wait_for(parked, iterations * (2 * call_s + 5) + 30)
        stream.close()
        cpu = server.cpu_seconds() - cpu0
        foreign = meter.foreign_cores()
    finally:
        await pool.close()
        server.stop()
        llm.stop()
    errors = [e for e in events if e["type"] == "error"]
    if errors:
        raise RuntimeError(f"the model run failed: {errors[0]}")
    starts = {e["iteration"]: ts_epoch(e["ts"]) for e in events if e["type"] == "iteration_started"}
    ends = {e["iteration"]: ts_epoch(e["ts"]) for e in events if e["type"] == "iteration_completed"}
    calls = sorted(llm.calls)
    client_calls = sorted(
        (float(a), float(b)) for a, b in (x.split() for x in calls_out.read_text().splitlines())
    )
    rows = []
    for i in sorted(ends):
        a, b = starts[i], ends[i]
        inside = [(s, e) for s, e in calls if a <= s <= b]
        model = sum(e - s for s, e in inside)
        mine = [(s, e) for s, e in client_calls if a <= s <= b]
        client = sum(e - s for s, e in mine)
        engine_gaps = [mine[0][0] - a] if mine else []
        engine_gaps += [nxt[0] - prev[1] for prev, nxt in itertools.pairwise(mine)]
        engine_gaps += [b - mine[-1][1]] if mine else []
        gaps = [inside[0][0] - a] if inside else []
        gaps += [nxt[0] - prev[1] for prev, nxt in itertools.pairwise(inside)]
        gaps += [b - inside[-1][1]] if inside else []
        progress = sum(
            1 for e in events if e["type"] == "iteration_progress" and e["iteration"] == i
        )
        rows.append(
            {
                "iteration": i,
                "duration_s": b - a,
                "model_s": model,
                "calls": len(inside),
                "overhead_ms": (b - a - model) * 1000,
                "client_model_s": client,
                "engine_ms": (b - a - client) * 1000,
                "engine_gaps_ms": [g * 1000 for g in engine_gaps],
                # to the next iteration's start: the result's commit and the next
                # iteration's set-up count too (None for the last, a checkpoint follows)
                "engine_cycle_ms": (starts[i + 1] - a - client) * 1000 if i + 1 in starts else None,
                "progress_events": progress,
                "gaps_ms": [g * 1000 for g in gaps],
            }
        )
    over = [r["overhead_ms"] for r in rows]
    out = {
        "iterations": rows,
        "call_s": call_s,
        "chunks": chunks,
        "overhead_ms_median": statistics.median(over),
        "engine_ms_median": statistics.median(r["engine_ms"] for r in rows),
        "engine_ms_max": max(r["engine_ms"] for r in rows),
        "engine_cycle_ms_median": statistics.median(
            r["engine_cycle_ms"] for r in rows if r["engine_cycle_ms"] is not None
        ),
        "overhead_ms_max": max(over),
        "calls_per_iteration": statistics.median(r["calls"] for r in rows),
        "server_cpu_ms_per_iteration": cpu * 1000 / len(rows),
        "events": len(events),
        "foreign_cores": foreign,
    }
    log(
        f"model planner: {len(rows)} iterations of {out['calls_per_iteration']:g} model calls "
        f"of {call_s:g} s: overhead per iteration median {out['overhead_ms_median']:.2f} ms "
        f"strict, {out['engine_ms_median']:.2f} ms engine ({out['engine_cycle_ms_median']:.2f} "
        f"ms start to start); max {out['overhead_ms_max']:.2f} "
        "ms strict; server CPU "
        f"{out['server_cpu_ms_per_iteration']:.1f} ms per iteration"
    )
    return out


def main(argv: list[str] | None = None) -> int:
    """``python -m bench model``: this benchmark alone; ``--write-docs`` rewrites its section
    of docs/benchmarks.md (``python -m bench all`` runs it too, after the comparison)."""
    import argparse
    import sys
    import tempfile
    from datetime import UTC, datetime

    from bench.compare_report import render_model
    from bench.report import log, write_section
    from bench.server import wait_quiet

    parser = argparse.ArgumentParser(prog="python -m bench model", description=__doc__)
    parser.add_argument("--iterations", type=int, default=8)
    parser.add_argument("--call-s", type=float, default=1.0)
    parser.add_argument("--chunks", type=int, default=50)
    parser.add_argument("--docs", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--write-docs", action="store_true")
    args = parser.parse_args(argv)

    wait_quiet(120, log=log)
    started = datetime.now(UTC)

    async def measure() -> dict[str, Any]:
        with tempfile.TemporaryDirectory(prefix="planloop-model-") as tmp:
            return await model_overhead(Path(tmp), args.iterations, args.call_s, args.chunks, log)

    res = asyncio.run(measure())
    shown = [a for a in (argv if argv is not None else sys.argv[1:]) if a != "--write-docs"]
    command = " ".join([".venv/bin/python -m bench model", *shown])
    text = render_model(res, command, started)
    print(text)
    if args.write_docs:
        write_section(args.docs, "model-overhead", text)
    return 0
