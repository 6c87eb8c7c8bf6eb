"""The memory vault: a folder of Markdown entities in the MemAgent/Obsidian layout.

::

    <root>/user.md                     "# User" and an "## Entities" list of [[entities/<name>.md]]
    <root>/entities/<name>.md          one note per entity; planloop writes plan_<slug>_<run>.md
    <root>/entities/<folder>/<name>.md a note whose folder is its type (see scan.py)
    <root>/.planloop/index.db          the search index: a rebuildable copy, never the truth

The API is synchronous and file based; async callers use :func:`asyncio.to_thread`. Writes are
atomic and serialised per folder (:mod:`planloop.memory.files`). planloop never clobbers a
person's edit: a graph edit re-applies itself to a note changed while it worked, an edit based
on a stale version is refused (:class:`StaleEntity`), and a plan note a person changed since
planloop wrote it is kept as it is.

The index follows the folder: every write through the vault updates it at once, a watcher
(:mod:`planloop.memory.folder.watcher`) follows other writers and sets :attr:`Vault.live`; without
one, every read that needs the index first syncs it with the folder (cheap: only stamps are
compared, only changed notes are read).
"""

from __future__ import annotations

import contextlib
import logging
import os
import threading
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from planloop.domain import MemoryNote
from planloop.memory import files, markup, notes
from planloop.memory.base import EntitySummary, NoteReads, StaleEntity, entity_exists
from planloop.memory.folder import plans, scan
from planloop.memory.folder.index_sqlite import SqliteIndex
from planloop.memory.folder.texts import NoteTexts, stamp_of
from planloop.memory.index import MemoryIndex, SearchHit, search_terms
from planloop.memory.names import EntityNotFound, InvalidEntityName, validate_entity_name

log = logging.getLogger(__name__)

INDEX_FILE = Path(".planloop") / "index.db"
SYNC_BATCH = 500


@dataclass(frozen=True)
class SyncReport:
    indexed: int
    removed: int


