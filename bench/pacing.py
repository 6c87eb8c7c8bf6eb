"""Throughput at model pacing (issue 19, target 5): many runs, each reporting progress
about ten times a second, every report durable and streamed.

    .venv/bin/python -m bench pacing                 # 1,000 runs, writes docs/benchmarks.md
    .venv/bin/python -m bench pacing --quick         # 100 runs, prints only
    .venv/bin/python -m bench pacing --runs 500 --profile   # with a py-spy profile

The server is a real ``planloop serve`` subprocess (SQLite in a temp dir) whose planner
reports progress as a streaming model does (bench/paced_server.py): each iteration
releases the coalescer's text every ``FLUSH_INTERVAL_S`` = 0.1 s for ``--stream-s``
seconds, on a fixed schedule (a report due while the server was busy goes at once, so
each run offers exactly ten a second), each report posted to the iteration's outbox
(engine/outbox.py) and committed behind the planner, exactly the path a model planner's
token updates take; then the offline planner writes the iteration's plan. Only the reading
of a model's HTTP stream is missing (bench/model_overhead.py measures it).

Every run has a stream open from its first event. Per round of ``--seconds``:

* durable events/s: rows in the ``events`` table (read from the SQLite file itself, not
  from what arrived) at the end of the round minus at its start, over the round's time;
* delivery: the client's ``time.time()`` once a frame is parsed minus the event's
  ``ts`` (stamped when the planner posted it, so the write-behind wait counts);
* losses: at the end, each stream must hold every seq its run has in the store, each
  exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sqlite3
import sys
import tempfile
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.foundation import Bench, ts_epoch
from bench.pyspy import PySpy, profile_summary, render_profile
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
from bench.server import BenchServer, LoadMeter, raise_nofile, wait_quiet
from bench.sseclient import SSEStream
from bench.stats import median_spread, ms, ms_spread, percentile

STREAM_S = 10.0  # how long each iteration's model "writes"
PLAN_PROCESSES = 1  # one worker process for the plan work, as a busy server should run
TARGET_EVENTS_S = 10_000
TARGET_P99_S = 0.020


class Seqs:
    """What each stream received: seqs per run (duplicates kept) and the delivery times."""

    def __init__(self) -> None:
        self.by_run: dict[str, list[int]] = {}
        self.window: list[float] | None = None

    def on_event(self, stream: SSEStream, data: dict[str, Any], ta: float, tp: float) -> None:
        self.by_run.setdefault(stream.key, []).append(int(data["seq"]))
        if self.window is not None:
            self.window.append(tp - ts_epoch(data["ts"]))


def stored(db: Path) -> tuple[int, dict[str, int]]:
    """Rows in the events table, and each run's last seq, as the store has them."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        total = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
        last = dict(conn.execute("SELECT run_id, MAX(seq) FROM events GROUP BY run_id"))
    finally:
        conn.close()
    return int(total), {k: int(v) for k, v in last.items()}


def count_events(db: Path) -> int:
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=30)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM events").fetchone()[0])
    finally:
        conn.close()


async def measure(args: argparse.Namespace, workdir: Path) -> dict[str, Any]:
    env = {
        "BENCH_MODEL_STREAM_S": str(args.stream_s),
        # Every run executes at once (the default drives 32 at a time).
        "PLANLOOP_MAX_EXECUTING_RUNS": str(args.runs),
        # The plan work (the offline planner's writing, the checks) off the event loop.
        "PLANLOOP_PLAN_PROCESSES": str(args.plan_processes),
    }
    server = BenchServer(workdir, module="bench.paced_server", **env).start()
    db = workdir / "planloop.db"
    bench = Bench(server, concurrency=24)
    seqs = Seqs()
    bench.collector.on_event = seqs.on_event  # type: ignore[method-assign]
    res: dict[str, Any] = {"runs": args.runs, "rounds": []}
    try:
        await bench.setup()
        t0 = time.monotonic()
        ids, errors = await bench.create_runs(args.runs, max_iterations=50, checkpoint_interval=50)
        if errors:
            raise RuntimeError(f"{len(errors)} runs not created: {errors[:3]}")
        streams, errors = await bench.open_streams([(r, r, None) for r in ids], 200)
        if errors:
            raise RuntimeError(f"{len(errors)} streams not opened: {errors[:3]}")
        log(f"{len(ids)} runs created, streams open in {time.monotonic() - t0:.1f} s")
        await asyncio.sleep(args.warmup)
        spy = PySpy(server.pid, workdir / "pacing.speedscope.json") if args.profile else None
        meter = LoadMeter(server.pid)
        for i in range(args.rounds):
            seqs.window = []
            before, ta = count_events(db), time.monotonic()
            cpu0 = server.cpu_seconds()
            await asyncio.sleep(args.seconds)
            after, tb = count_events(db), time.monotonic()
            cpu1 = server.cpu_seconds()
            lat = seqs.window
            seqs.window = None
            row = {
                "events_s": (after - before) / (tb - ta),
                "delivered": len(lat),
                "p50": percentile(lat, 50),
                "p99": percentile(lat, 99),
                "max": max(lat) if lat else float("nan"),
                "server_cores": (cpu1 - cpu0) / (tb - ta),
            }
            res["rounds"].append(row)
            log(
                f"round {i + 1}: {row['events_s']:.0f} durable events/s, delivery p50 "
                f"{ms(row['p50'])} p99 {ms(row['p99'])} ms, server {row['server_cores']:.2f} cores"
            )
        res["foreign_cores"] = meter.foreign_cores()
        if spy is not None:
            res["profile"] = profile_summary(await spy.stop())
        res["losses"] = await check_losses(db, seqs, ids)
        res["load"] = os.getloadavg()
        await bench.close_streams(streams, timeout=30)
    finally:
        await bench.close()
        server.stop()
    return res


