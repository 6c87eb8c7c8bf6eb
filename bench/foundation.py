"""The foundation benchmark: event delivery, approval-to-resume and parked runs.

    .venv/bin/python -m bench.foundation            # full (~10 min), writes docs/benchmarks.md
    .venv/bin/python -m bench.foundation --quick    # smoke (< 60 s), prints only

The server is a real ``planloop serve`` subprocess (SQLite in a temp dir, offline planner
with no step delay); this process is the client (uvloop, raw asyncio SSE streams and a raw
keep-alive HTTP pool). Every figure is measured on the wire: latency is the client's
``time.time()`` once a frame is parsed minus the event's ``ts`` (stamped by the store
before commit and fan-out); memory is the server's VmRSS from /proc.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import math
import random
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.rawhttp import HttpPool, paced
from bench.report import (
    command_line,
    docs_options,
    log,
    loop_factory,
    machine_facts,
    quiet_wait_s,
    write_section,
    writes_docs,
)
from bench.server import BENCH_ENV, BenchServer, LoadMeter, raise_nofile, wait_quiet
from bench.sseclient import SSEStream, open_stream
from bench.stats import median_spread, ms, ms_spread, summary

GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months (bench run {i})"
TERMINAL = {"completed", "rejected", "cancelled", "expired", "failed"}

# Targets of the foundation issue.
DELIVERY_P99_S = 0.005
APPROVAL_P99_S = 0.010
PARKED_TARGET = 10_000
PARKED_KB = 20.0


@dataclass(frozen=True)
class Config:
    name: str
    streams: int  # one stream per parked run in the delivery phase
    rounds: int
    approvals: int  # per round
    rate: float  # approvals per second
    fanout_watchers: int
    fanout_approvals: int  # per round
    parked_steps: tuple[int, ...]
    ttfe_samples: int
    create_concurrency: int = 24
    open_concurrency: int = 200


FULL = Config("full", 1000, 3, 300, 50.0, 1000, 4, (1000, 5000, 10_000), 20)
QUICK = Config("quick", 200, 3, 60, 50.0, 200, 2, (200, 1000), 10)


def ts_epoch(ts: str) -> float:
    return datetime.fromisoformat(ts).timestamp()


Hook = Callable[[SSEStream, dict[str, Any], float], None]


class Collector:
    """Latency of every event delivered while ``active``; ``hook`` sees every event."""

    def __init__(self) -> None:
        self.active = False
        self.parsed: list[float] = []
        self.arrival: list[float] = []
        self.by_type: dict[str, list[float]] = defaultdict(list)
        self.hook: Hook | None = None

    def reset(self) -> None:
        self.parsed = []
        self.arrival = []
        self.by_type = defaultdict(list)

    def on_event(
        self, stream: SSEStream, data: dict[str, Any], t_arrival: float, t_parsed: float
    ) -> None:
        if self.active:
            ts = ts_epoch(data["ts"])
            lat = t_parsed - ts
            self.parsed.append(lat)
            self.arrival.append(t_arrival - ts)
            self.by_type[data["type"]].append(lat)
        if self.hook is not None:
            self.hook(stream, data, t_parsed)


@dataclass
class Bench:
    server: BenchServer
    concurrency: int
    collector: Collector = field(default_factory=Collector)

    def __post_init__(self) -> None:
        self.pool = HttpPool(self.server.host, self.server.port, size=self.concurrency)
        self.cookie = ""
        self.created = 0

    async def setup(self) -> None:
        self.cookie = await self.pool.fetch_cookie()

    async def health(self) -> dict[str, Any]:
        resp = await self.pool.request("GET", "/api/health")
        data: dict[str, Any] = resp.json()
        return data

    async def create_runs(
        self, n: int, max_iterations: int, checkpoint_interval: int = 1
    ) -> tuple[list[str], list[str]]:
        """POST /api/runs n times over ``concurrency`` keep-alive connections."""
        ids: list[str] = []
        errors: list[str] = []
        todo = iter(range(self.created, self.created + n))
        self.created += n

        async def worker() -> None:
            for i in todo:
                body = {
                    "goal": GOAL.format(i=i),
                    "max_iterations": max_iterations,
                    "checkpoint_interval": checkpoint_interval,
                }
                try:
                    resp = await self.pool.request("POST", "/api/runs", body)
                except (OSError, TimeoutError) as exc:
                    errors.append(repr(exc))
                    continue
                if resp.status != 201:
                    errors.append(f"{resp.status} {resp.body[:200]!r}")
                    continue
                ids.append(resp.json()["run_id"])

        await asyncio.gather(*(worker() for _ in range(self.concurrency)))
        return ids, errors

    async def wait_parked(
        self, ids: Sequence[str], checkpoint: int, timeout: float = 300.0
    ) -> dict[str, int]:
        """Wait until every run waits at ``checkpoint``; return each run's last seq."""
        deadline = time.monotonic() + timeout
        # Cheap first: the status counts, so the per-run reads below do not compete with
        # the runs that are still executing.
        while time.monotonic() < deadline:
            h = await self.health()
            if h.get("executing", 0) == 0:
                break
            await asyncio.sleep(0.25)
        seqs: dict[str, int] = {}
        pending = list(ids)
        failed: list[str] = []

        async def worker() -> None:
            while pending:
                rid = pending.pop()
                resp = await self.pool.request("GET", f"/api/runs/{rid}")
                view = resp.json()
                if (
                    view["status"] == "awaiting_approval"
                    and view["pending_checkpoint"] == checkpoint
                ):
                    seqs[rid] = int(view["last_seq"])
                elif view["status"] in TERMINAL:
                    failed.append(f"{rid}: {view['status']} {view.get('error')}")
                elif time.monotonic() > deadline:
                    failed.append(f"{rid}: still {view['status']} after {timeout:g} s")
                else:
                    pending.insert(0, rid)
                    await asyncio.sleep(0.05)

        await asyncio.gather(*(worker() for _ in range(self.concurrency)))
        if failed:
            raise RuntimeError(f"{len(failed)} runs did not park: {failed[:3]}")
        return seqs

    async def open_streams(
        self, seqs: Sequence[tuple[Any, str, int | None]], concurrency: int
    ) -> tuple[list[SSEStream], list[str]]:
        """Open one stream per (key, run_id, last_event_id); wait for each preamble."""
        sem = asyncio.Semaphore(concurrency)
        errors: list[str] = []

        async def one(key: Any, rid: str, seq: int | None) -> SSEStream | None:
            async with sem:
                try:
                    return await open_stream(
                        self.server.host,
                        self.server.port,
                        f"/api/runs/{rid}/events",
                        self.collector.on_event,
                        key=key,
                        cookie=self.cookie,
                        last_event_id=seq,
                    )
                except (OSError, TimeoutError, Exception) as exc:
                    errors.append(repr(exc))
                    return None

        opened = await asyncio.gather(*(one(k, r, s) for k, r, s in seqs))
        return [s for s in opened if s is not None], errors

    async def close_streams(self, streams: Sequence[SSEStream], timeout: float = 60.0) -> None:
        for s in streams:
            s.close()
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(timeout):
                await asyncio.gather(*(s.closed for s in streams))
        # Wait until the server has noticed and dropped its subscriptions.
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and (await self.health())["streams"] > 0:
            await asyncio.sleep(0.25)

    async def approve(self, rid: str, number: int) -> tuple[float, int]:
        resp = await self.pool.request(
            "POST", f"/api/runs/{rid}/checkpoints/{number}", {"decision": "approve"}
        )
        if resp.status != 200:
            raise RuntimeError(f"approve {rid}/{number}: {resp.status} {resp.body[:200]!r}")
        return resp.t_sent, resp.status

    async def close(self) -> None:
        await self.pool.close()


