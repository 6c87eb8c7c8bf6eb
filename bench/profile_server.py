"""``planloop serve`` with instruments, for ``bench.investigate`` (never used in production).

    BENCH_PROFILE_OUT=/tmp/x [BENCH_TRACEMALLOC=25] python -m bench.profile_server serve ...

Instruments (all in this process, none in src/):

* GC pauses per generation (``gc.callbacks``);
* event-loop lag: a task sleeps 2 ms and records how late it wakes (a synchronous stretch
  of work shows up as lag);
* where an event's latency goes inside the server: ``ts`` → ``Broker.publish`` (the commit)
  and ``ts`` → the stream's feed yields it (the subscriber task got to run);
* a stall sampler: a watchdog thread that, whenever the loop has not ticked for 6 ms,
  records what the event loop's thread is running (each sample ≈ 2 ms of stall);
* every aiosqlite round trip (one per statement, fetch and commit): its total time and
  the part spent executing in the worker thread (the rest is queueing and two wake-ups);
* optionally tracemalloc, with that many frames per allocation.

``SIGUSR1`` writes ``dump-<k>.json`` (and ``snap-<k>.tracemalloc``) into BENCH_PROFILE_OUT,
then starts a fresh window. If BENCH_PROFILE_OUT/command exists it is read (and removed)
first: ``watch on`` / ``watch off`` start or stop the stall sampler (its thread competes
for the GIL, so it is off under py-spy), ``trim`` calls glibc's ``malloc_trim(0)`` and
reports RSS before and after (memory the allocator kept vs memory still in use), and
``collect`` times one full ``gc.collect()``.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import signal
import sys
import threading
import time
import tracemalloc
from collections import Counter
from collections.abc import AsyncIterator
from datetime import datetime
from pathlib import Path
from typing import Any

OUT = Path(os.environ.get("BENCH_PROFILE_OUT", "."))
FRAMES = int(os.environ.get("BENCH_TRACEMALLOC", "0"))
# Timers and latency hooks; off for memory attribution, where their lists would count.
TIMERS = os.environ.get("BENCH_TIMERS", "1") != "0"


class Window:
    def __init__(self) -> None:
        self.gc: dict[int, list[float]] = {0: [], 1: [], 2: []}
        self.lag: list[float] = []
        self.to_publish: list[float] = []
        self.to_feed: list[float] = []
        self.stalls: Counter[str] = Counter()
        # aiosqlite round trips: kind → (total seconds, seconds executing in the thread)
        self.hops: dict[str, list[tuple[float, float]]] = {}


W = Window()
_gc_start = 0.0
_dumps = 0


def _gc_callback(phase: str, info: dict[str, Any]) -> None:
    global _gc_start
    if phase == "start":
        _gc_start = time.perf_counter()
    else:
        W.gc[info["generation"]].append(time.perf_counter() - _gc_start)


def _stats(values: list[float]) -> dict[str, float]:
    if not values:
        return {"n": 0}
    ordered = sorted(values)

    def q(p: float) -> float:
        return ordered[max(0, min(len(ordered) - 1, int(p / 100 * len(ordered) + 0.5) - 1))]

    return {
        "n": len(values),
        "sum": sum(values),
        "p50": q(50),
        "p99": q(99),
        "max": ordered[-1],
    }


def _rss_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


_watching = False


def _pymalloc() -> dict[str, int]:
    """pymalloc's own figures (``sys._debugmallocstats`` writes them to fd 2)."""
    import re
    import tempfile

    with tempfile.TemporaryFile() as tmp:
        saved = os.dup(2)
        try:
            os.dup2(tmp.fileno(), 2)
            sys._debugmallocstats()
        finally:
            os.dup2(saved, 2)
            os.close(saved)
        tmp.seek(0)
        text = tmp.read().decode(errors="replace")
    wanted = {
        "arenas allocated current": "arenas",
        "bytes in allocated blocks": "used_bytes",
        "bytes in available blocks": "free_block_bytes",
        "bytes lost to pool headers": "pool_header_bytes",
        "bytes lost to quantization": "quantization_bytes",
        "bytes lost to arena alignment": "alignment_bytes",
    }
    out: dict[str, int] = {}
    for line in text.splitlines():
        m = re.match(r"#?\s*([a-z ]+?)\s*=\s*([\d,]+)", line.strip())
        value = line.split("=")[-1].strip().replace(",", "")
        if m and m.group(1) in wanted:
            out[wanted[m.group(1)]] = int(m.group(2).replace(",", ""))
        elif "unused pools" in line and value.isdigit():
            out["unused_pool_bytes"] = int(value)
        elif line.startswith("Total") and "total_bytes" not in out and value.isdigit():
            out["total_bytes"] = int(value)
    return out


def _command() -> dict[str, Any]:
    global _watching
    path = OUT / "command"
    if not path.exists():
        return {}
    command = path.read_text().strip()
    path.unlink()
    if command == "watch on" and not _watching and _main_id is not None:
        _watching = True
        threading.Thread(target=_watchdog, args=(_main_id,), daemon=True).start()
    elif command == "watch off":
        _watching = False
    elif command == "collect":
        t = time.perf_counter()
        gc.collect()
        return {"gc_full_ms": (time.perf_counter() - t) * 1000, "gc_objects": len(gc.get_objects())}
    elif command == "trim":
        import ctypes

        before = _rss_kb()
        gc.collect()
        collected = _rss_kb()
        ctypes.CDLL("libc.so.6").malloc_trim(0)
        return {
            "rss_kb": before,
            "rss_after_gc_kb": collected,
            "rss_after_trim_kb": _rss_kb(),
            "pymalloc": _pymalloc(),
        }
    return {"command": command}


