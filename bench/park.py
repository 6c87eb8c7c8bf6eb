"""Parking 10,000 runs (issue 19, target 2: "10,000 parked within 60 s"), alone.

    .venv/bin/python -m bench park                 # SQLite, 10,000 runs
    .venv/bin/python -m bench park --postgres      # PostgreSQL (a private server)
    .venv/bin/python -m bench park --runs 2000
    .venv/bin/python -m bench park --postgres --workers 2   # two server processes

The peer benchmark's ladder (``bench peer --full``) parks 10, 100, 1,000 and 10,000 runs
in turn with the peer between them (~30 min); this is its last step on its own, with the
same routine (bench/subjects.py ``park``): one real ``planloop serve`` (offline planner),
each browser POSTs a run of 40 iterations with a checkpoint after the first, opens its
stream and waits until it is parked at checkpoint 1. It prints the seconds until the last
one parked and the server's CPU per run (its worker processes' included); it writes
nothing. ``--workers`` (PostgreSQL only) serves with ``planloop serve --workers N``: N
processes on one port, as planloop scales out on one machine.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

from bench.peer_subjects import planloop_server, subject
from bench.report import log, loop_factory
from bench.server import raise_nofile, wait_quiet
from bench.subjects import park


async def measure(runs: int, workdir: Path, database_url: str | None, workers: int = 1) -> None:
    name = "planloop PG" if database_url else "planloop SQLite"
    if workers > 1:
        name += f" ({workers} workers)"
    server = planloop_server(workdir, database_url, workers=workers)
    tested = subject(name, server.start(timeout=120))
    try:
        parked = await park(tested, runs, iterations=40, interval=1)
        log(
            f"{name}: {len(parked.flows):,} of {runs:,} parked in {parked.seconds:.1f} s,"
            f" {parked.cpu_s * 1000 / runs:.1f} ms server CPU a run; stalled"
            f" {len(parked.stalled)}, errors {len(parked.errors)} {parked.errors[:2]};"
            f" other processes {parked.foreign_cores:.2f} cores"
        )
        for flow in parked.flows:
            flow.close()
    finally:
        tested.server.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench park", description=__doc__)
    parser.add_argument("--runs", type=int, default=10_000)
    parser.add_argument("--postgres", action="store_true", help="on a private PostgreSQL")
    parser.add_argument(
        "--workers", type=int, default=1, metavar="N", help="server processes (PostgreSQL)"
    )
    parser.add_argument("--wait-quiet", type=float, default=60.0, metavar="S")
    args = parser.parse_args(argv)
    if args.workers > 1 and not args.postgres:
        parser.error("--workers needs --postgres: one process owns a SQLite file")
    soft, hard = raise_nofile()
    log(f"{args.runs} runs; RLIMIT_NOFILE {soft}/{hard}")
    wait_quiet(args.wait_quiet, log=log)
    pg = None
    if args.postgres:
        from tests.pg import PostgresServer, create_database

        pg = PostgresServer().start()
    try:
        url = create_database(pg.admin_url) if pg is not None else None
        with (
            tempfile.TemporaryDirectory(prefix="planloop-park-") as tmp,
            asyncio.Runner(loop_factory=loop_factory()) as runner,
        ):
            runner.run(measure(args.runs, Path(tmp), url, args.workers))
    finally:
        if pg is not None:
            pg.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
