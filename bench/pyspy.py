"""py-spy (the bench extra) on a server's pid, and where its CPU went, for ``bench all --profile``.

Figures measured while py-spy samples are slower than the benchmark's own; they attribute
CPU, they are not results.
"""

from __future__ import annotations

import asyncio
import shutil
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

RATE_HZ = 250


def executable() -> str:
    """py-spy's path (on PATH or next to this Python), or exit with how to install it."""
    found = shutil.which("py-spy") or shutil.which("py-spy", path=str(Path(sys.executable).parent))
    if found is None:
        raise SystemExit("bench: --profile needs py-spy: pip install -e '.[bench]'")
    return found


class PySpy:
    """``py-spy record --format raw`` attached to a pid until stopped."""

    def __init__(self, pid: int, path: Path, rate: int = RATE_HZ) -> None:
        self.path = path
        self.proc = subprocess.Popen(
            [
                *(executable(), "record", "--pid", str(pid), "--rate", str(rate)),
                *("--format", "raw", "--output", str(path), "--threads", "--nonblocking"),
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
    """``func (uvicorn/server.py:12)`` → ``uvicorn``; the stdlib by module."""
    path = frame.rsplit(" (", 1)[-1].rstrip(")").rsplit(":", 1)[0]
    head = path.split("/", 1)[0]
    return head[:-3] if head.endswith(".py") else head


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
        elif kind == "SQLite thread" and "aiosqlite" in leaf:
            # The innermost Python frame of a C sqlite3 call.
            pkg, fn = "sqlite3 (C)", "sqlite3 C calls (aiosqlite worker)"
        else:
            pkg, fn = _package(leaf), _func(leaf)
        self_pkg[f"{kind}: {pkg}"] += count
        self_fn[fn] += count
        for name in {_func(f) for f in frames[1:]}:
            incl[name] += count
    return {
        "samples": total,
        "threads": dict(threads),
        "self_pkg": self_pkg.most_common(top),
        "self_fn": self_fn.most_common(top),
        "incl": [(f, n) for f, n in incl.most_common(top * 4) if "planloop" in f][:top],
    }


def _pct(n: int, total: int) -> str:
    return f"{100 * n / total:.0f}%" if total else "-"


def render_profile(add: Callable[[str], None], title: str, prof: dict[str, Any]) -> None:
    """One profile as Markdown: thread shares, self time table, inclusive planloop frames."""
    total = prof.get("samples", 0)
    add(f"**{title}** — {total} samples at {RATE_HZ} Hz (CPU only; idle waits excluded); ")
    add(", ".join(f"{k} {_pct(v, total)}" for k, v in prof.get("threads", {}).items()) + ".")
    add("")
    add("| self time by package | share | | self time by function | share |")
    add("|---|---|---|---|---|")
    pkgs, fns = prof.get("self_pkg", []), prof.get("self_fn", [])
    for i in range(min(max(len(pkgs), len(fns)), 10)):
        p = pkgs[i] if i < len(pkgs) else ("", 0)
        f = fns[i] if i < len(fns) else ("", 0)
        add(
            f"| {p[0]} | {_pct(p[1], total) if p[0] else ''} | | `{f[0]}` | "
            f"{_pct(f[1], total) if f[0] else ''} |"
        )
    add("")
    add(
        "Inclusive, planloop frames: "
        + "; ".join(f"`{f}` {_pct(n, total)}" for f, n in prof.get("incl", [])[:8])
        + "."
    )
    add("")
