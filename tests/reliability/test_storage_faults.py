"""A full disk and a read-only memory are named (issue 15, item 15).

They used to answer ``500 internal_error``, fail runs with ``internal error: OSError`` and
log ``unhandled OperationalError`` with no message. Now the API answers ``507
storage_full`` or ``503 memory_unwritable`` with the path, a run fails with the same code
in its error event, and the log says it.

Real faults, not injected ones: the memory folder (and, for the full disk, the database)
lives on a small tmpfs of its own, remounted read-only or filled up. Mounting needs root
(CAP_SYS_ADMIN); elsewhere the tests skip.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.helpers import start_run
from tests.reliability.common import NO_LIMITS, eventually, read_log, state
from tests.server import ServerProcess


@contextlib.contextmanager
def tmpfs(where: Path, size: str) -> Iterator[Path]:
    where.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(where)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield where
    finally:
        subprocess.run(["umount", "-l", str(where)], check=False)


def read_only(folder: Path) -> None:
    """Make ``folder`` a read-only bind mount of itself (the server keeps running; files
    it holds open elsewhere, such as the memory's index, stay writable)."""
    for args in (["--bind", str(folder), str(folder)], ["-o", "remount,ro,bind", str(folder)]):
        subprocess.run(["mount", *args], check=True)


def unmount(folder: Path) -> None:
    subprocess.run(["umount", "-l", str(folder)], check=False)


def fill(where: Path) -> None:
    """Write until the device is full (ENOSPC)."""
    with contextlib.suppress(OSError), (where / "filler").open("wb") as fh:
        while True:
            fh.write(b"\0" * 4096)
            fh.flush()


async def _failed_with(client: httpx.AsyncClient, run_id: str, code: str) -> dict[str, Any]:
    async def ended() -> bool:
        return (await state(client, run_id))["status"] in ("failed", "completed")

    assert await eventually(ended, timeout=30)
    view = await state(client, run_id)
    assert view["status"] == "failed", view
    assert view["error"]["code"] == code, view["error"]
    log = await read_log(client, run_id)
    errors = [e for e in log if e["type"] == "error"]
    assert errors and errors[-1]["code"] == code, errors
    return errors[-1]


async def test_a_read_only_memory_is_named(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mnt", "4m") as mnt:
        server = ServerProcess(tmp_path, PLANLOOP_MEMORY_DIR=str(mnt / "memory")).start()
        try:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
                read_only(mnt / "memory" / "entities")
                r = await client.post(
                    "/api/memory/entities", json={"name": "bakery_notes", "markdown": "# Notes"}
                )
                assert r.status_code == 503, r.text
                error = r.json()["error"]
                assert error["code"] == "memory_unwritable"
                assert str(mnt / "memory" / "entities" / "bakery_notes.md") in error["message"]
                assert "Read-only file system" in error["message"]

                run_id = await start_run(client, max_iterations=1, checkpoint_interval=1)
                event = await _failed_with(client, run_id, "memory_unwritable")
                assert str(mnt / "memory") in event["message"]
            log = server.log_path.read_text()
            assert "memory_unwritable" in log and "Read-only file system" in log
            assert "unhandled" not in log and "internal error" not in log
        finally:
            server.stop()
            unmount(mnt / "memory" / "entities")


async def test_a_full_disk_is_named(tmp_path: Path) -> None:
    with tmpfs(tmp_path / "mem", "2m") as mem, tmpfs(tmp_path / "db", "2m") as db:
        server = ServerProcess(
            tmp_path,
            PLANLOOP_MEMORY_DIR=str(mem / "memory"),
            PLANLOOP_DATABASE_URL=f"sqlite:///{db / 'planloop.db'}",
            PLANLOOP_MAX_ACTIVE_RUNS_PER_SESSION="10000",
            **NO_LIMITS,
        ).start()
        try:
            async with httpx.AsyncClient(base_url=server.url, timeout=30) as client:
                parked = await start_run(client, max_iterations=2, checkpoint_interval=1)

                async def parked_yet() -> bool:
                    return (await state(client, parked))["status"] == "awaiting_approval"

                assert await eventually(parked_yet, timeout=30)

                # The memory's disk is full: a note cannot be written, nor a run's plan.
                fill(mem)
                big = "# Notes\n\n" + "a bakery in Lisbon. " * 2500
                r = await client.post(
                    "/api/memory/entities", json={"name": "bakery_notes", "markdown": big}
                )
                assert r.status_code == 507, r.text
                error = r.json()["error"]
                assert error["code"] == "storage_full"
                assert str(mem / "memory" / "entities" / "bakery_notes.md") in error["message"]
                r = await client.post(
                    f"/api/runs/{parked}/checkpoints/1", json={"decision": "approve"}
                )
                assert r.status_code == 200, r.text
                event = await _failed_with(client, parked, "storage_full")
                assert str(mem / "memory" / "entities") in event["message"]

                # The database's disk is full: nothing new can be stored.
                # (the WAL reuses the pages it has: writes fail once it needs new ones)
                fill(db)
                goal = "Open a bakery in Porto " + "with fresh bread " * 100
                for _ in range(500):
                    r = await client.post("/api/runs", json={"goal": goal, "max_iterations": 1})
                    if r.status_code != 201:
                        break
                assert r.status_code == 507, r.text
                assert r.json()["error"]["code"] == "storage_full"
            log = server.log_path.read_text()
            assert "storage_full" in log and "database or disk is full" in log
            assert "unhandled" not in log and "internal error" not in log
        finally:
            server.stop()
