"""Approvals as memory grows: approval-to-resume with >= 1,000 saved plans in memory.

    .venv/bin/python -m bench memgrowth            # 1,000 plans, 100 parked runs; writes docs
    .venv/bin/python -m bench memgrowth --big      # ... and 10,000 parked runs
    .venv/bin/python -m bench memgrowth --quick    # smoke: 100 plans, 30 parked runs; prints
    .venv/bin/python -m bench memgrowth --profile  # py-spy on the server during approvals

planloop's foundation benchmark never lets memory grow. Here a real ``planloop serve``
(SQLite, offline planner, memory folder in a temp dir) first completes ``--plans`` real runs,
each saving its plan to the session's memory as a finished run does — most of them on the
goal the parked runs will have, or a related one, the rest on unrelated goals — so every
later run grounds in earlier plans. Then it parks runs on that goal at checkpoint 1 and
approves them, round after round (checkpoints 1, 2, 3; the last approval finishes the run,
which saves its plan), timing on each run's open stream the approval POST leaving the client
to ``checkpoint_approved`` and to the next ``iteration_started``, and reading the server's
CPU time (/proc/<pid>/stat) before and after each round.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.foundation import Bench, approval_round
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
from bench.server import BenchServer, raise_nofile, wait_quiet
from bench.stats import median_spread, ms, ms_spread

SECTION = "memory-growth"
GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months (run {i})"
# What finished runs of one person leave in memory: the same goal again and again, goals
# related to it, and goals about other things.
RELATED = (
    GOAL,
    GOAL,
    "Open a second bakery in Lisbon with a budget of $25,000 by March 2027 (run {i})",
    "Open a bakery and coffee shop in Lisbon for 300 customers a day (run {i})",
    "Grow the Lisbon bakery's revenue by 20% within 12 months (run {i})",
)
UNRELATED = (
    "Plan a wedding in Porto for 120 guests under €30,000 (run {i})",
    "Migrate the billing module to PostgreSQL within 8 weeks with 3 engineers (run {i})",
    "Train for a first marathon in 16 weeks (run {i})",
)
SEED_ITERATIONS = 4  # a whole run, no checkpoint (the interval is the run's length)
PARKED_ITERATIONS = 4  # checkpoints after iterations 1, 2 and 3

# The targets of issue 19.
APPROVED_P99_S = 0.005
STARTED_P99_S = 0.010
CPU_PER_APPROVAL_S = 0.008


@dataclass(frozen=True)
class Config:
    name: str
    plans: int
    parked: tuple[int, ...]  # runs parked at checkpoint 1, one measurement each
    approvals: int  # approvals per round (at most the parked runs)
    rounds: int  # checkpoints approved in turn (<= PARKED_ITERATIONS - 1)
    rate: float = 50.0
    concurrency: int = 12


FULL = Config("full", 1000, (100,), 100, 3)
BIG = Config("big", 1000, (100, 10_000), 100, 3)
QUICK = Config("quick", 100, (30,), 30, 3)


def seed_goal(i: int) -> str:
    """Four in five seeded plans are on the parked goal or a related one."""
    pool = RELATED if i % 5 else UNRELATED
    return pool[(i // 5) % len(pool)].format(i=i)


async def create(bench: Bench, goals: Sequence[str], iterations: int, interval: int) -> list[str]:
    ids: list[str] = []
    errors: list[str] = []
    todo = iter(goals)

    async def worker() -> None:
        for goal in todo:
            body = {"goal": goal, "max_iterations": iterations, "checkpoint_interval": interval}
            resp = await bench.pool.request("POST", "/api/runs", body)
            if resp.status != 201:
                errors.append(f"{resp.status} {resp.body[:200]!r}")
                continue
            ids.append(resp.json()["run_id"])

    await asyncio.gather(*(worker() for _ in range(bench.concurrency)))
    if errors:
        raise RuntimeError(f"{len(errors)} runs not created: {errors[:3]}")
    return ids


async def settle(bench: Bench, timeout: float = 1800.0) -> None:
    """Wait until no run is executing."""
    deadline = time.monotonic() + timeout
    while (await bench.health()).get("executing", 0) > 0:
        if time.monotonic() > deadline:
            raise RuntimeError("runs still executing")
        await asyncio.sleep(0.2)


def plan_sizes(memory: Path) -> list[tuple[float, int]]:
    """(mtime, bytes) of every saved plan note on the parked goal, oldest first."""
    found = []
    for path in (memory / "entities").glob("plan_*.md"):
        if "goal: Open a bakery in Lisbon with a budget of $40,000" in path.read_text():
            st = path.stat()
            found.append((st.st_mtime, st.st_size))
    return sorted(found)


async def seed(bench: Bench, n: int, memory: Path) -> dict[str, Any]:
    """Complete ``n`` real runs (each saves its plan); batch by batch, so later runs ground
    in earlier plans as a person's runs over time would."""
    t0 = time.monotonic()
    cpu0 = bench.server.cpu_seconds()
    batch = 50
    for start in range(0, n, batch):
        goals = [seed_goal(i) for i in range(start, min(n, start + batch))]
        await create(bench, goals, SEED_ITERATIONS, SEED_ITERATIONS)
        await settle(bench)
        if (start // batch) % 4 == 3:
            log(f"seed: {start + len(goals)} plans saved in {time.monotonic() - t0:.0f} s")
    saved = len(list((memory / "entities").glob("plan_*.md")))
    sizes = plan_sizes(memory)
    tenth = max(1, len(sizes) // 10)
    return {
        "plans": saved,
        "seconds": time.monotonic() - t0,
        "cpu_ms_per_run": (bench.server.cpu_seconds() - cpu0) * 1000 / max(n, 1),
        "first_kb": statistics.mean(s for _, s in sizes[:tenth]) / 1024 if sizes else 0.0,
        "last_kb": statistics.mean(s for _, s in sizes[-tenth:]) / 1024 if sizes else 0.0,
        "same_goal": len(sizes),
    }


async def park_and_approve(
    cfg: Config, bench: Bench, n: int, profile: Path | None
) -> dict[str, Any]:
    log(f"parking {n} runs on the seeded goal at checkpoint 1")
    t = time.monotonic()
    ids = await create(bench, [GOAL.format(i=f"p{n}-{i}") for i in range(n)], PARKED_ITERATIONS, 1)
    seqs = await bench.wait_parked(ids, 1, timeout=3600)
    log(f"{n} runs parked in {time.monotonic() - t:.0f} s")
    sample = ids[: cfg.approvals]
    streams, errors = await bench.open_streams([(r, r, seqs[r]) for r in sample], 100)
    if errors:
        raise RuntimeError(f"{len(errors)} streams failed to open: {errors[:3]}")
    await asyncio.sleep(1.0)
    # The profile covers the approvals that resume a run, not the last one (which finishes
    # it and saves its plan).
    spy = PySpy(bench.server.pid, profile) if profile else None
    prof = None
    rounds = []
    try:
        for number in range(1, cfg.rounds + 1):
            if spy and profile and number == cfg.rounds:
                prof = profile_summary(await spy.stop())
                spy = None
            res = await approval_round(bench, sample, number, cfg.rate)
            rounds.append(res)
            log(
                f"N={n} checkpoint {number}: approve→approved p50/p99 "
                f"{ms(res['to_approved']['p50'])}/{ms(res['to_approved']['p99'])} ms, "
                f"→iteration_started {ms(res['to_started']['p50'])}/"
                f"{ms(res['to_started']['p99'])} ms, server CPU "
                f"{res['server_cpu_ms_per_approval']:.1f} ms/approval, missing "
                f"{res['missing']}, errors {len(res['errors'])}"
            )
            await settle(bench)
            await asyncio.sleep(0.5)
    finally:
        if spy and profile:
            prof = profile_summary(await spy.stop())
        await bench.close_streams(streams, timeout=20)
    return {"n": n, "rounds": rounds, "profile": prof}


async def run_all(cfg: Config, profile: bool) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="planloop-memgrow-") as tmp:
        work = Path(tmp)
        server = BenchServer(work).start()
        bench = Bench(server, cfg.concurrency)
        try:
            await bench.setup()
            log(f"seed: completing {cfg.plans} runs, each saving its plan")
            seeded = await seed(bench, cfg.plans, work / "memory")
            log(
                f"seed: {seeded['plans']} plans in {seeded['seconds']:.0f} s; plans on the "
                f"parked goal {seeded['first_kb']:.1f} KB (first tenth) → "
                f"{seeded['last_kb']:.1f} KB (last tenth)"
            )
            steps = []
            for n in cfg.parked:
                path = work / f"profile-{n}.txt" if profile else None
                steps.append(await park_and_approve(cfg, bench, n, path))
        finally:
            await bench.close()
            server.stop()
    return {"seed": seeded, "steps": steps}


def _figure(rounds: Sequence[dict[str, Any]], key: str, q: str) -> list[float]:
    return [r[key][q] for r in rounds]


def _cpu(rounds: Sequence[dict[str, Any]]) -> list[float]:
    return [r["server_cpu_ms_per_approval"] / 1000 for r in rounds]


def render(cfg: Config, res: dict[str, Any], command: str, started: datetime) -> str:
    seeded, steps = res["seed"], res["steps"]
    lines: list[str] = []
    add = lines.append
    add("## Approvals as memory grows")
    add("")
    add(
        f"Run {started:%Y-%m-%d %H:%M} UTC in {res['duration_s']:.0f} s with `{command}` "
        f"({cfg.name} profile)."
    )
    add("")
    f = res["facts"]
    add(
        f"Machine: {f['nproc']} cores ({f['cpu']}), Python {f['python']}; one `planloop serve` "
        f"(SQLite, offline planner, memory folder); other processes kept "
        f"{res['foreign_at_start']:.2f} cores busy at the start."
    )
    add("")
    add(
        f"Memory: {seeded['plans']:,} saved plans from {cfg.plans:,} real runs completed "
        f"before the measurement ({seeded['same_goal']:,} on the parked goal itself, most "
        f"others on related goals; {seeded['cpu_ms_per_run']:.0f} ms server CPU per seeded "
        f"run). A plan on the parked goal was {seeded['first_kb']:.1f} KB among the first "
        f"tenth saved and {seeded['last_kb']:.1f} KB among the last."
    )
    add("")
    add("| target | measured | verdict |")
    add("|---|---|---|")
    for step in steps:
        rounds = step["rounds"]
        a99 = median_spread(_figure(rounds, "to_approved", "p99"))[0]
        s99 = median_spread(_figure(rounds, "to_started", "p99"))[0]
        cpu = median_spread(_cpu(rounds))[0]
        n = f"{step['n']:,} parked"
        for label, value, limit, text in (
            ("approval → `checkpoint_approved` p99 < 5 ms", a99, APPROVED_P99_S, None),
            ("approval → next `iteration_started` p99 < 10 ms", s99, STARTED_P99_S, None),
            ("server CPU per approval < 8 ms", cpu, CPU_PER_APPROVAL_S, None),
        ):
            measured = text or ms_spread(
                _figure(rounds, "to_approved", "p99")
                if "approved" in label
                else _figure(rounds, "to_started", "p99")
                if "started" in label
                else _cpu(rounds)
            )
            add(f"| {label}, {n} | {measured} | {'PASS' if value < limit else 'FAIL'} |")
    add("")
    add(
        f"Per round: {cfg.approvals} approvals at {cfg.rate:g}/s, each run's stream open; "
        "figures are the median of the rounds with their spread (min–max)."
    )
    add("")
    add("| parked | checkpoint | → approved p50 / p99 | → iteration_started p50 / p99 | "
        "server CPU / approval | missing | other processes |")  # fmt: skip
    add("|---|---|---|---|---|---|---|")
    for step in steps:
        for number, r in enumerate(step["rounds"], 1):
            add(
                f"| {step['n']:,} | {number} | {ms(r['to_approved']['p50'])} / "
                f"{ms(r['to_approved']['p99'])} ms | {ms(r['to_started']['p50'])} / "
                f"{ms(r['to_started']['p99'])} ms | {r['server_cpu_ms_per_approval']:.1f} ms | "
                f"{r['missing']} | {r['foreign_cores']:.2f} cores |"
            )
    add("")
    add(
        "The approval of checkpoint 3 runs the last iteration, which finishes the run and "
        "saves its plan to memory: its CPU includes that save."
    )
    for step in steps:
        if step.get("profile"):
            add("")
            render_profile(
                add, f"py-spy, {step['n']:,} parked, during the approvals", step["profile"]
            )
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench memgrowth", description=__doc__)
    docs_options(parser, SECTION, "~1 min", 120)
    parser.add_argument("--big", action="store_true", help="also 10,000 parked runs")
    parser.add_argument("--plans", type=int, default=None, help="saved plans to seed")
    parser.add_argument("--profile", action="store_true", help="py-spy during the approvals")
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else BIG if args.big else FULL
    if args.plans is not None:
        cfg = Config(cfg.name, args.plans, cfg.parked, cfg.approvals, cfg.rounds)
    raise_nofile()
    foreign = wait_quiet(quiet_wait_s(args, 120), log=log)
    started = datetime.now(UTC)
    t0 = time.monotonic()
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        res = runner.run(run_all(cfg, args.profile))
    res["duration_s"] = time.monotonic() - t0
    res["foreign_at_start"] = foreign
    res["facts"] = machine_facts()
    extra = argv if argv is not None else sys.argv[1:]
    text = render(
        cfg, res, command_line(".venv/bin/python -m bench memgrowth", args.quick, extra), started
    )
    print(text)
    if writes_docs(args) and not args.profile:
        write_section(args.docs, SECTION, text)
        log(f"wrote the {SECTION} section of {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
