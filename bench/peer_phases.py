"""The measured phases of ``python -m bench peer`` that need no restart: approvals, first
event, events per second. The subjects take turns round by round (bench/peer_compare.py);
the parked ladder is bench/ladder.py's, the kill test bench/peer_kill.py."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from bench.peer_subjects import NativeSubject
from bench.server import LoadMeter, cpu_seconds
from bench.stats import ms, summary
from bench.subjects import approval_round, new_client, park

Log = Callable[[str], None]


def order(subjects: Sequence[NativeSubject], r: int) -> list[NativeSubject]:
    """Round r's turn order: rotated, so no subject always goes first."""
    k = r % len(subjects)
    return [*subjects[k:], *subjects[:k]]


class PgCpu:
    """CPU seconds of one PostgreSQL cluster: its postmaster and every backend it forked."""

    def __init__(self, data_dir: Path | None) -> None:
        self.postmaster = 0
        if data_dir is not None:
            try:
                self.postmaster = int((data_dir / "postmaster.pid").read_text().split()[0])
            except (OSError, ValueError, IndexError):
                self.postmaster = 0

    def seconds(self) -> float:
        if not self.postmaster:
            return 0.0
        total = 0.0
        for stat in Path("/proc").glob("[0-9]*/stat"):
            pid = int(stat.parent.name)
            try:
                parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
                if self.postmaster in (pid, parent):
                    total += cpu_seconds(pid)
            except (OSError, IndexError, ValueError):
                continue
        return total


async def approvals(
    subjects: Sequence[NativeSubject],
    *,
    runs: int,
    rate: float,
    rounds: int,
    shared: bool,
    log: Log,
) -> dict[str, list[dict[str, Any]]]:
    """Each round: ``runs`` runs (4 iterations, a checkpoint after 2) parked, then approved
    at ``rate``/s; each approval timed to ``checkpoint_approved`` and the next
    ``iteration_started``. The approved runs finish, so planloop files each plan in its
    memory: with one shared goal every later run of that goal is grounded in more notes."""
    out: dict[str, list[dict[str, Any]]] = {s.name: [] for s in subjects}
    label = "one shared goal" if shared else "unique goals"
    for r in range(rounds):
        for s in order(subjects, r):
            # Unique goals: every round starts with an empty memory. One shared goal: only
            # the first does, and the memory then grows round after round.
            cleared = await s.clear_memory() if not shared or r == 0 else 0
            s.shared_goal = shared
            try:
                parking = await park(s, runs, iterations=4, interval=2, stall_s=20.0)
                res = await approval_round(s, parking.flows, rate)
                res.update(
                    parked=len(parking.flows),
                    park_errors=len(parking.errors) + len(parking.stalled),
                    park_s=parking.seconds,
                    rss_kb=s.server.rss_kb(),
                    notes_cleared=cleared,
                )
            finally:
                s.shared_goal = False
            for f in [*parking.flows, *parking.stalled]:
                f.close()
            out[s.name].append(res)
            log(
                f"approvals ({label}) {s.name} round {r + 1}: approval→iteration_started "
                f"p50/p99 {ms(res['to_resumed']['p50'])}/{ms(res['to_resumed']['p99'])} ms, "
                f"→approved {ms(res['to_approved']['p50'])} ms, missing {res['missing']}, "
                f"errors {len(res['errors'])}, RSS {res['rss_kb'] / 1024:.0f} MiB, other "
                f"processes {res['foreign_cores']:.2f} cores"
            )
            await asyncio.sleep(0.5)
    return out


async def first_event(
    subjects: Sequence[NativeSubject], samples: int, log: Log
) -> dict[str, dict[str, Any]]:
    """POST a run, open its stream, time to its first event (taking turns sample by
    sample); each run is then rejected at its checkpoint."""
    got: dict[str, list[float]] = {s.name: [] for s in subjects}
    never = dict.fromkeys(got, 0)
    for i in range(samples):
        for s in order(subjects, i):
            t = await new_client(s)
            if t is None:
                never[s.name] += 1
            else:
                got[s.name].append(t)
            await asyncio.sleep(0.05)
    out = {}
    for s in subjects:
        out[s.name] = {"summary": summary(got[s.name]), "never": never[s.name]}
        sm = out[s.name]["summary"]
        log(f"first event {s.name}: p50/p99 {ms(sm['p50'])}/{ms(sm['p99'])} ms")
    return out


async def throughput_round(
    s: NativeSubject,
    runs: int,
    iterations: int,
    pg: PgCpu | None,
    durable: Callable[[], int] | None,
    timeout: float = 300.0,
) -> dict[str, Any]:
    """``runs`` runs of ``iterations`` iterations and no checkpoint, all started at once
    on an empty memory; every event counted as the client parses it, over the time until
    the last finished."""
    cleared = await s.clear_memory()
    flows = [s.flow() for _ in range(runs)]
    meter = LoadMeter(s.pid)
    cpu0 = s.server.cpu_seconds()
    pg0 = pg.seconds() if pg else 0.0
    rows0 = durable() if durable else 0
    t0 = time.monotonic()
    opened = await asyncio.gather(
        *(s.open(f, iterations, iterations) for f in flows), return_exceptions=True
    )
    _, pending = await asyncio.wait([asyncio.shield(f.done) for f in flows], timeout=timeout)
    wall = time.monotonic() - t0
    events = sum(f.events for f in flows)
    for f in flows:
        f.close()
    server_cpu = s.server.cpu_seconds() - cpu0
    pg_cpu = (pg.seconds() - pg0) if pg else 0.0
    res: dict[str, Any] = {
        "runs": runs,
        "iterations": iterations,
        "unfinished": len(pending),
        "errors": sum(isinstance(o, BaseException) for o in opened),
        "wall_s": wall,
        "events": events,
        "events_per_s": events / wall,
        "iterations_per_s": runs * iterations / wall,
        "server_cpu_ms_per_iteration": server_cpu * 1000 / (runs * iterations),
        "pg_cpu_ms_per_iteration": pg_cpu * 1000 / (runs * iterations),
        "foreign_cores": meter.foreign_cores(),
        "notes_cleared": cleared,
    }
    if durable is not None:
        rows = durable() - rows0
        res["durable_rows"] = rows
        res["durable_rows_per_s"] = rows / wall
    else:  # planloop writes every event to its log before anyone sees it
        res["durable_rows"] = events
        res["durable_rows_per_s"] = events / wall
    return res


async def throughput(
    subjects: Sequence[NativeSubject],
    *,
    runs: int,
    iterations: int,
    rounds: int,
    pg: dict[str, PgCpu],
    durable: dict[str, Callable[[], int]],
    log: Log,
) -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {s.name: [] for s in subjects}
    for r in range(rounds):
        for s in order(subjects, r):
            res = await throughput_round(s, runs, iterations, pg.get(s.name), durable.get(s.name))
            out[s.name].append(res)
            log(
                f"throughput {s.name} round {r + 1}: {res['events_per_s']:,.0f} events/s, "
                f"{res['iterations_per_s']:,.0f} iterations/s, {res['durable_rows_per_s']:,.0f}"
                f" durable rows/s, server {res['server_cpu_ms_per_iteration']:.2f} + PostgreSQL"
                f" {res['pg_cpu_ms_per_iteration']:.2f} ms CPU per iteration, unfinished "
                f"{res['unfinished']}, other processes {res['foreign_cores']:.2f} cores"
            )
            await asyncio.sleep(0.5)
    return out