def _dump(signum: int, frame: Any) -> None:
    global W, _dumps
    _dumps += 1
    extra = _command()
    window, W = W, Window()
    data = {
        **extra,
        "gc": {str(g): _stats(v) for g, v in window.gc.items()},
        "gc_longest_ms": sorted(round(x * 1000, 2) for g in (0, 1, 2) for x in window.gc[g])[-10:],
        "gc_counts_objects": len(gc.get_objects()),
        "loop_lag": _stats(window.lag),
        "loop_lag_over_5ms": sum(1 for x in window.lag if x > 0.005),
        "ts_to_publish": _stats(window.to_publish),
        "ts_to_feed": _stats(window.to_feed),
        "tasks": len(asyncio.all_tasks(_loop)) if _loop is not None else None,
        "stall_samples": window.stalls.most_common(25),
        "hops": {
            kind: {
                "total": _stats([t for t, _ in v]),
                "exec": _stats([e for _, e in v]),
            }
            for kind, v in sorted(window.hops.items(), key=lambda kv: -len(kv[1]))
        },
    }
    if FRAMES:
        snap = tracemalloc.take_snapshot()
        snap.dump(str(OUT / f"snap-{_dumps}.tracemalloc"))
        data["tracemalloc_traced"] = tracemalloc.get_traced_memory()[0]
    (OUT / f"dump-{_dumps}.json").write_text(json.dumps(data, indent=1))


_loop: asyncio.AbstractEventLoop | None = None


_tick = 0.0


async def _lag_monitor(interval: float = 0.002) -> None:
    global _tick
    loop = asyncio.get_running_loop()
    while True:
        t = loop.time()
        _tick = time.perf_counter()
        await asyncio.sleep(interval)
        _tick = time.perf_counter()
        W.lag.append(loop.time() - t - interval)


def _where(frame: Any) -> str:
    code = frame.f_code
    path = code.co_filename
    for marker in ("site-packages/", "/src/"):
        if marker in path:
            path = path.split(marker, 1)[1]
            break
    else:
        path = path.rsplit("/", 1)[-1]
    return f"{code.co_qualname} ({path}:{frame.f_lineno})"


def _signature(frame: Any) -> str:
    """Innermost frame, plus the innermost planloop frame that led there."""
    if frame is None:
        return "?"
    inner = _where(frame)
    if frame.f_back is None or (frame.f_code.co_name == "run" and "runners" in inner):
        return "in the loop itself (uvloop C code, syscalls, or waiting for a CPU)"
    f = frame
    while f is not None:
        if "/planloop/" in f.f_code.co_filename:
            outer = _where(f)
            return inner if outer == inner else f"{inner} ← {outer}"
        f = f.f_back
    return inner


_main_id: int | None = None


def _watchdog(main_id: int, limit: float = 0.006) -> None:
    while _watching:
        time.sleep(0.002)
        if _tick and time.perf_counter() - _tick > limit:
            W.stalls[_signature(sys._current_frames().get(main_id))] += 1


def _ts(event: Any) -> float:
    return datetime.fromisoformat(event.ts).timestamp()


def install() -> None:
    from planloop.engine import broker as broker_mod
    from planloop.engine import runs as runs_mod

    start = runs_mod.Engine.start

    async def start_with_monitor(self: Any) -> None:
        global _loop, _main_id
        await start(self)
        _loop = asyncio.get_running_loop()
        _main_id = threading.get_ident()
        if TIMERS:
            task = _loop.create_task(_lag_monitor(), name="bench-lag-monitor")
            self._bench_lag_task = task

    runs_mod.Engine.start = start_with_monitor  # type: ignore[method-assign]
    if not TIMERS:
        return

    publish = broker_mod.Broker.publish

    def timed_publish(self: Any, events: list[Any]) -> None:
        now = time.time()
        for e in events:
            W.to_publish.append(now - _ts(e))
        publish(self, events)

    broker_mod.Broker.publish = timed_publish  # type: ignore[method-assign]

    follow = runs_mod.follow

    async def timed_follow(*args: Any, **kwargs: Any) -> AsyncIterator[Any]:
        async for event in follow(*args, **kwargs):
            W.to_feed.append(time.time() - _ts(event))
            yield event

    runs_mod.follow = timed_follow  # type: ignore[assignment]

    import aiosqlite.core

    execute = aiosqlite.core.Connection._execute

    async def timed_execute(self: Any, fn: Any, *args: Any, **kwargs: Any) -> Any:
        kind = getattr(fn, "__name__", "?")
        if args and isinstance(args[0], str):
            words = args[0].split()
            kind += " " + " ".join(words[:3] if words[:1] == ["INSERT"] else words[:1])
        spent = [0.0]

        def run() -> Any:
            t = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[0] = time.perf_counter() - t

        t0 = time.perf_counter()
        try:
            return await execute(self, run)
        finally:
            W.hops.setdefault(kind, []).append((time.perf_counter() - t0, spent[0]))

    aiosqlite.core.Connection._execute = timed_execute  # type: ignore[method-assign]


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    if FRAMES:
        tracemalloc.start(FRAMES)
    if TIMERS:
        gc.callbacks.append(_gc_callback)
    signal.signal(signal.SIGUSR1, _dump)
    install()
    from planloop.cli.main import main as cli_main

    sys.argv = ["planloop", *sys.argv[1:]]
    cli_main()


if __name__ == "__main__":
    main()