# -- phase 1 and 2: delivery latency and approval-to-resume ----------------------------------


@dataclass
class ApprovalWatch:
    """Approvals at one checkpoint, timed from the request leaving to the run's stream."""

    to_approved: dict[str, float]  # run → POST sent → its `checkpoint_approved` parsed
    to_started: dict[str, float]  # run → POST sent → its next `iteration_started` parsed
    remaining: set[str]  # runs that never reached the next checkpoint (or completion)
    errors: list[str]
    wall_s: float


async def approve_and_watch(
    col: Any,
    runs: Sequence[str],
    calls: Sequence[Callable[[], Awaitable[tuple[float, Any]]]],
    number: int,
    rate: float,
    timeout: float,
) -> ApprovalWatch:
    """Run ``calls`` (one approval of ``runs[i]`` each, returning ``(t_sent, …)``) at a
    steady ``rate`` while ``col`` (a collector with ``reset``/``hook``/``active``) times
    every event, until every run reached checkpoint ``number + 1`` or ``timeout``."""
    approved: dict[str, float] = {}
    started: dict[str, float] = {}
    remaining = set(runs)
    done = asyncio.Event()

    def hook(stream: SSEStream, data: dict[str, Any], tp: float) -> None:
        rid, kind = data["run_id"], data["type"]
        if kind == "checkpoint_approved" and data["checkpoint_number"] == number:
            approved[rid] = tp
        elif kind == "iteration_started" and rid in approved and rid not in started:
            started[rid] = tp
        elif (
            kind == "checkpoint_reached" and data["checkpoint_number"] == number + 1
        ) or kind == "complete":
            remaining.discard(rid)
            if not remaining:
                done.set()

    col.reset()
    col.hook = hook
    col.active = True
    t0 = time.monotonic()
    results = await paced(calls, rate)
    with contextlib.suppress(TimeoutError):
        await asyncio.wait_for(done.wait(), timeout)
    col.active = False
    col.hook = None
    sent: dict[str, float] = {}
    errors = []
    for rid, res in zip(runs, results, strict=True):
        if isinstance(res, BaseException):
            errors.append(repr(res))
        else:
            sent[rid] = res[0]
    return ApprovalWatch(
        {r: approved[r] - sent[r] for r in sent if r in approved},
        {r: started[r] - sent[r] for r in sent if r in started},
        remaining,
        errors,
        time.monotonic() - t0,
    )


