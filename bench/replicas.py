"""The replicas benchmark: three ``planloop serve`` replicas over one PostgreSQL database.

    .venv/bin/python -m bench.replicas            # full (~5 min), writes docs/benchmarks.md
    .venv/bin/python -m bench.replicas --quick    # smoke (< 60 s), prints only

A private PostgreSQL (tests/pg.py: Debian's binaries, a temp data dir, loopback) holds one
database; three real ``planloop serve`` subprocesses (A, B, C) on loopback ports share it
with the foundation benchmark's lifted limits and no step delay. All runs belong to one
cookie session (the cookie works on every replica). This process is the client (uvloop,
raw asyncio SSE streams, raw keep-alive HTTP).

1. **Cross-replica approvals and delivery.** Runs are created on every replica (each
   executes on the replica that created it); each run's stream is open on the next
   replica and its approval is POSTed to the one after that, which executes the next
   iteration. So every approval lands on a replica other than the one streaming and the
   one that executed before the checkpoint, and every event reaches its client through
   the streaming replica's relay (NOTIFY, or the 1 s poll when a wake-up is missed).
   Approval-to-resume is POST → ``checkpoint_approved`` and → next ``iteration_started``
   on the stream; delivery is client ``time.time()`` minus the event's ``ts`` (stamped at
   store append). A trigger (installed by this script, not by planloop) logs every claim
   so the report can say which replica executed what.
2. **Events written per second.** Runs with no checkpoint are created across the
   replicas and executed with no step delay; committed events are counted in the
   ``events`` table as they land. The same for one PostgreSQL replica and for one SQLite
   server.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import functools
import os
import re
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import quote

import asyncpg
from tests.pg import PostgresServer, create_database

from bench.foundation import GOAL, Bench, approve_and_watch, ts_epoch, verdict
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
from bench.server import BENCH_ENV, BenchServer, cpu_busy_seconds, raise_nofile
from bench.sseclient import SSEStream, open_stream
from bench.stats import median_spread, ms, ms_spread, summary

APPROVAL_P99_S = 0.050  # issue 6: approval-to-resume p99 across replicas
POLL_SUSPECT_S = 0.5  # later than this, the relay's 1 s poll (not NOTIFY) delivered it
NAMES = "ABC"
ROUND_WAIT_S = 120.0  # before each round: for other benchmarks to end
OTHER_BENCH = re.compile(r"bench\.(all|foundation|__main__)|python -m bench ")


@dataclass(frozen=True)
class Config:
    name: str
    runs: int  # parked runs, one open stream each, spread over the replicas
    rounds: int
    approvals: int  # per round, spread over the replicas
    rate: float  # approvals per second (all replicas together)
    tput_runs: int  # concurrent runs per server in the throughput phase
    tput_iterations: int
    tput_rounds: int
    cross_wait_s: float  # before each round (after other benchmarks end), at most this long
    tput_wait_s: float  # for the other processes' load to drop below 0.3 cores
    create_concurrency: int = 16
    open_concurrency: int = 200


FULL = Config("full", 900, 3, 300, 30.0, 16, 10, 3, 30.0, 9.0)
QUICK = Config("quick", 150, 3, 50, 25.0, 8, 10, 1, 0.0, 0.0)


# -- other load ----------------------------------------------------------------------------


def _proc_stat(pid: int) -> list[str]:
    return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()


def _ticks(fields: list[str], children: bool) -> int:
    # fields[0] is field 3 (state): utime 14, stime 15, cutime 16, cstime 17.
    t = int(fields[11]) + int(fields[12])
    return t + int(fields[13]) + int(fields[14]) if children else t


def _children(pids: set[int]) -> list[int]:
    """Live children of ``pids`` that are not in ``pids`` themselves."""
    out = []
    for entry in os.listdir("/proc"):
        if entry.isdigit() and int(entry) not in pids:
            with contextlib.suppress(OSError, IndexError):
                if int(_proc_stat(int(entry))[1]) in pids:
                    out.append(int(entry))
    return out


def tree_cpu_seconds(roots: Sequence[int]) -> float:
    """CPU of processes and their children, the exited ones included (cutime/cstime of the
    root, which reaped them): postmaster + backends, a replica + its threads."""
    ticks = 0
    roots = list(dict.fromkeys(roots))
    for pid in roots:
        with contextlib.suppress(OSError):
            ticks += _ticks(_proc_stat(pid), children=True)
    for pid in _children(set(roots)):
        with contextlib.suppress(OSError):
            ticks += _ticks(_proc_stat(pid), children=False)
    return ticks / os.sysconf("SC_CLK_TCK")


def _descendants(root: int) -> set[int]:
    parent: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError):
                parent[int(entry)] = int(_proc_stat(int(entry))[1])
    out, frontier = {root}, [root]
    while frontier:
        p = frontier.pop()
        for child, par in parent.items():
            if par == p and child not in out:
                out.add(child)
                frontier.append(child)
    return out


def other_benchmarks() -> list[str]:
    """Command lines of other benchmark processes (not this one and its children)."""
    mine = _descendants(os.getpid())
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) in mine:
            continue
        with contextlib.suppress(OSError):
            cmd = Path(f"/proc/{entry}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if OTHER_BENCH.search(cmd):
                found.append(f"{entry}: {cmd.strip()[:100]}")
    return found


class Meter:
    """Cores other processes kept busy while a phase ran: busy CPU (/proc/stat) minus this
    process's, the replicas' and PostgreSQL's own (``roots`` and their children)."""

    def __init__(self, roots: Callable[[], Sequence[int]] = list) -> None:
        self.roots = roots
        self.t0 = time.monotonic()
        self.busy0 = cpu_busy_seconds()
        self.own0 = self._own()

    def _own(self) -> float:
        return tree_cpu_seconds([os.getpid(), *self.roots()])

    def foreign_cores(self) -> float:
        wall = time.monotonic() - self.t0
        foreign = (cpu_busy_seconds() - self.busy0) - (self._own() - self.own0)
        return max(foreign, 0.0) / wall if wall > 0 else 0.0


