"""Parked runs in one process: how many fit, what each costs, and uvicorn's floor under it
(issue 19, target 6: "100,000 parked runs, each with an open stream, in one process, at
< 10 KB each. Explain the floor that uvicorn's per-connection cost sets").

    .venv/bin/python -m bench capacity            # full (~6 min), writes docs/benchmarks.md
    .venv/bin/python -m bench capacity --quick    # smoke (< 1 min), prints only

Three parts, each on a real server subprocess with this process as the client:

1. **The ceiling.** One open stream is one socket, one file descriptor in the server. The
   process's hard RLIMIT_NOFILE bounds the streams one process can hold; raising it needs
   CAP_SYS_RESOURCE, which this tries (and says whether it was granted).
2. **The ladder.** ``planloop serve`` (SQLite, offline planner): runs are created up to each
   step and wait at checkpoint 1, then one stream per new run opens; the server's VmRSS
   is read after each. The top step is the most streams the server's connection cap
   allows under the fd limit. The same client then opens as many streams on a bare ASGI
   app on the same uvicorn (bench/bare_server.py): uvicorn's floor, measured beside it.
3. **Who allocates a parked stream.** ``planloop serve`` under tracemalloc
   (bench/traced_server.py) parks runs and opens their streams; the Python memory they
   added is split by the newest frame that belongs to planloop, FastAPI/Starlette or
   uvicorn (allocations made by asyncio on their behalf count for them; those with none
   of the three on the stack were made from the event loop's C code: uvloop).
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib.metadata import version
from pathlib import Path
from typing import Any

from tests.h2streams import H2Streams

from bench.foundation import Bench
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
from planloop.cli.http2 import STREAMS_PER_CONNECTION

TARGET_RUNS = 100_000
TARGET_KB = 10.0
OWNERS = (
    ("planloop", "/planloop/"),
    ("FastAPI/Starlette", "/starlette/"),
    ("FastAPI/Starlette", "/fastapi/"),
    ("uvicorn", "/uvicorn/"),
)
LOOP = "event loop (uvloop, from C)"
RUNNER = "asyncio/runners.py"  # run_until_complete: what the loop calls is newer


@dataclass(frozen=True)
class Config:
    name: str
    steps: tuple[int, ...]  # the ladder's steps below the top one
    traced: int  # runs parked under tracemalloc (none over HTTP/2)
    create_concurrency: int = 24
    open_concurrency: int = 200
    http2: bool = False  # the servers on granian, the streams over HTTP/2 (tests/h2streams.py)

    @property
    def server_args(self) -> list[str]:
        return ["--http2"] if self.http2 else []


FULL = Config("full", (1_000, 5_000, 10_000), 1_000)
QUICK = Config("quick", (200,), 200)
HTTP2 = Config("http2", (1_000, 10_000, 50_000), 0, http2=True)
HTTP2_QUICK = Config("http2 quick", (200,), 0, http2=True)


# -- the ceiling --------------------------------------------------------------------------


def fd_ceiling() -> dict[str, Any]:
    """The hard fd limit and whether this process may raise it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard + 1))
    except (ValueError, OSError) as exc:
        raisable = f"no ({exc})"
    else:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
        raisable = "yes"
    return {"soft": soft, "hard": hard, "raisable": raisable}