async def approval_round(
    bench: Bench, batch: Sequence[str], number: int, rate: float, timeout: float = 120.0
) -> dict[str, Any]:
    """Approve ``batch`` at checkpoint ``number`` at a steady rate; time every event."""
    col = bench.collector
    meter = LoadMeter(bench.server.pid)
    cpu0 = bench.server.cpu_seconds()
    calls = [functools.partial(bench.approve, rid, number) for rid in batch]
    w = await approve_and_watch(col, batch, calls, number, rate, timeout)
    cpu = bench.server.cpu_seconds() - cpu0
    to_approved, to_started = list(w.to_approved.values()), list(w.to_started.values())
    return {
        "approvals": len(batch),
        "errors": w.errors,
        "missing": len(w.remaining),
        "events": len(col.parsed),
        "delivery": summary(col.parsed),
        "arrival": summary(col.arrival),
        "by_type": {k: summary(v) for k, v in sorted(col.by_type.items())},
        "to_approved": summary(to_approved),
        "to_started": summary(to_started),
        "server_cpu_ms_per_approval": cpu * 1000 / max(len(batch), 1),
        "wall_s": w.wall_s,
        "foreign_cores": meter.foreign_cores(),
    }


class _FanoutWait:
    """One fan-out approval: when each watcher saw it, and when all saw the next park."""

    def __init__(self, number: int, watchers: int) -> None:
        self.number = number
        self.watchers = watchers
        self.seen: list[float] = []
        self.reached = 0
        self.done = asyncio.Event()

    def hook(self, stream: SSEStream, data: dict[str, Any], tp: float) -> None:
        kind = data["type"]
        if kind == "checkpoint_approved" and data["checkpoint_number"] == self.number:
            self.seen.append(tp)
        elif (
            kind == "checkpoint_reached" and data["checkpoint_number"] == self.number + 1
        ) or kind == "complete":
            self.reached += 1
            if self.reached == self.watchers:
                self.done.set()


