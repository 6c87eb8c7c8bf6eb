"""The command line: ``planloop serve`` and the terminal client (plan, attach, runs, decide).

Exit codes of the client: 0 completed (or done), 1 failed, 2 usage error (bad arguments,
unknown run, a checkpoint that is not waiting), 3 rejected, cancelled or expired (or the
proposal declined), 130 detached with Ctrl-C (the run goes on).
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import signal
import sys
from collections.abc import Awaitable, Callable
from enum import StrEnum
from typing import Any

import typer
import uvicorn
from pydantic import ValidationError

from planloop.cli import flow as cli_flow
from planloop.cli.client import EXIT_DETACHED, EXIT_OK, EXIT_USAGE, CliError, connect
from planloop.cli.flow import Detach, Watch, detached
from planloop.cli.memory import memory_cli
from planloop.cli.terminal import clean, echo_error, shown
from planloop.cli.view import JsonView, LineReader, LiveView, View
from planloop.domain import MAX_ITERATIONS
from planloop.settings import Settings

app = typer.Typer(help="planloop: plan in iterations, with a person at every checkpoint.")
memory_cli(app)  # planloop memory export|import


@app.callback()
def _root() -> None:
    """planloop command line."""


@app.command()
def serve(
    host: str = typer.Option(None, help="Interface to listen on [PLANLOOP_HOST]"),
    port: int = typer.Option(None, help="Port [PLANLOOP_PORT]"),
    database_url: str = typer.Option(
        None, help="sqlite:///path or postgresql://... [PLANLOOP_DATABASE_URL]"
    ),
    planner: str = typer.Option(None, help="offline or openai [PLANLOOP_PLANNER]"),
    memory_dir: str = typer.Option(None, help="Memory folder [PLANLOOP_MEMORY_DIR]"),
    workers: int = typer.Option(
        1, min=1, max=64, help="Server processes on this port (PostgreSQL only)"
    ),
    log_level: str = typer.Option("info", help="Log level"),
) -> None:
    """Start the server (SQLite and the offline planner by default)."""
    from planloop.app import create_app

    overrides: dict[str, Any] = {
        k: v
        for k, v in {
            "host": host,
            "port": port,
            "database_url": database_url,
            "planner": planner,
            "memory_dir": memory_dir,
        }.items()
        if v is not None
    }
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        for err in exc.errors():
            where = ".".join(str(x) for x in err["loc"]) or "settings"
            typer.echo(f"error: {where}: {err['msg']}", err=True)
        raise typer.Exit(2) from None
    if workers > 1 and settings.backend != "postgres":
        typer.echo(
            "error: --workers needs PostgreSQL (PLANLOOP_DATABASE_URL=postgresql://...):"
            " one process owns a SQLite file",
            err=True,
        )
        raise typer.Exit(2)
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    cause = asyncio.run(_cannot_start(settings))
    if cause is not None:
        typer.echo(f"error: planloop cannot start: {cause}", err=True)
        raise typer.Exit(1)
    typer.echo(f"planloop on http://{settings.host}:{settings.port} ({settings.planner} planner)")
    if workers > 1:
        # Each worker process builds its own app from the same environment; they share
        # the database like replicas behind a load balancer.
        os.environ.update({f"PLANLOOP_{k.upper()}": str(v) for k, v in overrides.items()})
        uvicorn.run(
            "planloop.app:create_app",
            factory=True,
            workers=workers,
            host=settings.host,
            port=settings.port,
            log_level=log_level,
            timeout_graceful_shutdown=3,
            access_log=False,
            **_connection_options(settings),
        )
        return
    try:
        uvicorn.run(
            create_app(settings),
            host=settings.host,
            port=settings.port,
            log_level=log_level,
            timeout_graceful_shutdown=3,
            access_log=False,  # planloop.access logs requests without query strings
            **_connection_options(settings),
        )
    except SystemExit as exc:
        if exc.code:  # the start-up failed (uvicorn exits 3): exit now, whatever is left
            _exit_now(exc.code if isinstance(exc.code, int) else 1)
        raise


async def _cannot_start(settings: Settings) -> str | None:
    """Why the server cannot start (the store or the memory will not open), in one line;
    None when both open. Checked before uvicorn starts, which would print a traceback."""
    from planloop.errors import CannotOpen
    from planloop.runtime import running

    try:
        async with running(settings, execute=False):
            return None
    except CannotOpen as exc:
        return exc.message


def _exit_now(code: int) -> None:
    """Exit without waiting for threads: a part that failed half-way may have left one,
    and a supervisor must see the process end to restart it."""
    logging.shutdown()
    with contextlib.suppress(Exception):
        sys.stdout.flush()
        sys.stderr.flush()
    os._exit(code)


def _connection_options(settings: Settings) -> dict[str, Any]:
    from planloop.app import uvicorn_options

    return uvicorn_options(settings)


# -- the terminal client ------------------------------------------------------------------

SERVER = typer.Option(
    None,
    "--server",
    envvar="PLANLOOP_SERVER",
    help="URL of a planloop server [PLANLOOP_SERVER]; without it, runs embedded on the"
    " default store (PLANLOOP_DATABASE_URL)",
)
JSON = typer.Option(False, "--json", help="Print the raw event stream as JSON lines")
AUTO = typer.Option(False, "--auto-approve", help="Approve every checkpoint without asking")

Flow = Callable[[Watch], Awaitable[int]]


async def _session(server: str | None, view: View, flow: Flow, auto_approve: bool) -> int:
    """Run a flow with Ctrl-C meaning "detach": the run goes on without this process."""
    task = asyncio.current_task()
    loop = asyncio.get_running_loop()
    interrupted = False

    def on_sigint() -> None:
        nonlocal interrupted
        if not interrupted and task is not None:
            interrupted = True
            task.cancel()

    with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
        loop.add_signal_handler(signal.SIGINT, on_sigint)
    try:
        async with connect(server) as backend:
            watch = Watch(backend, view, LineReader(), auto_approve=auto_approve)
            try:
                return await flow(watch)
            except Detach:
                return detached(watch)
            except asyncio.CancelledError:
                if not interrupted or task is None:
                    raise
                task.uncancel()
                return detached(watch)
    except CliError as exc:
        view.close()
        echo_error(exc.message)
        return exc.exit_code
    except asyncio.CancelledError:
        if not interrupted or task is None:
            raise
        task.uncancel()
        return EXIT_DETACHED
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(signal.SIGINT)


def _run(server: str | None, as_json: bool, flow: Flow, auto_approve: bool = False) -> None:
    view: View = JsonView() if as_json else LiveView()
    raise typer.Exit(asyncio.run(_session(server, view, flow, auto_approve)))


def _usage(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)


@app.command()
def plan(
    goal: str = typer.Argument(..., metavar="GOAL", help="What you want to plan, in one sentence"),
    iterations: int = typer.Option(
        None, "--iterations", "-n", min=1, max=MAX_ITERATIONS, help="Iterations to run"
    ),
    checkpoint_every: int = typer.Option(
        None,
        "--checkpoint-every",
        "-c",
        min=1,
        max=MAX_ITERATIONS,
        help="Iterations between reviews",
    ),
    server: str = SERVER,
    as_json: bool = JSON,
    yes: bool = typer.Option(False, "--yes", "-y", help="Start without asking about the proposal"),
    auto_approve: bool = AUTO,
    no_memory: bool = typer.Option(
        False, "--no-memory", help="Plan from the goal alone: no memory notes ground it"
    ),
) -> None:
    """Propose an approach, ask to start, then watch the run and answer its checkpoints."""
    if not goal.strip():
        _usage("the goal must not be empty")

    async def flow(watch: Watch) -> int:
        return await cli_flow.plan(
            watch, goal.strip(), iterations, checkpoint_every, yes=yes, no_memory=no_memory
        )

    _run(server, as_json, flow, auto_approve)


@app.command()
def attach(
    run_id: str = typer.Argument(..., metavar="RUN_ID", help="The run to watch again"),
    server: str = SERVER,
    as_json: bool = JSON,
    after: int = typer.Option(
        None, "--after", min=0, help="Last event seen (default: where you detached, else 0)"
    ),
    auto_approve: bool = AUTO,
) -> None:
    """Resume the live view of a run (Last-Event-ID), answering its checkpoints."""

    async def flow(watch: Watch) -> int:
        return await cli_flow.attach(watch, run_id, after)

    _run(server, as_json, flow, auto_approve)


@app.command("runs")
def list_runs(
    server: str = SERVER,
    as_json: bool = JSON,
    limit: int = typer.Option(20, "--limit", min=1, max=500, help="How many, newest first"),
) -> None:
    """List this client's runs, newest first."""

    async def flow(watch: Watch) -> int:
        found = await cli_flow.runs(watch.backend, watch.view, limit, as_json=as_json)
        if not as_json:
            _table(found)
        return EXIT_OK

    _run(server, as_json, flow)


