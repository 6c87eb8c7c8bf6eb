"""``planloop memory export|import FILE``: the graph as the reference server's JSON lines.

:func:`memory_cli` adds the ``memory`` command group to the main Typer app (one line there).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from planloop.errors import PlanloopError
from planloop.memory.interchange import export_jsonl, import_jsonl
from planloop.memory.vault import Vault

VaultOption = Annotated[
    Path | None,
    typer.Option("--vault", help="Memory folder [PLANLOOP_MEMORY_DIR, default ./memory]"),
]


def _vault(folder: Path | None) -> Vault:
    if folder is None:
        from planloop.settings import Settings

        try:
            folder = Path(Settings().memory_dir)
        except ValidationError as exc:
            typer.echo(f"error: settings: {exc.errors()[0]['msg']}", err=True)
            raise typer.Exit(2) from None
    return Vault(folder)


def memory_cli(app: typer.Typer) -> None:
    """Register the ``memory`` sub-commands (export, import) on ``app``."""
    memory = typer.Typer(
        help="The memory folder as a knowledge graph: export and import JSON lines.",
        no_args_is_help=True,
    )

    @memory.command("export")
    def export_command(
        file: str = typer.Argument(..., help="JSON-lines file to write ('-': standard output)"),
        vault: VaultOption = None,
    ) -> None:
        """Write every entity and relation of the memory folder as JSON lines."""
        v = _vault(vault)
        try:
            count = export_jsonl(v, file)
        except (PlanloopError, OSError) as exc:
            typer.echo(f"error: {getattr(exc, 'message', exc)}", err=True)
            raise typer.Exit(1) from None
        finally:
            v.close()
        if file != "-":
            typer.echo(f"exported {count} lines from {v.root} to {file}")

    @memory.command("import")
    def import_command(
        file: str = typer.Argument(..., help="JSON-lines file to read ('-': standard input)"),
        vault: VaultOption = None,
    ) -> None:
        """Merge a JSON-lines graph into the memory folder (all of it, or nothing on error)."""
        v = _vault(vault)
        try:
            report = import_jsonl(v, file)
        except (PlanloopError, OSError) as exc:
            typer.echo(f"error: {getattr(exc, 'message', exc)}; nothing was imported", err=True)
            raise typer.Exit(1) from None
        finally:
            v.close()
        typer.echo(
            f"imported into {v.root}: {len(report.entities_created)} entities created,"
            f" {len(report.entities_updated)} updated, {report.observations_added} observations"
            f" and {report.relations_added} relations added"
        )

    app.add_typer(memory, name="memory")
