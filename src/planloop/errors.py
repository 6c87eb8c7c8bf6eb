"""Exceptions, each with a stable snake_case code; HTTP status is chosen at the edge."""

from __future__ import annotations


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


class CannotOpen(PlanloopError):
    """A part of the program (the database, the memory) could not be opened at start."""

    code = "cannot_open"
