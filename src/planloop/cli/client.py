"""The terminal client's backends: a planloop server over HTTP, or the engine in-process.

Both speak the same JSON shapes (the API's own schemas), so the view and the flows do not
know which one they talk to. The client has one session of its own, a token kept in a
file (``PLANLOOP_CLI_SESSION_FILE``, else ``$XDG_CONFIG_HOME/planloop/cli-session``): sent
as the session cookie to a server, and hashed into the owner id in embedded mode, so
``planloop runs`` shows the same runs either way for the same database.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any, Protocol
from urllib.parse import quote

import httpx
from pydantic import ValidationError

from planloop.errors import (
    CannotOpen,
    Conflict,
    InvalidInput,
    LimitExceeded,
    NotFound,
    PlanloopError,
)
from planloop.identity import owner_of
from planloop.settings import Settings

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_STOPPED, EXIT_DETACHED = 0, 1, 2, 3, 130
STATUS_EXIT = {"completed": 0, "failed": 1, "rejected": 3, "cancelled": 3, "expired": 3}
RECONNECTS = 30


class CliError(Exception):
    """A failure to report in one line, with the exit code it means."""

    def __init__(self, message: str, exit_code: int = EXIT_FAILED, code: str = "") -> None:
        super().__init__(message)
        self.message = message
        self.exit_code = exit_code
        self.code = code


def config_dir() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "planloop"


def session_token() -> str:
    path = Path(os.environ.get("PLANLOOP_CLI_SESSION_FILE") or config_dir() / "cli-session")
    try:
        token = path.read_text().strip()
        if 20 <= len(token) <= 100 and all(c.isalnum() or c in "-_" for c in token):
            return token
    except OSError:
        pass
    token = secrets.token_urlsafe(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(token + "\n")
    return token


class Backend(Protocol):
    where: str
    """How to name this backend in hints: ``--server URL`` or empty for embedded."""

    async def propose(self, goal: str, selected: list[str] | None = None) -> dict[str, Any]: ...

    async def create_run(self, body: dict[str, Any]) -> dict[str, Any]: ...

    async def get_run(self, run_id: str) -> dict[str, Any]: ...

    async def list_runs(self, limit: int) -> list[dict[str, Any]]: ...

    async def decide(
        self, run_id: str, number: int, decision: str, feedback: str
    ) -> dict[str, Any]: ...

    def events(self, run_id: str, after: int) -> AsyncGenerator[dict[str, Any], None]: ...


# -- over HTTP ---------------------------------------------------------------------------


def _http_error(response: httpx.Response) -> CliError:
    try:
        detail = response.json()["error"]
        code, message = str(detail["code"]), str(detail["message"])
    except (ValueError, KeyError, TypeError):
        code, message = "http_error", response.text[:200] or response.reason_phrase
    exit_code = EXIT_USAGE if 400 <= response.status_code < 500 else EXIT_FAILED
    return CliError(message, exit_code, code)


def _path(segment: str) -> str:
    """A run id as one path segment, whatever it holds (httpx refuses control characters
    in a URL with InvalidURL, a traceback; the server answers 404 with the id named)."""
    return quote(segment, safe="")


class HttpBackend:
    def __init__(self, url: str, token: str) -> None:
        from planloop.identity import COOKIE

        self.url = url.rstrip("/")
        self.where = f"--server {self.url}"
        self.client = httpx.AsyncClient(
            base_url=self.url,
            cookies={COOKIE: token},
            timeout=httpx.Timeout(30.0, read=None),
            headers={"User-Agent": "planloop-cli"},
        )

    async def aclose(self) -> None:
        await self.client.aclose()

    async def _json(self, method: str, path: str, body: Any = None) -> Any:
        try:
            response = await self.client.request(method, path, json=body)
        except httpx.TransportError as exc:
            raise CliError(f"cannot reach planloop at {self.url}: {exc}") from None
        if response.status_code >= 400:
            raise _http_error(response)
        return response.json()

    async def propose(self, goal: str, selected: list[str] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {"goal": goal}
        if selected is not None:  # absent: automatic grounding; []: no memory
            body["selected_entities"] = selected
        result: dict[str, Any] = await self._json("POST", "/api/proposals", body)
        return result

    async def create_run(self, body: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = await self._json("POST", "/api/runs", body)
        return result

    async def get_run(self, run_id: str) -> dict[str, Any]:
        result: dict[str, Any] = await self._json("GET", f"/api/runs/{_path(run_id)}")
        return result

    async def list_runs(self, limit: int) -> list[dict[str, Any]]:
        result: list[dict[str, Any]] = await self._json("GET", f"/api/runs?limit={limit}")
        return result

    async def decide(
        self, run_id: str, number: int, decision: str, feedback: str
    ) -> dict[str, Any]:
        body = {"decision": decision, "feedback": feedback}
        result: dict[str, Any] = await self._json(
            "POST", f"/api/runs/{_path(run_id)}/checkpoints/{number}", body
        )
        return result

    async def events(self, run_id: str, after: int) -> AsyncGenerator[dict[str, Any], None]:
        """The run's events after ``after``; reconnects with Last-Event-ID if cut off."""
        last, failures = after, 0
        while True:
            headers = {"Last-Event-ID": str(last)} if last else {}
            try:
                async with self.client.stream(
                    "GET", f"/api/runs/{_path(run_id)}/events", headers=headers
                ) as response:
                    if response.status_code >= 400:
                        await response.aread()
                        raise _http_error(response)
                    async for data in _sse_data(response):
                        event: dict[str, Any] = json.loads(data)
                        failures = 0
                        last = event["seq"]
                        yield event
                        if event["type"] == "complete":
                            return
            except (httpx.TransportError, httpx.RemoteProtocolError) as exc:
                failures += 1
                if failures > RECONNECTS:
                    raise CliError(f"lost the stream from {self.url}: {exc}") from None
            await asyncio.sleep(min(0.2 * 2**failures, 2.0))


