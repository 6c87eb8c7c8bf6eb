"""The one process that executes a SQLite file's runs: it holds an advisory lock on a file
beside the database (``planloop.db.lock``) while it lives, and the kernel lets go of it
when the process ends, however it ends.

A SQLite file has no presence of other processes (PostgreSQL has: store/
postgres_presence.py), so the process that executes runs takes every lease it finds for
its own at start. Before this lock, a second process did that to a live one (found by a
new user's trial: five `planloop plan` commands at once on one file, and three of them
waited for ever while their runs went on in another process). Processes that only read
(`planloop runs`, `planloop show`) take no lock and run beside the owner."""

from __future__ import annotations

import os
import sys

from planloop.errors import CannotOpen

try:
    import fcntl
except ImportError:  # pragma: no cover - not POSIX: no lock, as before
    fcntl = None  # type: ignore[assignment]

NOT_FILES = (":memory:", "")


class FileOwner:
    """The lock of the process that executes the runs of the SQLite file at ``path``."""

    def __init__(self, path: str) -> None:
        self.db = path
        self.path = f"{path}.lock"
        self._fd: int | None = None

    def take(self) -> None:
        """Hold the lock, or say which process holds it (:class:`CannotOpen`)."""
        if fcntl is None or self.db in NOT_FILES or self.db.startswith("file:"):
            return
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 300, 0).decode("utf-8", "replace").strip() or "unknown"
            os.close(fd)
            raise CannotOpen(
                f"another planloop process executes the runs of {self.db} ({holder}). Use it"
                " (a server: --server URL), or stop it first; many processes can share a"
                " PostgreSQL database, one a SQLite file"
            ) from None
        except BaseException:
            os.close(fd)
            raise
        # the command as typed may hold bytes that are not UTF-8 (surrogates): replaced
        said = f"pid {os.getpid()}: {_command()}".encode("utf-8", "replace")
        os.ftruncate(fd, 0)
        os.pwrite(fd, said, 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # the lock goes with it
            self._fd = None


def _command() -> str:
    """How this process was started, as a person would type it ("planloop serve")."""
    args = [os.path.basename(a) for a in sys.argv[:4]]
    if args and args[0] in ("__main__.py", "-m"):
        args[0] = "planloop"
    return " ".join(args)[:120] or "python"
