"""A real planloop server in a subprocess on a loopback port: streams, kills, restarts."""

from __future__ import annotations

import functools
import os
import random
import resource
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path
from typing import IO

import httpx

# Ports come from below the kernel's ephemeral range (32768 and up by default), so no
# outgoing connection of the suite (a client, a pool to PostgreSQL) can take one between its
# choice and the server's bind; and each xdist worker has a slice of its own, so two workers
# never choose the same port. A port the OS picked (bind to 0) had neither guarantee.
_PORTS_FROM, _PORTS_PER_WORKER = 12_000, 4_000
_taken: set[int] = set()


def free_port() -> int:
    worker = os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw")
    first = _PORTS_FROM + (int(worker) % 5) * _PORTS_PER_WORKER
    for port in random.sample(range(first, first + _PORTS_PER_WORKER), 200):
        if port in _taken:
            continue
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
        _taken.add(port)  # not handed out twice in this process, even once it is free
        return port
    raise RuntimeError(f"no free port in {first}..{first + _PORTS_PER_WORKER}")


def database_url(workdir: Path) -> str:
    """SQLite in the test's folder, or a fresh PostgreSQL database with --backend=postgres."""
    if os.environ.get("PLANLOOP_TEST_BACKEND") == "postgres":
        from tests.pg import create_database

        return create_database(os.environ["PLANLOOP_TEST_PG_URL"], migrated=True)
    return f"sqlite:///{workdir / 'planloop.db'}"


def _limit(nofile: tuple[int, int]) -> None:
    resource.setrlimit(resource.RLIMIT_NOFILE, nofile)


class ServerProcess:
    def __init__(self, workdir: Path, **env: str) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.env = {
            "PLANLOOP_DATABASE_URL": database_url(workdir),
            "PLANLOOP_MEMORY_DIR": str(workdir / "memory"),
            "PLANLOOP_OFFLINE_STEP_DELAY_S": "0.01",
            "PLANLOOP_SWEEP_INTERVAL_S": "0.2",
            # With PostgreSQL a killed server's runs are re-claimed when its lease lapses.
            "PLANLOOP_LEASE_S": "2",
            # Every test client comes from 127.0.0.1: the per-address limits (issue 15,
            # item 4) would count the whole suite as one client. Their own tests set them.
            "PLANLOOP_SESSIONS_PER_ADDRESS_BURST": "1000000",
            "PLANLOOP_MAX_ACTIVE_RUNS_PER_ADDRESS": "1000000",
            **env,
        }
        self.host = "127.0.0.1"
        self.scheme = "http"  # https: serve --http2 with --tls-cert
        self.verify: ssl.SSLContext | bool = True  # what its health check trusts (https)
        self.log_level = "warning"
        self.extra_args: list[str] = []
        self.module = "planloop"  # or a test's wrapper of it, e.g. tests.held_server
        self.nofile: tuple[int, int] | None = None  # RLIMIT_NOFILE (soft, hard) to start with
        self.proc: subprocess.Popen[bytes] | None = None
        self.log_path = workdir / "server.log"
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.port}"

    def start(self, timeout: float = 20.0) -> ServerProcess:
        env = {**os.environ, **self.env}
        if self.module.startswith("tests."):
            root = str(Path(__file__).resolve().parent.parent)
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [root, env.get("PYTHONPATH")]))
        self._close_log()
        log = self._log = self.log_path.open("ab")
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
                self.log_level,
                *self.extra_args,
            ],
            env=env,
            cwd=self.workdir,
            stdout=log,
            stderr=subprocess.STDOUT,
            preexec_fn=None if self.nofile is None else functools.partial(_limit, self.nofile),
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self._close_log()
                raise RuntimeError(f"server exited early:\n{self.log_path.read_text()}")
            try:
                health = httpx.get(f"{self.url}/health", timeout=0.5, verify=self.verify)
                if health.status_code == 200:
                    return self
            except httpx.HTTPError:
                pass
            time.sleep(0.05)
        self.kill()  # not left running behind the failure, nor its log file open
        raise RuntimeError(f"server did not start:\n{self.log_path.read_text()}")

    def kill(self) -> None:
        """SIGKILL: no shutdown hooks, no flush — the crash the store must survive."""
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)
        self._close_log()

    def stop(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()
        self._close_log()

    def _close_log(self) -> None:
        if self._log is not None:
            self._log.close()
            self._log = None

    def restart(self) -> ServerProcess:
        self.kill()
        return self.start()