def _wait_turn(
    max_bench_s: float, max_load_s: float, roots: Callable[[], Sequence[int]], threshold: float
) -> dict[str, Any]:
    t0 = time.monotonic()
    seen = other_benchmarks()
    others = seen
    while others and time.monotonic() - t0 < max_bench_s:
        log(f"waiting for other benchmarks to end: {len(others)} processes ({others[0]})")
        time.sleep(5.0)
        others = other_benchmarks()
    t1 = time.monotonic()
    busy = float("nan")
    while max_load_s > 0:
        meter = Meter(roots)
        time.sleep(3.0)
        busy = meter.foreign_cores()
        if busy < threshold or time.monotonic() - t1 >= max_load_s:
            break
        log(f"other processes keep {busy:.2f} cores busy; waiting for a quieter machine")
    others = other_benchmarks()
    return {
        "waited_s": time.monotonic() - t0,
        "foreign": busy,
        "others_seen": seen,
        "others_running": others,
        "quiet": not others and not busy >= threshold,
    }


async def wait_turn(
    max_bench_s: float,
    max_load_s: float,
    roots: Callable[[], Sequence[int]] = list,
    threshold: float = 0.3,
) -> dict[str, Any]:
    """Wait up to ``max_bench_s`` until no other benchmark process runs, then up to
    ``max_load_s`` until processes other than ours (this one and ``roots``) use less than
    ``threshold`` cores over 3 s. Returns what it saw; measuring goes on either way."""
    return await asyncio.to_thread(_wait_turn, max_bench_s, max_load_s, roots, threshold)


# -- the cluster ---------------------------------------------------------------------------


CLAIM_LOG = [
    "CREATE TABLE IF NOT EXISTS bench_claims (run_id TEXT NOT NULL, owner TEXT NOT NULL,"
    " at TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp())",
    "CREATE OR REPLACE FUNCTION bench_claim() RETURNS trigger LANGUAGE plpgsql AS $$"
    " BEGIN INSERT INTO bench_claims (run_id, owner) VALUES (NEW.id, NEW.lease_owner);"
    " RETURN NEW; END $$",
    "DROP TRIGGER IF EXISTS bench_claim ON runs",
    "CREATE TRIGGER bench_claim AFTER UPDATE OF lease_owner ON runs FOR EACH ROW"
    " WHEN (NEW.lease_owner IS NOT NULL AND NEW.lease_owner IS DISTINCT FROM OLD.lease_owner)"
    " EXECUTE FUNCTION bench_claim()",
    # A run is created with its creator's lease (no claim follows): logged as a claim too,
    # or the count covered only the runs a sweep took.
    "DROP TRIGGER IF EXISTS bench_claim_created ON runs",
    "CREATE TRIGGER bench_claim_created AFTER INSERT ON runs FOR EACH ROW"
    " WHEN (NEW.lease_owner IS NOT NULL) EXECUTE FUNCTION bench_claim()",
]


class Cluster:
    """``n`` replicas over one fresh database of ``pg`` (or one SQLite server)."""

    def __init__(self, workdir: Path, n: int, pg: PostgresServer | None) -> None:
        self.workdir = workdir
        self.pg = pg
        self.url = create_database(pg.admin_url) if pg is not None else None
        self.servers: list[BenchServer] = []
        env = {"PLANLOOP_MEMORY_DIR": str(workdir / "memory")}
        if self.url is not None:
            env["PLANLOOP_DATABASE_URL"] = self.url
        for i in range(n):
            d = workdir / NAMES[i]
            d.mkdir(parents=True, exist_ok=True)
            self.servers.append(BenchServer(d, **env))
        self.db: asyncpg.Connection | None = None
        self.pools: list[Bench] = []

    def start(self) -> Cluster:
        # Side by side, as replicas do (migrations take an advisory lock).
        with ThreadPoolExecutor(len(self.servers)) as pool:
            try:
                list(pool.map(BenchServer.start, self.servers))
            except BaseException:
                for s in self.servers:
                    s.stop()
                raise
        return self

    async def connect(self, concurrency: int) -> str:
        if self.url is not None:
            self.db = await asyncpg.connect(self.url)
        self.pools = [Bench(s, concurrency) for s in self.servers]
        await self.pools[0].setup()
        cookie = self.pools[0].cookie
        for i, b in enumerate(self.pools):
            b.cookie = cookie
            b.pool.cookie = cookie
            b.created = i * 1_000_000
        return cookie

    def pids(self) -> list[int]:
        roots = [s.pid for s in self.servers if s.alive()]
        if self.pg is not None:
            with contextlib.suppress(OSError, ValueError):
                roots.append(int((self.pg.data / "postmaster.pid").read_text().split()[0]))
        return roots

    def replica_cpu(self) -> float:
        return tree_cpu_seconds([s.pid for s in self.servers if s.alive()])

    def db_cpu(self) -> float:
        pg = [p for p in self.pids() if p not in {s.pid for s in self.servers}]
        return tree_cpu_seconds(pg) if pg else 0.0

    def replica_of_owner(self, owner: str) -> str:
        pid = int(owner.split(":")[1])
        for i, s in enumerate(self.servers):
            if s.pid == pid:
                return NAMES[i]
        return "?"

    async def stop(self) -> None:
        for b in self.pools:
            with contextlib.suppress(Exception):
                await b.close()
        if self.db is not None:
            with contextlib.suppress(Exception):
                await self.db.close()
        for s in self.servers:
            s.stop()


