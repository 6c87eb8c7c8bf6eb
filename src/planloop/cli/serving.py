"""``planloop serve`` (the HTTP server) and ``planloop mcp`` (the MCP server)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import sys
from enum import StrEnum
from typing import Any

import typer
import uvicorn
from pydantic import ValidationError

from planloop.settings import Settings


class LogLevel(StrEnum):
    """A log level, in any case ("INFO", "info"); anything else is a usage error."""

    critical = "critical"
    error = "error"
    warning = "warning"
    info = "info"
    debug = "debug"


SERVE_LOG_LEVEL = typer.Option(LogLevel.info, case_sensitive=False, help="Log level")
MCP_LOG_LEVEL = typer.Option(
    LogLevel.warning, case_sensitive=False, help="Log level (logs go to standard error)"
)


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
    http2: bool = typer.Option(
        False,
        "--http2",
        envvar="PLANLOOP_HTTP2",
        help="HTTP/2 as well as HTTP/1.1 (granian): many streams share a connection",
    ),
    tls_cert: str = typer.Option(None, help="With --http2: TLS certificate file (PEM)"),
    tls_key: str = typer.Option(None, help="With --http2: its key (PEM, PKCS#8)"),
    log_level: LogLevel = SERVE_LOG_LEVEL,
) -> None:
    """Start the server (SQLite and the offline planner by default)."""
    from planloop.app import create_app, open_files_for
    from planloop.cli.http2 import TlsFiles, export, port_taken, refusal, serve_http2

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
    if tls_cert is not None and "PLANLOOP_SECURE_COOKIES" not in os.environ:
        overrides["secure_cookies"] = True  # served over TLS only: the cookie says so
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
    try:
        tls = TlsFiles(tls_cert, tls_key)
    except ValueError as exc:
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(2) from None
    if tls.on and not http2:
        typer.echo("error: --tls-cert and --tls-key need --http2", err=True)
        raise typer.Exit(2)
    if http2 and (why := refusal(settings)) is not None:
        typer.echo(f"error: {why}", err=True)
        raise typer.Exit(2)
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    if http2 and (taken := port_taken(settings.host, settings.port)) is not None:
        typer.echo(f"error: planloop cannot start: {taken}", err=True)
        raise typer.Exit(1)
    cause = asyncio.run(_cannot_start(settings))
    if cause is not None:
        typer.echo(f"error: planloop cannot start: {cause}", err=True)
        raise typer.Exit(1)
    scheme = "https" if tls.on else "http"
    served = f"{scheme}://{settings.host}:{settings.port}"
    typer.echo(f"planloop on {served} ({settings.planner} planner{', HTTP/2' if http2 else ''})")
    if (note := open_files_for(settings)) is not None:
        typer.echo(f"note: {note}", err=True)
    if http2:
        export(overrides)
        serve_http2(settings, workers=workers, tls=tls, log_level=log_level.value)
        return
    if workers > 1:
        # Each worker process builds its own app from the same environment; they share
        # the database like replicas behind a load balancer.
        export(overrides)
        uvicorn.run(
            "planloop.app:create_app",
            factory=True,
            workers=workers,
            host=settings.host,
            port=settings.port,
            log_level=log_level.value,
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
            log_level=log_level.value,
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
    log_level: LogLevel = MCP_LOG_LEVEL,
) -> None:
    """Serve the memory graph and planning runs to MCP clients (embedded engine)."""
    from planloop.mcp.server import main as serve_mcp

    raise typer.Exit(
        serve_mcp(owner=owner, http=http, host=host, port=port, log_level=log_level.value)
    )


def serving_cli(app: typer.Typer) -> None:
    app.command()(serve)
    app.command("mcp")(mcp_command)
