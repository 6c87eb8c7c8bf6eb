"""The watcher keeps the index in step with files people add, edit and delete."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from watchfiles import Change

from planloop.memory import Vault
from planloop.memory.folder.watcher import MemoryWatcher, changed_notes

pytestmark = pytest.mark.timeout(30)


@pytest.fixture
async def watched(tmp_path: Path) -> AsyncIterator[Vault]:
    vault = Vault(tmp_path / "memory")
    (vault.entities_dir / "before.md").write_text("# Before\n\nwritten before the start\n")
    watcher = await MemoryWatcher(vault).start()
    try:
        yield vault
    finally:
        await watcher.stop()


async def eventually(vault: Vault, query: str, expected: list[str], timeout: float = 10) -> None:
    deadline = time.monotonic() + timeout
    while True:
        got = [hit.name for hit in await asyncio.to_thread(vault.search_hits, query)]
        if got == expected or time.monotonic() > deadline:
            assert got == expected
            return
        await asyncio.sleep(0.05)


async def test_start_indexes_the_folder_and_trusts_the_watch(watched: Vault) -> None:
    assert watched.live
    assert [hit.name for hit in watched.search_hits("written before")] == ["before"]


async def test_files_people_add_edit_and_delete_show_up(watched: Vault) -> None:
    note = watched.entities_dir / "croissants.md"
    note.write_text("# Croissants\n\nLamination takes three days.\n", encoding="utf-8")
    await eventually(watched, "lamination", ["croissants"])
    note.write_text("# Croissants\n\nButter from Normandy.\n", encoding="utf-8")
    await eventually(watched, "normandy", ["croissants"])
    await eventually(watched, "lamination", [])
    folder = watched.entities_dir / "people"
    folder.mkdir()
    (folder / "ana.md").write_text("# Ana\n\nPastry chef.\n", encoding="utf-8")
    await eventually(watched, "pastry", ["ana"])
    assert {e.name: e.kind for e in watched.list_entities()}["ana"] == "people"
    note.unlink()
    await eventually(watched, "normandy", [])
    (folder / "ana.md").rename(watched.entities_dir / "ana.md")
    folder.rmdir()
    await eventually(watched, "pastry", ["ana"])


async def test_stop_hands_back_to_syncing_reads(tmp_path: Path) -> None:
    vault = Vault(tmp_path / "memory")
    watcher = await MemoryWatcher(vault).start()
    await watcher.stop()
    assert not vault.live
    (vault.entities_dir / "late.md").write_text("# Late\n\nafter the stop\n")
    assert [hit.name for hit in vault.search_hits("after stop")] == ["late"]


def test_changed_notes() -> None:
    root = Path("/m/entities")
    changes = {
        (Change.modified, "/m/entities/a.md"),
        (Change.added, "/m/entities/people/b.md"),
        (Change.added, "/m/entities/.a.md.1234.tmp"),
        (Change.added, "/m/entities/.obsidian/c.md"),
        (Change.added, "/m/entities/x/y/deep.md"),
    }
    assert changed_notes(changes, [root]) == ({"a", "b"}, False)
    assert changed_notes({(Change.deleted, "/m/entities/people")}, [root]) == (set(), True)
    assert changed_notes({(Change.deleted, "/elsewhere/a.md")}, [root]) == (set(), True)
