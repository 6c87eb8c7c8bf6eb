"""A run's memory notes, read at every iteration, are answered without reading their files
while the files stay as they were; any change to a file is read (issue 19)."""

from __future__ import annotations

import os
import time
from collections.abc import AsyncIterator, Sequence
from pathlib import Path

import pytest

from planloop.domain import MemoryNote, RunStatus
from planloop.engine.broker import Broker
from planloop.engine.ledger import Ledger
from planloop.engine.runner import Runner
from planloop.memory import Vault, files
from planloop.memory.folder import texts
from planloop.memory.folder.spaces import FolderSpaces
from planloop.memory.spaces import SHARED, SpacePolicy
from planloop.planners.base import IterationContext, IterationResult, Progress
from planloop.store.sqlite import SqliteStore
from tests.factories import make_run
from tests.fakes.planner import ScriptedPlanner

pytestmark = pytest.mark.timeout(30)

OVEN = "# Oven\n\nA deck oven, 3 decks.\n"
OVEN2 = "# Oven\n\nA rack oven, 2 racks.\n"  # the same size: only the file's stat tells


class _Later:
    """``time`` as seen a minute from now: every file written so far has settled."""

    @staticmethod
    def time_ns() -> int:
        return time.time_ns() + 60_000_000_000


@pytest.fixture
def settled(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(texts, "time", _Later)


def _replace(path: Path, text: str) -> None:
    """As planloop and most editors save: a new file renamed over the old one."""
    files.atomic_write(path, text.encode())


def _unreadable(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(path: Path) -> bytes | None:
        raise AssertionError(f"read {path}")

    monkeypatch.setattr(files, "read_bytes", refuse)


def test_notes_read_once_are_answered_by_a_stat_while_unchanged(
    tmp_path: Path, settled: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    vault = Vault(tmp_path)
    vault.create("oven", OVEN)
    vault.create("site", "# Site\n\nRua Augusta.\n")
    assert vault.unchanged_notes(["oven"]) is None  # never read: read it
    assert [n.text for n in vault.existing_notes(["oven", "site"])] == [
        OVEN,
        "# Site\n\nRua Augusta.\n",
    ]
    _unreadable(monkeypatch)
    assert vault.unchanged_notes(["oven", "site", "oven"]) == [
        MemoryNote(name="oven", text=OVEN),
        MemoryNote(name="site", text="# Site\n\nRua Augusta.\n"),
    ]
    vault.close()


@pytest.mark.parametrize("change", ["replaced", "written in place", "deleted", "shadowed"])
def test_any_change_to_a_note_is_read(tmp_path: Path, settled: None, change: str) -> None:
    vault = Vault(tmp_path)
    (vault.entities_dir / "kit").mkdir()
    path = vault.entities_dir / "kit" / "oven.md"
    path.write_text(OVEN)
    assert vault.existing_notes(["oven"]) == [MemoryNote(name="oven", text=OVEN)]
    assert vault.unchanged_notes(["oven"]) is not None
    if change == "replaced":
        _replace(path, OVEN2)
    elif change == "written in place":
        st = path.stat()
        with path.open("r+") as fh:
            fh.write(OVEN2)
        # The same size; its time moved on, as the file system's clock does between writes
        # (within one tick it may not: see test_a_note_written_just_now_is_not_kept).
        os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000))
    elif change == "deleted":
        path.unlink()
    else:  # a note of that name at the top of entities/ takes precedence
        (vault.entities_dir / "oven.md").write_text(OVEN2)
    assert vault.unchanged_notes(["oven"]) is None
    expected = [] if change == "deleted" else [MemoryNote(name="oven", text=OVEN2)]
    assert vault.existing_notes(["oven"]) == expected
    vault.close()


def test_a_note_written_just_now_is_not_kept(tmp_path: Path) -> None:
    """A second write within the same tick of the file system's clock, of the same size,
    would leave the stat as it was: a file that changed in the last two seconds is read
    every time."""
    vault = Vault(tmp_path)
    vault.create("oven", OVEN)
    assert vault.existing_notes(["oven"]) == [MemoryNote(name="oven", text=OVEN)]
    assert vault.unchanged_notes(["oven"]) is None


def test_at_most_so_many_notes_are_kept(tmp_path: Path, settled: None) -> None:
    vault = Vault(tmp_path)
    names = [f"note{i}" for i in range(texts.KEEP + 1)]
    for name in names:
        vault.create(name, f"# {name}\n")
        vault.read(name)
    assert vault.unchanged_notes(names[:1]) is None  # the oldest went
    assert vault.unchanged_notes(names[1:]) is not None
    vault.close()


class EchoPlanner(ScriptedPlanner):
    """Plans from the memory notes it is given (their texts); after iteration 2 the note
    is saved anew, as a person editing it between iterations would."""

    def __init__(self, note: Path) -> None:
        super().__init__()
        self.note = note
        self.seen: list[str] = []

    async def iterate(self, ctx: IterationContext) -> AsyncIterator[Progress | IterationResult]:
        self.seen.append("".join(n.text for n in ctx.memory))
        if ctx.iteration == 2:
            _replace(self.note, OVEN2)
        yield IterationResult(frameworks_applied=[], plan="- planned", summary="Planned.")


class CountingVault(Vault):
    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self.read_for_runs = 0

    def existing_notes(self, names: Sequence[str]) -> list[MemoryNote]:
        self.read_for_runs += 1
        return super().existing_notes(names)


@pytest.mark.parametrize("spaces", [False, True], ids=["one memory", "a space each"])
async def test_a_run_reads_its_notes_only_when_they_changed(
    tmp_path: Path, settled: None, spaces: bool
) -> None:
    vault = CountingVault(tmp_path / "memory")
    memory: Vault | FolderSpaces = vault
    owner = "o1"
    if spaces:  # the owner's own space, open before its run's first iteration
        memory = FolderSpaces(Vault(tmp_path / "shared"), SpacePolicy(per_principal=True))
        space_id = memory.space_of(owner)
        assert space_id != SHARED
        vault = CountingVault(memory.folder(space_id))
        memory._vaults[space_id] = vault
    vault.create("oven", OVEN)
    planner = EchoPlanner(vault.entities_dir / "oven.md")
    store = SqliteStore(f"sqlite:///{tmp_path / 'planloop.db'}")
    await store.open()
    try:
        run = make_run(
            "r1", owner, iterations=4, interval=4, lease_holder="w", selected_entities=["oven"]
        )
        async with store.transaction() as tx:
            await tx.put_run(run)
        await Runner(Ledger(store, Broker()), planner, memory, "w").drive("r1")
        done = await store.get_run("r1")
    finally:
        await store.close()
        memory.close()
    assert done is not None and done.status is RunStatus.COMPLETED
    assert planner.seen == [OVEN, OVEN, OVEN2, OVEN2]
    # Read at the first iteration and after the edit; the others asked a stat of the file.
    assert vault.read_for_runs == 2
