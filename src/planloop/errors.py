"""Exceptions, each with a stable snake_case code; HTTP status is chosen at the edge."""

from __future__ import annotations

import errno
import sqlite3
from typing import Any


class PlanloopError(Exception):
    code = "internal_error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        if code is not None:
            self.code = code


class InvalidInput(PlanloopError):
    code = "invalid_input"


class NotFound(PlanloopError):
    code = "not_found"


class Forbidden(PlanloopError):
    """Known, but not allowed to whoever asks (a viewer link deciding a checkpoint)."""

    code = "forbidden"


class Gone(PlanloopError):
    """It existed and no longer does: a share link revoked or expired."""

    code = "gone"


class Conflict(PlanloopError):
    code = "conflict"


class LimitExceeded(PlanloopError):
    code = "limit_exceeded"


class PlannerFailed(PlanloopError):
    code = "planner_failed"


class LeaseLost(PlanloopError):
    """The run is no longer ours to execute (cancelled, decided elsewhere, or re-claimed)."""

    code = "lease_lost"


class StoreUnavailable(PlanloopError):
    """The database kept failing after bounded retries; nothing was half-written."""

    code = "store_unavailable"


class StoreLost(PlanloopError):
    """The database file was deleted or replaced while the server ran: writes to it would
    be lost at the next start, so none is acknowledged any more."""

    code = "store_lost"


class StorageFull(PlanloopError):
    """No space left on the device (the memory folder's or the database's)."""

    code = "storage_full"


class MemoryUnwritable(PlanloopError):
    """The memory folder cannot be written (read-only, or not permitted)."""

    code = "memory_unwritable"


_FULL = {errno.ENOSPC, errno.EDQUOT}
_UNWRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}
_SQLITE_FULL = 13  # SQLITE_FULL: "database or disk is full"


def storage_fault(exc: BaseException) -> PlanloopError | None:
    """A full disk or a memory that cannot be written, named (with the path when known);
    None for anything else. OSErrors come from the memory folder: the database's own
    faults are sqlite3's or asyncpg's."""
    if isinstance(exc, OSError) and exc.errno in _FULL | _UNWRITABLE:
        where = f"{exc.filename}" if exc.filename else "the memory folder"
        if exc.errno in _FULL:
            return StorageFull(f"no space left on the device: cannot write {where}")
        return MemoryUnwritable(f"the memory cannot be written: {where}: {exc.strerror}")
    if isinstance(exc, sqlite3.Error) and (
        (getattr(exc, "sqlite_errorcode", 0) or 0) & 0xFF == _SQLITE_FULL
        or "disk is full" in str(exc)
    ):
        return StorageFull(f"no space left on the device: an SQLite database: {exc}")
    return None


class CannotOpen(PlanloopError):
    """A part of the program (the database, the memory) could not be opened at start."""

    code = "cannot_open"


class StoreMissing(CannotOpen):
    """A command that only reads was pointed at a database that is not there (it makes
    none: a typo in the path had made an empty one, and said "No runs yet")."""

    code = "store_missing"


def describe_invalid(errors: list[dict[str, Any]]) -> str:
    """A schema validator's errors as one line a person reads ("checkpoint: Input should
    be a valid integer"): where and what, for the first five, without the validator's own
    links and types. The HTTP API and the MCP tools both answer with it."""
    parts = []
    for err in errors[:5]:
        where = err.get("loc", ())
        loc = ".".join(str(x) for x in where if x not in ("body", "query", "path"))
        msg = str(err.get("msg", "invalid"))
        if err.get("type") == "missing" and tuple(where) == ("body",):
            msg = "a JSON body is required"
        elif err.get("type") == "string_pattern_mismatch" and where[-1:] == ("number",):
            msg = "a checkpoint number is 1, 2, … in plain digits"
        parts.append(f"{loc}: {msg}" if loc else msg)
    return "; ".join(parts) or "invalid request"


SHOWN_CHARS = 64  # of a caller's value echoed in a message


def shown(value: str) -> str:
    """A caller's value as a message echoes it: whole, or its start and its length (a
    65,000-character run id came back whole in its 404)."""
    if len(value) <= SHOWN_CHARS:
        return value
    return f"{value[: SHOWN_CHARS // 2]}… ({len(value):,} characters)"