# -- phase 1: approvals and delivery across replicas ------------------------------------------


class Collector:
    """Every event delivered while ``active``: latency, type, replica; ``hook`` sees all."""

    def __init__(self) -> None:
        self.active = False
        self.lat: list[float] = []
        self.arrival: list[float] = []
        self.by_type: dict[str, list[float]] = defaultdict(list)
        self.late: Counter[str] = Counter()
        self.hook: Callable[[SSEStream, dict[str, Any], float], None] | None = None

    def reset(self) -> None:
        self.lat, self.arrival = [], []
        self.by_type = defaultdict(list)
        self.late = Counter()

    def on_event(self, stream: SSEStream, data: dict[str, Any], ta: float, tp: float) -> None:
        if self.active:
            ts = ts_epoch(data["ts"])
            lat = tp - ts
            self.lat.append(lat)
            self.arrival.append(ta - ts)
            self.by_type[data["type"]].append(lat)
            if lat > POLL_SUSPECT_S:
                self.late[data["type"]] += 1
        if self.hook is not None:
            self.hook(stream, data, tp)


async def cross_round(
    cluster: Cluster,
    col: Collector,
    batch: Sequence[tuple[str, int]],
    number: int,
    rate: float,
    timeout: float = 120.0,
) -> dict[str, Any]:
    """Approve ``batch`` (run, replica to approve on) at ``number`` at a steady rate."""
    meter = Meter(cluster.pids)
    rcpu0, dcpu0 = cluster.replica_cpu(), cluster.db_cpu()
    runs = [rid for rid, _ in batch]
    calls = [functools.partial(cluster.pools[rep].approve, rid, number) for rid, rep in batch]
    w = await approve_and_watch(col, runs, calls, number, rate, timeout)
    rcpu, dcpu = cluster.replica_cpu() - rcpu0, cluster.db_cpu() - dcpu0
    to_approved, to_started = list(w.to_approved.values()), list(w.to_started.values())
    n = max(len(batch), 1)
    return {
        "approved_lat": w.to_approved,
        "started_lat": w.to_started,
        "approvals": len(batch),
        "errors": w.errors,
        "missing": len(w.remaining),
        "events": len(col.lat),
        "late": sum(col.late.values()),
        "late_by_type": dict(col.late),
        "over_100ms": sum(1 for v in col.lat if v > 0.1),
        "delivery": summary(col.lat),
        "arrival": summary(col.arrival),
        "by_type": {k: summary(v) for k, v in sorted(col.by_type.items())},
        "to_approved": summary(to_approved),
        "to_started": summary(to_started),
        "approved_late": sum(1 for v in to_approved if v > POLL_SUSPECT_S),
        "started_late": sum(1 for v in to_started if v > POLL_SUSPECT_S),
        "replica_cpu_ms": rcpu * 1000 / n,
        "db_cpu_ms": dcpu * 1000 / n,
        "wall_s": w.wall_s,
        "foreign_cores": meter.foreign_cores(),
    }


async def claims(cluster: Cluster) -> list[tuple[str, str]]:
    assert cluster.db is not None
    rows = await cluster.db.fetch("SELECT run_id, owner FROM bench_claims ORDER BY at")
    await cluster.db.execute("TRUNCATE bench_claims")
    return [(r["run_id"], cluster.replica_of_owner(r["owner"])) for r in rows]