async def fanout_round(
    bench: Bench, rid: str, first: int, count: int, watchers: int, timeout: float = 60.0
) -> dict[str, Any]:
    """Approve ``count`` checkpoints of one run watched by ``watchers`` streams, one by one."""
    col = bench.collector
    col.reset()
    col.active = True
    to_first: list[float] = []
    to_last: list[float] = []
    meter = LoadMeter(bench.server.pid)
    cpu0 = bench.server.cpu_seconds()
    missing = 0
    for number in range(first, first + count):
        wait = _FanoutWait(number, watchers)
        col.hook = wait.hook
        t_sent, _ = await bench.approve(rid, number)
        try:
            await asyncio.wait_for(wait.done.wait(), timeout)
        except TimeoutError:
            missing += watchers - wait.reached
        if wait.seen:
            to_first.append(min(wait.seen) - t_sent)
            to_last.append(max(wait.seen) - t_sent)
        await asyncio.sleep(0.2)
    col.active = False
    col.hook = None
    cpu = bench.server.cpu_seconds() - cpu0
    return {
        "approvals": count,
        "missing": missing,
        "events": len(col.parsed),
        "delivery": summary(col.parsed),
        "arrival": summary(col.arrival),
        "by_type": {k: summary(v) for k, v in sorted(col.by_type.items())},
        "approved_first_watcher": summary(to_first),
        "approved_last_watcher": summary(to_last),
        "server_cpu_ms_per_approval": cpu * 1000 / max(count, 1),
        "foreign_cores": meter.foreign_cores(),
    }


async def latency_phase(cfg: Config, workdir: Path) -> dict[str, Any]:
    server = BenchServer(workdir).start()
    bench = Bench(server, cfg.create_concurrency)
    out: dict[str, Any] = {"rounds": [], "fanout": []}
    try:
        await bench.setup()
        out["rss_idle_kb"] = server.rss_kb()
        n = cfg.streams
        log(f"delivery: creating {n} runs (3 iterations, a checkpoint after each)")
        t = time.monotonic()
        ids, errors = await bench.create_runs(n, 3)
        if errors:
            raise RuntimeError(f"{len(errors)} runs not created: {errors[:3]}")
        seqs = await bench.wait_parked(ids, 1)
        log(f"delivery: {n} runs parked in {time.monotonic() - t:.1f} s; opening {n} streams")
        t = time.monotonic()
        streams, errors = await bench.open_streams(
            [(rid, rid, seqs[rid]) for rid in ids], cfg.open_concurrency
        )
        if errors:
            raise RuntimeError(f"{len(errors)} streams failed to open: {errors[:3]}")
        log(f"delivery: {len(streams)} streams open in {time.monotonic() - t:.1f} s")
        await asyncio.sleep(1.0)
        out["streams"] = len(streams)
        out["rss_streams_kb"] = server.rss_kb()
        for r in range(cfg.rounds):
            batch = ids[r * cfg.approvals : (r + 1) * cfg.approvals]
            res = await approval_round(bench, batch, 1, cfg.rate)
            out["rounds"].append(res)
            log(
                f"delivery round {r + 1}: {res['events']} events, delivery p50/p99 "
                f"{ms(res['delivery']['p50'])}/{ms(res['delivery']['p99'])} ms, "
                f"approve→approved p50/p99 {ms(res['to_approved']['p50'])}/"
                f"{ms(res['to_approved']['p99'])} ms, missing {res['missing']}, "
                f"errors {len(res['errors'])}, other processes {res['foreign_cores']:.2f} cores"
            )
            await asyncio.sleep(0.5)

        # Fan-out: many watchers on one run, with the per-run streams still open.
        w = cfg.fanout_watchers
        per = cfg.fanout_approvals
        [rid], errors = await bench.create_runs(1, cfg.rounds * per + 1)
        seq = (await bench.wait_parked([rid], 1))[rid]
        watchers, errors = await bench.open_streams(
            [((rid, i), rid, seq) for i in range(w)], cfg.open_concurrency
        )
        if errors:
            raise RuntimeError(f"{len(errors)} watcher streams failed: {errors[:3]}")
        log(f"fan-out: {len(watchers)} watchers on run {rid[:8]}")
        await asyncio.sleep(1.0)
        out["fanout_total_streams"] = len(streams) + len(watchers)
        for r in range(cfg.rounds):
            res = await fanout_round(bench, rid, 1 + r * per, per, len(watchers))
            out["fanout"].append(res)
            log(
                f"fan-out round {r + 1}: {res['events']} events, delivery p50/p99 "
                f"{ms(res['delivery']['p50'])}/{ms(res['delivery']['p99'])} ms, "
                f"missing {res['missing']}"
            )
        out["fanout_watchers"] = len(watchers)
        await bench.close_streams([*streams, *watchers], timeout=20)
    finally:
        await bench.close()
        server.stop()
    return out


