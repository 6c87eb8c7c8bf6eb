"""One process executes a SQLite file's runs (store/sqlite_owner.py): a second one that
would is refused with the first one named, and takes over once the first is gone."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from planloop.errors import CannotOpen
from planloop.store.sqlite import SqliteStore


def _noop() -> None:
    return None


async def test_a_second_store_that_would_execute_the_runs_is_refused(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'planloop.db'}"
    first, second = SqliteStore(url), SqliteStore(url)
    await first.open()
    await second.open()  # reading beside the owner is fine
    try:
        await first.attend("a", _noop)
        with pytest.raises(CannotOpen) as refused:
            await second.attend("b", _noop)
        assert f"pid {os.getpid()}" in refused.value.message
        assert str(tmp_path / "planloop.db") in refused.value.message
        assert "--server URL" in refused.value.message
        assert await second.list_runs("nobody", limit=5) == []  # it still reads
    finally:
        await first.close()
    await second.attend("b", _noop)  # the first is gone: the second owns it now
    await second.close()


def test_the_lock_goes_with_a_killed_process(tmp_path: Path) -> None:
    """A process that dies (SIGKILL) leaves no lock behind: the kernel lets go of it."""
    db = tmp_path / "planloop.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from planloop.store.sqlite_owner import FileOwner;"
            f" FileOwner({str(db)!r}).take(); print('held', flush=True); time.sleep(60)",
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        from planloop.store.sqlite_owner import FileOwner

        with pytest.raises(CannotOpen, match=f"pid {holder.pid}"):
            FileOwner(str(db)).take()
        holder.kill()
        holder.wait(timeout=10)
        owner = FileOwner(str(db))
        owner.take()  # free again
        owner.release()
    finally:
        if holder.poll() is None:
            holder.kill()
            holder.wait(timeout=10)
        if holder.stdout is not None:
            holder.stdout.close()