def top_step(hard: int, client_conns: int) -> int:
    """The most streams planloop's connection cap (planloop.api.slowclients) accepts with
    the soft limit at ``hard``, less the client's other connections, in whole hundreds."""
    cap = hard - max(64, hard // 8)
    return (cap - client_conns - 50) // 100 * 100


# -- the ladder ---------------------------------------------------------------------------


async def open_h2(
    h2: H2Streams, keys: Sequence[tuple[str, int | None]]
) -> tuple[list[Any], list[str]]:
    """Streams over HTTP/2 for (path, Last-Event-ID): what opened, and the errors."""
    before = len(h2.streams)
    errors = await h2.open(keys)
    return h2.streams[before:], errors


async def planloop_ladder(cfg: Config, steps: Sequence[int], workdir: Path) -> dict[str, Any]:
    server = BenchServer(workdir / "planloop", args=cfg.server_args).start(timeout=60)
    bench = Bench(server, cfg.create_concurrency)
    out: dict[str, Any] = {"steps": [], "stopped": None}
    streams: list[Any] = []
    h2 = H2Streams(server.host, server.port, "", keep=False)
    try:
        await bench.setup()
        h2.cookie = bench.cookie
        await asyncio.sleep(1.0)
        out["idle_kb"] = server.rss_kb()
        out["nofile"] = server.nofile_limit()
        done = 0
        for n in steps:
            step: dict[str, Any] = {"n": n}
            meter = LoadMeter(server.pid)
            cpu0, t0 = server.cpu_seconds(), time.monotonic()
            new, errors = await bench.create_runs(n - done, 2)
            if errors:
                out["stopped"] = f"creating runs up to {n}: {len(errors)} errors {errors[:2]}"
                break
            seqs = await bench.wait_parked(new, 1, timeout=600 + 0.03 * len(new))
            step["park_s"] = time.monotonic() - t0
            step["cpu_ms"] = (server.cpu_seconds() - cpu0) * 1000 / (n - done)
            await asyncio.sleep(2.0)
            step["parked_kb"] = server.rss_kb()
            t1 = time.monotonic()
            if cfg.http2:
                keys = [(f"/api/runs/{rid}/events", seqs[rid]) for rid in new]
                opened, errors = await open_h2(h2, keys)
            else:
                opened, errors = await bench.open_streams(
                    [(rid, rid, seqs[rid]) for rid in new], cfg.open_concurrency
                )
            step["open_s"] = time.monotonic() - t1
            streams.extend(opened)
            await asyncio.sleep(2.0)
            step["streams_kb"] = server.rss_kb()
            step["streams"] = len(streams)
            step["connections"] = len(h2.connections) if cfg.http2 else len(streams)
            step["server_streams"] = (await bench.health())["streams"]
            step["foreign_cores"] = meter.foreign_cores()
            out["steps"].append(step)
            log(
                f"planloop: {n:,} parked in {step['park_s']:.1f} s ({step['cpu_ms']:.1f} ms CPU"
                f" a run), {len(streams):,} streams; RSS {step['parked_kb'] / 1024:.1f} →"
                f" {step['streams_kb'] / 1024:.1f} MiB"
            )
            if errors:
                out["stopped"] = f"opening streams up to {n}: {len(errors)} errors {errors[:2]}"
                break
            done = n
        for s in streams:
            if not cfg.http2:
                s.close()
        h2.close()
    finally:
        await bench.close()
        server.stop()
    return out


async def bare_ladder(cfg: Config, steps: Sequence[int], workdir: Path) -> dict[str, Any]:
    server = BenchServer(workdir / "bare", module="bench.bare_server", args=cfg.server_args)
    server.start()
    bench = Bench(server, 1)
    out: dict[str, Any] = {"steps": [], "stopped": None}
    streams: list[Any] = []
    h2 = H2Streams(server.host, server.port, "", keep=False)
    name = "bare granian" if cfg.http2 else "bare uvicorn"
    try:
        await asyncio.sleep(1.0)
        out["idle_kb"] = server.rss_kb()
        for n in steps:
            if cfg.http2:
                paths = [(f"/s{i}", None) for i in range(len(streams), n)]
                opened, errors = await open_h2(h2, paths)
            else:
                keys = [(i, f"s{i}", None) for i in range(len(streams), n)]
                opened, errors = await bench.open_streams(keys, cfg.open_concurrency)
            streams.extend(opened)
            await asyncio.sleep(2.0)
            out["steps"].append({"n": n, "streams": len(streams), "streams_kb": server.rss_kb()})
            log(f"{name}: {len(streams):,} streams; RSS {server.rss_kb() / 1024:.1f} MiB")
            if errors:
                out["stopped"] = f"opening streams up to {n}: {len(errors)} errors {errors[:2]}"
                break
        for s in streams:
            if not cfg.http2:
                s.close()
        h2.close()
    finally:
        await bench.close()
        server.stop()
    return out


# -- who allocates ------------------------------------------------------------------------


def owner(trace: tracemalloc.Traceback) -> tuple[str, str]:
    """(owner, its newest frame as file:line) for one allocation's traceback. Only the
    frames the event loop called count: uvicorn's own start (which runs the loop) is on
    every stack."""
    frames = list(trace)  # oldest first
    loop = [i for i, frame in enumerate(frames) if frame.filename.endswith(RUNNER)]
    for frame in reversed(frames[loop[-1] + 1 :] if loop else frames):  # newest first
        for name, marker in OWNERS:
            if marker in frame.filename:
                return name, f"{frame.filename.rsplit('/', 1)[-1]}:{frame.lineno}"
    return LOOP, ""


def attribute(before: Path, after: Path, n: int) -> dict[str, Any]:
    """Bytes per unit that ``after`` holds beyond ``before``, by owner and by line."""
    old = tracemalloc.Snapshot.load(str(before))
    new = tracemalloc.Snapshot.load(str(after))
    by_owner: Counter[str] = Counter()
    by_line: Counter[tuple[str, str]] = Counter()
    for stat in new.compare_to(old, "traceback"):
        who, line = owner(stat.traceback)
        by_owner[who] += stat.size_diff
        by_line[(who, line)] += stat.size_diff
    return {
        "total": sum(by_owner.values()) / n,
        "owners": {k: v / n for k, v in by_owner.most_common()},
        "lines": [(who, line, v / n) for (who, line), v in by_line.most_common(12) if line],
    }


async def traced(cfg: Config, workdir: Path) -> dict[str, Any]:
    snaps = workdir / "snapshots"
    snaps.mkdir(parents=True)
    server = BenchServer(
        workdir / "traced", module="bench.traced_server", BENCH_TRACE_DIR=str(snaps)
    ).start(timeout=120)
    bench = Bench(server, cfg.create_concurrency)
    taken = 0

    async def snapshot() -> Path:
        nonlocal taken
        path = snaps / f"snap{taken}"
        server.proc.send_signal(10)  # type: ignore[union-attr]  # SIGUSR1
        while not path.with_name(path.name + ".done").exists():
            await asyncio.sleep(0.2)
        taken += 1
        return path

    streams: list[Any] = []
    try:
        await bench.setup()
        # Warm up every path once, so that the snapshots compare like with like.
        warm, _ = await bench.create_runs(50, 2)
        seqs = await bench.wait_parked(warm, 1)
        opened, _ = await bench.open_streams([(r, r, seqs[r]) for r in warm], 50)
        streams.extend(opened)
        await asyncio.sleep(1.0)
        s0 = await snapshot()
        new, errors = await bench.create_runs(cfg.traced, 2)
        if errors:
            raise RuntimeError(f"traced: {len(errors)} errors creating runs {errors[:2]}")
        seqs = await bench.wait_parked(new, 1, timeout=600)
        await asyncio.sleep(1.0)
        s1 = await snapshot()
        opened, errors = await bench.open_streams(
            [(r, r, seqs[r]) for r in new], cfg.open_concurrency
        )
        streams.extend(opened)
        if errors:
            raise RuntimeError(f"traced: {len(errors)} errors opening streams {errors[:2]}")
        await asyncio.sleep(2.0)
        s2 = await snapshot()
        log(f"traced: {cfg.traced:,} runs parked and their streams open")
        return {
            "n": cfg.traced,
            "run": attribute(s0, s1, cfg.traced),
            "stream": attribute(s1, s2, cfg.traced),
        }
    finally:
        for s in streams:
            s.close()
        await bench.close()
        server.stop()


# -- the report ---------------------------------------------------------------------------


def kb(kib: float) -> str:
    return f"{kib:.1f}"


@dataclass(frozen=True)
class LadderRow:
    """One step of a ladder, in KiB of RSS: what its runs and streams added, and the bare
    server's cost per stream at the same N."""

    n: int
    step: dict[str, Any]
    run_kb: float  # per run the step added, before its streams
    stream_kb: float  # per stream the step added
    whole: float  # (RSS - idle) / N, streams open
    bare_kb: float  # the bare server's (RSS - idle) / N
    over_idle_mib: float


def ladder_rows(pl: dict[str, Any], bare: dict[str, Any]) -> list[LadderRow]:
    bare_by_n = {s["n"]: s for s in bare["steps"]}
    rows: list[LadderRow] = []
    prev_n, prev_kb = 0, pl["idle_kb"]
    for s in pl["steps"]:
        n = s["n"]
        b = bare_by_n.get(n)
        rows.append(
            LadderRow(
                n,
                s,
                (s["parked_kb"] - prev_kb) / (n - prev_n),
                (s["streams_kb"] - s["parked_kb"]) / (n - prev_n),
                (s["streams_kb"] - pl["idle_kb"]) / n,
                (b["streams_kb"] - bare["idle_kb"]) / n if b else float("nan"),
                (s["streams_kb"] - pl["idle_kb"]) / 1024,
            )
        )
        prev_n, prev_kb = n, s["streams_kb"]
    return rows


def render(cfg: Config, res: dict[str, Any], command: str, started: datetime) -> str:
    facts, ceiling = res["facts"], res["ceiling"]
    pl, bare, tr = res["planloop"], res["bare"], res["traced"]
    lines: list[str] = []
    add = lines.append
    add("## Parked runs in one process")
    add("")
    add(
        f"Run {started:%Y-%m-%d %H:%M} UTC in {res['duration_s']:.0f} s with `{command}`"
        f" ({cfg.name} profile)."
    )
    add("")
    add(
        f"Machine: {facts['nproc']} cores ({facts['cpu']}), {facts['memory']} RAM, "
        f"Linux {facts['kernel']}, Python {facts['python']}; {facts['packages']}."
    )
    add(
        f"Servers: `planloop serve` (SQLite, offline planner, the benchmark settings of"
        f" bench/server.py) and `python -m bench.bare_server` (a bare ASGI app holding an SSE"
        f" response on the same uvicorn), one at a time; the client is this script (uvloop,"
        f" raw asyncio SSE streams). Other processes kept"
        f" {res['foreign_at_start']:.2f} cores busy at the start."
    )
    add("")
    add(
        f"**The ceiling.** RLIMIT_NOFILE {ceiling['soft']:,}/{ceiling['hard']:,} (soft/hard);"
        f" may this process raise the hard limit? {ceiling['raisable']}. Every open stream"
        f" is a socket, so one process here holds at most {ceiling['hard']:,} streams, and"
        f" planloop's connection cap keeps an eighth of them for its own files: the top step"
        f" is {res['top']:,}. {TARGET_RUNS:,} streams in one process need a hard limit above"
        f" {TARGET_RUNS:,} (CAP_SYS_RESOURCE, or a limit set for the service by its"
        f" supervisor: `LimitNOFILE=` in systemd, `--ulimit nofile=` in Docker)."
    )
    add("")
    add(
        "| N parked, a stream each | planloop RSS over idle | KB per run (no stream) | KB per"
        " stream | KB per run with its stream | bare uvicorn: KB per stream | planloop's own"
        " per run with stream | parking: s (server CPU a run) |"
    )
    add("|---|---|---|---|---|---|---|---|")
    rows = ladder_rows(pl, bare)
    for r in rows:
        s = r.step
        add(
            f"| {r.n:,} | {r.over_idle_mib:.1f} MiB | {kb(r.run_kb)} |"
            f" {kb(r.stream_kb)} | **{kb(r.whole)}** | {kb(r.bare_kb)} |"
            f" {kb(r.whole - r.bare_kb)} | {s['park_s']:.1f} ({s['cpu_ms']:.1f} ms) |"
        )
    top = pl["steps"][-1] if pl["steps"] else None
    if top is not None:
        whole, floor = rows[-1].whole, rows[-1].bare_kb
        ok = top["streams"] >= TARGET_RUNS and whole < TARGET_KB
        add("")
        add(
            f"**Target** ({TARGET_RUNS:,} parked runs with a stream each in one process, <"
            f" {TARGET_KB:g} KB each): {top['streams']:,} reached, {whole:.1f} KB each, of"
            f" which uvicorn's own connection is {floor:.1f} KB; {TARGET_RUNS:,} at this cost"
            f" would hold {whole * TARGET_RUNS / 1024 / 1024:.2f} GiB"
            f" ({floor * TARGET_RUNS / 1024 / 1024:.2f} GiB of it uvicorn's)."
            f" {'PASS' if ok else 'MISS'}."
        )
    for label, part in (("planloop", pl), ("bare uvicorn", bare)):
        if part["stopped"]:
            add(f"\n{label} stopped early: {part['stopped']}")
    add("")
    add(
        f"Idle RSS: planloop {pl['idle_kb'] / 1024:.1f} MiB, bare uvicorn"
        f" {bare['idle_kb'] / 1024:.1f} MiB. KB are KiB of VmRSS; a step's *per run* and *per"
        f" stream* columns are the RSS it added over the runs and streams it added, *with its"
        f" stream* is (RSS - idle) / N. Sockets' kernel buffers are not in RSS."
    )
    add("")
    add(
        f"**Who allocates** (tracemalloc, {tr['n']:,} runs parked and their streams opened"
        f" on a traced `planloop serve`; Python allocations only, bytes per run):"
    )
    add("")
    add("| owner | per parked run, no stream | per stream |")
    add("|---|---|---|")
    owners = list(dict.fromkeys([*tr["stream"]["owners"], *tr["run"]["owners"]]))
    for who in owners:
        add(
            f"| {who} | {tr['run']['owners'].get(who, 0):.0f} B |"
            f" {tr['stream']['owners'].get(who, 0):.0f} B |"
        )
    add(f"| all | {tr['run']['total']:.0f} B | {tr['stream']['total']:.0f} B |")
    add("")
    add(
        "Largest allocation sites of a stream (newest frame of its owner): "
        + "; ".join(f"{who} {line} {size:.0f} B" for who, line, size in tr["stream"]["lines"])
        + "."
    )
    return "\n".join(lines)


def render_http2(cfg: Config, res: dict[str, Any], command: str, started: datetime) -> str:
    """The HTTP/2 ladder: ``planloop serve --http2`` and a bare app on the same granian."""
    facts, pl, bare = res["facts"], res["planloop"], res["bare"]
    lines: list[str] = []
    add = lines.append
    add("## Parked runs in one process, over HTTP/2")
    add("")
    add(
        f"Run {started:%Y-%m-%d %H:%M} UTC in {res['duration_s']:.0f} s with `{command}`"
        f" ({cfg.name} profile)."
    )
    add("")
    add(
        f"Machine: {facts['nproc']} cores ({facts['cpu']}), {facts['memory']} RAM, Python"
        f" {facts['python']}; granian {res['granian']}. Servers: `planloop serve --http2`"
        f" (granian, one worker process holding every run and stream; SQLite, offline"
        f" planner, bench/server.py's settings) and `python -m bench.bare_server serve"
        f" --http2` (a bare ASGI app holding the same SSE response on the same granian), one"
        f" at a time. Runs are created over HTTP/1.1; the streams are HTTP/2 streams,"
        f" {STREAMS_PER_CONNECTION:,} to a connection (the server's"
        f" SETTINGS_MAX_CONCURRENT_STREAMS), opened by tests/h2streams.py. RSS is the"
        f" worker's. Other processes kept {res['foreign_at_start']:.2f} cores busy at the"
        f" start; RLIMIT_NOFILE {res['ceiling']['soft']:,}/{res['ceiling']['hard']:,}."
    )
    add("")
    add(
        "| N parked, a stream each | connections | RSS over idle | KB per run (no stream) |"
        " KB per stream | KB per run with its stream | bare granian: KB per stream |"
        " planloop's own per run with stream | parking: s (server CPU a run) | streams"
        " opened in |"
    )
    add("|---|---|---|---|---|---|---|---|---|---|")
    rows = ladder_rows(pl, bare)
    for r in rows:
        s = r.step
        add(
            f"| {r.n:,} | {s['connections']:,} | {r.over_idle_mib:.1f} MiB | {kb(r.run_kb)} |"
            f" {kb(r.stream_kb)} | **{kb(r.whole)}** | {kb(r.bare_kb)} |"
            f" {kb(r.whole - r.bare_kb)} | {s['park_s']:.1f} ({s['cpu_ms']:.1f} ms) |"
            f" {s['open_s']:.1f} s |"
        )
    top = pl["steps"][-1] if pl["steps"] else None
    if top is not None:
        whole, floor = rows[-1].whole, rows[-1].bare_kb
        add("")
        add(
            f"**Target** ({TARGET_RUNS:,} parked runs with a stream each in one process, <"
            f" {TARGET_KB:g} KB each): {top['streams']:,} streams open"
            f" ({top['server_streams']:,} counted by the server) on {top['connections']:,}"
            f" connections, {whole:.1f} KB each, of which granian's own stream is"
            f" {floor:.1f} KB. Count: {'PASS' if top['streams'] >= TARGET_RUNS else 'MISS'};"
            f" size: {'PASS' if whole < TARGET_KB else 'MISS'}."
        )
    for label, part in (("planloop", pl), ("bare granian", bare)):
        if part["stopped"]:
            add(f"\n{label} stopped early: {part['stopped']}")
    add("")
    add(
        f"Idle RSS: planloop {pl['idle_kb'] / 1024:.1f} MiB, bare granian"
        f" {bare['idle_kb'] / 1024:.1f} MiB. KB are KiB of VmRSS, as in the section above."
    )
    return "\n".join(lines)


async def run_all(cfg: Config, top: int) -> dict[str, Any]:
    steps = [*(s for s in cfg.steps if s < top), top]
    with tempfile.TemporaryDirectory(prefix="planloop-capacity-") as tmp:
        work = Path(tmp)
        for sub in ("planloop", "bare", "traced"):
            (work / sub).mkdir()
        res: dict[str, Any] = {"planloop": await planloop_ladder(cfg, steps, work)}
        res["bare"] = await bare_ladder(cfg, steps, work)
        if not cfg.http2:
            res["traced"] = await traced(cfg, work)
    return res


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench capacity", description=__doc__)
    docs_options(parser, "capacity", "< 1 min", 120)
    parser.add_argument(
        "--http2",
        action="store_true",
        help=f"the servers on granian (serve --http2), streams over HTTP/2, to {TARGET_RUNS:,}",
    )
    args = parser.parse_args(argv)
    profiles = {(False, False): FULL, (False, True): QUICK, (True, False): HTTP2}
    cfg = profiles.get((args.http2, args.quick), HTTP2_QUICK)
    ceiling = fd_ceiling()
    soft, hard = raise_nofile()
    if args.quick:
        top = 400
    elif cfg.http2:
        top = TARGET_RUNS
    else:
        top = top_step(hard, cfg.create_concurrency + 8)
    log(f"profile {cfg.name}; RLIMIT_NOFILE {soft}/{hard}, raisable: {ceiling['raisable']}")
    foreign = wait_quiet(quiet_wait_s(args, 120), log=log)
    started = datetime.now(UTC)
    t0 = time.monotonic()
    with asyncio.Runner(loop_factory=loop_factory()) as runner:
        res = runner.run(run_all(cfg, top))
    res.update(
        duration_s=time.monotonic() - t0,
        foreign_at_start=foreign,
        facts=machine_facts(),
        ceiling=ceiling,
        top=top,
        granian=version("granian"),
    )
    extra = argv if argv is not None else sys.argv[1:]
    command = command_line(".venv/bin/python -m bench capacity", args.quick, extra)
    text = (render_http2 if cfg.http2 else render)(cfg, res, command, started)
    print(text)
    section = "capacity-http2" if cfg.http2 else "capacity"
    if writes_docs(args):
        write_section(args.docs, section, text)
        log(f"wrote the {section} section of {args.docs}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
