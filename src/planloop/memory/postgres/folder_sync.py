"""A folder synced with the memory in PostgreSQL, both ways: ``planloop memory export|import
--vault DIR``.

With PostgreSQL the database holds the notes (:class:`.memory.PgMemory`) and the
folder is a copy people read and edit in any editor: :func:`export_folder` writes the
database's notes into it (``user.md``, ``entities/[<folder>/]<name>.md``, the MemAgent and
Obsidian layout), :func:`import_folder` brings the folder's changes back.

Neither side's unsynced change is overwritten. ``DIR/.planloop/sync.json`` remembers each
note's version on both sides at the last sync, so each note is compared three ways:

* the same on both sides: nothing to do;
* the side written to is unchanged since the last sync: it gets the other side's note
  (written, or deleted when the other side deleted it);
* only the side written to changed: it is kept (the next sync the other way carries it);
* both changed (or, never synced, both differ): a conflict — the whole sync is refused,
  naming the notes, and nothing changes; ``overwrite=True`` (``--overwrite``) lets the side
  read from win instead.

An import is one transaction that keeps other writers out while it compares and writes: all
of it, or nothing. An export writes files one by one (each atomically) and puts back the
ones it wrote if a later one fails.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planloop.errors import Conflict, PlanloopError
from planloop.memory import files, markup, notes
from planloop.memory.folder import scan
from planloop.memory.names import is_entity_name
from planloop.memory.postgres.memory import PgMemory

STATE_FILE = Path(".planloop") / "sync.json"
SHOWN = 10  # conflicting names listed in the error

State = tuple[str, str | None] | None  # (version, folder) of a note on one side; None: absent


class SyncConflict(Conflict):
    """Notes changed on both sides since the last sync; nothing was written."""

    code = "memory_sync_conflict"

    def __init__(self, direction: str, names: list[str]) -> None:
        more = f" and {len(names) - SHOWN} more" if len(names) > SHOWN else ""
        shown = ", ".join(names[:SHOWN]) + more
        super().__init__(
            f"{len(names)} note(s) changed both in the folder and in the database since the"
            f" last sync: {shown}; nothing was {direction}. Make the two agree (edit or move"
            " one copy), or sync again with --overwrite to let this side win"
        )
        self.names = names


@dataclass(frozen=True)
class Note:
    """A note on one side: its text, its version there and its folder in ``entities/``."""

    text: str
    version: str
    folder: str | None

    @property
    def state(self) -> State:
        return (self.version, self.folder)


@dataclass
class SyncReport:
    written: list[str] = field(default_factory=list)  # created or replaced on the target
    deleted: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # changed only on the target: left as is
    unchanged: int = 0
    user_md: bool = False  # whether user.md was written


@dataclass
class _Plan:
    write: list[str] = field(default_factory=list)
    delete: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    unchanged: int = 0
    merge_user: bool = False  # user.md changed on both sides: merged, not a conflict

    def remaining(self, *sides: Mapping[str, Note | None]) -> set[str]:
        """The entities on the target side after the sync."""
        names = set().union(*sides) - set(self.delete)
        return names - {USER}


def _same(a: Note | None, b: Note | None) -> bool:
    if a is None or b is None:
        return a is b
    return a.text == b.text and a.folder == b.folder


def _state(note: Note | None) -> State:
    return None if note is None else note.state


def _compare(
    names: list[str],
    source: Mapping[str, Note | None],
    target: Mapping[str, Note | None],
    base: Mapping[str, tuple[State, State]],
    overwrite: bool,
) -> _Plan:
    """What to do with each name; ``base[name]`` is (source state, target state) then."""
    plan = _Plan()
    for name in names:
        s, t = source.get(name), target.get(name)
        if _same(s, t):
            plan.unchanged += 1
            continue
        base_s, base_t = base.get(name, (None, None))
        if _state(t) == base_t:
            pass  # the target did not change since the last sync: it follows the source
        elif _state(s) == base_s:
            plan.kept.append(name)
            continue
        elif overwrite:
            pass
        elif name == USER and s is not None and t is not None:
            plan.merge_user = True  # see _user_merged
        else:
            plan.conflicts.append(name)
            continue
        (plan.write if s is not None else plan.delete).append(name)
    return plan


# -- the folder side -------------------------------------------------------------------------

USER = "/user.md"  # key of user.md in the maps below (no entity name has a "/")


def _folder_notes(root: Path) -> dict[str, Note | None]:
    """The folder's notes by name, and its user.md under ``USER``."""
    entities = root / "entities"
    found: dict[str, Note | None] = {}
    if entities.is_dir():
        real = entities.resolve(strict=True)
        for name, (path, stamp) in scan.scan_folder(real).items():
            data = files.read_bytes(Path(path))
            if data is not None:
                folder = stamp.path.split("/", 1)[0] if "/" in stamp.path else None
                found[name] = Note(files.decode(data), files.version_of(data), folder)
    user = files.read_bytes(root / "user.md")
    found[USER] = None if user is None else Note(files.decode(user), files.version_of(user), None)
    return found


