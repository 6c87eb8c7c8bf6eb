"""Where the foundation benchmark's time and memory go: py-spy, tracemalloc, GC, loop lag.

    .venv/bin/python -m bench.investigate            # ~4 min; needs the bench extra py-spy
    .venv/bin/python -m bench.investigate --quick    # smaller, for a smoke check

It reruns parts of ``bench.foundation`` against ``bench.profile_server`` (the same server
with instruments patched in from outside src/) and prints a Markdown report; with
``--write-docs`` it also rewrites the ``foundation-investigation`` section of
docs/benchmarks.md. Figures under a profiler are slower than the benchmark's own; they
are for attribution, not for targets.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import linecache
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.foundation import Bench, approval_round, fanout_round, log
from bench.report import machine_facts, write_section
from bench.server import BenchServer, LoadMeter, raise_nofile, wait_quiet
from bench.stats import ms


@dataclass(frozen=True)
class Plan:
    streams: int
    approvals: int
    rate: float
    watchers: int
    extra_runs: int  # created after the delivery part, to profile creation at scale


FULL = Plan(streams=1000, approvals=300, rate=50.0, watchers=1000, extra_runs=3000)
QUICK = Plan(streams=200, approvals=60, rate=50.0, watchers=200, extra_runs=300)


# -- instruments ----------------------------------------------------------------------------


class Dumps:
    """SIGUSR1 the profiled server and read back what it wrote."""

    def __init__(self, server: BenchServer, out: Path) -> None:
        self.server = server
        self.out = out
        self.count = 0

    async def take(self, command: str | None = None) -> dict[str, Any]:
        self.count += 1
        path = self.out / f"dump-{self.count}.json"
        if command:
            (self.out / "command").write_text(command)
        self.server.signal(signal.SIGUSR1)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if path.exists():
                try:
                    data: dict[str, Any] = json.loads(path.read_text())
                    return data
                except json.JSONDecodeError:
                    pass
            await asyncio.sleep(0.1)
        raise RuntimeError(f"no {path}")

    def snapshot(self) -> Path:
        return self.out / f"snap-{self.count}.tracemalloc"


class PySpy:
    """``py-spy record --format raw`` attached to a pid until stopped."""

    def __init__(self, pid: int, path: Path, rate: int = 250) -> None:
        exe = shutil.which("py-spy") or str(Path(sys.executable).parent / "py-spy")
        self.path = path
        self.proc = subprocess.Popen(
            [
                *(exe, "record", "--pid", str(pid), "--rate", str(rate), "--format", "raw"),
                *("--output", str(path), "--threads", "--nonblocking"),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )

    async def stop(self) -> Path:
        await asyncio.sleep(0.3)
        self.proc.send_signal(signal.SIGINT)
        await asyncio.to_thread(self.proc.wait, 60)
        return self.path


def _package(frame: str) -> str:
    """``func (sse_starlette/sse.py:12)`` → ``sse_starlette``; stdlib by module."""
    where = frame.rsplit(" (", 1)[-1].rstrip(")")
    path = where.rsplit(":", 1)[0]
    head = path.split("/", 1)[0]
    if head.endswith(".py"):
        return head[:-3]
    return head


def _func(frame: str) -> str:
    name, _, where = frame.rpartition(" (")
    return f"{name} ({where.rsplit(':', 1)[0]})"


def profile_summary(path: Path, top: int = 12) -> dict[str, Any]:
    """Self time by package and by function, inclusive time by function; per thread kind."""
    self_pkg: Counter[str] = Counter()
    self_fn: Counter[str] = Counter()
    incl: Counter[str] = Counter()
    threads: Counter[str] = Counter()
    total = 0
    if not path.exists():
        return {"samples": 0}
    for line in path.read_text().splitlines():
        stack, _, n = line.rpartition(" ")
        if not n.isdigit():
            continue
        count = int(n)
        frames = stack.split(";")
        # With --threads the root is the thread; aiosqlite's worker runs one function.
        if any("_connection_worker_thread" in f for f in frames):
            kind = "SQLite thread"
        elif any("threading.py" in f for f in frames[:4]):
            kind = "other threads"
        else:
            kind = "event loop"
        threads[kind] += count
        total += count
        leaf = frames[-1]
        if leaf.startswith("Runner.run (asyncio/runners.py"):
            pkg, fn = "uvloop (C: I/O, syscalls, callbacks)", "uvloop's loop (C code)"
        elif kind == "SQLite thread" and ("aiosqlite" in leaf or "timed_execute" in leaf):
            # The innermost Python frame of a C sqlite3 call (aiosqlite's, or the bench
            # wrapper that times it).
            pkg, fn = "sqlite3 (C)", "sqlite3 C calls (aiosqlite worker)"
        else:
            pkg, fn = _package(leaf), _func(leaf)
        self_pkg[f"{kind}: {pkg}"] += count
        self_fn[fn] += count
        for fn in {_func(f) for f in frames[1:]}:
            incl[fn] += count
    return {
        "samples": total,
        "threads": dict(threads),
        "self_pkg": self_pkg.most_common(top),
        "self_fn": self_fn.most_common(top),
        "incl": [(f, n) for f, n in incl.most_common(top * 4) if "planloop" in f or "sse" in f][
            :top
        ],
    }


_STDLIB_HINTS = ("/lib/python3", "<frozen", "<unknown")


def _owner(tb: tracemalloc.Traceback) -> tuple[str, str]:
    """The innermost frame outside the standard library: (package, file:line source)."""
    frames = list(tb)
    for frame in reversed(frames):  # most recent call last
        name = frame.filename
        if "site-packages/" in name:
            rel = name.split("site-packages/", 1)[1]
        elif "/planloop/" in name:
            rel = "planloop/" + name.split("/planloop/", 1)[1]
        elif any(h in name for h in _STDLIB_HINTS):
            continue
        else:
            rel = name
        src = linecache.getline(frame.filename, frame.lineno).strip()
        return rel.split("/", 1)[0], f"{rel}:{frame.lineno} `{src[:70]}`"
    last = frames[-1] if frames else None
    if last is None:
        return "?", "?"
    return "stdlib", f"{last.filename.rsplit('/', 1)[-1]}:{last.lineno}"


_OWNERS = ("sse_starlette/", "planloop/engine/", "planloop/api/streams", "planloop/store/")


def _responsible(tb: tracemalloc.Traceback) -> str:
    """Who asked for it: the innermost frame of sse-starlette or planloop's engine, stream
    route or store (so anyio's task group counts for sse-starlette, which creates it);
    otherwise the package of the innermost frame outside the standard library."""
    for frame in reversed(list(tb)):
        name = frame.filename
        for owner in _OWNERS:
            if owner in name:
                rel = name.split("site-packages/", 1)[-1].split("/src/", 1)[-1]
                src = linecache.getline(frame.filename, frame.lineno).strip()
                return f"{rel}:{frame.lineno} `{src[:60]}`"
    return f"{_owner(tb)[0]} (other)"


def memory_diff(before: Path, after: Path, per: int, top: int = 15) -> dict[str, Any]:
    a = tracemalloc.Snapshot.load(str(before))
    b = tracemalloc.Snapshot.load(str(after))
    sizes: dict[tracemalloc.Traceback, list[int]] = {}
    for stat in a.statistics("traceback"):
        sizes[stat.traceback] = [-stat.size, -stat.count]
    for stat in b.statistics("traceback"):
        got = sizes.setdefault(stat.traceback, [0, 0])
        got[0] += stat.size
        got[1] += stat.count
    by_pkg: Counter[str] = Counter()
    by_site: Counter[str] = Counter()
    by_who: Counter[str] = Counter()
    blocks: Counter[str] = Counter()
    for tb, (size, count) in sizes.items():
        if size == 0 or any("/bench/" in f.filename for f in tb):
            continue
        pkg, site = _owner(tb)
        by_pkg[pkg] += size
        by_site[site] += size
        blocks[site] += count
        by_who[_responsible(tb)] += size
    total = sum(by_pkg.values())
    return {
        "per": per,
        "total_kb_each": total / per / 1024,
        "by_pkg": [(p, s / per / 1024) for p, s in by_pkg.most_common(top)],
        "by_site": [(s, n / per / 1024, blocks[s] / per) for s, n in by_site.most_common(top)],
        "by_who": [(w, n / per / 1024) for w, n in by_who.most_common(top)],
    }


# -- the investigation ----------------------------------------------------------------------


async def delivery_and_creation(plan: Plan, work: Path, out: Path) -> dict[str, Any]:
    res: dict[str, Any] = {}
    server = BenchServer(work, module="bench.profile_server", BENCH_PROFILE_OUT=str(out)).start()
    bench = Bench(server, 24)
    dumps = Dumps(server, out)
    meter = LoadMeter(server.pid)
    try:
        await bench.setup()
        await asyncio.sleep(1)
        res["rss_idle_kb"] = server.rss_kb()
        res["gc_idle"] = await dumps.take("collect")
        ids, errors = await bench.create_runs(plan.streams, 3)
        assert not errors, errors[:3]
        seqs = await bench.wait_parked(ids, 1)
        await asyncio.sleep(1)
        base = await dumps.take()
        rss0 = server.rss_kb()
        streams, errors = await bench.open_streams([(r, r, seqs[r]) for r in ids], 200)
        assert not errors, errors[:3]
        await asyncio.sleep(2)
        with_streams = await dumps.take("collect")
        res["gc_streams"] = with_streams
        res["objects_per_stream"] = (
            with_streams["gc_counts_objects"] - base["gc_counts_objects"]
        ) / len(streams)
        res["tasks_per_stream"] = (with_streams["tasks"] - base["tasks"]) / len(streams)
        res["rss_kb_per_stream"] = (server.rss_kb() - rss0) / len(streams)
        log(
            f"investigate: {res['objects_per_stream']:.0f} objects and "
            f"{res['tasks_per_stream']:.1f} tasks per stream"
        )

        # Round A: instruments only. Round B: the same under py-spy.
        half = plan.approvals // 2
        await dumps.take("watch on")
        res["round_instruments"] = await approval_round(bench, ids[:half], 1, plan.rate)
        res["server_instruments"] = await dumps.take("watch off")
        res["foreign_cores"] = meter.foreign_cores()
        spy = PySpy(server.pid, out / "delivery.raw")
        res["round_pyspy"] = await approval_round(bench, ids[half : 2 * half], 1, plan.rate)
        res["profile_delivery"] = profile_summary(await spy.stop())
        await dumps.take()
        log("investigate: delivery profiled")

        [rid], _ = await bench.create_runs(1, 6)
        seq = (await bench.wait_parked([rid], 1))[rid]
        watchers, errors = await bench.open_streams(
            [((rid, i), rid, seq) for i in range(plan.watchers)], 200
        )
        await asyncio.sleep(1)
        res["gc_watchers"] = await dumps.take("collect")
        await dumps.take("watch on")
        res["fanout_instruments"] = await fanout_round(bench, rid, 1, 2, len(watchers))
        res["server_fanout"] = await dumps.take("watch off")
        spy = PySpy(server.pid, out / "fanout.raw")
        res["fanout_pyspy"] = await fanout_round(bench, rid, 3, 2, len(watchers))
        res["profile_fanout"] = profile_summary(await spy.stop())
        await bench.close_streams([*streams, *watchers], timeout=20)
        log("investigate: fan-out profiled")

        # Creation at scale: the last 500 of plan.extra_runs more runs, under py-spy.
        t = time.monotonic()
        cpu0 = server.cpu_seconds()
        await bench.create_runs(500, 2)
        await bench.wait_parked([], 1)
        res["create_early"] = {
            "runs": bench.created,
            "per_s": 500 / (time.monotonic() - t),
            "cpu_ms": (server.cpu_seconds() - cpu0) * 1000 / 500,
        }
        await bench.create_runs(max(plan.extra_runs - 1000, 0), 2)
        await bench.wait_parked([], 1)
        await dumps.take()
        spy = PySpy(server.pid, out / "create.raw")
        t = time.monotonic()
        cpu0 = server.cpu_seconds()
        await bench.create_runs(500, 2)
        await bench.wait_parked([], 1)
        res["create_late"] = {
            "runs": bench.created,
            "per_s": 500 / (time.monotonic() - t),
            "cpu_ms": (server.cpu_seconds() - cpu0) * 1000 / 500,
        }
        res["profile_create"] = profile_summary(await spy.stop())
        res["server_create"] = await dumps.take()
        res["sql"] = sql_costs(work / "planloop.db")
        await asyncio.sleep(1)
        res["trim"] = await dumps.take("trim")
        res["trim"]["runs"] = bench.created
        res["trim"]["rss_idle_kb"] = res["rss_idle_kb"]
        log("investigate: creation profiled")
    finally:
        await bench.close()
        server.stop()
    return res


def sql_costs(db: Path) -> dict[str, Any]:
    """Time the store's per-creation count query and the row sizes, on the server's file."""
    conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        owner, runs = conn.execute(
            "SELECT owner, COUNT(*) FROM runs GROUP BY owner ORDER BY 2 DESC LIMIT 1"
        ).fetchone()
        terminal = ("completed", "rejected", "cancelled", "expired", "failed")
        sql = "SELECT COUNT(*) FROM runs WHERE owner=? AND status NOT IN (?,?,?,?,?)"
        plan = " / ".join(
            r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql, (owner, *terminal))
        )
        t = time.perf_counter()
        for _ in range(20):
            conn.execute(sql, (owner, *terminal)).fetchone()
        count_ms = (time.perf_counter() - t) / 20 * 1000
        body = conn.execute("SELECT AVG(LENGTH(body)) FROM runs").fetchone()[0]
        payload = conn.execute(
            "SELECT type, AVG(LENGTH(payload)), COUNT(*) FROM events GROUP BY type ORDER BY 2 DESC"
        ).fetchall()
        return {
            "runs": runs,
            "count_plan": plan,
            "count_ms": count_ms,
            "avg_body_bytes": body,
            "payload_bytes": [(t, round(n), c) for t, n, c in payload],
        }
    finally:
        conn.close()


async def stream_memory(plan: Plan, work: Path, out: Path, frames: int = 12) -> dict[str, Any]:
    server = BenchServer(
        work,
        module="bench.profile_server",
        BENCH_PROFILE_OUT=str(out),
        BENCH_TRACEMALLOC=str(frames),
        BENCH_TIMERS="0",
    ).start(timeout=180)  # imports are slow with tracemalloc on
    bench = Bench(server, 24)
    dumps = Dumps(server, out)
    res: dict[str, Any] = {}
    try:
        await bench.setup()
        warm, _ = await bench.create_runs(50, 2)  # imports and caches of a first run
        await bench.wait_parked(warm, 1)
        await asyncio.sleep(1)
        await dumps.take()
        idle = dumps.snapshot()
        ids, errors = await bench.create_runs(plan.streams, 2)
        assert not errors, errors[:3]
        seqs = await bench.wait_parked(ids, 1)
        await asyncio.sleep(1)
        await dumps.take()
        before = dumps.snapshot()
        res["runs"] = memory_diff(idle, before, len(ids))
        log(f"investigate: traced {res['runs']['total_kb_each']:.1f} KB per parked run")
        streams, errors = await bench.open_streams([(r, r, seqs[r]) for r in ids], 200)
        assert not errors, errors[:3]
        await asyncio.sleep(2)
        await dumps.take()
        res["streams"] = memory_diff(before, dumps.snapshot(), len(streams))
        log(f"investigate: traced {res['streams']['total_kb_each']:.1f} KB per stream")
        for s in streams:
            s.close()
    finally:
        await bench.close()
        server.stop()
    return res


# -- report ---------------------------------------------------------------------------------


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "-"


def _profile_table(add: Callable[[str], None], title: str, prof: dict[str, Any]) -> None:
    total = prof.get("samples", 0)
    add(f"**{title}** — {total} samples at 250 Hz (CPU only; idle waits excluded); ")
    add(", ".join(f"{k} {_pct(v, total)}" for k, v in prof.get("threads", {}).items()) + ".")
    add("")
    add("| self time by package | share | | self time by function | share |")
    add("|---|---|---|---|---|")
    rows = max(len(prof.get("self_pkg", [])), len(prof.get("self_fn", [])))
    for i in range(min(rows, 10)):
        p = prof["self_pkg"][i] if i < len(prof["self_pkg"]) else ("", 0)
        f = prof["self_fn"][i] if i < len(prof["self_fn"]) else ("", 0)
        add(
            f"| {p[0]} | {_pct(p[1], total) if p[0] else ''} | | `{f[0]}` | "
            f"{_pct(f[1], total) if f[0] else ''} |"
        )
    add("")
    add(
        "Inclusive, planloop and SSE frames: "
        + "; ".join(f"`{f}` {_pct(n, total)}" for f, n in prof.get("incl", [])[:8])
        + "."
    )
    add("")


def _breakdown(
    add: Callable[[str], None], label: str, rnd: dict[str, Any], srv: dict[str, Any]
) -> None:
    add(
        f"| {label} | {ms(srv['ts_to_publish']['p50'])} / {ms(srv['ts_to_publish']['p99'])} | "
        f"{ms(srv['ts_to_feed']['p50'])} / {ms(srv['ts_to_feed']['p99'])} | "
        f"{ms(rnd['arrival']['p50'])} / {ms(rnd['arrival']['p99'])} | "
        f"{ms(rnd['delivery']['p50'])} / {ms(rnd['delivery']['p99'])} | "
        f"{ms(srv['loop_lag']['p99'])} / {ms(srv['loop_lag']['max'])} "
        f"({srv['loop_lag_over_5ms']} > 5 ms) | "
        f"{srv['gc']['2'].get('n', 0)} full, longest {max(srv['gc_longest_ms'] or [0]):.1f} ms |"
    )


def _hops(add: Callable[[str], None], srv: dict[str, Any], approvals: int) -> None:
    hops = srv.get("hops") or {}
    n = sum(h["total"]["n"] for h in hops.values())
    if not n:
        return
    wait = sum(h["total"]["sum"] - h["exec"]["sum"] for h in hops.values())
    add(
        f"SQLite round trips through aiosqlite's thread during the approvals: {n:,} "
        f"({n / approvals:.0f} per approval); {1000 * wait / n:.2f} ms per trip on average is "
        "queueing and wake-ups, not SQL. By kind (ms):"
    )
    add("")
    add("| call | per approval | total p50 / p99 / max | in the thread p50 / p99 / max |")
    add("|---|---|---|---|")
    for kind, h in list(hops.items())[:12]:
        t, e = h["total"], h["exec"]
        add(
            f"| `{kind}` | {t['n'] / approvals:.1f} | {ms(t['p50'])} / {ms(t['p99'])} / "
            f"{ms(t['max'])} | {ms(e['p50'])} / {ms(e['p99'])} / {ms(e['max'])} |"
        )
    add("")


def _stalls(add: Callable[[str], None], label: str, srv: dict[str, Any]) -> None:
    samples = srv.get("stall_samples") or []
    total = sum(n for _, n in samples)
    if not total:
        add(f"Stalls of the event loop > 6 ms ({label}): none sampled.")
        add("")
        return
    add(
        f"What the event loop ran while stalled > 6 ms ({label}; {total} samples, "
        "each ≈ 2 ms; innermost frame ← innermost planloop frame):"
    )
    add("")
    add("| samples | running |")
    add("|---|---|")
    for where, n in samples[:10]:
        add(f"| {n} | `{where}` |")
    add("")


def render(plan: Plan, res: dict[str, Any], started: datetime, command: str) -> str:
    d, m = res["delivery"], res["memory"]
    lines: list[str] = []
    add = lines.append
    facts = machine_facts()
    add("## Foundation: where the time and memory go")
    add("")
    add(
        f"Run {started:%Y-%m-%d %H:%M} UTC with `{command}` on {facts['nproc']} cores, Python "
        f"{facts['python']}. The server is `bench.profile_server` (planloop plus instruments "
        "patched in from bench/), so its figures are slower than the benchmark's; they "
        "attribute, they do not measure targets. Other processes kept "
        f"{d.get('foreign_cores', float('nan')):.2f} cores busy until the first approval round "
        "ended."
    )
    add("")
    add(f"### Event latency, step by step ({plan.streams:,} streams)")
    add("")
    add(
        "p50 / p99 in ms, from the event's `ts` (stamped in `append`, before the INSERT and "
        "COMMIT) to: `Broker.publish` (after COMMIT), the stream's feed yielding it (its "
        "task ran), the client's socket read, the parsed frame. Loop lag: how late a 2 ms "
        "timer fires (a synchronous stretch of work in the event loop)."
    )
    add("")
    add("| scenario | → publish | → feed | → socket read | → parsed | loop lag p99 / max | GC |")
    add("|---|---|---|---|---|---|---|")
    _breakdown(add, "one stream per run", d["round_instruments"], d["server_instruments"])
    _breakdown(
        add, f"fan-out, {plan.watchers:,} watchers", d["fanout_instruments"], d["server_fanout"]
    )
    add("")
    _hops(add, d["server_instruments"], d["round_instruments"]["approvals"])
    _stalls(add, "one stream per run", d["server_instruments"])
    _stalls(add, "fan-out", d["server_fanout"])
    _profile_table(
        add, f"CPU during approvals ({plan.rate:g}/s, one stream per run)", d["profile_delivery"]
    )
    _profile_table(add, f"CPU during fan-out ({plan.watchers:,} watchers)", d["profile_fanout"])
    gi, gs, gw = d["gc_idle"], d["gc_streams"], d["gc_watchers"]
    add(
        "One full `gc.collect()` (the pause a generation-2 collection imposes on every "
        f"stream): idle server {gi['gc_full_ms']:.0f} ms ({gi['gc_objects']:,} tracked "
        f"objects, nearly all from imports: `gc.freeze()` after startup takes them out); "
        f"with {plan.streams:,} streams {gs['gc_full_ms']:.0f} ms "
        f"({gs['gc_objects']:,} objects); with {plan.streams + plan.watchers:,} streams "
        f"{gw['gc_full_ms']:.0f} ms ({gw['gc_objects']:,} objects)."
    )
    add("")
    add("### Memory per open stream")
    add("")
    add(
        f"Uninstrumented RSS: {d['rss_kb_per_stream']:.1f} KB per stream; "
        f"{d['objects_per_stream']:.0f} GC-tracked objects and {d['tasks_per_stream']:.1f} "
        f"asyncio tasks per stream. tracemalloc (Python allocations only, {plan.streams:,} "
        f"streams): {m['streams']['total_kb_each']:.1f} KB per stream; the rest of RSS is "
        "allocator overhead and C-level buffers."
    )
    add("")
    add(
        "| who asked for it (sse-starlette, or planloop's engine/stream/store code) | KB / stream |"
    )
    add("|---|---|")
    for who, kb in m["streams"]["by_who"][:12]:
        add(f"| {who.replace('|', '/')} | {kb:.2f} |")
    add("")
    add("| owner package (innermost frame outside the stdlib) | KB / stream |")
    add("|---|---|")
    for pkg, kb in m["streams"]["by_pkg"][:8]:
        add(f"| {pkg} | {kb:.2f} |")
    add("")
    add("| allocation site (innermost frame outside the stdlib) | KB / stream | blocks / stream |")
    add("|---|---|---|")
    for site, kb, blocks in m["streams"]["by_site"][:15]:
        add(f"| {site.replace('|', '/')} | {kb:.2f} | {blocks:.1f} |")
    add("")
    add("### Memory per parked run (no stream)")
    add("")
    add(
        f"Live Python allocations (tracemalloc) per parked run: "
        f"{m['runs']['total_kb_each']:.2f} KB. Largest sites:"
    )
    add("")
    add("| allocation site | KB / run | blocks / run |")
    add("|---|---|---|")
    for site, kb, blocks in m["runs"]["by_site"][:8]:
        add(f"| {site.replace('|', '/')} | {kb:.2f} | {blocks:.2f} |")
    add("")
    t = d["trim"]
    pm = t.get("pymalloc", {})
    if pm:
        add(
            f"pymalloc at that point: {pm.get('arenas', 0)} arenas "
            f"({pm.get('total_bytes', 0) / 2**20:.1f} MiB), "
            f"{pm.get('used_bytes', 0) / 2**20:.1f} MiB in live small objects, "
            f"{(pm.get('free_block_bytes', 0) + pm.get('unused_pool_bytes', 0)) / 2**20:.1f} "
            "MiB free inside arenas that cannot be returned while any block in them lives."
        )
        add("")
    add(
        f"Without tracemalloc, after {t['runs']:,} runs (all parked or finished, no stream): "
        f"RSS {t['rss_kb'] / 1024:.1f} MiB (idle {t['rss_idle_kb'] / 1024:.1f} MiB), "
        f"{t['rss_after_gc_kb'] / 1024:.1f} MiB after `gc.collect()`, "
        f"{t['rss_after_trim_kb'] / 1024:.1f} MiB after glibc `malloc_trim(0)`: the memory "
        "a parked run seems to cost is mostly what the allocator kept from the work of "
        "creating and running it, not live objects."
        if t["rss_after_trim_kb"] - t["rss_idle_kb"] < 0.5 * (t["rss_kb"] - t["rss_idle_kb"])
        else f"Without tracemalloc, after {t['runs']:,} runs: RSS {t['rss_kb'] / 1024:.1f} MiB "
        f"(idle {t['rss_idle_kb'] / 1024:.1f} MiB), {t['rss_after_gc_kb'] / 1024:.1f} MiB "
        f"after `gc.collect()`, {t['rss_after_trim_kb'] / 1024:.1f} MiB after glibc "
        "`malloc_trim(0)`."
    )
    add("")
    add("### Creating runs as the store grows")
    add("")
    e, late, sql = d["create_early"], d["create_late"], d["sql"]
    add(
        f"Around {e['runs']:,} runs: {e['per_s']:.0f} runs/s, {e['cpu_ms']:.1f} ms server CPU "
        f"each; around {late['runs']:,} runs: {late['per_s']:.0f} runs/s, "
        f"{late['cpu_ms']:.1f} ms each. The per-creation active-run count "
        f"(`count_active_runs`, inside the write transaction) over {sql['runs']:,} runs of "
        f"one owner takes {sql['count_ms']:.1f} ms (plan: {sql['count_plan']}). Average run "
        f"row body: {sql['avg_body_bytes'] / 1024:.1f} KB."
    )
    add("")
    add(
        "Event payload sizes (bytes, average): "
        + ", ".join(f"`{t}` {n:,}" for t, n, _ in sql["payload_bytes"])
        + "."
    )
    add("")
    _profile_table(add, "CPU while creating runs", d["profile_create"])
    return "\n".join(lines)


async def investigate(plan: Plan) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="planloop-investigate-") as tmp:
        root = Path(tmp)
        for sub in ("a", "a-out", "b", "b-out"):
            (root / sub).mkdir()
        delivery = await delivery_and_creation(plan, root / "a", root / "a-out")
        memory = await stream_memory(plan, root / "b", root / "b-out")
    return {"delivery": delivery, "memory": memory}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.investigate", description=__doc__)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--docs", type=Path, default=Path("docs/benchmarks.md"))
    parser.add_argument("--write-docs", action="store_true")
    parser.add_argument("--json", type=Path, help="also save the raw results here")
    parser.add_argument(
        "--wait-quiet", type=float, default=600, metavar="S", help="wait for a quiet machine"
    )
    args = parser.parse_args(argv)
    plan = QUICK if args.quick else FULL
    raise_nofile()
    wait_quiet(args.wait_quiet, log=log)
    started = datetime.now(UTC)
    try:
        import uvloop

        factory: Callable[[], asyncio.AbstractEventLoop] | None = uvloop.new_event_loop
    except ImportError:
        factory = None
    with asyncio.Runner(loop_factory=factory) as runner:
        res = runner.run(investigate(plan))
    if args.json:
        args.json.write_text(json.dumps(res, indent=1, default=str))
    command = ".venv/bin/python -m bench.investigate" + (" --quick" if args.quick else "")
    text = render(plan, res, started, command)
    print(text)
    if args.write_docs:
        write_section(args.docs, "foundation-investigation", text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
