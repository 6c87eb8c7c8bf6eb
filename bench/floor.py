"""Latency against its floor (issue 19, target 4): ``python -m bench floor``.

    .venv/bin/python -m bench floor            # ~3-4 min; rewrites its docs section
    .venv/bin/python -m bench floor --quick    # ~1 min; prints only

The floor is what one event cannot avoid on this machine: one durable SQLite commit of
its row and the run's update, and one loopback send to a client in another process. Each
is measured with planloop's own pieces and nothing around them (bench/floor_probe.py):

* **commit**: ``Ledger.apply`` as the runner commits (a fenced run, one event) on
  planloop's ``SqliteStore`` in a temp file, in this process;
* **send**: a bare SSE sender subprocess (no ASGI, no engine) writes one frame from
  planloop's encoder, stamped with ``ts`` just before; the client is bench/sseclient.py;
* **commit + send**: the same sender committing each event (stamped before the commit,
  as planloop stamps it) before writing it: the floor of "delivery emit → client";
* **request + commit + send**: the client writes a line, the sender commits and sends;
  from the line leaving the client to the frame parsed: the floor of "approval →
  ``checkpoint_approved``" (which also crosses HTTP, routing and a read of the run).

Then planloop itself, a real ``planloop serve`` (SQLite, offline planner, sessions and
every check on; bench/server.py) at 10, 100 and 1,000 parked runs, each with its stream
open: approvals at 50/s, every event of the approved runs timed emit → client (the
foundation's method, bench/foundation.py) and each approval POST → its
``checkpoint_approved`` on the stream. Every figure is a median over rounds with its
spread, and its ratio to the floor.

The offline planner paces its steps as it does out of the box (``offline_step_delay_s``,
0.25 s), as a model planner's iterations wait on the model: that is planloop as it is
normally used, and the targets are judged there. One more server at 1,000 streams runs
the planner without a step delay, every iteration all CPU, as the foundation benchmark
does: the worst case for events written behind the planner, shown beside.
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.floor_probe import CommitProbe, progress
from bench.floor_report import render
from bench.foundation import Bench, approve_and_watch, ts_epoch
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
from bench.server import REPO, BenchServer, LoadMeter, free_port, raise_nofile, wait_quiet
from bench.sseclient import SSEStream, open_stream
from bench.stats import ms, summary
from planloop.settings import Settings


@dataclass(frozen=True)
class Config:
    name: str
    rounds: int
    floor_samples: int  # per round and floor part
    streams: tuple[int, ...]
    approvals: int  # per round and stream count
    rate: float = 50.0  # approvals per second
    cpu_bound: tuple[int, ...] = (1000,)  # stream counts also run without a step delay

    @property
    def pace_s(self) -> float:
        """Between floor samples: as far apart as the approvals. A process that has been
        idle runs the same Python slower (its caches went cold), so a floor sampled every
        5 ms was measured warmer than the approvals it is the floor of."""
        return 1.0 / self.rate


FULL = Config("full", 9, 200, (10, 100, 1000), 50)
QUICK = Config("quick", 3, 100, (10, 100, 1000), 20)


# -- the floor -------------------------------------------------------------------------------


async def commit_floor(cfg: Config, workdir: Path) -> list[dict[str, float]]:
    """Seconds per commit, round by round."""
    probe = CommitProbe(workdir)
    await probe.open()
    rounds = []
    try:
        for r in range(cfg.rounds):
            times = []
            for i in range(cfg.floor_samples):
                t0 = time.perf_counter()
                await probe.commit(progress(i))
                times.append(time.perf_counter() - t0)
                await asyncio.sleep(cfg.pace_s)
            rounds.append(summary(times))
            log(
                f"floor: commit round {r + 1}: p50/p99 {ms(rounds[-1]['p50'])}/"
                f"{ms(rounds[-1]['p99'])} ms"
            )
    finally:
        await probe.close()
    return rounds


class SenderProcess:
    """The sender subprocess (bench/floor_probe.py) and one stream to it."""

    def __init__(self, commit: bool) -> None:
        self.port = free_port()
        self.commit = commit
        self.proc: subprocess.Popen[bytes] | None = None
        self.stream: SSEStream | None = None
        self.waiting: asyncio.Future[tuple[dict[str, Any], float]] | None = None

    async def start(self) -> None:
        cmd = [sys.executable, "-m", "bench.floor_probe", "--port", str(self.port)]
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        self.proc = subprocess.Popen(
            [*cmd, *(["--commit"] if self.commit else [])],
            stdout=subprocess.PIPE,
            env=env,
            cwd=REPO,
        )
        assert self.proc.stdout is not None
        line = await asyncio.to_thread(self.proc.stdout.readline)
        if line.strip() != b"ready":
            raise RuntimeError(f"floor sender did not start: {line!r}")
        self.stream = await open_stream("127.0.0.1", self.port, "/", self._on_event)

    def _on_event(self, s: SSEStream, data: dict[str, Any], ta: float, tp: float) -> None:
        if self.waiting is not None and not self.waiting.done():
            self.waiting.set_result((data, tp))

    async def one(self) -> tuple[float, float]:
        """(emit → client, request → client) of one frame, in seconds."""
        assert self.stream is not None and self.stream.transport is not None
        self.waiting = asyncio.get_running_loop().create_future()
        t_sent = time.time()
        self.stream.transport.write(b"tick\n")
        data, t_parsed = await asyncio.wait_for(self.waiting, 10)
        return t_parsed - ts_epoch(data["ts"]), t_parsed - t_sent

    def stop(self) -> None:
        if self.stream is not None:
            self.stream.close()
        if self.proc is not None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)


async def send_floor(cfg: Config, commit: bool) -> dict[str, list[dict[str, float]]]:
    """Round by round: emit → client and request → client through the sender."""
    sender = SenderProcess(commit)
    out: dict[str, list[dict[str, float]]] = {"emit": [], "request": []}
    try:
        await sender.start()
        for _ in range(20):  # warm both ends up
            await sender.one()
        for r in range(cfg.rounds):
            emit, request = [], []
            for _ in range(cfg.floor_samples):
                e, q = await sender.one()
                emit.append(e)
                request.append(q)
                await asyncio.sleep(cfg.pace_s)
            out["emit"].append(summary(emit))
            out["request"].append(summary(request))
            what = "commit + send" if commit else "send"
            log(
                f"floor: {what} round {r + 1}: emit → client p50/p99 "
                f"{ms(out['emit'][-1]['p50'])}/{ms(out['emit'][-1]['p99'])} ms, request → "
                f"client {ms(out['request'][-1]['p50'])}/{ms(out['request'][-1]['p99'])} ms"
            )
    finally:
        sender.stop()
    return out


# -- planloop --------------------------------------------------------------------------------


def batches(
    next_cp: dict[str, int], runs: Sequence[str], count: int
) -> list[tuple[int, list[str]]]:
    """``count`` approvals as batches of distinct runs at one checkpoint each, taking the
    runs least advanced first (in ``runs`` order), and advancing ``next_cp``."""
    out: list[tuple[int, list[str]]] = []
    while count > 0:
        low = min(next_cp[r] for r in runs)
        group = [r for r in runs if next_cp[r] == low][:count]
        for r in group:
            next_cp[r] += 1
        out.append((low, group))
        count -= len(group)
    return out


@dataclass
class Subject:
    """One ``planloop serve`` with ``n`` runs parked and their streams open."""

    name: str
    server: BenchServer
    bench: Bench
    ids: list[str] = field(default_factory=list)
    streams: list[SSEStream] = field(default_factory=list)
    next_cp: dict[str, int] = field(default_factory=dict)

    @classmethod
    async def park(cls, name: str, n: int, checkpoints: int, workdir: Path, **env: str) -> Subject:
        server = BenchServer(workdir, **env).start()
        subject = cls(name, server, Bench(server, 24))
        bench = subject.bench
        await bench.setup()
        # One iteration more than checkpoints approved: no run finishes (saving a plan).
        ids, errors = await bench.create_runs(n, checkpoints + 2)
        if errors:
            raise RuntimeError(f"{len(errors)} runs not created: {errors[:3]}")
        seqs = await bench.wait_parked(ids, 1)
        streams, errors = await bench.open_streams([(r, r, seqs[r]) for r in ids], 200)
        if errors:
            raise RuntimeError(f"{len(errors)} streams failed to open: {errors[:3]}")
        subject.ids, subject.streams = ids, streams
        subject.next_cp = dict.fromkeys(ids, 1)
        return subject

    async def round(self, cfg: Config) -> dict[str, Any]:
        """``cfg.approvals`` approvals at ``cfg.rate``, every event of them timed."""
        server, bench, col = self.server, self.bench, self.bench.collector
        meter = LoadMeter(server.pid)
        cpu0 = server.cpu_seconds()
        delivery: list[float] = []
        by_type: dict[str, list[float]] = defaultdict(list)
        approved: list[float] = []
        missing = 0
        for number, batch in batches(self.next_cp, self.ids, cfg.approvals):
            calls = [functools.partial(bench.approve, rid, number) for rid in batch]
            w = await approve_and_watch(col, batch, calls, number, cfg.rate, 60.0)
            delivery.extend(col.parsed)
            for kind, values in col.by_type.items():
                by_type[kind].extend(values)
            approved.extend(w.to_approved.values())
            missing += len(w.remaining) + len(w.errors)
        return {
            "delivery": summary(delivery),
            "by_type": {k: summary(v) for k, v in sorted(by_type.items())},
            "to_approved": summary(approved),
            "missing": missing,
            "server_cpu_ms_per_approval": (server.cpu_seconds() - cpu0) * 1000 / cfg.approvals,
            "foreign_cores": meter.foreign_cores(),
        }

    async def close(self) -> None:
        for s in self.streams:
            s.close()
        await self.bench.close()
        self.server.stop()


# The offline planner's pacing out of the box (planloop as it is normally used), and none.
PACED = str(Settings.model_fields["offline_step_delay_s"].default)
CPU_BOUND = "0"


async def planloop_at(
    cfg: Config, n: int, workdir: Path, against: Path | None, step_delay: str = PACED
) -> dict[str, dict[str, Any]]:
    """Fresh servers with ``n`` parked runs and their streams (this checkout's planloop,
    and with ``against`` another checkout's), taking turns round by round; the offline
    planner waits ``step_delay`` seconds between its steps."""
    checkpoints = -(-cfg.approvals * cfg.rounds // n)  # each run goes through
    subjects: list[Subject] = []
    out: dict[str, dict[str, Any]] = {}
    try:
        pacing = {"PLANLOOP_OFFLINE_STEP_DELAY_S": step_delay}
        wanted: list[tuple[str, dict[str, str]]] = [("planloop", pacing)]
        if against is not None:
            wanted.append(("against", {**pacing, "PYTHONPATH": str(against / "src")}))
        for name, env in wanted:
            (workdir / name).mkdir()
            subject = await Subject.park(name, n, checkpoints, workdir / name, **env)
            subjects.append(subject)
            out[name] = {"n": n, "step_delay_s": float(step_delay), "rounds": []}
        await asyncio.sleep(1.0)
        for r in range(cfg.rounds):
            order = subjects if r % 2 == 0 else subjects[::-1]
            for subject in order:
                res = await subject.round(cfg)
                out[subject.name]["rounds"].append(res)
                log(
                    f"{subject.name}, {n} streams, step delay {step_delay} s, round {r + 1}:"
                    " delivery p50/p99 "
                    f"{ms(res['delivery']['p50'])}/{ms(res['delivery']['p99'])} ms, approval → "
                    f"approved {ms(res['to_approved']['p50'])}/"
                    f"{ms(res['to_approved']['p99'])} ms, missing {res['missing']}, "
                    f"other processes {res['foreign_cores']:.2f} cores"
                )
                await asyncio.sleep(0.3)
    finally:
        for subject in subjects:
            await subject.close()
    return out


async def run_all(cfg: Config, against: Path | None) -> dict[str, Any]:
    res: dict[str, Any] = {"load_start": os.getloadavg()}
    with tempfile.TemporaryDirectory(prefix="planloop-floor-") as tmp:
        root = Path(tmp)
        res["commit"] = await commit_floor(cfg, root)
        res["send"] = await send_floor(cfg, commit=False)
        res["commit_send"] = await send_floor(cfg, commit=True)
        res["planloop"], res["against"], res["cpu_bound"] = [], [], []
        for n in cfg.streams:
            workdir = root / f"planloop-{n}"
            workdir.mkdir()
            step = await planloop_at(cfg, n, workdir, against)
            res["planloop"].append(step["planloop"])
            if "against" in step:
                res["against"].append(step["against"])
        for n in cfg.cpu_bound:
            workdir = root / f"planloop-{n}-cpu-bound"
            workdir.mkdir()
            step = await planloop_at(cfg, n, workdir, None, CPU_BOUND)
            res["cpu_bound"].append(step["planloop"])
    res["load_end"] = os.getloadavg()
    return res


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench floor", description=__doc__)
    docs_options(parser, "floor", "~1 min", 60)
    parser.add_argument("--results", type=Path, help="also save the raw results as JSON")
    parser.add_argument("--render", type=Path, help="report saved results, measure nothing")
    parser.add_argument(
        "--against",
        type=Path,
        metavar="DIR",
        help="another checkout (its src/ is served) measured round by round against this one",
    )
    parser.add_argument(
        "--streams",
        type=lambda v: tuple(int(x) for x in v.split(",")),
        help="stream counts to measure planloop at, e.g. 10,100 (default: 10,100,1000)",
    )
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    if args.streams:
        cpu_bound = tuple(n for n in cfg.cpu_bound if n in args.streams)
        cfg = dataclasses.replace(cfg, streams=args.streams, cpu_bound=cpu_bound)
    extra = argv if argv is not None else sys.argv[1:]
    if args.render is not None:
        saved = json.loads(args.render.read_text())
        cfg = QUICK if saved["profile"] == "quick" else FULL
        text = render(saved)
    else:
        raise_nofile()
        foreign = wait_quiet(quiet_wait_s(args, 60), log=log)
        started = datetime.now(UTC)
        t0 = time.monotonic()
        with asyncio.Runner(loop_factory=loop_factory()) as runner:
            res = runner.run(run_all(cfg, args.against))
        res.update(
            profile=cfg.name,
            rounds=cfg.rounds,
            approvals=cfg.approvals,
            rate=cfg.rate,
            floor_samples=cfg.floor_samples,
            pace_s=cfg.pace_s,
            duration_s=time.monotonic() - t0,
            foreign_at_start=foreign,
            started=f"{started:%Y-%m-%d %H:%M}",
            facts=machine_facts(),
            against_src=str(args.against) if args.against else None,
            command=command_line(".venv/bin/python -m bench floor", args.quick, extra),
        )
        if args.results is not None:
            args.results.write_text(json.dumps(res, indent=1))
        text = render(res)
    print(text)
    if writes_docs(args):
        write_section(args.docs, "floor", text)
        log(f"wrote the floor section of {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
