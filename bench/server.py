"""A real ``planloop serve`` subprocess for benchmarks, and what we read about it from /proc."""

from __future__ import annotations

import contextlib
import os
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Sequence
from pathlib import Path
from typing import Any

BENCH_ENV = {
    "PLANLOOP_OFFLINE_STEP_DELAY_S": "0",
    "PLANLOOP_MAX_ACTIVE_RUNS_PER_SESSION": "100000",
    "PLANLOOP_HEARTBEAT_S": "15",
    # The whole load comes from one cookie session (runs belong to it), so the per-session
    # abuse limits are lifted; they would otherwise refuse the benchmark itself.
    "PLANLOOP_RATE_LIMIT_PER_S": "1000000",
    "PLANLOOP_RATE_LIMIT_BURST": "1000000",
    "PLANLOOP_MAX_STREAMS_PER_SESSION": "100000",
    # ...and so are the per-address ones (every simulated browser is 127.0.0.1); the
    # connection cap still holds to the fd limit less the server's own share.
    "PLANLOOP_SESSIONS_PER_ADDRESS_BURST": "1000000",
    "PLANLOOP_MAX_ACTIVE_RUNS_PER_ADDRESS": "1000000",
    "PLANLOOP_MAX_CONNECTIONS": "1000000",
}


def raise_nofile() -> tuple[int, int]:
    """Soft RLIMIT_NOFILE up to the hard limit; children (the server) inherit it."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < hard:
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    return resource.getrlimit(resource.RLIMIT_NOFILE)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


def rss_kb(pid: int) -> int:
    """VmRSS of a process in KiB, from /proc/<pid>/status."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise RuntimeError(f"no VmRSS for pid {pid}")


def cpu_seconds(pid: int) -> float:
    """utime + stime of a process, from /proc/<pid>/stat."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = os.sysconf("SC_CLK_TCK")
    return (int(fields[11]) + int(fields[12])) / ticks


def process_tree(pid: int) -> list[int]:
    """``pid`` and its live descendants (a server's worker processes), from /proc."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{current}/task").iterdir():
                todo.extend(int(c) for c in (task / "children").read_text().split())
    return found


def tree_cpu_seconds(pid: int) -> float:
    """CPU seconds of ``pid`` and its live descendants; a child that is gone counts no more."""
    total = 0.0
    for member in process_tree(pid):
        with contextlib.suppress(OSError):
            total += cpu_seconds(member)
    return total


REPO = Path(__file__).resolve().parent.parent


def cpu_busy_seconds() -> float:
    """CPU seconds all processes have spent busy since boot (/proc/stat, all cores)."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(x) for x in fields[:8])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


class LoadMeter:
    """How many cores *other* processes kept busy while a phase ran.

    Total busy CPU (/proc/stat) minus this process's and the server's own CPU time, over
    the wall time: the share of the machine the benchmark did not have.
    """

    def __init__(self, server_pid: int | None = None) -> None:
        self.server_pid = server_pid
        self.t0 = time.monotonic()
        self.busy0 = cpu_busy_seconds()
        self.own0 = self._own()

    def _own(self) -> float:
        own = cpu_seconds(os.getpid())
        if self.server_pid is not None:
            own += tree_cpu_seconds(self.server_pid)
        return own

    def foreign_cores(self) -> float:
        wall = time.monotonic() - self.t0
        if wall <= 0:
            return 0.0
        foreign = (cpu_busy_seconds() - self.busy0) - (self._own() - self.own0)
        return max(foreign, 0.0) / wall


def wait_quiet(max_wait_s: float, threshold: float = 0.3, log: Any = print) -> float:
    """Wait (up to ``max_wait_s``) until other processes use < ``threshold`` cores over
    3 s; return the last reading."""
    deadline = time.monotonic() + max_wait_s
    while True:
        meter = LoadMeter()
        time.sleep(3.0)
        busy = meter.foreign_cores()
        if busy < threshold or time.monotonic() >= deadline:
            return busy
        log(f"other processes keep {busy:.2f} cores busy; waiting for a quieter machine")


class BenchServer:
    """``python -m <module> serve`` on a free loopback port; module ``planloop`` by default
    (``bench.baseline`` and ``bench.timed_server`` are served the same way)."""

    def __init__(
        self, workdir: Path, module: str = "planloop", args: Sequence[str] = (), **env: str
    ) -> None:
        self.workdir = workdir
        self.module = module
        self.args = list(args)  # after ``serve --host --port --log-level``
        self.port = free_port()
        self.host = "127.0.0.1"
        self.env = {
            "PLANLOOP_DATABASE_URL": f"sqlite:///{workdir / 'planloop.db'}",
            "PLANLOOP_MEMORY_DIR": str(workdir / "memory"),
            **BENCH_ENV,
            **env,
        }
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / "server.log"

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    @property
    def pid(self) -> int:
        assert self.proc is not None
        return self.proc.pid

    def start(self, timeout: float = 30.0) -> BenchServer:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PLANLOOP_")}
        env.update(self.env)
        if self.module.startswith("bench."):
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(REPO), env.get("PYTHONPATH")]))
        log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                self.module,
                "serve",
                "--host",
                self.host,
                "--port",
                str(self.port),
                "--log-level",
                "warning",
                *self.args,
            ],
            env=env,
            cwd=self.workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited early:\n{self.log_tail()}")
            try:
                with urllib.request.urlopen(f"{self.url}/health", timeout=0.5) as r:
                    if r.status == 200:
                        return self
            except OSError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"server did not start:\n{self.log_tail()}")

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    @property
    def app_pid(self) -> int:
        """The process that runs the app: the server's own, or granian's one worker
        (``--http2``: its first process only supervises)."""
        if "--http2" not in self.args:
            return self.pid
        children = [c for c in process_tree(self.pid) if c != self.pid]
        if len(children) != 1:
            raise RuntimeError(f"expected granian's one worker under {self.pid}: {children}")
        return children[0]

    def rss_kb(self) -> int:
        """VmRSS of the process that runs the app."""
        return rss_kb(self.app_pid)

    def cpu_seconds(self) -> float:
        """The server's CPU seconds, its worker processes' (``--workers``) included."""
        return tree_cpu_seconds(self.pid)

    def nofile_limit(self) -> str:
        for line in Path(f"/proc/{self.app_pid}/limits").read_text().splitlines():
            if line.startswith("Max open files"):
                parts = line.split()
                return f"{parts[3]}/{parts[4]}"
        return "?"

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