class Vault(NoteReads):
    """A memory folder: ``user.md`` plus ``entities/*.md``."""

    def __init__(self, root: str | Path, *, index: MemoryIndex | None = None) -> None:
        self.root = Path(root)
        self.entities_dir = self.root / "entities"
        self.user_file = self.root / "user.md"
        self.entities_dir.mkdir(parents=True, exist_ok=True)
        self._entities_real = self.entities_dir.resolve(strict=True)
        self._thread_lock = files.folder_lock(self.root.resolve(strict=True))
        self._index = index
        self._index_lock = threading.RLock()
        self._folders: tuple[int, list[Path]] | None = None
        self._texts = NoteTexts()
        self.live = False  # a watcher keeps the index in step with the folder
        if not os.path.lexists(self.user_file):
            with self.locked():
                if not os.path.lexists(self.user_file):
                    files.atomic_write(self.user_file, notes.USER_TEMPLATE.encode())

    @property
    def index(self) -> MemoryIndex:
        """The search index (SQLite in ``.planloop/index.db`` unless another was given)."""
        if self._index is None:
            with self._index_lock:
                if self._index is None:
                    self._index = SqliteIndex(self.root / INDEX_FILE)
        return self._index

    def close(self) -> None:
        with self._index_lock:
            if self._index is not None:
                self._index.close()
                self._index = None

    # -- the index ---------------------------------------------------------------------------

    def sync(self) -> SyncReport:
        """Bring the index in step with the folder: read changed notes, forget removed ones."""
        with self._index_lock:
            on_disk = scan.scan_folder(self._entities_real)
            known = self.index.stamps()
            gone = [name for name in known if name not in on_disk]
            changed = [name for name, (_, stamp) in on_disk.items() if known.get(name) != stamp]
            self.index.remove(gone)
            indexed = 0
            for start in range(0, len(changed), SYNC_BATCH):
                batch = (
                    scan.load(name, Path(on_disk[name][0]), self._entities_real)
                    for name in changed[start : start + SYNC_BATCH]
                )
                items = [item for item in batch if item is not None]
                self.index.upsert(items)
                indexed += len(items)
        return SyncReport(indexed, len(gone))

    def refresh(self, names: Iterable[str]) -> None:
        """Re-read the named notes into the index (the watcher's call for changed files)."""
        with self._index_lock:
            for name in dict.fromkeys(names):
                try:
                    path = self._locate(name)
                except InvalidEntityName:
                    path = None
                item = scan.load(name, path, self._entities_real) if path else None
                if item is None:
                    self.index.remove([name])
                else:
                    self.index.upsert([item])

    def ensure_synced(self) -> None:
        """Sync the index with the folder, unless a watcher keeps it in step."""
        if not self.live:
            self.sync()

    # -- reading -----------------------------------------------------------------------------

    def list_entities(self, kind: str | None = None) -> list[EntitySummary]:
        """Every entity (or those of one kind), sorted by name, with description and kind."""
        self.ensure_synced()
        return [EntitySummary(*row) for row in self.index.summaries(kind)]

    def exists(self, name: str) -> bool:
        try:
            return self._locate(name) is not None
        except InvalidEntityName:
            return False

    def read_versioned(self, name: str) -> tuple[str, str]:
        """The raw Markdown of entity ``name`` and its version (for :meth:`update`)."""
        path = self._locate(name)
        try:
            before = stamp_of(os.stat(path)) if path else None
        except (FileNotFoundError, NotADirectoryError):
            before = None
        data = files.read_bytes(path) if path and before else None
        if path is None or before is None or data is None:
            raise EntityNotFound(name)
        text = files.decode(data)
        self._texts.keep_read(name, path, self._entities_real / f"{name}.md", before, text)
        return text, files.version_of(data)

    def unchanged_notes(self, names: Sequence[str]) -> list[MemoryNote] | None:
        """The notes of ``names``, as :meth:`existing_notes` reads them, when every one is
        as it was when last read: a ``stat`` each and no read, fit for the event loop
        (:mod:`planloop.memory.folder.texts`). None when any must be read."""
        return self._texts.unchanged(list(dict.fromkeys(names)))

    def entity_type(self, name: str, text: str) -> str:
        path = self._locate(name)
        folder = path.parent.name if path and path.parent != self._entities_real else None
        return notes.kind_of(name, text, folder)

    def search_hits(
        self, query: str, limit: int = 10, *, snippets: bool = False
    ) -> list[SearchHit]:
        """Entities containing the query's terms, best first: of the 50 best by BM25, those
        containing most distinct terms, then by BM25, then by name."""
        terms = search_terms(query)
        if not terms or limit <= 0:
            return []
        self.ensure_synced()
        return self.index.search(terms, limit, snippets=snippets)

    def links_in(self, name: str) -> list[str]:
        self.ensure_synced()
        return self.index.links_in(name)

    def find_by_run(self, run_id: str) -> str | None:
        """The plan entity saved for ``run_id`` (by its ``- run_id:`` fact), if any."""
        return plans.find_by_run(self, run_id)

    # -- writing -----------------------------------------------------------------------------

    def save_plan(
        self,
        *,
        run_id: str,
        goal: str,
        plan: str,
        facts: Mapping[str, str],
        links: Sequence[str] = (),
    ) -> str:
        """Save a finished plan as ``entities/plan_<slug>_<run>.md``, link it from user.md.

        Idempotent per run: saving the same ``run_id`` again rewrites (only if changed) the same
        entity and returns its name — unless a person edited that note since planloop wrote
        it: then their version is kept. ``links`` naming entities that do not exist are left out.
        """
        return plans.save_plan(self, run_id=run_id, goal=goal, plan=plan, facts=facts, links=links)

    def create(self, name: str, markdown: str) -> str:
        """A new entity ``name`` with ``markdown``, linked from user.md; returns its version."""
        validate_entity_name(name)
        data = notes.check_text(markdown, "markdown").encode()
        with self.locked():
            if self._locate(name) is not None:
                raise entity_exists(name)
            path = self._entities_real / f"{name}.md"

            def edit(current: bytes | None) -> bytes:
                if current is not None:
                    raise entity_exists(name)
                return data

            files.rewrite(path, edit)
            self.reindex(name, path, data)
            self.link_from_user(name)
        return files.version_of(data)

    def update(self, name: str, markdown: str, base_version: str | None = None) -> str:
        """Replace entity ``name``'s Markdown; refused if it changed since ``base_version``."""
        data = notes.check_text(markdown, "markdown").encode()
        with self.locked():
            path = self._require(name)

            def edit(current: bytes | None) -> bytes:
                if current is None:
                    raise EntityNotFound(name)
                if base_version is not None and files.version_of(current) != base_version:
                    raise StaleEntity(name, base_version, files.version_of(current))
                return data

            if files.rewrite(path, edit) is not None:
                self.reindex(name, path, data)
        return files.version_of(data)

    def edit(self, name: str, change: Callable[[str], str]) -> bool:
        """Apply ``change`` (a pure function of the note's text) to entity ``name``.

        A note changed on disk while the change was computed gets the change applied again on
        top of the new text, so concurrent edits merge. Returns whether the file changed.
        """
        with self.locked():
            path = self._require(name)

            def apply(current: bytes | None) -> bytes:
                if current is None:
                    raise EntityNotFound(name)
                text = current.decode("utf-8", "surrogateescape")
                return change(text).encode("utf-8", "surrogateescape")

            written = files.rewrite(path, apply)
            if written is not None:
                self.reindex(name, path, written)
        return written is not None

    def delete(self, name: str, base_version: str | None = None) -> None:
        """Delete entity ``name`` and its link in user.md (other notes keep their text)."""
        with self.locked():
            path = self._require(name)
            current = files.read_bytes(path)
            if current is None:
                raise EntityNotFound(name)
            if base_version is not None and files.version_of(current) != base_version:
                raise StaleEntity(name, base_version, files.version_of(current))
            path.unlink()
            files.fsync_dir(path.parent)
            with self._index_lock:
                self.index.remove([name])
            self._unlink_from_user(name)

    # -- internals ---------------------------------------------------------------------------

    def _locate(self, name: str) -> Path | None:
        """The file of entity ``name``: ``entities/<name>.md``, else in one folder below."""
        validate_entity_name(name)
        top = self._entities_real / f"{name}.md"
        if os.path.lexists(top):
            if not scan.inside(top, self._entities_real):
                raise InvalidEntityName(name, "resolves outside the memory folder's entities/")
            if top.is_file():
                return top
        root = self._entities_real
        rel = self.index.path_of(name)
        candidates = [root / rel] if rel and rel.count("/") == 1 else []
        candidates += [folder / f"{name}.md" for folder in self._subfolders()]
        for path in candidates:
            if path.name == f"{name}.md" and path.is_file() and scan.inside(path, root):
                return path
        return None

    def path(self, name: str) -> Path | None:
        """The file of entity ``name``, if it exists."""
        return self._locate(name)

    def file_for(self, name: str) -> Path:
        """The file of entity ``name``: where it is, or where a new one goes."""
        return self._locate(name) or self._entities_real / f"{name}.md"

    def _require(self, name: str) -> Path:
        path = self._locate(name)
        if path is None:
            raise EntityNotFound(name)
        return path

    def _subfolders(self) -> list[Path]:
        """The folders in ``entities/``, cached until the folder's listing changes."""
        stamp = os.stat(self._entities_real).st_mtime_ns
        if self._folders is None or self._folders[0] != stamp:
            found = []
            with os.scandir(self._entities_real) as it:
                for entry in it:
                    if not entry.name.startswith(".") and entry.is_dir():
                        found.append(Path(entry.path))
            self._folders = (stamp, sorted(found))
        return self._folders[1]

    def reindex(self, name: str, path: Path, data: bytes) -> None:
        """Index what planloop just wrote to ``path`` and remember it as planloop's own."""
        with self._index_lock:
            try:
                st = os.stat(path)
            except FileNotFoundError:
                return
            item = scan.index_form(name, path, self._entities_real, data, st)
            self.index.upsert([item])
            self.index.mark_written(name, item.version)

    def _edit_user(self, change: Callable[[str], str | None]) -> None:
        """Apply ``change`` to user.md (``None``: leave it), keeping every other byte."""

        def edit(current: bytes | None) -> bytes | None:
            raw = notes.USER_TEMPLATE.encode() if current is None else current
            updated = change(raw.decode("utf-8", "surrogateescape"))
            return None if updated is None else updated.encode("utf-8", "surrogateescape")

        files.rewrite(self.user_file, edit)

    def link_from_user(self, name: str) -> None:
        self._edit_user(lambda text: notes.add_entity_link(text, name))

    def _unlink_from_user(self, name: str) -> None:
        if self.user_file.exists():
            self._edit_user(lambda text: markup.delete_links_to(text, name)[0])

    def locked(self) -> contextlib.AbstractContextManager[None]:
        return files.locked(self._thread_lock, self._entities_real)