def _path(root: Path, name: str, folder: str | None) -> Path:
    if name == USER:
        return root / "user.md"
    if folder and is_entity_name(folder):
        return root / "entities" / folder / f"{name}.md"
    return root / "entities" / f"{name}.md"


def _read_state(root: Path, memory_id: str) -> dict[str, tuple[State, State]]:
    """The last sync's (folder state, database state) by name (``{}``: never synced with
    this database)."""
    try:
        raw = json.loads((root / STATE_FILE).read_text(encoding="utf-8"))
        if raw["memory"] != memory_id:
            return {}
        entries = raw["notes"].items()
        return {name: (_tuple(v.get("folder")), _tuple(v.get("database"))) for name, v in entries}
    except (FileNotFoundError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _tuple(value: Any) -> State:
    if isinstance(value, list) and len(value) == 2 and isinstance(value[0], str):
        return (value[0], value[1] if isinstance(value[1], str) else None)
    return None


def _write_state(root: Path, memory_id: str, state: dict[str, tuple[State, State]]) -> None:
    doc = {
        "about": "planloop memory export|import --vault: each note's version in this folder"
        " and in the database at the last sync",
        "memory": memory_id,
        "notes": {
            name: {"folder": list(f) if f else None, "database": list(d) if d else None}
            for name, (f, d) in sorted(state.items())
        },
    }
    path = root / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    files.atomic_write(path, (json.dumps(doc, indent=1, ensure_ascii=False) + "\n").encode())


def _database_notes(memory: PgMemory) -> dict[str, Note | None]:
    found: dict[str, Note | None] = {
        name: Note(n.text, n.version, n.folder) for name, n in memory.stored_notes().items()
    }
    user = memory.user_text()
    if user is not None:
        found[USER] = Note(user, files.version_of(user.encode()), None)
    return found


def _next_state(
    names: list[str],
    folder: Mapping[str, Note | None],
    database: Mapping[str, Note | None],
    old: dict[str, tuple[State, State]],
    plan: _Plan,
) -> dict[str, tuple[State, State]]:
    """After a sync: the names now the same on both sides, with their states; names left
    different keep their old entry (their change is still to be carried)."""
    state: dict[str, tuple[State, State]] = {}
    for name in names:
        f, d = folder.get(name), database.get(name)
        if _same(f, d) and f is not None:
            state[name] = (_state(f), _state(d))
        elif name in plan.kept and name in old:
            state[name] = old[name]
    return state


# -- export: database -> folder ----------------------------------------------------------------


def export_folder(memory: PgMemory, root: str | Path, *, overwrite: bool = False) -> SyncReport:
    """Write the database's notes into the folder ``root`` (see the module docstring)."""
    root = Path(root)
    (root / "entities").mkdir(parents=True, exist_ok=True)
    database = _database_notes(memory)
    folder = _folder_notes(root)
    old = _read_state(root, memory.memory_id())
    names = sorted(set(database) | set(folder))
    flipped = {name: (d, f) for name, (f, d) in old.items()}
    plan = _compare(names, database, folder, flipped, overwrite)
    if plan.conflicts:
        raise SyncConflict("exported", plan.conflicts)
    undo: dict[Path, bytes | None] = {}

    def put(path: Path, data: bytes | None) -> None:
        undo.setdefault(path, files.read_bytes(path))
        if data is None:
            path.unlink(missing_ok=True)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            files.atomic_write(path, data)

    try:
        for name in plan.write + plan.delete:
            new, now = database.get(name), folder.get(name)
            if now is not None:
                old_path = _path(root, name, now.folder)
                if new is None or old_path != _path(root, name, new.folder):
                    put(old_path, None)
            if new is not None:
                text = new.text
                if name == USER and plan.merge_user:
                    text = _user_merged(text, now, plan.remaining(database, folder))
                put(_path(root, name, new.folder), text.encode("utf-8"))
        folder_after = _folder_notes(root)
        _write_state(
            root, memory.memory_id(), _next_state(names, folder_after, database, old, plan)
        )
    except BaseException:
        _undo(undo)
        raise
    return _report(plan)


def _undo(undo: dict[Path, bytes | None]) -> None:
    for path, data in undo.items():
        with contextlib.suppress(OSError):
            if data is None:
                path.unlink(missing_ok=True)
            else:
                files.atomic_write(path, data)


# -- import: folder -> database ----------------------------------------------------------------


def import_folder(memory: PgMemory, root: str | Path, *, overwrite: bool = False) -> SyncReport:
    """Bring the folder ``root``'s changes into the database: all of them, or none."""
    root = Path(root)
    if not (root / "entities").is_dir() and not (root / USER).is_file():
        raise FileNotFoundError(f"{root} is not a memory folder (no user.md, no entities/)")
    folder = _folder_notes(root)
    old = _read_state(root, memory.memory_id())
    with memory.transaction(exclusive=True):
        database = _database_notes(memory)
        names = sorted(set(database) | set(folder))
        plan = _compare(names, folder, database, old, overwrite)
        if plan.conflicts:
            raise SyncConflict("imported", plan.conflicts)
        for name in plan.write + plan.delete:
            note = folder.get(name)
            if name == USER:
                text = notes.USER_TEMPLATE if note is None else note.text
                if plan.merge_user:
                    kept = plan.remaining(folder, database)
                    text = _user_merged(text, database.get(USER), kept)
                memory.set_user_text(text)
            elif note is None:
                memory.drop_note(name)
            else:
                memory.put_note(name, note.text, note.folder)
        database_after = _database_notes(memory)
    try:
        _write_state(
            root, memory.memory_id(), _next_state(names, folder, database_after, old, plan)
        )
    except OSError as exc:
        raise PlanloopError(
            f"the database was updated, but {root / STATE_FILE} could not be written ({exc});"
            " the next sync may report conflicts for the notes imported now",
            code="memory_sync_state",
        ) from exc
    return _report(plan)


def _user_merged(text: str, replaced: Note | None, entities: set[str]) -> str:
    """user.md from one side, plus the links the replaced one had to ``entities`` (people
    keep prose in user.md, replicas add links to it: when both changed, neither is lost)."""
    for _, target in markup.relations(replaced.text if replaced else ""):
        if target in entities:
            text = notes.add_entity_link(text, target) or text
    return text


def _report(plan: _Plan) -> SyncReport:
    return SyncReport(
        written=[n for n in plan.write if n != USER],
        deleted=[n for n in plan.delete if n != USER],
        kept=[n for n in plan.kept if n != USER],
        unchanged=plan.unchanged,
        user_md=USER in plan.write,
    )


__all__ = ["STATE_FILE", "SyncConflict", "SyncReport", "export_folder", "import_folder"]
