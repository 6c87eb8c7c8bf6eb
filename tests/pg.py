"""A private PostgreSQL server for the tests: Debian's binaries, a temp data dir, loopback only.

Used when the suite runs with ``--backend=postgres`` and no ``PLANLOOP_TEST_PG_URL`` is
given. Started once per test session and stopped at its end.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import os
import shutil
import subprocess
import tempfile
import threading
import uuid
from collections.abc import Callable, Coroutine
from pathlib import Path
from typing import Any

import asyncpg

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


def create_database(admin_url: str, *, migrated: bool = False) -> str:
    """A fresh database on the test server; returns its URL. Empty, or with ``migrated`` a
    copy of one that planloop's store migrations already ran on: they run once per test
    server (about 100 ms each), not once per test, for the servers and apps of the suite.
    Tests of the migrations themselves take an empty one."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    template = _migrated_template(admin_url) if migrated else "template1"
    _create(admin_url, name, template)
    return _url(admin_url, name)


def _url(admin_url: str, name: str) -> str:
    return admin_url.rsplit("/", 1)[0] + "/" + name


def _create(admin_url: str, name: str, template: str) -> None:
    async def create() -> None:
        conn = await asyncpg.connect(admin_url)
        try:
            for attempt in range(50):
                try:
                    await conn.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
                    return
                except asyncpg.ObjectInUseError:  # another session is copying template1
                    if attempt == 49:
                        raise
                    await asyncio.sleep(0.1)
        finally:
            await conn.close()

    _in_a_thread(create)


_templates: dict[str, str] = {}
_templates_lock = threading.Lock()


def _migrated_template(admin_url: str) -> str:
    with _templates_lock:
        if admin_url not in _templates:
            # One per process: xdist workers may share a server given by PLANLOOP_TEST_PG_URL.
            name = f"migrated_{uuid.uuid4().hex[:12]}"
            _create(admin_url, name, "template1")

            async def migrate() -> None:
                from planloop.store import open_store

                store = open_store(_url(admin_url, name))
                await store.open()
                await store.close()

            _in_a_thread(migrate)
            _templates[admin_url] = name
        return _templates[admin_url]


def _in_a_thread(work: Callable[[], Coroutine[Any, Any, None]]) -> None:
    """Run ``work`` to its end on a loop of its own: callers may be inside a running loop
    (an async test setting up its app) or not."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, work()).result()
