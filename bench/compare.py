"""planloop against the original design, side by side: ``python -m bench all``.

    .venv/bin/python -m bench all            # full (~15 min on 2 cores), rewrites docs
    .venv/bin/python -m bench all --quick    # smoke (< 2 min), prints only

Starts planloop (``planloop serve``, SQLite, offline planner, no step delay, the per-session
limits lifted) and the baseline (bench/baseline: the original design under uvicorn's
defaults) on loopback ports and drives both with the same load in one run: the parked
ladder with delivery and approval rounds and the reconnect storm (bench/ladder.py), the
engine's per-iteration cost, throughput and bytes on the wire (bench/engine_cost.py), and
planloop's overhead around a paced model (bench/model_overhead.py). Prints a Markdown
report; the full run also rewrites the ``compare`` and ``model-overhead`` sections of
docs/benchmarks.md and the PNGs under docs/bench/.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.compare_report import render, render_model
from bench.engine_cost import EnginePlan, engine_rounds
from bench.ladder import Ladder, LadderPlan, baseline_storm, storm
from bench.model_overhead import model_overhead
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
from bench.subjects import start_subjects, stop_subjects


@dataclass(frozen=True)
class Config:
    name: str
    ladder: LadderPlan
    engine: EnginePlan
    model_iterations: int
    model_call_s: float = 1.0
    model_chunks: int = 50


FULL = Config(
    "full",
    LadderPlan(
        steps=(10, 30, 100, 1000, 5000, 10_000),
        rounds=3,
        small_rounds=5,
        approvals=100,
        rate=50.0,
        ttfe_samples=10,
        storm_clients=5000,
        storm_rounds=3,
        storm_before=100,
        storm_during=100,
        baseline_storm=30,
    ),
    EnginePlan(rounds=3, iterations=8, concurrent=32),
    model_iterations=6,
)
QUICK = Config(
    "quick",
    LadderPlan(
        steps=(10, 30, 100, 500),
        rounds=2,
        small_rounds=3,
        approvals=50,
        rate=50.0,
        ttfe_samples=4,
        storm_clients=300,
        storm_rounds=1,
        storm_before=25,
        storm_during=25,
        baseline_storm=30,
        stall_s=8.0,
    ),
    EnginePlan(rounds=1, iterations=4, concurrent=32, planner_reps=3),
    model_iterations=2,
)


class Profiler:
    """py-spy on planloop's server around chosen phases (``--profile``); figures measured
    under it are slower and are not reported as results."""

    def __init__(self, workdir: Path) -> None:
        self.workdir = workdir
        self.summaries: dict[str, dict[str, Any]] = {}

    async def around(self, label: str, pid: int, body: Callable[[], Any]) -> Any:
        from bench.pyspy import PySpy, profile_summary

        spy = PySpy(pid, self.workdir / f"{label}.raw")
        await asyncio.sleep(0.5)
        try:
            return await body()
        finally:
            self.summaries[label] = profile_summary(await spy.stop())


async def run_all(cfg: Config, workdir: Path, profile: bool) -> dict[str, Any]:
    res: dict[str, Any] = {}
    profiler = Profiler(workdir) if profile else None
    pl, bl = start_subjects(workdir / "ladder")
    try:
        ladder = Ladder(cfg.ladder, [pl, bl], log)
        if profiler is not None:
            ladder.profiler = profiler
        await ladder.run()
        res["ladder"] = {
            "steps": ladder.steps,
            "stopped": ladder.stopped,
            "idle_kb": ladder.idle_kb,
        }
        res["storm"] = []
        flows = ladder.flows["planloop"]
        if ladder.active["planloop"] and flows:
            rng = random.Random(9)
            clients = min(cfg.ladder.storm_clients, len(flows))
            for r in range(cfg.ladder.storm_rounds):

                async def one() -> dict[str, Any]:
                    return await storm(
                        pl,
                        flows,
                        clients,
                        cfg.ladder.storm_before,
                        cfg.ladder.storm_during,
                        rng,
                    )

                if profiler is not None and r == 0:
                    out = await profiler.around("storm", pl.pid, one)
                else:
                    out = await one()
                res["storm"].append(out)
                log(
                    f"storm {r + 1}: {clients:,} clients live in {out['t_live_s']:.2f} s, "
                    f"healed in {out['t_healed_s']:.2f} s; {out['reconnected']:,} reconnected, "
                    f"{out['error_count']} errors, lost {out['lost']}, duplicated "
                    f"{out['duplicated']}, unhealed {out['unhealed']}"
                )
                await asyncio.sleep(2.0)
        res["parked_at_end"] = len(flows)
    finally:
        await stop_subjects(pl, bl)
    res["baseline_storm"] = await baseline_storm(
        workdir / "baseline-storm", cfg.ladder.baseline_storm, cfg.ladder.stall_s, log
    )
    res["engine"] = await engine_rounds(cfg.engine, workdir / "engine", log)
    (workdir / "model").mkdir(parents=True, exist_ok=True)
    res["model"] = await model_overhead(
        workdir / "model", cfg.model_iterations, cfg.model_call_s, cfg.model_chunks, log
    )
    if profiler is not None:
        res["profiles"] = profiler.summaries
    return res


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench all", description=__doc__)
    docs_options(parser, "compare and model-overhead", "< 2 min", 180)
    parser.add_argument("--plots", type=Path, default=Path("docs/bench"))
    parser.add_argument(
        "--profile",
        action="store_true",
        help="attach py-spy to planloop during the top step's approval rounds and the first "
        "storm; prints where its CPU went (slows what it profiles; docs are not written)",
    )
    parser.add_argument("--results", type=Path, help="also save the raw results as JSON here")
    parser.add_argument(
        "--render", type=Path, metavar="JSON", help="measure nothing: report saved results"
    )
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    # The bench extra, checked before minutes of measuring rather than after them.
    if args.profile:
        from bench.pyspy import executable

        executable()
    elif _writes_docs(args):
        from bench.plots import require

        require()
    if args.render:
        saved = json.loads(args.render.read_text())
        command = " ".join(_shown(shlex.split(saved["command"])))
        return report(cfg, saved["results"], command, args, saved["started"])
    soft, hard = raise_nofile()
    log(f"profile {cfg.name}; RLIMIT_NOFILE {soft}/{hard}")
    foreign = wait_quiet(quiet_wait_s(args, 180), log=log)
    log(f"other processes keep {foreign:.2f} cores busy; starting")
    started = datetime.now(UTC)
    t0 = time.monotonic()
    with (
        tempfile.TemporaryDirectory(prefix="planloop-compare-") as tmp,
        asyncio.Runner(loop_factory=loop_factory()) as runner,
    ):
        res = runner.run(run_all(cfg, Path(tmp), args.profile))
    res["duration_s"] = time.monotonic() - t0
    res["foreign_at_start"] = foreign
    res["facts"] = machine_facts()
    extra = _shown(argv if argv is not None else sys.argv[1:])
    command = command_line(".venv/bin/python -m bench all", args.quick, extra)
    if args.results:
        args.results.write_text(
            json.dumps({"results": res, "command": command, "started": started.isoformat()})
        )
    return report(cfg, res, command, args, started.isoformat())


def _shown(args: Sequence[str]) -> list[str]:
    """The command line as the docs show it: without where raw results were saved."""
    out: list[str] = []
    skip = False
    for a in args:
        if skip:
            skip = False
        elif a in ("--results", "--render"):
            skip = True
        elif not a.startswith(("--results=", "--render=")):
            out.append(a)
    return out


def _writes_docs(args: argparse.Namespace) -> bool:
    return writes_docs(args) and not args.profile


def report(
    cfg: Config, res: dict[str, Any], command: str, args: argparse.Namespace, started: str
) -> int:
    when = datetime.fromisoformat(started)
    write = _writes_docs(args)
    plots: list[Path] = []
    if write:
        from bench.plots import plot_all

        plots = plot_all(res, args.plots)
    text = render(cfg, res, command, when, plots, args.docs.parent)
    model_text = render_model(res["model"], command, when)
    print(text)
    print()
    print(model_text)
    if args.profile:
        from bench.compare_report import render_profiles

        print(render_profiles(res.get("profiles", {})))
    if write:
        write_section(args.docs, "compare", text)
        write_section(args.docs, "model-overhead", model_text)
        log(f"wrote the compare and model-overhead sections of {args.docs} and {len(plots)} PNGs")
    return 0


if __name__ == "__main__":
    sys.exit(main())
