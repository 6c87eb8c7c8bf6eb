"""Mapping the project's errors to HTTP, at the edge only: {"error": {"code", "message"}}."""

from __future__ import annotations

import logging
import sqlite3
from typing import Any

import asyncpg
from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute
from starlette.exceptions import HTTPException as StarletteHTTPException

from planloop.errors import (
    Conflict,
    Forbidden,
    Gone,
    InvalidInput,
    LimitExceeded,
    NotFound,
    PlanloopError,
    describe_invalid,
    shown,
    storage_fault,
)

log = logging.getLogger(__name__)

STATUS: list[tuple[type[PlanloopError], int]] = [
    (InvalidInput, 422),
    (NotFound, 404),
    (Forbidden, 403),
    (Gone, 410),
    (Conflict, 409),
    (LimitExceeded, 429),
]


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    """The error shape; ``details`` adds fields beside code and message (e.g. ``decided``
    of checkpoint_already_decided), never replacing them."""
    return {"error": {**(details or {}), "code": code, "message": message}}


def error_response(
    status: int,
    code: str,
    message: str,
    headers: dict[str, str] | None = None,
    details: dict[str, Any] | None = None,
) -> JSONResponse:
    return JSONResponse(error_body(code, message, details), status_code=status, headers=headers)


# A model that cannot be reached is the upstream's outage (503); one that answers
# nonsense is a bad gateway (502).
CODE_STATUS = {
    "model_unavailable": 503,
    "model_output_invalid": 502,
    "store_unavailable": 503,
    "store_lost": 503,
    "storage_full": 507,  # Insufficient Storage
    "memory_unwritable": 503,
}


def status_for(exc: PlanloopError) -> int:
    if exc.code in CODE_STATUS:
        return CODE_STATUS[exc.code]
    for kind, status in STATUS:
        if isinstance(exc, kind):
            return status
    return 500


FALLBACK_METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS")


def _code(errors: list[dict[str, Any]]) -> str:
    """invalid_request, or the code the README gives a case of its own."""
    if errors and all(
        e.get("type") == "string_too_long" and e.get("loc", ())[-1:] == ("feedback",)
        for e in errors
    ):
        return "feedback_too_long"
    return "invalid_request"


def install(app: FastAPI) -> None:
    @app.exception_handler(PlanloopError)
    async def planloop_error(request: Request, exc: PlanloopError) -> JSONResponse:
        status = status_for(exc)
        headers = {"Retry-After": "5"} if status in (429, 502, 503) else None
        details = getattr(exc, "details", None)
        details = details if isinstance(details, dict) else None
        return error_response(status, exc.code, exc.message, headers, details)

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> JSONResponse:
        errors = list(exc.errors())
        if any(e.get("type") == "json_invalid" for e in errors):
            return error_response(400, "malformed_json", "the request body is not valid JSON")
        return error_response(422, _code(errors), describe_invalid(errors))

    async def store_fault(request: Request, exc: Exception) -> JSONResponse:
        """A store fault worth retrying is a 503; anything else an opaque 500."""
        engine = getattr(request.app.state, "engine", None)
        if engine is not None and engine.is_transient(exc):
            return error_response(
                503,
                "store_unavailable",
                "the database is busy or restarting; retry shortly",
                {"Retry-After": "2"},
            )
        fault = storage_fault(exc)
        if fault is not None:  # a full disk, a read-only memory: said as such, with the path
            log.error(
                "%s on %s %s: %s", fault.code, request.method, request.url.path, fault.message
            )
            return error_response(status_for(fault), fault.code, fault.message)
        log.error(
            "unhandled %s on %s %s: %s",
            type(exc).__name__,
            request.method,
            request.url.path,
            " ".join(str(exc).split())[:200],
        )
        return error_response(500, "internal_error", "internal error")

    # Registered per class (not for Exception, which Starlette re-raises after answering,
    # dropping the connection) so the client keeps its connection and gets a clean 503.
    for kind in (sqlite3.Error, asyncpg.PostgresError, asyncpg.InterfaceError, OSError):
        app.add_exception_handler(kind, store_fault)

    # Registered after the API's routes and before the page's files at "/": an unknown
    # /api/ path is a JSON 404, and a known one asked with another method a 405 naming the
    # methods it has (the files' mount answered both as its own: 405 "GET, HEAD").
    async def api_fallback(request: Request) -> JSONResponse:
        path = request.url.path
        allowed = {
            method
            for route in request.app.routes
            if isinstance(route, APIRoute) and route.path_regex.match(path)
            for method in route.methods or ()
        }
        if allowed:
            methods = ", ".join(sorted(allowed))
            return error_response(
                405,
                "method_not_allowed",
                f"{request.method} is not allowed here; use {methods}",
                {"Allow": methods},
            )
        return error_response(404, "not_found", f"no endpoint {shown(path)}")

    app.add_route("/api/{rest:path}", api_fallback, methods=list(FALLBACK_METHODS))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
        codes = {400: "malformed_body", 404: "not_found", 405: "method_not_allowed"}
        code = codes.get(exc.status_code, "http_error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))
