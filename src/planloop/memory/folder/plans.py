"""Plan entities: ``entities/plan_<slug>_<run>.md``, one per run, linked from user.md."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from planloop.memory import files, notes
from planloop.memory.names import EntityNotFound, InvalidEntityName

if TYPE_CHECKING:
    from planloop.memory.vault import Vault

log = logging.getLogger(__name__)


def save_plan(
    vault: Vault,
    *,
    run_id: str,
    goal: str,
    plan: str,
    facts: Mapping[str, str],
    links: Sequence[str] = (),
) -> str:
    """See :meth:`planloop.memory.vault.Vault.save_plan`."""
    if isinstance(links, str):
        raise TypeError("links must be a sequence of entity names, not one string")
    tag = notes.run_tag(run_id)
    if not tag:
        raise InvalidEntityName(run_id, "a run_id needs letters or digits to name its plan")
    base = f"plan_{notes.slugify(goal)}_{tag}"
    with vault._locked():
        name = _name_for_run(vault, base, notes.one_line(run_id))
        linked = [n for n in dict.fromkeys(links) if n != name and vault.exists(n)]
        content = notes.render_plan(
            goal=goal, plan=plan, facts=notes.plan_facts(run_id, goal, facts), links=linked
        ).encode()
        path = vault._locate(name) or vault._entities_real / f"{name}.md"

        def edit(current: bytes | None) -> bytes | None:
            if current is None or current == content:
                return content
            if files.version_of(current) != vault.index.written(name):
                # A person edited the note since planloop wrote it: theirs is kept.
                log.warning("kept %s as it is: it was edited since planloop wrote it", name)
                return None
            return content

        written = files.rewrite(path, edit)
        if written is not None:
            vault._reindex(name, path, written)
        vault._link_from_user(name)
    return name


def find_by_run(vault: Vault, run_id: str) -> str | None:
    """The plan entity saved for ``run_id`` (by its ``- run_id:`` fact), if any."""
    wanted = notes.one_line(run_id)
    if not wanted:
        return None
    tag = f"_{notes.run_tag(run_id)}"
    names = sorted(
        (e.name for e in vault.list_entities() if e.name.startswith("plan_")),
        key=lambda name: (tag not in name, name),  # likely candidates first
    )
    for name in names:
        if _run_of(vault, name) == wanted:
            return name
    return None


def _run_of(vault: Vault, name: str) -> str | None:
    try:
        return notes.parse_facts(vault.read(name)).get("run_id")
    except (EntityNotFound, InvalidEntityName):
        return None


def _name_for_run(vault: Vault, base: str, run_id: str) -> str:
    """The entity name for this run: its existing entity, ``base``, or a disambiguated one."""
    if not vault.exists(base):
        return find_by_run(vault, run_id) or base
    if _run_of(vault, base) == run_id:
        return base
    existing = find_by_run(vault, run_id)
    if existing:
        return existing
    digest = hashlib.sha256(run_id.encode()).hexdigest()[:8]
    candidate, counter = f"{base}_{digest}", 1
    while vault.exists(candidate) and _run_of(vault, candidate) != run_id:
        counter += 1
        candidate = f"{base}_{digest}{counter}"
    return candidate
