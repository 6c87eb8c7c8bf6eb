"""``planloop memory list|export|import``: the notes by title, JSON lines, a synced folder.

* ``list`` — every note, one a line: its title (a plan's goal, never its slug), its type and
  its name (``--json``: one JSON object a line);
* ``export FILE`` / ``import FILE`` — the graph as the reference server's JSON lines, from or
  into the memory: the folder ``--vault DIR`` when given, else the configured memory (the
  database with ``PLANLOOP_DATABASE_URL=postgresql://…``, else ``PLANLOOP_MEMORY_DIR``);
* ``export --vault DIR`` / ``import --vault DIR`` (no FILE; PostgreSQL) — write the database's
  notes into the folder DIR, or bring DIR's changes into the database
  (:mod:`planloop.memory.postgres.folder_sync`; ``--overwrite`` lets that side win conflicts).

:func:`memory_cli` adds the ``memory`` command group to the main Typer app (one line there).
"""

from __future__ import annotations

import contextlib
import errno
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated

import typer
from pydantic import ValidationError

from planloop.cli.terminal import clean, echo_error, json_line
from planloop.errors import CannotOpen, InvalidInput, PlanloopError
from planloop.memory import is_memory_folder, memory_folder
from planloop.memory.base import Memory
from planloop.memory.folder.vault import Vault
from planloop.memory.interchange import export_lines, import_jsonl, write_jsonl
from planloop.runtime import open_memory_alone
from planloop.settings import Settings

VaultOption = Annotated[
    Path | None,
    typer.Option(
        "--vault",
        help="A memory folder. With FILE: read or write that folder instead of the configured"
        " memory. Without FILE (PostgreSQL): the folder to sync with the database.",
    ),
]
FileArgument = Annotated[
    str | None,
    typer.Argument(help="JSON-lines file ('-': standard output / input); omit with --vault"),
]
OverwriteOption = Annotated[
    bool,
    typer.Option(
        "--overwrite",
        help="With --vault and no FILE: where a note changed on both sides, this side wins",
    ),
]


def _fail(message: str, code: int = 1) -> typer.Exit:
    echo_error(message)  # names and lines from the file being imported: cleaned
    return typer.Exit(code)


def _settings() -> Settings:
    try:
        return Settings()
    except ValidationError as exc:
        raise _fail(f"settings: {exc.errors()[0]['msg']}", 2) from None


@contextlib.contextmanager
def _memory(folder: Path | None, *, new: bool = False) -> Iterator[tuple[Memory, str]]:
    """The memory FILE is exported from / imported into, and how to name it. A folder
    read must exist (a typo made a new, empty memory); one imported into may be ``new``."""
    if folder is not None:
        _check_folder(folder, must_exist=not new)
        if not new and not is_memory_folder(folder):
            # a folder that is there but holds no memory: reading it had made one in it
            # (user.md, entities/) and listed "0 note(s)" (a trial's mistyped path)
            raise _fail(
                f"--vault {folder}: no planloop memory there (no entities/ folder in it);"
                " check the path",
                2,
            )
        memory: Memory = Vault(folder)
    else:
        settings = _settings()
        configured = memory_folder(settings, settings.memory_space)
        if configured is not None and not new and not is_memory_folder(configured):
            # read from another folder, the memory is not there: say so, create nothing (a
            # new user's trial: "0 note(s)" and an empty ./memory made where it was run)
            named = "PLANLOOP_MEMORY_SPACE" if settings.memory_space else "PLANLOOP_MEMORY_DIR"
            raise _fail(
                f"no memory at {configured.resolve()} ({named}): run this where the server"
                " runs, or set PLANLOOP_MEMORY_DIR or --vault",
                2,
            )
        try:
            memory = open_memory_alone(settings)
        except CannotOpen as exc:
            raise _fail(exc.message) from None
    where = str(memory.root) if isinstance(memory, Vault) else "the database"
    try:
        yield memory, where
    finally:
        memory.close()


def _check_destination(path: Path) -> None:
    """The file an export writes: a path whose folder is there and that is not a folder
    (a trial's export to a folder that was not there printed "[Errno 2] ...", exit 1)."""
    if path.is_dir():
        raise _fail(f"cannot write {path}: it is a folder; name a file in it", 2)
    if not path.parent.is_dir():
        raise _fail(f"cannot write {path}: no such folder {path.parent} (create it first)", 2)


def _said(exc: BaseException) -> str:
    """An error in words: a planloop error's message, an OSError's reason with no errno."""
    if isinstance(exc, PlanloopError):
        return exc.message
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror[0].lower() + exc.strerror[1:]
    return str(exc)


def _check_folder(folder: Path, *, must_exist: bool) -> None:
    if folder.exists() and not folder.is_dir():
        raise _fail(f"--vault {folder}: not a folder", 2)
    if must_exist and not folder.exists():
        raise _fail(f"--vault {folder}: no such folder (check the path, or create it first)", 2)


def _database(folder: Path, verb: str) -> Memory:
    settings = _settings()
    if settings.backend != "postgres":
        raise _fail(
            f"{verb} --vault DIR without FILE syncs a folder with the memory in PostgreSQL"
            " (PLANLOOP_DATABASE_URL=postgresql://...); with SQLite the memory is the folder"
            f" PLANLOOP_MEMORY_DIR itself. To {verb} JSON lines, give a FILE",
            2,
        )
    try:
        return open_memory_alone(settings)
    except CannotOpen as exc:
        raise _fail(exc.message) from None


