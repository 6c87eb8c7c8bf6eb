"""``planloop show``: a run's plan on the terminal, or as a file in any export format."""

from __future__ import annotations

import os
import sys
import tempfile
from enum import StrEnum
from pathlib import Path

import typer

from planloop.cli.client import EXIT_OK, EXIT_USAGE, CliError
from planloop.cli.flow import Watch, whole_run_id
from planloop.cli.session import PLAN_JSON, SERVER, _run, _usage
from planloop.cli.terminal import clean
from planloop.domain import MAX_ITERATIONS


class FormatChoice(StrEnum):
    md = "md"
    json = "json"
    ics = "ics"
    csv = "csv"
    html = "html"


# A file's extension says its format when --format does not (``-o plan.ics``).
BY_SUFFIX = {
    ".md": FormatChoice.md,
    ".markdown": FormatChoice.md,
    ".json": FormatChoice.json,
    ".ics": FormatChoice.ics,
    ".csv": FormatChoice.csv,
    ".html": FormatChoice.html,
    ".htm": FormatChoice.html,
}
FORMAT = typer.Option(
    None,
    "--format",
    "-f",
    help="md, json, ics (calendar), csv or html; by default the -o file's extension says"
    " it, else md",
    show_default=False,
)
ITERATION = typer.Option(
    None, "--iteration", "-i", min=1, max=MAX_ITERATIONS, help="The plan after it"
)
OUTPUT = typer.Option(
    None, "--output", "-o", help="Write to this file (or into this folder, named after the goal)"
)


def show_cli(app: typer.Typer) -> None:
    @app.command()
    def show(
        run_id: str = typer.Argument(
            ..., metavar="RUN_ID", help="The run (its id, or its first characters)"
        ),
        fmt: FormatChoice | None = FORMAT,
        iteration: int = ITERATION,
        output_said: str | None = OUTPUT,
        server: str = SERVER,
        as_json: bool = PLAN_JSON,
    ) -> None:
        """Show a run's plan (the latest, or after --iteration), or save it with -o as
        Markdown, JSON, an iCalendar file of its milestones, CSV tasks or a printable page.
        A plan that is not a completed run's final plan says it is partial."""

        output = Path(output_said) if output_said else None
        folder = output is not None and output.is_dir()
        if output_said and output_said.endswith(("/", os.sep)) and not folder:
            # "-o reports/" asks for a folder: a file named "reports" is not what was asked
            # (found by a new user's trial)
            _usage(f"cannot write into {output_said}: no such folder (create it first)")
        if as_json:
            # the plan as JSON, as -f json (a trial: --json was said to print "the raw event
            # stream" and printed Markdown)
            if fmt not in (None, FormatChoice.json):
                _usage(f"--json prints the plan as JSON: it cannot be --format {fmt.value} too")
            fmt = FormatChoice.json
        fmt = format_for(fmt, None if output is None or folder else output, as_json=as_json)

        async def flow(watch: Watch) -> int:
            whole = await whole_run_id(watch.backend, run_id)
            content, name = await watch.backend.export(whole, fmt.value, iteration)
            if output is not None:
                written = save(content, output / name if folder else output)
                typer.echo(f"wrote {clean(str(written))}", err=True)
            elif fmt is FormatChoice.md and sys.stdout.isatty():
                from rich.console import Console
                from rich.markdown import Markdown

                Console().print(Markdown(clean(content), hyperlinks=False))
            elif sys.stdout.isatty():
                typer.echo(clean(content), nl=False)
            else:
                sys.stdout.write(content)  # piped: the file's exact text
                sys.stdout.flush()
            return EXIT_OK

        _run(server, as_json, flow, execute=False)  # reads only: beside a server too


def format_for(
    fmt: FormatChoice | None, path: Path | None, *, as_json: bool = False
) -> FormatChoice:
    """The format asked for, else the one ``path``'s extension names, else Markdown; a
    file named for one format and asked for in another is refused (nothing written)."""
    named = BY_SUFFIX.get(path.suffix.lower()) if path is not None else None
    if fmt is not None and named is not None and named is not fmt:
        asked = "--json asks for JSON" if as_json else f"--format is {fmt.value}"
        raise typer.BadParameter(
            f"{path} is named as a .{named.value} file but {asked}: change one of them",
            param_hint="'--json'" if as_json else "'--format'",
        )
    if fmt is None and named is None and path is not None and path.suffix not in ("", ".txt"):
        # "-o plan.docx" had written Markdown into a file named .docx (found as a user)
        raise typer.BadParameter(
            f"{path}: planloop does not write {path.suffix} files; name it .md, .json, .ics,"
            " .csv or .html, or say the format with --format",
            param_hint="'--output'",
        )
    return fmt or named or FormatChoice.md


def save(content: str, path: Path) -> Path:
    """Write ``content`` to ``path`` whole or not at all (a temporary file, then a rename)."""
    folder = path.parent
    if not folder.is_dir():
        raise CliError(f"cannot write {path}: {folder} is not a folder", EXIT_USAGE)
    fd, temporary = tempfile.mkstemp(dir=folder, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
            f.write(content)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise CliError(f"cannot write {path}: {exc.strerror or exc}", EXIT_USAGE) from None
    return path
