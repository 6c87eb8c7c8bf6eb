"""A start that fails exits at once, non-zero, with its cause in one line (issue 15, item 7).

A corrupt SQLite file used to log "Application startup failed. Exiting." and then hang
forever: the store's writer connection (an aiosqlite thread, not a daemon) was opened,
the migration failed, and nothing closed it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from planloop.store.sqlite import SqliteStore
from tests.server import free_port

EXIT_WITHIN_S = 20.0  # generous on a busy 2-core machine; a hang is minutes, or forever


def _garbage(tmp_path: Path) -> Path:
    path = tmp_path / "garbage.db"
    path.write_bytes(b"this is not an SQLite database, " * 200)
    return path


def _directory(tmp_path: Path) -> Path:
    path = tmp_path / "dir.db"
    path.mkdir()
    return path


@pytest.mark.parametrize(
    ("make", "cause"),
    [(_garbage, "file is not a database"), (_directory, "unable to open database file")],
)
def test_serve_on_a_bad_database_exits_with_the_cause(
    tmp_path: Path, make: object, cause: str
) -> None:
    path = make(tmp_path)  # type: ignore[operator]
    env = {
        **os.environ,
        "PLANLOOP_DATABASE_URL": f"sqlite:///{path}",
        "PLANLOOP_MEMORY_DIR": str(tmp_path / "memory"),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "planloop", "serve", "--port", str(free_port())],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=EXIT_WITHIN_S,  # raises TimeoutExpired (the test fails) if it hangs
        check=False,
    )
    assert proc.returncode != 0
    lines = [line for line in proc.stderr.splitlines() if "cannot start" in line]
    assert len(lines) == 1, proc.stderr
    assert cause in lines[0] and str(path) in lines[0]
    assert "Traceback" not in proc.stderr


def test_serve_on_a_memory_folder_that_is_a_file_exits(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "memory"
    not_a_folder.write_text("a file")
    env = {
        **os.environ,
        "PLANLOOP_DATABASE_URL": f"sqlite:///{tmp_path / 'ok.db'}",
        "PLANLOOP_MEMORY_DIR": str(not_a_folder),
    }
    proc = subprocess.run(
        [sys.executable, "-m", "planloop", "serve", "--port", str(free_port())],
        env=env,
        capture_output=True,
        text=True,
        timeout=EXIT_WITHIN_S,
        check=False,
    )
    assert proc.returncode != 0
    assert "cannot open the memory" in proc.stderr and "Not a directory" in proc.stderr


async def test_a_store_that_fails_to_open_leaves_no_thread_behind(tmp_path: Path) -> None:
    before = set(threading.enumerate())
    store = SqliteStore(f"sqlite:///{_garbage(tmp_path)}")
    with pytest.raises(Exception, match="file is not a database"):
        await store.open()
    # A closed connection's thread ends by itself a moment later; a leaked one never does
    # (it waits for work forever, and keeps the process from exiting).
    for thread in [t for t in threading.enumerate() if t not in before]:
        thread.join(10)  # blocking is fine: nothing else runs in this test meanwhile
    left = [t for t in threading.enumerate() if t not in before and t.is_alive()]
    assert left == []