# -- phase 3: parked runs -------------------------------------------------------------------


async def first_event(bench: Bench, rid: str) -> tuple[float, float]:
    """A new client: connect, GET the stream from the start; (to preamble, to first event)."""
    loop = asyncio.get_running_loop()
    got: asyncio.Future[float] = loop.create_future()

    def on_event(stream: SSEStream, data: dict[str, Any], ta: float, tp: float) -> None:
        if not got.done():
            got.set_result(tp)

    t0 = time.time()
    stream = await open_stream(
        bench.server.host,
        bench.server.port,
        f"/api/runs/{rid}/events",
        on_event,
        cookie=bench.cookie,
    )
    t_open = time.time()
    try:
        t_first = await asyncio.wait_for(got, 30)
    finally:
        stream.close()
    return t_open - t0, t_first - t0


async def parked_phase(cfg: Config, workdir: Path) -> dict[str, Any]:
    """Grow the parked population step by step; every parked run keeps one open stream.

    Streams stay open from step to step (closing them would leave freed memory in the
    process and blur the next step's figures), so each step adds runs, reads RSS, opens
    one stream per added run and reads RSS again: the two deltas are the cost of a parked
    run and the cost of a stream.
    """
    server = BenchServer(workdir).start()
    bench = Bench(server, cfg.create_concurrency)
    out: dict[str, Any] = {"steps": [], "stopped": None}
    streams: list[SSEStream] = []
    try:
        await bench.setup()
        await asyncio.sleep(1.0)
        idle = server.rss_kb()
        out["rss_idle_kb"] = idle
        out["nofile"] = server.nofile_limit()
        log(f"parked: idle server RSS {idle / 1024:.1f} MiB (open files {out['nofile']})")
        ids: list[str] = []
        for n in cfg.parked_steps:
            step: dict[str, Any] = {"n": n, "prev": len(ids)}
            meter = LoadMeter(server.pid)
            add = n - len(ids)
            t = time.monotonic()
            cpu0 = server.cpu_seconds()
            new, errors = await bench.create_runs(add, 2)
            step["create_s"] = time.monotonic() - t
            if errors:
                out["stopped"] = f"creating runs {len(ids)}..{n}: {len(errors)} errors {errors[:2]}"
                break
            try:
                seqs = await bench.wait_parked(new, 1)
            except RuntimeError as exc:
                out["stopped"] = f"parking runs up to {n}: {exc}"
                break
            step["park_s"] = time.monotonic() - t
            step["cpu_ms_per_run"] = (server.cpu_seconds() - cpu0) * 1000 / add
            ids.extend(new)
            log(
                f"parked: {n} runs parked ({add} created at {add / step['create_s']:.0f}/s, "
                f"{step['cpu_ms_per_run']:.1f} ms server CPU each, parked after "
                f"{step['park_s']:.1f} s)"
            )
            await asyncio.sleep(2.0)
            step["rss_parked_kb"] = server.rss_kb()
            t = time.monotonic()
            opened, errors = await bench.open_streams(
                [(rid, rid, seqs[rid]) for rid in new], cfg.open_concurrency
            )
            streams.extend(opened)
            step["open_s"] = time.monotonic() - t
            step["open_errors"] = len(errors)
            step["streams"] = len(streams)
            await asyncio.sleep(2.0)
            step["rss_streams_kb"] = server.rss_kb()
            step["server_streams"] = (await bench.health())["streams"]
            log(
                f"parked: {len(streams)} streams open (+{len(opened)} in {step['open_s']:.1f} s, "
                f"{len(errors)} errors); RSS {step['rss_parked_kb'] / 1024:.1f} → "
                f"{step['rss_streams_kb'] / 1024:.1f} MiB"
            )
            opens, firsts = [], []
            rng = random.Random(n)
            for _ in range(cfg.ttfe_samples):
                o, f = await first_event(bench, rng.choice(ids))
                opens.append(o)
                firsts.append(f)
                await asyncio.sleep(0.05)
            step["ttfe_open"] = summary(opens)
            step["ttfe_first"] = summary(firsts)
            step["foreign_cores"] = meter.foreign_cores()
            out["steps"].append(step)
            log(
                f"parked: new client's first event p50/p99 {ms(step['ttfe_first']['p50'])}/"
                f"{ms(step['ttfe_first']['p99'])} ms"
            )
            if errors:
                out["stopped"] = f"opening streams up to {n}: {len(errors)} errors {errors[:2]}"
                break
            if not server.alive():
                out["stopped"] = f"server died at {n}: {server.log_tail(10)}"
                break
        for s in streams:
            s.close()
    finally:
        await bench.close()
        server.stop()
    return out


