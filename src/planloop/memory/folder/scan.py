"""Finding the notes of ``entities/`` on disk and reading one into its index form.

The layout: ``entities/<name>.md``, and one level of folders, ``entities/<folder>/<name>.md``,
whose folder is the note's type when it has no ``type:`` line. A name is unique: a note at the
top level wins over one in a folder, and folders are read in name order. Hidden files and
folders (``.obsidian``, planloop's temp files), names that are not entity names, deeper
folders and links that lead outside ``entities/`` are not notes.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from planloop.memory import files, markup, notes
from planloop.memory.index import FileStamp, IndexedNote
from planloop.memory.names import is_entity_name


def inside(path: Path, root: Path) -> bool:
    """Whether ``path`` (followed through links) stays inside ``root`` (a resolved folder)."""
    try:
        return path.resolve().is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def _stamp(rel: str, st: os.stat_result) -> FileStamp:
    return FileStamp(rel, st.st_mtime_ns, st.st_size, st.st_ino)


def scan_folder(root: Path) -> dict[str, tuple[str, FileStamp]]:
    """Every note under ``root`` (the resolved ``entities/``): name -> (path, stamp).

    Runs on every read when no watcher keeps the index fresh, so it stays cheap: one
    ``scandir`` per folder, one ``stat`` per file, no path objects.
    """
    found: dict[str, tuple[str, FileStamp]] = {}
    folders: list[tuple[str, str]] = []

    def add(entry: os.DirEntry[str], prefix: str) -> None:
        name = entry.name[:-3]
        if name in found or not is_entity_name(name):
            return
        try:
            if entry.is_symlink() and not inside(Path(entry.path), root):
                return
            st = entry.stat()
        except OSError:  # gone meanwhile
            return
        if stat.S_ISREG(st.st_mode):
            found[name] = (entry.path, _stamp(prefix + entry.name, st))

    with os.scandir(root) as it:
        for entry in it:
            if entry.name.startswith("."):
                continue
            if entry.name.endswith(".md"):
                add(entry, "")
                continue
            try:
                if entry.is_dir() and (not entry.is_symlink() or inside(Path(entry.path), root)):
                    folders.append((entry.name, entry.path))
            except OSError:
                continue
    for folder, path in sorted(folders):
        try:
            with os.scandir(path) as it:
                inner = sorted((e for e in it if e.name.endswith(".md")), key=lambda e: e.name)
        except OSError:
            continue
        for entry in inner:
            if not entry.name.startswith("."):
                add(entry, folder + "/")
    return found


def load(name: str, path: Path, root: Path) -> IndexedNote | None:
    """The note at ``path`` in its index form (``None`` if it vanished)."""
    try:
        with path.open("rb") as fh:
            data = fh.read()
            st = os.fstat(fh.fileno())
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None
    return index_form(name, path, root, data, st)


def index_form(name: str, path: Path, root: Path, data: bytes, st: os.stat_result) -> IndexedNote:
    """What the index keeps of note ``name`` whose file at ``path`` holds ``data``."""
    text = files.decode(data)
    rel = path.relative_to(root).as_posix() if path.is_relative_to(root) else path.name
    folder = rel.split("/", 1)[0] if "/" in rel else None
    return IndexedNote(
        name=name,
        stamp=_stamp(rel, st),
        version=files.version_of(data),
        kind=notes.kind_of(name, text, folder),
        description=notes.describe(name, text),
        text=text,
        observations=tuple(markup.observations(text)),
        relations=tuple(markup.relations(text)),
    )
