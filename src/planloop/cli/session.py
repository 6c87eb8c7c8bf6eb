"""Running a client command: a backend, a view, and Ctrl-C meaning "detach" (the run goes
on without this process); the options every client command shares."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
from collections.abc import Awaitable, Callable

import typer

from planloop.cli.answers import LineReader
from planloop.cli.backend import TOKEN_ENV, session_file
from planloop.cli.client import EXIT_DETACHED, EXIT_USAGE, CliError, connect
from planloop.cli.flow import Detach, Watch, detached
from planloop.cli.jsonview import JsonView
from planloop.cli.terminal import echo_error
from planloop.cli.view import LiveView, View

SERVER = typer.Option(
    None,
    "--server",
    envvar="PLANLOOP_SERVER",
    help="URL of a planloop server [PLANLOOP_SERVER]; without it, runs embedded on the"
    " default store (PLANLOOP_DATABASE_URL)",
)
# --json: for scripts, on stdout, people's words on stderr. Each command says what it
# prints (a trial: every one said "the raw event stream", and show printed Markdown).
JSON = typer.Option(
    False, "--json", help="Print the run's events as JSON lines, as the API's stream sends them"
)
RUNS_JSON = typer.Option(
    False, "--json", help="Print each run as one JSON object a line (the API's run summary)"
)
DECISION_JSON = typer.Option(
    False,
    "--json",
    help="Print the decision's answer as one JSON object (run_id, checkpoint, decision,"
    " feedback, status, revision, already_recorded)",
)
FORK_JSON = typer.Option(
    False,
    "--json",
    help="Print the new run as one JSON object (run_id, parent_run_id, from_iteration,"
    " status), then its events as JSON lines",
)
PLAN_JSON = typer.Option(
    False,
    "--json",
    help="Print the plan as JSON: its sections, milestones, budget and checks"
    " (the same as --format json)",
)
AUTO = typer.Option(False, "--auto-approve", help="Approve every checkpoint without asking")

Flow = Callable[[Watch], Awaitable[int]]


async def _session(
    server: str | None,
    view: View,
    flow: Flow,
    auto_approve: bool,
    execute: bool = True,
    existing: bool = False,
) -> int:
    """Run a flow with Ctrl-C meaning "detach": the run goes on without this process.
    Without ``execute`` (a command that only reads) an embedded engine drives no runs, so
    it runs beside a server on the same SQLite file (store/sqlite_owner.py). With
    ``existing`` (a command on a run already there) it makes no database."""
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
        async with connect(server, execute=execute, existing=existing) as backend:
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
        echo_error(not_for_this_session(exc, server))
        return exc.exit_code
    except asyncio.CancelledError:
        if not interrupted or task is None:
            raise
        task.uncancel()
        return EXIT_DETACHED
    finally:
        with contextlib.suppress(NotImplementedError, RuntimeError, ValueError):
            loop.remove_signal_handler(signal.SIGINT)


def not_for_this_session(exc: CliError, server: str | None) -> str:
    """A run not found, said as what it is: not found *for this client's session*. Neither
    backend says whether a run belongs to someone else (a server must not tell), so the
    message says how a run started elsewhere is reached, whether or not it exists."""
    if exc.code != "not_found" or not exc.message.startswith("run "):
        return exc.message
    api = f"{server.rstrip('/')}/api/runs/RUN_ID" if server else "URL/api/runs/RUN_ID"
    who = (
        f"This terminal acts as the API token in {TOKEN_ENV}."
        if os.environ.get(TOKEN_ENV, "").strip()
        else f"This terminal's session is the token in {session_file()}."
    )
    return (
        f"{exc.message} for this session.\n"
        "Runs belong to the session or API token that started them, and planloop says the"
        f" same of another's run as of one that does not exist. {who}\n"
        "A run started in a browser or with curl and a cookie jar is reached here with that"
        " session: put its planloop_session cookie's value in a file and set"
        " PLANLOOP_CLI_SESSION_FILE to that file. A run started with an API token is reached"
        " with that token: set PLANLOOP_CLI_TOKEN to it (or over the API:"
        f' curl -H "Authorization: Bearer TOKEN" {api})'
    )


def _run(
    server: str | None,
    as_json: bool,
    flow: Flow,
    auto_approve: bool = False,
    *,
    execute: bool = True,
    existing: bool = False,
) -> None:
    view: View = JsonView() if as_json else LiveView()
    raise typer.Exit(asyncio.run(_session(server, view, flow, auto_approve, execute, existing)))


def _usage(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)