def _table(found: list[dict[str, Any]]) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console(highlight=False)
    if not found:
        console.print('No runs yet. Start one with: planloop plan "GOAL"')
        return
    table = Table("run", "status", "iteration", "goal", "updated", box=None)
    for run in found:
        goal = clean(run["goal"])
        goal = goal if len(goal) <= 50 else goal[:49] + "…"
        table.add_row(
            shown(run["run_id"]),
            shown(run["status"]),
            shown(f"{run['iteration']}/{run['max_iterations']}"),
            shown(goal),
            shown(str(run["updated_at"])[:19].replace("T", " ")),
        )
    console.print(table)


class DecisionChoice(StrEnum):
    approve = "approve"
    reject = "reject"


DECISION = typer.Argument(..., metavar="approve|reject", help="The decision")


@app.command()
def decide(
    run_id: str = typer.Argument(..., metavar="RUN_ID", help="The run"),
    checkpoint: int = typer.Argument(
        ..., min=1, max=MAX_ITERATIONS, metavar="N", help="The checkpoint number (1, 2, ...)"
    ),
    decision: DecisionChoice = DECISION,
    feedback: str = typer.Option("", "--feedback", "-f", help="Steers the next iterations"),
    server: str = SERVER,
    as_json: bool = JSON,
) -> None:
    """Decide a waiting checkpoint without the live view."""

    async def flow(watch: Watch) -> int:
        return await cli_flow.decide(
            watch.backend,
            watch.view,
            run_id,
            checkpoint,
            decision.value,
            feedback,
            as_json=as_json,
        )

    _run(server, as_json, flow)


@app.command("mcp")
def mcp_command(
    http: bool = typer.Option(
        False, "--http", help="Serve streamable HTTP at http://HOST:PORT/mcp instead of stdio"
    ),
    host: str = typer.Option("127.0.0.1", envvar="PLANLOOP_MCP_HOST", help="With --http"),
    port: int = typer.Option(
        9100, min=1, max=65535, envvar="PLANLOOP_MCP_PORT", help="With --http"
    ),
    owner: str = typer.Option(
        "default", envvar="PLANLOOP_MCP_OWNER", help="Runs started here belong to mcp:OWNER"
    ),
    log_level: str = typer.Option("warning", help="Log level (logs go to standard error)"),
) -> None:
    """Serve the memory graph and planning runs to MCP clients (embedded engine)."""
    from planloop.mcp.server import main as serve_mcp

    raise typer.Exit(serve_mcp(owner=owner, http=http, host=host, port=port, log_level=log_level))


def main() -> None:
    app(prog_name="planloop")


if __name__ == "__main__":  # pragma: no cover
    main()