def _sync(folder: Path, *, export: bool, overwrite: bool) -> None:
    from planloop.memory.postgres.folder_sync import export_folder, import_folder
    from planloop.memory.postgres.memory import PgMemory

    verb = "export" if export else "import"
    memory = _database(folder, verb)
    assert isinstance(memory, PgMemory)
    try:
        _check_folder(folder, must_exist=not export)  # an export may make its folder
        sync = export_folder if export else import_folder
        report = sync(memory, folder, overwrite=overwrite)
    except (PlanloopError, OSError) as exc:
        message = getattr(exc, "message", str(exc))
        if not export and getattr(exc, "code", "") != "memory_sync_state":
            message += "; nothing was imported"  # one transaction: it rolled back
        raise _fail(message) from None
    finally:
        memory.close()
    moved = f"the database to {folder}" if export else f"{folder} into the database"
    there = "in the folder" if export else "in the database"
    typer.echo(
        f"{verb}ed {moved}: {len(report.written)} notes written, {len(report.deleted)}"
        f" deleted, {report.unchanged} the same, {len(report.kept)} changed only {there}"
        " (kept)" + (", user.md written" if report.user_md else "")
    )


def memory_cli(app: typer.Typer) -> None:
    """Register the ``memory`` sub-commands (export, import) on ``app``."""
    memory = typer.Typer(
        help="The memory as a knowledge graph: JSON lines in and out; a folder synced with"
        " the database (PostgreSQL).",
        no_args_is_help=True,
    )

    @memory.command("export")
    def export_command(
        file: FileArgument = None, vault: VaultOption = None, overwrite: OverwriteOption = False
    ) -> None:
        """Write every entity and relation as JSON lines to FILE; or, with --vault DIR and no
        FILE, write the database's notes into the folder DIR."""
        if file is None:
            if vault is None:
                raise _fail("give a FILE for JSON lines, or --vault DIR to sync a folder", 2)
            _sync(vault, export=True, overwrite=overwrite)
            return
        if file != "-":
            _check_destination(Path(file))  # before reading: nothing is read in vain
        with _memory(vault) as (v, where):
            try:
                lines = list(export_lines(v))
            except (PlanloopError, OSError) as exc:
                raise _fail(f"cannot read {where}: {_said(exc)}") from None
        try:
            count = write_jsonl(lines, file)
        except OSError as exc:  # a path that cannot be written: usage; a full disk: failed
            code = 1 if exc.errno in (errno.ENOSPC, errno.EDQUOT) else 2
            raise _fail(f"cannot write {file}: {_said(exc)}; nothing was exported", code) from None
        if file != "-":
            typer.echo(f"exported {count} lines from {where} to {file}")

    @memory.command("import")
    def import_command(
        file: FileArgument = None, vault: VaultOption = None, overwrite: OverwriteOption = False
    ) -> None:
        """Merge a JSON-lines graph from FILE into the memory (all of it, or nothing on error);
        or, with --vault DIR and no FILE, bring the folder DIR's changes into the database."""
        if file is None:
            if vault is None:
                raise _fail("give a FILE for JSON lines, or --vault DIR to sync a folder", 2)
            _sync(vault, export=False, overwrite=overwrite)
            return
        named = "standard input" if file == "-" else file
        if file != "-" and Path(file).is_dir():
            raise _fail(f"{file} is a folder, not a file; nothing was imported", 2)
        if file != "-" and not Path(file).is_file():  # a usage error, as every other (a user's)
            raise _fail(f"{file}: no such file; nothing was imported", 2)
        with _memory(vault, new=True) as (v, where):
            try:
                report = import_jsonl(v, file)
            except InvalidInput as exc:  # what the file holds: bad input, as a missing file
                raise _fail(f"{named}: {exc.message}; nothing was imported", 2) from None
            except OSError as exc:
                if exc.filename is not None and Path(exc.filename) == Path(file):
                    message = f"cannot read {file}: {_said(exc)}; nothing was imported"
                    raise _fail(message, 2) from None
                raise _fail(f"{_said(exc)}; nothing was imported into {where}") from None
            except PlanloopError as exc:  # the memory could not take it: failed
                raise _fail(f"{exc.message}; nothing was imported into {where}") from None
        typer.echo(
            f"imported into {where}: {len(report.entities_created)} entities created,"
            f" {len(report.entities_updated)} updated, {report.observations_added} observations"
            f" and {report.relations_added} relations added"
        )

    @memory.command("list")
    def list_command(
        vault: Annotated[
            Path | None, typer.Option("--vault", help="A memory folder instead of the configured")
        ] = None,
        kind: Annotated[str | None, typer.Option("--type", help="Only notes of this type")] = None,
        as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line")] = False,
    ) -> None:
        """List the notes: title (a plan's goal), type and name, sorted by name."""
        with _memory(vault) as (v, where):
            try:
                found = v.list_entities(kind)
                # a type mistyped, or one this memory lacks, is said (a new user's trial)
                kinds = {e.kind for e in v.list_entities(None)} if kind and not found else set()
            except (PlanloopError, OSError) as exc:
                raise _fail(f"{getattr(exc, 'message', exc)}") from None
        for e in found:
            row = {"name": e.name, "title": e.title, "type": e.kind, "description": e.description}
            if as_json:
                typer.echo(json_line(row))
            else:
                typer.echo(clean(f"{e.title}  ({e.kind}: {e.name})").replace("\n", " "))
        if not as_json:
            typer.echo(f"{len(found)} note(s) in {clean(where)}", err=True)
        if kind and not found:
            there = ", ".join(sorted(kinds)) if kinds else "none: the memory is empty"
            typer.echo(clean(f"no note has the type {kind!r}; the types here: {there}"), err=True)

    app.add_typer(memory, name="memory")