async def cross_phase(
    cfg: Config,
    workdir: Path,
    pg: PostgresServer,
) -> dict[str, Any]:
    runs, rounds = cfg.runs, cfg.rounds
    cluster = Cluster(workdir, 3, pg).start()
    out: dict[str, Any] = {"rounds": [], "runs": runs}
    streams: list[SSEStream] = []
    try:
        await cluster.connect(cfg.create_concurrency)
        assert cluster.db is not None
        for sql in CLAIM_LOG:
            await cluster.db.execute(sql)
        per = runs // 3
        log(f"cross: creating {per} runs on each of 3 replicas (3 iterations, checkpoint each)")
        t = time.monotonic()
        created = await asyncio.gather(*(b.create_runs(per, 3) for b in cluster.pools))
        for _ids, errors in created:
            if errors:
                raise RuntimeError(f"{len(errors)} runs not created: {errors[:3]}")
        home: dict[str, int] = {rid: i for i, (ids, _) in enumerate(created) for rid in ids}
        seqs: dict[str, int] = {}
        for i, (ids, _) in enumerate(created):
            seqs.update(await cluster.pools[i].wait_parked(ids, 1))
        log(f"cross: {len(seqs)} runs parked in {time.monotonic() - t:.1f} s")
        pre: dict[str, set[str]] = defaultdict(set)
        for rid, rep in await claims(cluster):
            pre[rid].add(rep)
        out["pre_executor"] = Counter(
            "creator" if reps == {NAMES[home[rid]]} else "other" for rid, reps in pre.items()
        )
        # Interleave the replicas so every round approves on all three.
        order = [rid for trio in zip(*(ids for ids, _ in created), strict=True) for rid in trio]
        col = Collector()
        t = time.monotonic()
        sem = asyncio.Semaphore(cfg.open_concurrency)

        async def one(rid: str) -> SSEStream:
            r = (home[rid] + 1) % 3
            s = cluster.servers[r]
            async with sem:
                return await open_stream(
                    s.host,
                    s.port,
                    f"/api/runs/{rid}/events",
                    col.on_event,
                    key=(r, rid),
                    cookie=cluster.pools[0].cookie,
                    last_event_id=seqs[rid],
                )

        streams = list(await asyncio.gather(*(one(rid) for rid in order)))
        out["streams"] = len(streams)
        out["streams_per_replica"] = [(await b.health())["streams"] for b in cluster.pools]
        log(
            f"cross: {len(streams)} streams open in {time.monotonic() - t:.1f} s "
            f"(per replica {out['streams_per_replica']})"
        )
        await asyncio.sleep(1.0)
        approver: dict[str, int] = {}
        for r in range(rounds):
            wait = await wait_turn(ROUND_WAIT_S, cfg.cross_wait_s, cluster.pids)
            chunk = order[r * cfg.approvals : (r + 1) * cfg.approvals]
            batch = [(rid, (home[rid] + 2) % 3) for rid in chunk]
            approver.update(batch)
            res = await cross_round(cluster, col, batch, 1, cfg.rate)
            res["wait"] = wait
            res["batch"] = batch
            out["rounds"].append(res)
            log(
                f"cross round {r + 1}: {res['events']} events, delivery p50/p99 "
                f"{ms(res['delivery']['p50'])}/{ms(res['delivery']['p99'])} ms, "
                f"approve→approved p50/p99 {ms(res['to_approved']['p50'])}/"
                f"{ms(res['to_approved']['p99'])} ms, →started "
                f"{ms(res['to_started']['p50'])}/{ms(res['to_started']['p99'])} ms, "
                f">{POLL_SUSPECT_S * 1000:.0f} ms {res['late']}, missing {res['missing']}, "
                f"errors {len(res['errors'])}, other processes {res['foreign_cores']:.2f} cores"
            )
            await asyncio.sleep(0.5)
        post: dict[str, set[str]] = defaultdict(set)
        for rid, rep in await claims(cluster):
            post[rid].add(rep)
        out["post_executor"] = Counter(
            "approver" if post[rid] == {NAMES[a]} else "other" for rid, a in approver.items()
        )
        # The approval figures count only the approvals that landed on a replica which
        # neither streams the run nor executed it before the checkpoint, and which then
        # executed it alone (a sweep elsewhere can claim a run between a commit and the
        # wake-up: rare, and such runs are left out).
        eligible = {
            rid
            for rid, a in approver.items()
            if NAMES[a] not in pre[rid] and a != (home[rid] + 1) % 3 and post[rid] == {NAMES[a]}
        }
        out["streamer_executed"] = sum(
            1 for rid in approver if NAMES[(home[rid] + 1) % 3] in post[rid]
        )
        for res in out["rounds"]:
            for key in ("approved", "started"):
                lat = res.pop(f"{key}_lat")
                kept = [v for rid, v in lat.items() if rid in eligible]
                res[f"to_{key}"] = summary(kept)
                res[f"{key}_late"] = sum(1 for v in kept if v > POLL_SUSPECT_S)
            res["eligible"] = len([rid for rid, _ in res["batch"] if rid in eligible])
            del res["batch"]
    finally:
        for s in streams:
            s.close()
        await cluster.stop()
    return out


# -- phase 2: events written per second ---------------------------------------------------