async def _sse_data(response: httpx.Response) -> AsyncIterator[str]:
    lines: list[str] = []
    async for line in response.aiter_lines():
        if line == "":
            if lines:
                yield "\n".join(lines)
            lines = []
        elif line.startswith("data:"):
            lines.append(line[5:].removeprefix(" "))


# -- in-process --------------------------------------------------------------------------


def _cli_error(exc: PlanloopError) -> CliError:
    usage = isinstance(exc, InvalidInput | NotFound | Conflict | LimitExceeded)
    return CliError(exc.message, EXIT_USAGE if usage else EXIT_FAILED, exc.code)


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "settings"
        raise CliError(f"{where}: {err['msg']}", EXIT_USAGE) from None


class EmbeddedBackend:
    """The engine of ``app.py``'s lifespan, in this process, on the default store."""

    where = ""

    def __init__(self, engine: Any, owner: str) -> None:
        from planloop.engine import Engine

        self.engine: Engine = engine
        self.owner = owner

    async def _call(self, work: Any) -> Any:
        try:
            return await work
        except PlanloopError as exc:
            raise _cli_error(exc) from None

    async def propose(self, goal: str, selected: list[str] | None = None) -> dict[str, Any]:
        proposal = await self._call(self.engine.propose(goal, selected, owner=self.owner))
        result: dict[str, Any] = proposal.model_dump(mode="json")
        return result

    async def create_run(self, body: dict[str, Any]) -> dict[str, Any]:
        from planloop.domain import Proposal
        from planloop.engine import RunRequest

        request = RunRequest(
            goal=body["goal"],
            proposal=Proposal.model_validate(body["proposal"]) if body.get("proposal") else None,
            max_iterations=body.get("max_iterations"),
            checkpoint_interval=body.get("checkpoint_interval"),
            selected_entities=body.get("selected_entities"),
        )
        run = await self._call(self.engine.create_run(self.owner, request))
        return {"run_id": run.id, "status": run.status.value}

    async def get_run(self, run_id: str) -> dict[str, Any]:
        from planloop.views import RunView

        run = await self._call(self.engine.get_run(self.owner, run_id))
        view = RunView.full(run, await self.engine.checkpoints(run_id))
        result: dict[str, Any] = view.model_dump(mode="json")
        return result

    async def list_runs(self, limit: int) -> list[dict[str, Any]]:
        from planloop.views import RunSummary

        runs = await self._call(self.engine.list_runs(self.owner, limit))
        return [RunSummary.of(r).model_dump(mode="json") for r in runs]

    async def decide(
        self, run_id: str, number: int, decision: str, feedback: str
    ) -> dict[str, Any]:
        if decision not in ("approve", "reject"):
            raise CliError('decision must be "approve" or "reject"', EXIT_USAGE)
        d = await self._call(
            self.engine.decide(
                self.owner,
                run_id,
                number,
                "approve" if decision == "approve" else "reject",
                feedback,
            )
        )
        return {
            "run_id": d.run_id,
            "checkpoint": d.checkpoint,
            "decision": d.decision,
            "feedback": d.feedback,
            "status": d.run_status.value,
        }

    async def events(self, run_id: str, after: int) -> AsyncGenerator[dict[str, Any], None]:
        async for event in self.engine.follow(run_id, after):
            yield event.data


@asynccontextmanager
async def embedded(
    settings: Settings, *, execute: bool = True, owner: str | None = None
) -> AsyncIterator[EmbeddedBackend]:
    """The engine in this process (:func:`planloop.runtime.running`); with ``execute`` the
    scheduler runs too, so runs advance while this process lives. Runs belong to ``owner``
    (default: this client's session, see :func:`session_token`)."""
    from planloop.runtime import running

    try:
        async with running(settings, execute=execute) as parts:
            yield EmbeddedBackend(parts.engine, owner or owner_of(session_token()))
    except CannotOpen as exc:
        raise CliError(exc.message) from None


@asynccontextmanager
async def connect(server: str | None, *, execute: bool = True) -> AsyncIterator[Backend]:
    if server:
        if not server.startswith(("http://", "https://")):
            raise CliError(f"--server must be an http:// or https:// URL, got {server!r}", 2)
        http = HttpBackend(server, session_token())
        try:
            yield http
        finally:
            await http.aclose()
        return
    async with embedded(load_settings(), execute=execute) as backend:
        yield backend
