"""The command line: ``planloop serve`` (more commands join it as they are built)."""

from __future__ import annotations

import logging
from typing import Any

import typer
import uvicorn
from pydantic import ValidationError

from planloop.settings import Settings

app = typer.Typer(help="planloop: plan in iterations, with a person at every checkpoint.")


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
    logging.basicConfig(level=log_level.upper(), format="%(levelname)s %(name)s: %(message)s")
    typer.echo(f"planloop on http://{settings.host}:{settings.port} ({settings.planner} planner)")
    uvicorn.run(
        create_app(settings),
        host=settings.host,
        port=settings.port,
        log_level=log_level,
        timeout_graceful_shutdown=3,
    )


def main() -> None:
    app()
