"""Approvals as memory grows, two checkouts in pairs: ``python -m bench memgrowth-ab``.

    .venv/bin/python -m bench memgrowth-ab --against /path/to/other/checkout
    .venv/bin/python -m bench memgrowth-ab --against ../before --plans 300 --repeats 2

On this VM the same code measured one after the other moves by a third within the hour
(docs/benchmarks.md, approvals as memory grows, finding 11), more than most changes it is
asked to judge. So both subjects run at once: two ``planloop serve`` (this checkout's
src/ and ``--against``'s), each seeded with the same ``--plans`` finished runs, each with
200 runs of 5 iterations parked at checkpoint 1 and a stream open on each. Rounds of 100
approvals at 50/s then go to one and then the other, the order swapped every pair, at
checkpoints 1, 2 and 3 (each resumes a run for one iteration; none finishes it): every
pair sees the same host. It prints each round and, per subject, the medians; it writes
no docs (the findings quote it).
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.foundation import Bench, approval_round
from bench.memory_growth import GOAL, create, seed, settle
from bench.report import log, loop_factory
from bench.server import REPO, BenchServer, raise_nofile

PARKED = 200
PER_ROUND = 100
ITERATIONS = 5  # checkpoints after 1-4: approving 1-3 resumes a run, never finishes it


async def subject(tree: Path, work: Path, plans: int) -> tuple[Bench, list[str], Any]:
    server = BenchServer(work, PYTHONPATH=str(tree / "src")).start()
    bench = Bench(server, 12)
    await bench.setup()
    log(f"{tree}: seeding {plans} plans")
    await seed(bench, plans, work / "memory")
    ids = await create(bench, [GOAL.format(i=f"p{i}") for i in range(PARKED)], ITERATIONS, 1)
    seqs = await bench.wait_parked(ids, 1, timeout=600)
    streams, errors = await bench.open_streams([(r, r, seqs[r]) for r in ids], 100)
    if errors:
        raise RuntimeError(f"{len(errors)} streams failed to open: {errors[:3]}")
    return bench, ids, streams


async def run_pairs(trees: Sequence[Path], plans: int) -> dict[Path, list[dict[str, Any]]]:
    subjects = []
    tmps = [tempfile.TemporaryDirectory(prefix="planloop-pairs-") for _ in trees]
    try:
        for tree, tmp in zip(trees, tmps, strict=True):
            subjects.append((tree, *await subject(tree, Path(tmp.name), plans)))
        await asyncio.sleep(1.0)
        out: dict[Path, list[dict[str, Any]]] = {tree: [] for tree in trees}
        turn = 0
        for number in (1, 2, 3):
            for half in range(PARKED // PER_ROUND):
                order = subjects if turn % 2 == 0 else subjects[::-1]
                turn += 1
                for tree, bench, ids, _ in order:
                    batch = ids[half * PER_ROUND : (half + 1) * PER_ROUND]
                    res = await approval_round(bench, batch, number, 50.0)
                    await settle(bench)
                    await asyncio.sleep(0.3)
                    out[tree].append(res)
                    log(
                        f"{tree} checkpoint {number}: CPU "
                        f"{res['server_cpu_ms_per_approval']:.1f} ms/approval, → approved "
                        f"p50 {res['to_approved']['p50'] * 1000:.2f} ms, → iteration_started "
                        f"p50/p99 {res['to_started']['p50'] * 1000:.2f}/"
                        f"{res['to_started']['p99'] * 1000:.2f} ms, missing {res['missing']}"
                    )
        return out
    finally:
        for _, bench, _, streams in subjects:
            await bench.close_streams(streams, timeout=10)
            await bench.close()
            bench.server.stop()
        for tmp in tmps:
            tmp.cleanup()


def summary(rounds: Sequence[dict[str, Any]]) -> str:
    def med(values: list[float]) -> str:
        return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"

    return (
        f"CPU/approval {med([r['server_cpu_ms_per_approval'] for r in rounds])} ms; "
        f"→ approved p50 {med([r['to_approved']['p50'] * 1000 for r in rounds])} ms; "
        f"→ iteration_started p50 {med([r['to_started']['p50'] * 1000 for r in rounds])}, "
        f"p99 {med([r['to_started']['p99'] * 1000 for r in rounds])} ms; "
        f"missing {sum(r['missing'] for r in rounds)}"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench memgrowth-ab", description=__doc__)
    parser.add_argument("--against", type=Path, required=True, help="the other checkout")
    parser.add_argument("--plans", type=int, default=300, help="saved plans to seed (300)")
    parser.add_argument("--repeats", type=int, default=1, help="whole runs, one after another")
    args = parser.parse_args(argv)
    other = args.against.resolve()
    if not (other / "src" / "planloop").is_dir():
        parser.error(f"--against {args.against}: no src/planloop there")
    raise_nofile()
    trees = [REPO, other]
    every: dict[Path, list[dict[str, Any]]] = {tree: [] for tree in trees}
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        for _ in range(args.repeats):
            for tree, rounds in runner.run(run_pairs(trees, args.plans)).items():
                every[tree] += rounds
    for tree in trees:
        print(f"{'this checkout' if tree == REPO else tree}: {summary(every[tree])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
