"""The error responses every JSON route documents: ``{"error": {"code", "message"}}``."""

from __future__ import annotations

from typing import Any

from planloop.api.schemas import ErrorOut

ERROR_STATUSES = (400, 401, 403, 404, 409, 413, 415, 422, 429, 502, 503)

ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorOut} for status in ERROR_STATUSES}