class EventCounter:
    """Counts the events of some runs, and how many of them ended, in the store."""

    def __init__(self, cluster: Cluster) -> None:
        self.cluster = cluster
        self.sqlite: sqlite3.Connection | None = None
        if cluster.db is None:
            path = cluster.servers[0].workdir / "planloop.db"
            self.sqlite = sqlite3.connect(f"file:{path}?mode=ro", uri=True)

    async def count(self, ids: Sequence[str]) -> tuple[int, int]:
        if self.cluster.db is not None:
            row = await self.cluster.db.fetchrow(
                "SELECT (SELECT COUNT(*) FROM events WHERE run_id = ANY($1::text[])) AS events,"
                " (SELECT COUNT(*) FROM runs WHERE id = ANY($1::text[]) AND status IN"
                " ('completed', 'failed', 'cancelled', 'rejected', 'expired')) AS ended",
                list(ids),
            )
            return int(row["events"]), int(row["ended"])
        assert self.sqlite is not None
        marks = ",".join("?" * len(ids))
        ev = self.sqlite.execute(
            f"SELECT COUNT(*) FROM events WHERE run_id IN ({marks})",
            list(ids),
        ).fetchone()[0]
        ended = self.sqlite.execute(
            f"SELECT COUNT(*) FROM runs WHERE id IN ({marks}) AND status IN"
            " ('completed', 'failed', 'cancelled', 'rejected', 'expired')",
            list(ids),
        ).fetchone()[0]
        return int(ev), int(ended)

    def close(self) -> None:
        if self.sqlite is not None:
            self.sqlite.close()


async def create_plain(b: Bench, n: int, iterations: int) -> tuple[list[str], list[str]]:
    """n runs with no checkpoint: they execute from start to finish."""
    ids: list[str] = []
    errors: list[str] = []
    todo = iter(range(b.created, b.created + n))
    b.created += n

    async def worker() -> None:
        for i in todo:
            body = {
                "goal": GOAL.format(i=i),
                "max_iterations": iterations,
                "checkpoint_interval": iterations,
            }
            try:
                resp = await b.pool.request("POST", "/api/runs", body)
            except (OSError, TimeoutError) as exc:
                errors.append(repr(exc))
                continue
            if resp.status != 201:
                errors.append(f"{resp.status} {resp.body[:200]!r}")
            else:
                ids.append(resp.json()["run_id"])

    await asyncio.gather(*(worker() for _ in range(b.concurrency)))
    return ids, errors


def _crossing(samples: Sequence[tuple[float, int]], level: float) -> float:
    """When the count first reached ``level`` (linear between samples)."""
    prev_t, prev_n = samples[0]
    for t, n in samples:
        if n >= level:
            if n == prev_n:
                return t
            return prev_t + (t - prev_t) * (level - prev_n) / (n - prev_n)
        prev_t, prev_n = t, n
    return samples[-1][0]


async def clear_memory(b: Bench) -> int:
    """Delete every memory note (the plans finished runs saved), so each round starts alike."""
    resp = await b.pool.request("GET", "/api/memory/entities")
    names = [e["name"] for e in resp.json()]
    for name in names:
        r = await b.pool.request("DELETE", f"/api/memory/entities/{quote(name, safe='')}")
        if r.status != 200:
            raise RuntimeError(f"could not delete note {name!r}: {r.status} {r.body[:200]!r}")
    return len(names)


async def throughput_round(
    cluster: Cluster, counter: EventCounter, runs: int, iterations: int, timeout: float = 120.0
) -> dict[str, Any]:
    meter = Meter(cluster.pids)
    rcpu0, dcpu0 = cluster.replica_cpu(), cluster.db_cpu()
    t0 = time.monotonic()
    created = await asyncio.gather(*(create_plain(b, runs, iterations) for b in cluster.pools))
    ids = [rid for got, _ in created for rid in got]
    errors = [e for _, errs in created for e in errs]
    t_created = time.monotonic() - t0
    samples: list[tuple[float, int]] = [(0.0, 0)]
    ended = 0
    while ended < len(ids) and time.monotonic() - t0 < timeout:
        await asyncio.sleep(0.2)
        events, ended = await counter.count(ids)
        samples.append((time.monotonic() - t0, events))
    wall = samples[-1][0]
    rcpu, dcpu = cluster.replica_cpu() - rcpu0, cluster.db_cpu() - dcpu0
    total = samples[-1][1]
    t10, t90 = _crossing(samples, 0.1 * total), _crossing(samples, 0.9 * total)
    return {
        "runs": len(ids),
        "errors": errors,
        "unfinished": len(ids) - ended,
        "events": total,
        "wall_s": wall,
        "create_s": t_created,
        "rate": total / wall if wall else 0.0,
        "steady": 0.8 * total / (t90 - t10) if t90 > t10 else 0.0,
        "replica_cpu_us": rcpu * 1e6 / max(total, 1),
        "db_cpu_us": dcpu * 1e6 / max(total, 1),
        "cores_used": (rcpu + dcpu) / wall if wall else 0.0,
        "foreign_cores": meter.foreign_cores(),
    }


