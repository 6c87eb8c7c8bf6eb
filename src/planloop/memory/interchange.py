"""The reference MCP memory server's JSON-lines format, in and out of a memory.

One JSON object per line::

    {"type":"entity","name":"Ana","entityType":"person","observations":["Bakes sourdough"]}
    {"type":"relation","from":"Ana","to":"Alfama bakery","relationType":"works_at"}

:func:`export_jsonl` writes the vault's graph (entities, then relations between existing
entities, sorted). :func:`import_jsonl` merges a file into a vault: new entities become notes,
existing ones gain the observations and relations they lack. The whole file is checked before
anything is written — a malformed line, a bad name, a type that disagrees with an existing
note or a relation to an entity that is neither in the vault nor in the file is an error that
names its line, and nothing changes. A write that fails halfway is rolled back.
"""

from __future__ import annotations

import contextlib
import json
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from planloop.errors import InvalidInput
from planloop.memory import files, markup
from planloop.memory.base import Memory
from planloop.memory.folder.vault import Vault
from planloop.memory.graph import MemoryGraph, clean_entity, clean_relation

MAX_LINE = 1_000_000


class InterchangeError(InvalidInput):
    """A JSON-lines file that cannot be imported; the message names the line."""

    code = "invalid_memory_file"

    def __init__(self, line: int, message: str) -> None:
        super().__init__(f"line {line}: {message}")
        self.line = line


@dataclass
class ImportReport:
    entities_created: list[str] = field(default_factory=list)
    entities_updated: list[str] = field(default_factory=list)
    observations_added: int = 0
    relations_added: int = 0


@dataclass
class _Entity:
    line: int
    kind: str
    observations: list[str] = field(default_factory=list)
    relations: list[markup.Relation] = field(default_factory=list)


def _dump(obj: dict[str, Any]) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def export_lines(vault: Memory) -> Iterator[str]:
    """The vault's graph as JSON lines (without line endings)."""
    graph = MemoryGraph(vault).read_graph()
    for e in graph["entities"]:
        yield _dump({"type": "entity", **e})
    for r in graph["relations"]:
        yield _dump({"type": "relation", **r})


def export_jsonl(vault: Memory, file: str | Path | IO[str]) -> int:
    """Write the vault's graph to ``file`` (a path, ``-`` for stdout, or a text stream)."""
    return write_jsonl(list(export_lines(vault)), file)


def write_jsonl(lines: list[str], file: str | Path | IO[str]) -> int:
    """Write ``lines`` (:func:`export_lines`) to ``file`` as :func:`export_jsonl` does: a
    path whole or not at all, ``-`` for stdout, or a text stream. The number of lines."""
    text = "".join(f"{line}\n" for line in lines)
    if isinstance(file, str | Path) and str(file) != "-":
        files.atomic_write(Path(file), text.encode("utf-8"))
    else:
        stream = sys.stdout if isinstance(file, str | Path) else file
        stream.write(text)
        stream.flush()
    return len(lines)


def _read_lines(file: str | Path | IO[str]) -> list[str]:
    """The file's lines (``\n`` or ``\r\n``); bytes that are not UTF-8 name their line."""
    if not isinstance(file, str | Path):
        return [line.removesuffix("\r") for line in file.read().split("\n")]
    data = sys.stdin.buffer.read() if str(file) == "-" else Path(file).read_bytes()
    lines = []
    for number, raw in enumerate(data.split(b"\n"), 1):
        try:
            lines.append(raw.decode("utf-8").removesuffix("\r"))
        except UnicodeDecodeError:
            raise InterchangeError(number, "not UTF-8 text") from None
    return lines


def _parse(lines: list[str]) -> tuple[dict[str, _Entity], list[tuple[int, str, str, str]]]:
    entities: dict[str, _Entity] = {}
    relations: list[tuple[int, str, str, str]] = []
    for number, raw in enumerate(lines, 1):
        if not raw.strip():
            continue
        if len(raw) > MAX_LINE:
            raise InterchangeError(number, f"longer than {MAX_LINE} characters")
        try:
            _read_line(raw, entities, relations, number)
        except RecursionError:  # JSON nested thousands deep: json and repr recurse
            raise InterchangeError(number, "nested too deeply") from None
    return entities, relations


