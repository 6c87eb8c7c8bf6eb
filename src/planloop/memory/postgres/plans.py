"""Plan entities in PostgreSQL: ``plan_<slug>_<run>``, one per run, linked from user.md.

The same names and content as the folder's (the shared rules: :mod:`..plan_entity`). Saves
take one transaction-scoped advisory lock, so replicas finishing — or retrying — the same
run at the same moment cannot both create an entity: the second finds the first's by its
``run_id``.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

from planloop.memory import notes, plan_entity
from planloop.memory.names import is_entity_name
from planloop.memory.postgres.rows import (
    Conn,
    derive,
    edit_user,
    find_by_run,
    insert,
    replace,
    storable,
)

log = logging.getLogger(__name__)

PLAN_LOCK = 7_311_205_002  # pg_advisory_xact_lock key for plan saves


def save_plan(
    conn: Conn,
    space: str,
    *,
    run_id: str,
    goal: str,
    plan: str,
    facts: Mapping[str, str],
    links: Sequence[str] = (),
) -> str:
    """See :meth:`planloop.memory.folder.vault.Vault.save_plan`, in ``space``; ``conn`` is in
    a transaction."""
    base = plan_entity.base_name(run_id, goal, links)
    conn.execute("SELECT pg_advisory_xact_lock(%s)", (PLAN_LOCK,))
    name = find_by_run(conn, space, run_id) or plan_entity.free_name(
        base, run_id, lambda candidate: not _taken(conn, space, candidate)
    )
    wanted = [n for n in dict.fromkeys(links) if n != name and is_entity_name(n)]
    found = conn.execute(
        "SELECT name FROM memory_entities WHERE space = %s AND name = ANY(%s)", (space, wanted)
    ).fetchall()
    present = {r[0] for r in found}
    linked = [n for n in wanted if n in present]
    row = derive(name, storable(plan_entity.content(run_id, goal, plan, facts, linked)))
    current = conn.execute(
        "SELECT text, version, written, folder FROM memory_entities"
        " WHERE space = %s AND name = %s FOR UPDATE",
        (space, name),
    ).fetchone()
    if current is None:
        insert(conn, space, row, written=True)
    elif current[0] != row.text:
        if current[1] != current[2]:
            # A person changed the note since planloop wrote it: theirs is kept.
            log.warning(
                "kept the plan note of run %s as it is: edited since planloop wrote it", run_id
            )
        else:
            row = derive(name, row.text, current[3])
            replace(conn, space, row, written=True, base_version=None)
    edit_user(conn, space, lambda text: notes.add_entity_link(text, name))
    return name


def _taken(conn: Conn, space: str, name: str) -> bool:
    found = conn.execute(
        "SELECT 1 FROM memory_entities WHERE space = %s AND name = %s", (space, name)
    )
    return found.fetchone() is not None
