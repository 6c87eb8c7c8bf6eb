"""A private PostgreSQL server for the tests: Debian's binaries, a temp data dir, loopback only.

Used when the suite runs with ``--backend=postgres`` and no ``PLANLOOP_TEST_PG_URL`` is
given. Started once per test session and stopped at its end.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from tests.server import free_port


def _bindir() -> Path:
    root = Path("/usr/lib/postgresql")
    versions = sorted(root.glob("*/bin/initdb"), key=lambda p: int(p.parent.parent.name))
    if not versions:
        raise RuntimeError("PostgreSQL is not installed (make test installs Debian's postgresql)")
    return versions[-1].parent


def _as_postgres(cmd: list[str]) -> list[str]:
    # initdb and postgres refuse to run as root; CI runs as root.
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *cmd]
    return cmd


class PostgresServer:
    def __init__(self) -> None:
        self.port = free_port()
        self.dir = Path(tempfile.mkdtemp(prefix="planloop-pg-"))
        self.data = self.dir / "data"
        self.bin = _bindir()

    @property
    def admin_url(self) -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/postgres"

    def start(self) -> PostgresServer:
        if os.geteuid() == 0:
            shutil.chown(self.dir, "postgres", "postgres")
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "initdb"),
                    "-D",
                    str(self.data),
                    "-U",
                    "postgres",
                    "--auth=trust",
                    "--no-sync",
                    "-E",
                    "UTF8",
                ]
            ),
            check=True,
            capture_output=True,
        )
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-l",
                    str(self.dir / "log"),
                    "-w",
                    "-o",
                    f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1"
                    " -c fsync=off -c max_connections=300",
                    "start",
                ]
            ),
            check=True,
            capture_output=True,
        )
        return self

    def stop(self) -> None:
        subprocess.run(
            _as_postgres(
                [str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]
            ),
            check=False,
            capture_output=True,
        )
        shutil.rmtree(self.dir, ignore_errors=True)

    def restart(self) -> None:
        subprocess.run(
            _as_postgres(
                [
                    str(self.bin / "pg_ctl"),
                    "-D",
                    str(self.data),
                    "-m",
                    "immediate",
                    "-w",
                    "-l",
                    str(self.dir / "log"),
                    "restart",
                ]
            ),
            check=True,
            capture_output=True,
        )


def create_database(admin_url: str) -> str:
    """A fresh, empty database on the test server; returns its URL (sync: psql)."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    for _ in range(50):
        done = subprocess.run(
            ["psql", admin_url, "-q", "-c", f'CREATE DATABASE "{name}"'],
            capture_output=True,
            text=True,
            check=False,
        )
        if done.returncode == 0:
            return admin_url.rsplit("/", 1)[0] + "/" + name
        time.sleep(0.1)
    raise RuntimeError(f"could not create a test database: {done.stderr}")
