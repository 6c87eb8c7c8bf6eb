"""The memory vault: a folder of Markdown entities in the MemAgent/Obsidian layout.

::

    <root>/user.md            "# User" and an "## Entities" list of [[entities/<name>.md]] links
    <root>/entities/<name>.md one note per entity; planloop writes plan_<slug>_<run>.md

The API is synchronous and file based; async callers use :func:`asyncio.to_thread`. Every write
is atomic (temp file in the same folder, fsync, :func:`os.replace`), so readers — including a
person's editor — see the old note or the new one, never half of one. Writers are serialised per
folder by a thread lock plus, on POSIX, an advisory ``flock`` on the folder itself, which keeps
"one run, one entity" and the user.md read-modify-write safe across threads and processes.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import secrets
import stat
import sys
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from planloop.errors import InvalidInput, NotFound
from planloop.memory import notes
from planloop.planners.base import MemoryNote

if sys.platform != "win32":
    import fcntl

NAME_PATTERN = re.compile(r"[A-Za-z0-9][A-Za-z0-9_\-. ]{0,119}")


class InvalidEntityName(InvalidInput, ValueError):
    """An entity name that is not allowed (bad characters, path tricks, too long, escapes)."""

    code = "invalid_entity_name"

    def __init__(self, name: str, reason: str) -> None:
        shown = name if len(name) <= 60 else name[:60] + "…"
        super().__init__(f"invalid entity name {shown!r}: {reason}")
        self.entity = name


class EntityNotFound(NotFound, LookupError):
    """No entity of that name in the vault."""

    code = "entity_not_found"

    def __init__(self, name: str) -> None:
        super().__init__(f"memory entity {name!r} not found")
        self.entity = name


@dataclass(frozen=True)
class EntitySummary:
    """One line of the vault's index: what ``GET /api/entities`` lists."""

    name: str
    description: str
    kind: str


def validate_entity_name(name: str) -> str:
    """Return ``name`` if it is a valid entity name, else raise :class:`InvalidEntityName`."""
    if not isinstance(name, str):
        raise InvalidEntityName(repr(name), "must be a string")
    for bad in ("\x00", "/", "\\", ".."):
        if bad in name:
            raise InvalidEntityName(name, f"must not contain {bad!r}")
    if not NAME_PATTERN.fullmatch(name):
        raise InvalidEntityName(
            name,
            "must be 1-120 characters: a letter or digit, then letters, digits, '_', '-', '.'"
            " or spaces",
        )
    return name


_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def _folder_lock(root: Path) -> threading.Lock:
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(root, threading.Lock())


def _decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file's permissions."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    if os.name == "posix":  # make the rename itself durable
        dir_fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        except OSError:  # some file systems refuse fsync on directories
            pass
        finally:
            os.close(dir_fd)