def _read_line(
    raw: str,
    entities: dict[str, _Entity],
    relations: list[tuple[int, str, str, str]],
    number: int,
) -> None:
    """Add line ``number``'s entity or relation; every failure is an InterchangeError."""
    try:
        obj = json.loads(raw)
    except json.JSONDecodeError as exc:
        raise InterchangeError(number, f"not valid JSON ({exc.msg})") from None
    except ValueError:  # a number of thousands of digits (int_max_str_digits)
        raise InterchangeError(number, "not valid JSON (a number too long to read)") from None
    if not isinstance(obj, dict) or obj.get("type") not in ("entity", "relation"):
        raise InterchangeError(number, 'expected an object with "type": entity or relation')
    try:
        if obj["type"] == "entity":
            name, kind, observations = clean_entity(obj, "entity")
            entry = entities.setdefault(name, _Entity(number, kind))
            if entry.kind != kind:
                raise InvalidInput(
                    f"entity {name!r} has type {kind!r} here and {entry.kind!r}"
                    f" on line {entry.line}"
                )
            entry.observations = list(dict.fromkeys([*entry.observations, *observations]))
        else:
            source, target, kind = clean_relation(obj, "relation")
            relations.append((number, source, target, kind))
    except InvalidInput as exc:
        raise InterchangeError(number, exc.message) from None


def _check(
    vault: Memory, entities: dict[str, _Entity], relations: list[tuple[int, str, str, str]]
) -> dict[str, str]:
    """Refuse what cannot be merged; return the existing entities' types by name."""
    existing = {e.name: e.kind for e in vault.list_entities()}
    for name, entry in entities.items():
        if name in existing and existing[name] != entry.kind:
            raise InterchangeError(
                entry.line,
                f"entity {name!r} exists with type {existing[name]!r}, not {entry.kind!r}",
            )
    for number, source, target, kind in relations:
        for end, name in (("from", source), ("to", target)):
            if name not in entities and name not in existing:
                raise InterchangeError(
                    number, f"relation {end} missing entity {name!r} (not in the vault or file)"
                )
        entities.setdefault(source, _Entity(number, existing.get(source, "note")))
        entities[source].relations.append((kind, target))
    return existing


def import_jsonl(vault: Memory, file: str | Path | IO[str]) -> ImportReport:
    """Merge a JSON-lines graph into the memory: all of it, or (on any error) nothing."""
    entities, relations = _parse(_read_lines(file))
    report = ImportReport()
    with _all_or_nothing(vault) as before_write:
        existing = _check(vault, entities, relations)
        for name, entry in entities.items():
            rels = list(dict.fromkeys(entry.relations))
            before_write(name, name not in existing)
            if name not in existing:
                text = markup.render_entity(name, entry.kind, entry.observations, rels)
                vault.create(name, text)
                report.entities_created.append(name)
                report.observations_added += len(entry.observations)
                report.relations_added += len(rels)
                continue
            added: dict[str, int] = {}

            def change(
                text: str,
                entry: _Entity = entry,
                rels: list[markup.Relation] = rels,
                added: dict[str, int] = added,
            ) -> str:
                text, new_obs = markup.add_observations(text, entry.observations)
                text, new_rels = markup.add_relations(text, rels)
                added.update(observations=len(new_obs), relations=len(new_rels))
                return text

            if vault.edit(name, change):
                report.entities_updated.append(name)
                report.observations_added += added.get("observations", 0)
                report.relations_added += added.get("relations", 0)
    return report


@contextlib.contextmanager
def _all_or_nothing(memory: Memory) -> Iterator[Callable[[str, bool], None]]:
    """Undo every write of the block if it raises. In PostgreSQL that is one transaction;
    in a folder, each note is saved as it was before its first write (``before_write(name,
    new)``) and put back."""
    if not isinstance(memory, Vault):
        from planloop.memory.postgres.memory import PgMemory

        if not isinstance(memory, PgMemory):
            raise TypeError(f"cannot import into {type(memory).__name__}")
        with memory.transaction():
            yield lambda name, new: None
        return
    snapshot: dict[Path, bytes | None] = {}

    def before_write(name: str, new: bool) -> None:
        if not snapshot:
            snapshot[memory.user_file] = files.read_bytes(memory.user_file)
        if new:
            snapshot.setdefault(memory.entities_dir / f"{name}.md", None)
        elif (path := memory.path(name)) is not None:
            snapshot.setdefault(path, files.read_bytes(path))

    try:
        yield before_write
    except BaseException:
        _restore(memory, snapshot)
        raise


def _restore(vault: Vault, snapshot: dict[Path, bytes | None]) -> None:
    """Put every file an import touched back as it was (best effort, then re-index)."""
    for path, data in snapshot.items():
        with contextlib.suppress(OSError):
            if data is None:
                path.unlink(missing_ok=True)
            elif files.read_bytes(path) != data:
                files.atomic_write(path, data)
    with contextlib.suppress(Exception):
        vault.sync()


__all__ = ["ImportReport", "InterchangeError", "export_jsonl", "import_jsonl"]
