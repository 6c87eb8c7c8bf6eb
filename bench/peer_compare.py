"""planloop against its peer, side by side: ``python -m bench peer``.

    .venv/bin/pip install -e '.[bench,peer]'
    .venv/bin/python -m bench peer --quick    # smoke, a few minutes; prints only
    .venv/bin/python -m bench peer            # ~15 min on 2 cores; rewrites its docs section
    .venv/bin/python -m bench peer --full     # the parked ladder up to 10,000 as well

The peer (bench/peer/) is the same service written with LangGraph as its documentation
teaches: a ``StateGraph`` with ``interrupt()`` and ``Command(resume=...)``,
``AsyncPostgresSaver``, FastAPI SSE, startup recovery, at most 32 graph executions at
once, and per-iteration work calibrated at the start of each run against planloop's
offline planner (bench/peer/work.py). One private PostgreSQL (tests/pg.py) holds the
peer's database and planloop's; planloop also runs on SQLite. The three subjects take
turns on the same load: first event after ``POST``; approvals (unique goals, then one
shared goal, where planloop's memory grows); events per second; the parked ladder
(bench/ladder.py); SIGKILL recovery (bench/peer_kill.py). Every figure gets a ratio to
the peer's. Writes the ``peer`` section of docs/benchmarks.md and docs/bench/peer-*.png.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
import traceback
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.ladder import Ladder, LadderPlan
from bench.peer_kill import KillPlan, kill_test
from bench.peer_phases import PgCpu, approvals, first_event, throughput
from bench.peer_subjects import NativeSubject, peer_server, planloop_server, subject
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
from bench.server import raise_nofile, wait_quiet
from bench.subjects import stop_subjects

NAMES = ("planloop SQLite", "planloop PG", "peer")
# The kill test also runs the peer with durability="sync" (LangGraph's default is "async").
KILL_NAMES = (*NAMES, "peer sync")


@dataclass(frozen=True)
class Config:
    name: str
    first_samples: int
    approval_runs: int
    approval_rate: float
    approval_rounds: int
    tput_runs: int
    tput_iterations: int
    tput_rounds: int
    ladder: LadderPlan
    kill: KillPlan


def _ladder(steps: tuple[int, ...], rounds: int, approvals: int, samples: int) -> LadderPlan:
    # The storm fields are bench all's; this benchmark has no reconnect storm.
    return LadderPlan(
        steps=steps,
        rounds=rounds,
        small_rounds=rounds,
        approvals=approvals,
        rate=50.0,
        ttfe_samples=samples,
        storm_clients=0,
        storm_rounds=0,
        storm_before=0,
        storm_during=0,
        baseline_storm=0,
        stall_s=15.0,
    )


# Enough samples that a percentile is one: a first event takes 4 to 8 ms (p10 to p90) on this
# machine, so the p50 of 6 samples moved by ~0.5 ms from run to run, and with 30 the
# nearest-rank p99 was the single slowest sample.
FIRST_SAMPLES = 200  # the p99 is the 198th of 200
LADDER_SAMPLES = 30  # a new client's first event at each step of the ladder

QUICK = Config(
    "quick",
    first_samples=8,
    approval_runs=50,
    approval_rate=20.0,
    approval_rounds=1,
    tput_runs=32,
    tput_iterations=10,
    tput_rounds=1,
    ladder=_ladder((10, 100, 1000), 1, 50, 3),
    kill=KillPlan(parked=20, approved=20, midflight=48, wait_s=40.0),
)
DEFAULT = Config(
    "default",
    first_samples=FIRST_SAMPLES,
    approval_runs=100,
    approval_rate=20.0,
    approval_rounds=3,
    tput_runs=64,
    tput_iterations=10,
    tput_rounds=3,
    ladder=_ladder((10, 100, 1000), 2, 100, LADDER_SAMPLES),
    kill=KillPlan(parked=100, approved=50, midflight=48, wait_s=60.0),
)
FULL = Config(
    "full",
    first_samples=FIRST_SAMPLES,
    approval_runs=100,
    approval_rate=20.0,
    approval_rounds=3,
    tput_runs=64,
    tput_iterations=10,
    tput_rounds=3,
    ladder=_ladder((10, 100, 1000, 5000, 10_000), 2, 100, LADDER_SAMPLES),
    kill=KillPlan(parked=100, approved=50, midflight=48, wait_s=60.0),
)


class Bed:
    """The private PostgreSQL and the calibrated work; starts fresh subjects on demand."""

    def __init__(self, workdir: Path, work_env: dict[str, str]) -> None:
        from tests.pg import PostgresServer

        self.workdir = workdir
        self.work_env = work_env
        self.pg = PostgresServer().start()
        self.count = 0
        self.pg_restarts = 0
        self.peer_urls: dict[str, str] = {}

    def ensure_pg(self) -> None:
        """Start the PostgreSQL again if something outside the benchmark stopped it (seen
        once on the shared machine); counted in the results."""
        import psycopg

        try:
            with psycopg.connect(self.pg.admin_url, connect_timeout=5) as conn:
                conn.execute("SELECT 1")
        except psycopg.OperationalError as exc:
            log(f"PostgreSQL is down ({str(exc).strip()[:120]}); starting it again")
            self.pg_restarts += 1
            self.pg.restart()

    def database(self) -> str:
        from tests.pg import create_database

        self.ensure_pg()
        return create_database(self.pg.admin_url)

    def start(self, name: str) -> NativeSubject:
        self.count += 1
        where = self.workdir / f"{self.count}-{name.replace(' ', '-')}"
        if name == "planloop SQLite":
            server = planloop_server(where)
        elif name == "planloop PG":
            server = planloop_server(where, self.database())
        else:
            url = self.database()
            durability = "sync" if name == "peer sync" else "async"
            server = peer_server(where, url, self.work_env, durability)
            self.peer_urls[name] = url
        return subject(name, server.start(timeout=120.0))

    def start_all(self) -> list[NativeSubject]:
        started: list[NativeSubject] = []
        try:
            for name in NAMES:
                started.append(self.start(name))
        except BaseException:
            for s in started:
                s.server.stop()
            raise
        return started

    def pg_cpu(self) -> PgCpu:
        return PgCpu(self.pg.data)

    def checkpoint_rows(self, name: str) -> Callable[[], int]:
        url = self.peer_urls[name]

        def count() -> int:
            import psycopg

            with psycopg.connect(url) as conn:
                row = conn.execute("SELECT count(*) FROM checkpoints").fetchone()
                return int(row[0]) if row else 0

        return count

    def stop(self) -> None:
        self.pg.stop()


async def _phase(res: dict[str, Any], key: str, body: Awaitable[Any]) -> None:
    """One phase's result under ``key``; a failure is recorded (and logged) instead, so
    the phases after it still run and the report says what broke."""
    try:
        res[key] = await body
    except Exception as exc:
        res.setdefault("failed", {})[key] = f"{type(exc).__name__}: {exc}"[:400]
        log(f"{key} failed: {traceback.format_exc()}")


async def _kill(bed: Bed, name: str, plan: KillPlan) -> dict[str, Any]:
    s = bed.start(name)
    try:
        return await kill_test(s, plan, log)
    finally:
        await stop_subjects(s)


async def run_peer(cfg: Config, workdir: Path, calibration: dict[str, Any]) -> dict[str, Any]:
    from bench.peer.work import Work

    work = Work(
        calibration["ms_per_iteration"],
        calibration["progress_per_iteration"],
        calibration["plan_chars"],
    )
    bed = Bed(workdir, work.env())
    res: dict[str, Any] = {"calibration": calibration}
    try:
        subjects = bed.start_all()
        try:
            peer = subjects[-1]
            res["peer_work"] = (await peer.pool.request("GET", "/api/status")).json()["work"]
            log(f"peer work: {res['peer_work']}")
            await _phase(res, "first_event", first_event(subjects, cfg.first_samples, log))
            common = {"runs": cfg.approval_runs, "rate": cfg.approval_rate, "log": log}
            rounds = cfg.approval_rounds
            await _phase(
                res,
                "approvals_unique",
                approvals(subjects, rounds=rounds, shared=False, **common),
            )
            pg = {"planloop PG": bed.pg_cpu(), "peer": bed.pg_cpu()}
            await _phase(
                res,
                "throughput",
                throughput(
                    subjects,
                    runs=cfg.tput_runs,
                    iterations=cfg.tput_iterations,
                    rounds=cfg.tput_rounds,
                    pg=pg,
                    durable={"peer": bed.checkpoint_rows("peer")},
                    log=log,
                ),
            )
            await _phase(
                res,
                "approvals_shared",
                approvals(subjects, rounds=rounds, shared=True, **common),
            )
        finally:
            await stop_subjects(*subjects)
        subjects = bed.start_all()
        try:
            ladder = Ladder(cfg.ladder, subjects, log)
            await _phase(res, "ladder_run", ladder.run())
            for name, rows in ladder.steps.items():
                for step in rows:
                    if step["errors"]:
                        log(f"{name} at {step['n']:,}: errors such as {step['errors']}")
            res["ladder"] = {
                "steps": ladder.steps,
                "stopped": ladder.stopped,
                "idle_kb": ladder.idle_kb,
            }
        finally:
            await stop_subjects(*subjects)
        res["kill"] = {}
        for name in KILL_NAMES:
            await _phase(res["kill"], name, _kill(bed, name, cfg.kill))
    finally:
        res["pg_restarts"] = bed.pg_restarts
        bed.stop()
    return res


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench peer", description=__doc__)
    docs_options(parser, "peer", "a few minutes", 180)
    parser.add_argument("--full", action="store_true", help="the parked ladder up to 10,000")
    parser.add_argument("--plots", type=Path, default=Path("docs/bench"))
    parser.add_argument("--results", type=Path, help="also save the raw results as JSON here")
    parser.add_argument(
        "--render", type=Path, metavar="JSON", help="measure nothing: report saved results"
    )
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL if args.full else DEFAULT
    try:
        import langgraph  # noqa: F401
    except ImportError:
        raise SystemExit("bench peer: the peer needs pip install -e '.[peer]'") from None
    if writes_docs(args):
        from bench.plots import require

        require()
    if args.render:
        saved = json.loads(args.render.read_text())
        return report(saved["results"], saved["command"], args, saved["started"])
    soft, hard = raise_nofile()
    log(f"profile {cfg.name}; RLIMIT_NOFILE {soft}/{hard}")
    foreign = wait_quiet(quiet_wait_s(args, 180), log=log)
    log(f"other processes keep {foreign:.2f} cores busy; starting")
    from bench.peer.work import measure_planner

    calibration = measure_planner()
    log(f"calibration: the offline planner {calibration}")
    started = datetime.now(UTC)
    t0 = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="planloop-peer-") as tmp,
        asyncio.Runner(loop_factory=loop_factory()) as runner,
    ):
        res = runner.run(run_peer(cfg, Path(tmp), calibration))
    res["config"] = asdict(cfg)
    res["duration_s"] = time.monotonic() - t0
    res["foreign_at_start"] = foreign
    res["facts"] = machine_facts()
    base = ".venv/bin/python -m bench peer" + (" --full" if args.full else "")
    command = command_line(base, args.quick, _shown(argv if argv is not None else sys.argv[1:]))
    if args.results:
        args.results.write_text(
            json.dumps({"results": res, "command": command, "started": started.isoformat()})
        )
    return report(res, command, args, started.isoformat())


def _shown(args: Sequence[str]) -> list[str]:
    """The options as the docs show them: without --full (shown first), the docs flags
    and where raw results were saved."""
    out: list[str] = []
    skip = False
    for a in args:
        if skip:
            skip = False
        elif a in ("--results", "--render"):
            skip = True
        elif a not in ("--full", "--no-docs", "--write-docs") and not a.startswith(
            ("--results=", "--render=")
        ):
            out.append(a)
    return out


def report(res: dict[str, Any], command: str, args: argparse.Namespace, started: str) -> int:
    from bench.peer_report import render

    write = writes_docs(args)
    plots: list[Path] = []
    if write:
        from bench.plots import plot_peer

        plots = plot_peer(res, args.plots)
    text = render(res, command, datetime.fromisoformat(started), plots, args.docs.parent)
    print(text)
    if write:
        write_section(args.docs, "peer", text)
        log(f"wrote the peer section of {args.docs} and {len(plots)} PNGs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