class Vault:
    """A memory folder: ``user.md`` plus ``entities/*.md``."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.entities_dir = self.root / "entities"
        self.user_file = self.root / "user.md"
        self.entities_dir.mkdir(parents=True, exist_ok=True)
        self._entities_real = self.entities_dir.resolve(strict=True)
        self._thread_lock = _folder_lock(self.root.resolve(strict=True))
        if not os.path.lexists(self.user_file):
            with self._locked():
                if not os.path.lexists(self.user_file):
                    _atomic_write(self.user_file, notes.USER_TEMPLATE.encode())

    # -- reading ---------------------------------------------------------------------------

    def list_entities(self) -> list[EntitySummary]:
        """Every entity, sorted by name, with a one-line description and a kind."""
        return [
            EntitySummary(name, notes.describe(name, text), notes.kind_of(name, text))
            for name, text in self._all()
        ]

    def read(self, name: str) -> str:
        """The raw Markdown of entity ``name``."""
        path = self._path(name)
        try:
            return _decode(path.read_bytes())
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            raise EntityNotFound(name) from None

    def notes(self, names: Sequence[str]) -> list[MemoryNote]:
        """The named entities as notes for a planner, in the order given (duplicates dropped)."""
        if isinstance(names, str):
            raise TypeError("names must be a sequence of entity names, not one string")
        return [MemoryNote(name=name, text=self.read(name)) for name in dict.fromkeys(names)]

    def search(self, query: str, limit: int = 5) -> list[MemoryNote]:
        """Entities sharing the most query terms (3+ chars) with their name and text, best first.

        Ranked by distinct terms matched, then total occurrences, then name.
        """
        terms = notes.query_terms(query)
        if not terms or limit <= 0:
            return []
        scored = []
        for name, text in self._all():
            found, hits = notes.overlap(terms, f"{name}\n{text}")
            if found:
                scored.append((-found, -hits, name, text))
        scored.sort(key=lambda row: row[:3])
        return [MemoryNote(name=name, text=text) for *_, name, text in scored[:limit]]

    def find_by_run(self, run_id: str) -> str | None:
        """The plan entity saved for ``run_id`` (by its ``- run_id:`` fact), if any."""
        wanted = notes.one_line(run_id)
        if not wanted:
            return None
        tag = f"_{notes.run_tag(run_id)}"
        names = sorted(
            (name for name in self._names() if name.startswith("plan_")),
            key=lambda name: (tag not in name, name),  # likely candidates first
        )
        for name in names:
            if self._run_of(name) == wanted:
                return name
        return None

    # -- writing ---------------------------------------------------------------------------

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
        entity and returns its name. ``links`` naming entities that do not exist are left out.
        """
        if isinstance(links, str):
            raise TypeError("links must be a sequence of entity names, not one string")
        tag = notes.run_tag(run_id)
        if not tag:
            raise InvalidEntityName(run_id, "a run_id needs letters or digits to name its plan")
        base = f"plan_{notes.slugify(goal)}_{tag}"
        with self._locked():
            name = self._name_for_run(base, notes.one_line(run_id))
            linked = [n for n in dict.fromkeys(links) if n != name and self._exists(n)]
            content = notes.render_plan(
                goal=goal,
                plan=plan,
                facts=notes.plan_facts(run_id, goal, facts),
                links=linked,
            ).encode()
            path = self._path(name)
            try:
                unchanged = path.read_bytes() == content
            except FileNotFoundError:
                unchanged = False
            if not unchanged:
                _atomic_write(path, content)
            self._link_from_user(name)
        return name

    # -- internals -------------------------------------------------------------------------

    def _path(self, name: str) -> Path:
        """The file of entity ``name``, checked to resolve inside ``entities/``."""
        path = self._entities_real / f"{validate_entity_name(name)}.md"
        if not path.resolve().is_relative_to(self._entities_real):
            raise InvalidEntityName(name, "resolves outside the memory folder's entities/")
        return path

    def _exists(self, name: str) -> bool:
        try:
            return self._path(name).is_file()
        except InvalidEntityName:
            return False

    def _names(self) -> list[str]:
        """Names of the entity files that are valid and stay inside ``entities/``, sorted."""
        stems = (p.name[: -len(".md")] for p in self._entities_real.glob("*.md"))
        return sorted(stem for stem in stems if self._exists(stem))

    def _all(self) -> Iterator[tuple[str, str]]:
        for name in self._names():
            with contextlib.suppress(EntityNotFound):  # deleted meanwhile
                yield name, self.read(name)

    def _run_of(self, name: str) -> str | None:
        try:
            return notes.parse_facts(self.read(name)).get("run_id")
        except EntityNotFound:
            return None

    def _name_for_run(self, base: str, run_id: str) -> str:
        """The entity name for this run: its existing entity, ``base``, or a disambiguated one."""
        if not self._exists(base):
            return self.find_by_run(run_id) or base
        if self._run_of(base) == run_id:
            return base
        existing = self.find_by_run(run_id)
        if existing:
            return existing
        digest = hashlib.sha256(run_id.encode()).hexdigest()[:8]
        candidate, counter = f"{base}_{digest}", 1
        while self._exists(candidate) and self._run_of(candidate) != run_id:
            counter += 1
            candidate = f"{base}_{digest}{counter}"
        return candidate

    def _link_from_user(self, name: str) -> None:
        """Add ``name`` to user.md's entity list, keeping every other byte of the file."""
        try:
            raw = self.user_file.read_bytes()
        except FileNotFoundError:
            raw = notes.USER_TEMPLATE.encode()
        updated = notes.add_entity_link(raw.decode("utf-8", "surrogateescape"), name)
        if updated is not None:
            _atomic_write(self.user_file, updated.encode("utf-8", "surrogateescape"))

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise writers of this folder across threads and (on POSIX) processes."""
        with self._thread_lock:
            if sys.platform == "win32":
                yield
                return
            fd = os.open(self._entities_real, os.O_RDONLY)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
                yield
            finally:
                os.close(fd)  # closing releases the flock