async def throughput_phase(
    cfg: Config, workdir: Path, pg: PostgresServer | None, replicas: int
) -> dict[str, Any]:
    cluster = Cluster(workdir, replicas, pg).start()
    label = f"{'PostgreSQL' if pg else 'SQLite'}, {replicas} server{'s' if replicas > 1 else ''}"
    out: dict[str, Any] = {"label": label, "replicas": replicas, "rounds": []}
    try:
        await cluster.connect(cfg.create_concurrency)
        counter = EventCounter(cluster)
        per = cfg.tput_runs * 3 // replicas  # the same number of runs in flight for each setup
        out["runs_per_server"] = per
        try:
            for r in range(cfg.tput_rounds):
                wait = await wait_turn(ROUND_WAIT_S, cfg.tput_wait_s, cluster.pids)
                res = await throughput_round(cluster, counter, per, cfg.tput_iterations)
                res["wait"] = wait
                res["notes_deleted"] = await clear_memory(cluster.pools[0])
                out["rounds"].append(res)
                log(
                    f"throughput {label} round {r + 1}: {res['events']} events in "
                    f"{res['wall_s']:.1f} s = {res['rate']:.0f}/s (steady {res['steady']:.0f}/s), "
                    f"{res['replica_cpu_us']:.0f}+{res['db_cpu_us']:.0f} µs CPU/event, "
                    f"unfinished {res['unfinished']}, errors {len(res['errors'])}, "
                    f"other processes {res['foreign_cores']:.2f} cores"
                )
        finally:
            counter.close()
    finally:
        await cluster.stop()
    return out


# -- the report -----------------------------------------------------------------------------


def _rounds(rounds: Sequence[dict[str, Any]], key: str, q: str) -> list[float]:
    return [r[key][q] for r in rounds]


def _med(rounds: Sequence[dict[str, Any]], key: str) -> float:
    return median_spread([r[key] for r in rounds])[0]


def _spread(vals: Sequence[float], fmt: str = "{:.0f}") -> str:
    med, lo, hi = median_spread(vals)
    if len(vals) <= 1:
        return fmt.format(med)
    return f"{fmt.format(med)} ({fmt.format(lo)}–{fmt.format(hi)})"


