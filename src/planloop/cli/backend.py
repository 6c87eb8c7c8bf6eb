"""What the terminal client's two backends share: exit codes, the one-line error, who the
client is (its own session token, or an API token given to it), and the :class:`Backend`
interface both speak."""

from __future__ import annotations

import os
import secrets
from collections.abc import AsyncGenerator
from pathlib import Path
from typing import Any, Protocol

from pydantic import ValidationError

from planloop.identity import owner_of, token_owner
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


def session_file() -> Path:
    """Where this client keeps its session token: ``PLANLOOP_CLI_SESSION_FILE``, else
    ``$XDG_CONFIG_HOME/planloop/cli-session``."""
    return Path(os.environ.get("PLANLOOP_CLI_SESSION_FILE") or config_dir() / "cli-session")


def session_token() -> str:
    path = session_file()
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


TOKEN_ENV = "PLANLOOP_CLI_TOKEN"  # noqa: S105 - the variable's name, not a token


def api_token() -> str | None:
    """The API token this client acts with (``PLANLOOP_CLI_TOKEN``: one of a server's
    ``PLANLOOP_API_TOKENS``), or None: it acts as its own session. Read from the
    environment, not an option, so it never shows in ``ps`` or a shell's history."""
    value = os.environ.get(TOKEN_ENV, "").strip()
    if not value:
        return None
    if not all(33 <= ord(c) < 127 for c in value):
        raise CliError(
            f"{TOKEN_ENV} holds a character an HTTP header cannot carry (a space, a control"
            " character or one beyond ASCII): give the token as the server has it",
            EXIT_USAGE,
            "invalid_token",
        )
    return value


def client_owner() -> str:
    """Whose runs this client sees in embedded mode: the API token's, as a server would
    name them, else its own session's."""
    token = api_token()
    return token_owner(token) if token else owner_of(session_token())


class Backend(Protocol):
    where: str
    """How to name this backend in hints: ``--server URL`` or empty for embedded."""

    async def propose(self, goal: str, selected: list[str] | None = None) -> dict[str, Any]: ...

    async def create_run(self, body: dict[str, Any]) -> dict[str, Any]: ...

    async def get_run(self, run_id: str) -> dict[str, Any]: ...

    async def list_runs(self, limit: int) -> list[dict[str, Any]]: ...

    async def decide(
        self,
        run_id: str,
        number: int,
        decision: str,
        feedback: str,
        plan_markdown: str | None = None,
    ) -> dict[str, Any]: ...

    async def checkpoint(self, run_id: str, number: int) -> dict[str, Any]:
        """The checkpoint under review: its plan, its changes (with the diff), its decision."""

    async def plan(self, run_id: str, iteration: int | None) -> dict[str, Any]:
        """The plan after ``iteration`` (the latest without it)."""

    async def extend(self, run_id: str, number: int, seconds: float) -> dict[str, Any]:
        """A new deadline for a checkpoint that waits or expired; the checkpoint after."""

    async def fork(
        self, run_id: str, from_iteration: int, feedback: str, max_iterations: int | None
    ) -> dict[str, Any]:
        """A new run from the plan after ``from_iteration``: ``{run_id, parent_run_id, ...}``."""

    async def export(self, run_id: str, fmt: str, iteration: int | None) -> tuple[str, str]:
        """The plan as a file: ``(content, file name)`` (see :mod:`planloop.export`)."""

    def events(self, run_id: str, after: int) -> AsyncGenerator[dict[str, Any], None]: ...


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(x) for x in err["loc"]) or "settings"
        raise CliError(f"{where}: {err['msg']}", EXIT_USAGE) from None
