"""Plan entities in the folder: ``entities/plan_<slug>_<run>.md``, one per run, linked from
user.md (the naming and content rules both backends share: :mod:`..plan_entity`)."""

from __future__ import annotations

import contextlib
import logging
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Protocol

from planloop.memory import files, notes, plan_entity
from planloop.memory.base import EntitySummary
from planloop.memory.names import EntityNotFound, InvalidEntityName

log = logging.getLogger(__name__)
_WORD = re.compile(r"[^\W_]")


class _Written(Protocol):
    def written(self, name: str) -> str | None: ...

    def containing(self, words: str) -> list[str]: ...


class PlanFolder(Protocol):
    """What saving a plan needs of the folder (:class:`~.vault.Vault`)."""

    @property
    def index(self) -> _Written: ...

    def locked(self) -> contextlib.AbstractContextManager[None]: ...

    def exists(self, name: str) -> bool: ...

    def read(self, name: str) -> str: ...

    def list_entities(self, kind: str | None = None) -> list[EntitySummary]: ...

    def ensure_synced(self) -> None: ...

    def file_for(self, name: str) -> Path: ...

    def reindex(self, name: str, path: Path, data: bytes) -> None: ...

    def link_from_user(self, name: str) -> None: ...


def save_plan(
    folder: PlanFolder,
    *,
    run_id: str,
    goal: str,
    plan: str,
    facts: Mapping[str, str],
    links: Sequence[str] = (),
) -> str:
    """See :meth:`planloop.memory.folder.vault.Vault.save_plan`."""
    base = plan_entity.base_name(run_id, goal, links)
    with folder.locked():
        name = _name_for_run(folder, base, notes.one_line(run_id))
        linked = [n for n in dict.fromkeys(links) if n != name and folder.exists(n)]
        content = plan_entity.content(run_id, goal, plan, facts, linked).encode()
        path = folder.file_for(name)

        def edit(current: bytes | None) -> bytes | None:
            if current is None or current == content:
                return content
            if files.version_of(current) != folder.index.written(name):
                # A person edited the note since planloop wrote it: theirs is kept.
                log.warning(
                    "kept the plan note of run %s as it is: edited since planloop wrote it", run_id
                )
                return None
            return content

        written = files.rewrite(path, edit)
        if written is not None:
            folder.reindex(name, path, written)
        folder.link_from_user(name)
    return name


def find_by_run(folder: PlanFolder, run_id: str) -> str | None:
    """The plan entity saved for ``run_id`` (by its ``- run_id:`` fact), if any."""
    wanted = notes.one_line(run_id)
    if not wanted:
        return None
    tag = f"_{notes.run_tag(run_id)}"
    if _WORD.search(wanted):
        # Only the notes whose text holds the run id can be its plan: the index names them,
        # so saving a plan reads one or two notes, not every plan saved before it.
        folder.ensure_synced()
        candidates = folder.index.containing(wanted)
    else:  # nothing the index could look up
        candidates = [e.name for e in folder.list_entities()]
    names = sorted(
        (name for name in candidates if name.startswith("plan_")),
        key=lambda name: (tag not in name, name),  # likely candidates first
    )
    for name in names:
        if _run_of(folder, name) == wanted:
            return name
    return None


def _run_of(folder: PlanFolder, name: str) -> str | None:
    try:
        return notes.parse_facts(folder.read(name)).get("run_id")
    except (EntityNotFound, InvalidEntityName):
        return None


def _name_for_run(folder: PlanFolder, base: str, run_id: str) -> str:
    """The entity name for this run: ``base`` when it is this run's, else the run's existing
    entity, else the first free name."""
    if folder.exists(base) and _run_of(folder, base) == run_id:
        return base
    return find_by_run(folder, run_id) or plan_entity.free_name(
        base, run_id, lambda name: not folder.exists(name)
    )
