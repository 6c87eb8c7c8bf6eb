"""Running a client command: a backend, a view, and Ctrl-C meaning "detach" (the run goes
on without this process); the options every client command shares."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Awaitable, Callable

import typer

from planloop.cli.answers import LineReader
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
JSON = typer.Option(False, "--json", help="Print the raw event stream as JSON lines")
AUTO = typer.Option(False, "--auto-approve", help="Approve every checkpoint without asking")

Flow = Callable[[Watch], Awaitable[int]]


async def _session(
    server: str | None, view: View, flow: Flow, auto_approve: bool, execute: bool = True
) -> int:
    """Run a flow with Ctrl-C meaning "detach": the run goes on without this process.
    Without ``execute`` (a command that only reads) an embedded engine drives no runs, so
    it runs beside a server on the same SQLite file (store/sqlite_owner.py)."""
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
        async with connect(server, execute=execute) as backend:
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


def _run(
    server: str | None,
    as_json: bool,
    flow: Flow,
    auto_approve: bool = False,
    *,
    execute: bool = True,
) -> None:
    view: View = JsonView() if as_json else LiveView()
    raise typer.Exit(asyncio.run(_session(server, view, flow, auto_approve, execute)))


def _usage(message: str) -> None:
    typer.echo(f"error: {message}", err=True)
    raise typer.Exit(EXIT_USAGE)
