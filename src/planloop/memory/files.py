"""File primitives of the memory folder: atomic writes, versions, the per-folder writer lock.

Every write is atomic (temp file in the same folder, fsync, :func:`os.replace`), so readers —
including a person's editor — see the old note or the new one, never half of one. Writers are
serialised per folder by a thread lock plus, on POSIX, an advisory ``flock`` on the folder, which
keeps read-modify-write cycles safe across threads and processes. A person's editor takes no such
lock, so :func:`rewrite` re-checks the file just before replacing it and starts over when it
changed: an edit made meanwhile is merged (the change is applied again on top of it), never lost.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import secrets
import stat
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

from planloop.errors import Conflict

if sys.platform != "win32":
    import fcntl

REWRITE_ATTEMPTS = 5

_LOCKS: dict[Path, threading.Lock] = {}
_LOCKS_GUARD = threading.Lock()


def folder_lock(root: Path) -> threading.Lock:
    """The one thread lock of a (resolved) folder, shared by every Vault of it."""
    with _LOCKS_GUARD:
        return _LOCKS.setdefault(root, threading.Lock())


@contextlib.contextmanager
def locked(thread_lock: threading.Lock, folder: Path) -> Iterator[None]:
    """Serialise writers of ``folder`` across threads and (on POSIX) processes."""
    with thread_lock:
        if sys.platform == "win32":
            yield
            return
        fd = os.open(folder, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)  # closing releases the flock


def decode(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def version_of(data: bytes) -> str:
    """A note's version: the first 16 hex digits of the SHA-256 of its bytes."""
    return hashlib.sha256(data).hexdigest()[:16]


def read_bytes(path: Path) -> bytes | None:
    """The file's bytes, or ``None`` when it does not exist (or is not a file)."""
    try:
        return path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def atomic_write(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` atomically, keeping the old file's permissions."""
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    except OSError as exc:  # named by the note, not by its temporary file
        raise OSError(exc.errno, exc.strerror, str(path)) from exc
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        with contextlib.suppress(FileNotFoundError):
            os.chmod(tmp, stat.S_IMODE(path.stat().st_mode))
        os.replace(tmp, path)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(exc, OSError) and exc.errno is not None and exc.filename is None:
            # A failed write() names no file: say which note it was (a full disk).
            raise OSError(exc.errno, exc.strerror, str(path)) from exc
        raise
    fsync_dir(path.parent)


def fsync_dir(folder: Path) -> None:
    """Make a rename or unlink in ``folder`` durable (POSIX; a no-op elsewhere)."""
    if os.name != "posix":
        return
    dir_fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    except OSError:  # some file systems refuse fsync on directories
        pass
    finally:
        os.close(dir_fd)


def rewrite(path: Path, edit: Callable[[bytes | None], bytes | None]) -> bytes | None:
    """Read ``path``, apply ``edit`` and write the result atomically; return what was written.

    ``edit`` gets the current bytes (``None``: no file) and returns the new bytes, or ``None``
    to leave the file alone. The caller holds the folder lock, which planloop's own writers
    respect; a person's editor does not, so the file is read again just before the replace and,
    if it changed meanwhile, the edit is applied again to the new content (a merge). After
    :data:`REWRITE_ATTEMPTS` changes in a row the edit gives up with :class:`Conflict`.
    """
    for _ in range(REWRITE_ATTEMPTS):
        before = read_bytes(path)
        after = edit(before)
        if after is None or after == before:
            return None
        if read_bytes(path) != before:
            continue  # changed on disk while we worked: merge by editing again
        atomic_write(path, after)
        return after
    raise Conflict(
        f"{path.name} kept changing on disk while planloop edited it; nothing was written",
        code="memory_edit_conflict",
    )
