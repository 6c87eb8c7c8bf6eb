"""The terminal client's backends: a planloop server over HTTP, or the engine in-process.

Both speak the same JSON shapes (the API's own schemas), so the view and the flows do not
know which one they talk to. The client has one session of its own, a token kept in a
file (``PLANLOOP_CLI_SESSION_FILE``, else ``$XDG_CONFIG_HOME/planloop/cli-session``): sent
as the session cookie to a server, and hashed into the owner id in embedded mode, so
``planloop runs`` shows the same runs either way for the same database. Given an API token
(``PLANLOOP_CLI_TOKEN``) it acts as that token instead, in both modes: what a server that
requires tokens needs, and how a run started over the API is reached from a terminal.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncGenerator, AsyncIterator
from contextlib import asynccontextmanager
from typing import Any
from urllib.parse import quote

import httpx

from planloop.cli.backend import (
    EXIT_DETACHED,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_STOPPED,
    EXIT_USAGE,
    RECONNECTS,
    STATUS_EXIT,
    TOKEN_ENV,
    Backend,
    CliError,
    api_token,
    config_dir,
    load_settings,
    session_token,
)
from planloop.cli.embedded import EmbeddedBackend, embedded

# What the commands and the tests import from here (the two backends and what they share).
__all__ = [
    "EXIT_DETACHED",
    "EXIT_FAILED",
    "EXIT_OK",
    "EXIT_STOPPED",
    "EXIT_USAGE",
    "STATUS_EXIT",
    "Backend",
    "CliError",
    "EmbeddedBackend",
    "HttpBackend",
    "config_dir",
    "connect",
    "embedded",
    "load_settings",
]

# -- over HTTP ---------------------------------------------------------------------------


def _http_error(response: httpx.Response) -> CliError:
    try:
        detail = response.json()["error"]
        code, message = str(detail["code"]), str(detail["message"])
    except (ValueError, KeyError, TypeError):
        code, message = "http_error", response.text[:200] or response.reason_phrase
    if code in ("token_required", "invalid_token"):
        message += f": set {TOKEN_ENV} to one of the server's API tokens"
    elif code == "no_api_tokens":
        message += f" (unset {TOKEN_ENV}: this terminal's own session is used then)"
    exit_code = EXIT_USAGE if 400 <= response.status_code < 500 else EXIT_FAILED
    return CliError(message, exit_code, code)


def _path(segment: str) -> str:
    """A run id as one path segment, whatever it holds (httpx refuses control characters
    in a URL with InvalidURL, a traceback; the server answers 404 with the id named)."""
    return quote(segment, safe="")


class HttpBackend:
    """A planloop server, reached as the session ``token`` (its cookie), or as the API
    token ``bearer`` when one is given."""

    def __init__(self, url: str, token: str, bearer: str | None = None) -> None:
        from planloop.identity import COOKIE

        self.url = url.rstrip("/")
        self.where = f"--server {self.url}"
        headers = {"User-Agent": "planloop-cli"}
        if bearer:
            headers["Authorization"] = f"Bearer {bearer}"
        self.client = httpx.AsyncClient(
            base_url=self.url,
            cookies=None if bearer else {COOKIE: token},
            timeout=httpx.Timeout(30.0, read=None),
            headers=headers,
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
        self,
        run_id: str,
        number: int,
        decision: str,
        feedback: str,
        plan_markdown: str | None = None,
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"decision": decision, "feedback": feedback}
        if plan_markdown is not None:
            body["plan_markdown"] = plan_markdown
        result: dict[str, Any] = await self._json(
            "POST", f"/api/runs/{_path(run_id)}/checkpoints/{number}", body
        )
        return result

    async def checkpoint(self, run_id: str, number: int) -> dict[str, Any]:
        path = f"/api/runs/{_path(run_id)}/checkpoints/{number}"
        result: dict[str, Any] = await self._json("GET", path)
        return result

    async def plan(self, run_id: str, iteration: int | None) -> dict[str, Any]:
        query = "" if iteration is None else f"?iteration={iteration}"
        result: dict[str, Any] = await self._json("GET", f"/api/runs/{_path(run_id)}/plan{query}")
        return result

    async def export(self, run_id: str, fmt: str, iteration: int | None) -> tuple[str, str]:
        params: dict[str, Any] = {"format": fmt}
        if iteration is not None:
            params["iteration"] = iteration
        try:
            response = await self.client.get(f"/api/runs/{_path(run_id)}/plan", params=params)
        except httpx.TransportError as exc:
            raise CliError(f"cannot reach planloop at {self.url}: {exc}") from None
        if response.status_code >= 400:
            raise _http_error(response)
        disposition = response.headers.get("content-disposition", "")
        name = disposition.partition('filename="')[2].rstrip('"') or f"plan.{fmt}"
        return response.text, name

    async def extend(self, run_id: str, number: int, seconds: float) -> dict[str, Any]:
        path = f"/api/runs/{_path(run_id)}/checkpoints/{number}/extend"
        result: dict[str, Any] = await self._json("POST", path, {"seconds": seconds})
        return result

    async def fork(
        self, run_id: str, from_iteration: int, feedback: str, max_iterations: int | None
    ) -> dict[str, Any]:
        body: dict[str, Any] = {"from_iteration": from_iteration, "feedback": feedback}
        if max_iterations is not None:
            body["max_iterations"] = max_iterations
        result: dict[str, Any] = await self._json("POST", f"/api/runs/{_path(run_id)}/fork", body)
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


@asynccontextmanager
async def connect(
    server: str | None, *, execute: bool = True, existing: bool = False
) -> AsyncIterator[Backend]:
    """A server's backend, or the embedded one (see :func:`embedded` for ``execute`` and
    ``existing``)."""
    if server:
        if not server.startswith(("http://", "https://")):
            raise CliError(f"--server must be an http:// or https:// URL, got {server!r}", 2)
        bearer = api_token()
        http = HttpBackend(server, "" if bearer else session_token(), bearer)
        try:
            yield http
        finally:
            await http.aclose()
        return
    async with embedded(load_settings(), execute=execute, existing=existing) as backend:
        yield backend