async def check_losses(db: Path, seqs: Seqs, ids: Sequence[str]) -> dict[str, int]:
    """Every seq a run has in the store arrived on its stream exactly once."""
    _, last = stored(db)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if all(max(seqs.by_run.get(r, [0])) >= last.get(r, 0) for r in ids):
            break
        await asyncio.sleep(0.1)
    missing = duplicated = 0
    for r in ids:
        got = seqs.by_run.get(r, [])
        want = set(range(1, last.get(r, 0) + 1))
        seen = [s for s in got if s in want]
        missing += len(want - set(seen))
        duplicated += len(seen) - len(set(seen))
    return {
        "stored": sum(last.values()),
        "missing": missing,
        "duplicated": duplicated,
        "runs_short": sum(1 for r in ids if max(seqs.by_run.get(r, [0])) < last.get(r, 0)),
    }


def render(args: argparse.Namespace, res: dict[str, Any], command: str, started: datetime) -> str:
    rounds = res["rounds"]
    rate, lo, hi = median_spread([r["events_s"] for r in rounds])
    p99s = [r["p99"] for r in rounds]
    losses = res["losses"]
    lost = losses["missing"] + losses["duplicated"]
    met_rate = rate >= TARGET_EVENTS_S
    met_p99 = median_spread(p99s)[0] < TARGET_P99_S
    facts = res["facts"]
    load = res["load"]
    out = [
        "## Throughput at model pacing (`python -m bench pacing`)",
        "",
        f"Run {started:%Y-%m-%d %H:%M} UTC: `{command}` ({facts['nproc']} cores, "
        f"{facts['cpu']}; Python {facts['python']}; {facts['packages']}). Load average at the "
        f"end {load[0]:.2f} / {load[1]:.2f} / {load[2]:.2f}; other processes used "
        f"{res['foreign_cores']:.2f} cores during the rounds.",
        "",
        f"{res['runs']:,} runs, each with its stream open; each iteration reports progress "
        f"every 0.1 s on a fixed schedule for {args.stream_s:g} s as a streaming model's "
        "coalesced text does "
        "(through the outbox, each report a durable event), then the offline planner writes "
        f"its plan (bench/paced_server.py), {_where_plans(args.plan_processes)}; "
        f"{len(rounds)} rounds of {args.seconds:g} s after "
        f"{args.warmup:g} s of warm-up. Median of the rounds (min–max):",
        "",
        "| figure | measured | target |",
        "|---|---|---|",
        f"| durable events/s (rows added to the store) | {rate:,.0f} ({lo:,.0f}–{hi:,.0f}) "
        f"| ≥ {TARGET_EVENTS_S:,} {'met' if met_rate else '**not met**'} |",
        f"| delivery p50, emit → client | {ms_spread([r['p50'] for r in rounds])} | |",
        f"| delivery p99, emit → client | {ms_spread(p99s)} "
        f"| < {TARGET_P99_S * 1000:g} ms {'met' if met_p99 else '**not met**'} |",
        f"| delivery max | {ms_spread([r['max'] for r in rounds])} | |",
        f"| server CPU | {median_spread([r['server_cores'] for r in rounds])[0]:.2f} cores | |",
        f"| events lost or duplicated (of {losses['stored']:,} stored) | {lost} "
        f"({losses['missing']} missing, {losses['duplicated']} duplicated) "
        f"| 0 {'met' if lost == 0 else '**not met**'} |",
    ]
    if "profile" in res:
        out.append("")
        render_profile(out.append, "Where the server's CPU went (py-spy)", res["profile"])
    return "\n".join(out)


def _where_plans(processes: int) -> str:
    if not processes:
        return "it and the plan's checks on the event loop (`PLANLOOP_PLAN_PROCESSES=0`)"
    workers = "a worker process" if processes == 1 else f"{processes} worker processes"
    return f"it and the plan's checks in {workers} (`PLANLOOP_PLAN_PROCESSES={processes}`)"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench pacing", description=__doc__)
    docs_options(parser, "pacing", "100 runs, < 1 min", 300)
    parser.add_argument("--runs", type=int, default=None, help="concurrent runs (1,000)")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--seconds", type=float, default=None, help="per round (10)")
    parser.add_argument("--warmup", type=float, default=5.0)
    parser.add_argument("--profile", action="store_true", help="py-spy the server meanwhile")
    parser.add_argument(
        "--stream-s", type=float, default=STREAM_S, help="each iteration's model time (10 s)"
    )
    parser.add_argument(
        "--plan-processes",
        type=int,
        default=PLAN_PROCESSES,
        help="PLANLOOP_PLAN_PROCESSES of the server (1; 0: plan work on its event loop)",
    )
    args = parser.parse_args(argv)
    args.runs = args.runs or (100 if args.quick else 1000)
    args.seconds = args.seconds or (5.0 if args.quick else 10.0)
    soft, hard = raise_nofile()
    log(f"{args.runs} runs; RLIMIT_NOFILE {soft}/{hard}")
    foreign = wait_quiet(quiet_wait_s(args, 300), log=log)
    started = datetime.now(UTC)
    with (
        tempfile.TemporaryDirectory(prefix="planloop-pacing-") as tmp,
        asyncio.Runner(loop_factory=loop_factory()) as runner,
    ):
        res = runner.run(measure(args, Path(tmp)))
    res["foreign_at_start"] = foreign
    res["facts"] = machine_facts()
    extra = argv if argv is not None else sys.argv[1:]
    command = command_line(".venv/bin/python -m bench pacing", args.quick, extra)
    text = render(args, res, command, started)
    print(text)
    if writes_docs(args):
        write_section(args.docs, "pacing", text)
        log(f"wrote the pacing section of {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