# -- the report -----------------------------------------------------------------------------


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def _foreign(rows: Sequence[dict[str, Any]]) -> str:
    """Cores other processes kept busy (median over rounds or steps)."""
    vals = [r["foreign_cores"] for r in rows if "foreign_cores" in r]
    return f"{median_spread(vals)[0]:.2f} cores" if vals else "?"


def _rounds(rounds: Sequence[dict[str, Any]], key: str, q: str) -> list[float]:
    return [r[key][q] for r in rounds]


def render(cfg: Config, res: dict[str, Any], command: str, started: datetime) -> str:
    lat, parked = res["latency"], res["parked"]
    facts = res["facts"]
    rounds, fan = lat["rounds"], lat["fanout"]
    lines: list[str] = []
    add = lines.append

    d99 = median_spread(_rounds(rounds, "delivery", "p99"))[0]
    a99 = median_spread(_rounds(rounds, "to_approved", "p99"))[0]
    steps = [s for s in parked["steps"] if "rss_streams_kb" in s]
    top = steps[-1] if steps else None
    per_run_kb = (top["rss_streams_kb"] - parked["rss_idle_kb"]) / top["n"] if top else math.nan
    parked_ok = bool(top) and top["n"] >= PARKED_TARGET and top["streams"] >= top["n"]
    parked_ok = parked_ok and per_run_kb < PARKED_KB

    add("## Foundation")
    add("")
    add(
        f"Run {started:%Y-%m-%d %H:%M} UTC in {res['duration_s']:.0f} s with `{command}`"
        f" ({cfg.name} profile)."
    )
    add("")
    add(
        f"Machine: {facts['nproc']} cores ({facts['cpu']}), {facts['memory']} RAM, "
        f"Linux {facts['kernel']}, Python {facts['python']}; {facts['packages']}."
    )
    add(
        "Server: one `planloop serve` subprocess (uvicorn, SQLite WAL in a temp dir, offline "
        "planner), "
        + ", ".join(f"`{k}={v}`" for k, v in BENCH_ENV.items())
        + f", open files {parked.get('nofile', '?')}. Client: this script in a separate "
        "process on the same cores (uvloop, raw asyncio SSE client, raw keep-alive HTTP). "
        f"Other processes kept {res['foreign_at_start']:.2f} cores busy when it started; "
        "the tables give that figure for each round and step (total busy CPU from "
        "/proc/stat minus the server's and the client's own)."
    )
    add("")
    add("### Targets")
    add("")
    add("| target | measured | verdict |")
    add("|---|---|---|")
    add(
        f"| delivery p99 < 5 ms at {lat['streams']:,} streams | "
        f"{ms_spread(_rounds(rounds, 'delivery', 'p99'))} | {verdict(d99 < DELIVERY_P99_S)} |"
    )
    add(
        f"| approval-to-resume p99 < 10 ms | "
        f"{ms_spread(_rounds(rounds, 'to_approved', 'p99'))} | "
        f"{verdict(a99 < APPROVAL_P99_S)} |"
    )
    if top:
        add(
            f"| {PARKED_TARGET:,} parked runs with streams, < {PARKED_KB:g} KB each | "
            f"{top['n']:,} parked, {top['streams']:,} streams, {per_run_kb:.1f} KB each | "
            f"{verdict(parked_ok)} |"
        )
    add("")
    add(
        f"Figures are the median of {len(rounds)} rounds with the spread (min–max) in "
        "brackets; each round's p50/p99 is over every event (or approval) in the round."
    )
    add("")

    add(f"### Event delivery, emit → client ({lat['streams']:,} streams)")
    add("")
    add(
        "| scenario | events/round | p50 | p99 | p99 at socket read | server CPU/approval "
        "| other processes |"
    )
    add("|---|---|---|---|---|---|---|")
    ev = int(median_spread([r["events"] for r in rounds])[0])
    cpu = median_spread([r["server_cpu_ms_per_approval"] for r in rounds])[0]
    add(
        f"| one stream per run, {cfg.approvals} approvals/round at {cfg.rate:g}/s | {ev:,} | "
        f"{ms_spread(_rounds(rounds, 'delivery', 'p50'))} | "
        f"{ms_spread(_rounds(rounds, 'delivery', 'p99'))} | "
        f"{ms_spread(_rounds(rounds, 'arrival', 'p99'))} | {cpu:.1f} ms | "
        f"{_foreign(rounds)} |"
    )
    if fan:
        ev = int(median_spread([r["events"] for r in fan])[0])
        cpu = median_spread([r["server_cpu_ms_per_approval"] for r in fan])[0]
        add(
            f"| fan-out: {lat['fanout_watchers']:,} watchers on one run "
            f"(+{lat['streams']:,} idle streams), {cfg.fanout_approvals} approvals/round | "
            f"{ev:,} | {ms_spread(_rounds(fan, 'delivery', 'p50'))} | "
            f"{ms_spread(_rounds(fan, 'delivery', 'p99'))} | "
            f"{ms_spread(_rounds(fan, 'arrival', 'p99'))} | {cpu:.1f} ms | "
            f"{_foreign(fan)} |"
        )
    add("")
    types = sorted({t for r in rounds for t in r["by_type"]})
    if types:
        add("By event type (one stream per run; median of rounds):")
        add("")
        add("| event | n/round | p50 | p99 |")
        add("|---|---|---|---|")
        for t in types:
            rs = [r for r in rounds if t in r["by_type"]]
            n = int(median_spread([r["by_type"][t]["n"] for r in rs])[0])
            add(
                f"| `{t}` | {n:,} | "
                f"{ms(median_spread([r['by_type'][t]['p50'] for r in rs])[0])} ms | "
                f"{ms(median_spread([r['by_type'][t]['p99'] for r in rs])[0])} ms |"
            )
        add("")

    add(f"### Approval to resume ({len(rounds)} × {cfg.approvals} approvals)")
    add("")
    add("| from the approval POST leaving the client to … | p50 | p99 | max |")
    add("|---|---|---|---|")
    for key, label in (
        ("to_approved", "`checkpoint_approved` on the run's open stream"),
        ("to_started", "the next `iteration_started` on that stream"),
    ):
        add(
            f"| {label} | {ms_spread(_rounds(rounds, key, 'p50'))} | "
            f"{ms_spread(_rounds(rounds, key, 'p99'))} | "
            f"{ms(max(r[key]['max'] for r in rounds))} ms |"
        )
    if fan:
        add(
            f"| fan-out: `checkpoint_approved` at the last of {lat['fanout_watchers']:,}"
            f" watchers | {ms_spread(_rounds(fan, 'approved_last_watcher', 'p50'))} | "
            f"{ms_spread(_rounds(fan, 'approved_last_watcher', 'p99'))} | "
            f"{ms(max(r['approved_last_watcher']['max'] for r in fan))} ms |"
        )
    errors = sum(len(r["errors"]) for r in rounds)
    missing = sum(r["missing"] for r in rounds) + sum(r["missing"] for r in fan)
    add("")
    add(f"Approval errors: {errors}; runs or watchers that never got their next event: {missing}.")
    add("")

    add("### Parked runs (each parked at checkpoint 1, each with one open stream)")
    add("")
    add(
        f"Idle server RSS after start: {parked['rss_idle_kb'] / 1024:.1f} MiB. Each step "
        "creates runs up to N (streams stay open on the earlier runs), reads RSS, opens one "
        "stream per new run and reads RSS again."
    )
    add("")
    add(
        "| N parked | runs created/s (server CPU each) | RSS, N parked, earlier streams "
        "| RSS, N parked + N streams | KB per added run | KB per added stream "
        "| KB per run with stream: (RSS − idle) / N | streams opened/s "
        "| new client: first event p50 / p99 | other processes |"
    )
    add("|---|---|---|---|---|---|---|---|---|---|")
    prev_rss = parked["rss_idle_kb"]
    for s in steps:
        n, added = s["n"], s["n"] - s["prev"]
        add(
            f"| {n:,} | {added / s['create_s']:.0f} ({s['cpu_ms_per_run']:.1f} ms) | "
            f"{s['rss_parked_kb'] / 1024:.1f} MiB | {s['rss_streams_kb'] / 1024:.1f} MiB | "
            f"{(s['rss_parked_kb'] - prev_rss) / added:.1f} | "
            f"{(s['rss_streams_kb'] - s['rss_parked_kb']) / added:.1f} | "
            f"{(s['rss_streams_kb'] - parked['rss_idle_kb']) / n:.1f} | "
            f"{added / s['open_s']:.0f} | "
            f"{ms(s['ttfe_first']['p50'])} / {ms(s['ttfe_first']['p99'])} ms | "
            f"{_foreign([s])} |"
        )
        prev_rss = s["rss_streams_kb"]
    add("")
    if steps:
        first = steps[0]
        add(
            f"Without any stream, {first['n']:,} parked runs hold "
            f"{(first['rss_parked_kb'] - parked['rss_idle_kb']) / 1024:.1f} MiB over the idle "
            f"server; their {first['n']:,} streams add "
            f"{(first['rss_streams_kb'] - first['rss_parked_kb']) / 1024:.1f} MiB."
        )
        add("")
    if parked["stopped"]:
        add(f"Stopped early: {parked['stopped']}")
        add("")
    add(
        "Method: runs (2 iterations, a checkpoint after the first) are created 24 at a time "
        "over keep-alive connections; RSS (VmRSS) is read 2 s after the last run parked and "
        "2 s after the new streams (`Last-Event-ID` = the run's last seq) opened. “First "
        "event” is a new connection that GETs a parked run's stream from the start and "
        f"parses its first replayed event ({cfg.ttfe_samples} samples per N)."
    )
    return "\n".join(lines)


async def run_all(cfg: Config) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="planloop-bench-") as tmp:
        a = Path(tmp) / "latency"
        b = Path(tmp) / "parked"
        a.mkdir()
        b.mkdir()
        latency = await latency_phase(cfg, a)
        parked = await parked_phase(cfg, b)
    return {"latency": latency, "parked": parked}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.foundation", description=__doc__)
    docs_options(parser, "foundation", "< 60 s", 600)
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    soft, hard = raise_nofile()
    log(f"profile {cfg.name}; RLIMIT_NOFILE {soft}/{hard}")
    foreign = wait_quiet(quiet_wait_s(args, 600), log=log)
    started = datetime.now(UTC)
    t0 = time.monotonic()
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        res = runner.run(run_all(cfg))
    res["duration_s"] = time.monotonic() - t0
    res["foreign_at_start"] = foreign
    res["facts"] = machine_facts()
    extra = argv if argv is not None else sys.argv[1:]
    command = command_line(".venv/bin/python -m bench.foundation", args.quick, extra)
    text = render(cfg, res, command, started)
    print(text)
    if writes_docs(args):
        write_section(args.docs, "foundation", text)
        log(f"wrote the foundation section of {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
