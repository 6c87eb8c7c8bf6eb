"""`planloop mcp` as MCP clients meet it: a subprocess over stdio or streamable HTTP, driven
with the official SDK's own client."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import IO, Any

from mcp import Client, StdioServerParameters
from mcp.types import CallToolResult

from tests.server import database_url, free_port

GOAL = "Open a bakery in Lisbon with a budget of $40,000 within 6 months"
REFERENCE_TOOLS = {
    "create_entities",
    "create_relations",
    "add_observations",
    "delete_entities",
    "delete_observations",
    "delete_relations",
    "read_graph",
    "search_nodes",
    "open_nodes",
}
PLANNING_TOOLS = {"propose_plan", "start_plan", "get_run", "decide_checkpoint"}


def memory_is_a_folder() -> bool:
    """With --backend=postgres the notes live in the database (the folder is an explicit
    sync, tests/memory/test_pg_memory.py): only the tools' own view can be checked."""
    return os.environ.get("PLANLOOP_TEST_BACKEND") != "postgres"


def server_env(workdir: Path, **extra: str) -> dict[str, str]:
    """What an MCP client's config would set: the store, the memory folder (+ test speed)."""
    return {
        "PLANLOOP_DATABASE_URL": database_url(workdir),
        "PLANLOOP_MEMORY_DIR": str(workdir / "memory"),
        "PLANLOOP_OFFLINE_STEP_DELAY_S": "0.01",
        "PLANLOOP_SWEEP_INTERVAL_S": "0.2",
        **extra,
    }


def stdio_client(workdir: Path, env: dict[str, str] | None = None) -> Client:
    """A client that spawns ``python -m planloop mcp`` and speaks over its stdin/stdout."""
    params = StdioServerParameters(
        command=sys.executable,
        args=["-m", "planloop", "mcp"],
        env=env if env is not None else server_env(workdir),
        cwd=workdir,
    )
    return Client(params, read_timeout_seconds=30)


class HttpServer:
    """``python -m planloop mcp --http --port <free>`` in a subprocess."""

    def __init__(self, workdir: Path, env: dict[str, str] | None = None) -> None:
        self.workdir = workdir
        self.port = free_port()
        self.env = env if env is not None else server_env(workdir)
        self.log_path = workdir / "mcp-http.log"
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: IO[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/mcp"

    def client(self) -> Client:
        return Client(self.url, read_timeout_seconds=30)

    def start(self, timeout: float = 30.0) -> HttpServer:
        self._log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "planloop", "mcp", "--http", "--port", str(self.port)],
            env={**os.environ, **self.env},
            cwd=self.workdir,
            stdout=self._log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"planloop mcp exited early:\n{self.log()}")
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.5):
                    return self
            except OSError:
                time.sleep(0.05)
        raise RuntimeError(f"planloop mcp did not start:\n{self.log()}")

    def stop(self) -> int | None:
        """SIGTERM, as a service manager stops it; the exit code (None if it had to be killed)."""
        code = None
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                code = self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(10)
        elif self.proc is not None:
            code = self.proc.returncode
        if self._log is not None:
            self._log.close()
            self._log = None
        return code

    def log(self) -> str:
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""


async def call(client: Client, tool: str, **arguments: Any) -> dict[str, Any]:
    """Call a tool that must succeed; its structured result (checked against the text)."""
    result = await client.call_tool(tool, arguments)
    assert not result.is_error, f"{tool} failed: {text(result)}"
    assert result.structured_content is not None
    return result.structured_content


async def fails(client: Client, tool: str, **arguments: Any) -> str:
    """Call a tool that must answer an error result (not crash); the error's text."""
    result = await client.call_tool(tool, arguments)
    assert result.is_error, f"{tool} should have failed: {text(result)}"
    return text(result)


def text(result: CallToolResult) -> str:
    return "\n".join(getattr(block, "text", "") for block in result.content)


def parsed_text(result: CallToolResult) -> Any:
    return json.loads(text(result))


async def plan_with_one_checkpoint(client: Client, memory: Path) -> dict[str, Any]:
    """An MCP client starts a plan, sees it reach a checkpoint, approves it and reads the
    saved plan; the final get_run state."""
    started = await call(client, "start_plan", goal=GOAL, max_iterations=4, checkpoint_interval=2)
    run_id = started["run_id"]
    assert started["status"] == "running"

    waited = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
    assert waited["status"] == "awaiting_approval", waited
    assert not waited["timed_out"]
    seen = await call(client, "get_run", run_id=run_id)
    pending = seen["pending_checkpoint"]
    assert pending["number"] == 1 and pending["iteration"] == 2
    assert "After iteration 2 of 4" in pending["summary"]
    assert pending["improvements"]["frameworks_added"]
    assert seen["iteration"] == 2 and "## " in seen["plan"]
    assert "decide_checkpoint" in seen["next_step"]
    # every decision the tool takes is offered, not approve or reject only (found as a user)
    for decision in ("approve", "revise", "edit", "reject", "get_checkpoint"):
        assert decision in seen["next_step"], decision

    decided = await call(
        client,
        "decide_checkpoint",
        run_id=run_id,
        checkpoint=pending["number"],
        decision="approve",
        feedback="keep the oven budget low",
    )
    assert decided == {
        "run_id": run_id,
        "checkpoint": 1,
        "decision": "approve",
        "feedback": "keep the oven budget low",
        "status": "running",
        "revision": 1,  # the checkpoint's revision decided (issue 16)
        "already_recorded": False,  # recorded now, not a repeat
        "message": "Checkpoint 1 approved. The run is running.",
    }

    done = await call(client, "wait_for_run", run_id=run_id, timeout_s=30)
    assert done["status"] == "completed", done
    assert done["pending_checkpoint"] is None
    assert done["feedback"] == [{"checkpoint": 1, "text": "keep the oven budget low"}]
    entity = done["memory_entity"]
    assert entity and entity.startswith("plan_")
    if memory_is_a_folder():
        assert (memory / "entities" / f"{entity}.md").is_file()

    opened = await call(client, "open_nodes", names=[entity])
    [plan] = opened["entities"]
    assert plan["name"] == entity and plan["entityType"] == "plan"
    assert f"run_id: {run_id}" in plan["observations"]
    return done