def render(cfg: Config, res: dict[str, Any], command: str, started: datetime) -> str:
    facts, cross, tput = res["facts"], res["cross"], res["throughput"]
    rounds = cross["rounds"]
    lines: list[str] = []
    add = lines.append
    a99 = median_spread(_rounds(rounds, "to_approved", "p99"))[0]
    s99 = median_spread(_rounds(rounds, "to_started", "p99"))[0]
    late = sum(r["late"] for r in rounds)
    events = sum(r["events"] for r in rounds)
    approvals = sum(r["approvals"] for r in rounds)

    add("## Replicas (PostgreSQL)")
    add("")
    add(
        f"Run {started:%Y-%m-%d %H:%M} UTC in {res['duration_s']:.0f} s with `{command}`"
        f" ({cfg.name} profile; {sum(w['waited_s'] for w in res['waits'][1:]):.0f} s of it "
        "waiting for a quiet machine between rounds)."
    )
    add("")
    add(
        f"Machine: {facts['nproc']} cores ({facts['cpu']}), {facts['memory']} RAM, "
        f"Linux {facts['kernel']}, Python {facts['python']}; {facts['packages']}; "
        f"asyncpg {asyncpg.__version__}; {res['pg_version']}. planloop at "
        f"{res['source']}."
    )
    add(
        "Servers: a private PostgreSQL (tests/pg.py: `fsync=off`, `max_connections=300`, "
        "otherwise defaults) and 3 `planloop serve` replicas (A, B, C) on loopback ports "
        "with one `PLANLOOP_DATABASE_URL` (which also holds the memory notes), "
        + ", ".join(f"`{k}={v}`" for k, v in BENCH_ENV.items())
        + " (relay poll 1 s, lease 15 s, sweep 1 s: the defaults). All on the same "
        f"{facts['nproc']} cores as the client (this script: uvloop, raw asyncio SSE "
        "streams, raw keep-alive HTTP; one cookie session for everything). "
        f"Before each round the script waits up to {ROUND_WAIT_S:.0f} s until no other "
        "benchmark process runs, then up to "
        f"{cfg.cross_wait_s:g} s (approval rounds) or {cfg.tput_wait_s:g} s (events/s rounds) "
        "until other processes use < 0.3 cores, and measures anyway; the tables give the "
        "cores other processes kept busy during each round (busy CPU from /proc/stat minus "
        "the client's, the replicas' and PostgreSQL's)."
    )
    add("")
    add("### Targets")
    add("")
    add("| target | measured | verdict |")
    add("|---|---|---|")
    add(
        "| approval on another replica → `checkpoint_approved` on the stream, p99 < 50 ms | "
        f"{ms_spread(_rounds(rounds, 'to_approved', 'p99'))} | {verdict(a99 < APPROVAL_P99_S)} |"
    )
    add(
        "| approval on another replica → next `iteration_started` on the stream, p99 < 50 ms | "
        f"{ms_spread(_rounds(rounds, 'to_started', 'p99'))} | {verdict(s99 < APPROVAL_P99_S)} |"
    )
    add("")
    add(
        f"Figures are the median of {len(rounds)} rounds with the spread (min–max) in "
        "brackets; each round's p50/p99 is over every approval (or event) in the round."
    )
    add("")
    add(
        f"### Approvals and delivery across replicas ({cross['streams']:,} streams, "
        f"{len(rounds)} × {cfg.approvals} approvals at {cfg.rate:g}/s)"
    )
    add("")
    pe, po = cross["pre_executor"], cross["post_executor"]
    eligible = sum(r["eligible"] for r in rounds)
    add(
        f"{cross['runs']:,} runs parked at checkpoint 1, {cross['runs'] // 3} created on each "
        "replica and executed there (a trigger installed by this script logs every claim: "
        f"{pe.get('creator', 0):,} of {sum(pe.values()):,} runs were executed before the "
        "checkpoint only by the replica that created them; a sweep elsewhere can claim a run "
        "between its creation and the creator's wake-up). Each run's stream is open on the "
        "next replica (streams per replica A/B/C: "
        f"{'/'.join(str(n) for n in cross['streams_per_replica'])}; `Last-Event-ID` = its last "
        "seq) and its approval is POSTed to the third, which claims and executes the next "
        f"iteration ({po.get('approver', 0):,} of {sum(po.values()):,} approved runs executed "
        "only by the approving replica). The approval figures count the "
        f"{eligible:,} of {approvals:,} approvals that met all three conditions (POSTed to a "
        "replica that neither streams the run nor executed it before, and that executed it "
        "after); the delivery figures count every event, delivered through the streaming "
        "replica's relay"
        + (
            f" (except those of the {cross['streamer_executed']} runs the streaming replica "
            "itself claimed and executed)."
            if cross["streamer_executed"]
            else "."
        )
    )
    add("")
    add("| from the approval POST leaving the client to … | p50 | p99 | max | > 500 ms |")
    add("|---|---|---|---|---|")
    for key, late_key, label in (
        ("to_approved", "approved_late", "`checkpoint_approved` on the stream (another replica)"),
        ("to_started", "started_late", "the next `iteration_started` on that stream"),
    ):
        add(
            f"| {label} | {ms_spread(_rounds(rounds, key, 'p50'))} | "
            f"{ms_spread(_rounds(rounds, key, 'p99'))} | "
            f"{ms(max(r[key]['max'] for r in rounds))} ms | "
            f"{sum(r[late_key] for r in rounds)} of {eligible:,} |"
        )
    add("")
    add(
        "| emit → client, every event | events/round | p50 | p99 | max | > 100 ms | > 500 ms "
        "| CPU per approval: replicas + PostgreSQL | other processes |"
    )
    add("|---|---|---|---|---|---|---|---|---|")
    ev = int(median_spread([r["events"] for r in rounds])[0])
    add(
        f"| executing replica → stream on another | {ev:,} | "
        f"{ms_spread(_rounds(rounds, 'delivery', 'p50'))} | "
        f"{ms_spread(_rounds(rounds, 'delivery', 'p99'))} | "
        f"{ms(max(r['delivery']['max'] for r in rounds))} ms | "
        f"{sum(r['over_100ms'] for r in rounds)} | {late} of {events:,} | "
        f"{_med(rounds, 'replica_cpu_ms'):.1f} + {_med(rounds, 'db_cpu_ms'):.1f} ms | "
        f"{_spread([r['foreign_cores'] for r in rounds], '{:.2f}')} cores |"
    )
    add("")
    add("Round by round (p99s move with the load other processes put on the 2 cores):")
    add("")
    add(
        "| round | other processes | → `checkpoint_approved` p50 / p99 | → `iteration_started` "
        "p50 / p99 | delivery p50 / p99 | events > 500 ms |"
    )
    add("|---|---|---|---|---|---|")
    for i, r in enumerate(rounds, 1):
        add(
            f"| {i} | {r['foreign_cores']:.2f} cores | {ms(r['to_approved']['p50'])} / "
            f"{ms(r['to_approved']['p99'])} ms | {ms(r['to_started']['p50'])} / "
            f"{ms(r['to_started']['p99'])} ms | {ms(r['delivery']['p50'])} / "
            f"{ms(r['delivery']['p99'])} ms | {r['late']} of {r['events']:,} |"
        )
    add("")
    types = sorted({t for r in rounds for t in r["by_type"]})
    add("By event type (median of rounds):")
    add("")
    add("| event | n/round | p50 | p99 | max | > 500 ms |")
    add("|---|---|---|---|---|---|")
    for t in types:
        rs = [r for r in rounds if t in r["by_type"]]
        n = int(median_spread([r["by_type"][t]["n"] for r in rs])[0])
        add(
            f"| `{t}` | {n:,} | "
            f"{ms(median_spread([r['by_type'][t]['p50'] for r in rs])[0])} ms | "
            f"{ms(median_spread([r['by_type'][t]['p99'] for r in rs])[0])} ms | "
            f"{ms(max(r['by_type'][t]['max'] for r in rs))} ms | "
            f"{sum(r['late_by_type'].get(t, 0) for r in rs)} |"
        )
    add("")
    errors = sum(len(r["errors"]) for r in rounds)
    missing = sum(r["missing"] for r in rounds)
    mech = (
        "NOTIFY: no event arrived later than 500 ms, so none waited for the relay's 1 s poll"
        if late == 0
        else f"{late} of {events:,} events arrived later than 500 ms (the relay's 1 s poll, "
        "not NOTIFY, delivered them; see the findings)"
    )
    add(
        f"Delivery mechanism: {mech}. Approval errors: {errors}; runs that never got their "
        f"next checkpoint: {missing}."
    )
    add("")
    add("### Events written per second")
    add("")
    add(
        f"Each round creates {cfg.tput_runs * 3} runs ({cfg.tput_iterations} iterations, no "
        "checkpoint, no step delay) spread evenly over the servers, 16 POSTs at a time per "
        "server, and counts their events in the `events` table every 0.2 s until every run "
        "has ended (no stream is open). *Round* = all events / (first POST → last run "
        "ended); *steady* = the middle 80% of the events / the time they took. CPU per "
        "event is the servers' (and PostgreSQL's) CPU over the round / events."
    )
    add("")
    add(
        "| setup | runs/server | events/round | events/s, round | events/s, steady "
        "| CPU per event: servers + database | cores used | other processes |"
    )
    add("|---|---|---|---|---|---|---|---|")
    for ph in tput:
        rs = ph["rounds"]
        db = "in-process" if "SQLite" in ph["label"] else f"{_med(rs, 'db_cpu_us'):.0f} µs"
        add(
            f"| {ph['label']} | {ph['runs_per_server']} | "
            f"{int(_med(rs, 'events')):,} | {_spread([r['rate'] for r in rs])} | "
            f"{_spread([r['steady'] for r in rs])} | "
            f"{_med(rs, 'replica_cpu_us'):.0f} µs + {db} | {_med(rs, 'cores_used'):.2f} | "
            f"{_spread([r['foreign_cores'] for r in rs], '{:.2f}')} cores |"
        )
    unfinished = sum(r["unfinished"] for ph in tput for r in ph["rounds"])
    errs = sum(len(r["errors"]) for ph in tput for r in ph["rounds"])
    add("")
    add(f"Runs not ended within the round's 120 s: {unfinished}; create errors: {errs}.")
    waits = res["waits"]
    if any(w["others_seen"] for w in waits):
        seen = sorted({c.split(": ", 1)[1] for w in waits for c in w["others_seen"]})
        add("")
        add(
            f"Other benchmarks ran during this run ({'; '.join(seen)[:300]}); the script waited "
            f"{sum(w['waited_s'] for w in waits):.0f} s in all for them"
            + (
                ", and measured some rounds with them still running"
                if any(not w["quiet"] for w in waits)
                else ""
            )
            + "."
        )
    return "\n".join(lines)


