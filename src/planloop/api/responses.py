"""The error responses every JSON route documents: ``{"error": {"code", "message"}}``."""

from __future__ import annotations

from typing import Any

from planloop.api.schemas import ErrorOut

ERROR_STATUSES = (400, 401, 403, 404, 409, 413, 415, 422, 429, 502, 503)

ERRORS: dict[int | str, dict[str, Any]] = {status: {"model": ErrorOut} for status in ERROR_STATUSES}

# Streams answer errors as JSON before the stream starts; say so explicitly, or FastAPI
# would document them under the route's text/event-stream media type.
STREAM_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {
        "description": "Error (before the stream starts)",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }
    for status in ERROR_STATUSES
}