async def run_all(cfg: Config, cross_only: bool) -> dict[str, Any]:
    # SIGTERM (timeout, kill) cancels like Ctrl-C, so the servers below are stopped.
    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    pg = PostgresServer()
    with tempfile.TemporaryDirectory(prefix="planloop-bench-replicas-") as tmp:
        root = Path(tmp)
        try:
            pg.start()
            pg_version = subprocess.run(
                [str(pg.bin / "postgres"), "--version"], capture_output=True, text=True, check=False
            ).stdout.strip()
            log(f"{pg_version} on port {pg.port}")
            cross = await cross_phase(cfg, root / "cross", pg)
            tput = (
                []
                if cross_only
                else [
                    await throughput_phase(cfg, root / "tput-pg3", pg, 3),
                    await throughput_phase(cfg, root / "tput-pg1", pg, 1),
                    await throughput_phase(cfg, root / "tput-sqlite", None, 1),
                ]
            )
        finally:
            pg.stop()
    phases = [cross, *tput]
    waits = [r["wait"] for ph in phases for r in ph["rounds"]]
    return {
        "cross": cross,
        "throughput": tput,
        "pg_version": pg_version,
        "waits": waits,
    }


def source_state() -> str:
    """The planloop source measured: its commit, and whether src/ had uncommitted changes."""
    repo = Path(__file__).resolve().parent.parent

    def git(*args: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(repo), *args], capture_output=True, text=True, check=False
        )
        return done.stdout.strip()

    commit = git("rev-parse", "--short", "HEAD") or "?"
    dirty = bool(git("status", "--porcelain", "--", "src"))
    return f"commit {commit}" + (" with uncommitted changes in src/" if dirty else "")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.replicas", description=__doc__)
    docs_options(parser, "replicas", "< 90 s", 600)
    parser.add_argument(
        "--cross-only", action="store_true", help="skip the events-per-second phase"
    )
    args = parser.parse_args(argv)
    cfg = QUICK if args.quick else FULL
    soft, hard = raise_nofile()
    log(f"profile {cfg.name}; RLIMIT_NOFILE {soft}/{hard}")
    quiet_s = quiet_wait_s(args, 600)
    first = _wait_turn(quiet_s, min(quiet_s, 60.0), list, 0.3)
    started = datetime.now(UTC)
    t0 = time.monotonic()
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        try:
            res = runner.run(run_all(cfg, args.cross_only))
        except asyncio.CancelledError:
            log("stopped (SIGTERM); servers stopped")
            return 143
    res["duration_s"] = time.monotonic() - t0
    res["waits"].insert(0, first)
    res["facts"] = machine_facts()
    res["source"] = source_state()
    extra = argv if argv is not None else sys.argv[1:]
    command = command_line(".venv/bin/python -m bench.replicas", args.quick, extra)
    text = render(cfg, res, command, started)
    print(text)
    if writes_docs(args):
        write_section(args.docs, "replicas", text)
        log(f"wrote the replicas section of {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
